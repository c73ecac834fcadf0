"""The build stamp and the reference.docx cache key change with what shapes an output: the
pandoc and typst versions, and the code."""

from __future__ import annotations

import shutil

import pytest

from jixiao.build import stamp
from jixiao.build.report import output_folder
from jixiao.cli import run_build
from jixiao.convert.styles import load_styles
from jixiao.load.search_path import search_path


@pytest.fixture
def fresh_keys():
    stamp.tool_key.cache_clear()
    yield
    stamp.tool_key.cache_clear()


def test_the_versions_are_those_of_the_tools_that_run():
    versions = stamp.tool_versions()
    assert versions.startswith("pandoc 3.") and "; typst 0.15" in versions


@pytest.mark.parametrize("versions", ["pandoc 3.9.1; typst 0.15.0", "pandoc 3.9; typst 0.16.0"])
def test_a_new_tool_version_changes_both_keys(monkeypatch, fresh_keys, versions):
    spec = load_styles()
    before = stamp.tool_key(), stamp.reference_key(spec)
    stamp.tool_key.cache_clear()
    monkeypatch.setattr(stamp, "tool_versions", lambda: versions)
    after = stamp.tool_key(), stamp.reference_key(spec)
    assert after[0] != before[0] and after[1] != before[1]


def test_convert_code_changes_the_reference_key(tmp_path, monkeypatch):
    spec = load_styles()
    before = stamp.reference_key(spec)
    code = shutil.copytree(stamp.CONVERT_CODE, tmp_path / "convert")
    styles = code / "styles.py"
    styles.write_text(styles.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(stamp, "CONVERT_CODE", code)
    assert stamp.reference_key(spec) != before


def test_a_report_built_with_another_pandoc_is_rebuilt(report_copy, tmp_path, monkeypatch,
                                                       fresh_keys, capsys):
    out_root = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out_root) == 0
    out = output_folder(report_copy, out_root)
    search = search_path(report_copy, report_copy.parent)
    assert stamp.is_current(report_copy, out, search, draft=False)
    stamp.tool_key.cache_clear()
    monkeypatch.setattr(stamp, "tool_versions", lambda: "pandoc 4.0; typst 0.15.0")
    assert not stamp.is_current(report_copy, out, search, draft=False)
