"""What the rules look at: one report loaded, derived, and its prose rendered — or why not.

Loading and rendering go through the same functions as the build, so a report that checks is a
report that loads and renders; the first loading mistake is returned as a UserError for the
runner to turn into a finding, and a section the build would refuse keeps its refusal for the
prose rules to report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.checks.prose_text import ProseText, read_section, tracing_environment
from jixiao.derive.report import Derived
from jixiao.derive.scoring import Scorecard
from jixiao.errors import Location, UserError
from jixiao.load.data import ReportData
from jixiao.load.outline import DocumentOutline, Section
from jixiao.load.search_path import search_path
from jixiao.load.settings import Report
from jixiao.paths import CONTENT
from jixiao.render.forms import build_forms
from jixiao.render.inputs import Loaded, load_inputs


@dataclass(frozen=True)
class SectionFile:
    """An official section, the file that holds it (which may be missing), and its text as
    rendered — or the build's refusal of it."""

    document: DocumentOutline
    section: Section
    path: Path
    prose: ProseText | None
    refusal: UserError | None = None


@dataclass
class Subject:
    """A loaded report: settings, entered data, derived figures, prose names, and each section
    as rendered."""

    report: Report
    data: ReportData
    derived: Derived
    context: dict[str, Any]
    sections: list[SectionFile]

    @property
    def prose(self) -> list[ProseText]:
        """Every section rendered, its included blocks within it."""
        return [part.prose for part in self.sections if part.prose is not None]

    def settings_line(self, key: str) -> Location:
        """Where ``key:`` stands in report.yaml (at its parent, or the first line, when it is
        absent)."""
        return self.report.where_key(key)

    def scorecards(self) -> list[tuple[str, Scorecard]]:
        """附件2's scorecard (when the report has a 整体 document) and each project's form's,
        with the form's name."""
        whole = [("附件2", self.derived.evaluation)] if "整体" in self.report.documents else []
        return [*whole, *((self.project_form(i), p.card)
                          for i, p in enumerate(self.derived.projects))]

    def header(self, table: str, column: str) -> str:
        """jixiao's ``column`` of ``table`` as the report's data file heads it, so that a
        finding names the column the writer sees: the template's header where it heads the
        table otherwise (sichuan's 完成值 for 实际完成值), else jixiao's own."""
        rule = self.report.template.tables.get(table)
        return rule.header(column) if rule else column

    @property
    def fund_total(self) -> str:
        """The name of a project's total fund line as its template's form has it (年度资金总额,
        总额)."""
        return self.report.template.project_funds[0]

    def indicator_header(self, card: Scorecard, column: str) -> str:
        """``column`` as the indicator table ``card`` was read from heads it: 附件2's
        绩效指标, or a project's 项目指标."""
        return self.header("绩效指标" if card is self.derived.evaluation else "项目指标", column)

    def project_form(self, index: int) -> str:
        """The name of the ``index``-th project's form: 附件3「…」 of the 整体 report, or
        附件1「…」, 附件2「…」 … of a 项目 report alone."""
        name = self.derived.projects[index].name
        number = index + 1 if self.report.documents == ("项目",) else 3
        return f"附件{number}「{name}」"


def load_subject(folder: Path, loaded: Loaded | None = None) -> Subject:
    """Everything the rules need for the report in ``folder`` (its inputs ``loaded`` already,
    when a build has them); raises UserError when it cannot — its forms too are filled as the
    build fills them, so that a form the build would refuse (a template's table whose cells do
    not tile its columns, a placeholder naming no figure) is found by the check first."""
    loaded = loaded or load_inputs(folder)
    report, context = loaded.report, loaded.context
    outlines = report.outline
    projects = [project.name for project in loaded.derived.projects]
    for key in report.documents:
        build_forms(report, loaded.derived, outlines[key].for_report(report, projects).attachments)
    env = tracing_environment(search_path(report.folder, CONTENT))
    sections = []
    for key in report.documents:
        outline = outlines[key]
        for section in outline.sections:
            path = report.folder / outline.folder / section.file
            prose = refusal = None
            if path.is_file():
                try:
                    prose = read_section(env, f"{outline.folder}/{section.file}", path, context)
                except UserError as exc:
                    refusal = exc
            sections.append(SectionFile(outline, section, path, prose, refusal))
    return Subject(report, loaded.data, loaded.derived, context, sections)
