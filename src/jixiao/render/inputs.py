"""Load and derive: a report's settings, data (with last year's carried over), figures and the
names prose uses — what rendering and checking both start from, computed one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.derive.report import Derived, derive_report
from jixiao.load.data import ReportData, load_data
from jixiao.load.previous import carry_previous, load_previous
from jixiao.load.settings import Report, load_report
from jixiao.render.context import previous_namespace, report_context


@dataclass(frozen=True)
class Loaded:
    """A report loaded and derived."""

    report: Report
    data: ReportData
    derived: Derived
    context: dict[str, Any]


def load_inputs(folder: Path) -> Loaded:
    """The report in ``folder``; raises UserError at the first mistake in its input."""
    report = load_report(folder)
    data = load_data(report.data_folder, report.scoring, report.documents, report.template)
    previous = load_previous(report)
    if previous is not None:
        data = carry_previous(data, previous.data)
    derived = derive_report(report, data)
    context = {**report_context(report, data, derived),
               "上年": previous_namespace(report, previous)}
    return Loaded(report, data, derived, context)
