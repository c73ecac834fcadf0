"""A user's mistake gets one line naming the place, a non-zero exit, and nothing written."""

from __future__ import annotations

import pytest

from jixiao.cli import run_build
from jixiao.paths import CONTENT
from report_edits import build_error, replace_in, tree_digest


def test_placeholder_naming_missing_data(report_copy, tmp_path, capsys):
    section = report_copy / "整体" / "02-一般公共预算支出情况.md"
    replace_in(section, "{{ 基本支出.合计 | amount }}", "{{ 基本支出.总计 | amount }}")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "02-一般公共预算支出情况.md:3:" in line
    assert "基本支出.总计" in line and "expected one of" in line and "合计" in line


def test_malformed_report_yaml(report_copy, tmp_path, capsys):
    replace_in(report_copy / "report.yaml", "year: 2024", "year: [2024")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:" in line and "malformed YAML" in line


def test_missing_data_file(report_copy, tmp_path, capsys):
    (report_copy / "data" / "预算.csv").unlink()
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "data/预算.csv: missing data file" in line
    assert "年初预算数" in line


def test_non_numeric_amount(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "预算.csv", "一般公共预算,3051.24", "一般公共预算,三千")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "data/预算.csv:3:3: 年初预算数 '三千'; expected a number" in line


def test_missing_section_file(report_copy, tmp_path, capsys):
    (report_copy / "整体" / "07-存在的问题及原因分析.md").unlink()
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "07-存在的问题及原因分析.md: missing section file for 「存在的问题及原因分析」" in line


def test_failed_build_keeps_earlier_outputs(report_copy, tmp_path, capsys):
    out = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out) == 0
    before = tree_digest(out)
    replace_in(report_copy / "data" / "人员.csv", "86,85", "86,八十五")
    assert run_build(str(report_copy), out_root=out) == 1
    assert tree_digest(out) == before
    capsys.readouterr()


def test_build_never_writes_under_content(tmp_path):
    before = tree_digest(CONTENT)
    assert run_build(str(CONTENT / "2024"), out_root=tmp_path / "build") == 0
    assert tree_digest(CONTENT) == before


@pytest.mark.parametrize("text", ["1,234.5", "１２３４.５", "1 234.5"])
def test_amounts_as_staff_type_them(text):
    from jixiao.numbers import parse_number

    assert parse_number(text) == 1234.5
