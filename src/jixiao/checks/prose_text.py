"""Prose as the documents print it, line by line, with each character's source kept.

Each section is rendered by the build's own function (``render.prose.render_section``) in the
tracing environment (``render.traced``): parsed, included, looped and evaluated exactly as the
build does, and refused where the build refuses it. markdown-it finds the text of headings,
paragraphs, list items and table cells in the rendered Markdown. Each such line has two views:
*rendered* (what the documents print) and *written* (the same with every printed character
masked: what the writer typed). A position in either maps back to the file, line and column the
writer edits — an included block's own file, a placeholder's ``{{``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from jixiao.errors import Location
from jixiao.load.search_path import SearchPath
from jixiao.render.prose import environment, render_section
from jixiao.render.traced import TracedEnvironment, TracedText

MASK = "□"


@dataclass(frozen=True)
class TextLine:
    """One line of rendered text: both views, and where each of its characters came from."""

    rendered: str
    written: str
    heading: str  # the nearest heading above (or this line's own, for a heading)
    level: int  # the heading level of a heading line, 0 for text
    text: TracedText
    start: int  # where the line starts in the rendered section

    @property
    def is_heading(self) -> bool:
        return self.level > 0

    def where(self, index: int) -> Location:
        """The file, line and column the character at ``index`` came from."""
        return self.text.origin(self.start + index)[0]

    def is_typed(self, index: int) -> bool:
        """Whether the character at ``index`` was typed, not printed by a placeholder."""
        return not self.text.origin(self.start + index)[1]

    @property
    def place(self) -> Location:
        """The file and line the line starts on."""
        where = self.where(0)
        return Location(where.path, where.line)


@dataclass(frozen=True)
class ProseText:
    """A section as rendered: its file and its text lines, headings among them, in order."""

    path: Path
    lines: list[TextLine]

    @property
    def headings(self) -> list[TextLine]:
        return [line for line in self.lines if line.is_heading]

    def has_text(self) -> bool:
        return any(not line.is_heading and line.rendered.strip() for line in self.lines)


@cache
def _markdown() -> MarkdownIt:
    """Block structure only: the text of a block is its source, which is all the checks read."""
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def tracing_environment(search: SearchPath) -> TracedEnvironment:
    return environment(search, TracedEnvironment)


def read_section(env: TracedEnvironment, name: str, path: Path,
                 context: dict[str, Any]) -> ProseText:
    """Section ``name`` (the file ``path``) rendered as the build renders it, in lines; raises
    the build's UserError when the build would refuse it."""
    text = render_section(env, name, context, path)
    rendered_lines = text.split("\n")
    line_starts = [0]
    for line in rendered_lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    lines, heading = [], ""
    tokens = _markdown().parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        opener = tokens[index - 1] if index else None
        level = int(opener.tag[1]) if opener and opener.type == "heading_open" else 0
        if level:
            heading = token.content.strip()
        for offset, content in enumerate(token.content.split("\n")):
            number = token.map[0] + offset
            if number >= len(rendered_lines) or not content.strip():
                continue
            start = line_starts[number] + max(rendered_lines[number].find(content), 0)
            printed = text.printed(start, start + len(content))
            written = "".join(MASK if by_placeholder else char
                              for char, by_placeholder in zip(content, printed, strict=True))
            lines.append(TextLine(content, written, heading, level, text, start))
    return ProseText(path, lines)
