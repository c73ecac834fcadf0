"""The reference.docx pandoc writes Word files against, generated from the style spec.

It starts from pandoc's own default reference.docx (so every style pandoc uses exists) and
sets, from templates/styles.yaml: the A4 page and GB/T 9704 margins (mirrored for
double-sided printing), the 22 × 28 document grid, the East Asian font of every style, sizes
and indents per role, the tables' rules and cell margins, and footers holding the page number
as "— N —", right on odd pages and left on even ones; and Word 2013's compatibility mode, so
that Word opens the files without 兼容模式. pandoc copies its settings, styles, page and
footers into every DOCX. No binary is committed; the archive is written with fixed entry
times, so the same spec gives the same bytes.

The parts are edited as XML with lxml, in some 15 ms: a build whose reference.docx is not
cached yet makes it while its pandoc runs, and a library of Word documents' objects would
take some 80 ms of the build's one interpreter for the same edits.
"""

from __future__ import annotations

from lxml import etree

from jixiao.convert.docx.layout import (
    char_pitch_pt,
    footer_distance_mm,
    line_pitch_twips,
    mm_twips,
    twips,
)
from jixiao.convert.docx.order import child, qn, set_child
from jixiao.convert.docx.package import Package
from jixiao.convert.styles import Role, StyleSpec

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


# Built-in styles' names as Word shows them → as styles.xml stores them.
STORED_NAMES = {"Caption": "caption", "Footer": "footer", "Header": "header",
                **{f"Heading {n}": f"heading {n}" for n in range(1, 10)}}
STYLE_IDS = {"caption": "Caption", **{f"heading {n}": f"Heading{n}" for n in range(1, 10)}}
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
FOOTER_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A footer part as Word's own template declares it: every namespace a footer may use.
FOOTER_NAMESPACES = {
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "mo": "http://schemas.microsoft.com/office/mac/office/2008/main",
    "mv": "urn:schemas-microsoft-com:mac:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": R,
    "v": "urn:schemas-microsoft-com:vml",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
COMPACT = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _fonts(rpr, name: str) -> None:
    set_child(rpr, "w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]


def _switch(rpr, tag: str, on: bool) -> None:
    """A run property that is on (``<w:b/>``) or off (``<w:b w:val="0"/>``)."""
    element = child(rpr, tag)
    if on:
        element.attrib.pop(qn("w:val"), None)
    else:
        element.set(qn("w:val"), "0")


def _apply_role(style, role: Role, kind: str, spec: StyleSpec) -> None:
    rpr = child(style, "w:rPr")
    set_child(rpr, "w:sz", val=round(role.size * 2))  # half-points
    _switch(rpr, "w:b", role.bold and not role.font.single_weight)
    _switch(rpr, "w:i", False)
    _fonts(rpr, role.font.docx)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    ppr = child(style, "w:pPr")
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


def _stored_name(style) -> str | None:
    name = style.find(qn("w:name"))
    return name.get(qn("w:val")) if name is not None else None


def _find_style(styles, name: str):
    """The style Word shows as ``name``, or None."""
    stored = STORED_NAMES.get(name, name)
    return next((s for s in styles.iterfind(qn("w:style")) if _stored_name(s) == stored), None)


def _style(styles, name: str):
    """The paragraph style ``name``, added (based on Normal, in the style gallery) if missing."""
    style = _find_style(styles, name)
    if style is None:
        stored = STORED_NAMES.get(name, name)
        style = etree.SubElement(styles, qn("w:style"))
        style.set(qn("w:type"), "paragraph")
        style.set(qn("w:customStyle"), "1")
        style.set(qn("w:styleId"), STYLE_IDS.get(stored, stored.replace(" ", "")))
        set_child(style, "w:name", val=stored)
        set_child(style, "w:basedOn", val=_find_style(styles, "Normal").get(qn("w:styleId")))
        set_child(style, "w:qFormat")
    return style


def _attachment_indents(styles, spec: StyleSpec) -> None:
    """附件 list: items aligned after "附件：", the first item hanging that prefix."""
    char = char_pitch_pt(spec)
    prefix = spec.role("attachment_list").hanging
    left = twips((spec.role("body").indent + prefix) * char)
    for name, hanging in (("Attachment First", prefix), ("Attachment Item", 0)):
        ppr = child(_find_style(styles, name), "w:pPr")
        ind = set_child(ppr, "w:ind", left=left, firstLine=0, firstLineChars=0)
        if hanging:
            del ind.attrib[qn("w:firstLine")]
            del ind.attrib[qn("w:firstLineChars")]
            ind.set(qn("w:hanging"), str(twips(hanging * char)))
        else:
            ind.set(qn("w:firstLine"), "0")


def _run(paragraph, text: str | None = None):
    run = etree.SubElement(paragraph, qn("w:r"))
    if text is not None:
        t = etree.SubElement(run, qn("w:t"))
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _footer(style_id: str, align: str, spec: StyleSpec) -> etree._Element:
    """A footer holding "— PAGE —", one character in from the outer edge."""
    footer = etree.Element(qn("w:ftr"), nsmap=FOOTER_NAMESPACES)
    footer.set(f"{{{FOOTER_NAMESPACES['mc']}}}Ignorable", "w14 wp14")
    paragraph = etree.SubElement(footer, qn("w:p"))
    ppr = etree.SubElement(paragraph, qn("w:pPr"))
    set_child(ppr, "w:pStyle", val=style_id)
    set_child(ppr, "w:jc", val=align)
    side = "right" if align == "right" else "left"
    set_child(ppr, "w:ind", **{side: twips(spec.role("page_number").size)})
    _run(paragraph, "— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            etree.SubElement(_run(paragraph), qn("w:fldChar")).set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            instr = etree.SubElement(_run(paragraph), qn("w:instrText"))
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
        else:
            _run(paragraph, text)
    _run(paragraph, " —")
    return footer


def _add_footers(package: Package, sect_pr, style_id: str, spec: StyleSpec) -> None:
    """The odd pages' footer (right) and the even pages' (left), as parts of their own."""
    relations = package.xml("word/_rels/document.xml.rels")
    types = package.xml("[Content_Types].xml")
    used = {r.get("Id") for r in relations}
    ids = (f"rId{n}" for n in range(1, len(used) + 3) if f"rId{n}" not in used)
    for number, (kind, align) in enumerate((("default", "right"), ("even", "left")), 1):
        name = f"footer{number}.xml"
        package.put(f"word/{name}", _footer(style_id, align, spec))
        relation = etree.SubElement(relations, f"{{{RELATIONS}}}Relationship")
        rid = next(ids)
        relation.set("Id", rid)
        relation.set("Type", FOOTER_RELATION)
        relation.set("Target", name)
        override = etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override")
        override.set("PartName", f"/word/{name}")
        override.set("ContentType", FOOTER_TYPE)
        reference = etree.Element(qn("w:footerReference"))
        reference.set(qn("w:type"), kind)
        reference.set(f"{{{R}}}id", rid)
        later = [c for c in sect_pr if c.tag != qn("w:headerReference")
                 and c.tag != qn("w:footerReference")]
        if later:
            later[0].addprevious(reference)
        else:
            sect_pr.append(reference)


def _page(package: Package, document, settings, styles, spec: StyleSpec) -> None:
    page = spec.page
    sect_pr = document.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    if sect_pr is None:
        sect_pr = etree.SubElement(document.find(qn("w:body")), qn("w:sectPr"))
    set_child(sect_pr, "w:pgSz", w=mm_twips(page.width_mm), h=mm_twips(page.height_mm))
    set_child(sect_pr, "w:pgMar", top=mm_twips(page.top_mm), bottom=mm_twips(page.bottom_mm),
              left=mm_twips(page.left_mm), right=mm_twips(page.right_mm),
              header=mm_twips(page.header_mm), footer=mm_twips(footer_distance_mm(spec)))
    set_child(sect_pr, "w:pgNumType", start=1)
    _document_grid(sect_pr, spec)
    set_child(settings, "w:evenAndOddHeaders")
    _settings(settings, spec)
    _add_footers(package, sect_pr, _style(styles, "Footer").get(qn("w:styleId")), spec)


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


def _table_style(styles, spec: StyleSpec) -> None:
    """pandoc's "Table" style as the forms need it: a full ruled grid, narrow cell margins.

    pandoc's default gives its first row a bottom rule only and bottom alignment; forms
    have header rows anywhere in their grid, so no row is styled apart.
    """
    style = _find_style(styles, "Table")
    based = style.find(qn("w:basedOn"))  # pandoc's names a "TableNormal" its reference lacks
    if based is not None:
        style.remove(based)
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


def build_reference_docx(spec: StyleSpec, default: bytes) -> bytes:
    """The reference.docx for ``spec``, from pandoc's default one (``default``, the bytes of
    ``pandoc --print-default-data-file reference.docx``)."""
    package = Package(default)
    parts = {name: etree.fromstring(package.raw(f"word/{name}.xml"), COMPACT)
             for name in ("styles", "document", "settings")}
    styles = parts["styles"]
    for name, (role_name, kind) in PARAGRAPH_STYLES.items():
        _apply_role(_style(styles, name), spec.role(role_name), kind, spec)
    body_font = spec.role("body").font.docx
    shown = {STORED_NAMES.get(name, name) for name in PARAGRAPH_STYLES}
    for style in styles.iterfind(qn("w:style")):
        if (style.get(qn("w:type")) in ("paragraph", "character", "table")
                and _stored_name(style) not in shown):
            _fonts(child(style, "w:rPr"), body_font)
    _doc_defaults(styles, spec)
    _attachment_indents(styles, spec)
    _table_style(styles, spec)
    _page(package, parts["document"], parts["settings"], styles, spec)
    _font_table(package.xml("word/fontTable.xml"), spec)
    for name, root in parts.items():
        package.put(f"word/{name}.xml", root)
    return package.to_bytes()


def _font_table(table, spec: StyleSpec) -> None:
    """Declare each Chinese font as GB2312 with its stand-in, for Word where it is missing.

    Word and WPS pick the substitute for a missing font from the font table: without an
    entry, 仿宋_GB2312 on a Windows machine that lacks it is drawn in the default font.
    """
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


def _doc_defaults(styles, spec: StyleSpec) -> None:
    """The document's default run: the body's font and size, the size Word and LibreOffice
    measure the character grid's pitch from."""
    body = spec.role("body")
    rpr = styles.find(f'{qn("w:docDefaults")}/{qn("w:rPrDefault")}/{qn("w:rPr")}')
    _fonts(rpr, body.font.docx)
    for tag in ("w:sz", "w:szCs"):
        set_child(rpr, tag, val=round(body.size * 2))  # half-points
