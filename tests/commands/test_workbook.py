"""``jixiao workbook``: the data-entry workbook of a report, and the report built from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, FIXTURES
from jixiao.build.report import build_report
from jixiao.cli import main, run_build
from jixiao.load.schemas import SCHEMAS
from report_edits import copy_report


def as_workbook_report(report: Path, book: Path) -> None:
    """``report`` with its CSV files replaced by the workbook ``book``."""
    data = report / "data"
    shutil.rmtree(data)
    data.mkdir()
    shutil.copy(book, data / "数据.xlsx")


def test_the_workbook_builds_the_same_report_as_the_csv_files(tmp_path, report_copy,
                                                                example_build):
    book = tmp_path / "2024.xlsx"
    assert main(["workbook", "--report", str(EXAMPLE), "--to", str(book)]) == 0
    as_workbook_report(report_copy, book)
    built = build_report(report_copy, tmp_path / "out", progress=lambda _line: None)
    ours = {path.name: path.read_bytes() for path in built.outputs}
    csv = {path.name: path.read_bytes() for path in example_build.values()}
    assert sorted(ours) == sorted(csv) and len(ours) == 4
    assert ours == csv


@pytest.mark.parametrize("fixture", ["two-projects", "project-only"])
def test_the_workbook_of_other_reports_builds_them_the_same(fixture, tmp_path):
    csv_report = copy_report(FIXTURES / fixture, tmp_path / "csv")
    book_report = copy_report(FIXTURES / fixture, tmp_path / "book")
    assert main(["workbook", "--report", str(csv_report), "--to", str(tmp_path / "b.xlsx")]) == 0
    as_workbook_report(book_report, tmp_path / "b.xlsx")
    outputs = []
    for report in (csv_report, book_report):
        built = build_report(report, tmp_path / "out" / report.parent.name,
                             progress=lambda _line: None, draft=True)
        outputs.append({path.name: path.read_bytes() for path in built.outputs})
    assert outputs[0] and outputs[0] == outputs[1]


def test_the_workbook_shows_columns_choices_and_figures(tmp_path):
    book_path = tmp_path / "2024.xlsx"
    assert main(["workbook", "--report", str(EXAMPLE), "--to", str(book_path)]) == 0
    book = load_workbook(book_path)
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert [name for name in visible if name in SCHEMAS] == \
        [name for name in SCHEMAS if name in visible]
    assert {"人员", "经费控制", "基本支出", "预算", "年度目标", "绩效指标", "成效"} <= set(visible)
    indicators = book["绩效指标"]
    header = [cell.value for cell in indicators[1]]
    assert header == [column.name for column in SCHEMAS["绩效指标"].columns]
    assert indicators.freeze_panes == "A2"
    assert "下拉" in indicators["A1"].comment.text
    # every row states its 一级 and 二级, so that the 二级 drop-down knows its 一级
    assert [indicators.cell(row, 1).value for row in (2, 3, 4)] == ["产出指标"] * 3
    rules = {str(v.sqref).split(":")[0]: v.formula1
             for v in indicators.data_validations.dataValidation}
    assert rules["A2"] == "=一级指标"
    assert "INDIRECT" in rules["B2"] and "$A2" in rules["B2"]
    assert "定性" in rules["D2"] and "≥" in rules["D2"]
    # the hidden list behind 二级指标 holds report.yaml's (the hunan template's) 二级 of 产出指标
    lists = book["选项"]
    assert lists.sheet_state == "hidden"
    first = [cell.value for cell in lists[1] if cell.value]
    assert first[:4] == ["产出指标", "数量指标", "质量指标", "时效指标"]
    budget = book["预算"]
    assert budget["C2"].value == 3051.24 and budget["C2"].number_format == "#,##0.00"
    assert indicators["E4"].value == 1 and indicators["E4"].number_format == "0.00%"  # 100%
    people = book["人员"]
    assert (people["A2"].value, people["B2"].value) == (86, 85)
    controls = {str(v.sqref).split(":")[0]: v.formula1
                for v in book["经费控制"].data_validations.dataValidation}
    assert controls["B2"] == "='经费控制'!$A$2:$A$501"  # 上级项目 names a row of 经费控制
    empty = book["楼堂馆所"]
    assert empty.max_row == 1  # the table has no rows: headers only


def test_a_workbook_sheet_with_a_wrong_header_names_sheet_and_cell(tmp_path, report_copy,
                                                                     capsys):
    book_path = tmp_path / "2024.xlsx"
    main(["workbook", "--report", str(report_copy), "--to", str(book_path)])
    book = load_workbook(book_path)
    book["预算"]["E1"] = "执行数"
    book.save(book_path)
    as_workbook_report(report_copy, book_path)
    capsys.readouterr()
    assert run_build(str(report_copy), out_root=tmp_path / "out") == 1
    line = capsys.readouterr().err.strip()
    assert "数据.xlsx[预算]:1: no column 全年执行数; expected columns 分类,项目," in line


def test_a_folder_without_report_is_one_line(tmp_path, capsys):
    assert main(["workbook", "--report", str(tmp_path), "--to", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "report.yaml" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_new_year_moves_a_workbook_report_on_as_it_moves_csv(tmp_path, report_copy):
    from jixiao.cli import run_new_year
    from jixiao.load.sources import read_tables

    book = tmp_path / "2024.xlsx"
    assert main(["workbook", "--report", str(report_copy), "--to", str(book)]) == 0
    csv_copy = report_copy.parent / "csv" / "2024"
    shutil.copytree(report_copy, csv_copy)
    as_workbook_report(report_copy, book)
    assert run_new_year(str(report_copy)) == 0
    assert run_new_year(str(csv_copy)) == 0
    moved = report_copy.parent / "2025" / "data"
    assert [p.name for p in moved.iterdir()] == ["数据.xlsx"]
    ours, theirs = read_tables(moved), read_tables(csv_copy.parent / "2025" / "data")
    assert sorted(ours) == sorted(theirs)
    for name, table in theirs.items():
        filled = SCHEMAS[name].fill_down if name in SCHEMAS else ()
        assert len(ours[name].rows) == len(table.rows)
        for mine, row in zip(ours[name].rows, table.rows, strict=True):
            # the workbook states the 一级/二级 that a blank CSV cell takes from the row above
            assert {c: mine.text(c) for c in table.header if row.text(c) or c not in filled} \
                == {c: row.text(c) for c in table.header if row.text(c) or c not in filled}
    assert not any(r.text("数值") for r in ours["成效"].rows)  # this year's figures, blank
    controls = {r.text("项目"): r for r in ours["经费控制"].rows}
    assert controls["公务接待"].text("上年决算数") == "5.57"  # 2024's 本年决算数
    assert controls["公务接待"].text("本年决算数") == ""
    sheet = load_workbook(moved / "数据.xlsx")["绩效指标"]
    assert sheet.freeze_panes == "A2" and sheet.data_validations.dataValidation
