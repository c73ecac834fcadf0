"""What a check finds: a place in the file the writer must edit, a severity, a code, a message.

Rules return findings and never print or exit; the caller sorts them, prints them as
``path:line:col: error CODE message`` (editors jump to that) or as JSON, and sets the exit code.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from jixiao.errors import Location, UserError, display_path
from jixiao.messages import _, ngettext

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One inconsistency: where (file, 1-based line and column when known), how bad, what."""

    path: str
    line: int | None
    col: int | None
    severity: str
    code: str
    message: str
    # what a LITERAL finding suggests: (the text as typed, the placeholder to write instead),
    # for the importer to apply whatever the language of the message
    fix: tuple[str, str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def at(cls, where: Location | Path, severity: str, code: str, message: str) -> Finding:
        where = where if isinstance(where, Location) else Location(Path(where))
        return cls(display_path(where.path), where.line, where.col, severity, code, message)

    @classmethod
    def from_error(cls, error: UserError, code: str = "LOAD") -> Finding:
        """A loading mistake as an error finding, with the location the loader gave."""
        return cls.at(error.where, ERROR, code, error.detail())

    @classmethod
    def from_errors(cls, error: UserError, code: str = "LOAD") -> list[Finding]:
        """Every mistake a loading pass gathered (``UserErrors``), a finding each."""
        return [cls.from_error(each, code) for each in getattr(error, "errors", [error])]

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.col or 0, self.code, self.message)

    def __str__(self) -> str:
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return f"{place}: {severity_word(self.severity)} {self.code} {self.message}"


def severity_word(severity: str) -> str:
    """"error" or "warning" in the user's language (JSON keeps the English word)."""
    return _("error") if severity == ERROR else _("warning")


def error(where: Location | Path, code: str, message: str) -> Finding:
    return Finding.at(where, ERROR, code, message)


def warning(where: Location | Path, code: str, message: str,
            fix: tuple[str, str] | None = None) -> Finding:
    return replace(Finding.at(where, WARNING, code, message), fix=fix)


def sorted_findings(findings) -> list[Finding]:
    """Sorted by place, then code; duplicates (the same finding reached twice) once."""
    return sorted(set(findings), key=Finding.sort_key)


def counts(findings: list[Finding]) -> str:
    """How many errors and warnings: "15 error(s), 2 warning(s)"."""
    errors = sum(f.severity == ERROR for f in findings)
    return _("{errors} error(s), {warnings} warning(s)").format(
        errors=errors, warnings=len(findings) - errors)


def summary(findings: list[Finding], reports: int) -> str:
    """The closing line of a check: how many reports, errors and warnings."""
    return ngettext("{reports} report checked: {counts}", "{reports} reports checked: {counts}",
                    reports).format(reports=reports, counts=counts(findings))


def as_text(findings: list[Finding], reports: int) -> str:
    return "\n".join([*map(str, findings), summary(findings, reports)]) + "\n"


def as_json(findings: list[Finding], reports: int) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    return json.dumps({"reports": reports, "errors": errors,
                       "warnings": len(findings) - errors,
                       "findings": [_fields(f) for f in findings]},
                      ensure_ascii=False, indent=2) + "\n"


def _fields(finding: Finding) -> dict:
    """A finding as its JSON shows it: where, how bad, what (the fix stays inside jixiao)."""
    return {k: v for k, v in asdict(finding).items() if k != "fix"}


def as_csv(findings: list[Finding], reports: int) -> str:
    """One row a finding, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("path", "line", "col", "severity", "code", "message"))
    for f in findings:
        writer.writerow((f.path, f.line or "", f.col or "", f.severity, f.code, f.message))
    return buffer.getvalue()
