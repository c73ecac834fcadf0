"""The order WordprocessingML requires of property children, and inserting in that order.

The schema (ECMA-376 part 1, §17) defines w:pPr, w:rPr, w:sectPr and the table properties as
sequences: ``<w:rPr><w:sz/><w:rFonts/></w:rPr>`` is invalid, and Word answers invalid parts
with its "unreadable content" repair prompt. LibreOffice reads such files silently, so
nothing else in the pipeline would notice: whatever jixiao adds to Word's XML goes in here.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
        "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
        "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
        "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
        "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "w:rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
        "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
        "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
        "eastAsianLayout", "specVanish", "oMath"),
    "w:sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
        "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
        "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange"),
    "w:tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    "w:trPr": (
        "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
        "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del",
        "trPrChange"),
    "w:tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
        "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns",
        "cellDel", "cellMerge", "tcPrChange"),
    "w:tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "w:tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
}
W_NS = qn("w:pPr").split("}")[0] + "}"


def local(tag: str) -> str:
    return tag[len(W_NS):] if tag.startswith(W_NS) else tag


def child(parent, tag: str):
    """The child ``tag`` ("w:jc") of ``parent``, created in its schema place when absent."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    sequence = SEQUENCES[f"w:{local(parent.tag)}"]
    later = {qn(f"w:{name}") for name in sequence[sequence.index(tag[2:]) + 1:]}
    for position, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(position, element)
            return element
    parent.append(element)
    return element


def misordered(root) -> list[str]:
    """Each property element under ``root`` whose children break the schema's sequence."""
    found = []
    for parent_tag, sequence in SEQUENCES.items():
        for element in root.iter(qn(parent_tag)):
            names = [local(c.tag) for c in element
                     if isinstance(c.tag, str) and c.tag.startswith(W_NS)]
            ranks = [sequence.index(n) if n in sequence else -1 for n in names]
            if -1 in ranks or ranks != sorted(ranks):
                found.append(f"{parent_tag}: {' '.join(names)}")
    return found
