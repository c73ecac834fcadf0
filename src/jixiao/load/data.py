"""What the tables of a report's data folder mean: typed records that remember their source.

Two shapes of table exist:

* figure lists (header ``名称,数值,单位``): any number of named figures that prose quotes by
  name, e.g. ``成效.csv`` → ``{{ 成效.净入库税收 }}``. Writers may add such files freely.
* form tables with a fixed schema (``schemas.SCHEMAS``): the entered figures of the attached
  forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.errors import Location, UserError
from jixiao.load.schemas import (
    FIGURE_LIST_HEADER,
    INDICATOR_COLUMNS,
    NATURES,
    QUALITATIVE,
    SCHEMAS,
    Reference,
    Schema,
)
from jixiao.load.settings import Scoring
from jixiao.load.sources import Cell, Row, Table, missing_table, read_tables
from jixiao.numbers import NotANumber, parse_number


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


@dataclass(frozen=True, slots=True)
class Figure:
    """A named figure of a figure list; prints as entered, with its unit (7.78亿元).

    Prose reaches it, so it holds plain values only: no source location (whose path object
    could read or write files) and no public method.
    """

    name: str
    value: float
    text: str
    unit: str

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
        figures[name_cell.text] = Figure(name_cell.text, value, text, row.text("单位"))
    return figures
