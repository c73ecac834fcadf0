"""The attached forms 附件1–6, laid out like the official ones, from derived figures only.

Each form is built as ``Table`` values (jixiao.render.tables) from ``Derived``: no figure is typed
here, every amount goes through jixiao.numbers, and a missing figure leaves its cell blank.
Merges follow the official forms as the example's filed report has them: label cells
spanning their rows, "产出指标（30分）" spanning its indicators, blank rows kept where the
official form has them. ``forms_markdown`` writes them into the document, each on a new
page under "附件N" and its title, with the notes and the signature line beneath.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.derive.accounts import CONTROL_COLUMNS, BudgetLine, ControlItem, FundTable
from jixiao.derive.report import Derived, Goal, Project
from jixiao.derive.scoring import Indicator, Scorecard
from jixiao.load.outline import Attachment
from jixiao.load.schemas import BUDGET_COLUMNS
from jixiao.load.settings import SIGNATURE_FIELDS, Report
from jixiao.numbers import format_amount, format_count, format_percent, format_plain
from jixiao.render.markdown_safety import markdown_text
from jixiao.render.tables import Cell, Table

# How many rows the official self-evaluation form gives each 二级指标 of a 一级指标: rows
# without an indicator stay, blank, as on the form; other 一级指标 get one row each.
FORM_ROWS = {"产出指标": 2, "效益指标": 2, "满意度指标": 3, "成本指标": 1}
QUANTITATIVE_SIGNS = ("≥", "＞", "≤", "＜", "=", "＝", ">=", "<=", ">", "<")
# Where the official form breaks its longer labels: never inside a word.
LABEL_BREAKS = {
    "服务对象满意度指标": "服务对象\n满意度指标",
    "生态环境成本指标": "生态环境\n成本指标",
}
NONE = "无"
CELL_PADDING = 0.6  # characters of table text taken by a cell's margins (1 mm a side, 五号)
INDENT = "\u3000"  # a full-width space: the width of one character of table text


def fit(name: str, chars: float) -> str:
    """An indicator name broken to fit ``chars`` characters a line, never inside a word:
    where the official form breaks it, else before its closing "指标"."""
    if len(name) <= chars:
        return name
    if name in LABEL_BREAKS:
        return LABEL_BREAKS[name]
    return name[:-2] + "\n指标" if name.endswith("指标") else name


def columns(*chars: float) -> tuple[float, ...]:
    """Relative column widths from the characters each column must hold on one line.

    Chosen so the longest label of each column fits unbroken, or breaks where the official
    form breaks it; the widths are then scaled to fill the type area.
    """
    return tuple(c + CELL_PADDING for c in chars)


def label(text: str, align: str = "left", rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan, align)


def head(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    """A column heading: centred, broken where the official form breaks it."""
    return Cell(text, rowspan, colspan, "center")


def figure(text: str, colspan: int = 1) -> Cell:
    """A computed or entered figure: right-aligned, blank when there is none."""
    return Cell(text, 1, colspan, "right")


@dataclass(frozen=True)
class Form:
    """One page-starting form: its attachment number and title, tables, notes, signature."""

    number: int
    title: str
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    signed: bool = True

    def markdown(self, signature: str) -> str:
        """The form's Markdown; its notes and signature line (report.yaml's texts) as text."""
        blocks = [f"::: attachment-label\n附件{self.number}\n:::",  # starts a page (styles.yaml)
                  f"::: form-title\n{self.title}\n:::"]
        blocks += [table.markdown() for table in self.tables] or [NONE]
        notes = [*self.notes, *([signature] if self.signed else [])]
        blocks += [f"::: table-note\n{markdown_text(note)}\n:::" for note in notes]
        return "\n\n".join(blocks) + "\n"


def signature_line(report: Report) -> str:
    """填表人、填报日期、联系电话、单位负责人签字 with what report.yaml gives, room to sign."""
    blank = INDENT * 3
    return INDENT.join(f"{name}：{report.signature.get(name) or blank}"
                             for name in SIGNATURE_FIELDS)


# 附件1 部门整体支出绩效评价基础数据表 ------------------------------------------------

BASIC_WIDTHS = columns(13.2, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1)
BASIC_NOTE = ("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，"
              "“公用经费”填报基本支出中的一般商品和服务支出。")


def control_labels(controls: dict[str, ControlItem]) -> list[tuple[str, ControlItem]]:
    """The 经费控制 rows in order, labelled as the form numbers them.

    Top-level rows by name; their parts numbered "1、"; deeper parts and the 其中 rows of a
    parent led by "其中：" on the first and aligned under it on the others.
    """
    rows: list[tuple[str, ControlItem]] = []

    def walk(item: ControlItem, depth: int) -> None:
        position, aside = 0, False
        for kid in (controls[name] for name in item.children):
            if depth == 0 and kid.is_part_of:
                position += 1
                text = f"{position}、{kid.name}"
            else:
                text = (INDENT * 3 if aside else "其中：") + kid.name
                aside = True
            rows.append((text, kid))
            walk(kid, depth + 1)

    for item in controls.values():
        if not item.parent:
            rows.append((item.name, item))
            walk(item, 0)
    return rows


def basic_data_forms(number: int, title: str, report: Report, derived: Derived) -> list[Form]:
    """附件1: 财政供养人员, 经费控制情况, 楼堂馆所控制情况, 厉行节约保障措施."""
    year = report.year
    staffing = derived.staffing
    rows: list[tuple[Cell, ...]] = [
        (label("财政供养人员\n情况（人）", rowspan=2), head("编制数", colspan=2),
         head(f"{year}年实际\n在职人数", colspan=2), head("控制率", colspan=2)),
        (figure(format_count(staffing.authorised), 2), figure(format_count(staffing.actual), 2),
         figure(format_percent(staffing.rate), 2)),
        (label("经费控制情况（万元）"),
         *(head(f"{year + offset}年{column[2:]}", colspan=2)
           for offset, column in zip((-1, 0, 0), CONTROL_COLUMNS, strict=True))),
    ]
    for text, item in control_labels(derived.controls):
        rows.append((label(text),
                     *(figure(format_amount(item.values[c]), 2) for c in CONTROL_COLUMNS)))
    buildings = [(format_plain(b.approved_scale), format_plain(b.actual_scale),
                  format_percent(b.scale_rate), format_amount(b.budget_investment),
                  format_amount(b.actual_investment), format_percent(b.investment_rate))
                 for b in derived.buildings] or [("",) * 6]  # the form keeps one blank row
    rows.append((label(f"楼堂馆所控制情况\n（{year}年完工项目）", rowspan=1 + len(buildings)),
                 head("批复规模\n（m²）"), head("实际规模\n（m²）"), head("规模\n控制率"),
                 head("预算投资\n（万元）"), head("实际投资\n（万元）"), head("投资概算\n控制率")))
    rows += [tuple(figure(text) for text in building) for building in buildings]
    rows.append((label("厉行节约保障措施"),
                 label(report.forms.get("厉行节约保障措施", ""), colspan=6)))
    extra = report.forms.get("说明", "")
    notes = (BASIC_NOTE, *([extra] if extra else []))
    return [Form(number, title, (Table(BASIC_WIDTHS, tuple(rows)),), notes)]


# 附件2 部门整体支出绩效自评表 ---------------------------------------------------------

BUDGET_WIDTHS = columns(4.1, 9.2, 4.4, 4.4, 4.4, 3.0, 4.5, 3.0)
INDICATOR_CHARS = (2.1, 4.5, 5.1, 5.6, 4.1, 4.1, 2.1, 3.1, 6.4)  # 一级: "（30分）" is 4.1 wide
INDICATOR_WIDTHS = columns(*INDICATOR_CHARS)
INDICATOR_HEADINGS = ("一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值",
                      "分值", "得分", "偏差原因\n分析及\n改进措施")


def budget_row(line: BudgetLine, text: str, card: Scorecard | None = None) -> tuple[Cell, ...]:
    """A 年度资金总额-style row: the three amounts, then 分值, 执行率 and 得分.

    分值 and 得分 belong to the total only (``card`` given); a part shows its 执行率.
    """
    return (label(text), *(figure(format_amount(line.values[c])) for c in BUDGET_COLUMNS),
            figure(format_plain(card.execution_weight) if card else ""),
            figure(format_percent(line.rate)),
            figure(format_plain(card.execution_score) if card else ""))


def goal_rows(goals: list[Goal]) -> list[tuple[Cell, ...]]:
    """年度总体目标: its label beside 预期目标 | 实际完成情况, a row per goal (one if none)."""
    lines = [(g.expected, g.actual) for g in goals] or [("", "")]
    return [(label("年度总体\n目标", rowspan=1 + len(lines)), head("预期目标", colspan=3),
             head("实际完成情况", colspan=4)),
            *((label(expected, colspan=3), label(actual, colspan=4))
              for expected, actual in lines)]


def budget_table(derived: Derived, unit_name: str) -> Table:
    """预算部门名称, 年度预算申请 (the 年度资金总额 block) and 年度总体目标."""
    budget = derived.budget
    income, expenditure = budget.income, budget.expenditure
    splits = max(len(income), len(expenditure), 1)

    def split(lines: list[BudgetLine], index: int, colspan: int) -> Cell:
        if index >= len(lines):
            return label("", colspan=colspan)
        line = lines[index]
        prefix = "其中：" if index == 0 else ""
        return label(f"{prefix}{line.name}：{format_amount(line.values['年初预算数'])}",
                     colspan=colspan)

    rows: list[tuple[Cell, ...]] = [
        (label("预算部门\n名称"), label(unit_name, colspan=7)),
        (label("年度预算\n申请\n（万元）", rowspan=3 + splits), label(""),
         head("年初\n预算数"), head("全年\n预算数"), head("全年\n执行数"), head("分值"),
         head("执行率"), head("得分")),
        budget_row(budget.total, budget.total.name, derived.evaluation),
        (label("按收入性质分：", colspan=3), label("按支出性质分：", colspan=4)),
        *((split(income, i, 3), split(expenditure, i, 4)) for i in range(splits)),
        *goal_rows(derived.goals),
    ]
    return Table(BUDGET_WIDTHS, tuple(rows))


def indicator_table(report: Report, card: Scorecard | None) -> Table:
    """绩效指标: 一级指标 "产出指标（30分）" spanning its rows, 二级 spanning theirs, 总分.

    The 一级 and 二级 of report.yaml's scoring.indicators, in that order, each with its
    entered indicators and the blank rows the official form keeps; ``card`` None gives the
    blank form.
    """
    entered: dict[tuple[str, str], list[Indicator]] = {}
    for item in card.indicators if card else []:
        entered.setdefault((item.level1, item.level2), []).append(item)
    body: list[tuple[Cell, ...]] = []
    for level1, level2s in report.scoring.indicators.items():
        first = len(body)
        for level2 in level2s:
            items = entered.get((level1, level2), [])
            count = max(len(items), FORM_ROWS.get(level1, 1))
            for index in range(count):
                cells = [label(fit(level2, INDICATOR_CHARS[2]), rowspan=count)] if index == 0 \
                    else []
                body.append((*cells, *indicator_cells(items[index] if index < len(items)
                                                      else None)))
        weight = format_plain(report.scoring.weights.get(level1))
        body[first] = (label(f"{fit(level1, INDICATOR_CHARS[1])}\n（{weight}分）",
                             rowspan=len(body) - first),
                       *body[first])
    rows = [
        (head("绩效\n指标"), *(head(text) for text in INDICATOR_HEADINGS)),
        (label("", rowspan=len(body)), *body[0]),
        *body[1:],
        (head("总分", colspan=6), figure(format_plain(card.weight_total) if card else ""),
         figure(format_plain(card.total) if card else ""), label("")),
    ]
    return Table(INDICATOR_WIDTHS, tuple(rows), header_rows=1)


def indicator_value(text: str, item: Indicator) -> str:
    """年度指标值 or 实际完成值 as the form prints it: with its unit (a unit typed in the cell,
    100百分比, as typed), a target with its sign."""
    if item.unit and text and text[-1].isdigit():
        text += item.unit
    return text


def indicator_cells(item: Indicator | None) -> list[Cell]:
    """三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因: blank for a kept blank row."""
    if item is None:
        return [label(""), label(""), label(""), figure(""), figure(""), label("")]
    target = indicator_value(item.target_text, item)
    if item.nature in QUANTITATIVE_SIGNS and target:
        target = item.nature + target
    return [label(item.name), label(target), label(indicator_value(item.actual_text, item)),
            figure(format_plain(item.weight)), figure(format_plain(item.score)),
            label(item.deviation)]


def department_forms(number: int, title: str, report: Report, derived: Derived) -> list[Form]:
    """附件2: the budget block and the indicator table."""
    return [Form(number, title, (budget_table(derived, report.unit_name),
                                 indicator_table(report, derived.evaluation)))]


# 附件3 项目支出绩效自评表 -------------------------------------------------------------

PROJECT_NOTE = ("备注：一个一级项目支出一张表。如，业务工作经费，运行维护经费，"
                "其他事业发展类资金…各一张表。")


def project_table(project: Project | None, report: Report) -> Table:
    """项目支出名称, 主管部门 and 实施单位, 项目资金, 年度总体目标; blank with 无 for none."""
    if project is None:
        name, department, implementer = NONE, report.short_name, report.short_name
        funds = [(text, ("",) * 6) for text in ("年度资金总额", "当年财政拨款", "上年结转资金",
                                                 "其他资金")]
        fund_rows = [(label(text), *(figure(v) for v in values)) for text, values in funds]
        goals: list[Goal] = []
    else:
        name, department, implementer = project.name, project.department, project.implementer
        fund_rows = [budget_row(project.total, project.total.name, project.card),
                     *(budget_row(line, line.name) for line in project.funds)]
        goals = project.goals
    first_fund = fund_rows[1]
    fund_rows[1] = (label("其中：" + first_fund[0].text), *first_fund[1:])
    rows: list[tuple[Cell, ...]] = [
        (label("项目支出\n名称"), label(name, colspan=7)),
        (label("主管部门"), label(department, colspan=3), label("实施\n单位"),
         label(implementer, colspan=3)),
        (label("项目资金\n（万元）", rowspan=1 + len(fund_rows)), label(""),
         head("年初\n预算数"), head("全年\n预算数"), head("全年\n执行数"), head("分值"),
         head("执行率"), head("得分")),
        *fund_rows,
        *goal_rows(goals),
    ]
    return Table(BUDGET_WIDTHS, tuple(rows))


def project_forms(number: int, title: str, report: Report, derived: Derived,
                  only: str = "") -> list[Form]:
    """附件3: one form per 一级项目 (``only`` that project's); the blank form named 无 when
    the unit has none."""
    projects: list[Project | None] = [p for p in derived.projects
                                      if not only or p.name == only] or [None]
    return [Form(number, title, (project_table(project, report),
                                 indicator_table(report, project.card if project else None)),
                 (PROJECT_NOTE,))
            for project in projects]


# 附件4–6 政府性基金, 国有资本经营, 社会保险基金预算支出情况表 ------------------------------

FUND_WIDTHS = columns(14.0, 5.0, 5.0, 5.0, 4.5)


def fund_table(fund: FundTable) -> Table:
    """A fund's spending lines and their 合计, each with its 执行率."""
    rows: list[tuple[Cell, ...]] = [
        (head("项目"), head("年初预算数\n（万元）"), head("全年预算数\n（万元）"),
         head("全年执行数\n（万元）"), head("执行率")),
        *((label(line.name), *(figure(format_amount(line.values[c])) for c in BUDGET_COLUMNS),
           figure(format_percent(line.rate))) for line in [*fund.lines, fund.total]),
    ]
    return Table(FUND_WIDTHS, tuple(rows), header_rows=1)


def fund_forms(number: int, title: str, report: Report, derived: Derived,
               key: str) -> list[Form]:
    """附件4–6: the fund's table, or 无 when the unit had none of it (no data file)."""
    fund = derived.funds.get(key)
    if fund is None:
        return [Form(number, title, signed=False)]
    return [Form(number, title, (fund_table(fund),))]


BUILDERS = {
    "基础数据表": basic_data_forms,
    "部门自评表": department_forms,
    "项目自评表": project_forms,
}


def build_forms(report: Report, derived: Derived,
                attachments: tuple[Attachment, ...]) -> list[Form]:
    """Every attachment's forms, numbered and titled as the attachment list has them."""
    forms: list[Form] = []
    for number, attachment in enumerate(attachments, start=1):
        title = f"{report.year}年度{attachment.title}"
        if attachment.project:
            forms += project_forms(number, title, report, derived, attachment.project)
        elif attachment.key in BUILDERS:
            forms += BUILDERS[attachment.key](number, title, report, derived)
        else:
            forms += fund_forms(number, title, report, derived, attachment.key)
    return forms


def forms_markdown(report: Report, derived: Derived,
                   attachments: tuple[Attachment, ...]) -> str:
    """The forms of ``attachments`` as Markdown, each from a new page."""
    signature = signature_line(report)
    return "\n".join(form.markdown(signature)
                     for form in build_forms(report, derived, attachments))
