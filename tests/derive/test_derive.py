"""The rules of docs/domain.md, one function at a time, with the seed's own figures where it
has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.derive.accounts import (
    basic_spending,
    budget,
    buildings,
    control_items,
    fund_table,
    sangong_change,
    staffing,
)
from jixiao.derive.arithmetic import ratio
from jixiao.derive.report import projects
from jixiao.derive.scoring import (
    band_of,
    band_range,
    execution_score,
    grade,
    indicator,
    indicator_groups,
    rule_score,
    scorecard,
    target_met,
)
from jixiao.errors import Location
from jixiao.load.data import Record, ReportData, Value
from jixiao.load.settings import DEFAULT_GRADES, Scoring
from jixiao.numbers import parse_number

HERE = Location(Path("t.csv"), 2)


def record(**cells: str) -> Record:
    """A typed row as data.load_data makes it: numbers where the text is one."""
    values = {}
    for column, text in cells.items():
        try:
            number = parse_number(text)
        except ValueError:
            number = None
        values[column] = Value(number, text, HERE)
    return Record(values, HERE)


def indicator_row(level1="产出指标", level2="数量指标", name="x", nature="≥", target="",
                  actual="", weight="10", score="", band="", unit="") -> Record:
    return record(一级指标=level1, 二级指标=level2, 三级指标=name, 指标性质=nature,
                  年度指标值=target, 实际完成值=actual, 计量单位=unit, 分值=weight, 得分=score,
                  定性档次=band, 偏差原因分析及改进措施="")


def test_staffing_rate_of_the_seed():
    result = staffing([record(编制数="86", 实际在职人数="85")])
    assert round(result.rate * 100, 2) == 98.84


def test_execution_rate_and_score_of_the_seed():
    rate = ratio(2617.69, 3051.24)
    assert round(rate * 100, 2) == 85.79
    assert execution_score(rate, 10, 2) == 8.58  # the default rounding: two decimals
    assert execution_score(rate, 10, 0) == 9  # the filed form's 9: rounded to whole points
    assert execution_score(1.2, 10, 2) == 10  # never above 分值


@pytest.mark.parametrize("direction,strict,target,actual,met", [
    ("正向", False, 3, 3, True), ("正向", True, 3, 3, False), ("正向", False, 3, 2, False),
    ("反向", False, 5, 5, True), ("反向", True, 5, 5, False), ("反向", False, 5, 6, False),
    ("等于", False, 100, 100, True), ("等于", False, 100, 99, False),
])
def test_target_met(direction, strict, target, actual, met):
    assert target_met(direction, strict, target, actual) is met


def test_rule_score_by_direction():
    assert rule_score("正向", False, 3, 4, 10, 2) == 10  # met: full 分值, not 13.33
    assert rule_score("正向", False, 100, 85, 10, 2) == 8.5  # 完成值 ÷ 指标值 × 分值
    assert rule_score("反向", False, 80, 100, 10, 2) == 8  # 指标值 ÷ 完成值 × 分值
    assert rule_score("反向", False, 80, 60, 10, 2) == 10
    assert rule_score("等于", False, 100, 80, 5, 2) == 4
    assert rule_score("等于", False, 100, 125, 5, 2) == 4
    assert rule_score("正向", False, 3, 2, 10, 2) == 6.67
    assert rule_score("正向", False, 3, -1, 10, 2) == 0  # never below 0
    assert rule_score("反向", False, 0, 5, 10, 2) == 0


def test_band_of_a_qualitative_score():
    bands = Scoring().bands
    assert band_of(9, 10, bands) == "达成预期指标"
    assert band_of(8, 10, bands) == "达成预期指标"  # an edge belongs to the higher band
    assert band_of(3.5, 5, bands) == "部分达成并具有一定效果"
    assert band_of(2, 10, bands) == "未达成且效果较差"
    assert band_of(12, 10, bands) == ""  # above 分值: no band holds it
    assert band_range("部分达成并具有一定效果", 5, bands) == (3, 4)
    assert band_range("", 5, bands) == (0, 5)


def test_quantitative_indicator_keeps_a_stated_score_apart():
    item = indicator(indicator_row(target="100", actual="90", score="10"), Scoring())
    assert item.score == 9 and item.stated == 10
    assert item.allowed == (9, 9) and item.met is False and not item.qualitative


def test_qualitative_indicator_keeps_the_judgement_and_knows_its_band():
    item = indicator(indicator_row(nature="定性", target="达标", actual="达标", weight="5",
                                   score="3.5"), Scoring())
    assert item.score == 3.5 and item.band == "部分达成并具有一定效果"
    assert item.allowed == (3, 4) and item.met is None and item.qualitative
    named = indicator(indicator_row(nature="定性", weight="5", score="3.5",
                                    band="达成预期指标"), Scoring())
    assert named.band == "达成预期指标" and named.allowed == (4, 5)  # 3.5 lies outside


def test_subtotals_per_first_level_indicator():
    scoring = Scoring()
    items = [indicator(row, scoring) for row in (
        indicator_row(name="a", target="3", actual="4"),
        indicator_row(level1="效益指标", level2="社会效益指标", name="b", nature="定性",
                      weight="6", score="5.4"),
        indicator_row(level2="质量指标", name="c", target="100", actual="50"),
    )]
    groups = indicator_groups(items, scoring)
    assert [g.name for g in groups] == ["产出指标", "效益指标"]  # first appearance
    assert [s.name for s in groups[0].subgroups] == ["数量指标", "质量指标"]
    assert (groups[0].weight, groups[0].items_weight, groups[0].score) == (30, 20, 15)
    assert (groups[1].weight, groups[1].items_weight, groups[1].score) == (30, 6, 5.4)


@pytest.mark.parametrize("score,expected", [
    (95.5, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"),
    (59.99, "差"), (0, "差"), (None, None),
])
def test_grade_thresholds(score, expected):
    assert grade(score, DEFAULT_GRADES) == expected


def test_grade_thresholds_are_settings():
    assert grade(85, {"优": 85, "良": 75, "中": 60, "差": 0}) == "优"


def test_total_is_execution_score_plus_every_item():
    rows = [indicator_row(name="a", target="3", actual="4"),
            indicator_row(level2="质量指标", name="b", nature="定性", score="9")]
    card = scorecard(ratio(2617.69, 3051.24), rows, Scoring())
    assert card.execution_score == 8.58
    assert card.total == 27.58 and card.grade == "差"
    assert card.weight_total == 30
    card0 = scorecard(ratio(2617.69, 3051.24), rows, Scoring(score_places=0))
    assert card0.execution_score == 9 and card0.total == 28


def test_control_items_sum_parts_and_keep_of_which_rows_apart():
    rows = [
        record(项目="“三公”经费", 上级项目="", 关系="", 上年决算数="", 本年预算数="",
               本年决算数=""),
        record(项目="出国经费", 上级项目="“三公”经费", 关系="", 上年决算数="",
               本年预算数="15", 本年决算数="7.76"),
        record(项目="公务接待", 上级项目="“三公”经费", 关系="", 上年决算数="31",
               本年预算数="23", 本年决算数="5.57"),
        record(项目="公用经费", 上级项目="", 关系="", 上年决算数="179.98",
               本年预算数="2069.31", 本年决算数="1482.74"),
        record(项目="办公经费", 上级项目="公用经费", 关系="其中", 上年决算数="15.02",
               本年预算数="11", 本年决算数="12.92"),
    ]
    items = control_items(rows)
    assert items["“三公”经费"].values == {"上年决算数": 31, "本年预算数": 38,
                                       "本年决算数": 13.33}
    assert items["“三公”经费"].derived and not items["公用经费"].derived
    assert items["公用经费"].values["本年决算数"] == 1482.74
    change = sangong_change(items, "决算")
    assert round(change * 100, 2) == -57.0
    assert round(sangong_change(items, "预算") * 100, 2) == 22.58


def test_building_control_rates():
    [item] = buildings([record(项目名称="综合楼", 批复规模="1,200", 实际规模="1,150",
                               预算投资="800", 实际投资="824")])
    assert round(item.scale_rate * 100, 2) == 95.83
    assert round(item.investment_rate * 100, 2) == 103.0
    [blank] = buildings([record(项目名称="在建", 批复规模="", 实际规模="", 预算投资="",
                                实际投资="")])
    assert blank.scale_rate is None and blank.investment_rate is None


def test_fund_table_total_and_rates():
    table = fund_table([record(项目="a", 年初预算数="100", 全年预算数="120", 全年执行数="90"),
                        record(项目="b", 年初预算数="", 全年预算数="80", 全年执行数="80")])
    assert table.total.values == {"年初预算数": 100, "全年预算数": 200, "全年执行数": 170}
    assert table.total.rate == 0.85
    assert table.lines[0].rate == 0.75


def test_budget_block_of_the_seed():
    block = budget([
        record(分类="收入性质", 项目="一般公共预算", 年初预算数="3051.24", 全年预算数="3051.24",
               全年执行数="2617.69"),
        record(分类="收入性质", 项目="其他资金", 年初预算数="", 全年预算数="", 全年执行数=""),
        record(分类="支出性质", 项目="基本支出", 年初预算数="3051.24", 全年预算数="3051.24",
               全年执行数="2617.69"),
        record(分类="支出性质", 项目="项目支出", 年初预算数="", 全年预算数="", 全年执行数=""),
    ], 10, 2)
    assert block.total.values["全年执行数"] == 2617.69
    assert round(block.total.rate * 100, 2) == 85.79 and block.score == 8.58
    assert block.line("基本支出").share == 1 and block.line("项目支出").share == 0


def test_basic_spending_of_the_seed():
    spending = basic_spending([record(经济分类="工资福利支出", 全年执行数="1128.45"),
                               record(经济分类="商品和服务支出", 全年执行数="1482.74"),
                               record(经济分类="对个人和家庭的补助", 全年执行数="6.5")])
    assert (spending.total, spending.personnel, spending.operating) == (2617.69, 1134.95, 1482.74)


def project_data() -> ReportData:
    def fund(source, *amounts):
        return record(项目名称="甲", 资金来源=source,
                      **dict(zip(("年初预算数", "全年预算数", "全年执行数"), amounts, strict=True)))

    data = ReportData(Path("data"))
    data.records["项目"] = [record(项目名称="甲", 主管部门="局", 实施单位="中心"),
                          record(项目名称="乙", 主管部门="局", 实施单位="中心")]
    data.records["项目资金"] = [fund("当年财政拨款", "300", "320", "304.5"),
                            fund("上年结转资金", "20", "20", "20")]
    data.records["项目目标"] = [record(项目名称="甲", 预期目标="建设", 实际完成情况="完成")]
    data.records["项目指标"] = [
        Record({"项目名称": Value(None, "甲", HERE),
                **indicator_row(target="5000", actual="5200").values}, HERE),
    ]
    return data


def test_projects_with_their_own_blocks():
    first, second = projects(project_data(), Scoring())
    assert [f.name for f in first.funds] == ["当年财政拨款", "上年结转资金", "其他资金"]
    assert first.funds[2].values == {"年初预算数": None, "全年预算数": None, "全年执行数": None}
    assert first.total.values == {"年初预算数": 320, "全年预算数": 340, "全年执行数": 324.5}
    assert first.card.execution_score == 9.54  # 324.5 ÷ 340 = 95.44% of 10
    assert first.card.total == 19.54 and first.card.grade == "差"
    assert [(g.expected, g.actual) for g in first.goals] == [("建设", "完成")]
    assert second.total.rate is None and second.card.total == 0 and second.goals == []


def test_example_scores():
    from jixiao.derive.report import derive_report
    from jixiao.load.data import load_data
    from jixiao.load.settings import load_report
    from jixiao.paths import CONTENT

    report = load_report(CONTENT / "2024")
    derived = derive_report(report, load_data(report.data_folder, report.scoring))
    card = derived.evaluation
    assert [(g.name, g.weight, g.items_weight, g.score) for g in card.groups] == [
        ("产出指标", 30, 30, 30), ("效益指标", 30, 30, 28.8), ("满意度指标", 10, 10, 10),
        ("成本指标", 20, 20, 16.5)]
    assert (card.execution_score, card.total, card.grade, card.weight_total) == (
        8.58, 93.88, "优", 100)
    assert derived.projects == [] and derived.buildings == []
    assert derived.funds == {"政府性基金": None, "国有资本经营": None, "社会保险基金": None}
