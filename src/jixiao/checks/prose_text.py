"""Prose as the writer wrote it, line by line, and as it renders, with source positions kept.

markdown-it finds the text of headings, paragraphs, list items and table cells, each with the
source lines it came from. On every such line, each ``{{ placeholder }}`` is evaluated on its
own against the report's figures, so a line has two views: *written* (placeholders masked:
what the writer typed) and *rendered* (placeholders replaced by their text). A position in
either view maps back to the column of the source line, so findings point where the writer
must edit. ``{% include %}`` files are followed on the report's search path and read the same
way, once each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from markdown_it import MarkdownIt

from jixiao.errors import Location, UserError
from jixiao.render.prose import environment

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
INCLUDE = re.compile(r"""\{%-?\s*include\s+["']([^"']+)["']""")
MASK = "□"


@dataclass(frozen=True)
class Segment:
    """A stretch of a rendered line: where it starts there and in the source line."""

    rendered: int
    source: int
    placeholder: bool


@dataclass
class TextLine:
    """One source line of text: its number, both views, and the offset map between them."""

    line: int
    source: str
    written: str
    rendered: str
    segments: list[Segment]
    heading: str  # the nearest heading above (or this line's own, for a heading)
    is_heading: bool = False

    def written_col(self, written_index: int) -> int:
        """1-based source column of ``written_index``: masking keeps every position."""
        return self.segments[0].source + written_index + 1

    def is_typed(self, rendered_index: int) -> bool:
        """Whether the rendered character at ``rendered_index`` was typed, not a placeholder's."""
        inside = [s for s in self.segments if s.rendered <= rendered_index]
        return not (inside and inside[-1].placeholder)

    def source_col(self, rendered_index: int) -> int:
        """1-based column in the source line of the character at ``rendered_index``."""
        segment = self.segments[0]
        for candidate in self.segments:
            if candidate.rendered > rendered_index:
                break
            segment = candidate
        if segment.placeholder:
            return segment.source + 1
        return segment.source + rendered_index - segment.rendered + 1


@dataclass
class Placeholder:
    """A placeholder that could not be evaluated: where, and why."""

    where: Location
    message: str


@dataclass
class ProseFile:
    """A prose file's text lines, its includes, and its placeholders that failed."""

    path: Path
    lines: list[TextLine] = field(default_factory=list)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # line, level, text
    includes: list[tuple[str, int]] = field(default_factory=list)  # name, line
    failed: list[Placeholder] = field(default_factory=list)

    def has_text(self) -> bool:
        return any(not line.is_heading and line.rendered.strip(MASK + " ") for line in self.lines)


@cache
def _markdown() -> MarkdownIt:
    """Block structure only: the text of a block is its source, which is all the checks read."""
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


@cache
def _expression_env():
    return environment([])


@cache
def _compiled(expression: str):
    return _expression_env().compile_expression(expression, undefined_to_none=False)


def _evaluate(tag: str, context: dict[str, Any]) -> str:
    """The text a ``{{ expression }}`` renders to in ``context``; raises on a bad placeholder."""
    return str(_compiled(tag[2:-2].strip().lstrip("-").rstrip("-").strip())(**context))


def _views(source: str, context: dict[str, Any], where: Location,
           failed: list[Placeholder]) -> tuple[str, str, list[Segment]]:
    written, rendered, segments = [], [], []
    position = length = 0
    for match in PLACEHOLDER.finditer(source):
        text = source[position:match.start()]
        segments.append(Segment(length, position, False))
        written.append(text)
        rendered.append(text)
        length += len(text)
        tag = match.group()
        value = ""
        if tag.startswith("{{"):
            try:
                value = _evaluate(tag, context)
            except (TemplateError, TypeError, ValueError) as exc:
                failed.append(Placeholder(Location(where.path, where.line, match.start() + 1),
                                          f"placeholder {tag} cannot be evaluated: {exc}"))
                value = MASK
        segments.append(Segment(length, match.start(), True))
        written.append(MASK * len(tag))
        rendered.append(value)
        length += len(value)
        position = match.end()
    segments.append(Segment(length, position, False))
    written.append(source[position:])
    rendered.append(source[position:])
    return "".join(written), "".join(rendered), segments


def read_prose(path: Path, context: dict[str, Any]) -> ProseFile:
    """The text lines of the Markdown file ``path`` in both views."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(Location(path, raw[:exc.start].count(b"\n") + 1),
                        "text that is not UTF-8", "Markdown saved as UTF-8") from None
    source_lines = text.splitlines()
    prose = ProseFile(path, includes=[(name, number) for number, line in
                                      enumerate(source_lines, start=1)
                                      for name in INCLUDE.findall(line)])
    heading = ""
    tokens = _markdown().parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        opener = tokens[index - 1].type if index else ""
        is_heading = opener == "heading_open"
        if is_heading:
            heading = PLACEHOLDER.sub("", token.content).strip()
            level = int(tokens[index - 1].tag[1])
            prose.headings.append((token.map[0] + 1, level, heading))
        start = token.map[0]
        for offset, content in enumerate(token.content.split("\n")):
            number = start + offset
            if number >= len(source_lines) or not content.strip():
                continue
            line = source_lines[number]
            col = max(line.find(content), 0)
            where = Location(path, number + 1)
            written, rendered, segments = _views(content, context, where, prose.failed)
            segments = [Segment(s.rendered, s.source + col, s.placeholder) for s in segments]
            prose.lines.append(TextLine(number + 1, line, written, rendered, segments,
                                        heading, is_heading))
    return prose


def find_on_path(name: str, search: list[Path]) -> Path | None:
    """The first file called ``name`` on the search path, as prose includes find it."""
    return next((folder / name for folder in search if (folder / name).is_file()), None)
