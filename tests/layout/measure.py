"""Reading a PDF's layout back from its character boxes (PyMuPDF): lines, their characters,
where they sit on the page, which page holds what.

A line is the characters of one page on one baseline, of one size, with no gap wider than a
character between neighbours (so two table cells on one baseline are two lines). Positions are
in points from the page's top-left corner, as PyMuPDF gives them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pymupdf

MM = 72 / 25.4


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float        # the origin: where the pen stood
    right: float    # the glyph box's right edge
    top: float
    bottom: float
    font: str


@dataclass(frozen=True)
class Line:
    page: int       # 1-based, as a reader counts pages
    baseline: float
    size: float
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x

    @property
    def x1(self) -> float:
        return self.glyphs[-1].right

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def font(self) -> str:
        return self.glyphs[0].font

    def visible(self) -> str:
        """The text without spaces: what a reader counts as the line's characters."""
        return "".join(c for c in self.text if not c.isspace())


@dataclass(frozen=True)
class Document:
    path: Path
    pages: int
    width: float
    height: float
    lines: tuple[Line, ...]

    def on(self, page: int) -> list[Line]:
        return [line for line in self.lines if line.page == page]

    def page_text(self, page: int) -> str:
        return "".join(line.visible() for line in self.on(page))


def is_full_width(char: str) -> bool:
    """A character one em wide: CJK ideographs, full-width forms and CJK punctuation."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _glyphs(page: pymupdf.Page) -> list[tuple[float, float, Glyph]]:
    found = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    found.append((round(char["origin"][1], 1), span["size"],
                                  Glyph(char["c"], char["origin"][0], x1, y0, y1, span["font"])))
    return found


def _lines(number: int, glyphs: list[tuple[float, float, Glyph]]) -> list[Line]:
    rows: dict[tuple[float, float], list[Glyph]] = {}
    for baseline, size, glyph in glyphs:
        key = next((k for k in rows if abs(k[0] - baseline) < 0.6 and abs(k[1] - size) < 0.1),
                   (baseline, size))
        rows.setdefault(key, []).append(glyph)
    lines = []
    for (baseline, size), row in sorted(rows.items()):
        row.sort(key=lambda g: g.x)
        start = 0
        for i in range(1, len(row) + 1):
            if i == len(row) or row[i].x - row[i - 1].right > size:
                lines.append(Line(number, baseline, size, tuple(row[start:i])))
                start = i
    return sorted(lines, key=lambda line: (line.baseline, line.x0))


@cache
def read(pdf: Path) -> Document:
    """Every line of ``pdf``, page by page, top to bottom."""
    with pymupdf.open(pdf) as document:
        lines = []
        for page in document:
            lines += _lines(page.number + 1, _glyphs(page))
        first = document[0].rect
        return Document(pdf, document.page_count, first.width, first.height, tuple(lines))


def ink_top(pdf: Path, page: int, left: float, right: float, top: float, bottom: float,
            dpi: int = 600) -> float | None:
    """The topmost inked point between ``left`` and ``right`` and ``top`` and ``bottom`` (pt):
    where a glyph's ink begins, which its box (the font's ascender) does not tell."""
    with pymupdf.open(pdf) as document:
        clip = pymupdf.Rect(left, top, right, bottom)
        pixmap = document[page - 1].get_pixmap(clip=clip, dpi=dpi, colorspace=pymupdf.csGRAY)
        width, samples = pixmap.width, pixmap.samples
        for row in range(pixmap.height):
            if min(samples[row * width:(row + 1) * width]) < 128:
                return top + row * 72 / dpi
    return None


@dataclass(frozen=True)
class Grid:
    """Where the style spec puts the type area and its lines, in points."""

    top: float
    bottom: float
    pitch: float
    cell: float          # one body character with its tracking
    body_size: float
    binding: float       # the binding margin (left of odd pages, right of even ones)
    outer: float
    width: float
    mirrored: bool

    def left(self, number: int | None) -> float:
        """The type area's left edge on the page numbered ``number`` (the cover: odd)."""
        odd = number is None or number % 2 == 1
        return self.binding if odd or not self.mirrored else self.outer

    def right(self, number: int | None) -> float:
        return self.width - (self.outer if self.left(number) == self.binding else self.binding)

    def line_index(self, line: Line) -> int:
        """Which grid line (0 = the first) holds ``line``: the band its baseline falls in."""
        return int((line.baseline - self.top) // self.pitch)


def grid(spec, page_width: float) -> Grid:
    page = spec.page
    body = spec.role("body").size
    return Grid(page.top_mm * MM, (page.height_mm - page.bottom_mm) * MM, page.line_pitch_pt,
                body + spec.tracking_pt(body), body, page.left_mm * MM, page.right_mm * MM,
                page_width, spec.output.mirror_margins)


def page_number(document: Document, page: int) -> int | None:
    """The number printed at the page's foot ("— 3 —"), None on the cover."""
    for line in document.on(page):
        text = line.visible()
        if line.baseline > document.height * 0.88 and text.startswith("—") and text.endswith("—"):
            digits = text.strip("—")
            return int(digits) if digits.isdigit() else None
    return None


def body_lines(document: Document, grid: Grid, page: int) -> list[Line]:
    """The lines at the body's size inside the type area (headings included, titles not)."""
    return [line for line in document.on(page)  # a heading's font may be scaled (≤ 15%)
            if abs(line.size - grid.body_size) < 0.15 * grid.body_size
            and line.top >= grid.top - 4 and line.baseline <= grid.bottom + 2]


def ink_height(pdf: Path, line: Line, dpi: int = 600) -> float:
    """The median height of the ink of ``line``'s Chinese characters, in points."""
    heights = []
    with pymupdf.open(pdf) as document:
        page = document[line.page - 1]
        for glyph in line.glyphs:
            if not "\u4e00" <= glyph.char <= "\u9fff":
                continue
            clip = pymupdf.Rect(glyph.x, line.baseline - 1.2 * line.size, glyph.right,
                                line.baseline + 0.5 * line.size)
            pixmap = page.get_pixmap(clip=clip, dpi=dpi, colorspace=pymupdf.csGRAY)
            width, samples = pixmap.width, pixmap.samples
            rows = [r for r in range(pixmap.height)
                    if min(samples[r * width:(r + 1) * width]) < 128]
            if rows:
                heights.append((rows[-1] - rows[0] + 1) * 72 / dpi)
    heights.sort()
    return heights[len(heights) // 2] if heights else 0.0
