"""``jixiao export``: the computed forms as a workbook, read back as a budget system would."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLE, FIXTURES
from jixiao.cli import main
from jixiao.numbers import round_half_up


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "forms.xlsx"
    assert main(["export", "--report", str(EXAMPLE), "--to", str(path)]) == 0
    return load_workbook(path)


def find(ws, text):
    """The cell whose text is ``text``."""
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def merged_range(ws, cell):
    return next(r for r in ws.merged_cells.ranges if cell.coordinate in r)


def test_one_sheet_per_form_with_its_label_and_title(forms):
    assert forms.sheetnames == [f"附件{n}" for n in range(1, 7)]
    ws = forms["附件2"]
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "2024年度部门整体支出绩效自评表"
    assert "草稿" not in [c.value for row in ws.iter_rows() for c in row]


def test_amounts_are_numbers_with_two_decimals_and_rates_percentages(forms, example_derived):
    ws = forms["附件2"]
    total = find(ws, "年度资金总额")
    row = [ws.cell(total.row, total.column + offset) for offset in range(1, 7)]
    budget = example_derived.budget.total
    assert [c.value for c in row[:3]] == [budget.values[k]
                                           for k in ("年初预算数", "全年预算数", "全年执行数")]
    assert all(c.number_format == "0.00" for c in row[:3])
    rate = row[4]
    assert rate.number_format == "0.00%"
    assert rate.value == round_half_up(budget.rate, 4)  # 85.79% as the form prints it
    assert row[5].value == example_derived.evaluation.execution_score


def test_merged_cells_as_the_form_has_them(forms, example_derived):
    ws = forms["附件2"]
    output = find(ws, "产出指标\n（30分）")
    span = merged_range(ws, output)
    assert span.min_col == span.max_col == output.column
    assert span.max_row - span.min_row + 1 >= 6  # 数量, 质量, 时效 with the form's blank rows
    title = merged_range(ws, ws["A2"])
    assert title.min_col == 1 and title.max_col == ws.max_column
    total = find(ws, "总分")
    assert merged_range(ws, total).max_col - merged_range(ws, total).min_col == 5
    score = ws.cell(total.row, merged_range(ws, total).max_col + 2)
    assert score.value == example_derived.evaluation.total


def test_a_report_with_check_errors_is_refused_unless_draft(tmp_path, capsys):
    target = tmp_path / "seed.xlsx"
    seed = FIXTURES / "seed-as-filed"
    assert main(["--lang", "en", "export", "--report", str(seed), "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "15 check error(s)" in err and "--draft" in err
    assert not target.exists()
    assert main(["export", "--report", str(seed), "--to", str(target), "--draft"]) == 0
    book = load_workbook(target)
    for ws in book.worksheets:
        assert "草稿" in [c.value for row in ws.iter_rows(max_row=1) for c in row], ws.title
        assert ws.oddHeader.center.text == "草稿"


def test_a_form_per_project_is_a_sheet_of_its_own(tmp_path):
    two = tmp_path / "two.xlsx"
    assert main(["export", "--report", str(FIXTURES / "two-projects"), "--to", str(two)]) == 0
    book = load_workbook(two)
    assert book.sheetnames == ["附件1", "附件2", "附件3-1", "附件3-2", "附件4", "附件5", "附件6"]
    names = [book[sheet]["B3"].value for sheet in ("附件3-1", "附件3-2")]
    assert all(names) and names[0] != names[1]  # 项目支出名称, one project each
    alone = tmp_path / "alone.xlsx"
    assert main(["export", "--report", str(FIXTURES / "project-only"), "--to", str(alone)]) == 0
    assert load_workbook(alone).sheetnames == ["附件1", "附件2"]  # numbered as the report has them
