"""The documents the layout tests measure: the example's, the long-indicator fixture's and the
long-group fixture's, each as our PDF and as LibreOffice's rendering of our DOCX (standing in
for Word and WPS), with the forms it attaches as the render stage builds them, whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.build.report import build_report
from jixiao.commands.preview import docx_font_aliases
from jixiao.convert.libreoffice import libreoffice_pdfs
from jixiao.convert.styles import load_styles
from jixiao.paths import ROOT
from jixiao.render.forms import Form, build_forms
from jixiao.render.inputs import load_inputs

EXAMPLE = ROOT / "content" / "2024"
LONG = ROOT / "tests" / "fixtures" / "long-indicators"
GROUPS = ROOT / "tests" / "fixtures" / "long-groups"
NATIONAL = ROOT / "content" / "某县农业农村局" / "2024"  # the national template's forms
SICHUAN = ROOT / "content" / "某市文化广电旅游局" / "2024"  # Sichuan's
DOCUMENTS = ["2024/整体", "2024/项目", "long/整体", "long/项目", "groups/整体"]
FORM_DOCUMENTS = [*DOCUMENTS, "national/项目", "sichuan/项目"]  # the forms of every template


@dataclass(frozen=True)
class Pair:
    """One document: the DOCX, our PDF of it, and LibreOffice's PDF of the DOCX."""

    name: str
    docx: Path
    ours: Path
    office: Path
    forms: tuple[Form, ...]  # the forms it attaches, each table whole (not cut into pages)

    def __str__(self) -> str:
        return self.name


def _forms(folder: Path, key: str) -> tuple[Form, ...]:
    loaded = load_inputs(folder)
    projects = [project.name for project in loaded.derived.projects]
    attachments = loaded.report.outline[key].for_report(loaded.report, projects).attachments
    return tuple(build_forms(loaded.report, loaded.derived, attachments))


def _pairs(name: str, source: Path, outputs: list[Path], folder: Path,
           profile: Path) -> list[Pair]:
    docx = sorted(p for p in outputs if p.suffix == ".docx")
    office = libreoffice_pdfs(docx, folder, profile, docx_font_aliases(load_styles()))
    pairs = []
    for d, o in zip(docx, office, strict=True):
        key = "整体" if "整体" in d.name else "项目"
        pairs.append(Pair(f"{name}/{key}", d, d.with_suffix(".pdf"), o, _forms(source, key)))
    return pairs


@pytest.fixture(scope="session")
def documents(example_build, tmp_path_factory) -> list[Pair]:
    """Every document measured: the example's two, the long fixture's two, the long-group
    fixture's one; for the forms, those of the national and the Sichuan template too."""
    profile = tmp_path_factory.mktemp("layout-soffice")
    pairs = _pairs("2024", EXAMPLE, list(example_build.values()),
                   tmp_path_factory.mktemp("office"), profile)
    for name, folder in (("long", LONG), ("groups", GROUPS), ("national", NATIONAL),
                         ("sichuan", SICHUAN)):
        built = build_report(folder, tmp_path_factory.mktemp(name) / name,
                             progress=lambda _: None)
        pairs += _pairs(name, folder, list(built.outputs),
                        tmp_path_factory.mktemp(f"office-{name}"), profile)
    return pairs


def pytest_generate_tests(metafunc):
    """Tests taking ``document`` run once per measured document (see ``documents``); tests
    taking ``form_document``, once per document of every template's forms."""
    if "document" in metafunc.fixturenames:
        metafunc.parametrize("document", DOCUMENTS, indirect=True)
    if "form_document" in metafunc.fixturenames:
        metafunc.parametrize("form_document", FORM_DOCUMENTS, indirect=True)


@pytest.fixture
def document(request, documents) -> Pair:
    return next(d for d in documents if d.name == request.param)


@pytest.fixture
def form_document(request, documents) -> Pair:
    return next(d for d in documents if d.name == request.param)
