"""Last year's report of the same unit, so that 上年 figures are read, never retyped.

Last year's report is the folder beside this one named by the year before
(content/2023 beside content/2024, content/<unit>/2023 beside content/<unit>/2024). When it
exists, the 上年 columns of the forms are taken from its figures (``CARRIED``) and prose reaches
all of its figures as ``{{ 上年.预算.全年执行数 }}``. When it does not, the 上年 columns stay as
entered and a placeholder under 上年 says which folder it looked for.

A 上年 figure entered this year and different from last year's is an error naming both cells:
one of the two is wrong, and only the writer knows which.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from jixiao.errors import UserError
from jixiao.load.data import Record, ReportData, Value, load_data
from jixiao.load.schemas import SCHEMAS
from jixiao.load.settings import REPORT_FILE, Report, key_line, load_report
from jixiao.messages import _

# table → {this year's column: last year's column it is carried from}
CARRIED: dict[str, dict[str, str]] = {
    "经费控制": {"上年决算数": "本年决算数"},
}


@dataclass(frozen=True)
class PreviousYear:
    """Last year's report and its entered data."""

    report: Report
    data: ReportData


def previous_folder(report: Report) -> Path:
    """Where last year's report of ``report``'s unit lives, whether or not it exists."""
    return report.folder.parent / str(report.year - 1)


def load_previous(report: Report) -> PreviousYear | None:
    """Last year's report beside ``report``, or None when there is none."""
    folder = previous_folder(report)
    if not (folder / REPORT_FILE).is_file():
        return None
    previous = load_report(folder)
    if previous.year != report.year - 1:
        raise UserError(key_line(folder, "year"), f"year: {previous.year}",
                        _("{year}, the year its folder is named after (last year's report of "
                          "{folder})").format(year=report.year - 1, folder=report.folder.name))
    return PreviousYear(previous, load_data(previous.data_folder, previous.scoring,
                                            previous.documents, previous.template))


def row_key(record: Record, table: str) -> tuple[str, ...]:
    return tuple(record.text(column) for column in SCHEMAS[table].key)


def carry_previous(data: ReportData, previous: ReportData) -> ReportData:
    """``data`` with each 上年 column filled from last year's figure of the same row."""
    records = dict(data.records)
    for table, columns in CARRIED.items():
        if table in data.records and table in previous.records:
            last = {row_key(r, table): r for r in previous.records[table]}
            records[table] = [_carry_row(r, last.get(row_key(r, table)), columns)
                              for r in data.records[table]]
    return replace(data, records=records)


def _carry_row(record: Record, last: Record | None, columns: dict[str, str]) -> Record:
    if last is None:
        return record
    values = dict(record.values)
    for column, source in columns.items():
        entered, carried = record[column], last[source]
        if carried.number is None:
            continue
        if entered.number is not None and entered.number != carried.number:
            raise UserError(entered.where,
                            _("{column} {entered}, but last year's {source} is {carried} "
                              "({where})").format(column=column, entered=entered.text,
                                                  source=source, carried=carried.text,
                                                  where=carried.where),
                            _("the same figure, or a blank cell to take last year's"))
        values[column] = Value(carried.number, carried.text, carried.where)
    return replace(record, values=values)
