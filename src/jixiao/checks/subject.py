"""What the rules look at: one report loaded, derived, and its prose read — or why it cannot be.

Loading goes through the same functions as the build, so a report that checks is a report that
loads; the first loading mistake is returned as a UserError for the runner to turn into a
finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.checks.prose_text import ProseFile, find_on_path, read_prose
from jixiao.derive.report import Derived
from jixiao.derive.scoring import Scorecard
from jixiao.errors import Location
from jixiao.load.data import ReportData
from jixiao.load.outline import DocumentOutline, Section, load_outline
from jixiao.load.search_path import search_path
from jixiao.load.settings import Report
from jixiao.paths import CONTENT
from jixiao.render.inputs import Loaded, load_inputs


@dataclass(frozen=True)
class SectionFile:
    """An official section and the file that holds it (which may be missing)."""

    document: DocumentOutline
    section: Section
    path: Path
    prose: ProseFile | None


@dataclass
class Subject:
    """A loaded report: settings, entered data, derived figures, prose names and prose files."""

    report: Report
    data: ReportData
    derived: Derived
    context: dict[str, Any]
    sections: list[SectionFile]
    prose: dict[Path, ProseFile]  # every prose file read: sections and what they include
    search: list[Path]  # where includes are found: the report's folders, then blocks/

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

    def project_form(self, index: int) -> str:
        """The name of the ``index``-th project's form: 附件3「…」 of the 整体 report, or
        附件1「…」, 附件2「…」 … of a 项目 report alone."""
        name = self.derived.projects[index].name
        number = index + 1 if self.report.documents == ("项目",) else 3
        return f"附件{number}「{name}」"

    def included_text(self, prose: ProseFile) -> bool:
        """Whether ``prose`` or any file it includes has text."""
        seen: set[Path] = set()
        pending = [prose]
        while pending:
            current = pending.pop()
            if current.path in seen:
                continue
            seen.add(current.path)
            if current.has_text():
                return True
            pending += [self.prose[p] for p in self._include_paths(current) if p in self.prose]
        return False

    def _include_paths(self, prose: ProseFile) -> list[Path]:
        return [p for p in (find_on_path(name, self.search) for name, _ in prose.includes) if p]


def load_subject(folder: Path, loaded: Loaded | None = None) -> Subject:
    """Everything the rules need for the report in ``folder`` (its inputs ``loaded`` already,
    when a build has them); raises UserError when it cannot."""
    loaded = loaded or load_inputs(folder)
    report, context = loaded.report, loaded.context
    outlines = load_outline()
    search = search_path(report.folder, CONTENT)
    prose: dict[Path, ProseFile] = {}
    sections = []
    for key in report.documents:
        outline = outlines[key]
        for section in outline.sections:
            path = report.folder / outline.folder / section.file
            read = _read_with_includes(path, context, search, prose) if path.is_file() else None
            sections.append(SectionFile(outline, section, path, read))
    return Subject(report, loaded.data, loaded.derived, context, sections, prose, search)


def _read_with_includes(path: Path, context: dict[str, Any], search: list[Path],
                        prose: dict[Path, ProseFile]) -> ProseFile:
    if path in prose:
        return prose[path]
    read = prose[path] = read_prose(path, context)
    for name, _ in read.includes:
        included = find_on_path(name, search)
        if included is not None:
            _read_with_includes(included, context, search, prose)
    return read
