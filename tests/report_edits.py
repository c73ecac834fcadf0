"""Making a writable copy of a report, changing it (or saving its CSV files as one workbook, as
staff keep them), and reading the one-line error it then gives."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

from openpyxl import Workbook

from jixiao.cli import main, run_build
from jixiao.numbers import NotANumber, parse_number
from jixiao.paths import CONTENT, ROOT

TWO_PROJECTS = ROOT / "tests" / "fixtures" / "two-projects"


def copy_report(source: Path, content: Path, name: str | None = None) -> Path:
    """A copy of ``source`` in the content folder ``content``, the shared blocks beside it."""
    target = content / (name or source.name)
    shutil.copytree(source, target)
    if not (content / "blocks").exists():
        shutil.copytree(CONTENT / "blocks", content / "blocks")
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new``; ``old`` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes below ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def build_error(report: Path, out: Path, capsys) -> str:
    """The one line a failing build of ``report`` prints, after asserting exit 1, no
    traceback and no output written."""
    status = run_build(str(report), out_root=out)
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert not any(p.suffix in (".docx", ".pdf") for p in out.rglob("*"))
    return lines[0]


def refusal(args: list[str], capsys) -> str:
    """The one line the jixiao command prints for ``args``, after asserting exit 1 and no
    traceback."""
    capsys.readouterr()
    assert main(args) == 1, args
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


def as_workbook(report: Path, leave_out: str = "") -> Path:
    """The report's CSV files as one workbook, a sheet per file, numbers as Excel keeps them."""
    book = Workbook()
    book.remove(book.active)
    for path in sorted((report / "data").glob("*.csv")):
        if path.stem == leave_out:
            path.unlink()
            continue
        sheet = book.create_sheet(path.stem)
        for line in io.StringIO(path.read_text(encoding="utf-8")):
            if line.startswith("#"):
                sheet.append([line.strip()])
                continue
            values = [excel_value(text) for text in next(csv.reader([line]))]
            sheet.append([float(v) if isinstance(v, Percent) else v for v in values])
            for cell, value in zip(sheet[sheet.max_row], values, strict=False):
                if isinstance(value, Percent):
                    cell.number_format = "0%"
        path.unlink()
    target = report / "data" / "数据.xlsx"
    book.save(target)
    return target


class Percent(float):
    """A value Excel shows as a percentage: stored as 0.9, formatted 0%."""


def excel_value(text: str):
    """What a cell holds once typed into Excel: a number where the text is one."""
    if not text or "{{" in text:
        return text
    try:
        number = parse_number(text)
    except NotANumber:
        return text
    if text.endswith("%"):
        return Percent(number)
    return int(number) if number.is_integer() and "." not in text else number
