"""Shared fixtures: the example built once per test session, into a temporary build folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.build.report import build_report
from jixiao.paths import CONTENT, ROOT
from report_edits import copy_report

# The suite's messages are asserted in the language they are written in; tests of the
# Chinese catalogue (tests/messages/) choose their language themselves.
os.environ["JIXIAO_LANG"] = "en"

EXAMPLE = CONTENT / "2024"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> dict[str, Path]:
    """The example's outputs by suffix and document: {"整体.docx": path, ...}."""
    return _build(EXAMPLE, tmp_path_factory.mktemp("build") / "2024")


@pytest.fixture(scope="session")
def two_projects_build(tmp_path_factory) -> dict[str, Path]:
    """The outputs of tests/fixtures/two-projects, a unit with two projects for 附件3."""
    return _build(FIXTURES / "two-projects", tmp_path_factory.mktemp("build") / "two-projects")


def _build(folder: Path, out: Path) -> dict[str, Path]:
    built = build_report(folder, out, progress=lambda _line: None)
    outputs = {}
    for path in built.outputs:
        kind = "整体" if "整体支出" in path.name else "项目"
        outputs[f"{kind}{path.suffix}"] = path
    return outputs


@pytest.fixture
def report_copy(tmp_path) -> Path:
    """A writable copy of the example report, with the shared blocks beside it."""
    return copy_report(EXAMPLE, tmp_path / "content")


@pytest.fixture(scope="session")
def example_derived():
    """The example's derived figures, as the forms print them."""
    from jixiao.derive.report import derive_report
    from jixiao.load.data import load_data
    from jixiao.load.settings import load_report

    report = load_report(EXAMPLE)
    return derive_report(report, load_data(report.data_folder, report.scoring))
