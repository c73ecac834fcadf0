"""The table layout pandoc's DOCX writer cannot express, set in word/document.xml after it.

pandoc writes real merged cells (w:vMerge, w:gridSpan) and header rows (w:tblHeader), but
never a vertical alignment, sizes its grid to a page width of its own rather than the type
area, and gives cell paragraphs the list style Compact (or none, in an empty cell). Here,
for every table: the grid columns are scaled to fill the type area and every cell gets its
width, every cell is vertically centred, every cell paragraph takes "Table Text", and no
row is split across a page break (a merged label still runs on over pages, unless it spans
at most ``keep_rows`` rows: then its rows keep with each other, as in the PDF). The
empty paragraph pandoc puts between two tables (so Word keeps them apart) takes it too, so
that two tables of one form sit a table line apart rather than a body line.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from jixiao.convert.docx.order import SEQUENCES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
CELL_STYLE = "TableText"
# w:tcPr children in schema order, so that inserted ones land where Word expects them.
TCPR_ORDER = ("tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _place(parent: etree._Element, child: etree._Element, order: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` before the first sibling that follows it in ``order``."""
    rank = order.index(etree.QName(child).localname)
    for index, sibling in enumerate(parent):
        name = etree.QName(sibling).localname
        if name in order and order.index(name) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def _set(parent: etree._Element, tag: str, order: tuple[str, ...], **attrs: str) -> None:
    child = parent.find(w(tag))
    if child is None:
        child = etree.Element(w(tag))
        _place(parent, child, order)
    for key, value in attrs.items():
        child.set(w(key), value)


def _grid(table: etree._Element, width_twips: int) -> list[int]:
    """Scale the table's grid columns to ``width_twips`` in all; return the new widths."""
    columns = table.findall(f"{w('tblGrid')}/{w('gridCol')}")
    old = [int(c.get(w("w"))) for c in columns]
    whole = sum(old) or 1
    new = [round(width_twips * o / whole) for o in old]
    new[-1] += width_twips - sum(new)
    for column, value in zip(columns, new, strict=True):
        column.set(w("w"), str(value))
    return new


def _table_text(paragraph: etree._Element) -> None:
    """Give ``paragraph`` the table text style, replacing any other."""
    ppr = paragraph.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        paragraph.insert(0, ppr)
    style = ppr.find(w("pStyle"))
    if style is None:
        style = etree.Element(w("pStyle"))
        ppr.insert(0, style)
    style.set(w("val"), CELL_STYLE)


def _merged_groups(table: etree._Element) -> list[tuple[int, int]]:
    """(first row, rows spanned) of every label merged down over rows (w:vMerge)."""
    open_at: dict[int, int] = {}  # grid column → row where its merged label started
    groups = []
    rows = table.findall(w("tr"))
    for index, row in enumerate(rows):
        column = 0
        for cell in row.findall(w("tc")):
            span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
            merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
            if merge is None or merge.get(w("val")) == "restart":
                if column in open_at:
                    groups.append((open_at[column], index - open_at[column]))
                    del open_at[column]
                if merge is not None:
                    open_at[column] = index
            column += int(span.get(w("val"))) if span is not None else 1
    groups += [(start, len(rows) - start) for start in open_at.values()]
    return groups


def _keep_groups_together(table: etree._Element, keep_rows: int) -> None:
    """The rows of a label spanning at most ``keep_rows`` rows keep with the next (w:keepNext
    on their paragraphs, all but the group's last row): Word and LibreOffice move the group
    to the next page whole rather than split the label's text over two pages."""
    rows = table.findall(w("tr"))
    for start, count in _merged_groups(table):
        if count > keep_rows:
            continue
        for row in rows[start:start + count - 1]:
            for paragraph in row.iter(w("p")):
                ppr = paragraph.find(w("pPr"))
                if ppr is None:
                    ppr = etree.Element(w("pPr"))
                    paragraph.insert(0, ppr)
                if ppr.find(w("keepNext")) is None:
                    _place(ppr, etree.Element(w("keepNext")), SEQUENCES["w:pPr"])


def finish_table(table: etree._Element, width_twips: int, keep_rows: int = 0) -> None:
    """Widths, unsplit rows, vertical centring and the cell paragraph style of a ``w:tbl``."""
    widths = _grid(table, width_twips)
    _keep_groups_together(table, keep_rows)
    for row in table.findall(w("tr")):
        trpr = row.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            row.insert(0, trpr)
        if trpr.find(w("cantSplit")) is None:
            trpr.insert(0, etree.Element(w("cantSplit")))
        column = 0
        for cell in row.findall(w("tc")):
            tcpr = cell.find(w("tcPr"))
            if tcpr is None:
                tcpr = etree.Element(w("tcPr"))
                cell.insert(0, tcpr)
            span_element = tcpr.find(w("gridSpan"))
            span = int(span_element.get(w("val"))) if span_element is not None else 1
            _set(tcpr, "tcW", TCPR_ORDER, w=str(sum(widths[column:column + span])), type="dxa")
            _set(tcpr, "vAlign", TCPR_ORDER, val="center")
            for paragraph in cell.iter(w("p")):
                _table_text(paragraph)
            column += span


def _between_tables(paragraph: etree._Element | None) -> bool:
    """Whether ``paragraph`` is an empty one with a table after it."""
    following = paragraph.getnext() if paragraph is not None else None
    return (paragraph.tag == w("p") and paragraph.find(w("r")) is None
            and following is not None and following.tag == w("tbl"))


def finish_tables(docx: bytes, width_twips: int, keep_rows: int = 0) -> bytes:
    """The DOCX ``docx`` with every table finished; other entries copied unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == DOCUMENT:
                root = etree.fromstring(content)
                for table in root.iter(w("tbl")):
                    finish_table(table, width_twips, keep_rows)
                    gap = table.getnext()
                    if _between_tables(gap):
                        _table_text(gap)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            target.writestr(entry, content)
    return out.getvalue()
