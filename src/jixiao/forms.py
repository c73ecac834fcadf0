"""The attached forms 附件1–6, laid out like the official ones, from derived figures only.

Each form is built as ``Table`` values (jixiao.tables) from ``Derived``: no figure is typed
here, every amount goes through jixiao.numbers, and a missing figure leaves its cell blank.
Merges follow the official forms as the example's filed report has them: label cells
spanning their rows, "产出指标(30分)" spanning its indicators, blank rows kept where the
official form has them. ``forms_markdown`` writes them into the document, each on a new
page under "附件N" and its title, with the notes and the signature line beneath.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .derive import BUDGET_COLUMNS, CONTROL_COLUMNS, ControlItem, Derived
from .numbers import format_amount, format_count, format_percent, format_plain
from .outline import Attachment
from .project import SIGNATURE_FIELDS, Report
from .tables import Cell, Table

# The official self-evaluation form's indicator rows: the second-level indicators of each
# first-level one, and how many rows the blank form gives each second-level indicator.
LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}
FORM_ROWS = {"产出指标": 2, "效益指标": 2, "满意度指标": 3, "成本指标": 1}
# Where the official form breaks its longer labels: never inside a word.
LABEL_BREAKS = {
    "服务对象满意度指标": "服务对象\n满意度指标",
    "生态环境成本指标": "生态环境\n成本指标",
    "可持续影响指标": "可持续影响\n指标",
}
NONE = "无"
CELL_PADDING = 0.6  # characters of table text taken by a cell's margins (1 mm a side, 五号)
INDENT = "\u3000"  # a full-width space: the width of one character of table text


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
        blocks = ["\\newpage", f"::: attachment-label\n附件{self.number}\n:::",
                  f"::: form-title\n{self.title}\n:::"]
        blocks += [table.html() for table in self.tables] or [NONE]
        blocks += [f"::: table-note\n{note}\n:::" for note in self.notes]
        if self.signed:
            blocks.append(f"::: table-note\n{signature}\n:::")
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
        kids = [controls[name] for name in item.children]
        position, aside = 0, False
        for kid in kids:
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


def basic_data_form(number: int, title: str, report: Report, derived: Derived) -> Form:
    """附件1: 财政供养人员, 经费控制情况, 楼堂馆所控制情况, 厉行节约保障措施."""
    year = report.year
    staffing = derived.staffing
    rows: list[tuple[Cell, ...]] = [
        (label("财政供养人员\n情况(人)", rowspan=2), head("编制数", colspan=2),
         head(f"{year}年实际\n在职人数", colspan=2), head("控制率", colspan=2)),
        (figure(format_count(staffing.authorised), 2), figure(format_count(staffing.actual), 2),
         figure(format_percent(staffing.rate), 2)),
        (label("经费控制情况(万元)"),
         *(head(f"{year + offset}年{column[2:]}", colspan=2)
           for offset, column in zip((-1, 0, 0), CONTROL_COLUMNS, strict=True))),
    ]
    for text, item in control_labels(derived.controls):
        rows.append((label(text),
                     *(figure(format_amount(item.values[c]), 2) for c in CONTROL_COLUMNS)))
    buildings = 1  # the form keeps one row for 楼堂馆所 even when there are none
    rows.append((label(f"楼堂馆所控制情况\n({year}年完工项目)", rowspan=1 + buildings),
                 head("批复规模\n(m²)"), head("实际规模\n(m²)"), head("规模\n控制率"),
                 head("预算投资\n(万元)"), head("实际投资\n(万元)"), head("投资概算\n控制率")))
    rows += [tuple(figure("") for _ in range(6))] * buildings
    rows.append((label("厉行节约保障措施"), label("", colspan=6)))
    return Form(number, title, (Table(BASIC_WIDTHS, tuple(rows)),), (BASIC_NOTE,))


# 附件2 部门整体支出绩效自评表 ---------------------------------------------------------

BUDGET_WIDTHS = columns(4.1, 8.0, 4.4, 4.4, 4.4, 3.0, 4.5, 3.0)
INDICATOR_WIDTHS = columns(2.1, 5.1, 6.1, 5.0, 4.1, 4.1, 2.1, 2.6, 4.1)
INDICATOR_HEADINGS = ("一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值",
                      "分值", "得分", "偏差原因\n分析及\n改进措施")


def budget_table(derived: Derived, unit_name: str) -> Table:
    """预算部门名称, 年度预算申请 (the 年度资金总额 block) and 年度总体目标."""
    budget = derived.budget
    total = budget.total
    income, expenditure = budget.income, budget.expenditure
    splits = max(len(income), len(expenditure), 1)

    def split(lines, index: int, colspan: int) -> Cell:
        if index >= len(lines):
            return label("", colspan=colspan)
        line = lines[index]
        prefix = "其中：" if index == 0 else ""
        return label(f"{prefix}{line.name}：{format_amount(line.values['年初预算数'])}",
                     colspan=colspan)

    rows: list[tuple[Cell, ...]] = [
        (label("预算部门\n名称"), label(unit_name, colspan=7)),
        (label("年度预算\n申请\n(万元)", rowspan=3 + splits), label(""),
         head("年初\n预算数"), head("全年\n预算数"), head("全年\n执行数"), head("分值"),
         head("执行率"), head("得分")),
        (label(total.name), *(figure(format_amount(total.values[c])) for c in BUDGET_COLUMNS),
         figure(format_plain(budget.weight)), figure(format_percent(total.rate)),
         figure(format_plain(budget.score))),
        (label("按收入性质分：", colspan=4), label("按支出性质分：", colspan=3)),
        *((split(income, i, 4), split(expenditure, i, 3)) for i in range(splits)),
        (label("年度总体\n目标", rowspan=2), head("预期目标", colspan=4),
         head("实际完成情况", colspan=3)),
        (label("", colspan=4), label("", colspan=3)),
    ]
    return Table(BUDGET_WIDTHS, tuple(rows))


def indicator_table(report: Report, indicators: Iterable = ()) -> Table:
    """绩效指标: 一级指标 "产出指标(30分)" spanning its rows, 二级 spanning theirs, 总分."""
    weights = report.scoring.weights
    by_level: dict[tuple[str, str], list] = {}
    for indicator in indicators:
        by_level.setdefault((indicator.level1, indicator.level2), []).append(indicator)
    body: list[tuple[Cell, ...]] = []
    for level1, level2s in LEVELS.items():
        first_of_level1 = len(body)
        for level2 in level2s:
            items = by_level.get((level1, level2), [])
            count = max(len(items), FORM_ROWS[level1])
            for index in range(count):
                cells: list[Cell] = []
                if index == 0:
                    cells.append(label(LABEL_BREAKS.get(level2, level2), rowspan=count))
                cells += indicator_cells(items[index] if index < len(items) else None)
                body.append(tuple(cells))
        span = len(body) - first_of_level1
        weight = format_plain(weights.get(level1))
        body[first_of_level1] = (label(f"{level1}\n({weight}分)", rowspan=span),
                                 *body[first_of_level1])
    rows = [
        (head("绩效\n指标"), *(head(text) for text in INDICATOR_HEADINGS)),
        (label("", rowspan=len(body)), *body[0]),
        *body[1:],
        (head("总分", colspan=6), figure(""), figure(""), label("")),
    ]
    return Table(INDICATOR_WIDTHS, tuple(rows), header_rows=1)


def indicator_cells(indicator) -> list[Cell]:
    """三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因: blank for a kept blank row."""
    if indicator is None:
        return [label(""), label(""), label(""), figure(""), figure(""), label("")]
    return [label(indicator.name), label(indicator.target), label(indicator.actual),
            figure(format_plain(indicator.weight)), figure(format_plain(indicator.score)),
            label(indicator.deviation)]


def department_form(number: int, title: str, report: Report, derived: Derived) -> Form:
    """附件2: the budget block and the indicator table."""
    return Form(number, title, (budget_table(derived, report.unit_name),
                                indicator_table(report)))


# 附件3 项目支出绩效自评表, 附件4–6 ------------------------------------------------------

PROJECT_NOTE = ("备注：一个一级项目支出一张表。如，业务工作经费，运行维护经费，"
                "其他事业发展类资金…各一张表。")
PROJECT_FUNDS = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")


def project_table(report: Report, name: str) -> Table:
    """项目支出名称, 主管部门 and 实施单位, 项目资金, 年度总体目标."""
    rows: list[tuple[Cell, ...]] = [
        (label("项目支出\n名称"), label(name, colspan=7)),
        (label("主管部门"), label(report.short_name, colspan=3), label("实施\n单位"),
         label(report.short_name, colspan=3)),
        (label("项目资金\n(万元)", rowspan=1 + len(PROJECT_FUNDS)), label(""),
         head("年初\n预算数"), head("全年\n预算数"), head("全年\n执行数"), head("分值"),
         head("执行率"), head("得分")),
        *((label(fund), *(figure("") for _ in range(6))) for fund in PROJECT_FUNDS),
        (label("年度总体\n目标", rowspan=2), head("预期目标", colspan=4),
         head("实际完成情况", colspan=3)),
        (label("", colspan=4), label("", colspan=3)),
    ]
    return Table(BUDGET_WIDTHS, tuple(rows))


def project_form(number: int, title: str, report: Report, derived: Derived) -> Form:
    """附件3: one form per 一级项目; the blank form named 无 when the unit has none."""
    return Form(number, title, (project_table(report, NONE), indicator_table(report)),
                (PROJECT_NOTE,))


def empty_form(number: int, title: str, report: Report, derived: Derived) -> Form:
    """附件4–6: the unit had no such funds, so the form says 无."""
    return Form(number, title, signed=False)


BUILDERS = {
    "基础数据表": basic_data_form,
    "部门自评表": department_form,
    "项目自评表": project_form,
    "政府性基金": empty_form,
    "国有资本经营": empty_form,
    "社会保险基金": empty_form,
}


def build_forms(report: Report, derived: Derived,
                attachments: tuple[Attachment, ...]) -> list[Form]:
    """Every attachment's form, numbered and titled as the attachment list has them."""
    return [BUILDERS[a.key](number, f"{report.year}年度{a.title}", report, derived)
            for number, a in enumerate(attachments, start=1)]


def forms_markdown(report: Report, derived: Derived,
                   attachments: tuple[Attachment, ...]) -> str:
    """The forms of ``attachments`` as Markdown, each from a new page."""
    signature = signature_line(report)
    return "\n".join(form.markdown(signature)
                     for form in build_forms(report, derived, attachments))
