"""One document as Markdown: the official skeleton filled with the report's section bodies.

Each section file is rendered with the report's figures; the skeleton (templates/) adds the
cover, the fixed section titles from the outline, the attachment list and the forms. The
sections are refused together when pandoc reads anything but text and tables in them
(markdown_safety); the titles, which hold report.yaml's short name, enter as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, nodes
from jinja2.sandbox import SecurityError

from jixiao.errors import UserError
from jixiao.load.outline import DocumentOutline
from jixiao.load.settings import Report
from jixiao.paths import TEMPLATES
from jixiao.render.markdown_safety import Prose, markdown_text, refuse_raw_output
from jixiao.render.prose import environment, render_file


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


@cache
def skeleton_environment():
    """One environment per process for the skeletons, so each is compiled once."""
    return environment([TEMPLATES], text_values=False)


def template_files(env, name: str) -> list[Path]:
    """The file of template ``name`` and of every block it includes by a written name."""
    files: list[Path] = []
    pending, seen = [name], set()
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)
            tree = env.parse(source)
        except (TemplateNotFound, SecurityError, TemplateSyntaxError):
            continue  # rendering has already said why, or rendered without it
        files.append(Path(filename))
        pending += [node.template.value for node in tree.find_all(nodes.Include)
                    if isinstance(node.template, nodes.Const)]
    return files


def render_document(report: Report, outline: DocumentOutline, context: dict[str, Any],
                    search: list[Path], forms: str = "", draft: bool = False) -> RenderedDocument:
    """The Markdown of ``outline`` for ``report``: every section rendered, then the skeleton.

    A draft shows a missing section as its title alone (the checks have said it is missing).
    """
    env = environment(search)
    sections, prose = [], []
    for section in outline.sections:
        path = report.folder / outline.folder / section.file
        if not path.is_file() and draft:
            sections.append(RenderedSection(section.title, "", path))
            continue
        if not path.is_file():
            raise UserError(path, f"missing section file for 「{section.title}」",
                            f"{outline.folder}/{section.file} in the report folder")
        name = f"{outline.folder}/{section.file}"
        body = render_file(env, name, context, path).strip()
        sections.append(RenderedSection(section.title, body, path))
        prose.append(Prose(body, (path, *template_files(env, name)[1:])))
    refuse_raw_output(prose)
    titles = outline.titles_for(report)
    skeleton = skeleton_environment()
    markdown = render_file(skeleton, outline.skeleton, {
        "titles": {**titles, **{key: [markdown_text(line) for line in titles[key]]
                                for key in ("title_lines", "cover_title_lines")}},
        "report_date": chinese_date(report.report_date),
        "sections": sections,
        "attachments": outline.attachments,
        "forms": forms,
    }, TEMPLATES / outline.skeleton)
    return RenderedDocument(outline, titles, markdown, tuple(sections))
