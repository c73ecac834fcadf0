"""Every derived figure of a report, computed from entered data by pure functions.

The rules of DOMAIN.md live here and only here: sums of parents, 控制率, 执行率 and its score,
the 三公经费 change, 规模控制率 and 投资概算控制率, each indicator's rule score, subtotals,
总分 and 等级, and the same for each project of 附件3. No function reads a file or prints;
``derive_report`` assembles them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .data import Record, ReportData
from .numbers import round_half_up
from .project import Report, Scoring
from .schemas import BUDGET_COLUMNS, FUND_SOURCES, NATURES, QUALITATIVE

SANGONG = "“三公”经费"
TOTAL_ROW = "年度资金总额"
INCOME, EXPENDITURE = "收入性质", "支出性质"
FUND_TABLES = ("政府性基金", "国有资本经营", "社会保险基金")
CONTROL_COLUMNS = ("上年决算数", "本年预算数", "本年决算数")


def ratio(part: float | None, whole: float | None) -> float | None:
    """part ÷ whole, or None where either is missing or the whole is zero."""
    if part is None or not whole:
        return None
    return part / whole


def change(current: float | None, previous: float | None) -> float | None:
    """(current − previous) ÷ previous: the relative change, None without a base."""
    if current is None or not previous:
        return None
    return (current - previous) / previous


def total(values: list[float | None]) -> float | None:
    """The sum of the values present; None when none is."""
    present = [v for v in values if v is not None]
    return round_half_up(sum(present), 6) if present else None


def execution_score(rate: float | None, weight: float, places: int) -> float | None:
    """执行率得分 = min(执行率, 100%) × 分值, rounded as the report's settings say."""
    if rate is None:
        return None
    return round_half_up(min(rate, 1.0) * weight, places)


@dataclass
class ControlItem:
    """A row of 经费控制情况: entered or summed from its parts, with its 其中 rows apart."""

    name: str
    values: dict[str, float | None]
    parent: str = ""
    is_part_of: bool = True  # False for a 其中 row: shown under its parent, not summed into it
    derived: bool = False
    record: Record | None = None
    children: list[str] = field(default_factory=list)


def control_items(records: list[Record]) -> dict[str, ControlItem]:
    """经费控制 rows by name, parents summed from the children that are parts of them."""
    items = {
        r.text("项目"): ControlItem(
            r.text("项目"),
            {c: r.number(c) for c in CONTROL_COLUMNS},
            parent=r.text("上级项目"),
            is_part_of=r.text("关系") != "其中",
            record=r,
        )
        for r in records
    }
    for item in items.values():
        if item.parent:
            items[item.parent].children.append(item.name)

    def resolve(name: str) -> dict[str, float | None]:
        item = items[name]
        parts = [items[c] for c in item.children if items[c].is_part_of]
        if parts:
            sums = {c: total([resolve(p.name)[c] for p in parts]) for c in CONTROL_COLUMNS}
            item.values = sums
            item.derived = True
        return item.values

    for name in items:
        resolve(name)
    return items


@dataclass
class BudgetLine:
    """A line of 年度资金总额: the three budget figures and what follows from them."""

    name: str
    values: dict[str, float | None]
    rate: float | None
    record: Record | None = None
    share: float | None = None  # 年初预算数 as a share of the total's


@dataclass
class Budget:
    """附件2's 年度资金总额 block: the total, its splits by 收入性质 and 支出性质."""

    total: BudgetLine
    income: list[BudgetLine]
    expenditure: list[BudgetLine]
    weight: float
    score: float | None

    def line(self, name: str) -> BudgetLine | None:
        return next((b for b in self.income + self.expenditure if b.name == name), None)


def budget_lines(records: list[Record], name_column: str) -> list[BudgetLine]:
    """Budget lines (年初预算数, 全年预算数, 全年执行数) with each line's 执行率."""
    lines = []
    for record in records:
        values = {c: record.number(c) for c in BUDGET_COLUMNS}
        lines.append(BudgetLine(record.text(name_column), values,
                                ratio(values["全年执行数"], values["全年预算数"]), record))
    return lines


def summed_line(name: str, lines: list[BudgetLine]) -> BudgetLine:
    """A line that is the sum of ``lines``, with its 执行率."""
    sums = {c: total([b.values[c] for b in lines]) for c in BUDGET_COLUMNS}
    return BudgetLine(name, sums, ratio(sums["全年执行数"], sums["全年预算数"]))


def budget(records: list[Record], weight: float, places: int) -> Budget:
    """The budget block: the total is the sum of the 收入性质 lines."""
    income = budget_lines([r for r in records if r.text("分类") == INCOME], "项目")
    expenditure = budget_lines([r for r in records if r.text("分类") == EXPENDITURE], "项目")
    sums = summed_line(TOTAL_ROW, income)
    for item in income + expenditure:
        item.share = ratio(item.values["年初预算数"] or 0.0, sums.values["年初预算数"])
    return Budget(sums, income, expenditure, weight, execution_score(sums.rate, weight, places))


@dataclass
class BasicSpending:
    """基本支出 by economic class, and the 人员经费 / 公用经费 split that prose quotes."""

    classes: dict[str, float | None]
    total: float | None
    personnel: float | None
    operating: float | None


PERSONNEL_CLASSES = ("工资福利支出", "对个人和家庭的补助")
OPERATING_CLASSES = ("商品和服务支出",)


def basic_spending(records: list[Record]) -> BasicSpending:
    """人员经费 = 工资福利支出 + 对个人和家庭的补助; 公用经费 = 商品和服务支出."""
    classes = {r.text("经济分类"): r.number("全年执行数") for r in records}
    return BasicSpending(
        classes,
        total(list(classes.values())),
        total([classes.get(c) for c in PERSONNEL_CLASSES]),
        total([classes.get(c) for c in OPERATING_CLASSES]),
    )


@dataclass
class Staffing:
    """财政供养人员: 编制数, 实际在职人数 and 在职人员控制率."""

    authorised: float | None
    actual: float | None
    rate: float | None


def staffing(records: list[Record]) -> Staffing:
    """在职人员控制率 = 实际在职人数 ÷ 编制数 (seed: 85 ÷ 86 = 98.84%)."""
    record = records[0] if records else None
    authorised = record.number("编制数") if record else None
    actual = record.number("实际在职人数") if record else None
    return Staffing(authorised, actual, ratio(actual, authorised))


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
    ``stated`` for checks to compare) and the evaluator's ``stated`` one for a 定性 indicator.
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
    weight: float  # 分值
    stated: float | None  # 得分 as entered
    score: float
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
    direction, strict = NATURES[record.text("指标性质")]
    weight = record.number("分值") or 0.0
    stated = record.number("得分")
    target, actual = record.number("年度指标值"), record.number("实际完成值")
    if direction == QUALITATIVE:
        score = stated or 0.0
        band = record.text("定性档次") or band_of(score, weight, scoring.bands)
        allowed, met = band_range(band, weight, scoring.bands), None
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
            round_half_up(sum(i.score for i in items), scoring.score_places),
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


@dataclass(frozen=True)
class Goal:
    """A line of 年度总体目标: 预期目标 and 实际完成情况, as written."""

    expected: str
    actual: str
    record: Record | None = None


def goals(records: list[Record]) -> list[Goal]:
    return [Goal(r.text("预期目标"), r.text("实际完成情况"), r) for r in records]


@dataclass(frozen=True)
class Building:
    """A 楼堂馆所 completed in the year: its scale and investment, and how far each held."""

    name: str
    approved_scale: float | None  # 批复规模 (m²)
    actual_scale: float | None  # 实际规模 (m²)
    budget_investment: float | None  # 预算投资 (万元)
    actual_investment: float | None  # 实际投资 (万元)
    scale_rate: float | None  # 规模控制率 = 实际规模 ÷ 批复规模 (≤ 100% complies)
    investment_rate: float | None  # 投资概算控制率 = 实际投资 ÷ 预算投资
    record: Record | None = None


def buildings(records: list[Record]) -> list[Building]:
    """楼堂馆所 rows with 规模控制率 and 投资概算控制率."""
    return [
        Building(r.text("项目名称"), r.number("批复规模"), r.number("实际规模"),
                 r.number("预算投资"), r.number("实际投资"),
                 ratio(r.number("实际规模"), r.number("批复规模")),
                 ratio(r.number("实际投资"), r.number("预算投资")), r)
        for r in records
    ]


@dataclass
class FundTable:
    """附件4–6: a fund's spending lines and their total, each with its 执行率."""

    lines: list[BudgetLine]
    total: BudgetLine


def fund_table(records: list[Record]) -> FundTable:
    lines = budget_lines(records, "项目")
    return FundTable(lines, summed_line("合计", lines))


@dataclass
class Project:
    """One 一级项目 of 附件3: its funds, goals and scored indicators."""

    name: str
    department: str  # 主管部门
    implementer: str  # 实施单位
    funds: list[BudgetLine]  # 当年财政拨款, 上年结转资金, 其他资金, always all three, in order
    total: BudgetLine  # 年度资金总额 = the sum of ``funds``, with 执行率
    goals: list[Goal]
    card: Scorecard
    record: Record | None = None


def projects(data: ReportData, scoring: Scoring) -> list[Project]:
    """Every project of 项目.csv with its rows of 项目资金, 项目目标 and 项目指标."""

    def of(table: str, name: str) -> list[Record]:
        return [r for r in data.records.get(table, []) if r.text("项目名称") == name]

    found = []
    for record in data.records.get("项目", []):
        name = record.text("项目名称")
        entered = {line.name: line for line in budget_lines(of("项目资金", name), "资金来源")}
        funds = [entered.get(source) or BudgetLine(source, dict.fromkeys(BUDGET_COLUMNS), None)
                 for source in FUND_SOURCES]
        sums = summed_line(TOTAL_ROW, funds)
        found.append(Project(name, record.text("主管部门"), record.text("实施单位"), funds, sums,
                             goals(of("项目目标", name)),
                             scorecard(sums.rate, of("项目指标", name), scoring), record))
    return found


@dataclass
class Derived:
    """Every derived figure of one report."""

    staffing: Staffing
    controls: dict[str, ControlItem]
    sangong_change: float | None
    budget: Budget
    basic: BasicSpending
    buildings: list[Building]
    goals: list[Goal]  # 附件2 年度总体目标
    evaluation: Scorecard  # 附件2 绩效指标, 总分, 等级
    projects: list[Project]  # 附件3, one form each; none → 无
    funds: dict[str, FundTable | None]  # 附件4–6 by table name; None (no file) → 无


def sangong_change(controls: dict[str, ControlItem], basis: str) -> float | None:
    """三公经费 change, 本年 against 上年 on the report's basis (决算 against 决算 by default)."""
    item = controls.get(SANGONG)
    if item is None:
        return None
    current = item.values["本年决算数" if basis == "决算" else "本年预算数"]
    return change(current, item.values["上年决算数"])


def derive_report(report: Report, data: ReportData) -> Derived:
    """All derived figures of ``report`` from its entered ``data``."""
    scoring = report.scoring
    controls = control_items(data.records["经费控制"])
    budget_block = budget(data.records["预算"], scoring.weights.get("预算执行率", 10),
                          scoring.score_places)
    return Derived(
        staffing=staffing(data.records["人员"]),
        controls=controls,
        sangong_change=sangong_change(controls, scoring.change_basis),
        budget=budget_block,
        basic=basic_spending(data.records["基本支出"]),
        buildings=buildings(data.records.get("楼堂馆所", [])),
        goals=goals(data.records["年度目标"]),
        evaluation=scorecard(budget_block.total.rate, data.records["绩效指标"], scoring),
        projects=projects(data, scoring),
        funds={name: fund_table(data.records[name]) if name in data.records else None
               for name in FUND_TABLES},
    )
