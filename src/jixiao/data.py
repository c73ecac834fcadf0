"""What the tables of a report's data folder mean: typed records that remember their source.

Two shapes of table exist:

* figure lists (header ``名称,数值,单位``): any number of named figures that prose quotes by
  name, e.g. ``成效.csv`` → ``{{ 成效.净入库税收 }}``. Writers may add such files freely.
* form tables with a fixed schema (``SCHEMAS``): the entered figures of the attached forms.
  Only entered figures have columns; every derived figure (sums, rates, scores) is computed
  in ``derive`` and has no column to type it into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Location, UserError
from .numbers import NotANumber, parse_number
from .project import Scoring
from .sources import Cell, Row, Table, missing_table, read_tables

FIGURE_LIST_HEADER = ("名称", "数值")


@dataclass(frozen=True)
class Column:
    """A column of a form table: its header, whether it holds a number (and may be negative),
    whether the header must exist, and the values it admits (any when empty)."""

    name: str
    numeric: bool = False
    required: bool = True
    choices: tuple[str, ...] = ()
    signed: bool = True
    quotes: bool = False  # may quote a figure of a figure list: {{ 成效.净入库税收 }}
    yearly: bool | None = None  # this year's own figure, blank in next year's copy (new-year);
    # by default every number is, and no text is

    @property
    def blank_next_year(self) -> bool:
        return self.numeric if self.yearly is None else self.yearly


@dataclass(frozen=True)
class Reference:
    """A column naming a row of another table (or its own): a child naming its parent."""

    column: str
    table: str
    target: str
    optional: bool = False  # a blank cell names no parent (a top-level row)


@dataclass(frozen=True)
class Schema:
    """A form table: its file name (without extension), columns and whether the file must exist.

    ``key`` columns identify a row (blank, or a second row with the same key, is an error); a
    blank cell in a ``fill_down`` column means "as the row above", the way merged cells paste
    from Word.
    """

    name: str
    columns: tuple[Column, ...]
    required: bool = True
    key: tuple[str, ...] = ()
    fill_down: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    one_row: bool = False  # a table of one row of figures (人员): a second row is a mistake


def _amounts(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, numeric=True) for name in names)


BUDGET_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
FUND_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
QUALITATIVE = "定性"
# 指标性质 as staff write it → (direction, strict). 正向 is met at or above the target value,
# 反向 at or below it, 等于 only at it; a strict sign (＞, ＜) excludes the target value itself.
NATURES: dict[str, tuple[str, bool]] = {
    "≥": ("正向", False), ">=": ("正向", False), "＞": ("正向", True), ">": ("正向", True),
    "≤": ("反向", False), "<=": ("反向", False), "＜": ("反向", True), "<": ("反向", True),
    "=": ("等于", False), "＝": ("等于", False),
    "正向": ("正向", False), "反向": ("反向", False), "等于": ("等于", False),
    QUALITATIVE: (QUALITATIVE, False),
}
INDICATOR_COLUMNS = (
    Column("一级指标"), Column("二级指标"), Column("三级指标"),
    Column("指标性质", choices=tuple(NATURES)),
    Column("年度指标值", quotes=True, yearly=True), Column("实际完成值", quotes=True, yearly=True),
    Column("计量单位", required=False),
    Column("分值", numeric=True, signed=False, yearly=False),
    Column("得分", numeric=True, signed=False),
    Column("定性档次", required=False, yearly=True),
    Column("偏差原因分析及改进措施", required=False, yearly=True),
)
INDICATOR_KEY = ("一级指标", "二级指标", "三级指标")
GOAL_COLUMNS = (Column("预期目标", quotes=True), Column("实际完成情况", quotes=True, yearly=True))
PROJECT = "项目"
_OF_PROJECT = (Reference("项目名称", PROJECT, "项目名称"),)


def _fund_table(name: str) -> Schema:
    """附件4–6: a fund's spending by line; an absent file means the unit had none (无)."""
    return Schema(name, (Column("项目"), *_amounts(*BUDGET_COLUMNS)), required=False,
                  key=("项目",))


SCHEMAS: dict[str, Schema] = {
    schema.name: schema
    for schema in (
        Schema("人员", (*_amounts("编制数", "实际在职人数"),), one_row=True),
        Schema(
            "经费控制",
            (Column("项目"), Column("上级项目"), Column("关系", required=False, choices=("其中",)),
             *_amounts("上年决算数", "本年预算数", "本年决算数")),
            key=("项目",),
            references=(Reference("上级项目", "经费控制", "项目", optional=True),),
        ),
        Schema("楼堂馆所", (Column("项目名称"),
                          *_amounts("批复规模", "实际规模", "预算投资", "实际投资")),
               required=False),
        Schema("基本支出", (Column("经济分类"), *_amounts("全年执行数")), key=("经济分类",)),
        Schema(
            "预算",
            (Column("分类", choices=("收入性质", "支出性质")), Column("项目"),
             *_amounts(*BUDGET_COLUMNS)),
            key=("分类", "项目"),
        ),
        Schema("年度目标", GOAL_COLUMNS),
        Schema("绩效指标", INDICATOR_COLUMNS, key=INDICATOR_KEY, fill_down=INDICATOR_KEY[:2]),
        Schema(PROJECT, (Column("项目名称"), Column("主管部门"), Column("实施单位")),
               required=False, key=("项目名称",)),
        Schema("项目资金", (Column("项目名称"), Column("资金来源", choices=FUND_SOURCES),
                          *_amounts(*BUDGET_COLUMNS)),
               required=False, key=("项目名称", "资金来源"), references=_OF_PROJECT),
        Schema("项目目标", (Column("项目名称"), *GOAL_COLUMNS),
               required=False, fill_down=("项目名称",), references=_OF_PROJECT),
        Schema("项目指标", (Column("项目名称"), *INDICATOR_COLUMNS), required=False,
               key=("项目名称", *INDICATOR_KEY), fill_down=("项目名称", *INDICATOR_KEY[:2]),
               references=_OF_PROJECT),
        _fund_table("政府性基金"),
        _fund_table("国有资本经营"),
        _fund_table("社会保险基金"),
        # Figures as a filed report states them (总分 95.5, 执行率 85.79%): never printed,
        # only compared with the computed ones by ``invoke check``.
        Schema("填报值", (Column("项目"), Column("数值", yearly=True),
                          Column("说明", required=False)), required=False, key=("项目",)),
    )
}


@dataclass(frozen=True)
class Value:
    """One entered value: the number (None when blank), its text as typed, and its cell."""

    number: float | None
    text: str
    where: Location


@dataclass(frozen=True)
class Record:
    """One row of a form table, its cells typed by the schema."""

    values: dict[str, Value]
    where: Location

    def __getitem__(self, column: str) -> Value:
        return self.values[column]

    def number(self, column: str) -> float | None:
        return self.values[column].number

    def text(self, column: str) -> str:
        return self.values[column].text


@dataclass(frozen=True)
class Figure:
    """A named figure of a figure list; prints as entered, with its unit (7.78亿元)."""

    name: str
    value: float
    text: str
    unit: str
    where: Location

    def __str__(self) -> str:
        return f"{self.text}{self.unit}"

    def __float__(self) -> float:
        return self.value


@dataclass
class ReportData:
    """All entered data of one report."""

    folder: Path
    figures: dict[str, dict[str, Figure]] = field(default_factory=dict)
    records: dict[str, list[Record]] = field(default_factory=dict)


def load_data(folder: Path, scoring: Scoring | None = None) -> ReportData:
    """Read and type every table of ``folder``; the first mistake stops with its location.

    ``scoring`` names the 一级 and 二级指标 the indicator tables may use (DOMAIN.md's by default).
    """
    if not folder.is_dir():
        raise UserError(folder, "no data folder", "a data/ folder with the report's CSV files")
    scoring = scoring or Scoring()
    tables = read_tables(folder)
    data = ReportData(folder)
    for name, table in tables.items():
        if name in SCHEMAS:
            continue
        if tuple(table.header[:2]) != FIGURE_LIST_HEADER:
            raise UserError(table.where, f"a table {name} with columns {','.join(table.header)}",
                            f"one of the known tables ({', '.join(SCHEMAS)}) or a figure list "
                            "with columns 名称,数值,单位")
        data.figures[name] = _figure_list(table)
    for name, schema in SCHEMAS.items():
        table = tables.get(name)
        if table is None:
            if schema.required:
                where, found = missing_table(folder, name)
                raise UserError(where, found, f"a table {name} with columns "
                                + ",".join(c.name for c in schema.columns))
            continue
        data.records[name] = _records(table, schema, data.figures)
        if INDICATOR_COLUMNS[0] in schema.columns:
            data.records[name] = [_indicator(r, scoring) for r in data.records[name]]
    for name, schema in SCHEMAS.items():
        for reference in schema.references:
            _check_reference(data, name, reference)
    return data


def _number(cell: Cell, column: str, signed: bool = True) -> float | None:
    try:
        number = parse_number(cell.text)
    except NotANumber:
        raise UserError(cell.where, f"{column} {cell.text!r}",
                        "a number (blank when there is none)") from None
    if not signed and number is not None and number < 0:
        raise UserError(cell.where, f"{column} {cell.text!r}", "a number ≥ 0")
    return number


_QUOTE = re.compile(r"\{\{\s*([^.{}\s]+)\.([^{}\s]+)\s*\}\}")


def _quoted(cell: Cell, figures: dict[str, dict[str, Figure]]) -> Cell:
    """The cell with each {{ 表.名称 }} replaced by that figure as prose prints it (7.78亿元)."""

    def figure(match: re.Match) -> str:
        table, name = match.groups()
        if name not in figures.get(table, {}):
            raise UserError(cell.where, f"{match.group(0)} names no figure",
                            f"a 名称 of a figure list {table}.csv")
        return str(figures[table][name])

    return Cell(_QUOTE.sub(figure, cell.text), cell.where) if "{{" in cell.text else cell


def _records(table: Table, schema: Schema,
             figures: dict[str, dict[str, Figure]] | None = None) -> list[Record]:
    missing = [c.name for c in schema.columns if c.required and c.name not in table.header]
    if missing:
        where = table.header_where or Location(table.where.path, 1)
        raise UserError(where, f"no column {missing[0]}",
                        "columns " + ",".join(c.name for c in schema.columns))
    if schema.one_row and len(table.rows) > 1:
        raise UserError(table.rows[1].where, f"{len(table.rows)} rows of figures",
                        "one row under the header")
    records: list[Record] = []
    seen: dict[tuple[str, ...], Row] = {}
    above: dict[str, Cell] = {}
    for row in table.rows:
        values = {}
        for column in schema.columns:
            cell = row.cells.get(column.name, Cell("", row.where))
            if column.quotes:
                cell = _quoted(cell, figures or {})
            if column.name in schema.fill_down:
                if cell.text:
                    above[column.name] = cell
                    for lower in schema.fill_down[schema.fill_down.index(column.name) + 1:]:
                        above.pop(lower, None)
                elif column.name in above:
                    cell = Cell(above[column.name].text, cell.where)
            if column.choices and cell.text and cell.text not in column.choices:
                raise UserError(cell.where, f"{column.name} {cell.text!r}",
                                "one of " + " ".join(column.choices))
            number = _number(cell, column.name, column.signed) if column.numeric else None
            values[column.name] = Value(number, cell.text, cell.where)
        for column in schema.key:
            if not values[column].text:
                raise UserError(values[column].where, f"{column} blank",
                                f"{column} in every row: it names the row")
        if schema.key:
            key = tuple(values[c].text for c in schema.key)
            if key in seen:
                raise UserError(row.where, f"a second row {'/'.join(k for k in key if k)}",
                                f"each row once (first at row {seen[key].where.line})")
            seen[key] = row
        records.append(Record(values, row.where))
    return records


def _check_reference(data: ReportData, name: str, reference: Reference) -> None:
    """Every child names a row that exists, and no row is its own ancestor."""
    records = data.records.get(name, [])
    targets = {r.text(reference.target): r for r in data.records.get(reference.table, [])}
    for record in records:
        value = record[reference.column]
        if not value.text and not reference.optional:
            raise UserError(value.where, f"{reference.column} blank",
                            f"the {reference.target} of a row of {reference.table}")
        if value.text and value.text not in targets:
            raise UserError(value.where, f"{reference.column} {value.text!r} names no row",
                            f"the {reference.target} of a row of {reference.table}")
    if reference.table != name:
        return
    for record in records:
        seen = {record.text(reference.target)}
        parent = record.text(reference.column)
        while parent:
            if parent in seen:
                value = record[reference.column]
                raise UserError(value.where, f"{reference.column} {value.text!r} in a loop",
                                "parents that end at a top-level row")
            seen.add(parent)
            parent = targets[parent].text(reference.column)


def _indicator(record: Record, scoring: Scoring) -> Record:
    """An indicator row checked against the report's levels, its values typed by its nature.

    A quantitative indicator's 年度指标值 and 实际完成值 are numbers in its 计量单位 (a unit
    or % typed after the number is read as that unit); a 定性 one needs the evaluator's 得分.
    """
    level1, level2 = record["一级指标"], record["二级指标"]
    if level1.text not in scoring.indicators:
        raise UserError(level1.where, f"一级指标 {level1.text!r}",
                        "one of " + " ".join(scoring.indicators) + " (report.yaml scoring)")
    if level2.text not in scoring.indicators[level1.text]:
        raise UserError(level2.where, f"二级指标 {level2.text!r} under {level1.text}",
                        "one of " + " ".join(scoring.indicators[level1.text])
                        + " (report.yaml scoring)")
    nature = record["指标性质"]
    if not nature.text:
        raise UserError(nature.where, "指标性质 blank", "one of " + " ".join(NATURES))
    if record.number("分值") is None:
        raise UserError(record["分值"].where, "分值 blank", "the indicator's weight, a number")
    band = record["定性档次"]
    if NATURES[nature.text][0] == QUALITATIVE:
        if record.number("得分") is None:
            raise UserError(record["得分"].where, "得分 blank for a 定性 indicator",
                            "the evaluator's score within its band")
        if band.text and band.text not in scoring.bands:
            raise UserError(band.where, f"定性档次 {band.text!r}",
                            "one of " + " ".join(scoring.bands) + " (report.yaml scoring)")
        return record
    if band.text:
        raise UserError(band.where, f"定性档次 {band.text!r} for a quantitative indicator",
                        "定性档次 only where 指标性质 is 定性")
    values = dict(record.values)
    unit = record.text("计量单位")
    for column in ("年度指标值", "实际完成值"):
        value = record[column]
        number, typed_unit = _quantity(value.text)
        if not unit:
            unit = typed_unit
        if number is None or typed_unit not in ("", unit):
            raise UserError(value.where, f"{column} {value.text!r}",
                            f"a number{' in ' + unit if unit else ''} for an indicator "
                            f"of nature {nature.text} (or 指标性质 定性)")
        values[column] = Value(number, value.text, value.where)
    values["计量单位"] = Value(None, unit, record["计量单位"].where)
    return Record(values, record.where)


_QUANTITY = re.compile(r"^\s*([-+]?[0-9０-９,，.．\s]*[0-9０-９])\s*(.*?)\s*$")


def _quantity(text: str) -> tuple[float | None, str]:
    """A number and the unit typed after it: '95%' → (95, '%'), '4个' → (4, '个')."""
    match = _QUANTITY.match(text.replace("％", "%"))
    if not match:
        return None, ""
    try:
        return parse_number(match.group(1)), match.group(2)
    except NotANumber:
        return None, ""


def _figure_list(table: Table) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for row in table.rows:
        name_cell, value_cell = row.cells["名称"], row.cells["数值"]
        if not name_cell.text:
            raise UserError(name_cell.where, "a figure without a name", "a name in 名称")
        if name_cell.text in figures:
            raise UserError(name_cell.where, f"figure {name_cell.text} twice", "each name once")
        value = _number(value_cell, "数值")
        if value is None:
            raise UserError(value_cell.where, f"no value for {name_cell.text}", "a number")
        text = value_cell.text.strip().replace(",", "")
        figures[name_cell.text] = Figure(name_cell.text, value, text, row.text("单位"),
                                         value_cell.where)
    return figures
