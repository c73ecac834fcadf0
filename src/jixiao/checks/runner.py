"""Running every rule over a report: findings sorted and stable, never an exception.

A report that cannot be loaded gives its loading mistake as one error finding at the file and
line the loader named; the rules run only on a report that loaded.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.checks import (
    arithmetic,
    completeness,
    conclusions,
    filed,
    prose_figures,
    scores,
    stated,
    weights,
)
from jixiao.checks.findings import ERROR, Finding, sorted_findings
from jixiao.checks.subject import load_subject
from jixiao.errors import UserError
from jixiao.render.inputs import Loaded

RULES = (arithmetic, weights, scores, stated, completeness, filed, prose_figures,
         conclusions)


def check_report(folder: Path, loaded: Loaded | None = None) -> list[Finding]:
    """Every finding for the report in ``folder``, sorted by file, line, column and code;
    ``loaded`` spares loading its inputs again when the caller has them."""
    try:
        subject = load_subject(folder, loaded)
    except UserError as exc:
        return sorted_findings(Finding.from_errors(exc))
    findings = []
    for rule in RULES:
        findings += rule.check(subject)
    return sorted_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
