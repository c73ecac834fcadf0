"""The documents the layout tests measure: the example's and the long-indicator fixture's, each
as our PDF and as LibreOffice's rendering of our DOCX (standing in for Word and WPS)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.build.report import build_report
from jixiao.commands.preview import docx_font_aliases
from jixiao.convert.libreoffice import libreoffice_pdfs
from jixiao.convert.styles import load_styles
from jixiao.paths import ROOT

LONG = ROOT / "tests" / "fixtures" / "long-indicators"


@dataclass(frozen=True)
class Pair:
    """One document: the DOCX, our PDF of it, and LibreOffice's PDF of the DOCX."""

    name: str
    docx: Path
    ours: Path
    office: Path

    def __str__(self) -> str:
        return self.name


def _pairs(name: str, outputs: list[Path], folder: Path, profile: Path) -> list[Pair]:
    docx = sorted(p for p in outputs if p.suffix == ".docx")
    office = libreoffice_pdfs(docx, folder, profile, docx_font_aliases(load_styles()))
    return [Pair(f"{name}/{'整体' if '整体' in d.name else '项目'}", d, d.with_suffix(".pdf"), o)
            for d, o in zip(docx, office, strict=True)]


@pytest.fixture(scope="session")
def documents(example_build, tmp_path_factory) -> list[Pair]:
    """Every document measured: the example's two and the long fixture's two."""
    profile = tmp_path_factory.mktemp("layout-soffice")
    long = build_report(LONG, tmp_path_factory.mktemp("long") / "long", progress=lambda _: None)
    return (_pairs("2024", list(example_build.values()), tmp_path_factory.mktemp("office"),
                   profile)
            + _pairs("long", list(long.outputs), tmp_path_factory.mktemp("office-long"),
                     profile))


def pytest_generate_tests(metafunc):
    """Tests taking ``document`` run once per measured document (see ``documents``)."""
    if "document" in metafunc.fixturenames:
        metafunc.parametrize("document", ["2024/整体", "2024/项目", "long/整体", "long/项目"],
                             indirect=True)


@pytest.fixture
def document(request, documents) -> Pair:
    return next(d for d in documents if d.name == request.param)
