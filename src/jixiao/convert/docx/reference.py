"""The reference.docx pandoc writes Word files against, generated from the style spec.

It starts from pandoc's own default reference.docx (so every style pandoc uses exists) and
sets, from templates/styles.yaml: the A4 page and GB/T 9704 margins (mirrored for
double-sided printing), the 22 × 28 document grid, the East Asian font of every style, sizes
and indents per role, the tables' rules and cell margins, and footers holding the page number
as "— N —", right on odd pages and left on even ones; and Word 2013's compatibility mode, so
that Word opens the files without 兼容模式. pandoc copies its settings, styles, page and
footers into every DOCX. No binary is committed; the archive is written with fixed entry
times, so the same spec gives the same bytes.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from jixiao.convert.docx.layout import (
    char_pitch_pt,
    footer_distance_mm,
    line_pitch_twips,
    mm_twips,
    twips,
)
from jixiao.convert.docx.order import set_child
from jixiao.convert.docx.package import Package
from jixiao.convert.styles import Role, StyleSpec, load_styles
from jixiao.markdown import pandoc_path

# docx style name → (role in the spec, paragraph kind). Kinds: "body" paragraphs carry the
# first-line indent and the grid; "list" paragraphs (pandoc's Compact: tight list items) the
# grid only; "cell" paragraphs neither.
PARAGRAPH_STYLES: dict[str, tuple[str, str]] = {
    "Normal": ("body", "body"),
    "Body Text": ("body", "body"),
    "First Paragraph": ("body", "body"),
    "Title": ("title", "body"),
    "Heading 1": ("heading1", "body"),
    "Heading 2": ("heading2", "body"),
    "Heading 3": ("heading3", "body"),
    "Heading 4": ("heading4", "body"),
    "Cover Title": ("cover", "body"),
    "Cover Line": ("cover_line", "body"),
    "Attachment Label": ("attachment_label", "body"),
    "Attachment First": ("attachment_list", "body"),
    "Attachment Item": ("body", "body"),
    "Form Title": ("form_title", "body"),
    "Compact": ("body", "list"),
    "Table Text": ("table", "cell"),
    "Table Note": ("table_note", "cell"),
    "Footer": ("page_number", "cell"),
}
ALIGN = {"justify": "both", "center": "center", "left": "left", "right": "right"}
WORD_2013 = "15"  # w:compatSetting compatibilityMode: Word 2013 and later, no 兼容模式
WORD_URI = "http://schemas.microsoft.com/office/word"


def _fonts(rpr, name: str) -> None:
    set_child(rpr, "w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]


def _apply_role(style, role: Role, kind: str, spec: StyleSpec) -> None:
    style.font.size = Pt(role.size)
    style.font.bold = role.bold and not role.font.single_weight
    style.font.italic = False
    style.font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    _fonts(rpr, role.font.docx)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    ppr = style.element.get_or_add_pPr()
    set_child(ppr, "w:jc", val=ALIGN[role.align])
    if role.page_break_before:
        set_child(ppr, "w:pageBreakBefore")
    set_child(ppr, "w:widowControl", val=int(spec.output.widow_control))
    set_child(ppr, "w:autoSpaceDE", val=int(spec.output.cjk_latin_spacing))
    set_child(ppr, "w:autoSpaceDN", val=int(spec.output.cjk_latin_spacing))
    if kind == "cell" or role.size != spec.role("body").size:
        set_child(ppr, "w:snapToGrid", val=0)  # off the line grid: a table line is no body line
    if kind in ("body", "list"):
        tracking = spec.tracking_pt(role.size)
        set_child(rpr, "w:spacing", val=twips(tracking))
        pitch = line_pitch_twips(spec)
        set_child(ppr, "w:spacing", before=role.lines_before * pitch,
                   after=role.lines_after * pitch,
                   line=pitch, lineRule="exact")
        indent = role.indent * (role.size + tracking) if kind == "body" else 0
        set_child(ppr, "w:ind", firstLine=twips(indent),
                   firstLineChars=round(role.indent * 100) if indent else 0, left=0, right=0)
    else:
        set_child(rpr, "w:spacing", val=0)  # not the body's tracking, which Normal carries
        if role.line_pt:
            set_child(ppr, "w:spacing", before=0, after=0, line=twips(role.line_pt),
                      lineRule="exact")
        else:
            set_child(ppr, "w:spacing", before=0, after=0, line=240, lineRule="auto")
        ind = set_child(ppr, "w:ind", firstLine=0, firstLineChars=0, left=0, right=0)
        for attr in ("w:hanging", "w:hangingChars"):
            if ind.get(qn(attr)) is not None:
                del ind.attrib[qn(attr)]


def _style(document, name: str):
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
        return style


def _attachment_indents(document, spec: StyleSpec) -> None:
    """附件 list: items aligned after "附件：", the first item hanging that prefix."""
    char = char_pitch_pt(spec)
    prefix = spec.role("attachment_list").hanging
    left = twips((spec.role("body").indent + prefix) * char)
    for name, hanging in (("Attachment First", prefix), ("Attachment Item", 0)):
        ppr = document.styles[name].element.get_or_add_pPr()
        ind = set_child(ppr, "w:ind", left=left, firstLine=0, firstLineChars=0)
        if hanging:
            del ind.attrib[qn("w:firstLine")]
            del ind.attrib[qn("w:firstLineChars")]
            ind.set(qn("w:hanging"), str(twips(hanging * char)))
        else:
            ind.set(qn("w:firstLine"), "0")


def _page_number_paragraph(document, footer, align: str, spec: StyleSpec) -> None:
    """"— PAGE —" one character in from the outer edge."""
    role = spec.role("page_number")
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    ppr = paragraph._p.get_or_add_pPr()
    set_child(ppr, "w:jc", val=align)
    side = "right" if align == "right" else "left"
    set_child(ppr, "w:ind", **{side: twips(role.size)})
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" —")


def _page(document, spec: StyleSpec) -> None:
    page = spec.page
    section = document.sections[0]
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
    section.header_distance = Mm(page.header_mm)
    section.footer_distance = Mm(footer_distance_mm(spec))
    sect_pr = section._sectPr
    set_child(sect_pr, "w:pgNumType", start=1)
    _document_grid(sect_pr, spec)
    document.settings.odd_and_even_pages_header_footer = True
    _settings(document.settings.element, spec)
    _page_number_paragraph(document, section.footer, "right", spec)
    _page_number_paragraph(document, section.even_page_footer, "left", spec)


def _document_grid(sect_pr, spec: StyleSpec) -> None:
    """The body's line pitch on the section's 文档网格, which stays off (no ``w:type``).

    The body keeps GB/T 9704's ``lines`` × ``chars`` by its exact line spacing and its
    tracking, measured in LibreOffice. Turned on, the grid moves the text: ``lines`` sets
    each line in its grid cell by the font's own height, so headings in 黑体 and 楷体 sit at
    other offsets from the body's lines; ``linesAndChars`` with the ``charSpace`` of 28
    characters gives every body character two cells of the grid, 14 to a line, since a 16 pt
    character is wider than the 15.75 pt pitch.
    """
    grid = set_child(sect_pr, "w:docGrid", linePitch=line_pitch_twips(spec))
    grid.attrib.pop(qn("w:type"), None)


def _settings(settings, spec: StyleSpec) -> None:
    """Word 2013's compatibility mode; mirrored margins when the spec prints double-sided."""
    if spec.output.mirror_margins:
        set_child(settings, "w:mirrorMargins")
    compat = set_child(settings, "w:compat")
    for old in compat.findall(qn("w:compatSetting")):
        if old.get(qn("w:name")) == "compatibilityMode":
            compat.remove(old)
    mode = compat.makeelement(qn("w:compatSetting"), {})
    mode.set(qn("w:name"), "compatibilityMode")
    mode.set(qn("w:uri"), WORD_URI)
    mode.set(qn("w:val"), WORD_2013)
    compat.append(mode)


def _table_style(document, spec: StyleSpec) -> None:
    """pandoc's "Table" style as the forms need it: a full ruled grid, narrow cell margins.

    pandoc's default gives its first row a bottom rule only and bottom alignment; forms
    have header rows anywhere in their grid, so no row is styled apart.
    """
    table = document.styles["Table"]
    table.base_style = None  # pandoc's names a "TableNormal" its reference.docx lacks
    style = table.element
    tbl_pr = style.find(qn("w:tblPr"))
    rules = spec.tables
    borders = set_child(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_child(borders, f"w:{side}", val="single", sz=round(rules.rule_pt * 8), space=0,
                  color="000000")  # sz in eighths of a point
    margins = set_child(tbl_pr, "w:tblCellMar")
    across, down = spec.role("table").padding_mm
    for side, mm in (("left", across), ("right", across), ("top", down), ("bottom", down)):
        set_child(margins, f"w:{side}", w=mm_twips(mm), type="dxa")
    for conditional in style.findall(qn("w:tblStylePr")):
        style.remove(conditional)


def build_reference_docx(spec: StyleSpec, target: Path) -> None:
    """Write the reference.docx for ``spec`` to ``target``."""
    default = target.with_suffix(".default.docx")
    subprocess.run(
        [pandoc_path(), "-o", str(default), "--print-default-data-file", "reference.docx"],
        check=True,
    )
    document = Document(str(default))
    default.unlink()
    for name, (role_name, kind) in PARAGRAPH_STYLES.items():
        _apply_role(_style(document, name), spec.role(role_name), kind, spec)
    body_font = spec.role("body").font.docx
    for style in document.styles:
        rpr = style.element.get_or_add_rPr() if style.type in (
            WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE) else None
        if rpr is not None and style.name not in PARAGRAPH_STYLES:
            _fonts(rpr, body_font)
    _doc_defaults(document, spec)
    _attachment_indents(document, spec)
    _table_style(document, spec)
    _page(document, spec)
    _font_table(document, spec)
    saved = io.BytesIO()
    document.save(saved)
    target.write_bytes(Package(saved.getvalue()).to_bytes())


def _font_table(document, spec: StyleSpec) -> None:
    """Declare each Chinese font as GB2312 with its stand-in, for Word where it is missing.

    Word and WPS pick the substitute for a missing font from the font table: without an
    entry, 仿宋_GB2312 on a Windows machine that lacks it is drawn in the default font.
    """
    part = next(p for p in document.part.package.iter_parts()
                if str(p.partname) == "/word/fontTable.xml")
    table = etree.fromstring(part.blob)
    for role in spec.fonts.values():
        for font in table.findall(qn("w:font")):
            if font.get(qn("w:name")) == role.docx:
                table.remove(font)
        font = etree.SubElement(table, qn("w:font"), {qn("w:name"): role.docx})
        if role.docx_alt:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): role.docx_alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "fixed"})
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def _doc_defaults(document, spec: StyleSpec) -> None:
    """The document's default run: the body's font and size, the size Word and LibreOffice
    measure the character grid's pitch from."""
    body = spec.role("body")
    rpr = document.styles.element.find(
        f'{qn("w:docDefaults")}/{qn("w:rPrDefault")}/{qn("w:rPr")}')
    _fonts(rpr, body.font.docx)
    for tag in ("w:sz", "w:szCs"):
        set_child(rpr, tag, val=round(body.size * 2))  # half-points


if __name__ == "__main__":  # python -m jixiao.convert.docx.reference STYLES.yaml TARGET.docx
    build_reference_docx(load_styles(Path(sys.argv[1])), Path(sys.argv[2]))
