"""Word files in: ``invoke import`` a filed report, ``invoke check`` a .docx as it was filed.

A .doc, .wps or .odt is first converted to .docx by LibreOffice headless, with a private
profile (two LibreOffice processes sharing one refuse to start). Checking a Word file imports
it into a temporary folder, checks that folder as any report, and shows each finding at its
place in the Word file (``附件2 第12行 第7列``, ``「六、部门整体支出绩效情况」第3段``), read from
the map the importer wrote beside the data.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from jixiao.checks.findings import ERROR, Finding, counts, severity_word
from jixiao.checks.runner import check_report
from jixiao.errors import UserError, display_path
from jixiao.importing import IMPORT_PLACES, Imported, import_report
from jixiao.messages import N_, _, ngettext
from jixiao.render.inputs import load_inputs

WORD_SUFFIXES = (".docx", ".doc", ".wps", ".odt")
CONVERTED = (".doc", ".wps", ".odt")
TIMEOUT_S = 300


def is_word_target(path: Path) -> bool:
    """Whether ``path`` is a Word file, or a folder holding Word files and no report."""
    if path.is_file():
        return path.suffix.lower() in WORD_SUFFIXES
    return path.is_dir() and not any(path.rglob("report.yaml")) and bool(word_files(path))


def word_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in WORD_SUFFIXES
                  and p.is_file() and not p.name.startswith("~$"))


def as_docx(path: Path, scratch: Path) -> Path:
    """``path`` itself for a .docx; a .doc/.wps/.odt converted into ``scratch``."""
    if path.suffix.lower() not in CONVERTED:
        return path
    from jixiao.convert.libreoffice import soffice_path  # only a converted file needs it

    try:
        soffice = soffice_path()
    except UserError:
        raise UserError(path, _("a {suffix} file needs LibreOffice to be read, and it is not "
                                "installed").format(suffix=path.suffix),
                        _("soffice on the PATH (Debian package libreoffice-writer-nogui), or "
                          "the file saved as .docx")) from None
    profile = scratch / "profile"
    out = scratch / "converted"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--norestore", "--convert-to", "docx", "--outdir", str(out), str(path)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT_S,
        check=False)
    converted = out / f"{path.stem}.docx"
    if done.returncode != 0 or not converted.is_file():
        raise UserError(path, _("LibreOffice could not convert it to .docx"),
                        _("a Word document (.doc, .wps, .odt) that LibreOffice opens"))
    return converted


def import_word(paths: Path | list[Path], target: Path,
                placeholders: bool = False) -> Imported:
    """Import the Word files ``paths`` of one report (its 整体 and 项目 documents may be two)
    into the new report folder ``target``; with ``placeholders``, each typed figure that data
    holds becomes its placeholder."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    if target.exists():
        raise UserError(target, _("already exists"),
                        _("a new folder: import never writes into one"))
    for path in paths:
        if not path.is_file():
            raise UserError(path, _("no such file"), _("a Word file (.docx, .doc, .wps, .odt)"))
    names = [path.name for path in paths]
    with tempfile.TemporaryDirectory(prefix="jixiao-import-") as scratch:
        docx = [as_docx(path, Path(scratch) / str(number))
                for number, path in enumerate(paths)]
        if not placeholders:
            return import_report(docx, target, names)
        staged = import_report(docx, Path(scratch) / "report", names)
        use_placeholders(staged.folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged.folder, target)
        staged.folder = target
        return staged


def use_placeholders(folder: Path) -> None:
    """Replace each typed figure the checks find data holding (LITERAL) by the placeholder
    they suggest, right to left within a line so that earlier columns stay valid."""
    edits: dict[Path, list[tuple[int, int, str, str]]] = {}
    for finding in check_report(folder):
        if finding.fix is None or finding.line is None or finding.col is None:
            continue
        typed, placeholder = finding.fix
        edits.setdefault(Path(finding.path).resolve(), []).append(
            (finding.line, finding.col, typed, placeholder))
    for path, changes in edits.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for line, col, typed, placeholder in sorted(changes, reverse=True):
            text = lines[line - 1]
            start = col - 1
            if text[start:start + len(typed)] == typed:
                lines[line - 1] = text[:start] + placeholder + text[start + len(typed):]
        path.write_text("\n".join(lines), encoding="utf-8")


def describe_import(imported: Imported) -> list[str]:
    lines = [_("imported {folder}: {unit}, documents {documents}").format(
        folder=display_path(imported.folder), unit=imported.unit_name,
        documents=", ".join(imported.documents))]
    if imported.unplaced:
        lines.append("  " + _("{count} text(s) could not be placed; kept in {file}:").format(
            count=len(imported.unplaced),
            file=display_path(imported.folder / "imported-unplaced.md")))
        lines += [f"    {item.place}: {item.text[:60]}" for item in imported.unplaced]
    return lines


# checking ------------------------------------------------------------------------------

@dataclass(frozen=True)
class WordFinding:
    """A finding shown where the reviewer finds it: the Word file and the place in it."""

    file: str
    place: str
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        place = f" {self.place}:" if self.place else ""
        return f"{self.file}:{place} {severity_word(self.severity)} {self.code} {self.message}"


@dataclass
class Checked:
    """One Word file checked: its findings and what its summary row shows."""

    file: str
    unit: str
    findings: list[WordFinding]
    stated_total: str = ""
    computed_total: str = ""
    stated_grade: str = ""
    computed_grade: str = ""

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def locate(finding: Finding, folder: Path, places: dict) -> str:
    """Where in the Word file ``finding`` is: its cell, else its line, else its file's place
    (the folder's file name when the importer wrote nothing for it)."""
    try:
        relative = Path(finding.path).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return finding.path
    entry = places.get(relative, {})
    line = str(finding.line) if finding.line is not None else None
    if line and finding.col is not None and f"{line}:{finding.col}" in entry.get("cells", {}):
        return entry["cells"][f"{line}:{finding.col}"]
    if line and line in entry.get("lines", {}):
        return entry["lines"][line]
    return entry.get("file") or relative


def check_word_file(path: Path) -> Checked:
    """Import ``path`` into a temporary folder, check it, locate each finding in the file."""
    shown = display_path(path)
    with tempfile.TemporaryDirectory(prefix="jixiao-check-") as scratch:
        folder = Path(scratch) / "report"
        try:
            imported = import_report(as_docx(path, Path(scratch)), folder, path.name)
        except UserError as error:
            return Checked(shown, "", [WordFinding(shown, "", ERROR, "LOAD", error.detail())])
        places = json.loads((folder / IMPORT_PLACES).read_text(encoding="utf-8"))["files"]
        try:
            loaded = load_inputs(folder)
        except UserError:
            loaded = None
        findings = check_report(folder, loaded)
        located = [WordFinding(shown, locate(f, folder, places), f.severity, f.code, f.message)
                   for f in findings]
        checked = Checked(shown, imported.unit_name, located,
                          stated_total=imported.stated.get("总分", ""),
                          stated_grade=imported.stated.get("等级", ""))
        if loaded is not None and "部门自评表" in imported.forms:
            card = loaded.context.get("自评", {})
            checked.computed_total = _plain(card.get("总分"))
            checked.computed_grade = str(card.get("等级") or "")
        return checked


def _plain(value) -> str:
    if value is None or value == "":
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text


def check_word_files(paths: list[Path]) -> list[Checked]:
    return [check_word_file(path) for path in paths]


# The summary's columns: their keys in JSON, and the heads of the text table (translated).
SUMMARY_HEADS = (N_("file"), N_("unit"), N_("errors"), N_("warnings"), N_("总分 stated"),
                 N_("总分 computed"), N_("等级 stated"), N_("等级 computed"))


def summary_rows(checked: list[Checked]) -> list[tuple[str, ...]]:
    return [(c.file, c.unit, str(c.errors), str(c.warnings), c.stated_total, c.computed_total,
             c.stated_grade, c.computed_grade) for c in checked]


def as_text(checked: list[Checked]) -> str:
    lines = [str(f) for c in checked for f in c.findings]
    if len(checked) > 1:
        rows = [tuple(map(_, SUMMARY_HEADS)), *summary_rows(checked)]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(SUMMARY_HEADS))]
        lines.append("")
        for row in rows:
            lines.append("  ".join(cell + " " * (widths[i] - _width(cell))
                                   for i, cell in enumerate(row)).rstrip())
    lines.append(ngettext("{files} Word file checked: {counts}",
                          "{files} Word files checked: {counts}", len(checked)).format(
        files=len(checked), counts=counts([f for c in checked for f in c.findings])))
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: two for each CJK character."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def as_json(checked: list[Checked]) -> str:
    errors = sum(c.errors for c in checked)
    warnings = sum(c.warnings for c in checked)
    return json.dumps({"files": len(checked), "errors": errors, "warnings": warnings,
                       "findings": [asdict(f) for c in checked for f in c.findings],
                       "summary": [dict(zip(SUMMARY_HEADS, row, strict=True))
                                   for row in summary_rows(checked)]},
                      ensure_ascii=False, indent=2) + "\n"


def as_csv(checked: list[Checked]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("file", "place", "severity", "code", "message"))
    for c in checked:
        for f in c.findings:
            writer.writerow((f.file, f.place, f.severity, f.code, f.message))
    return buffer.getvalue()


WORD_FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}

