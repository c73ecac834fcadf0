"""report.yaml against its declaration: every mistake one line at its own line of report.yaml."""

from __future__ import annotations

import pytest

from jixiao.checks import check_report
from jixiao.load.settings import SETTINGS, Fields, load_report
from report_edits import build_error, replace_in

# (what the example's report.yaml has, what the user typed instead, the line, the message)
BAD_SETTINGS = [
    ("documents: [整体, 项目]", "documnets: [整体, 项目]", 9,
     "documnets: an unknown key; expected one of template:, unit:, year:, report_date:, "
     "documents:, signature:, scoring:, forms:, draft: (did you mean documents:?)"),
    ("documents: [整体, 项目]", "documents: 整体", 9,
     "documents: '整体'; expected a list of the documents to build, e.g. [整体, 项目]"),
    ("documents: [整体, 项目]", "documents: [整体, 项日]", 9,
     "documents: '项日'; expected one of 整体, 项目"),
    ("documents: [整体, 项目]", "documents:\n  - 整体\n  - 项日", 11,
     "documents: '项日'; expected one of 整体, 项目"),
    ("documents: [整体, 项目]", "documents: [整体, 整体]", 9,
     "documents: '整体' twice; expected a list of the documents to build, e.g. [整体, 项目], "
     "each once"),
    ("documents: [整体, 项目]", "documents: []", 9, "documents: []; expected a list"),
    ("  change_basis: 决算", "  change_basis: 决箅", 18,
     "change_basis: '决箅'; expected one of 决算, 预算"),
    ("  score_places: 2", "  score_places: two", 17,
     "score_places: 'two'; expected the decimals 得分 are rounded to, a whole number from 0 "
     "to 6"),
    ("  score_places: 2", "  score_places: abc", 17, "score_places: 'abc'; expected"),
    ("  score_places: 2", "  score_places: -3", 17, "score_places: -3; expected"),
    ("  score_places: 2", "  score_places: 500", 17, "score_places: 500; expected"),
    ("  score_places: 2", "  score_places: 2.5", 17, "score_places: 2.5; expected"),
    ("year: 2024 ", "year: true ", 7, "year: True; expected the year evaluated"),
    ("forms:", "year: 2023\nforms:", 19, "year: given twice (first at line 7); expected each "
     "key once"),
    ("report_date: 2025-09-19", "report_date: 2025-02-30", 8,
     "'2025-02-30' (day is out of range for month); expected a date that exists, as "
     "YYYY-MM-DD"),
    ("report_date: 2025-09-19", "report_date: 19.9.2025", 8,
     "report_date: '19.9.2025'; expected the report date as YYYY-MM-DD"),
    ("  short_name: 高新区管委会", "  short_name: " + "高" * 200, 6,
     "short_name: 200 characters; expected the unit's short name (简称) of at most 40 "
     "characters"),
    ("  填表人: \"\"", "  填表人: [张三]", 11, "填表人: ['张三']; expected 填表人 as text"),
    ("  联系电话: \"\"", "  手机: \"\"", 13, "手机: an unknown key; expected one of 填表人:, "
     "填报日期:, 联系电话:, 单位负责人签字:"),
    ("  weights: {产出指标: 30,", "  weights: {产出指标: abc,", 16,
     "weight 产出指标: 'abc'; expected a number ≥ 0"),
    ("  weights: {产出指标: 30,", "  weights: {产出指标: .nan,", 16,
     "weight 产出指标: nan; expected a number ≥ 0"),
    ("  score_places: 2", "  score_places: 2\n  grades: {优: high}", 18,
     "grade 优: 'high'; expected the lowest 总分 of that grade, a number"),
    ("  score_places: 2", "  score_places: 2\n  indicators: {效益: [a]}", 18,
     "一级指标 效益 without a weight; expected a weight for it under scoring.weights"),
    ("forms:", "forms:\n  说明: [1]\n  备注: x", 21, "备注: an unknown key"),
    ("forms:", "draft: 草稿\nforms:", 19,
     "draft: '草稿'; expected true (every build a draft, 草稿) or false"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), BAD_SETTINGS,
                         ids=[f"{n}-{case[1][:24]}" for n, case in enumerate(BAD_SETTINGS)])
def test_a_bad_setting_is_one_line_at_its_line(report_copy, tmp_path, capsys, old, new, line,
                                               message):
    replace_in(report_copy / "report.yaml", old, new)
    error = build_error(report_copy, tmp_path / "build", capsys)
    assert f"report.yaml:{line}: " in error
    assert message in error


def test_an_alias_is_refused_at_its_line(report_copy, tmp_path, capsys):
    replace_in(report_copy / "report.yaml", "unit:", "unit: &unit")
    replace_in(report_copy / "report.yaml", "forms:", "copy: *unit\nforms:")
    error = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:19: a YAML alias (*name); expected each value written out where it " \
           "is used, without anchors or aliases" in error


def test_a_billion_laughs_is_refused_at_once(report_copy, tmp_path, capsys):
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = report_copy / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(laughs) + "\n",
                    encoding="utf-8")
    first_alias = len(path.read_text(encoding="utf-8").splitlines()) - len(laughs) + 2
    error = build_error(report_copy, tmp_path / "build", capsys)
    assert f"report.yaml:{first_alias}: a YAML alias (*name); expected each value written " \
           "out" in error


def test_report_yaml_saved_as_gbk(report_copy, tmp_path, capsys):
    path = report_copy / "report.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    error = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:1: a byte 0x" in error and "that is not UTF-8" in error  # 年度
    assert error.endswith("expected report.yaml saved as UTF-8")


def test_a_mapping_given_as_text(report_copy, tmp_path, capsys):
    path = report_copy / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("forms:")] + "forms: 说明\n", encoding="utf-8")
    error = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:19: forms: '说明'; expected 厉行节约保障措施: and 说明: as texts" in error


def test_check_names_the_setting_too(report_copy):
    replace_in(report_copy / "report.yaml", "  change_basis: 决算", "  change_basis: 不存在")
    [finding] = check_report(report_copy)
    assert (finding.code, finding.line) == ("LOAD", 18)
    assert finding.path.endswith("report.yaml")


@pytest.mark.parametrize("style", ["block", "flow"])
def test_signature_findings_point_at_their_own_line(report_copy, style):
    signature = ('signature:\n  填表人: ""\n  填报日期: 2025-09-19\n  联系电话: ""\n'
                 '  单位负责人签字: ""\n')
    if style == "flow":
        signature = ('signature: {填表人: "",\n  填报日期: 2025-09-19,\n'
                     '  联系电话: "", 单位负责人签字: ""}\n')
    path = report_copy / "report.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("signature:"), text.index("scoring:")
    path.write_text(text[:start] + signature + text[end:], encoding="utf-8")
    lines = {f.message.split(":")[1].split()[0]: f.line for f in check_report(report_copy)
             if f.code == "SIGN"}
    if style == "block":
        assert lines == {"填表人": 11, "联系电话": 13, "单位负责人签字": 14}
    else:
        assert lines == {"填表人": 10, "联系电话": 12, "单位负责人签字": 12}


def test_an_absent_signature_field_points_at_signature(report_copy):
    replace_in(report_copy / "report.yaml", '  联系电话: ""\n', "")
    [finding] = [f for f in check_report(report_copy) if "联系电话" in f.message]
    assert finding.line == 10


def test_every_key_is_declared_with_a_default_or_required():
    """The declaration is the one list of report.yaml's keys: the example's are all in it."""
    from jixiao.paths import CONTENT

    report = load_report(CONTENT / "2024")
    top = {path[0] for path in report.lines}
    assert top <= set(SETTINGS.keys)
    assert isinstance(SETTINGS.keys["scoring"][0], Fields)
    assert report.scoring.change_basis == "决算" and report.scoring.score_places == 2
