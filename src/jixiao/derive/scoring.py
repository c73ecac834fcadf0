"""Scoring: 执行率得分, each indicator's rule score, bands, subtotals, 总分 and 等级.

Pure functions over entered indicator records and the report's scoring settings
(docs/domain.md, "Scoring"). Nothing reads a file or prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.derive.arithmetic import ratio
from jixiao.load.data import Record
from jixiao.load.schemas import NATURES, QUALITATIVE
from jixiao.load.settings import Scoring
from jixiao.numbers import round_half_up

UNSIGNED = ("正向", False)  # a numeric target with neither 指标性质 nor a sign reads as ≥


def execution_score(rate: float | None, weight: float, places: int) -> float | None:
    """执行率得分 = min(执行率, 100%) × 分值, rounded as the report's settings say."""
    if rate is None:
        return None
    return round_half_up(min(rate, 1.0) * weight, places)


def target_met(direction: str, strict: bool, target: float, actual: float) -> bool:
    """Whether ``actual`` meets ``target`` for a 正向, 反向 or 等于 indicator."""
    if direction == "正向":
        return actual > target if strict else actual >= target - 1e-9
    if direction == "反向":
        return actual < target if strict else actual <= target + 1e-9
    return abs(actual - target) <= 1e-9


def rule_score(direction: str, strict: bool, target: float, actual: float, weight: float,
               places: int) -> float:
    """A quantitative indicator's score: met → 分值; else 正向 完成值 ÷ 指标值 × 分值, 反向
    指标值 ÷ 完成值 × 分值, 等于 the smaller of the two ratios × 分值; never above 分值, never
    below 0."""
    if target_met(direction, strict, target, actual):
        return round_half_up(weight, places)
    if direction == "正向":
        share = ratio(actual, target)
    elif direction == "反向":
        share = ratio(target, actual)
    else:
        share = min(ratio(actual, target) or 0.0, ratio(target, actual) or 0.0)
    return round_half_up(max(0.0, min(share or 0.0, 1.0)) * weight, places)


def band_of(score: float, weight: float, bands: dict[str, list[float]]) -> str:
    """The highest 定性 band whose share of 分值 holds ``score``; "" when none does."""
    share = ratio(score, weight) if weight else 0.0
    for name, (low, high) in sorted(bands.items(), key=lambda b: -b[1][1]):
        if low - 1e-9 <= share <= high + 1e-9:
            return name
    return ""


def band_range(band: str, weight: float, bands: dict[str, list[float]]) -> tuple[float, float]:
    """The scores a band admits for an indicator of ``weight``; 0…分值 without a band."""
    low, high = bands.get(band, (0.0, 1.0))
    return (round_half_up(low * weight, 6), round_half_up(high * weight, 6))


@dataclass(frozen=True)
class Indicator:
    """One 三级指标: as entered, and the score counted for it.

    ``score`` is the rule's for a quantitative indicator (the 得分 typed, if any, is kept in
    ``stated`` for checks to compare) and the evaluator's ``stated`` one for a 定性 indicator;
    None where a blank cell leaves nothing to score (printed blank, counted as 0).
    ``allowed`` is the range of 得分 the rules admit: the rule score itself, or the band's.
    """

    level1: str
    level2: str
    name: str
    nature: str  # as entered: ≥ ＞ ≤ ＜ = 正向 反向 等于 定性
    direction: str  # 正向, 反向, 等于 or 定性
    target_text: str  # 年度指标值 as entered
    actual_text: str  # 实际完成值 as entered
    target: float | None  # 年度指标值 in ``unit``; None for 定性
    actual: float | None
    unit: str
    weight: float  # 分值 (0 when blank)
    stated: float | None  # 得分 as entered
    score: float | None
    allowed: tuple[float, float]
    band: str  # 定性: the band named in 定性档次, else the one ``stated`` lies in
    met: bool | None  # quantitative: whether the target was met; None for 定性
    deviation: str  # 偏差原因分析及改进措施
    record: Record | None = None

    @property
    def qualitative(self) -> bool:
        return self.direction == QUALITATIVE


def indicator(record: Record, scoring: Scoring) -> Indicator:
    """An indicator row with its score by the rules of ``scoring``."""
    direction, strict = NATURES.get(record.text("指标性质"), UNSIGNED)
    weight = record.number("分值") or 0.0
    stated = record.number("得分")
    target, actual = record.number("年度指标值"), record.number("实际完成值")
    score: float | None
    if direction == QUALITATIVE:
        score = stated
        band = record.text("定性档次") or band_of(score or 0.0, weight, scoring.bands)
        allowed, met = band_range(band, weight, scoring.bands), None
    elif target is None or actual is None:
        score, band, allowed, met = None, "", (0.0, weight), None
    else:
        score = rule_score(direction, strict, target, actual, weight, scoring.score_places)
        band, allowed = "", (score, score)
        met = target_met(direction, strict, target, actual)
    return Indicator(
        record.text("一级指标"), record.text("二级指标"), record.text("三级指标"),
        record.text("指标性质"), direction, record.text("年度指标值"),
        record.text("实际完成值"), target, actual, record.text("计量单位"), weight, stated,
        score, allowed, band, met, record.text("偏差原因分析及改进措施"), record)


@dataclass
class IndicatorSubgroup:
    """The 三级指标 under one 二级指标, in the order entered."""

    name: str
    indicators: list[Indicator]


@dataclass
class IndicatorGroup:
    """A 一级指标: its stated weight (report.yaml), the weights and scores of its items."""

    name: str
    weight: float | None  # 产出指标(30分): the weight report.yaml gives it
    items_weight: float  # the 分值 of its 三级指标 added up
    score: float  # subtotal: the scores of its 三级指标 added up
    subgroups: list[IndicatorSubgroup]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for sub in self.subgroups for i in sub.indicators]


def indicator_groups(indicators: list[Indicator], scoring: Scoring) -> list[IndicatorGroup]:
    """Indicators grouped by 一级 then 二级 in order of first appearance, with subtotals."""
    grouped: dict[str, dict[str, list[Indicator]]] = {}
    for item in indicators:
        grouped.setdefault(item.level1, {}).setdefault(item.level2, []).append(item)
    groups = []
    for name, subgroups in grouped.items():
        items = [i for sub in subgroups.values() for i in sub]
        groups.append(IndicatorGroup(
            name, scoring.weights.get(name),
            round_half_up(sum(i.weight for i in items), 6),
            round_half_up(sum(i.score or 0.0 for i in items), scoring.score_places),
            [IndicatorSubgroup(sub, members) for sub, members in subgroups.items()]))
    return groups


def grade(score: float | None, grades: dict[str, float]) -> str | None:
    """等级: the grade with the highest threshold ``score`` reaches (优 ≥ 90, 良 ≥ 80 …)."""
    if score is None:
        return None
    for name, threshold in sorted(grades.items(), key=lambda g: -g[1]):
        if score >= threshold:
            return name
    return None


@dataclass
class Scorecard:
    """The scored part of a self-evaluation form: 执行率得分, the indicators, 总分 and 等级."""

    execution_weight: float  # 分值 of 预算执行率
    execution_rate: float | None
    execution_score: float | None
    groups: list[IndicatorGroup]
    total: float  # 总分 = 执行率得分 + every 三级指标's score
    grade: str | None

    @property
    def indicators(self) -> list[Indicator]:
        return [i for group in self.groups for i in group.indicators]

    @property
    def weight_total(self) -> float:
        """The 分值 column's total: 预算执行率's weight and every 三级指标's."""
        return round_half_up(self.execution_weight
                             + sum(g.items_weight for g in self.groups), 6)

    def group(self, name: str) -> IndicatorGroup | None:
        return next((g for g in self.groups if g.name == name), None)


def scorecard(rate: float | None, records: list[Record], scoring: Scoring) -> Scorecard:
    """总分 = 执行率得分 + every 三级 得分, rounded as set; 等级 from the grade thresholds."""
    weight = scoring.weights.get("预算执行率", 10)
    score = execution_score(rate, weight, scoring.score_places)
    groups = indicator_groups([indicator(r, scoring) for r in records], scoring)
    sum_total = round_half_up((score or 0.0) + sum(g.score for g in groups),
                              scoring.score_places)
    return Scorecard(weight, rate, score, groups, sum_total, grade(sum_total, scoring.grades))

