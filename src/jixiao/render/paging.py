"""The forms cut into pages before either engine sees them, so the PDF and the DOCX break alike.

typst and LibreOffice (or Word) would each break a long form where its own measure runs out,
at different rows, and neither repeats a merged label on the page a group runs on to. Here a
form's tables are laid out from what the render stage knows — every cell's text, every
column's width, the style spec's sizes — into parts of one page each: every part carries the
table's header rows, a label spanning rows is given again in the part's first row, and each
part after the first starts a page (``Table.starts_page``). A row is never cut, and a form's
last row never stands alone on its page (nor, with it, 总分).

Heights are estimated, never measured: each cell's text is set line by line as an engine sets
it — a CJK character one em, a Latin letter or digit at the widest such glyph of the fonts
the spec names, a quarter em where Chinese meets Latin, no line starting with a closing mark
nor ending with an opening one — with break opportunities only where both engines break, so
that an estimate is never short of what either draws. A row is as tall as LibreOffice draws
it (its lines at the table's exact line height, the cell's padding above and below and the
rule), which is taller than typst's by the rule: a part that fits LibreOffice's page fits
typst's.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from jixiao.render.tables import Table

PT_PER_MM = 72 / 25.4
EPSILON = 1e-6
QUARTER_EM = 0.25  # the space both engines put where Chinese meets Latin letters or digits
SPACE_EM = 0.34  # a space between Latin words, at its widest
BREAK_PARAGRAPH_PT = 1.0  # the DOCX paragraph that starts a form's next page (filters/tables.lua)
# No line starts with these (closing marks, pauses, ...) nor ends with these (opening marks).
NO_START = set("，。、；：？！）］｝》」』】〉”’％‰…—～·・々〕,.;:?!)]}%")
NO_END = set("（［｛《「『【〈“‘〔([{")
BREAK_AFTER = set("/")  # a Latin run breaks after a solidus in both engines (a web address)
# The advance of Latin glyphs in em, at their widest in the spec's fonts (Noto Serif CJK's
# digits are 0.56 em, 仿宋_GB2312's 0.5): narrow marks, wide letters, capitals, the rest.
NARROW = set(".,:;'|!il1()[]/-²³")
BROAD = {"m": 1.0, "w": 0.8, "M": 1.0, "W": 1.0, "%": 0.93, "@": 1.0}


def _is_wide(char: str) -> bool:
    """A character drawn one em wide: CJK, full-width forms, and the marks of ambiguous width
    (“ ” … ≥ ×) that Chinese fonts draw full width."""
    return char not in NARROW and unicodedata.east_asian_width(char) in ("W", "F", "A")


def char_em(char: str) -> float:
    """The width of ``char`` in em, never less than either engine draws it."""
    if _is_wide(char):
        return 1.0
    if char in NARROW:
        return 0.4
    return BROAD.get(char, 0.75 if char.isupper() else 0.6)


def _tokens(line: str) -> list[tuple[str, float]]:
    """``line`` as pieces no engine breaks inside, each with its width in em: a CJK character
    with the closing marks after it (and the opening marks before it), or a Latin word."""
    pieces: list[str] = []
    for char in line:
        previous = pieces[-1] if pieces else ""
        if char == " ":
            pieces.append(char)
        elif previous.strip() and (char in NO_START or previous[-1] in NO_END
                                   or not (_is_wide(char) or _is_wide(previous[-1])
                                           or previous[-1] in BREAK_AFTER)):
            pieces[-1] += char  # a mark clinging to its word, or a Latin word going on
        else:
            pieces.append(char)
    tokens = []
    for piece in pieces:
        width = sum(char_em(c) for c in piece)
        width += QUARTER_EM * sum(_is_wide(a) != _is_wide(b)
                                  for a, b in zip(piece, piece[1:], strict=False))
        tokens.append((piece, width))
    return tokens


@cache
def line_count(text: str, width_em: float) -> int:
    """The lines ``text`` takes set first-fit in a measure of ``width_em`` em (a newline in
    it breaks a line); at least one, as an empty cell keeps a line's height."""
    lines = 0
    for line in text.split("\n"):
        lines += 1
        used, previous = 0.0, None  # the width set on the line, and its last character
        for piece, width in _tokens(line):
            if piece == " ":
                used, previous = used + SPACE_EM if used else used, None
                continue
            joint = QUARTER_EM if previous and _is_wide(previous) != _is_wide(piece[0]) else 0
            if used and used + joint + width > width_em + EPSILON:
                lines, used, joint = lines + 1, 0.0, 0
            while width > width_em + EPSILON:  # a word longer than the measure: cut anywhere
                lines, width = lines + 1, width - width_em
            used += joint + width
            previous = piece[-1]
    return lines


@dataclass(frozen=True)
class FormPage:
    """Where a form's tables stand on its pages and how their text is set, in points."""

    type_height: float   # the type area: a page after the form's first
    type_width: float
    pitch: float         # the body's line pitch: 附件N and the title stand on its lines
    lead_lines: int      # body lines above the title (附件N, a blank line) and below it
    title_size: float
    table_size: float
    line: float          # a table line, exact
    padding: tuple[float, float]  # a cell's padding across and down
    rule: float          # the table's rules
    block_gap: float     # between two tables of a form, and between a table and its notes

    @classmethod
    def of(cls, spec) -> FormPage:
        """The page of the style spec ``spec`` (a jixiao.convert.styles.StyleSpec)."""
        table, title = spec.role("table"), spec.role("form_title")
        pad = (table.padding_mm[0] * PT_PER_MM, table.padding_mm[1] * PT_PER_MM)
        # typst sets a block the body's leading apart; LibreOffice, a table-text paragraph
        gap = max(spec.page.line_pitch_pt - spec.role("body").size,
                  table.line_pt + spec.tables.rule_pt)
        return cls(spec.page.type_height_pt, spec.page.type_width_pt, spec.page.line_pitch_pt,
                   1 + title.lines_before + title.lines_after, title.size, table.size,
                   table.line_pt, pad, spec.tables.rule_pt, gap)

    def first(self, title: str) -> float:
        """The height left for the tables on a form's first page, under its ``title``."""
        lines = self.lead_lines + line_count(title, self.type_width / self.title_size)
        return self.type_height - lines * self.pitch - self.rule

    @property
    def next(self) -> float:
        """The height for the tables of a page a form runs on to."""
        return self.type_height - BREAK_PARAGRAPH_PT - self.rule

    def text_lines(self, text: str, width: float) -> int:
        """Lines of table text ``text`` takes in a cell ``width`` wide."""
        measure = width - 2 * self.padding[0] - self.rule
        return line_count(text, measure / self.table_size)

    def notes_height(self, notes: tuple[str, ...]) -> float:
        """The notes and signature line under a form's last table."""
        if not notes:
            return 0.0
        lines = sum(line_count(note, self.type_width / self.table_size) for note in notes)
        return self.block_gap + lines * self.line

    def height(self, table: Table) -> float:
        """How tall ``table`` is drawn: each row as tall as its tallest cell, a cell spanning
        rows making the last of them taller if its rows are short of its text."""
        columns = [self.type_width * p / 100 for p in table.percentages()]
        extra = 2 * self.padding[1] + self.rule
        rows = [0.0] * len(table.rows)
        spanning = []
        for r, c, cell in table.placed():
            need = self.text_lines(cell.text, sum(columns[c:c + cell.colspan])) * self.line
            if cell.rowspan == 1:
                rows[r] = max(rows[r], need + extra)
            else:
                spanning.append((r + cell.rowspan, r, need + extra))
        for end, start, need in sorted(spanning):
            rows[end - 1] += max(0.0, need - sum(rows[start:end]))
        return sum(rows)


def paginate(tables: tuple[Table, ...], notes: tuple[str, ...], title: str,
             page: FormPage) -> list[Table]:
    """``tables`` cut into parts that each fit the page they stand on, the fewest pages.

    Each page is filled with as many rows as fit; the last table's final part leaves room
    for the ``notes``, and never holds the table's last row alone. A row taller than a page
    gets a page of its own.
    """
    parts: list[Table] = []
    room, placed, new_page = page.first(title), False, False
    for number, table in enumerate(tables):
        last = number == len(tables) - 1
        start = table.header_rows
        if start == len(table.rows):  # headers only: nothing to cut
            parts.append(table)
            room -= (page.block_gap if placed else 0.0) + page.height(table)
            placed = True
        while start < len(table.rows):
            gap = page.block_gap if placed else 0.0  # none under the title or at a page top
            end = _fitting(table, start, room - gap, page,
                           page.notes_height(notes) if last else 0.0, last)
            if end is None and not new_page:  # to the next page, unless this one is empty
                room, placed, new_page = page.next, False, True
                continue
            end = end or start + 1
            parts.append(table.part(start, end, starts_page=new_page))
            room -= gap + page.height(parts[-1])
            placed, new_page, start = True, False, end
            if start < len(table.rows):
                room, placed, new_page = page.next, False, True
    return parts


def _fitting(table: Table, start: int, room: float, page: FormPage, notes: float,
             last: bool) -> int | None:
    """The furthest row ``end`` such that rows ``start:end`` fit ``room``: all of them with
    the notes, or all but two or more (a last row is not left alone); None if none fits.
    A part grows no shorter with a row more, so the end is found by halving."""
    total = len(table.rows)
    ends = range(start + 1, total + 1)
    best = start + bisect_right(ends, room, key=lambda end: page.height(table.part(start, end)))
    if best == total and page.height(table.part(start, total)) + notes > room:
        best -= 1
    if last and total - best == 1:
        best -= 1
    return best if best > start else None
