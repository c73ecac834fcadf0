"""Last year's figures come from last year's report beside this one, never retyped."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from jixiao.cli import run_build
from jixiao.paths import CONTENT

CONTROLS = "data/经费控制.csv"


@pytest.fixture
def two_years(tmp_path):
    """content/2024 and content/2025 (made with new-year, filled with example figures)."""
    content = tmp_path / "content"
    for name in ("2024", "2025", "blocks"):
        shutil.copytree(CONTENT / name, content / name)
    return content


def blank_last_year_column(report) -> None:
    """Empty 上年决算数 in every row, as a writer who leaves it to last year's report would."""
    path = report / CONTROLS
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        cells = line.split(",")
        if not line.startswith("#") and cells[0] != "项目":
            cells[3] = ""
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def docx_text(folder, kind="整体") -> str:
    path = next(folder.glob(f"*{kind}支出绩效自评报告.docx"))
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_last_years_actuals_reach_prose_and_forms(two_years, tmp_path, capsys):
    blank_last_year_column(two_years / "2025")
    out = tmp_path / "build"
    assert run_build(str(two_years / "2025"), out_root=out) == 0
    text = docx_text(out / "2025")
    # 三公经费 上年决算数 = 2024's 出国经费 7.76 + 公务接待 5.57, with the column left blank
    assert "“三公”经费决算11.05万元，上年决算13.33万元，同比下降17.10%。" in text
    # 同比 of 基本支出: 2552.62 against 2024's 2617.69
    assert "基本支出较上年2617.69万元同比下降2.49%，其中公用经费同比下降5.90%。" in text
    # {{ 上年.成效.… }}: 2024's entered figures
    assert "完成比例由85.7%提高至92.3%，履行比例由94.6%提高至97.1%" in text


def test_without_last_years_report_the_columns_stay_as_entered(two_years):
    from jixiao.build.report import render_report

    shutil.rmtree(two_years / "2024")
    path = two_years / "2025" / CONTROLS
    path.write_text(path.read_text(encoding="utf-8").replace(
        "公务接待,“三公”经费,,5.57,", "公务接待,“三公”经费,,6,"), encoding="utf-8")
    (two_years / "2025" / "整体" / "02-一般公共预算支出情况.md").write_text("基本支出。\n")
    (two_years / "2025" / "整体" / "06-部门整体支出绩效情况.md").write_text(
        "三公经费上年决算{{ 三公经费.上年决算数 | amount }}万元。\n")
    _, documents = render_report(two_years / "2025")
    assert "三公经费上年决算13.76万元。" in documents[0].markdown  # 7.76 + 6 as entered


def test_a_placeholder_under_last_year_names_the_missing_report(two_years, capsys):
    shutil.rmtree(two_years / "2024")
    assert run_build(str(two_years / "2025"), out_root=two_years.parent / "build") == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"error: {two_years}/2025/整体/02-一般公共预算支出情况.md:5: placeholder "
                   "上年.基本支出 names data that does not exist; expected last year's report in "
                   f"{two_years}/2024/report.yaml")


def test_a_retyped_figure_that_differs_names_both_cells(two_years, capsys):
    path = two_years / "2025" / CONTROLS
    path.write_text(path.read_text(encoding="utf-8").replace(
        "公务接待,“三公”经费,,5.57,", "公务接待,“三公”经费,,5.75,"), encoding="utf-8")
    assert run_build(str(two_years / "2025"), out_root=two_years.parent / "build") == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"error: {path}:9:4: 上年决算数 5.75, but last year's 本年决算数 is 5.57 "
                   f"({two_years}/2024/{CONTROLS}:9:6); expected the same figure, or a blank "
                   "cell to take last year's")
