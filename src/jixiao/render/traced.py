"""Rendering that remembers where each character came from, for the checks.

The checks read prose as the documents print it — the same environment, search path, filters
and refusals as the build (render/prose.py) — and point each finding at the file, line and
column the writer edits, which plain rendering forgets. This environment parses every template
as the build does and then tags its output: each stretch of typed text becomes a piece that
knows its first source character, each printed value a piece that knows the ``{{`` of its
placeholder. The text rendered is the build's, character for character; a ``{% for %}`` loop,
a ``{% set %}``, a macro or an included block is followed as it runs.

Tags live in private (underscore) attributes of ``str`` pieces, out of the sandbox's reach, and
only in the output: a value captured into a variable (a ``{% set %}`` block, a macro's text) is
plain text, printed as one piece where it is printed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.lexer import newline_re

from jixiao.errors import Location
from jixiao.render.prose import CompiledTemplates, ProseEnvironment

Position = tuple[str, int, int]  # template name, 1-based line and column


class Piece(str):
    """A piece of output and where it came from: typed text, or a placeholder's value."""

    def __new__(cls, text: str, where: Position, printed: bool):
        piece = super().__new__(cls, text)
        piece._where = where
        piece._printed = printed
        return piece

    def __str__(self) -> str:
        return self  # the compiled template calls str() on every piece: keep its tag


class TracedText(str):
    """Rendered text that can say where each of its characters came from."""

    def __new__(cls, pieces: list[str], start: Position, files: Callable[[str], Path]):
        """``pieces`` as a template yielded them; ``start`` the template's first character,
        where untagged text (a filter block's or call block's) is placed before any piece;
        ``files`` the file each template name was loaded from."""
        text = super().__new__(cls, "".join(pieces))
        text._files = files
        text._pieces, text._starts, offset, where = [], [], 0, start
        for piece in pieces:
            if not isinstance(piece, Piece):  # printed by a block tag: placed at the piece before
                piece = Piece(piece, where, True)
            if piece:
                text._pieces.append(piece)
                text._starts.append(offset)
                offset += len(piece)
                where = piece._where
        return text

    def origin(self, index: int) -> tuple[Location, bool]:
        """The source position of the character at ``index``, and whether a placeholder
        printed it (its position is then the placeholder's ``{{``)."""
        at = max(bisect_right(self._starts, index) - 1, 0)
        piece, offset = self._pieces[at], index - self._starts[at]
        name, line, col = piece._where
        path = self._files(name)
        if piece._printed:
            return Location(path, line, col), True
        before = piece[:offset]
        newlines = before.count("\n")
        if newlines:
            line, col = line + newlines, offset - before.rfind("\n")
        else:
            col += offset
        return Location(path, line, col), False

    def printed(self, start: int, end: int) -> list[bool]:
        """For each character from ``start`` to ``end``: whether a placeholder printed it."""
        flags: list[bool] = []
        at = max(bisect_right(self._starts, start) - 1, 0)
        while len(flags) < end - start and at < len(self._pieces):
            piece = self._pieces[at]
            first = max(start, self._starts[at])
            last = min(end, self._starts[at] + len(piece))
            flags += [piece._printed] * max(last - first, 0)
            at += 1
        return flags + [False] * (end - start - len(flags))


class TracedEnvironment(ProseEnvironment):
    """The prose environment, with every template's output tagged by its source position."""

    compiled = CompiledTemplates()  # tagged code, never mixed with the build's

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open: list[Position] = []  # placeholders being evaluated, innermost last
        self._files: dict[str, Path] = {}  # the file each template name was loaded from

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        data, placeholders = _source_positions(self, source, name or "", filename)
        data, placeholders = iter(data), iter(placeholders)
        for output in tree.find_all(nodes.Output):
            tagged: list[nodes.Expr] = []
            for child in output.nodes:
                if isinstance(child, nodes.TemplateData):
                    tagged.append(_call("_trace_typed", child, nodes.Const(child.data),
                                        nodes.Const(next(data))))
                else:
                    tagged += [_call("_trace_open", child, nodes.Const(next(placeholders))),
                               _call("_trace_printed", child, child)]
            output.nodes = tagged
        return tree

    def render_text(self, template, context: dict[str, Any]) -> str:
        self._open = []
        return TracedText(list(template.generate(context)), (template.name or "", 1, 1),
                          self._file_of)

    def _file_of(self, name: str) -> Path:
        """The file template ``name`` was loaded from (the search path gives it again)."""
        if name not in self._files:
            self._files[name] = self.loader.search.find(name) or Path(name)
        return self._files[name]

    def failure_location(self, where: Location) -> Location:
        """A failure inside a placeholder on ``where``'s line gets the placeholder's column."""
        if self._open:
            name, line, col = self._open[-1]
            if self._file_of(name) == where.path and line == where.line:
                return Location(where.path, line, col)
        return where

    def _trace_typed(self, text: str, where: Position) -> Piece:
        return Piece(text, where, False)

    def _trace_open(self, where: Position) -> str:
        self._open.append(where)
        return ""

    def _trace_printed(self, value: Any) -> Piece:
        text = str(value)  # raises, as the build's str() does, for an undefined placeholder
        return Piece(text, self._open.pop(), True)


def _call(method: str, at: nodes.Node, *args: nodes.Expr) -> nodes.Call:
    """``environment.<method>(*args)`` at ``at``'s line; ``args`` already in the tree or new."""
    made = [nodes.EnvironmentAttribute(method), *(a for a in args if isinstance(a, nodes.Const))]
    call = nodes.Call(made[0], list(args), [], None, None)
    for node in (call, *made):
        node.lineno, node.environment = at.lineno, at.environment
    return call


def _source_positions(env: ProseEnvironment, source: str, name: str,
                      filename: str | None) -> tuple[list[Position], list[Position]]:
    """Where each stretch of template data and each ``{{`` starts, in source order: the order
    in which the parser makes their nodes."""
    text = "\n".join(newline_re.split(source)[::2])  # as the lexer reads it
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def position(offset: int) -> Position:
        line = bisect_right(line_starts, offset)
        return name, line, offset - line_starts[line - 1] + 1

    data, placeholders, offset = [], [], 0
    for _, token, value in env.lexer.tokeniter(source, name, filename):
        offset = text.find(value, offset)  # tokens follow each other, stripped space between
        if token == "data":
            data.append(position(offset))
        elif token == "variable_begin":
            placeholders.append(position(offset))
        offset += len(value)
    return data, placeholders
