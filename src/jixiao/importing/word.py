"""A .docx body as the clerk typed it: paragraphs and tables in document order.

Clerks type reports with direct formatting and typed numbers, so what matters is the text, the
bold runs, list numbering and, in tables, the grid: a cell merged across columns (w:gridSpan)
or down rows (w:vMerge) is one cell, and a row reads by grid column, as the form is drawn.
A file that is not a Word document, or one that is password-protected, is refused in one line.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from jixiao.errors import UserError
from jixiao.messages import N_, _

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file: old .doc/.wps, or encrypted OOXML
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
EXPECTED = N_("a Word document (.docx, or .doc/.wps/.odt converted by LibreOffice)")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Paragraph:
    """One paragraph: its plain text, its Markdown (bold runs), style and list numbering."""

    index: int  # position among the body's blocks
    text: str
    markdown: str
    style: str = ""
    outline_level: int | None = None  # 1 for Heading 1 …, from the style
    numbered: str | None = None  # "1." or "-" for a Word list item
    all_bold: bool = False


def flat(text: str) -> str:
    """Words for recognising labels: no spaces, half-width brackets and colons."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("：", ":")


@dataclass
class Cell:
    """A table cell at grid column ``col`` spanning ``span`` columns; ``continued`` when it
    is the lower part of a vertical merge (its text is the merged cell's)."""

    row: int
    col: int
    span: int
    text: str
    continued: bool = False

    @cached_property
    def words(self) -> str:
        return flat(self.text)


@dataclass
class Table:
    index: int
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [cell.text for row in self.rows for cell in row if not cell.continued]


Block = Paragraph | Table


@dataclass
class WordFile:
    blocks: list[Block]


def refuse_non_word(path: Path, head: bytes) -> None:
    if head.startswith(CFB_MAGIC):
        data = path.read_bytes()
        if ENCRYPTED_MARK in data:
            raise UserError(path, _("the document is password-protected"),
                            _("the file saved without a password (Word: 文件 → 信息 → 保护文档)"))
        raise UserError(path, _("an old binary Word file named .docx"),
                        _("a .docx (name it .doc so that LibreOffice converts it)"))
    if not head.startswith(b"PK"):
        raise UserError(path, _("not a Word document"), _(EXPECTED))


def read_word(path: Path) -> WordFile:
    """The body of the .docx at ``path``; UserError when it is not a readable Word file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UserError(path, _("cannot be read ({reason})").format(reason=_(exc.strerror)),
                        _(EXPECTED)) from None
    refuse_non_word(path, head)
    try:
        with zipfile.ZipFile(path) as package:
            body_xml = package.read("word/document.xml")
            styles_xml = _optional(package, "word/styles.xml")
            numbering_xml = _optional(package, "word/numbering.xml")
        root = etree.fromstring(body_xml)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError, ValueError):
        raise UserError(path, _("not a Word document (a broken or foreign zip file)"),
                        _(EXPECTED)) from None
    body = root.find(w("body"))
    if body is None:
        raise UserError(path, _("not a Word document (no body)"), _(EXPECTED))
    # a clerk's paragraphs mostly carry no style and no list: read those parts only if used
    styles = _styles(styles_xml) if b"pStyle" in body_xml else {}
    listed = b"numPr" in body_xml or any(num for _style, _level, num in styles.values())
    numbering = _numbering(numbering_xml) if listed else {}
    blocks: list[Block] = []
    for element in body:
        if element.tag == w("p"):
            blocks.append(_paragraph(element, len(blocks), styles, numbering))
        elif element.tag == w("tbl"):
            blocks.append(_table(element, len(blocks)))
        elif element.tag == w("sdt"):  # a content control wrapping paragraphs
            content = element.find(w("sdtContent"))
            for inner in content if content is not None else []:
                if inner.tag == w("p"):
                    blocks.append(_paragraph(inner, len(blocks), styles, numbering))
                elif inner.tag == w("tbl"):
                    blocks.append(_table(inner, len(blocks)))
    return WordFile(blocks)


def _optional(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return package.read(name)
    except KeyError:
        return None


def _styles(xml: bytes | None) -> dict[str, tuple[str, int | None, str | None]]:
    """Style id → (name, outline level 1-based or None, list numbering id or None)."""
    found: dict[str, tuple[str, int | None, str | None]] = {}
    if not xml:
        return found
    for style in etree.fromstring(xml).iter(w("style")):
        name_el = style.find(w("name"))
        name = name_el.get(w("val")) if name_el is not None else ""
        level_el = style.find(f"{w('pPr')}/{w('outlineLvl')}")
        level = int(level_el.get(w("val"))) + 1 if level_el is not None else None
        if level is None and name.lower().startswith("heading ") and name[8:].isdigit():
            level = int(name[8:])
        num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        found[style.get(w("styleId"), "")] = (name, level,
                                               num.get(w("val")) if num is not None else None)
    return found


def _numbering(xml: bytes | None) -> dict[str, str]:
    """numId → "1." for a numbered list, "-" for bullets (by its first level's format)."""
    if not xml:
        return {}
    root = etree.fromstring(xml)
    formats: dict[str, str] = {}
    for abstract in root.iter(w("abstractNum")):
        fmt = abstract.find(f"{w('lvl')}/{w('numFmt')}")
        formats[abstract.get(w("abstractNumId"))] = fmt.get(w("val")) if fmt is not None else ""
    kinds: dict[str, str] = {}
    for num in root.iter(w("num")):
        ref = num.find(w("abstractNumId"))
        fmt = formats.get(ref.get(w("val")) if ref is not None else "", "")
        kinds[num.get(w("numId"))] = "-" if fmt in ("bullet", "none", "") else "1."
    return kinds


def _run_text(run: etree._Element) -> str:
    parts = []
    for node in run:
        if node.tag == w("t"):
            parts.append(node.text or "")
        elif node.tag == w("tab"):
            parts.append("\t")
        elif node.tag in (w("br"), w("cr")):
            parts.append("\n")
    return "".join(parts)


def _bold(run: etree._Element) -> bool:
    b = run.find(f"{w('rPr')}/{w('b')}")
    return b is not None and b.get(w("val"), "true") not in ("0", "false")


def _runs(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's runs, including those inside hyperlinks, fields and insertions."""
    return [r for r in paragraph.iter(w("r"))
            if r.getparent().tag != w("del") and r.find(w("delText")) is None]


def _paragraph(element: etree._Element, index: int,
               styles: dict[str, tuple[str, int | None, str | None]],
               numbering: dict[str, str]) -> Paragraph:
    pieces: list[tuple[str, bool]] = []
    for run in _runs(element):
        text = _run_text(run)
        if text:
            pieces.append((text, _bold(run)))
    text = "".join(t for t, _where in pieces)
    markdown_parts = []
    for piece, bold in pieces:
        escaped = escape_markdown(piece)
        if bold and piece.strip():
            lead = escaped[: len(escaped) - len(escaped.lstrip())]
            trail = escaped[len(escaped.rstrip()):]
            markdown_parts.append(f"{lead}**{escaped.strip()}**{trail}")
        else:
            markdown_parts.append(escaped)
    markdown = "".join(markdown_parts).replace("****", "")
    style_el = element.find(f"{w('pPr')}/{w('pStyle')}")
    style_name, level, style_num = styles.get(
        style_el.get(w("val")) if style_el is not None else "", ("", None, None))
    level_el = element.find(f"{w('pPr')}/{w('outlineLvl')}")
    if level_el is not None and int(level_el.get(w("val"))) < 9:
        level = int(level_el.get(w("val"))) + 1
    num_el = element.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
    num_id = num_el.get(w("val")) if num_el is not None else style_num
    numbered = None
    if num_id not in (None, "0") and level is None:
        numbered = numbering.get(num_id, "1.")
    all_bold = bool(pieces) and all(bold for t, bold in pieces if t.strip())
    return Paragraph(index, text, markdown, style_name, level, numbered, all_bold)


MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|$"})


def escape_markdown(text: str) -> str:
    """Text that Markdown and the Jinja placeholders print as typed."""
    text = text.translate(MARKDOWN_SPECIAL)
    return text.replace("{{", "{{ '{{' }}").replace("{%", "{{ '{%' }}").replace("{#", "{{ '{#' }}")


def _cell_text(cell: etree._Element) -> str:
    lines = []
    for paragraph in cell.iter(w("p")):
        lines.append("".join(_run_text(r) for r in _runs(paragraph)))
    return "\n".join(lines).strip()


def _table(element: etree._Element, index: int) -> Table:
    """The table by grid: spans resolved, a vMerge continuation carrying its origin's text."""
    table = Table(index)
    above: dict[int, Cell] = {}  # grid column → the cell that starts there in the row above
    for row_number, row in enumerate(element.iter(w("tr"))):
        if row.getparent() is not element and row.getparent().getparent() is not element:
            continue  # a row of a table nested in a cell
        cells: list[Cell] = []
        col = 0
        before = row.find(f"{w('trPr')}/{w('gridBefore')}")
        if before is not None:
            col += int(before.get(w("val"), "0"))
        for tc in row.iterchildren(w("tc")):
            props = tc.find(w("tcPr"))
            span_el = props.find(w("gridSpan")) if props is not None else None
            span = int(span_el.get(w("val"), "1")) if span_el is not None else 1
            merge = props.find(w("vMerge")) if props is not None else None
            continued = merge is not None and merge.get(w("val"), "continue") == "continue"
            text = _cell_text(tc)
            if continued and col in above:
                text = above[col].text
            cell = Cell(row_number, col, span, text, continued and col in above)
            cells.append(cell)
            col += span
        table.rows.append(cells)
        above = {cell.col: cell for cell in cells}
    return table
