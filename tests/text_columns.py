"""Reading a rendered page back as columns of text, to find table cells and how they wrap.

pdftotext's reading order interleaves the lines of cells that sit side by side, so a cell
wrapped over three lines never appears in one piece. Here the word boxes of ``pdftotext
-bbox`` are chained instead: a word continues the chain whose last line lies just above it
and whose horizontal band it overlaps — the lines of one cell, or of one paragraph — and a
word just right of a chain's last word on the same line (a number after Chinese text) joins
it too. Each chain's text, whitespace removed, holds a wrapped cell's text in one piece.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")
SAME_LINE_GAP = 4.0  # pt: a space in a cell is narrower; two cells are ≥ 5.6 pt apart (margins)
NEXT_LINE = 2.2  # a chain's next line starts within this many line heights below its last


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Chain:
    """Words read as one block: a cell's lines, or a paragraph's."""

    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join("".join(word.text.split()) for word in self.words)

    def lines(self) -> list[list[Word]]:
        """The chain's words grouped by line, top to bottom."""
        grouped: list[list[Word]] = []
        for word in self.words:
            if grouped and abs(word.y1 - grouped[-1][-1].y1) < word.height / 2:
                grouped[-1].append(word)
            else:
                grouped.append([word])
        return grouped

    def accepts(self, word: Word) -> bool:
        last = self.words[-1]
        if last.page != word.page:
            return False
        if abs(word.y1 - last.y1) < word.height / 2:  # same line: adjacent on the right
            return 0 <= word.x0 - last.x1 <= SAME_LINE_GAP
        line_start = self.lines()[-1]
        band = (min(w.x0 for w in line_start), max(w.x1 for w in line_start))
        below = word.y0 - last.y0
        overlaps = word.x0 < band[1] and word.x1 > band[0]
        return 0 < below <= NEXT_LINE * word.height and overlaps


def words(pdf: Path) -> list[Word]:
    """Every word box of ``pdf``, page by page, top to bottom, left to right."""
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    found = []
    for number, page in enumerate(text.split("<page ")[1:], start=1):
        for match in WORD.finditer(page):
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            found.append(Word(number, x0, y0, x1, y1, html.unescape(match.group(5))))
    ordered: list[list[Word]] = []
    for word in sorted(found, key=lambda w: (w.page, w.y1)):
        line = ordered[-1] if ordered else None
        if line and line[0].page == word.page and word.y1 - line[0].y1 < word.height / 2:
            line.append(word)
        else:
            ordered.append([word])
    return [word for line in ordered for word in sorted(line, key=lambda w: w.x0)]


def chains(pdf: Path) -> list[Chain]:
    """The page's words chained into blocks (see the module's docstring)."""
    open_chains: list[Chain] = []
    for word in words(pdf):
        fitting = [chain for chain in open_chains if chain.accepts(word)]
        if fitting:
            max(fitting, key=lambda chain: chain.words[-1].y0).words.append(word)
        else:
            open_chains.append(Chain([word]))
    return open_chains


def compact(text: str) -> str:
    """``text`` without whitespace, in NFKC form (full-width digits as LibreOffice may draw)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def is_cjk(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "FULLWIDTH")) or "\u3000" <= char <= "\u303f"


def single_character_runs(chain: Chain, at_least: int = 3) -> list[str]:
    """Runs of ≥ ``at_least`` consecutive lines holding one CJK character each, same x."""
    runs, current = [], []
    for line in chain.lines():
        text = compact("".join(w.text for w in line))
        single = len(text) == 1 and is_cjk(text)
        if single and current and abs(line[0].x0 - current[-1][0].x0) < 1:
            current.append(line)
        else:
            if len(current) >= at_least:
                runs.append("".join(compact(ln[0].text) for ln in current))
            current = [line] if single else []
    if len(current) >= at_least:
        runs.append("".join(compact(ln[0].text) for ln in current))
    return runs
