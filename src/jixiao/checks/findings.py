"""What a check finds: a place in the file the writer must edit, a severity, a code, a message.

Rules return findings and never print or exit; the caller sorts them, prints them as
``path:line:col: error CODE message`` (editors jump to that) or as JSON, and sets the exit code.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from jixiao.errors import Location, UserError, display_path

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

    @classmethod
    def at(cls, where: Location | Path, severity: str, code: str, message: str) -> Finding:
        where = where if isinstance(where, Location) else Location(Path(where))
        return cls(display_path(where.path), where.line, where.col, severity, code, message)

    @classmethod
    def from_error(cls, error: UserError, code: str = "LOAD") -> Finding:
        """A loading mistake as an error finding, with the location the loader gave."""
        message = error.found + (f"; expected {error.expected}" if error.expected else "")
        return cls.at(error.where, ERROR, code, message)

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
        return f"{place}: {self.severity} {self.code} {self.message}"


def error(where: Location | Path, code: str, message: str) -> Finding:
    return Finding.at(where, ERROR, code, message)


def warning(where: Location | Path, code: str, message: str) -> Finding:
    return Finding.at(where, WARNING, code, message)


def sorted_findings(findings) -> list[Finding]:
    """Sorted by place, then code; duplicates (the same finding reached twice) once."""
    return sorted(set(findings), key=Finding.sort_key)


def summary(findings: list[Finding], reports: int) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    checked = f"{reports} report" + ("s" if reports != 1 else "")
    return f"{checked} checked: {errors} error(s), {warnings} warning(s)"


def as_text(findings: list[Finding], reports: int) -> str:
    return "\n".join([*map(str, findings), summary(findings, reports)]) + "\n"


def as_json(findings: list[Finding], reports: int) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    return json.dumps({"reports": reports, "errors": errors,
                       "warnings": len(findings) - errors,
                       "findings": [asdict(f) for f in findings]},
                      ensure_ascii=False, indent=2) + "\n"
