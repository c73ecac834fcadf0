"""``jixiao workbook``: a report's data-entry workbook, the CSV tables as Excel sheets.

Staff keep figures in Excel. The workbook has one sheet per table the report reads (every
required table of ``schemas.SCHEMAS``, the optional ones the report has, its figure lists),
named and headed as the loader expects, so that the workbook put into data/ in place of the
CSV files builds the same report byte for byte. Each header cell carries the column's meaning
as a comment, the header row is frozen, columns with a fixed set of values get drop-down lists
(二级指标 offers the 二级 of the row's 一级, through a hidden sheet of lists that the loader
skips), and amounts and rates have number formats.

A cell holds a number when the loader reads the number back as the text that was entered
(``6.5``, ``85.79%``), else the text itself, so that nothing typed is changed on the way.
The blank 一级指标 and 二级指标 that mean "as the row above" are written out, so that every
row's 二级 drop-down knows its 一级.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from jixiao.errors import UserError, display_path
from jixiao.load.data import headed_schemas, headed_values, load_data
from jixiao.load.schemas import SCHEMAS, Column, Schema
from jixiao.load.settings import REPORT_FILE, Report, load_report
from jixiao.load.sources import Table, cell_text, read_tables
from jixiao.messages import _
from jixiao.numbers import NotANumber, parse_number

LISTS_SHEET = "选项"  # hidden: the choices of the drop-downs
ENTRY_ROWS = 500  # rows below the header that get drop-downs and number formats
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"
RATE_FORMAT = "0.00%"

# What each column holds, as a header comment. Keyed by (table, column), or by column alone
# where it means the same in every table.
MEANINGS: dict[tuple[str, str] | str, str] = {
    "编制数": "核定编制人数（人）",
    "实际在职人数": "本年实际在职人数（人）；在职人员控制率由系统计算",
    ("经费控制", "项目"): "经费项目名称，如“三公”经费、公务接待",
    "上级项目": "所属上级项目的名称；顶层项目留空。有下级的项目为其下级之和，留空不填",
    "关系": "填“其中”表示该行是上级项目的“其中”项，不计入上级合计；否则留空",
    "上年决算数": "上年决算数（万元）",
    "本年预算数": "本年预算数（万元）",
    "本年决算数": "本年决算数（万元）",
    ("楼堂馆所", "项目名称"): "本年完工的楼堂馆所项目名称",
    "批复规模": "批复规模（m²）",
    "实际规模": "实际规模（m²）",
    "预算投资": "预算投资（万元）",
    "实际投资": "实际投资（万元）",
    "经济分类": "经济分类：工资福利支出、商品和服务支出、对个人和家庭的补助",
    "全年执行数": "全年执行数（万元）；执行率由系统计算",
    "分类": "收入性质（计入年度资金总额）或支出性质",
    ("预算", "项目"): "资金项目，如一般公共预算、基本支出、项目支出",
    "年初预算数": "年初预算数（万元）",
    "全年预算数": "全年预算数（万元）",
    "预期目标": "年度总体目标的预期目标，一行一个目标",
    "实际完成情况": "该目标的实际完成情况",
    "一级指标": "一级指标：从下拉列表中选择",
    "二级指标": "二级指标：从下拉列表中选择（随一级指标变化）",
    "三级指标": "三级指标名称，自拟",
    "指标性质": "≥ ＞ ≤ ＜ =（定量指标）或“定性”",
    "年度指标值": "年度指标值（目标值）；定量指标填数字，可带单位，如 95%",
    "实际完成值": "实际完成值；定量指标填数字",
    "计量单位": "计量单位，如 个、%、万元；可留空",
    "分值": "该指标的分值",
    "得分": "定性指标的评价得分；定量指标由系统按规则计算，可留空",
    "定性档次": "定性指标的评价档次，如 达成、基本达成、部分达成；可留空",
    "偏差原因分析及改进措施": "得分低于分值时必填：偏差原因及改进措施",
    "项目名称": "一级项目名称，与“项目”表中的名称一致",
    ("项目", "项目名称"): "一级项目名称，每个项目一张附件3",
    "主管部门": "项目主管部门",
    "实施单位": "项目实施单位",
    "资金来源": "当年财政拨款、上年结转资金或其他资金",
    ("填报值", "项目"): "已填报报告中的数字名称，如 自评.总分、执行率",
    ("填报值", "数值"): "已填报报告中写明的数值，如 95.5、85.79%",
    "说明": "说明；可留空",
    "名称": "数字的名称；正文中以 {{ 表名.名称 }} 引用",
    "数值": "数值",
    "单位": "单位，如 亿元、个、%",
}
FUND_ITEM_MEANING = "支出项目名称"


@dataclass(frozen=True)
class Sheet:
    """One sheet to write: its table's name, header, rows of cell texts, and its schema."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    schema: Schema | None  # None for a figure list

    def column(self, name: str) -> Column | None:
        """The schema's column of that name (None in a figure list, or for an extra column)."""
        columns = self.schema.columns if self.schema else ()
        return next((column for column in columns if column.name == name), None)


def meaning(table: str, column: str) -> str:
    """What ``column`` of ``table`` holds, for its header comment; a fund table's 项目 is a
    spending line."""
    if (table, column) in MEANINGS:
        return MEANINGS[(table, column)]
    if column == "项目" and table in SCHEMAS and "年初预算数" in _names(SCHEMAS[table]):
        return FUND_ITEM_MEANING
    return MEANINGS.get(column, column)


def _names(schema: Schema) -> tuple[str, ...]:
    return tuple(column.name for column in schema.columns)


def report_sheets(folder: Path) -> tuple[Report, list[Sheet]]:
    """The report's settings and the sheets of its workbook, with its current figures.

    Bad data stops here, each mistake a line: the workbook is written from what loads.
    """
    if not (folder / REPORT_FILE).is_file():
        raise UserError(folder / REPORT_FILE, _("no report.yaml"),
                        _("a report folder holding report.yaml"))
    report = load_report(folder)
    data = load_data(report.data_folder, report.scoring, report.documents, report.template)
    tables = read_tables(report.data_folder)
    sheets = []
    for name, schema in headed_schemas(report.template).items():  # as its template heads them
        if name not in tables and schema.required(report.documents):
            sheets.append(Sheet(name, _names(schema), (), schema))
        elif name in tables:
            rule = report.template.tables.get(name)
            sheets.append(_schema_sheet(tables[name], schema,
                                        [headed_values(r, rule) for r in data.records[name]]))
    for name, table in tables.items():
        if name not in SCHEMAS:
            header = tuple(table.header)
            rows = tuple(tuple(row.text(c) for c in header) for row in table.rows)
            sheets.append(Sheet(name, header, rows, None))
    return report, sheets


def _schema_sheet(table: Table, schema: Schema, records: list[dict]) -> Sheet:
    """A form table's sheet: the schema's columns (then any others the file has), its rows
    as typed, with the fill-down columns as the loader filled them in."""
    header = _names(schema) + tuple(c for c in table.header if c not in _names(schema))
    rows = []
    for row, values in zip(table.rows, records, strict=True):
        rows.append(tuple(values[c].text if c in schema.fill_down else row.text(c)
                          for c in header))
    return Sheet(table.name, header, tuple(rows), schema)


def write_workbook(folder: Path, target: Path) -> list[Sheet]:
    """Write the data-entry workbook of the report in ``folder`` to ``target`` (.xlsx)."""
    if target.suffix.lower() != ".xlsx":
        raise UserError(target, _("a file named {name}").format(name=target.name),
                        _("a file name ending in .xlsx"))
    report, sheets = report_sheets(folder)
    write_book(sheets, report.scoring.indicators, target)
    return sheets


def write_book(sheets: list[Sheet], indicators: dict[str, list[str]], target: Path) -> None:
    """``sheets`` as a data-entry workbook at ``target``, the drop-downs offering the 一级
    and 二级指标 of ``indicators`` (report.yaml's scoring.indicators)."""
    book = Workbook()
    book.remove(book.active)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    _indicator_lists(book, lists, indicators)
    headers = {sheet.name: sheet.header for sheet in sheets}
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet, headers)
    book.move_sheet(lists, offset=len(sheets))
    book.active = 0
    save_atomic(book, target)


def save_atomic(book: Workbook, target: Path) -> None:
    """Save through a temporary file beside ``target``: a failure leaves nothing half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".xlsx")
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _indicator_lists(book: Workbook, lists, indicators: dict[str, list[str]]) -> None:
    """一级指标 in column A of the hidden sheet, each one's 二级 along its row, as names:
    一级指标 for the first, 二级_1, 二级_2 … for the others, in the order of report.yaml."""
    sheet = quote_sheetname(LISTS_SHEET)
    for row, (level1, level2s) in enumerate(indicators.items(), start=1):
        lists.cell(row, 1, level1)
        for column, level2 in enumerate(level2s, start=2):
            lists.cell(row, column, level2)
        last = get_column_letter(max(2, len(level2s) + 1))
        book.defined_names[f"二级_{row}"] = DefinedName(
            f"二级_{row}", attr_text=f"{sheet}!$B${row}:${last}${row}")
    book.defined_names["一级指标"] = DefinedName(
        "一级指标", attr_text=f"{sheet}!$A$1:$A${max(1, len(indicators))}")


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _write_sheet(ws, sheet: Sheet, headers: dict[str, tuple[str, ...]]) -> None:
    for column, name in enumerate(sheet.header, start=1):
        cell = ws.cell(1, column, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.comment = Comment(meaning(sheet.name, name), "jixiao", width=240, height=80)
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = max(10, min(40, 2.2 * len(name) + 2))
        number_format = _column_format(sheet, name)
        for row, texts in enumerate(sheet.rows, start=2):
            _put(ws.cell(row, column), texts[column - 1], number_format)
        if number_format:
            ws.column_dimensions[letter].number_format = number_format
    ws.freeze_panes = "A2"
    _validations(ws, sheet, headers)


def _column_format(sheet: Sheet, column: str) -> str | None:
    """The number format of a column of numbers: amounts with two decimals, counts whole."""
    kind = sheet.column(column)
    if kind is None or not kind.numeric:
        return None
    return COUNT_FORMAT if kind.whole else AMOUNT_FORMAT


def _put(cell, text: str, number_format: str | None) -> None:
    """``text`` as a number when the loader reads that number back as ``text``, else as text.

    A rate (95%) is the number 0.95 formatted as a percentage, as Excel stores what staff type.
    """
    if not text:
        return
    try:
        number = parse_number(text)
    except NotANumber:
        number = None
    if number is not None:
        cell.value = int(number) if float(number).is_integer() else number
        cell.number_format = RATE_FORMAT if text.endswith("%") else (number_format or "General")
        if cell_text(cell) == text:
            return
    put_text(cell, text)
    cell.number_format = "@"


def put_text(cell, text: str) -> None:
    """``text`` as text, even one that starts with = (an indicator's "=100%"), which openpyxl
    would otherwise write as a formula."""
    cell.value = text
    cell.data_type = "s"


def _validations(ws, sheet: Sheet, headers: dict[str, tuple[str, ...]]) -> None:
    """Drop-down lists for the columns with a fixed set of values, and for the columns naming
    a row of another table (项目名称 a row of 项目, 上级项目 a row of 经费控制)."""
    last = ENTRY_ROWS + 1
    named = {reference.column: reference for reference in
             (sheet.schema.references if sheet.schema else ())
             if reference.target in headers.get(reference.table, ())}
    for column, name in enumerate(sheet.header, start=1):
        letter = get_column_letter(column)
        cells = f"{letter}2:{letter}{last}"
        if name == "一级指标":
            formula = "=一级指标"
        elif name == "二级指标" and "一级指标" in sheet.header:
            level1 = get_column_letter(sheet.header.index("一级指标") + 1)
            formula = f'=INDIRECT("二级_"&MATCH(${level1}2,一级指标,0))'
        elif name in named:
            reference = named[name]
            target = get_column_letter(headers[reference.table].index(reference.target) + 1)
            formula = f"={quote_sheetname(reference.table)}!${target}$2:${target}${last}"
        elif sheet.column(name) is not None and sheet.column(name).choices:
            formula = '"' + ",".join(sheet.column(name).choices) + '"'
        else:
            continue
        validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                    showErrorMessage=True, errorTitle=name,
                                    error=meaning(sheet.name, name))
        validation.add(cells)
        ws.add_data_validation(validation)


def describe(sheets: list[Sheet], target: Path) -> list[str]:
    """What the workbook command prints: the file, then each sheet and its rows."""
    lines = [_("wrote {path}").format(path=display_path(target))]
    lines += ["  " + _("sheet {name}: {rows} row(s)").format(name=s.name, rows=len(s.rows))
              for s in sheets]
    return lines

