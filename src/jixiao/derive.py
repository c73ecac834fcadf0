"""Every derived figure of a report, computed from entered data by pure functions.

The rules of DOMAIN.md live here and only here: sums of parents, 控制率, 执行率 and its score,
the 三公经费 change. No function reads a file or prints; ``derive_report`` assembles them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .data import Record, ReportData
from .numbers import round_half_up
from .project import Report

SANGONG = "“三公”经费"
TOTAL_ROW = "年度资金总额"
INCOME, EXPENDITURE = "收入性质", "支出性质"
BUDGET_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
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


def budget(records: list[Record], weight: float, places: int) -> Budget:
    """The budget block: the total is the sum of the 收入性质 lines."""

    def line(record: Record) -> BudgetLine:
        values = {c: record.number(c) for c in BUDGET_COLUMNS}
        return BudgetLine(record.text("项目"), values,
                          ratio(values["全年执行数"], values["全年预算数"]), record)

    income = [line(r) for r in records if r.text("分类") == INCOME]
    expenditure = [line(r) for r in records if r.text("分类") == EXPENDITURE]
    sums = {c: total([b.values[c] for b in income]) for c in BUDGET_COLUMNS}
    rate = ratio(sums["全年执行数"], sums["全年预算数"])
    for item in income + expenditure:
        item.share = ratio(item.values["年初预算数"] or 0.0, sums["年初预算数"])
    return Budget(BudgetLine(TOTAL_ROW, sums, rate), income, expenditure, weight,
                  execution_score(rate, weight, places))


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


@dataclass
class Derived:
    """Every derived figure of one report."""

    staffing: Staffing
    controls: dict[str, ControlItem]
    sangong_change: float | None
    budget: Budget
    basic: BasicSpending


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
    return Derived(
        staffing=staffing(data.records["人员"]),
        controls=controls,
        sangong_change=sangong_change(controls, scoring.change_basis),
        budget=budget(data.records["预算"], scoring.weights.get("预算执行率", 10),
                      scoring.score_places),
        basic=basic_spending(data.records["基本支出"]),
    )
