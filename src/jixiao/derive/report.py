"""Every derived figure of one report, assembled from the accounts and the scoring.

``derive_report`` is the derive stage's one entry point: the figures of 附件1–6 and of each
project of 附件3, from a report's settings and entered data. No function reads a file or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jixiao.derive.accounts import (
    FUND_TABLES,
    BasicSpending,
    Budget,
    BudgetLine,
    Building,
    ControlItem,
    FundTable,
    Staffing,
    basic_spending,
    budget,
    budget_lines,
    buildings,
    control_items,
    fund_table,
    sangong_change,
    staffing,
    summed_line,
)
from jixiao.derive.scoring import Scorecard, scorecard
from jixiao.load.data import Record, ReportData
from jixiao.load.schemas import BUDGET_COLUMNS, FUND_SOURCE_NAMES, FUND_SOURCES, FUND_TOTAL
from jixiao.load.settings import Report, Scoring


@dataclass(frozen=True)
class Goal:
    """A line of 年度总体目标: 预期目标 and 实际完成情况, as written."""

    expected: str
    actual: str
    record: Record | None = None


def goals(records: list[Record]) -> list[Goal]:
    return [Goal(r.text("预期目标"), r.text("实际完成情况"), r) for r in records]


@dataclass
class Project:
    """One 一级项目 of 附件3: its funds, goals and scored indicators."""

    name: str
    department: str  # 主管部门
    implementer: str  # 实施单位
    funds: list[BudgetLine]  # 当年财政拨款, 上年结转资金, 其他资金, always all three, in order
    total: BudgetLine  # 年度资金总额 = the sum of ``funds`` (as typed where they are blank)
    goals: list[Goal]
    card: Scorecard
    record: Record | None = None
    typed_total: BudgetLine | None = None  # 年度资金总额 as the filed form types it


def projects(data: ReportData, scoring: Scoring,
             lines: tuple[str, ...] = (FUND_TOTAL, *FUND_SOURCES)) -> list[Project]:
    """Every project of 项目.csv with its rows of 项目资金, 项目目标 and 项目指标; ``lines``
    are 项目资金's, as the template has them: the total, then the 资金来源 summed into it."""
    total_name, sources = lines[0], lines[1:]

    def of(table: str, name: str) -> list[Record]:
        return [r for r in data.records.get(table, []) if r.text("项目名称") == name]

    found = []
    for record in data.records.get("项目", []):
        name = record.text("项目名称")
        entered = {FUND_SOURCE_NAMES.get(line.name, line.name): line
                   for line in budget_lines(of("项目资金", name), "资金来源")}
        funds = [replace(entered[source], name=source) if source in entered
                 else BudgetLine(source, dict.fromkeys(BUDGET_COLUMNS), None)
                 for source in sources]
        typed = entered.get(total_name)
        sums = summed_line(total_name, funds, typed)
        found.append(Project(name, record.text("主管部门"), record.text("实施单位"), funds, sums,
                             goals(of("项目目标", name)),
                             scorecard(sums.rate, of("项目指标", name), scoring), record,
                             typed))
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


def derive_report(report: Report, data: ReportData) -> Derived:
    """All derived figures of ``report`` from its entered ``data``."""
    scoring = report.scoring
    records = data.records
    controls = control_items(records.get("经费控制", []))
    budget_block = budget(records.get("预算", []), scoring.weights.get("预算执行率", 10),
                          scoring.score_places)
    return Derived(
        staffing=staffing(records.get("人员", [])),
        controls=controls,
        sangong_change=sangong_change(controls, scoring.change_basis),
        budget=budget_block,
        basic=basic_spending(records.get("基本支出", [])),
        buildings=buildings(records.get("楼堂馆所", [])),
        goals=goals(records.get("年度目标", [])),
        evaluation=scorecard(budget_block.total.rate, records.get("绩效指标", []), scoring),
        projects=projects(data, scoring, report.template.project_funds),
        funds={name: fund_table(data.records[name]) if name in data.records else None
               for name in FUND_TABLES},
    )
