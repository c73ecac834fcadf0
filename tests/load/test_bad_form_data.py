"""Mistakes in the forms' data: one line naming file, row and column, what was found and what was
expected; exit status 1; nothing written. Each goes through the build entry point."""

from __future__ import annotations

import pytest

from jixiao.paths import CONTENT
from report_edits import TWO_PROJECTS, as_workbook, build_error, copy_report, replace_in

INDICATORS = CONTENT / "2024" / "data" / "绩效指标.csv"


def row_of(text: str) -> int:
    """The line of the example's 绩效指标.csv that holds ``text``."""
    lines = INDICATORS.read_text(encoding="utf-8").splitlines()
    [number] = [n for n, line in enumerate(lines, start=1) if text in line]
    return number


def at(text: str, col: int | None = None) -> str:
    """How a message names the cell of that line (or the line) of 绩效指标.csv."""
    return f"data/绩效指标.csv:{row_of(text)}" + (f":{col}: " if col else ": ")


@pytest.fixture
def projects_copy(tmp_path):
    return copy_report(TWO_PROJECTS, tmp_path / "src" / "content", "report")


def test_non_numeric_project_amount(projects_copy, tmp_path, capsys):
    replace_in(projects_copy / "data" / "项目资金.csv", "当年财政拨款,300,320,304.5",
               "当年财政拨款,300,320,三百零四")
    line = build_error(projects_copy, tmp_path / "build", capsys)
    assert line.endswith("data/项目资金.csv:2:5: 全年执行数 '三百零四'; "
                         "expected a number (blank when there is none)")


def test_non_numeric_indicator_value(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", "≥,100%,100%", "≥,100%,全部完工")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert at('计划进度（完工进度）', 6) + "实际完成值 '全部完工'; expected a number in % " in line
    assert "(or 指标性质 定性)" in line


def test_unknown_first_level_indicator(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", "满意度指标,服务对象", "满意指标,服务对象")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert at('满意度指标,', 1) + "一级指标 '满意指标'; expected one of 产出指标 效益指标 " in line
    assert "(report.yaml scoring)" in line


def test_unknown_second_level_indicator(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", ",生态效益指标,", ",环境效益指标,")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert (at(',生态效益指标,', 2) + "二级指标 '环境效益指标' under 效益指标; expected one of "
            "经济效益指标 社会效益指标 生态效益指标 可持续影响指标") in line


def test_second_level_indicators_are_a_setting(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", ",生态效益指标,", ",环境效益指标,")
    levels = """
  indicators:
    产出指标: [数量指标, 质量指标, 时效指标]
    效益指标: [经济效益指标, 社会效益指标, 环境效益指标, 可持续影响指标]
    满意度指标: [服务对象满意度指标]
    成本指标: [经济成本指标, 社会成本指标, 生态环境成本指标]"""
    replace_in(report_copy / "report.yaml", "  score_places: 2", levels.strip("\n")
               + "\n  score_places: 2")
    from jixiao.cli import run_build

    assert run_build(str(report_copy), out_root=tmp_path / "build") == 0
    capsys.readouterr()


def test_child_row_whose_parent_is_missing(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "经费控制.csv", "公车购置,公务用车购置和维护经费",
               "公车购置,公务用车经费")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith("data/经费控制.csv:6:2: 上级项目 '公务用车经费' names no row; "
                         "expected the 项目 of a row of 经费控制")


def test_parent_rows_in_a_loop(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "经费控制.csv", "“三公”经费,,,,,",
               "“三公”经费,公车购置,,,,")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "data/经费控制.csv:4:2: 上级项目 '公车购置' in a loop" in line


def test_project_rows_naming_no_project(projects_copy, tmp_path, capsys):
    replace_in(projects_copy / "data" / "项目资金.csv", "农村人居环境整治项目,其他资金",
               "农村环境整治项目,其他资金")
    line = build_error(projects_copy, tmp_path / "build", capsys)
    assert line.endswith("data/项目资金.csv:5:1: 项目名称 '农村环境整治项目' names no row; "
                         "expected the 项目名称 of a row of 项目")


def test_duplicate_indicator(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", ",,入库指标,", ",,收入指标,")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith(at(',,入库指标,') + "a second row 效益指标/经济效益指标/收入指标; "
                         f"expected each row once (first at row {row_of(',收入指标,')})")


def test_duplicate_project(projects_copy, tmp_path, capsys):
    path = projects_copy / "data" / "项目.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "高标准农田建设项目,汨罗市农业农村局,汨罗市农业农村事务中心\n",
                    encoding="utf-8")
    line = build_error(projects_copy, tmp_path / "build", capsys)
    assert line.endswith("data/项目.csv:4: a second row 高标准农田建设项目; "
                         "expected each row once (first at row 2)")


def test_negative_indicator_weight(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", "服务对象满意,满意,,10,10",
               "服务对象满意,满意,,-10,10")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith(at('服务对象满意,', 8) + "分值 '-10'; expected a number ≥ 0")


def test_negative_score(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", "建设成本下降,基本达成,,5,4",
               "建设成本下降,基本达成,,5,－4")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith(at('建设成本下降', 9) + "得分 '－4'; expected a number ≥ 0")


def test_negative_weight_in_report_yaml(report_copy, tmp_path, capsys):
    replace_in(report_copy / "report.yaml", "满意度指标: 10,", "满意度指标: -10,")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:" in line and "weight 满意度指标: -10; expected a number ≥ 0" in line


def test_qualitative_indicator_without_score_is_a_finding_not_a_load_error(report_copy):
    from jixiao.checks.runner import check_report

    replace_in(report_copy / "data" / "绩效指标.csv", "服务对象满意,满意,,10,10",
               "服务对象满意,满意,,10,")
    found = [str(f) for f in check_report(report_copy) if f.severity == "error"]
    assert len(found) == 1
    assert found[0].endswith(at('服务对象满意,', 9) + "error SCORE 附件2 满意度 is 定性 "
                             "but has no 得分; expected the evaluator's score within 0…10")


def test_unknown_nature(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", "（完工进度）,≥", "（完工进度）,≧")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert at('（完工进度）', 4) + "指标性质 '≧'; expected one of ≥ >= ＞ > ≤" in line


def test_quote_naming_no_figure(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "年度目标.csv", "税收{{ 成效.净入库税收 }}",
               "税收{{ 成效.入库税收 }}")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith("data/年度目标.csv:5:2: {{ 成效.入库税收 }} names no figure; "
                         "expected a 名称 of a figure list 成效.csv")


def test_workbook_missing_a_sheet(report_copy, tmp_path, capsys):
    as_workbook(report_copy, leave_out="绩效指标")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith("data/数据.xlsx: no sheet 绩效指标 in the workbook; expected a table "
                         "绩效指标 with columns 一级指标,二级指标,三级指标,指标性质,年度指标值,"
                         "实际完成值,计量单位,分值,得分,定性档次,偏差原因分析及改进措施")


def test_workbook_cell_named_by_sheet_row_and_column(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "预算.csv", "一般公共预算,3051.24", "一般公共预算,三千")
    as_workbook(report_copy)
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith("data/数据.xlsx[预算]:3:3: 年初预算数 '三千'; "
                         "expected a number (blank when there is none)")


def test_second_row_of_staffing(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "人员.csv", "86,85", "86,85\n86,84")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith("data/人员.csv:3: 2 rows of figures; expected one row under the header")


def test_project_goal_without_project(projects_copy, tmp_path, capsys):
    path = projects_copy / "data" / "项目目标.csv"
    replace_in(path, "\n高标准农田建设项目,", "\n,")
    line = build_error(projects_copy, tmp_path / "build", capsys)
    assert line.endswith("data/项目目标.csv:2:1: 项目名称 blank; "
                         "expected the 项目名称 of a row of 项目")


def test_indicator_without_third_level_name(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", ",质量指标,高质量发展,", ",质量指标,,")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith(at(',质量指标,高质量发展,', 3) + "三级指标 blank; "
                         "expected 三级指标 in every row: it names the row")


def test_missing_column_named_at_the_header_line(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "绩效指标.csv", ",分值,得分,", ",分数,得分,")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert (at("一级指标,二级指标,三级指标") + "no column 分值; expected columns 一级指标,") in line


def test_old_excel_workbook(report_copy, tmp_path, capsys):
    for path in (report_copy / "data").glob("*.csv"):
        path.unlink()
    (report_copy / "data" / "数据.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert line.endswith("data/数据.xls: an Excel 97–2003 workbook (.xls); expected an .xlsx "
                         "workbook (save it again as .xlsx) or CSV files")


def test_national_scheme_through_the_settings(report_copy):
    """财预〔2020〕10号: 产出 50 with 成本指标 under it, no 成本指标 of its own."""
    replace_in(report_copy / "report.yaml",
               "产出指标: 30, 效益指标: 30, 满意度指标: 10, 成本指标: 20,",
               "产出指标: 50, 效益指标: 30, 满意度指标: 10,")
    replace_in(report_copy / "report.yaml", "  score_places: 2", "  score_places: 2\n"
               "  indicators: {产出指标: [数量指标, 质量指标, 时效指标, 成本指标], 效益指标: "
               "[经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标], "
               "满意度指标: [服务对象满意度指标]}")
    path = report_copy / "data" / "绩效指标.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("成本指标,经济成本指标,", "产出指标,成本指标,")
    path.write_text(text.replace(",社会成本指标,", ",成本指标,").replace(
        ",生态环境成本指标,", ",成本指标,"), encoding="utf-8")
    from jixiao.checks.runner import check_report
    from jixiao.render.inputs import load_inputs

    inputs = load_inputs(report_copy)
    assert "成本指标" not in inputs.report.scoring.weights  # the given weights, not the defaults'
    assert [(g.name, g.weight) for g in inputs.derived.evaluation.groups] == [
        ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert "WEIGHTS" not in {f.code for f in check_report(report_copy)}  # they add up to 100


def test_bad_band_setting(report_copy, tmp_path, capsys):
    replace_in(report_copy / "report.yaml", "  score_places: 2",
               "  bands: {达成预期指标: [0.8, 1.0], 部分达成: 0.6}\n  score_places: 2")
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:" in line
    assert "band 部分达成: 0.6; expected [low, high], shares of 分值 with 0 ≤ low ≤ high" in line
