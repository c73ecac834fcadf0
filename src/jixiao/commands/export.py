"""``jixiao export``: the computed forms 附件1–N as an Excel workbook, one sheet per form.

The budget systems and reviewers take the 自评表 as a spreadsheet. Each sheet is laid out from
the very tables the documents print (``render.forms`` into the model of ``render.tables``):
the same labels, the same merged cells, then the form's notes and signature line. A figure
cell (right-aligned in the model) holds a number, not text: amounts with two decimals, rates
as percentages, other figures with the decimals the form prints.

A report with check errors is refused, as a build is; a draft (``--draft``, or ``draft: true``
in report.yaml: ``Report.drafted``) exports it anyway with 草稿 on every sheet (beside
the title, and in the printed page header).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from jixiao.checks.runner import check_report, has_errors
from jixiao.commands.workbook import put_text, save_atomic
from jixiao.derive.report import Derived
from jixiao.errors import UserError
from jixiao.load.outline import Attachment
from jixiao.load.settings import REPORT_FILE, Report
from jixiao.messages import _
from jixiao.numbers import NotANumber, parse_number
from jixiao.render.forms import Form, build_forms, signature_line
from jixiao.render.inputs import load_inputs
from jixiao.render.tables import Table

DRAFT = "草稿"
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(bold=True, size=14)
DRAFT_FONT = Font(bold=True, size=14, color="C00000")
COLUMN_UNIT = 2.2  # Excel column width units per character of table text


def report_attachments(report: Report, derived: Derived) -> tuple[Attachment, ...]:
    """The attachments of the report's documents as the documents number them (a 项目 report
    standing alone attaches a form per project), each once, in the order they appear."""
    outlines = report.outline
    projects = [project.name for project in derived.projects]
    seen: dict[tuple[str, str], Attachment] = {}
    for key in report.documents:
        for attachment in outlines[key].for_report(report, projects).attachments:
            seen.setdefault((attachment.key, attachment.project or ""), attachment)
    return tuple(seen.values())


def export_forms(folder: Path, target: Path, draft: bool = False) -> list[str]:
    """Write the forms of the report in ``folder`` to ``target``; the names of the sheets."""
    if target.suffix.lower() != ".xlsx":
        raise UserError(target, _("a file named {name}").format(name=target.name),
                        _("a file name ending in .xlsx"))
    if not (folder / REPORT_FILE).is_file():
        raise UserError(folder / REPORT_FILE, _("no report.yaml"),
                        _("a report folder holding report.yaml"))
    loaded = load_inputs(folder)
    draft = loaded.report.drafted(draft)
    findings = check_report(folder, loaded)
    if has_errors(findings) and not draft:
        errors = sum(f.severity == "error" for f in findings)
        raise UserError(folder, _("{errors} check error(s)").format(errors=errors),
                        _("a report that passes jixiao check, or --draft to export a draft"))
    report = loaded.report
    forms = build_forms(report, loaded.derived, report_attachments(report, loaded.derived))
    book = Workbook()
    book.remove(book.active)
    names = sheet_names(forms)
    for form, name in zip(forms, names, strict=True):
        write_form(book.create_sheet(name), form, signature_line(report), draft)
    save_atomic(book, target)
    return names


def sheet_names(forms: list[Form]) -> list[str]:
    """附件1, 附件2 …; a number with several forms (附件3, one per project) as 附件3-1, 附件3-2."""
    counts: dict[int, int] = {}
    for form in forms:
        counts[form.number] = counts.get(form.number, 0) + 1
    seen: dict[int, int] = {}
    names = []
    for form in forms:
        seen[form.number] = seen.get(form.number, 0) + 1
        suffix = f"-{seen[form.number]}" if counts[form.number] > 1 else ""
        names.append(f"附件{form.number}{suffix}")
    return names


def write_form(ws, form: Form, signature: str, draft: bool) -> None:
    """One form on ``ws``: 附件N, the title, its tables one under the other, notes, signature."""
    columns = max((len(table.widths) for table in form.tables), default=1)
    ws.cell(1, 1, f"附件{form.number}").font = Font(bold=True)
    _line(ws, 2, columns, form.title, TITLE_FONT, "center")
    if draft:
        ws.cell(1, columns, DRAFT).font = DRAFT_FONT
        ws.cell(1, columns).alignment = Alignment(horizontal="right")
        ws.oddHeader.center.text = DRAFT
    row = 3
    for table in form.tables:
        row = write_table(ws, table, row)
    if not form.tables:
        _line(ws, row, columns, "无", None, "left")
        row += 1
    for note in (*form.notes, *([signature] if form.signed else [])):
        _line(ws, row, columns, note, None, "left")
        row += 1
    _widths(ws, form.tables)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _line(ws, row: int, columns: int, text: str, font: Font | None, align: str) -> None:
    """A line of text across the form's width (a title, a note)."""
    cell = ws.cell(row, 1, text)
    if font:
        cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def write_table(ws, table: Table, top: int) -> int:
    """``table`` from row ``top``, its spans as merged cells; the row below it."""
    grid = table.grid()
    for r, cells in enumerate(table.rows):
        for index, cell in enumerate(cells):
            column = grid[r].index((r, index))
            target = ws.cell(top + r, column + 1)
            _fill(target, cell.text, cell.align)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    ws.cell(top + r + dr, column + 1 + dc).border = GRID
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=top + r, start_column=column + 1,
                               end_row=top + r + cell.rowspan - 1,
                               end_column=column + cell.colspan)
    return top + len(table.rows)


def _fill(target, text: str, align: str) -> None:
    """A cell's text, or for a figure its number with the decimals the form prints."""
    target.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    number = None
    if align == "right" and text:
        try:
            number = parse_number(text)
        except NotANumber:
            number = None
    if number is None:
        if text:
            put_text(target, text)
        return
    decimals = len(text.rstrip("%").partition(".")[2])
    places = "0" + ("." + "0" * decimals if decimals else "")
    percent = text.endswith("%")
    target.value = round(number, decimals + 2) if percent else number  # 85.79% is 0.8579
    target.number_format = places + "%" if percent else places


def _widths(ws, tables: tuple[Table, ...]) -> None:
    """Column widths from the model's relative widths, the widest table deciding each."""
    widths: dict[int, float] = {}
    for table in tables:
        scale = 40 / sum(table.widths)  # the type area holds about 40 characters of table text
        for index, width in enumerate(table.widths, start=1):
            widths[index] = max(widths.get(index, 0), width * scale * COLUMN_UNIT)
    for index, width in widths.items():
        ws.column_dimensions[get_column_letter(index)].width = round(width, 1)
