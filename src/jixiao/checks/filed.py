"""What a reviewer finds first on a form as a unit files it: parts left empty or unfilled.

* EMPTY (error): a table the documents print holds no row — an indicator table (附件2's
  绩效指标, a project's 项目指标), 人员, 经费控制, 预算 — so the form would print blanks and
  prose 0.
* NATURE (warning): a quantitative indicator with neither 指标性质 nor a sign before its
  年度指标值: it is scored as 正向 (≥); say so on the form.
* TEMPLATE (error): a cell or a paragraph still holding the form's instruction text (填写…,
  简要说明…, 说明：…, 请…) or the column's own title, where the unit's content belongs.
* EXECUTION (warning): an 执行率 above 100%: more spent than budgeted, which the finance
  bureau asks about (its 得分 stays at 分值).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.findings import Finding, error, warning
from jixiao.checks.subject import Subject
from jixiao.derive.accounts import BudgetLine
from jixiao.errors import Location
from jixiao.load.data import Record
from jixiao.load.schemas import PROJECTS, WHOLE
from jixiao.messages import N_, _
from jixiao.numbers import format_percent

INSTRUCTION = re.compile(r"^\s*(填写|简要|说明\s*[:：]|请)")
# The text cells of the forms a unit fills in, by table.
TEXT_COLUMNS = {
    "年度目标": ("预期目标", "实际完成情况"),
    "项目目标": ("预期目标", "实际完成情况"),
    "绩效指标": ("三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施"),
    "项目指标": ("三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施"),
    "项目": ("主管部门", "实施单位"),
}


# The 整体 report's tables of figures: what each must hold (年度目标 has its own rule, GOAL).
WHOLE_FIGURES = {"人员": N_("附件1 财政供养人员: 编制数 and 实际在职人数"),
                 "经费控制": N_("附件1 经费控制情况: its rows (“三公”经费, 项目支出, 公用经费 …)"),
                 "预算": N_("附件2 年度资金总额: its 收入性质 and 支出性质 lines")}


def empty_tables(subject: Subject) -> Iterator[Finding]:
    folder = subject.report.data_folder
    documents = subject.report.documents
    if WHOLE in documents:
        for table, holds in WHOLE_FIGURES.items():
            if table in subject.data.records and not subject.data.records[table]:
                yield error(Location(folder / f"{table}.csv", 1), "EMPTY",
                            _("{table} has no row; expected {holds} (a table without rows "
                              "prints blank on the forms and 0 in prose)").format(
                                  table=table, holds=_(holds)))
        if "绩效指标" in subject.data.records and not subject.derived.evaluation.indicators:
            yield error(Location(folder / "绩效指标.csv", 1), "EMPTY",
                        _("附件2 绩效指标 has no indicator; expected the form's 三级指标"))
    if documents == (PROJECTS,) and not subject.derived.projects:
        yield error(Location(folder / "项目.csv", 1), "EMPTY",
                    _("项目 has no row; expected a row per project of this 项目 report"))
    for project in subject.derived.projects:
        if not project.card.indicators:
            where = project.record.where if project.record else Location(folder / "项目.csv")
            yield error(where, "EMPTY", _("项目「{project}」 has no indicator in 项目指标; "
                                          "expected its form's 三级指标").format(
                                              project=project.name))


def natures(subject: Subject) -> Iterator[Finding]:
    for form, card in subject.scorecards():
        for item in card.indicators:
            if not item.nature:
                yield warning(item.record["指标性质"].where, "NATURE",
                              _("{form} {name} has no 指标性质 and no sign before its "
                                "年度指标值 {target}: scored as 正向 (≥); write the sign "
                                "(≥ ≤ =) or 定性").format(form=form, name=item.name,
                                                        target=item.target_text))


def _instruction(text: str, column: str) -> bool:
    return bool(INSTRUCTION.match(text)) or text.strip("：: ") == column


def template_cells(subject: Subject) -> Iterator[Finding]:
    for table, columns in TEXT_COLUMNS.items():
        for record in subject.data.records.get(table, []):
            for column in columns:
                value = record[column]
                if value.text and _instruction(value.text, column):
                    yield error(value.where, "TEMPLATE",
                                _("{table} {column} still holds the form's instruction "
                                  "「{text}」; expected the unit's own text").format(
                                      table=table, column=column, text=value.text))


def template_prose(subject: Subject) -> Iterator[Finding]:
    for prose in subject.prose:
        for line in prose.lines:
            if not line.is_heading and INSTRUCTION.match(line.rendered):
                yield error(line.place, "TEMPLATE",
                            _("「{text}」 is the template's instruction text; expected the "
                              "report's own text").format(text=line.rendered.strip()[:30]))


def _first_record(*lines: BudgetLine) -> Record | None:
    return next((line.record for line in lines if line.record is not None), None)


def execution(subject: Subject) -> Iterator[Finding]:
    budget = subject.derived.budget
    places = [("附件2 年度资金总额", budget.total.rate, _first_record(*budget.income), "预算")]
    places += [(f"项目「{p.name}」 {subject.fund_total}", p.total.rate,
                _first_record(p.total, *p.funds) or p.record, "项目资金")
               for p in subject.derived.projects]
    for name, rate, record, table in places:
        if rate is None or rate <= 1 + 1e-9 or record is None:
            continue
        where = record["全年执行数"].where if "全年执行数" in record.values else record.where
        yield warning(where, "EXECUTION",
                      _("{name} 执行率 is {rate}, above 100%: {executed} exceeds {budgeted}; "
                        "expected the budget adjusted, or the reason in the report").format(
                            name=name, rate=format_percent(rate),
                            executed=subject.header(table, "全年执行数"),
                            budgeted=subject.header(table, "全年预算数")))


def check(subject: Subject) -> Iterator[Finding]:
    yield from empty_tables(subject)
    yield from natures(subject)
    yield from template_cells(subject)
    yield from template_prose(subject)
    yield from execution(subject)
