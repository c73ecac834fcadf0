"""The accounts of a report: sums of parents, rates, shares and the 三公经费 change.

Pure functions over entered records (docs/domain.md, "Figures and how they are derived"):
经费控制 parents as the sum of their parts, 年度资金总额 and its 执行率, 基本支出's 人员经费 and
公用经费, 在职人员控制率, 规模控制率 and 投资概算控制率, and 附件4–6.
Nothing reads a file or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.derive.arithmetic import change, ratio, total
from jixiao.derive.scoring import execution_score
from jixiao.load.data import Record
from jixiao.load.schemas import BUDGET_COLUMNS

SANGONG = "“三公”经费"
TOTAL_ROW = "年度资金总额"
INCOME, EXPENDITURE = "收入性质", "支出性质"
FUND_TABLES = ("政府性基金", "国有资本经营", "社会保险基金")
CONTROL_COLUMNS = ("上年决算数", "本年预算数", "本年决算数")


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
    """经费控制 rows by name, parents summed from the children that are parts of them; in a
    column where every part is blank, the parent keeps the figure typed for it (a township's
    form types 项目支出 and leaves its kinds blank)."""
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
            item.values = {c: item.values[c] if sums[c] is None else sums[c]
                           for c in CONTROL_COLUMNS}
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


def summed_line(name: str, lines: list[BudgetLine], typed: BudgetLine | None = None) -> BudgetLine:
    """A line that is the sum of ``lines``, with its 执行率; where every line is blank in a
    column, the figure ``typed`` for the sum (a filed form's) stands instead."""
    sums = {c: total([b.values[c] for b in lines]) for c in BUDGET_COLUMNS}
    if typed is not None:
        sums = {c: typed.values[c] if sums[c] is None else sums[c] for c in BUDGET_COLUMNS}
    return BudgetLine(name, sums, ratio(sums["全年执行数"], sums["全年预算数"]),
                      typed.record if typed else None)


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


def sangong_change(controls: dict[str, ControlItem], basis: str) -> float | None:
    """三公经费 change, 本年 against 上年 on the report's basis (决算 against 决算 by default)."""
    item = controls.get(SANGONG)
    if item is None:
        return None
    current = item.values["本年决算数" if basis == "决算" else "本年预算数"]
    return change(current, item.values["上年决算数"])

