"""What the tables of a report's data folder mean: typed records that remember their source.

Two shapes of table exist:

* figure lists (header ``名称,数值,单位``): any number of named figures that prose quotes by
  name, e.g. ``成效.csv`` → ``{{ 成效.净入库税收 }}``. Writers may add such files freely.
* form tables with a fixed schema (``schemas.SCHEMAS``): the entered figures of the attached
  forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from jixiao.errors import Location, UserError, UserErrors
from jixiao.load.schemas import (
    FIGURE_LIST_HEADER,
    FUND_SOURCE_NAMES,
    INDICATOR_COLUMNS,
    NATURES,
    PROJECTS,
    QUALITATIVE,
    SCHEMAS,
    WHOLE,
    Column,
    Reference,
    Schema,
)
from jixiao.load.settings import Scoring
from jixiao.load.sources import Cell, Row, Table, missing_table, read_tables
from jixiao.load.template import TableRule, Template
from jixiao.messages import _
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


class Problems:
    """The loading mistakes of one pass over the data folder, gathered so that one run names
    every one of them, each at its file, row and column."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []
        self.unreadable: set[tuple[str, str]] = set()  # figures named but not read: (表, 名称)

    def add(self, error: UserError) -> None:
        self.errors.append(error)

    def raise_any(self) -> None:
        if self.errors:
            raise UserErrors(self.errors)


def load_data(folder: Path, scoring: Scoring | None = None,
              documents: tuple[str, ...] = (WHOLE, PROJECTS),
              template: Template | None = None) -> ReportData:
    """Read and type every table of ``folder``; every mistake is gathered and raised together.

    ``scoring`` names the 一级 and 二级指标 the indicator tables may use (the template's by
    default: docs/domain.md);
    ``documents`` are the documents the report builds: only the tables they print must exist;
    ``template`` heads the tables as its forms do (its fund lines, its own column names and
    extra columns), each read back into jixiao's columns. What a filed form leaves blank loads
    as blank, for the checks to name.
    """
    if not folder.is_dir():
        raise UserError(folder, _("no data folder"),
                        _("a data/ folder with the report's CSV files"))
    scoring = scoring or Scoring()
    problems = Problems()
    tables = read_tables(folder, problems.add)
    data = ReportData(folder)
    for name, table in tables.items():
        if name in SCHEMAS:
            continue
        if tuple(table.header[:2]) != FIGURE_LIST_HEADER:
            problems.add(UserError(
                table.where, _("a table {name} with columns {columns}").format(
                    name=name, columns=",".join(table.header)),
                _("one of the known tables ({tables}) or a figure list with columns "
                  "名称,数值,单位").format(tables=", ".join(SCHEMAS))))
            continue
        data.figures[name] = _figure_list(name, table, problems)
    for name, schema in template_schemas(template).items():
        table = tables.get(name)
        rule = template.tables.get(name) if template else None
        if table is None:
            if schema.required(documents):
                where, found = missing_table(folder, name)
                problems.add(UserError(where, found, _("a table {name} with columns {columns}")
                                       .format(name=name,
                                               columns=",".join(_headers(schema, rule)))))
            continue
        if rule is None:
            records = _records(table, schema, problems, data.figures)
        elif _knows_columns(table, schema, rule, problems):
            records = _as_jixiao(_records(table, _headed(schema, rule), problems, data.figures),
                                 rule)
        else:
            continue
        if INDICATOR_COLUMNS[0] in schema.columns:
            records = [r for r in (_indicator(r, scoring, problems) for r in records) if r]
        data.records[name] = records
    for name, schema in SCHEMAS.items():
        for reference in schema.references:
            _check_reference(data, name, reference, problems)
    problems.raise_any()
    return data


def template_schemas(template: Template | None) -> dict[str, Schema]:
    """jixiao's tables as ``template`` has them: 项目资金's 资金来源 its fund lines, each table
    it declares with the text columns it adds."""
    if template is None:
        return SCHEMAS
    schemas = {}
    for name, schema in SCHEMAS.items():
        columns = list(schema.columns)
        if name == "项目资金":
            columns = [replace(c, choices=(*template.project_funds, *FUND_SOURCE_NAMES))
                       if c.name == "资金来源" else c for c in columns]
        rule = template.tables.get(name)
        columns += [Column(extra, required=False, yearly=True)  # this year's texts
                    for extra in (rule.extra if rule else ())]
        schemas[name] = replace(schema, columns=tuple(columns))
    return schemas


def headed_schemas(template: Template) -> dict[str, Schema]:
    """The tables as ``template``'s forms head them: its columns under its own headers."""
    return {name: _headed(schema, template.tables[name]) if name in template.tables else schema
            for name, schema in template_schemas(template).items()}


def headed_values(record: Record, rule: TableRule | None) -> dict[str, Value]:
    """A record's values under the template's headers of its table."""
    return {rule.header(c) if rule else c: value for c, value in record.values.items()}


def _headers(schema: Schema, rule: TableRule | None) -> list[str]:
    return [rule.header(c.name) if rule else c.name for c in schema.columns]


def _knows_columns(table: Table, schema: Schema, rule: TableRule, problems: Problems) -> bool:
    """Whether every column of ``table`` is one the template heads the table with; if not,
    the first other one goes to ``problems``, with the columns it knows."""
    known = _headers(schema, rule)
    unknown = [header for header in table.header if header not in known]
    if unknown:
        problems.add(UserError(table.header_where or Location(table.where.path, 1),
                               _("a column {column} the template does not know").format(
                                   column=unknown[0]),
                               _("the columns {columns}").format(columns=",".join(known))))
    return not unknown


def _headed(schema: Schema, rule: TableRule) -> Schema:
    """``schema`` with its columns named as the template heads them (调整后预算数 for
    全年预算数), so that a mistake in a cell names the column the writer sees."""
    return replace(schema, columns=tuple(replace(c, name=rule.header(c.name))
                                         for c in schema.columns),
                   key=tuple(map(rule.header, schema.key)),
                   fill_down=tuple(map(rule.header, schema.fill_down)))


def _as_jixiao(records: list[Record], rule: TableRule) -> list[Record]:
    """Records read under the template's headers, keyed by jixiao's columns again."""
    back = {header: column for column, header in rule.names.items()}
    return [Record({back.get(name, name): value for name, value in record.values.items()},
                   record.where) for record in records]


# Thousands separators as Excel writes them: groups of three digits, nothing else.
_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?%?$")


def _number(cell: Cell, column: Column) -> float | None:
    """The cell's number, read as clerks type it (10分 for a score, 85人 for a head count,
    1,234.5 with thousands separators); UserError for anything else."""
    text = cell.text.strip()
    if column.suffix and text.endswith(column.suffix):
        text = text[:-len(column.suffix)].strip()
    normal = unicodedata.normalize("NFKC", text).replace(" ", "")
    if "," in normal and not _GROUPED.match(normal):
        raise UserError(cell.where, _("{column} {value}: a separator between digits that is "
                                      "not a thousands separator").format(
                                          column=column.name, value=repr(cell.text)),
                        _("a number such as 7.78 or 1,234.56"))
    try:
        number = parse_number(text)
    except NotANumber:
        raise UserError(cell.where, f"{column.name} {cell.text!r}",
                        _("a number (blank when there is none)")) from None
    if not column.signed and number is not None and number < 0:
        raise UserError(cell.where, f"{column.name} {cell.text!r}", _("a number ≥ 0"))
    if column.whole and number is not None and (normal.endswith("%")
                                                 or not float(number).is_integer()):
        raise UserError(cell.where, f"{column.name} {cell.text!r}",
                        _("a whole number (a count of people or items)"))
    return number


_QUOTE = re.compile(r"\{\{\s*([^.{}\s]+)\.([^{}\s]+)\s*\}\}")


def _quoted(cell: Cell, figures: dict[str, dict[str, Figure]],
            unreadable: set[tuple[str, str]] = frozenset()) -> Cell:
    """The cell with each {{ 表.名称 }} replaced by that figure as prose prints it (7.78亿元);
    a figure whose own cell could not be read (``unreadable``) is left quoted, its mistake
    named at that cell."""

    def figure(match: re.Match) -> str:
        table, name = match.groups()
        if (table, name) in unreadable:
            return match.group(0)
        if name not in figures.get(table, {}):
            raise UserError(cell.where, _("{quote} names no figure").format(quote=match.group(0)),
                            _("a 名称 of a figure list {table}.csv").format(table=table))
        return str(figures[table][name])

    return Cell(_QUOTE.sub(figure, cell.text), cell.where) if "{{" in cell.text else cell


def _records(table: Table, schema: Schema, problems: Problems,
             figures: dict[str, dict[str, Figure]] | None = None) -> list[Record]:
    """The rows of ``table`` typed by ``schema``; a row with a mistake is left out, and every
    mistake of every row goes to ``problems``."""
    missing = [c.name for c in schema.columns if c.required and c.name not in table.header]
    if missing:
        where = table.header_where or Location(table.where.path, 1)
        problems.add(UserError(where, _("no column {column}").format(column=missing[0]),
                               _("columns {columns}").format(
                                   columns=",".join(c.name for c in schema.columns))))
        return []
    if schema.one_row and len(table.rows) > 1:
        problems.add(UserError(table.rows[1].where,
                               _("{count} rows of figures").format(count=len(table.rows)),
                               _("one row under the header")))
    records: list[Record] = []
    seen: dict[tuple[str, ...], Row] = {}
    above: dict[str, Cell] = {}
    for row in table.rows:
        values, broken = {}, False
        for column in schema.columns:
            cell = row.cells.get(column.name, Cell("", row.where))
            if column.name in schema.fill_down:
                if cell.text:
                    above[column.name] = cell
                    for lower in schema.fill_down[schema.fill_down.index(column.name) + 1:]:
                        above.pop(lower, None)
                elif column.name in above:
                    cell = Cell(above[column.name].text, cell.where)
            number = None
            try:
                if column.quotes:
                    cell = _quoted(cell, figures or {}, problems.unreadable)
                if column.choices and cell.text and cell.text not in column.choices:
                    raise UserError(cell.where, f"{column.name} {cell.text!r}",
                                    _("one of {choices}").format(choices=" ".join(column.choices)))
                number = _number(cell, column) if column.numeric else None
            except UserError as error:
                problems.add(error)
                broken = True
            values[column.name] = Value(number, cell.text, cell.where)
        for column in schema.key:
            if not values[column].text:
                problems.add(UserError(values[column].where,
                                       _("{column} blank").format(column=column),
                                       _("{column} in every row: it names the row").format(
                                           column=column)))
                broken = True
        if broken:
            continue
        if schema.key:
            key = tuple(values[c].text for c in schema.key)
            if key in seen:
                problems.add(UserError(row.where, _("a second row {key}").format(
                    key="/".join(k for k in key if k)), _("each row once (first at row {row})")
                    .format(row=seen[key].where.line)))
                continue
            seen[key] = row
        records.append(Record(values, row.where))
    return records


def _check_reference(data: ReportData, name: str, reference: Reference,
                     problems: Problems) -> None:
    """Every child names a row that exists, and no row is its own ancestor; a row that does
    not is left out, its mistake in ``problems``."""
    records = data.records.get(name, [])
    targets = {r.text(reference.target): r for r in data.records.get(reference.table, [])}
    kept = []
    for record in records:
        value = record[reference.column]
        if not value.text and not reference.optional:
            problems.add(UserError(value.where, _("{column} blank").format(
                column=reference.column), _("the {target} of a row of {table}").format(
                    target=reference.target, table=reference.table)))
        elif value.text and value.text not in targets:
            problems.add(UserError(value.where, _("{column} {value} names no row").format(
                column=reference.column, value=repr(value.text)),
                _("the {target} of a row of {table}").format(target=reference.target,
                                                             table=reference.table)))
        else:
            kept.append(record)
    if name in data.records:
        data.records[name] = kept
    if reference.table != name:
        return
    targets = {r.text(reference.target): r for r in kept}
    in_loops: set[str] = set()  # each loop named once, at its first row
    for record in kept:
        own = record.text(reference.target)
        chain = [own]
        parent = record.text(reference.column)
        while parent in targets and parent not in chain and parent not in in_loops:
            chain.append(parent)
            parent = targets[parent].text(reference.column)
        if parent == own:
            in_loops.update(chain)
            value = record[reference.column]
            problems.add(UserError(value.where, _("{column} {value} in a loop").format(
                column=reference.column, value=repr(value.text)),
                _("parents that end at a top-level row")))


def _indicator(record: Record, scoring: Scoring, problems: Problems) -> Record | None:
    """An indicator row checked against the report's levels, its values typed by its nature;
    None, with the mistake in ``problems``, when it cannot be read.

    The nature is 指标性质, or the sign typed before 年度指标值 (≥50个, as the MOF form has
    it); without either, a worded target reads as 定性 and any other as 正向 (the checks say
    so). A quantitative indicator's 年度指标值 and 实际完成值 are numbers in its 计量单位
    (a unit or % typed after the number is read as that unit). A blank 年度指标值,
    实际完成值, 分值 or 得分 loads blank: the checks name it.
    """
    level1, level2 = record["一级指标"], record["二级指标"]
    try:
        if level1.text not in scoring.indicators:
            raise UserError(level1.where, f"一级指标 {level1.text!r}",
                            _("one of {choices} (report.yaml scoring)").format(
                                choices=" ".join(scoring.indicators)))
        if level2.text not in scoring.indicators[level1.text]:
            raise UserError(level2.where, _("二级指标 {level2} under {level1}").format(
                level2=repr(level2.text), level1=level1.text),
                _("one of {choices} (report.yaml scoring)").format(
                    choices=" ".join(scoring.indicators[level1.text])))
        return _typed_indicator(record, scoring)
    except UserError as error:
        problems.add(error)
        return None


_SIGN = re.compile(r"^\s*(>=|<=|≥|≤|＞|＜|>|<|＝|=)\s*")


def _typed_indicator(record: Record, scoring: Scoring) -> Record:
    values = dict(record.values)
    nature, target = record["指标性质"], record["年度指标值"]
    sign = _SIGN.match(target.text)
    if sign:
        if nature.text and NATURES[nature.text] != NATURES[sign.group(1)]:
            raise UserError(target.where, _("年度指标值 {target} under 指标性质 {nature}").format(
                target=repr(target.text), nature=nature.text),
                _("the sign of 指标性质, or 指标性质 blank"))
        target = Value(None, target.text[sign.end():].strip(), target.where)
        values["年度指标值"] = target
        if not nature.text:
            nature = Value(None, sign.group(1), nature.where)
    if not nature.text:
        worded = bool(target.text) and _quantity(target.text)[0] is None
        nature = Value(None, QUALITATIVE if worded else "", nature.where)
    values["指标性质"] = nature
    band = record["定性档次"]
    if nature.text and NATURES[nature.text][0] == QUALITATIVE:
        if band.text and band.text not in scoring.bands:
            raise UserError(band.where, f"定性档次 {band.text!r}",
                            _("one of {choices} (report.yaml scoring)").format(
                                choices=" ".join(scoring.bands)))
        return Record(values, record.where)
    if band.text:
        raise UserError(band.where, _("定性档次 {band} for a quantitative indicator").format(
            band=repr(band.text)), _("定性档次 only where 指标性质 is 定性"))
    unit = record.text("计量单位")
    for column in ("年度指标值", "实际完成值"):
        value = values[column]
        if not value.text:
            continue
        number, typed_unit = _quantity(value.text)
        if not unit:
            unit = typed_unit
        if number is None or typed_unit not in ("", unit):
            expected = (_("a number in {unit} for an indicator of nature {nature} (or 指标性质 "
                          "定性)") if unit else _("a number for an indicator of nature {nature} "
                                                 "(or 指标性质 定性)"))
            raise UserError(value.where, f"{column} {value.text!r}",
                            expected.format(unit=unit, nature=nature.text or "≥"))
        values[column] = Value(number, value.text, value.where)
    values["计量单位"] = Value(None, unit, record["计量单位"].where)
    return Record(values, record.where)


_QUANTITY = re.compile(r"^\s*([-+]?[0-9０-９,，.．\s]*[0-9０-９])\s*(.*?)\s*$")
UNIT_NAMES = {"％": "%", "百分比": "%"}  # the same unit as clerks write it


def _quantity(text: str) -> tuple[float | None, str]:
    """A number and the unit typed after it: '95%' → (95, '%'), '4个' → (4, '个'),
    '100百分比' → (100, '%')."""
    match = _QUANTITY.match(text)
    if not match:
        return None, ""
    try:
        unit = match.group(2)
        return parse_number(match.group(1)), UNIT_NAMES.get(unit, unit)
    except NotANumber:
        return None, ""


FIGURE_VALUE = Column("数值", numeric=True)


def _figure_list(list_name: str, table: Table, problems: Problems) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for row in table.rows:
        name_cell, value_cell = row.cells["名称"], row.cells["数值"]
        try:
            if not name_cell.text:
                raise UserError(name_cell.where, _("a figure without a name"),
                                _("a name in 名称"))
            if name_cell.text in figures:
                raise UserError(name_cell.where, _("figure {name} twice").format(
                    name=name_cell.text), _("each name once"))
            value = _number(value_cell, FIGURE_VALUE)
            if value is None:
                raise UserError(value_cell.where, _("no value for {name}").format(
                    name=name_cell.text), _("a number"))
        except UserError as error:
            problems.add(error)
            problems.unreadable.add((list_name, name_cell.text))
            continue
        text = value_cell.text.strip().replace(",", "")
        figures[name_cell.text] = Figure(name_cell.text, value, text, row.text("单位"))
    return figures
