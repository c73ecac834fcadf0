"""What the tables of a report's data folder mean: typed records that remember their source.

Two shapes of table exist:

* figure lists (header ``名称,数值,单位``): any number of named figures that prose quotes by
  name, e.g. ``成效.csv`` → ``{{ 成效.净入库税收 }}``. Writers may add such files freely.
* form tables with a fixed schema (``SCHEMAS``): the entered figures of the attached forms.
  Only entered figures have columns; every derived figure (sums, rates, scores) is computed
  in ``derive`` and has no column to type it into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Location, UserError
from .numbers import NotANumber, parse_number
from .sources import Cell, Row, Table, read_tables

FIGURE_LIST_HEADER = ("名称", "数值")


@dataclass(frozen=True)
class Column:
    """A column of a form table: its header, whether it holds a number, whether it must exist."""

    name: str
    numeric: bool = False
    required: bool = True


@dataclass(frozen=True)
class Schema:
    """A form table: its file name (without extension), columns and whether the file must exist."""

    name: str
    columns: tuple[Column, ...]
    required: bool = True
    key: tuple[str, ...] = ()  # columns whose values identify a row; duplicates are an error


def _amounts(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, numeric=True) for name in names)


SCHEMAS: dict[str, Schema] = {
    schema.name: schema
    for schema in (
        Schema("人员", (*_amounts("编制数", "实际在职人数"),)),
        Schema(
            "经费控制",
            (Column("项目"), Column("上级项目"), Column("关系", required=False),
             *_amounts("上年决算数", "本年预算数", "本年决算数")),
            key=("项目",),
        ),
        Schema("基本支出", (Column("经济分类"), *_amounts("全年执行数")), key=("经济分类",)),
        Schema(
            "预算",
            (Column("分类"), Column("项目"), *_amounts("年初预算数", "全年预算数", "全年执行数")),
            key=("分类", "项目"),
        ),
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


def load_data(folder: Path) -> ReportData:
    """Read and type every table of ``folder``; the first mistake stops with its location."""
    if not folder.is_dir():
        raise UserError(folder, "no data folder", "a data/ folder with the report's CSV files")
    tables = read_tables(folder)
    data = ReportData(folder)
    for name, schema in SCHEMAS.items():
        table = tables.pop(name, None)
        if table is None:
            if schema.required:
                raise UserError(folder / f"{name}.csv", "missing data file",
                                f"a table {name} with columns "
                                + ",".join(c.name for c in schema.columns))
            continue
        data.records[name] = _records(table, schema)
    for name, table in tables.items():
        if tuple(table.header[:2]) != FIGURE_LIST_HEADER:
            raise UserError(table.where, f"a table {name} with columns {','.join(table.header)}",
                            f"one of the known tables ({', '.join(SCHEMAS)}) or a figure list "
                            "with columns 名称,数值,单位")
        data.figures[name] = _figure_list(table)
    return data


def _number(cell: Cell, column: str) -> float | None:
    try:
        return parse_number(cell.text)
    except NotANumber:
        raise UserError(cell.where, f"{column} {cell.text!r}",
                        "a number (blank when there is none)") from None


def _records(table: Table, schema: Schema) -> list[Record]:
    missing = [c.name for c in schema.columns if c.required and c.name not in table.header]
    if missing:
        raise UserError(Location(table.where.path, 1), f"no column {missing[0]}",
                        "columns " + ",".join(c.name for c in schema.columns))
    records: list[Record] = []
    seen: dict[tuple[str, ...], Row] = {}
    for row in table.rows:
        values = {}
        for column in schema.columns:
            cell = row.cells.get(column.name, Cell("", row.where))
            number = _number(cell, column.name) if column.numeric else None
            values[column.name] = Value(number, cell.text, cell.where)
        if schema.key:
            key = tuple(row.text(c) for c in schema.key)
            if key in seen:
                raise UserError(row.where, f"a second row {'/'.join(key)}",
                                f"each row once (first at row {seen[key].where.line})")
            seen[key] = row
        records.append(Record(values, row.where))
    return records


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
