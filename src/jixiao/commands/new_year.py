"""``invoke new-year``: next year's report folder, made from this year's.

Most of a self-evaluation carries over. The new folder (beside the old one, named by the next
year) gets report.yaml with the year, the dates and the titles moved on; the data files with
their rows, labels and comments, last year's actuals carried into the 上年 columns
(``previous.CARRIED``) and this year's figures blank; the section files and blocks as they were,
placeholders and all, so they take the new figures. It is written into a hidden folder first
and renamed into place, so a refusal or a failure leaves nothing behind, and an existing folder
is never written into. A process killed while writing leaves its hidden folder, which no
command reads as a report (``find_reports`` skips hidden folders) and the next new-year beside
it removes. A symbolic link is refused, never copied as the file it points to: the build
refuses links out of a report, and a copy would turn one into a real file of next year's.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.errors import UserError, display_path
from jixiao.load.data import headed_schemas, load_data
from jixiao.load.previous import CARRIED
from jixiao.load.schemas import FIGURE_LIST_HEADER
from jixiao.load.settings import REPORT_FILE, key_line, load_report
from jixiao.load.sources import csv_lines, decode, is_skipped, read_workbook
from jixiao.load.template import Template
from jixiao.messages import _, ngettext

LAST_YEAR = 2100  # the last year report.yaml accepts


@dataclass
class Plan:
    """What new-year made and what the writer has to do next."""

    target: Path
    created: list[str] = field(default_factory=list)
    fill_in: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def new_year(folder: Path) -> Plan:
    """Create the report folder of the year after ``folder``'s; refuse rather than overwrite."""
    yaml_path = folder / REPORT_FILE
    if not yaml_path.is_file():
        raise UserError(yaml_path, _("no report.yaml"), _("a report folder holding report.yaml"))
    report = load_report(folder)
    year_line = key_line(folder, "year")
    if report.year >= LAST_YEAR:
        raise UserError(year_line, _("year: {year}, which cannot be moved on").format(
                            year=report.year),
                        _("a year before {last}").format(last=LAST_YEAR))
    if folder.resolve().name != str(report.year):
        raise UserError(year_line, _("year: {year} in a folder named {folder}").format(
                            year=report.year, folder=folder.resolve().name),
                        _("a report folder named by its year ({year}), so that next year's "
                          "folder goes beside it").format(year=report.year))
    # bad data stops here, before anything is written
    load_data(report.data_folder, report.scoring, report.documents, report.template)
    target = folder.parent / str(report.year + 1)
    if target.exists():
        raise UserError(target, _("already exists"),
                        _("no folder of that name: new-year never writes into an existing one"))
    _refuse_links(folder)
    plan = Plan(target)
    _remove_stale_staging(folder.parent, target.name)
    staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(target.name)}{os.getpid()}.",
                                    dir=folder.parent))
    try:
        staging.chmod(folder.stat().st_mode & 0o777)
        _copy(folder, staging, report.year, plan, report.scoring.indicators, report.template)
        load_report(staging)  # what new-year wrote must read back as a report
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return plan


def _refuse_links(folder: Path) -> None:
    """One line naming the first symbolic link in ``folder``, before anything is written."""
    for root, directories, files in os.walk(folder):
        for name in sorted([*directories, *files]):
            path = Path(root) / name
            if path.is_symlink():
                raise UserError(path, _("a symbolic link to {target}").format(
                                    target=os.readlink(path)),
                                _("a regular file or folder: new-year copies no links (put "
                                  "the file itself there)"))


def _staging_prefix(name: str) -> str:
    return f".{name}.new-year-"


def _remove_stale_staging(parent: Path, name: str) -> None:
    """Remove the hidden folders a killed new-year left beside ``parent``'s reports: those
    whose process (its id is in the name) no longer runs."""
    for stale in parent.glob(f"{_staging_prefix(name)}*"):
        pid = stale.name.removeprefix(_staging_prefix(name)).split(".", 1)[0]
        if stale.is_dir() and not stale.is_symlink() and not _running(pid):
            shutil.rmtree(stale, ignore_errors=True)


def _running(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _copy(source: Path, staging: Path, year: int, plan: Plan,
          indicators: dict[str, list[str]], template: Template) -> None:
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        out = staging / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        shown = display_path(plan.target / relative)
        if relative == Path(REPORT_FILE):
            out.write_text(move_on(path.read_text(encoding="utf-8")), encoding="utf-8")
            plan.created.append(_("{file}: year, dates and titles moved on to {year}").format(
                file=shown, year=year + 1))
            plan.review.append(_("{file}: check report_date and the signature's dates").format(
                file=shown))
        elif relative.parent == Path("data") and path.suffix == ".csv":
            _move_table(path, out, year, plan, shown, template)
        elif relative.parent == Path("data") and path.suffix == ".xlsx":
            _move_workbook(path, out, year, plan, shown, indicators, template)
        else:
            shutil.copy2(path, out)
            plan.created.append(_("{file}: copied").format(file=shown))
            if path.suffix == ".md":
                plan.review += _year_mentions(path, year, shown)


YEAR_OR_DATE = re.compile(r"^(?P<key>\s*year:\s*)(?P<year>\d{4})\b"
                          r"|(?<!\d)(?P<date>\d{4})-(?P<md>\d{2}-\d{2})(?!\d)"
                          r"|(?<!\d)(?P<named>\d{4})(?=年)", re.MULTILINE)


def move_on(text: str) -> str:
    """report.yaml's text one year on: year:, every date, every 2024年 (comments included)."""

    def later(match: re.Match) -> str:
        if match["key"] is not None:
            return f"{match['key']}{int(match['year']) + 1}"
        if match["date"] is not None:
            month_day = "02-28" if match["md"] == "02-29" else match["md"]
            return f"{int(match['date']) + 1}-{month_day}"
        return str(int(match["named"]) + 1)

    return YEAR_OR_DATE.sub(later, text)


def _move_table(path: Path, out: Path, year: int, plan: Plan, shown: str,
                template: Template) -> None:
    """A data file with this year's figures blank and last year's carried into 上年; its
    columns headed as the report's template heads them."""
    raw = path.read_bytes()
    text = decode(raw, path)
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else (
        "utf-8" if _is_utf8(raw) else "gb18030")
    schema = headed_schemas(template).get(path.stem)
    carried = CARRIED.get(path.stem, {})
    header: list[str] | None = None
    lines: list[str] = []
    rows = 0
    for _number, line in csv_lines(text):
        if is_skipped(line):
            lines.append(re.sub(rf"(?<!\d){year}(?=年)", str(year + 1), line))
            continue
        values = [v.strip() for v in next(csv.reader([line]))]
        if header is None:
            header = values
            blank = _blank_columns(header, schema) - set(carried)
        else:
            cells = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
            values = _next_year_row(cells, header, carried, blank)
            rows += 1
        lines.append(_csv_line(values))
    out.write_bytes("".join(lines).encode(encoding))
    _tell(plan, shown, year, header or [], blank, carried, rows)


def _next_year_row(cells: dict[str, str], header: list[str], carried: dict[str, str],
                   blank: set[str]) -> list[str]:
    """One row next year: last year's actuals in the 上年 columns, this year's figures blank."""
    return [cells.get(carried[c], "") if c in carried else "" if c in blank
            else cells.get(c, "") for c in header]


def _tell(plan: Plan, shown: str, year: int, header: list[str], blank: set[str],
          carried: dict[str, str], rows: int) -> None:
    moved = [_("{column} from {year}'s {source}").format(column=column, year=year, source=source)
             for column, source in carried.items()]
    counted = ngettext("{rows} row", "{rows} rows", rows).format(rows=rows)
    plan.created.append(f"{shown}: {counted}" + (f", {'; '.join(moved)}" if moved else ""))
    plan.fill_in.append(_("{file}: {columns} of {year} ({rows})").format(
        file=shown, columns=", ".join(c for c in header if c in blank), year=year + 1,
        rows=counted))


def _move_workbook(path: Path, out: Path, year: int, plan: Plan, shown: str,
                   indicators: dict[str, list[str]], template: Template) -> None:
    """A data workbook moved on as the CSV files are, sheet by sheet, written as
    ``jixiao workbook`` writes one (drop-downs, comments, number formats)."""
    from jixiao.commands.workbook import Sheet, write_book

    sheets = []
    for name, table in read_workbook(path).items():
        schema = headed_schemas(template).get(name)
        carried = CARRIED.get(name, {})
        blank = _blank_columns(table.header, schema) - set(carried)
        rows = [_next_year_row({c: row.text(c) for c in table.header}, table.header, carried,
                               blank) for row in table.rows]
        sheets.append(Sheet(name, tuple(table.header), tuple(map(tuple, rows)), schema))
        _tell(plan, f"{shown}[{name}]", year, table.header, blank, carried, len(rows))
    write_book(sheets, indicators, out)


def _blank_columns(header: list[str], schema) -> set[str]:
    """This year's figures: the yearly columns of a form table, 数值 of a figure list."""
    if schema is not None:
        return {c.name for c in schema.columns if c.blank_next_year}
    if tuple(header[:2]) == FIGURE_LIST_HEADER:
        return {"数值"}
    return set()


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _year_mentions(path: Path, year: int, shown: str) -> list[str]:
    """Lines of a prose file that type the old year instead of {{ 年度 }}."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if str(year) in PLACEHOLDER.sub("", line):
            found.append(_("{place}: mentions {year} as typed text, not {placeholder}").format(
                place=f"{shown}:{number}", year=year, placeholder="{{ 年度 }}"))
    return found


def describe(plan: Plan, source: Path) -> list[str]:
    """What new-year prints: what it created, then what the writer must fill in and check."""
    lines = [_("created {target} from {source}").format(target=display_path(plan.target),
                                                         source=display_path(source))]
    lines += [f"  {line}" for line in plan.created]
    lines.append(_("fill in (this year's figures are blank):"))
    lines += [f"  {line}" for line in plan.fill_in]
    if plan.review:
        lines.append(_("check (carried over as written):"))
        lines += [f"  {line}" for line in plan.review]
    return lines
