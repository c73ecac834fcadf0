"""A neutral table model for the forms, and its form in the Markdown document.

Forms are built as ``Table`` values (cells with text, spans and alignment; relative column
widths; header rows) and never as markup, so the layout can be checked before it is written.
Markdown has no table syntax with row and column spans: the document carries each table as
this model in JSON, in a fenced block of class ``jixiao-table``, which filters/tables.lua
builds into a pandoc table (pandoc's HTML reader, the other way to spans, takes a pandoc run
half its time on the forms).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from jixiao.messages import _

ALIGNMENTS = ("left", "center", "right")


@dataclass(frozen=True)
class Cell:
    """One cell: its text (a newline is a line break), spans and horizontal alignment."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    align: str = "left"

    def model(self) -> dict:
        """The cell as filters/tables.lua reads it (``dataclasses.asdict`` made the same, a
        good part of the time forms take to write)."""
        return {"text": self.text, "rowspan": self.rowspan, "colspan": self.colspan,
                "align": self.align}

    def __post_init__(self) -> None:
        if self.align not in ALIGNMENTS:
            raise ValueError(_("cell alignment {align}, expected one of {aligns}").format(
                align=self.align, aligns=", ".join(ALIGNMENTS)))
        if self.rowspan < 1 or self.colspan < 1:
            raise ValueError(_("cell spans {rows}×{columns}, expected ≥ 1").format(
                rows=self.rowspan, columns=self.colspan))


@dataclass(frozen=True)
class Table:
    """Rows of cells on a grid of ``len(widths)`` columns; the first ``header_rows`` repeat.

    ``widths`` are relative (characters of table text, say): they are scaled to fill the
    type area. Each row lists only the cells that start in it; a cell spanning rows covers
    its columns in the rows below, as in HTML. ``starts_page``: the table begins a new page
    (a part of a form after the first, jixiao.render.paging).
    """

    widths: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 0
    starts_page: bool = False

    def __post_init__(self) -> None:
        self.grid()

    def grid(self) -> list[list[tuple[int, int]]]:
        """For every row and column, the (row, index) of the cell covering it.

        Raises ValueError when the cells do not tile the grid exactly: a gap, an overlap,
        a span past the last column or row. The forms are built by code, so this is a defect.
        """
        return self._grid

    @cached_property
    def _grid(self) -> list[list[tuple[int, int]]]:  # worked out once: paging asks often
        columns = len(self.widths)
        covered: list[list[tuple[int, int] | None]] = [[None] * columns for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for index, cell in enumerate(row):
                while c < columns and covered[r][c] is not None:
                    c += 1
                if c + cell.colspan > columns or r + cell.rowspan > len(self.rows):
                    raise ValueError(_("row {row}: cell “{text}” spans past the table").format(
                        row=r + 1, text=cell.text))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if covered[r + dr][c + dc] is not None:
                            raise ValueError(_("row {row}: cell “{text}” overlaps another").format(
                                row=r + 1, text=cell.text))
                        covered[r + dr][c + dc] = (r, index)
                c += cell.colspan
            if any(slot is None for slot in covered[r]):
                raise ValueError(_("row {row}: {count} columns without a cell").format(
                    row=r + 1, count=covered[r].count(None)))
        if any(cell.rowspan > 1 and r + cell.rowspan > self.header_rows > r
               for r, row in enumerate(self.rows) for cell in row):
            raise ValueError(_("a header cell spans into the body"))
        return covered  # type: ignore[return-value]

    def placed(self) -> Iterator[tuple[int, int, Cell]]:
        """Every cell with the row and the column it starts in."""
        seen = set()
        for r, slots in enumerate(self.grid()):
            for c, slot in enumerate(slots):
                if slot[0] == r and slot not in seen:
                    seen.add(slot)
                    yield r, c, self.rows[r][slot[1]]

    def part(self, start: int, end: int, starts_page: bool = False) -> Table:
        """The header rows and body rows ``start:end``, as a table of their own: a cell
        spanning rows into the part from above is given again in its first row (a label of
        the group the part goes on with), one spanning past its end stops there."""
        grid = self.grid()
        rows = [*self.rows[:self.header_rows]]
        for r in range(start, end):
            row, seen = [], set()
            for slot in grid[r]:
                top = slot[0]
                if slot in seen or (top != r and not (r == start and top < start)):
                    continue
                seen.add(slot)
                cell = self.rows[top][slot[1]]
                rowspan = min(top + cell.rowspan, end) - r
                row.append(cell if rowspan == cell.rowspan else replace(cell, rowspan=rowspan))
            rows.append(tuple(row))
        return Table(self.widths, tuple(rows), self.header_rows, starts_page)

    def percentages(self) -> list[float]:
        """Column widths as percentages of the table width, summing to 100."""
        whole = sum(self.widths)
        return [round(100 * w / whole, 2) for w in self.widths]

    def aligns(self) -> list[str]:
        """Each column's alignment: that of the cell covering it in the first body row."""
        grid = self.grid()
        first = min(self.header_rows, len(self.rows) - 1)
        return [self.rows[r][index].align for r, index in grid[first]]

    def markdown(self) -> str:
        """The table as a fenced ``jixiao-table`` block holding its model as JSON."""
        model = {"widths": [p / 100 for p in self.percentages()], "aligns": self.aligns(),
                 "header_rows": self.header_rows, "starts_page": self.starts_page,
                 "rows": [[cell.model() for cell in row] for row in self.rows]}
        return f"~~~ {{.jixiao-table}}\n{json.dumps(model, ensure_ascii=False)}\n~~~"
