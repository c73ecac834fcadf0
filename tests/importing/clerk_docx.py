"""Word files typed the way clerks type them, built with python-docx for the tests.

Ordinary paragraphs (no heading styles) with typed heading numbers and direct formatting;
forms as Word tables whose label cells are merged down their rows (w:vMerge) and whose figure
cells span grid columns (w:gridSpan), blanks left blank. ``seed_document`` types the whole
seed report as filed from its text (shared/seeds/): its paragraphs line by line, its forms
from the tab-led cells of the text, merged as the official forms draw them. Its result is
committed as tests/fixtures/seed-as-filed.docx (``invoke bench`` checks 100 copies of it).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.shared import Pt

SEED_NAME = "000_90de082df9ea5bd6.txt"
COMMITTED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-as-filed.docx"


def seed_text() -> Path | None:
    """The seed report's text, in shared/seeds/ of a folder above the repository, if any."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "seeds" / SEED_NAME
        if candidate.is_file():
            return candidate
    return None
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "黑体"
# grid columns and, per number of cells a row has, the columns each cell spans
BASIC = (7, {4: (1, 2, 2, 2), 7: (1,) * 7, 2: (1, 6)}, {0})
BUDGET = (8, {2: (1, 7), 3: (1, 3, 4), 4: (1, 3, 1, 3), 8: (1,) * 8}, {0})
INDICATORS = (9, {9: (1,) * 9, 4: (6, 1, 1, 1)}, {0, 1, 2})
SECTION_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]+|\d+)\s*、")


def typed_paragraph(document, text: str, bold: bool = False, size: float = 16):
    """A paragraph of the Normal style with the font set on its run, as Word does on typing."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.name = BODY_FONT if not bold else TITLE_FONT
    run.font.size = Pt(size)
    run.bold = bold or None
    return paragraph


def typed_table(document, rows: list[list[str]], layout) -> None:
    """A form: each row's cells spread over the grid by ``layout``; an empty cell in a label
    column below a label is merged into it (w:vMerge), as the official forms are drawn."""
    grid, spans_by_count, label_columns = layout
    table = document.add_table(rows=len(rows), cols=grid)
    table.style = None
    placed: list[list[tuple[int, int, str]]] = []
    for r, cells in enumerate(rows):
        spans = spans_by_count.get(len(cells)) or (*(1,) * (len(cells) - 1),
                                                  grid - len(cells) + 1)
        col, row_cells = 0, []
        for text, span in zip(cells, spans, strict=True):
            row_cells.append((col, span, text))
            if span > 1:
                table.cell(r, col).merge(table.cell(r, col + span - 1))
            col += span
        placed.append(row_cells)
    # vertical merges: a run of empty label cells joins the label above
    for col in label_columns:
        start = None
        for r, row_cells in enumerate(placed):
            cell = next(((c, s, t) for c, s, t in row_cells if c == col), None)
            if cell is None:  # a cell spanning this column ends the label above
                if start is not None and r - 1 > start:
                    table.cell(start, col).merge(table.cell(r - 1, col))
                start = None
                continue
            if cell[2] or start is None:
                if start is not None and r - 1 > start:
                    table.cell(start, col).merge(table.cell(r - 1, col))
                start = r
        if start is not None and len(placed) - 1 > start:
            table.cell(start, col).merge(table.cell(len(placed) - 1, col))
    for r, row_cells in enumerate(placed):
        for col, _, text in row_cells:
            if text:
                cell = table.cell(r, col)
                cell.paragraphs[0].text = ""
                for i, line in enumerate(text.split("\n")):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    run = paragraph.add_run(line)
                    run.font.name = BODY_FONT
                    run.font.size = Pt(10.5)


def seed_blocks(text: str) -> list[tuple[str, object]]:
    """The seed's text as ("p", line) and ("table", rows of cell texts) in order."""
    lines = text.split("\n")
    blocks: list[tuple[str, object]] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            blocks.append(("p", lines[i].replace("[bookmark: _GoBack]", "")))
            i += 1
            continue
        rows: list[list[str]] = []
        cells: list[str] = []
        while i < len(lines):
            line = lines[i]
            if line.startswith("\t"):
                cells.append(line[1:])
            elif line.strip():
                if not cells:
                    break
                cells[-1] += "\n" + line
            elif len(cells) > 1 or not cells:
                if cells:
                    rows.append(cells)
                cells = []
                if i + 1 < len(lines) and not lines[i + 1].startswith("\t") \
                        and lines[i + 1].strip():
                    i += 1
                    break
            i += 1
        if cells:
            rows.append(cells)
        blocks.append(("table", [[c.replace("[bookmark: _GoBack]", "").strip() for c in row]
                                 for row in rows]))
    return blocks


def seed_document(path: Path, seed: Path) -> Path:
    """The whole seed report as filed (its text at ``seed``), typed into a .docx at ``path``."""
    document = docx.Document()
    for kind, content in seed_blocks(seed.read_text(encoding="utf-8")):
        if kind == "p":
            text = content
            bold = bool(SECTION_NUMBER.match(text)) and len(text.strip()) < 30
            typed_paragraph(document, text, bold=bold)
            continue
        rows = content
        if any("财政供养人员" in c or "经费控制" in c for row in rows for c in row):
            typed_table(document, rows, BASIC)
            continue
        split = next((i for i, row in enumerate(rows) if row and row[0] == "绩效指标"),
                     len(rows))
        typed_table(document, rows[:split], BUDGET)
        if split < len(rows):
            typed_table(document, rows[split:], INDICATORS)
    document.save(path)
    return path
