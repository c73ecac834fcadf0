"""Every check rule, firing on a copy of the example with one mistake and silent on the example.

The example (content/2024) is the non-firing case of every rule but SIGN and SECTION warnings,
which it has for reasons a reviewer would share (blank signature names, empty subsections).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from jixiao.checks.findings import ERROR, WARNING
from jixiao.checks.runner import check_report
from jixiao.paths import CONTENT, ROOT


def codes(findings, severity=None) -> set[str]:
    return {f.code for f in findings if severity in (None, f.severity)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def only(findings, code: str):
    found = [f for f in findings if f.code == code]
    assert found, f"no {code} in {[str(f) for f in findings]}"
    return found


@pytest.fixture(scope="module")
def example_findings():
    return check_report(CONTENT / "2024")


def test_example_has_no_errors_and_few_warnings(example_findings):
    assert codes(example_findings, ERROR) == set()
    assert codes(example_findings, WARNING) <= {"SIGN", "SECTION"}
    assert len(example_findings) <= 8


def test_load_error_is_a_finding(report_copy):
    edit(report_copy / "data" / "人员.csv", "86,85", "八十六,85")
    [finding] = check_report(report_copy)
    assert (finding.code, finding.severity, finding.line, finding.col) == ("LOAD", ERROR, 2, 1)
    assert finding.path.endswith("data/人员.csv") and "八十六" in finding.message


def test_prose_not_utf8_is_a_finding(report_copy):
    section(report_copy, "09").write_bytes("无。\n本单位无。\n".encode("gb18030"))
    findings = check_report(report_copy)
    [finding] = [f for f in findings if f.severity == ERROR]
    assert (finding.code, finding.line) == ("PROSE", 1) and "not UTF-8" in finding.message
    assert finding.path.endswith("09-自评结果拟应用和公开情况.md")


def test_sum_parent_typed_differs(report_copy):
    edit(report_copy / "data" / "经费控制.csv", "“三公”经费,,,,,", "“三公”经费,,,31,38,14")
    [finding] = only(check_report(report_copy), "SUM")
    assert (finding.line, finding.col) == (4, 6)
    assert "13.33" in finding.message and "出国经费 7.76" in finding.message


def test_sum_parent_typed_agrees(report_copy):
    edit(report_copy / "data" / "经费控制.csv", "“三公”经费,,,,,", "“三公”经费,,,31,38,13.33")
    assert "SUM" not in codes(check_report(report_copy))


def test_sum_of_which_rows_above_parent(report_copy):
    edit(report_copy / "data" / "经费控制.csv", "办公经费,公用经费,其中,15.02",
         "办公经费,公用经费,其中,215.02")
    [finding] = only(check_report(report_copy), "SUM")
    assert "其中" in finding.message and finding.line == 14


def test_sum_expenditure_lines_against_total(report_copy):
    edit(report_copy / "data" / "预算.csv", "支出性质,基本支出,3051.24",
         "支出性质,基本支出,3050.24")
    [finding] = only(check_report(report_copy), "SUM")
    assert "支出性质" in finding.message and finding.path.endswith("预算.csv")


def test_same_figure_in_two_tables(report_copy):
    edit(report_copy / "data" / "经费控制.csv", "2069.31,1482.74", "2069.31,1482.00")
    [finding] = only(check_report(report_copy), "SAME")
    assert "商品和服务支出" in finding.message


def indicators(report: Path) -> Path:
    return report / "data" / "绩效指标.csv"


def test_weight_items_differ_from_weight(report_copy):
    edit(indicators(report_copy), "环保,定性,绿色园区,达成,,6,6", "环保,定性,绿色园区,达成,,16,6")
    [finding] = only(check_report(report_copy), "WEIGHT")
    assert "效益指标" in finding.message and "40" in finding.message
    lines = indicators(report_copy).read_text(encoding="utf-8").splitlines()
    first_row = 1 + next(n for n, line in enumerate(lines) if line.startswith("效益指标,"))
    assert finding.path.endswith("绩效指标.csv") and finding.line == first_row


def test_weights_not_100(report_copy):
    edit(report_copy / "report.yaml", "产出指标: 30,", "产出指标: 40,")
    findings = check_report(report_copy)
    [finding] = only(findings, "WEIGHTS")
    assert finding.path.endswith("report.yaml") and "110" in finding.message
    assert "WEIGHT" in codes(findings)  # 产出指标's items carry 30, not 40


def test_score_above_weight(report_copy):
    edit(indicators(report_copy), "五好园区达标,达标,,10,10", "五好园区达标,达标,,10,11")
    [finding] = only(check_report(report_copy), "SCORE")
    assert "above its 分值 10" in finding.message and finding.col == 9


def test_score_below_zero_cannot_load(report_copy):
    edit(indicators(report_copy), "五好园区达标,达标,,10,10", "五好园区达标,达标,,10,-1")
    [finding] = check_report(report_copy)
    assert (finding.code, finding.col) == ("LOAD", 9)
    assert "'-1'" in finding.message and "≥ 0" in finding.message


def test_score_within_weight_is_silent(example_findings):
    assert not {"SCORE", "RULE"} & codes(example_findings)


def test_score_rule_quantitative(report_copy):
    edit(indicators(report_copy), "{{ 成效.十亿元以上签约项目 }},个,10,,",
         "{{ 成效.十亿元以上签约项目 }},个,10,7,")
    [finding] = only(check_report(report_copy), "RULE")
    assert "rule gives 10" in finding.message and "target met" in finding.message


def test_score_rule_qualitative_band(report_copy):
    edit(indicators(report_copy), "满意度,定性,服务对象满意,满意,,10,10,,",
         "满意度,定性,服务对象满意,满意,,10,5,达成预期指标,服务仍需改进")
    [finding] = only(check_report(report_copy), "RULE")
    assert "达成预期指标 (8–10)" in finding.message


def stated(report: Path, *rows: str) -> Path:
    path = report / "data" / "填报值.csv"
    path.write_text("项目,数值\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_stated_values_agreeing(report_copy):
    stated(report_copy, "总分,93.88", "等级,优", "执行率,85.79%", "执行率得分,8.58",
           "产出指标得分,30", "三公经费变动,下降57.00%", "人员.控制率,98.84%", "分值合计,100")
    assert codes(check_report(report_copy)) <= {"SIGN", "SECTION"}


def test_stated_values_contradicting(report_copy):
    stated(report_copy, "总分,95.5", "等级,良", "执行率,86.79%", "执行率得分,9",
           "效益指标得分,30", "三公经费变动,下降24.43%", "总收入,5")
    found = {(f.line, f.code) for f in check_report(report_copy) if f.severity == ERROR}
    assert found == {(2, "TOTAL"), (3, "GRADE"), (4, "RATE"), (5, "RULE"), (6, "TOTAL"),
                     (7, "RATE"), (8, "STATED")}


def test_goal_empty(report_copy):
    goals = report_copy / "data" / "年度目标.csv"
    text = goals.read_text(encoding="utf-8")
    goals.write_text("".join(line for line in text.splitlines(keepends=True)
                             if line.startswith(("#", "预期目标"))) + ",\n", encoding="utf-8")
    [finding] = only(check_report(report_copy), "GOAL")
    assert "年度总体目标 is empty" in finding.message


def test_actual_empty(report_copy):
    edit(indicators(report_copy), "收入指标,定性,税收稳定增长,达成,",
         "收入指标,定性,税收稳定增长,,")
    [finding] = only(check_report(report_copy), "ACTUAL")
    assert "收入指标" in finding.message and finding.col == 6


def test_reason_missing_where_points_lost(report_copy):
    edit(indicators(report_copy),
         ",6,5.4,,营商环境仍需优化；下一步推行“部门负责、干部联点”帮扶常态化", ",6,5.4,,")
    [finding] = only(check_report(report_copy), "REASON")
    assert "效益品质 scored 5.4 of 6" in finding.message and finding.col == 11


def test_signature_date_empty_is_an_error(report_copy):
    edit(report_copy / "report.yaml", "填报日期: 2025-09-19", '填报日期: ""')
    findings = [f for f in check_report(report_copy) if f.code == "SIGN"]
    assert {(f.severity, "填报日期" in f.message) for f in findings} >= {(ERROR, True)}


def test_signature_filled_is_silent(report_copy):
    for key in ("填表人", "联系电话", "单位负责人签字"):
        edit(report_copy / "report.yaml", f'{key}: ""', f"{key}: 张三")
    assert "SIGN" not in codes(check_report(report_copy))


def section(report: Path, name: str) -> Path:
    return next((report / "整体").glob(f"{name}-*.md"))


def test_section_missing_and_empty(report_copy):
    section(report_copy, "03").unlink()
    section(report_copy, "10").write_text("", encoding="utf-8")
    messages = [f.message for f in check_report(report_copy) if f.code == "SECTION"
                and f.severity == ERROR]
    assert any("政府性基金预算支出情况」 is missing" in m for m in messages)
    assert any("其他需要说明的情况」 is empty" in m for m in messages)


def test_section_out_of_order(report_copy):
    append(section(report_copy, "02"), "\n# 政府性基金预算支出情况\n\n无。\n")
    [finding] = [f for f in check_report(report_copy) if f.code == "SECTION"
                 and f.severity == ERROR]
    assert "out of the official order" in finding.message and "03-" in finding.message


def test_section_unknown_file_and_empty_subsection(report_copy):
    (report_copy / "整体" / "11-附言.md").write_text("附言。\n", encoding="utf-8")
    append(section(report_copy, "07"), "\n## 其他问题\n")
    messages = [f.message for f in check_report(report_copy) if f.code == "SECTION"]
    assert any("11-附言.md is not a section" in m for m in messages)
    assert any("「其他问题」 has no text" in m for m in messages)


def test_include_missing(report_copy):
    append(section(report_copy, "09"), '\n{% include "不存在.md" %}\n')
    [finding] = only(check_report(report_copy), "INCLUDE")
    assert finding.line == 3


def test_placeholder_unknown(report_copy):
    append(section(report_copy, "09"), "\n预算为{{ 预算.不存在 | amount }}万元。\n")
    [finding] = only(check_report(report_copy), "PLACEHOLDER")
    assert (finding.line, finding.col) == (3, 4)


def test_claim_typed_figure_differs(report_copy):
    edit(section(report_copy, "02"), "年初预算数为{{ 预算.基本支出.年初预算数 | amount }}",
         "年初预算数为 2617.69")
    [finding] = only(check_report(report_copy), "CLAIM")
    assert (finding.line, finding.col) == (5, 21)
    assert "预算.基本支出.年初预算数, which is 3051.24" in finding.message


def test_claim_placeholder_names_wrong_figure(report_copy):
    append(section(report_copy, "09"), "\n“三公”经费同比下降{{ 人员.控制率 | percent }}。\n")
    [finding] = only(check_report(report_copy), "CLAIM")
    assert "下降98.84% printed by a placeholder" in finding.message
    assert "下降57.00%" in finding.message


def test_claim_typed_figure_agrees_is_a_literal(report_copy):
    append(section(report_copy, "09"), "\n2024年“三公”经费同比下降57%。人员经费1134.95万元。\n")
    findings = check_report(report_copy)
    assert "CLAIM" not in codes(findings)
    literal = only(findings, "LITERAL")
    assert [f.col for f in literal] == [16, 24]
    assert "{{ 三公经费.变动 | change }}" in literal[0].message


def test_literal_figure_the_data_holds(report_copy):
    append(section(report_copy, "09"), "\n全年净入库税收7.78亿元。\n")
    [finding] = only(check_report(report_copy), "LITERAL")
    assert "{{ 成效.净入库税收 }}" in finding.message


def test_unbacked_amounts_but_not_counts(report_copy):
    append(section(report_copy, "09"),
           "\n完成投资3.21亿元，新增企业12家，湘联新材产值过20亿元，扬尘治理“6个100%”。\n")
    [finding] = only(check_report(report_copy), "UNBACKED")
    assert finding.col == 5 and "3.21亿元" in finding.message


def test_grade_contradicts_total(report_copy):
    append(section(report_copy, "09"), "\n本部门自评等级为差。\n")
    [finding] = only(check_report(report_copy), "GRADE")
    assert "93.88, which earns 优" in finding.message and finding.col == 9


def test_grade_agreeing_or_about_others_is_silent(report_copy):
    append(section(report_copy, "09"),
           "\n本部门自评等级为{{ 自评.等级 }}。个别项目评分结果较低但自评结论为“优”。\n")
    assert "GRADE" not in codes(check_report(report_copy))


def test_findings_sorted_and_stable(report_copy):
    stated(report_copy, "总分,95.5", "执行率得分,9")
    append(section(report_copy, "09"), "\n本部门自评等级为差。\n")
    first, second = check_report(report_copy), check_report(report_copy)
    assert first == second
    assert first == sorted(first, key=lambda f: f.sort_key())
    assert all(re.match(r"^\S+:\d+(:\d+)?: (error|warning) [A-Z]+ ", str(f)) for f in first)


def test_two_projects_fixture_has_no_errors():
    from conftest import FIXTURES

    assert codes(check_report(FIXTURES / "two-projects"), ERROR) == set()


def test_project_grade_compared_with_the_projects_total(tmp_path):
    import shutil

    from conftest import FIXTURES

    report = tmp_path / "two-projects"
    shutil.copytree(FIXTURES / "two-projects", report)
    edit(report / "项目" / "03-主要绩效及评价结论.md",
         '等级“{{ 项目自评["农村人居环境整治项目"].等级 }}”', "等级“优”")
    [finding] = only(check_report(report), "GRADE")
    assert "86.57, which earns 良" in finding.message
    assert '项目自评["农村人居环境整治项目"].等级' in finding.message


def test_claim_of_total_and_rate(report_copy):
    append(section(report_copy, "09"), "\n本部门自评总分95.5分，预算执行率85.79%。\n")
    findings = check_report(report_copy)
    [claim] = only(findings, "CLAIM")
    assert "95.5分" in claim.message and "93.88" in claim.message
    [literal] = only(findings, "LITERAL")
    assert "{{ 自评.执行率 | percent }}" in literal.message


def test_claim_names_a_project(tmp_path):
    report = tmp_path / "two-projects"
    shutil.copytree(ROOT / "tests" / "fixtures" / "two-projects", report)
    append(report / "项目" / "07-其他需要说明的问题.md",
           "\n农村人居环境整治项目执行率85.37%，总分95.61分。\n")
    [claim] = only(check_report(report), "CLAIM")
    assert "项目自评.农村人居环境整治项目.总分, which is 86.57" in claim.message
