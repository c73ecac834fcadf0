"""One document as Markdown: the official skeleton filled with the report's section bodies.

Each section file is rendered with the report's figures; the skeleton (the template's own
folder first, then templates/) adds the cover, the fixed section titles from the outline, the
attachment list and the forms. The titles, which hold report.yaml's short name, enter as text
(markdown_safety.markdown_text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jixiao.errors import UserError
from jixiao.load.outline import DocumentOutline
from jixiao.load.search_path import SearchPath
from jixiao.load.settings import Report
from jixiao.messages import _
from jixiao.paths import TEMPLATES
from jixiao.render.markdown_safety import markdown_text
from jixiao.render.prose import (
    CompiledTemplates,
    ProseEnvironment,
    environment,
    render_file,
    render_section,
)


@dataclass(frozen=True)
class RenderedSection:
    title: str
    body: str
    source: Path


@dataclass(frozen=True)
class RenderedDocument:
    """A document's Markdown, titles, and the section sources it came from."""

    outline: DocumentOutline
    titles: dict[str, str]
    markdown: str
    sections: tuple[RenderedSection, ...]


def chinese_date(date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


class SkeletonEnvironment(ProseEnvironment):
    """The skeletons' environment: their placeholders print Markdown jixiao made (the rendered
    sections, the forms), so it is not escaped; each title's lines are, where they enter."""

    compiled = CompiledTemplates()
    prints_text = False


@cache
def skeleton_environment(template: Path):
    """One environment per template and process for the skeletons, so each is compiled once:
    a skeleton in the template's folder wins over the shared one of templates/."""
    return environment(SearchPath(tuple(dict.fromkeys([template, TEMPLATES])), blocks_only=False),
                       SkeletonEnvironment)


def render_document(report: Report, outline: DocumentOutline, context: dict[str, Any],
                    search: SearchPath, forms: str = "", draft: bool = False) -> RenderedDocument:
    """The Markdown of ``outline`` for ``report``: every section rendered, then the skeleton.

    A draft shows a missing section as its title alone (the checks have said it is missing).
    """
    env = environment(search)
    sections = []
    for section in outline.sections:
        path = report.folder / outline.folder / section.file
        if not path.is_file() and draft:
            sections.append(RenderedSection(section.title, "", path))
            continue
        if not path.is_file():
            raise UserError(path, _("missing section file for 「{title}」").format(
                                title=section.title),
                            _("{file} in the report folder").format(
                                file=f"{outline.folder}/{section.file}"))
        body = render_section(env, f"{outline.folder}/{section.file}", context, path)
        sections.append(RenderedSection(section.title, body.strip(), path))
    titles = outline.titles_for(report)
    skeleton = skeleton_environment(report.template.folder)
    markdown = render_file(skeleton, outline.skeleton, {
        "titles": {**titles, **{key: [markdown_text(line) for line in titles[key]]
                                for key in ("title_lines", "cover_title_lines")}},
        "report_date": chinese_date(report.report_date),
        "sections": sections,
        "attachments": outline.attachments,
        "forms": forms,
    }, report.template.folder / outline.skeleton)
    return RenderedDocument(outline, titles, markdown, tuple(sections))
