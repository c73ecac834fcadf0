"""Reading tables as staff keep them: CSV in any encoding Excel writes, or one .xlsx workbook.

A table is a header and rows of text cells, each cell remembering its file, row and column so
that every later message can point at it. Nothing here knows what a table means; ``data``
gives the tables their meaning.

CSV files may be UTF-8 (with or without BOM) or GB18030/GBK, Excel's default on Chinese
Windows; the encoding is detected, never asked for. Lines starting with ``#`` are comments:
they let a report say why a figure differs from what was filed. A byte order mark is not text
wherever it stands (one pasted mid-file would make a name differ invisibly from its twin).

A workbook is a zip archive: one of a few megabytes can inflate to gigabytes. Its inflated
size is read from the archive before any sheet is, and the cells read are counted, so a
workbook past what a report's tables hold is one error, not an exhausted machine.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jixiao.errors import Location, UserError
from jixiao.messages import _

BOM = "\ufeff"
MAX_WORKBOOK_BYTES = 64 * 2**20  # inflated; the example's workbook inflates to well under 1 MB
MAX_CELLS = 500_000  # cells of all sheets together; a report's tables hold a few thousand


@dataclass(frozen=True)
class Cell:
    """One cell's text and where it stands."""

    text: str
    where: Location


@dataclass(frozen=True)
class Row:
    """One data row: cells by column header, and the row's own location."""

    cells: dict[str, Cell]
    where: Location

    def text(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.text if cell else ""


@dataclass(frozen=True)
class Table:
    """A header and its rows, read from one CSV file or one workbook sheet."""

    name: str
    header: list[str]
    rows: list[Row]
    where: Location
    header_where: Location | None = None  # the header's line, below any comment lines


def decode(raw: bytes, path: Path) -> str:
    """Text of a CSV file in UTF-8 (BOM or not) or GB18030, whichever it is."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).replace(BOM, "")
        except UnicodeDecodeError:
            continue
    raise UserError(path, _("text in an unknown encoding"), _("UTF-8 or GBK/GB18030 CSV"))


def csv_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of CSV text, each with the number of the line it starts on: a quoted cell
    typed over several lines (Excel saves Alt+Enter so) keeps its lines together in one; a
    quote never closed leaves the rest of the file as one line with an odd count of quotes."""
    pending, start = "", 0
    for number, physical in enumerate(io.StringIO(text, newline=""), start=1):
        if not pending:
            start = number
            if is_skipped(physical):
                yield number, physical
                continue
        pending += physical
        if pending.count('"') % 2 == 0:
            yield start, pending
            pending = ""
    if pending:
        yield start, pending


def is_skipped(line: str) -> bool:
    """A blank line or a ``#`` comment: no row."""
    return not line.strip() or line.lstrip().startswith("#")


def read_csv(path: Path, report=None) -> Table:
    """A CSV file as a Table; blank lines, rows of empty cells and ``#`` comment lines are
    skipped but keep numbering. ``report`` (a callable) takes the mistake of each line that
    cannot be read, which is then left out; without it the first mistake is raised."""

    def refuse(error: UserError) -> None:
        if report is None:
            raise error
        report(error)

    text = decode(path.read_bytes(), path)
    header: list[str] | None = None
    header_where: Location | None = None
    rows: list[Row] = []
    for line_no, line in csv_lines(text):
        if is_skipped(line):
            continue
        if line.count('"') % 2:
            refuse(UserError(Location(path, line_no), _("a quoted cell that is never closed"),
                             _('a closing " for every opening one')))
            continue
        try:
            values = next(csv.reader([line]))
        except csv.Error as exc:
            refuse(UserError(Location(path, line_no),
                             _("unreadable CSV line ({reason})").format(reason=exc)))
            continue
        values = [value.strip() for value in values]
        if not any(values):  # a row of empty cells, as Excel saves below a table
            continue
        if header is None:
            header, header_where = values, Location(path, line_no)
            _check_header(header, header_where)
            continue
        if len(values) > len(header) and any(values[len(header):]):
            refuse(UserError(
                Location(path, line_no, len(header) + 1),
                _("{count} values").format(count=len(values)),
                _("at most {count}, one per column of the header").format(count=len(header)),
            ))
            continue
        cells = {
            column: Cell(values[i] if i < len(values) else "", Location(path, line_no, i + 1))
            for i, column in enumerate(header)
        }
        rows.append(Row(cells, Location(path, line_no)))
    if header is None:
        raise UserError(path, _("an empty file"), _("a header line naming the columns"))
    return Table(path.stem, header, rows, Location(path), header_where)


def _check_header(header: list[str], where: Location) -> None:
    seen: set[str] = set()
    for i, column in enumerate(header, start=1):
        if not column:
            raise UserError(Location(where.path, where.line, i), _("an empty column name"),
                            _("a name in every header cell"))
        if column in seen:
            raise UserError(Location(where.path, where.line, i),
                            _("column {column} twice").format(column=column),
                            _("each column once"))
        seen.add(column)


def read_workbook(path: Path) -> dict[str, Table]:
    """Every visible sheet of an .xlsx workbook as a Table named after the sheet.

    A hidden sheet holds the workbook's own lists (the choices of its drop-downs), not a table.
    """
    from openpyxl import load_workbook

    _refuse_inflated(path)
    cells_read = 0
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UserError(path,
                        _("an unreadable workbook ({kind})").format(kind=exc.__class__.__name__),
                        _("an .xlsx file saved by Excel or WPS")) from exc
    _refuse_large_sheets(path, book)
    uncached = _uncached_formula(path, book)
    if uncached:
        raise UserError(uncached, _("a formula cell without a saved value"),
                        _("the workbook opened and saved in Excel or WPS, which stores each "
                          "formula's value"))
    tables: dict[str, Table] = {}
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        sheet_path = Path(f"{path}[{sheet.title}]")
        header: list[str] | None = None
        header_where: Location | None = None
        rows: list[Row] = []
        for row_no, cells in enumerate(sheet.iter_rows(), start=1):
            cells_read += len(cells)
            if cells_read > MAX_CELLS:
                book.close()
                raise UserError(Location(sheet_path, row_no),
                                _("more than {cells} cells").format(cells=MAX_CELLS),
                                _("a workbook holding the report's tables only (delete the "
                                  "rows and columns below and beside them)"))
            texts = [cell_text(cell) for cell in cells]
            if not any(texts) or texts[0].startswith("#"):
                continue
            if header is None:
                while texts and not texts[-1]:
                    texts.pop()
                header, header_where = texts, Location(sheet_path, row_no)
                _check_header(header, header_where)
                continue
            cells = {
                column: Cell(texts[i] if i < len(texts) else "",
                             Location(sheet_path, row_no, i + 1))
                for i, column in enumerate(header)
            }
            rows.append(Row(cells, Location(sheet_path, row_no)))
        tables[sheet.title] = Table(sheet.title, header or [], rows, Location(sheet_path),
                                    header_where)
    book.close()
    return tables


def _refuse_inflated(path: Path) -> None:
    """One line for a workbook that would inflate past MAX_WORKBOOK_BYTES, before reading it."""
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl says it is unreadable, in its words
    if inflated > MAX_WORKBOOK_BYTES:
        size = f"{inflated / 2**20:.0f}"
        raise UserError(path, _("a workbook inflating to {size} MB").format(size=size),
                        _("at most {size} MB (a report's tables take well under one)").format(
                            size=MAX_WORKBOOK_BYTES // 2**20))


def _uncached_formula(path: Path, values) -> Location | None:
    """The first formula cell whose value the workbook does not hold (a workbook written by a
    program, never opened in Excel): read as blank, it would print a wrong figure."""
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in formulas.worksheets:
            cached = values[sheet.title].iter_rows()
            for row_no, cells in enumerate(sheet.iter_rows(), start=1):
                saved = next(cached, ())
                for col, cell in enumerate(cells, start=1):
                    formula = getattr(cell, "value", None)
                    value = getattr(saved[col - 1], "value", None) if col <= len(saved) else None
                    if isinstance(formula, str) and formula.startswith("=") and value is None:
                        return Location(Path(f"{path}[{sheet.title}]"), row_no, col)
    finally:
        formulas.close()
    return None


def _refuse_large_sheets(path: Path, book) -> None:
    """One line for a workbook whose sheets say they span more than MAX_CELLS, before any
    cell is read (a sheet that understates its size is stopped as its cells are counted)."""
    spans = [(sheet, (sheet.max_row or 0) * (sheet.max_column or 0)) for sheet in book.worksheets]
    total = sum(cells for _, cells in spans)
    if total > MAX_CELLS:
        sheet = max(spans, key=lambda pair: pair[1])[0]
        book.close()
        raise UserError(Path(f"{path}[{sheet.title}]"),
                        _("sheets spanning {total} cells ({sheet} to row {row}, column "
                          "{column})").format(total=total, sheet=sheet.title,
                                              row=sheet.max_row, column=sheet.max_column),
                        _("at most {cells}: a workbook holding the report's tables only "
                          "(delete the rows and columns below and beside them)").format(
                            cells=MAX_CELLS))


def cell_text(cell) -> str:
    """A cell as staff see it: 0.95 formatted as a percentage reads 95%, 3.0 reads 3."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        percent = "%" in (getattr(cell, "number_format", "") or "")
        number = round(value * 100, 10) if percent else value
        text = str(int(number)) if float(number).is_integer() else repr(float(number))
        return text + ("%" if percent else "")
    return str(value).replace(BOM, "").strip()


def missing_table(folder: Path, name: str) -> tuple[Location, str]:
    """Where a table that is not there was looked for, and how to say so."""
    workbooks = sorted(folder.glob("*.xlsx"))
    if workbooks:
        return Location(workbooks[0]), _("no sheet {name} in the workbook").format(name=name)
    return Location(folder / f"{name}.csv"), _("missing data file")


def read_tables(folder: Path, report=None) -> dict[str, Table]:
    """The tables of a report's data folder: its CSV files, or the sheets of its workbook.

    ``report`` (a callable) takes the mistake of each file that cannot be read, so that the
    other files are still read; without it the first mistake is raised.
    """
    old = sorted(folder.glob("*.xls"))
    if old:
        raise UserError(old[0], _("an Excel 97–2003 workbook (.xls)"),
                        _("an .xlsx workbook (save it again as .xlsx) or CSV files"))
    workbooks = sorted(folder.glob("*.xlsx"))
    csv_files = sorted(folder.glob("*.csv"))
    if workbooks and csv_files:
        raise UserError(folder, _("both CSV files and an .xlsx workbook"),
                        _("one or the other, so that each figure is entered once"))
    if len(workbooks) > 1:
        raise UserError(folder, _("{count} workbooks").format(count=len(workbooks)),
                        _("at most one .xlsx workbook"))
    if workbooks:
        return read_workbook(workbooks[0])
    tables = {}
    for path in csv_files:
        try:
            tables[path.stem] = read_csv(path, report)
        except UserError as error:
            if report is None:
                raise
            report(error)
    return tables
