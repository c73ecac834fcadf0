"""Sums that must hold between the entered tables.

* SUM: an 经费控制 parent typed in a filed report differs from the sum of its parts; its 其中
  rows add up to more than it; the 支出性质 lines of 年度资金总额 do not add up to the total of
  the 收入性质 lines; 基本支出 by economic class does not add up to 基本支出's 全年执行数.
* SUM: a project's 年度资金总额, typed on its form, differs from the sum of its 资金来源
  lines (当年财政拨款, 上年结转资金, 其他资金) where they are entered.
* SAME: one figure entered in two tables differs: 公用经费's 本年决算数 is 基本支出's
  商品和服务支出 (附件1's note says so); a line both 附件1 (经费控制) and 附件2 (预算) state —
  项目支出, 基本支出, 公用经费 … — has one 本年决算数: its 全年执行数.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.findings import Finding, error
from jixiao.checks.subject import Subject
from jixiao.derive.accounts import CONTROL_COLUMNS, ControlItem
from jixiao.load.schemas import BUDGET_COLUMNS
from jixiao.messages import _
from jixiao.numbers import fixed, round_half_up


def differs(a: float | None, b: float | None) -> bool:
    return round_half_up(a or 0.0, 2) != round_half_up(b or 0.0, 2)


def _amount(value: float | None) -> str:
    return "空" if value is None else fixed(value, 2)


def _parts(items: dict[str, ControlItem], item: ControlItem, column: str, part_of: bool) -> str:
    return " + ".join(f"{name} {_amount(items[name].values[column])}" for name in item.children
                      if items[name].is_part_of == part_of) or _("nothing")


def control_sums(subject: Subject) -> Iterator[Finding]:
    items = subject.derived.controls
    for item in items.values():
        if item.record is None:
            continue
        for column in CONTROL_COLUMNS:
            typed = item.record.number(column)
            if item.derived and typed is not None and differs(typed, item.values[column]):
                yield error(item.record[column].where, "SUM",
                            _("{name} {column} is {typed} but its parts add up to {summed} "
                              "({parts})").format(name=item.name, column=column,
                                                  typed=_amount(typed),
                                                  summed=_amount(item.values[column]),
                                                  parts=_parts(items, item, column, True)))
            of_which = [items[c].values[column] for c in item.children
                        if not items[c].is_part_of]
            whole = item.values[column]
            if of_which and whole is not None and sum(v or 0 for v in of_which) > whole + 0.005:
                yield error(item.record[column].where, "SUM",
                            _("{name} {column} is {whole}, less than its 其中 rows ({parts})")
                            .format(name=item.name, column=column, whole=_amount(whole),
                                    parts=_parts(items, item, column, False)))


def budget_sums(subject: Subject) -> Iterator[Finding]:
    budget = subject.derived.budget
    if not budget.expenditure:
        return
    first = budget.expenditure[0].record
    for column in BUDGET_COLUMNS:
        spent = [line.values[column] for line in budget.expenditure]
        total = budget.total.values[column]
        if first is not None and any(v is not None for v in spent) and differs(
                sum(v or 0 for v in spent), total):
            yield error(first[column].where, "SUM",
                        _("支出性质 lines add up to {spent} {column}, but 收入性质 lines "
                          "(年度资金总额) to {total}").format(
                              spent=_amount(sum(v or 0 for v in spent)), column=column,
                              total=_amount(total)))


def basic_sums(subject: Subject) -> Iterator[Finding]:
    basic = subject.derived.basic
    line = subject.derived.budget.line("基本支出")
    if line is None or line.record is None or basic.total is None:
        return
    executed = line.values["全年执行数"]
    if executed is not None and differs(executed, basic.total):
        yield error(line.record["全年执行数"].where, "SUM",
                    _("基本支出 全年执行数 is {executed} but 基本支出.csv adds up to {total}")
                    .format(executed=_amount(executed), total=_amount(basic.total)))


def same_figures(subject: Subject) -> Iterator[Finding]:
    item = subject.derived.controls.get("公用经费")
    operating = subject.derived.basic.operating
    if item is None or item.record is None or operating is None:
        return
    spent = item.values["本年决算数"]
    if spent is not None and differs(spent, operating):
        yield error(item.record["本年决算数"].where, "SAME",
                    _("公用经费 本年决算数 is {spent} but 基本支出's 商品和服务支出 is "
                      "{operating}; they are the same figure").format(
                          spent=_amount(spent), operating=_amount(operating)))


def project_sums(subject: Subject) -> Iterator[Finding]:
    for project in subject.derived.projects:
        typed = project.typed_total
        if typed is None or typed.record is None:
            continue
        for column in BUDGET_COLUMNS:
            parts = [line.values[column] for line in project.funds]
            stated = typed.values[column]
            if stated is None or all(v is None for v in parts):
                continue
            if differs(stated, project.total.values[column]):
                listed = " + ".join(f"{line.name} {_amount(line.values[column])}"
                                    for line in project.funds if line.values[column] is not None)
                summed = _amount(project.total.values[column])
                yield error(typed.record[column].where, "SUM",
                            _("项目「{project}」 {total} {column} is {stated} but its "
                              "资金来源 lines add up to {summed} ({listed})").format(
                                  project=project.name, total=subject.fund_total,
                                  column=subject.header("项目资金", column),
                                  stated=_amount(stated), summed=summed, listed=listed))


# 附件1 经费控制's columns and the 附件2 预算 column that states the same figure
# (only 决算: units fill 本年预算数 with 年初 or with 全年预算数, both as the form allows)
ACROSS_FORMS = {"本年决算数": "全年执行数"}


def across_forms(subject: Subject) -> Iterator[Finding]:
    controls = subject.derived.controls
    for line in subject.derived.budget.income + subject.derived.budget.expenditure:
        item = controls.get(line.name)
        if item is None or item.record is None or line.record is None:
            continue
        for control_column, budget_column in ACROSS_FORMS.items():
            first, second = item.values[control_column], line.values[budget_column]
            if first is None or second is None or not differs(first, second):
                continue
            yield error(item.record[control_column].where, "SAME",
                        _("{name} {control_column} is {first} on 附件1 but {budget_column} "
                          "{second} on 附件2 ({where}); they are the same figure").format(
                              name=line.name, control_column=control_column,
                              first=_amount(first), budget_column=budget_column,
                              second=_amount(second), where=line.record[budget_column].where))


def check(subject: Subject) -> Iterator[Finding]:
    yield from control_sums(subject)
    yield from budget_sums(subject)
    yield from basic_sums(subject)
    yield from project_sums(subject)
    yield from same_figures(subject)
    yield from across_forms(subject)
