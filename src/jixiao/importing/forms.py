"""附件1–6 read by their labels into the data files, each figure with its cell in Word.

A form is recognised by what its cells say, not by where it stands: the table that types most
of the fixed labels a form of the report's template declares (its forms/*.yaml) is that form.
It is read under the template's own headers (调整后预算数 for 全年预算数, 权重 for 分值: its
tables:), fund lines (project_funds:) and signature line (signature:), row by row: a row is
known by its label cell and its figures are taken from the grid columns of the header above
them, so merged cells and spanning labels read as drawn. Entered figures go to their tables;
every figure the form states that jixiao derives (控制率, 执行率, 得分, 分值合计, 总分, a
project's figures) goes to 填报值 as stated, for the checks to compare. Blank cells stay blank.
A form continued in a second table (the indicators below the budget block) is one form: its
rows are numbered on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.importing.headings import collapse
from jixiao.importing.template_of import form_labels, project_form
from jixiao.importing.word import Cell, Paragraph, Table, flat
from jixiao.load.template import BlockSpec, Template

KNOWN = 0.5  # the share of a form's declared labels a table must type to be that form
PROJECT_FORM, FUND_FORM = "项目自评表", "基金"
CONTROL_TOPS = ("“三公”经费", "项目支出", "公用经费", "政府采购金额", "部门基本支出预算调整")
BUDGET_HEADS = tuple((name, name) for name in ("年初预算数", "全年预算数", "全年执行数", "分值",
                                              "执行率", "得分"))
INDICATOR_HEADS = (("一级指标", "一级指标"), ("二级指标", "二级指标"), ("三级指标", "三级指标"),
                   ("年度指标值", "年度指标值"), ("实际完成值", "实际完成值"), ("分值", "分值"),
                   ("得分", "得分"), ("偏差原因", "偏差原因分析及改进措施"))
INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "实际完成值",
                     "计量单位", "分值", "得分", "定性档次", "偏差原因分析及改进措施")
SIGNS = ("≥", "≤", "＞", "＜", ">", "<", "=")
WEIGHT_NOTE = re.compile(r"[(（]\s*\d+(\.\d+)?\s*分\s*[)）]$")
SIGNATURE = re.compile(r"填表人[:：](?P<填表人>.*?)填报日期[:：](?P<填报日期>.*?)"
                       r"联系电话[:：](?P<联系电话>.*?)"
                       r"单位负责人(签字|签章|签名)?[:：]?(?P<单位负责人签字>.*)$")
NOTE = re.compile(r"^(说明|备注)[:：]")
BASIC_NOTE_START = "“项目支出”需要填报基本支出以外的所有项目支出情况"
NONE = "无"


@dataclass(frozen=True)
class Value:
    """A cell's text as filed, and where it stands in the Word file."""

    text: str
    place: str


@dataclass
class Row:
    """One row of a data file: column → value."""

    values: dict[str, Value]
    place: str  # where the row as a whole stands (its label cell)


@dataclass
class FormData:
    """Everything the forms say, ready for the data files and report.yaml."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    table_places: dict[str, str] = field(default_factory=dict)  # a table's form label cell
    stated: list[tuple[str, Value]] = field(default_factory=list)
    unit_name: Value | None = None
    signature: dict[str, Value] = field(default_factory=dict)
    signature_place: str = ""
    forms_text: dict[str, Value] = field(default_factory=dict)
    forms_seen: list[str] = field(default_factory=list)
    # the scoring scheme the indicator forms draw: 一级指标 → its 二级指标, and the weights
    indicators: dict[str, list[str]] = field(default_factory=dict)
    weights: dict[str, str] = field(default_factory=dict)
    scheme_form: str = ""  # the form the scheme was read from
    placed_cells: set[tuple[int, int, int]] = field(default_factory=set)
    blank_form_names: list[Value] = field(default_factory=list)  # 附件3 of no project
    unplaced: list[tuple[str, str]] = field(default_factory=list)

    def add(self, table: str, row: Row, place: str | None = None) -> None:
        self.tables.setdefault(table, []).append(row)
        if place and table not in self.table_places:
            self.table_places[table] = place

    def declare(self, table: str, place: str) -> None:
        """A table the form holds, even when no row of it is filled."""
        self.tables.setdefault(table, [])
        self.table_places.setdefault(table, place)


def signature_pattern(fields: tuple[str, ...]) -> re.Pattern:
    """The line under a form, its fields the template's (填表人 …, or 项目负责人 …)."""
    if set(fields) == set(SIGNATURE.groupindex):
        return SIGNATURE
    last = len(fields) - 1
    return re.compile("".join(rf"{re.escape(name)}[:：](?P<{name}>.*{'' if n == last else '?'})"
                              for n, name in enumerate(fields)) + "$")


class FormReader:
    """Reads the forms' tables and surrounding lines in document order."""

    def __init__(self, template: Template):
        self.template = template
        self.signature = signature_pattern(template.signature)
        _name, form = project_form(template) or (None, None)
        first = form.tables[0].rows[0] if form else None
        # the label of the project form's name cell (项目支出名称, 项目名称); none without one
        self.project_names = (flat(first.cells[0].text),) if first and not isinstance(
            first, BlockSpec) else ()
        self.project_labels = form_labels(form) if form else set()
        attachments = [a for document in template.outline.values()
                       for a in (*document.attachments, *document.alone_attachments)]
        # a form several attachments share is a fund's (资金表 for 附件4–6), named by its title
        self.funds = tuple(dict.fromkeys(a.key for a in attachments if a.form))
        self.numbers: dict[str, int] = {}
        for document in template.outline.values():
            for n, a in enumerate(document.attachments or document.alone_attachments, 1):
                self.numbers.setdefault(a.key, n)
        shared = {a.form for a in attachments if a.form}
        # each form's kind, as the readers below know it, and the labels of each of its tables
        self.form_tables = {
            PROJECT_FORM if spec.each == "项目" else FUND_FORM if name in shared else name:
                [form_labels(spec, n) for n in range(len(spec.tables))]
            for name, spec in template.forms.items()}
        funds = template.tables.get("项目资金")
        indicators = template.tables.get("项目指标")
        self.weight_head = indicators.header("分值") if indicators else "分值"
        self.budget_heads = tuple(
            (funds.header(c) if funds else c, c) for c in ("年初预算数", "全年预算数", "全年执行数")
        ) + ((self.weight_head, "分值"), *BUDGET_HEADS) + tuple(
            (extra, extra) for extra in (funds.extra if funds else ()))
        self.indicator_heads = tuple(
            (indicators.header(c), c) for c in INDICATOR_COLUMNS
            if indicators and c not in ("一级指标", "二级指标", "三级指标")) + INDICATOR_HEADS
        goals = template.tables.get("项目目标")
        self.goal_labels = {flat(goals.header(c)): c for c in ("预期目标", "实际完成情况")} \
            if goals and goals.names else {}
        project = template.tables.get("项目")
        self.project_texts = project.extra if project else ()
        self.data = FormData()
        self.form: str | None = None  # the form being read: 附件2, 附件3「…」
        self.kind: str | None = None
        self.rows_before = 0  # rows of the form's earlier tables
        self.fund_title: str | None = None
        self.paragraphs_after = 0
        self.state: dict = {}
        self.label: str | None = None  # the 附件N typed above the next form, as the file says

    # surroundings ----------------------------------------------------------------------

    def paragraph(self, paragraph: Paragraph) -> bool:
        """Whether the paragraph belongs to a form (its title, note, signature or 无)."""
        text = paragraph.text.strip()
        flat_text = flat(text)
        for fund in self.funds:
            if fund in flat_text and "表" in flat_text:
                self.fund_title = fund
                self.kind = None
        self.paragraphs_after += 1
        place = f"{self.form or '附件'} 表下第{self.paragraphs_after}段"
        signature = self.signature.search(collapse(text).replace(" ", "\u3000"))
        if signature:
            if not self.data.signature:
                self.data.signature = {key: Value(signature.group(key).strip(" \u3000"), place)
                                       for key in self.template.signature}
                self.data.signature_place = place
            return True
        if NOTE.match(text):
            if self.kind == "基础数据表" and BASIC_NOTE_START not in text:
                # the form prints its standard 说明; another one is kept as forms: 说明
                self.data.forms_text.setdefault("说明", Value(NOTE.sub("", text), place))
            return True
        if len(flat_text) <= 40 and ("表" in flat_text or "年度" in flat_text) \
                or flat_text == NONE:  # a form's title, on one line or two
            return True
        return False

    # tables ------------------------------------------------------------------------------

    def table(self, table: Table) -> bool:
        """Whether ``table`` is (part of) a form; if so its figures are read."""
        kind = self.classify({flat(text) for text in table.texts()})
        if kind is None:
            return False
        if kind == "指标":
            self.rows_before += len(self.state.get("rows", []))
        else:
            self.start(kind)
        self.state["rows"] = table.rows
        self.paragraphs_after = 0
        for number, row in enumerate(table.rows, 1 + self.rows_before):
            self.read_row(table, number, row)
        return True

    def classify(self, words: set[str]) -> str | None:
        """The form whose first table's declared labels the table types most of; else 指标,
        a later table of the form being read (its indicators, 评价结论 …); else none."""
        share = {kind: len(tables[0] & words) / len(tables[0])
                 for kind, tables in self.form_tables.items() if tables[0]}
        kind = max(share, key=share.get, default=None)
        if kind is not None and share[kind] >= KNOWN:
            return kind
        later = self.form_tables.get(self.kind or "", [])[1:]
        if any(labels and len(labels & words) >= KNOWN * len(labels) for labels in later):
            return "指标"
        return None

    def start(self, kind: str) -> None:
        if kind == FUND_FORM:
            kind = self.fund_title or self.funds[0]
        self.kind, self.rows_before, self.state = kind, 0, {}
        self.form = self.label or f"附件{self.numbers.get(kind, 1)}"
        self.label = None
        self.data.forms_seen.append(kind)

    def place(self, number: int, cell: Cell) -> str:
        return f"{self.form} 第{number}行 第{cell.col + 1}列"

    def value(self, table: Table, number: int, cell: Cell | None) -> Value:
        if cell is None:
            return Value("", "")
        self.data.placed_cells.add((table.index, cell.row, cell.col))
        return Value("" if cell.continued else cell.text.replace("\n", ""),
                     self.place(number, cell))

    def label_cell(self, table: Table, cell: Cell) -> None:
        self.data.placed_cells.add((table.index, cell.row, cell.col))

    @staticmethod
    def at(row: list[Cell], col: int) -> Cell | None:
        return next((cell for cell in row if cell.col <= col < cell.col + cell.span), None)

    @staticmethod
    def find(row: list[Cell], *words: str) -> Cell | None:
        return next((cell for cell in row if not cell.continued
                     and any(cell.words.startswith(w) for w in words)), None)

    def after(self, row: list[Cell], cell: Cell) -> Cell | None:
        return self.at(row, cell.col + cell.span)

    def heads(self, row: list[Cell], names) -> dict[str, int]:
        """Each column's grid column, by a head that starts or ends with its name (偏差原因…,
        预算执行率)."""
        found = {}
        for cell in row:
            text = cell.words
            for word, column in names:
                if (text.startswith(word) or text.endswith(word)) and column not in found:
                    found[column] = cell.col
        return found

    def read_row(self, table: Table, number: int, row: list[Cell]) -> None:
        reader = {"基础数据表": self.basic_row, "部门自评表": self.budget_row,
                  "项目自评表": self.budget_row}.get(self.kind, self.fund_row)
        reader(table, number, row)

    def stated(self, name: str, value: Value) -> None:
        if value.text:
            self.data.stated.append((name, value))

    # 附件1 ---------------------------------------------------------------------------------

    def basic_row(self, table: Table, number: int, row: list[Cell]) -> None:
        state = self.state
        mode = state.get("mode")
        label = row[0] if row else None
        label_text = label.words if label and not label.continued else ""
        if self.find(row, "编制数"):
            staff = state["staff"] = {}
            for cell in row:
                text = cell.words
                if text.startswith("编制数"):
                    staff["编制数"] = cell.col
                elif "在职" in text:
                    staff["实际在职人数"] = cell.col
                elif text.startswith("控制率"):
                    staff["控制率"] = cell.col
            self.mark_labels(table, row)
            state["mode"] = "staff"
            return
        if mode == "staff":
            cols = state["staff"]
            values = {name: self.value(table, number, self.at(row, col))
                      for name, col in cols.items()}
            self.data.add("人员", Row({k: values[k] for k in ("编制数", "实际在职人数")
                                       if k in values}, self.place(number, row[0])),
                          self.place(number - 1, row[0]))
            if "控制率" in values:
                self.stated("在职人员控制率", values["控制率"])
            self.label_cell(table, row[0])
            state["mode"] = None
            return
        if label_text.startswith("经费控制情况"):
            heads = [cell for cell in row[1:] if cell.words]
            state["controls"] = dict(zip(("上年决算数", "本年预算数", "本年决算数"),
                                         (cell.col for cell in heads), strict=False))
            self.mark_labels(table, row)
            self.data.declare("经费控制", self.place(number, row[0]))
            state["mode"] = "controls"
            state["top"] = state["numbered"] = state["aside"] = None
            return
        if label_text.startswith("楼堂馆所"):
            state["buildings"] = {name: cell.col for cell in row[1:]
                                  for name in ("批复规模", "实际规模", "预算投资", "实际投资")
                                  if cell.words.startswith(name)}
            self.mark_labels(table, row)
            self.data.declare("楼堂馆所", self.place(number, row[0]))
            state["mode"] = "buildings"
            return
        if label_text.startswith("厉行节约"):
            self.label_cell(table, row[0])
            text = self.value(table, number, self.after(row, row[0]))
            if text.text:
                self.data.forms_text["厉行节约保障措施"] = text
            state["mode"] = None
            return
        if mode == "controls" and label and not label.continued and label_text:
            self.control_row(table, number, row)
        elif mode == "buildings":
            cells = {name: self.value(table, number, self.at(row, col))
                     for name, col in state["buildings"].items()}
            for cell in row:
                self.data.placed_cells.add((table.index, cell.row, cell.col))
            if any(v.text for v in cells.values()):  # the form names no 项目名称
                self.data.add("楼堂馆所", Row(cells, self.place(number, row[0])))

    def mark_labels(self, table: Table, row: list[Cell]) -> None:
        for cell in row:
            self.label_cell(table, cell)

    def control_row(self, table: Table, number: int, row: list[Cell]) -> None:
        state = self.state
        label = row[0]
        typed = label.text.split("\n")[0]
        residue = "".join(label.text.split("\n")[1:]).strip()
        if residue:
            self.data.unplaced.append((self.place(number, label), residue))
        name_match = re.match(r"^\s*(\d+)\s*[、.．]\s*(.+)$", typed)
        bare = re.sub(r"^[\s\u3000]*(其中[:：])?[\s\u3000]*", "", typed).strip().rstrip(":：")
        bare = re.sub(r'^["＂“]?三公["＂”]?经费$', "“三公”经费", bare)
        if name_match:
            name = name_match.group(2).strip()
            parent, relation = state["top"], ""
            state["numbered"], state["aside"] = name, None
        elif bare in CONTROL_TOPS or state["top"] is None:
            name, parent, relation = bare, "", ""
            state["top"], state["numbered"], state["aside"] = name, None, None
        else:
            name = bare
            if state["aside"] is None:
                state["aside"] = ((state["numbered"], "") if state["numbered"]
                                  else (state["top"], "其中"))
            parent, relation = state["aside"]
        values = {"项目": Value(name, self.place(number, label)),
                  "上级项目": Value(parent or "", self.place(number, label)),
                  "关系": Value(relation, self.place(number, label))}
        self.label_cell(table, label)
        for column, col in state["controls"].items():
            values[column] = self.value(table, number, self.at(row, col))
        self.data.add("经费控制", Row(values, self.place(number, label)))

    # 附件2 and 附件3 ---------------------------------------------------------------------

    def budget_row(self, table: Table, number: int, row: list[Cell]) -> None:
        state = self.state
        project = self.kind == "项目自评表"
        for cell in row:
            if cell.continued or (project and cell.words in self.project_labels):
                self.label_cell(table, cell)
        if project and self.project_row(table, number, row):
            return
        name_cell = self.find(row, "预算部门名称", *self.project_names)
        if name_cell:
            self.label_cell(table, name_cell)
            value = self.value(table, number, self.after(row, name_cell))
            if project:
                if value.text and value.text != NONE:
                    self.form = f"{self.form}「{value.text}」"
                    value = Value(value.text, self.place(number, name_cell))
                    state["project"] = value
                    self.data.add("项目", Row({"项目名称": value}, value.place),
                                  value.place)
            elif self.data.unit_name is None and value.text:
                self.data.unit_name = value
            return
        department = self.find(row, "主管部门")
        if department:
            implementer = self.find(row, "实施单位")
            self.label_cell(table, department)
            dept = self.value(table, number, self.after(row, department))
            impl = Value("", "")
            if implementer:
                self.label_cell(table, implementer)
                impl = self.value(table, number, self.after(row, implementer))
            if "project" in state:
                self.data.tables["项目"][-1].values.update({"主管部门": dept, "实施单位": impl})
            else:  # the blank form of no project prints the unit's short name here
                self.data.blank_form_names += [v for v in (dept, impl) if v.text]
            return
        if self.find(row, "年初预算数", self.budget_heads[0][0]):
            state["budget"] = self.heads(row, self.budget_heads)
            self.mark_labels(table, row)
            return
        if self.find(row, "一级指标"):
            state["indicators"] = self.heads(row, self.indicator_heads)
            state["level"] = {}
            self.mark_labels(table, row)
            if not project or "project" in state:
                self.data.declare("项目指标" if project else "绩效指标",
                                  self.place(number, row[0]))
            state["mode"] = "indicators"
            return
        if state.get("mode") == "indicators":
            self.indicator_row(table, number, row, project)
            return
        total = self.find(row, "年度资金总额", *self.template.project_funds[:1])
        if total and "budget" in state:
            self.total_row(table, number, row, total, project)
            return
        if self.find(row, "按收入性质分", "按支出性质分"):
            self.mark_labels(table, row)
            state["mode"] = "split"
            state["split_cols"] = [cell.col for cell in row
                                   if not cell.continued and cell.words]
            self.data.declare("预算", self.place(number, row[1] if len(row) > 1 else row[0]))
            return
        goals = self.find(row, "年度总体目标", "年度总体")
        if goals and self.find(row, "预期目标"):
            expected, actual = self.find(row, "预期目标"), self.find(row, "实际完成情况")
            state["goals"] = (expected.col, actual.col if actual else expected.col + 1)
            self.mark_labels(table, row)
            if not project or "project" in state:
                self.data.declare("项目目标" if project else "年度目标",
                                  self.place(number, goals))
            state["mode"] = "goals"
            return
        if state.get("mode") == "goals":
            self.goal_row(table, number, row, project)
            return
        if state.get("mode") == "split" and not project:
            self.split_row(table, number, row)
            return
        if project and "budget" in state:
            fund = next((c for c in row if not c.continued and c.words), None)
            if fund:
                self.fund_line(table, number, row, fund)

    def project_row(self, table: Table, number: int, row: list[Cell]) -> bool:
        """A row of the project form labelled by one of the template's own text columns
        (项目年度目标, 评价结论 …): its text after the label."""
        label = next((c for c in row if not c.continued and (
            c.words in self.goal_labels or c.words in self.project_texts)), None)
        if label is None or "project" not in self.state:
            return False
        self.label_cell(table, label)
        value = self.value(table, number, self.after(row, label))
        if label.words in self.goal_labels:
            column = self.goal_labels[label.words]
            goals = self.data.tables.setdefault("项目目标", [])
            if column == "预期目标" or not goals:
                goals.append(Row({"项目名称": self.state["project"]}, self.place(number, label)))
            goals[-1].values[column] = value
        else:
            self.data.tables["项目"][-1].values[label.words] = value
        return True

    def budget_values(self, table: Table, number: int, row: list[Cell]) -> dict[str, Value]:
        return {column: self.value(table, number, self.at(row, col))
                for column, col in self.state["budget"].items()}

    def total_row(self, table: Table, number: int, row: list[Cell], total: Cell,
                  project: bool) -> None:
        self.label_cell(table, total)
        values = self.budget_values(table, number, row)
        self.state["total"] = values
        if values.get("分值", Value("", "")).text:
            self.data.weights.setdefault("预算执行率", values["分值"].text)
        if project and self.state.get("project"):
            prefix = f'项目自评["{self.state["project"].text}"].'
            for column in ("年初预算数", "全年预算数", "全年执行数", "执行率", "得分"):
                name = "执行率得分" if column == "得分" else column
                self.stated(prefix + name, values.get(column, Value("", "")))
        elif not project:
            self.stated("执行率", values.get("执行率", Value("", "")))
            self.stated("执行率得分", values.get("得分", Value("", "")))

    def fund_line(self, table: Table, number: int, row: list[Cell], label: Cell) -> None:
        name = re.sub(r"^其中[:：]", "", label.words)
        self.label_cell(table, label)
        values = self.budget_values(table, number, row)
        for extra in ("分值", "执行率", "得分"):
            values.pop(extra, None)
        if name == self.template.project_funds[0]:
            return
        if "project" not in self.state:
            return
        values["项目名称"] = self.state["project"]
        values["资金来源"] = Value(name, self.place(number, label))
        if any(values[c].text for c in ("年初预算数", "全年预算数", "全年执行数") if c in values):
            self.data.add("项目资金", Row(values, self.place(number, label)))

    def split_row(self, table: Table, number: int, row: list[Cell]) -> None:
        state = self.state
        cols = state["split_cols"]
        for kind, col in zip(("收入性质", "支出性质"), cols, strict=False):
            cell = self.at(row, col)
            if cell is None or cell.continued:
                continue
            self.label_cell(table, cell)
            text = re.sub(r"^其中[:：]", "", cell.words)
            if not text:
                continue
            name, _, amount = text.partition(":")
            place = self.place(number, cell)
            line = {"分类": Value(kind, place), "项目": Value(name, place),
                    "年初预算数": Value(amount, place)}
            state.setdefault("lines", {}).setdefault(kind, []).append(line)
            self.data.add("预算", Row(line, place))
        self.complete_single_lines()

    def complete_single_lines(self) -> None:
        """The form shows each split line's 年初预算数 only; when a side has one line with
        an amount, it is the whole 年度资金总额, so its other amounts are the total's."""
        total = self.state.get("total", {})
        for lines in self.state.get("lines", {}).values():
            filled = [line for line in lines if line["年初预算数"].text]
            if len(filled) == 1:
                for column in ("全年预算数", "全年执行数"):
                    if column in total:
                        filled[0][column] = total[column]

    def goal_row(self, table: Table, number: int, row: list[Cell], project: bool) -> None:
        expected_col, actual_col = self.state["goals"]
        expected = self.value(table, number, self.at(row, expected_col))
        actual = self.value(table, number, self.at(row, actual_col))
        values = {"预期目标": expected, "实际完成情况": actual}
        if project:
            if "project" not in self.state:
                for value in (expected, actual):
                    if value.text:
                        self.data.unplaced.append((value.place, value.text))
                return
            values["项目名称"] = self.state["project"]
        self.data.add("项目目标" if project else "年度目标",
                      Row(values, self.place(number, row[0])))

    def indicator_row(self, table: Table, number: int, row: list[Cell], project: bool) -> None:
        state = self.state
        cols = state["indicators"]
        total = self.find(row, "总分")
        if total:
            self.label_cell(table, total)
            weight = self.value(table, number, self.at(row, cols.get("分值", -1)))
            score = self.value(table, number, self.at(row, cols.get("得分", -1)))
            deviation = self.at(row, cols.get("偏差原因分析及改进措施", -1))
            if deviation is not None and deviation is not total:
                self.value(table, number, deviation)
            prefix = (f'项目自评["{state["project"].text}"].' if project and "project" in state
                      else "")
            if project and not prefix:
                return
            self.stated(prefix + "分值合计", weight)
            self.stated(prefix + "总分", score)
            return
        cells = {column: self.value(table, number, self.at(row, col))
                 for column, col in cols.items()}
        for cell in row:
            if cell.col < min(cols.values(), default=0):
                self.label_cell(table, cell)
        for level in ("一级指标", "二级指标"):
            value = cells.get(level, Value("", ""))
            cell = self.at(row, cols.get(level, -1))
            text = WEIGHT_NOTE.sub("", cell.words) if cell else ""
            if text:
                state["level"][level] = text
                if level == "一级指标":
                    state["level"].pop("二级指标", None)
            else:  # a label typed once for the rows below it, not merged: as the row above
                text = state["level"].get(level, "")
            cells[level] = Value(text, value.place)
            if level == "一级指标" and cell is not None and (weight := WEIGHT_NOTE.search(
                    cell.words)):
                self.data.weights.setdefault(text, re.sub(r"[^\d.]", "", weight.group()))
        self.scheme(cells["一级指标"].text, cells["二级指标"].text)
        entered = [c for c in ("三级指标", "年度指标值", "实际完成值", "分值", "得分",
                               "偏差原因分析及改进措施") if cells.get(c, Value("", "")).text]
        if not entered:
            return
        target = cells.get("年度指标值", Value("", ""))
        sign = next((s for s in SIGNS if target.text.startswith(s)), None)
        values = dict(cells)
        if "指标性质" not in cells:  # typed before the value, as 附件2 and 附件3 do
            values["指标性质"] = Value(sign or "定性", target.place)
        if sign and "指标性质" not in cells:
            values["年度指标值"] = Value(target.text[len(sign):].strip(), target.place)
        if project:
            if "project" not in state:
                for value in cells.values():
                    if value.text:
                        self.data.unplaced.append((value.place, value.text))
                return
            values["项目名称"] = state["project"]
        self.data.add("项目指标" if project else "绩效指标",
                      Row(values, self.place(number, row[0])))

    def scheme(self, level1: str, level2: str) -> None:
        """The 一级 and 二级 the form lists (blank rows included): the first form's scheme."""
        if not level1 or not level2 or self.data.scheme_form not in ("", self.form):
            return
        self.data.scheme_form = self.form
        level2s = self.data.indicators.setdefault(level1, [])
        if level2 not in level2s:
            level2s.append(level2)

    # 附件4–6 ------------------------------------------------------------------------------

    def fund_row(self, table: Table, number: int, row: list[Cell]) -> None:
        state = self.state
        if "heads" not in state:
            state["heads"] = {column: cell.col for cell in row
                              for column in ("年初预算数", "全年预算数", "全年执行数")
                              if cell.words.startswith(column)}
            self.mark_labels(table, row)
            self.data.declare(self.kind, self.place(number, row[0]))
            return
        label = row[0]
        self.label_cell(table, label)
        name = label.words
        if not name or name == "合计":
            for cell in row:
                self.label_cell(table, cell)
            return
        values = {"项目": Value(name, self.place(number, label))}
        for column, col in state["heads"].items():
            values[column] = self.value(table, number, self.at(row, col))
        for cell in row:
            self.label_cell(table, cell)
        self.data.add(self.kind, Row(values, self.place(number, label)))
