"""The order WordprocessingML requires of property children, and inserting in that order.

The schema (ECMA-376 part 1, §17) defines w:pPr, w:rPr, w:sectPr and the table properties as
sequences: ``<w:rPr><w:sz/><w:rFonts/></w:rPr>`` is invalid, and Word answers invalid parts
with its "unreadable content" repair prompt. LibreOffice reads such files silently, so
nothing else in the pipeline would notice: whatever jixiao adds to Word's XML goes in here,
the reference.docx's styles and the build's edits of pandoc's output alike.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_NS = f"{{{W}}}"

SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:style": (
        "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
        "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
        "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
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
    "w:settings": (
        "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
        "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
        "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
        "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
        "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
        "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
        "proofState", "formsDesign", "attachedTemplate", "linkStyles",
        "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
        "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
        "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
        "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
        "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
        "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
        "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
        "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
        "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
        "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
        "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
        "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
        "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr",
        "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
        "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
        "decimalSymbol", "listSeparator"),
    "w:lvl": (
        "start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText",
        "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr"),
}


def qn(tag: str) -> str:
    """ "w:jc" as lxml's "{namespace}jc"."""
    return W_NS + tag.removeprefix("w:")


def local(tag: str) -> str:
    return tag[len(W_NS):] if tag.startswith(W_NS) else tag


def child(parent, tag: str):
    """The child ``tag`` ("w:jc") of ``parent``, created in its schema place when absent.

    Created through ``parent.makeelement``, so that it is of the tree's own element class.
    """
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = parent.makeelement(qn(tag), {})
    sequence = SEQUENCES[f"w:{local(parent.tag)}"]
    later = {qn(name) for name in sequence[sequence.index(tag.removeprefix("w:")) + 1:]}
    for position, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(position, element)
            return element
    parent.append(element)
    return element


def set_child(parent, tag: str, **attrs) -> etree._Element:
    """The child ``tag`` of ``parent`` (created in schema order if absent) with ``attrs`` set."""
    element = child(parent, tag)
    for key, value in attrs.items():
        element.set(qn(key), str(value))
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
