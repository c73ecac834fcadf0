"""The table layout pandoc's DOCX writer cannot express, set in word/document.xml after it.

pandoc writes real merged cells (w:vMerge, w:gridSpan) and header rows (w:tblHeader), but
never a vertical alignment, sizes its grid to a page width of its own rather than the type
area, and gives cell paragraphs the list style Compact (or none, in an empty cell). Here,
for every table: the table and its grid columns are sized to fill the type area (fixed, so
no Word software guesses other widths) and every cell gets its width, every cell is
vertically centred, every cell paragraph takes "Table Text", and no row is split across a
page break (where a form's pages break is decided before pandoc, jixiao.render.paging). The
empty paragraph pandoc puts between two tables (so Word keeps them apart) takes it too, so
that two tables of one form sit a table line apart rather than a body line.
"""

from __future__ import annotations

from lxml import etree

from jixiao.convert.docx.order import qn, set_child

CELL_STYLE = "TableText"


def _grid(table: etree._Element, width_twips: int) -> list[int]:
    """Scale the table's grid columns to ``width_twips`` in all; return the new widths."""
    columns = table.findall(f"{qn('tblGrid')}/{qn('gridCol')}")
    old = [int(c.get(qn("w"))) for c in columns]
    whole = sum(old) or 1
    new = [round(width_twips * o / whole) for o in old]
    new[-1] += width_twips - sum(new)
    for column, value in zip(columns, new, strict=True):
        column.set(qn("w"), str(value))
    return new


def _first(parent: etree._Element, tag: str) -> etree._Element:
    """The properties child ``tag`` of ``parent``, created as its first child when absent."""
    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag), {})
        parent.insert(0, found)
    return found


def _table_text(paragraph: etree._Element) -> None:
    """Give ``paragraph`` the table text style, replacing any other."""
    set_child(_first(paragraph, "pPr"), "w:pStyle", val=CELL_STYLE)


def finish_table(table: etree._Element, width_twips: int) -> None:
    """Widths, unsplit rows, vertical centring and the cell paragraph style of a ``w:tbl``."""
    widths = _grid(table, width_twips)
    properties = _first(table, "tblPr")
    set_child(properties, "w:tblW", w=width_twips, type="dxa")
    set_child(properties, "w:tblLayout", type="fixed")
    for row in table.findall(qn("tr")):
        set_child(_first(row, "trPr"), "w:cantSplit")
        column = 0
        for cell in row.findall(qn("tc")):
            tcpr = _first(cell, "tcPr")
            span_element = tcpr.find(qn("gridSpan"))
            span = int(span_element.get(qn("val"))) if span_element is not None else 1
            set_child(tcpr, "w:tcW", w=sum(widths[column:column + span]), type="dxa")
            set_child(tcpr, "w:vAlign", val="center")
            for paragraph in cell.iter(qn("p")):
                _table_text(paragraph)
            column += span


def _between_tables(paragraph: etree._Element | None) -> bool:
    """Whether ``paragraph`` is an empty one with a table after it."""
    following = paragraph.getnext() if paragraph is not None else None
    return (paragraph.tag == qn("p") and paragraph.find(qn("r")) is None
            and following is not None and following.tag == qn("tbl"))


def finish_tables(document: etree._Element, width_twips: int) -> None:
    """Finish every table of word/document.xml's ``document``, and the gaps between them."""
    for table in document.iter(qn("tbl")):
        finish_table(table, width_twips)
        gap = table.getnext()
        if _between_tables(gap):
            _table_text(gap)
