"""The attached forms, filled from their template's declarations with derived figures only.

A form's rows, cells, spans, labels and notes are declared in its template (forms/<name>.yaml,
read by jixiao.load.template; the format is in README.md 「模板」, README.en.md "Templates"); here
they are filled into ``Table`` values (jixiao.render.tables) with the names ``form_names``
gives, and the rules every form shares are kept once: a label's kind sets its alignment, a
block's side cell spans the rows beside it, a kept blank row has its cells and no text, widths
keep labels unbroken. No figure is typed here; every amount goes through jixiao.numbers, and a
missing figure leaves its cell blank. ``forms_markdown`` writes them into the document, each on
a new page under "附件N" and its title, cut into pages (jixiao.render.paging), with the notes
and the signature line beneath.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import zip_longest
from typing import Any

from jinja2 import TemplateError, UndefinedError, pass_context

from jixiao.derive.accounts import CONTROL_COLUMNS, BudgetLine, ControlItem
from jixiao.derive.report import Derived, Goal, Project
from jixiao.derive.scoring import Indicator, Scorecard
from jixiao.errors import Location, UserError
from jixiao.load.data import Record
from jixiao.load.outline import Attachment
from jixiao.load.schemas import BUDGET_COLUMNS
from jixiao.load.search_path import SearchPath
from jixiao.load.settings import Report
from jixiao.load.template import BlockSpec, CellSpec, FormSpec, RowSpec, TableSpec
from jixiao.messages import _
from jixiao.numbers import format_amount, format_count, format_percent, format_plain
from jixiao.render.context import scorecard_names
from jixiao.render.markdown_safety import markdown_text
from jixiao.render.paging import FormPage, paginate
from jixiao.render.prose import CompiledTemplates, Namespace, ProseEnvironment, environment
from jixiao.render.tables import Cell, Table

QUANTITATIVE_SIGNS = ("≥", "＞", "≤", "＜", "=", "＝", ">=", "<=", ">", "<")
NONE = "无"
CELL_PADDING = 0.6  # characters of table text taken by a cell's margins (1 mm a side, 五号)
INDENT = "\u3000"  # a full-width space: the width of one character of table text
BREAKS = "断行"  # the form's names: where the official form breaks its longer labels
INDEX = "序号"  # inside a repeated block: the item's place, from 1
PROJECTS = "项目"  # each: 项目 — one form per 一级项目


def fit(name: str, chars: float, breaks: Mapping[str, str] | None = None) -> str:
    """An indicator name broken to fit ``chars`` characters a line, never inside a word:
    where the official form breaks it (``breaks``), else before its closing "指标"."""
    if len(name) <= chars:
        return name
    if breaks and name in breaks:
        return breaks[name]
    return name[:-2] + "\n指标" if name.endswith("指标") else name


def columns(*chars: float) -> tuple[float, ...]:
    """Relative column widths from the characters each column must hold on one line.

    Chosen so the longest label of each column fits unbroken, or breaks where the official
    form breaks it; the widths are then scaled to fill the type area.
    """
    return tuple(c + CELL_PADDING for c in chars)


@dataclass(frozen=True)
class Form:
    """One page-starting form: its attachment number and title, tables, notes, signature."""

    number: int
    title: str
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    signed: bool = True

    def markdown(self, signature: str, page: FormPage) -> str:
        """The form's Markdown, its tables cut into the pages of ``page``; its notes and
        signature line (report.yaml's texts) as text."""
        blocks = [f"::: attachment-label\n附件{self.number}\n:::",  # starts a page (styles.yaml)
                  f"::: form-title\n{self.title}\n:::"]
        notes = (*self.notes, *([signature] if self.signed else []))
        parts = paginate(self.tables, notes, self.title, page)
        blocks += [table.markdown() for table in parts] or [NONE]
        blocks += [f"::: table-note\n{markdown_text(note)}\n:::" for note in notes]
        return "\n\n".join(blocks) + "\n"


def signature_line(report: Report) -> str:
    """The template's signature fields (填表人、填报日期、联系电话、单位负责人签字) with what
    report.yaml gives, room to sign."""
    blank = INDENT * 3
    return INDENT.join(f"{name}：{report.signature.get(name) or blank}"
                       for name in report.template.signature)


# ---------------------------------------------------------------------------- the names

def extra_texts(record: Record | None, columns: tuple[str, ...]) -> dict[str, str]:
    """The text columns a template adds to a table (原因 …), blank where a row has none."""
    return {c: record.text(c) if record and c in record.values else "" for c in columns}


def line_names(line: BudgetLine, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """A 年度资金总额-style line: 名称, its amounts (年初预算数 …), 执行率 and the template's
    ``extra`` columns."""
    return {"名称": line.name, **{c: line.values[c] for c in BUDGET_COLUMNS},
            "执行率": line.rate, **extra_texts(line.record, extra)}


def control_rows(controls: dict[str, ControlItem]) -> list[dict[str, Any]]:
    """The 经费控制 rows in order, each with the 标签 the form numbers it by.

    Top-level rows by name; their parts numbered "1、"; deeper parts and the 其中 rows of a
    parent led by "其中：" on the first and aligned under it on the others.
    """
    rows: list[dict[str, Any]] = []

    def add(text: str, item: ControlItem) -> None:
        rows.append({"标签": text, "名称": item.name,
                     **{c: item.values[c] for c in CONTROL_COLUMNS}})

    def walk(item: ControlItem, depth: int) -> None:
        position, aside = 0, False
        for kid in (controls[name] for name in item.children):
            if depth == 0 and kid.is_part_of:
                position += 1
                text = f"{position}、{kid.name}"
            else:
                text = (INDENT * 3 if aside else "其中：") + kid.name
                aside = True
            add(text, kid)
            walk(kid, depth + 1)

    for item in controls.values():
        if not item.parent:
            add(item.name, item)
            walk(item, 0)
    return rows


def indicator_value(text: str, item: Indicator) -> str:
    """年度指标值 or 实际完成值 as the form prints it: with its unit (a unit typed in the cell,
    100百分比, as typed), a target with its sign."""
    if item.unit and text and text[-1].isdigit():
        text += item.unit
    return text


def indicator_names(item: Indicator) -> dict[str, Any]:
    """One 三级指标 as its row prints it."""
    target = indicator_value(item.target_text, item)
    if item.nature in QUANTITATIVE_SIGNS and target:
        target = item.nature + target
    return {"名称": item.name, "一级指标": item.level1, "二级指标": item.level2,
            "指标性质": item.nature, "年度指标值": target,
            "实际完成值": indicator_value(item.actual_text, item), "度量单位": item.unit,
            "指标值": item.target_text, "完成值": item.actual_text,  # as entered, no unit
            "分值": item.weight, "得分": item.score, "偏差原因": item.deviation}


def card_names(report: Report, label: str, card: Scorecard | None) -> Namespace:
    """A scorecard as prose names it (总分, 执行率分值 …; None for a blank form), with its
    一级指标: each with its 名称, 分值 and 二级指标, each with its 三级指标 as entered, in
    the order of report.yaml's scoring.indicators."""
    entered: dict[tuple[str, str], list[Indicator]] = {}
    for item in card.indicators if card else []:
        entered.setdefault((item.level1, item.level2), []).append(item)
    names = scorecard_names(label, card) if card else Namespace(label, dict.fromkeys(
        ("执行率", "执行率分值", "执行率得分", "总分", "等级", "分值")))
    names["一级指标"] = [
        {"名称": level1, "分值": report.scoring.weights.get(level1),
         "二级指标": [{"名称": level2, "三级指标": [indicator_names(i) for i in
                                                 entered.get((level1, level2), [])]}
                      for level2 in level2s]}
        for level1, level2s in report.scoring.indicators.items()]
    return names


def goal_names(goals: list[Goal]) -> list[dict[str, str]]:
    return [{"预期目标": g.expected, "实际完成情况": g.actual} for g in goals]


def project_names(report: Report, project: Project | None) -> dict[str, Any]:
    """A project's form (项目.名称, 项目.资金 with 年度资金总额 first, 项目.目标, 项目.评分,
    and the columns the template adds to 项目.csv); the blank form named 无 when there is
    none."""
    own, fund_extra = _extra(report, PROJECTS), _extra(report, "项目资金")
    if project is None:
        funds = [dict.fromkeys((*BUDGET_COLUMNS, "执行率")) | {"名称": name}
                 | extra_texts(None, fund_extra) for name in report.template.project_funds]
        return {"名称": NONE, "主管部门": report.short_name, "实施单位": report.short_name,
                "资金": funds, "目标": [], "评分": card_names(report, "评分", None),
                **extra_texts(None, own)}
    return {"名称": project.name, "主管部门": project.department,
            "实施单位": project.implementer,
            "资金": [line_names(line, fund_extra) for line in (project.total, *project.funds)],
            "目标": goal_names(project.goals),
            "评分": card_names(report, f'项目自评["{project.name}"]', project.card),
            **extra_texts(project.record, own)}


def _extra(report: Report, table: str) -> tuple[str, ...]:
    rule = report.template.tables.get(table)
    return rule.extra if rule else ()


def form_names(report: Report, derived: Derived) -> dict[str, Any]:
    """What a form's cells may name: the report's own (单位, 年度, 人员, 自评 as prose names
    them) and the form's rows (经费控制行, 楼堂馆所, 收入性质 …; README lists them)."""
    staffing, budget = derived.staffing, derived.budget
    evaluation = card_names(report, "自评", derived.evaluation)
    return {
        "单位": Namespace("单位", {"名称": report.unit_name, "简称": report.short_name}),
        "年度": report.year,
        "上年度": report.year - 1,
        "人员": Namespace("人员", {"编制数": staffing.authorised,
                                "实际在职人数": staffing.actual, "控制率": staffing.rate}),
        "表文字": Namespace("表文字", dict(report.forms)),
        "预算总额": line_names(budget.total),
        "收入性质": [line_names(line) for line in budget.income],
        "支出性质": [line_names(line) for line in budget.expenditure],
        "目标": goal_names(derived.goals),
        "经费控制行": control_rows(derived.controls),
        "楼堂馆所": [{"名称": b.name, "批复规模": b.approved_scale, "实际规模": b.actual_scale,
                   "规模控制率": b.scale_rate, "预算投资": b.budget_investment,
                   "实际投资": b.actual_investment, "投资概算控制率": b.investment_rate}
                  for b in derived.buildings],
        "自评": evaluation,
        "评分": evaluation,  # the scorecard of the form: a project form's is its project's
    }


# ---------------------------------------------------------------------------- filling a form

@pass_context
def _fit(context, name: str, chars: float) -> str:
    return fit(name, chars, context.get(BREAKS))


def _side_by_side(*lists: list) -> list[tuple]:
    """并列(收入性质, 支出性质): the lists' items in pairs, None where one list is shorter."""
    return list(zip_longest(*lists))


class FormEnvironment(ProseEnvironment):
    """The cells' environment: a cell's text is table text, escaped where the table is
    written (tables.Table.html), so a placeholder prints it as it is, not as Markdown."""

    compiled = CompiledTemplates()
    prints_text = False


@cache
def form_environment():
    """The sandbox prose runs in, its number filters blank for a figure that is missing (a
    form leaves the cell empty where prose writes 0.00)."""
    env = environment(SearchPath(()), FormEnvironment)  # a form includes no file
    env.filters.update({"amount": format_amount, "percent": format_percent,
                        "count": format_count, "plain": format_plain, "fit": _fit})
    env.globals["并列"] = _side_by_side
    return env


@cache
def _compiled(text: str):
    return form_environment().from_string(text)


@cache
def _expression(text: str):
    return form_environment().compile_expression(text)


def _fill(where: Location, run):
    """``run()``, a placeholder's failure as one line at the declaration's own line."""
    try:
        return run()
    except UndefinedError as exc:
        raise UserError(where, _("a form names a figure the derived data does not have "
                                  "({problem})").format(problem=exc.message),
                        _("a name README lists for forms")) from None
    except TemplateError as exc:
        raise UserError(where, _("a form's placeholder failed ({problem})").format(
                            problem=exc.message),
                        _("{{ name }} placeholders and {% %} tags closed")) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise UserError(where, _("a form's placeholder failed: {problem}").format(problem=exc),
                        _("a filter applied to a figure of that kind")) from None


def _text(text: str, where: Location, names: dict[str, Any]) -> str:
    if "{" not in text:
        return text
    return _fill(where, lambda: _compiled(text).render(names))


def _value(expression: str, where: Location, names: dict[str, Any]) -> Any:
    return _fill(where, lambda: _expression(expression)(**names))


def _cell(spec: CellSpec, names: dict[str, Any] | None, rowspan: int | None = None) -> Cell:
    """A declared cell filled (``names`` None: a kept blank row's, without text)."""
    text = "" if names is None else _text(spec.text, spec.where, names)
    return Cell(text, rowspan or spec.rowspan, spec.colspan, spec.align)


def _rows(specs: tuple[RowSpec | BlockSpec, ...],
          names: dict[str, Any] | None) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for spec in specs:
        if isinstance(spec, RowSpec):
            rows.append([_cell(cell, names) for cell in spec.cells])
        else:
            rows += _block(spec, names)
    return rows


def _block(spec: BlockSpec, names: dict[str, Any] | None) -> list[list[Cell]]:
    """A block's rows: once, or per item of ``each`` with ``min`` rows kept, blank; its side
    cell before the first row, spanning them all."""
    if not spec.each:
        return _beside(spec, names, _rows(spec.rows, names))
    if names is None:  # a repeated block inside a kept blank row: nothing to repeat
        return []
    items = list(_value(spec.each, spec.where, names) or [])
    least = _value(spec.min, spec.where, names) if spec.min else 0
    if not isinstance(least, int):
        raise UserError(spec.where,
                        _("min: {min} is {value}").format(min=spec.min, value=repr(least)),
                        _("a whole number of rows"))
    rows: list[list[Cell]] = []
    for index, item in enumerate(items):
        inner = {**names, spec.name: item, INDEX: index + 1}
        rows += _beside(spec, inner, _rows(spec.rows, inner))
    for _blank in range(len(items), least):
        rows += _beside(spec, None, _rows(spec.rows, None))
    return rows


def _beside(spec: BlockSpec, names: dict[str, Any] | None,
            rows: list[list[Cell]]) -> list[list[Cell]]:
    if spec.side is not None and rows:
        rows[0] = [_cell(spec.side, names, rowspan=len(rows)), *rows[0]]
    return rows


def _table(spec: TableSpec, names: dict[str, Any], path) -> Table:
    rows = tuple(tuple(row) for row in _rows(spec.rows, names))
    try:
        return Table(columns(*spec.widths), rows, spec.header_rows)
    except ValueError as exc:
        raise UserError(path, _("a table whose cells do not tile its {count} columns: "
                                "{problem}").format(count=len(spec.widths), problem=exc),
                        _("each row's cells, with their spans, filling every column "
                          "once")) from None


def fill_form(number: int, title: str, spec: FormSpec, names: dict[str, Any]) -> Form:
    """One form of ``spec`` with ``names``; 无, unsigned, when what it ``requires`` is
    missing."""
    names = {**names, **(spec.names or {})}
    if spec.requires and _value(spec.requires, Location(spec.path), names) is None:
        return Form(number, title, signed=False)
    notes = tuple(text for text in (_text(note, where, names) for note, where in spec.notes)
                  if text)
    return Form(number, title, tuple(_table(table, names, spec.path) for table in spec.tables),
                notes, spec.signed)


def build_forms(report: Report, derived: Derived,
                attachments: tuple[Attachment, ...]) -> list[Form]:
    """Every attachment's forms, numbered and titled as the attachment list has them."""
    names = form_names(report, derived)
    forms: list[Form] = []
    for number, attachment in enumerate(attachments, start=1):
        title = f"{report.year}年度{attachment.title}"
        spec = report.template.forms[attachment.form or attachment.key]
        fund = derived.funds.get(attachment.key)
        own = {**names, "资金": {"行": [line_names(line) for line in (*fund.lines, fund.total)]}
               if fund else None}
        if spec.each != PROJECTS:
            forms.append(fill_form(number, title, spec, own))
            continue
        projects: list[Project | None] = [
            p for p in derived.projects
            if not attachment.project or p.name == attachment.project] or [None]
        for project in projects:
            item = project_names(report, project)
            forms.append(fill_form(number, title, spec,
                                   {**own, PROJECTS: item, "评分": item["评分"]}))
    return forms


def forms_markdown(report: Report, derived: Derived, attachments: tuple[Attachment, ...],
                   page: FormPage) -> str:
    """The forms of ``attachments`` as Markdown, each from a new page of ``page``."""
    signature = signature_line(report)
    return "\n".join(form.markdown(signature, page)
                     for form in build_forms(report, derived, attachments))
