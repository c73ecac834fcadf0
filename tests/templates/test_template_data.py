"""Data tables follow the template: a sichuan report's tables are headed as its form heads them,
a column the template does not know is one line naming those it knows, and a form filed with
blanks checks with findings and builds as a draft."""

from __future__ import annotations

from conftest import CONTENT
from jixiao.checks import check_report
from jixiao.cli import run_build
from report_edits import build_error, copy_report, replace_in

SICHUAN = CONTENT / "某市文化广电旅游局" / "2024"
FUNDS_HEADER = "项目名称,资金来源,年初预算,调整后预算数,预算执行数,原因"


def test_a_column_the_template_does_not_know_names_the_columns_it_knows(tmp_path, capsys):
    report = copy_report(SICHUAN, tmp_path / "content")
    replace_in(report / "data" / "项目资金.csv", FUNDS_HEADER,
               "项目名称,资金来源,年初预算,全年预算数,预算执行数,原因")
    error = build_error(report, tmp_path / "build", capsys)
    assert "项目资金.csv:2: a column 全年预算数 the template does not know" in error
    assert f"expected the columns {FUNDS_HEADER}" in error


def test_a_fund_line_the_template_does_not_have_is_one_line(tmp_path, capsys):
    report = copy_report(SICHUAN, tmp_path / "content")
    replace_in(report / "data" / "项目资金.csv", "公共文化服务提升工程,单位资金",
               "公共文化服务提升工程,上年结转资金")
    error = build_error(report, tmp_path / "build", capsys)
    assert "项目资金.csv:4" in error and "资金来源 '上年结转资金'" in error
    assert "总额 财政资金 财政专户管理资金 单位资金 其他资金" in error


def test_a_sichuan_form_filed_with_a_blank_completion_value(tmp_path):
    report = copy_report(SICHUAN, tmp_path / "content")
    replace_in(report / "data" / "项目指标.csv", ",≥,120,场,126,15,,", ",≥,120,场,,15,,")
    findings = check_report(report)
    actual = [f for f in findings if f.code == "ACTUAL"]
    assert len(actual) == 1 and actual[0].severity == "error"
    assert actual[0].path.endswith("项目指标.csv") and (actual[0].line, actual[0].col) == (2, 8)
    assert actual[0].message.endswith("送戏下乡演出场次 has no 完成值")  # the file's own column
    assert run_build(str(report), out_root=tmp_path / "build") == 1
    assert run_build(str(report), draft=True, out_root=tmp_path / "build") == 0
    assert len(list((tmp_path / "build").rglob("*项目支出绩效自评报告.pdf"))) == 1


def test_findings_name_the_columns_as_a_sichuan_report_heads_them(tmp_path):
    """A finding about a cell names its column as the writer's file heads it (项目年度目标 for
    jixiao's 预期目标, 指标值 for 年度指标值, 权重 for 分值, 预算执行数 for 全年执行数 …) and
    the total fund line as the form has it (总额), never jixiao's own names."""
    report = copy_report(SICHUAN, tmp_path / "content")
    data = report / "data"
    replace_in(data / "项目目标.csv", "送戏下乡演出120场，免费开放场馆12个，惠及群众30万人次", "")
    replace_in(data / "项目指标.csv", ",≥,120,场,126,15,,", ",≥,,场,126,,,")
    replace_in(data / "项目资金.csv", "公共文化服务提升工程,财政资金,",  # a total typed
               "公共文化服务提升工程,总额,320,340,400,\n公共文化服务提升工程,财政资金,")
    replace_in(data / "项目资金.csv", "单位资金,20,20,18,", "单位资金,20,20,60,")  # above 100%
    messages = [f"{f.code} {f.message}" for f in check_report(report)]
    form, project = "附件1「公共文化服务提升工程」", "项目「公共文化服务提升工程」"
    for said in (f"GOAL {form} 年度总体目标 without 项目年度目标",
                 f"TARGET {form} 送戏下乡演出场次 has no 指标值",
                 f"WEIGHT {form} 送戏下乡演出场次 has no 权重; expected its weight",
                 f"SUM {project} 总额 预算执行数 is 400.00 but its 资金来源 lines add up to "
                 "370.00 (财政资金 310.00 + 单位资金 60.00)",
                 f"EXECUTION {project} 总额 执行率 is 108.82%, above 100%: 预算执行数 exceeds "
                 "调整后预算数; expected the budget adjusted, or the reason in the report"):
        assert said in messages, messages
    jixiaos = ("预期目标", "年度指标值", "分值", "实际完成值", "全年执行数", "年度资金总额")
    assert not any(name in message for message in messages for name in jixiaos), messages


def test_new_year_blanks_a_sichuan_report_by_its_own_headers(tmp_path):
    from jixiao.commands.new_year import new_year

    report = copy_report(SICHUAN, tmp_path / "content")
    new_year(report)
    funds = (report.parent / "2025" / "data" / "项目资金.csv").read_text(encoding="utf-8")
    assert FUNDS_HEADER in funds and "公共文化服务提升工程,财政资金,,,,\n" in funds
    indicators = (report.parent / "2025" / "data" / "项目指标.csv").read_text(encoding="utf-8")
    assert "公共文化服务提升工程,产出指标,数量指标,送戏下乡演出场次,≥,,场,,15,,\n" in indicators


def test_a_bad_cell_is_named_by_the_templates_header(tmp_path, capsys):
    report = copy_report(SICHUAN, tmp_path / "content")
    replace_in(report / "data" / "项目指标.csv", ",≥,120,场,126,15,,", ",≥,120,场,126,十五,,")
    error = build_error(report, tmp_path / "build", capsys)
    assert "项目指标.csv:2:9: 权重 '十五'" in error


def test_the_data_workbook_of_a_sichuan_report_reads_back(tmp_path):
    from openpyxl import load_workbook

    from jixiao.commands.workbook import write_workbook

    report = copy_report(SICHUAN, tmp_path / "content")
    write_workbook(report, tmp_path / "数据.xlsx")
    header = [cell.value for cell in load_workbook(tmp_path / "数据.xlsx")["项目资金"][1]]
    assert ",".join(header) == FUNDS_HEADER
    for csv in (report / "data").glob("*.csv"):
        csv.unlink()
    (tmp_path / "数据.xlsx").rename(report / "data" / "数据.xlsx")
    assert check_report(report) == []
