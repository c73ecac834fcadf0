"""Word layout figures derived from the style spec, and the layout set in pandoc's output.

The figures are shared by the reference.docx and the build. The build's edits: the cover's
section takes the body's page (size, margins, grid) without its footers, and list numbers
stand where a body paragraph's first line starts, as in the PDF, instead of pandoc's Western
indents.
"""

from __future__ import annotations

import copy
import math

from lxml import etree

from jixiao.convert.docx.order import qn, set_child
from jixiao.convert.styles import StyleSpec

COVER_LEAVES_OUT = {qn(tag) for tag in ("headerReference", "footerReference", "pgNumType",
                                         "titlePg")}


def twips(points: float) -> int:
    return round(points * 20)


def mm_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def line_pitch_twips(spec: StyleSpec) -> int:
    """The body's exact line spacing in twips, rounded down so that all lines fit the page.

    Rounded to nearest, 28.99 pt gives 580 twips and 22 lines overflow the 225 mm type area
    by a hair, which Word and LibreOffice answer with a 21-line page.
    """
    return math.floor(spec.page.line_pitch_pt * 20)


# From the top of the page number's dashes (一字线) down to the foot of its line, in ems of
# the number's size: measured in LibreOffice's rendering (Noto Serif CJK for 宋体), and
# within a tenth of an em for SimSun, whose dashes sit as high and whose descent is as deep.
DASH_TO_LINE_FOOT_EM = 0.56


def char_pitch_pt(spec: StyleSpec) -> float:
    """One character of body text on the grid: its size and the tracking that fits the line."""
    size = spec.role("body").size
    return size + spec.tracking_pt(size)


def footer_distance_mm(spec: StyleSpec) -> float:
    """From the page's bottom edge to the footer's: the number's dashes sit ``gap`` below the
    type area, as GB/T 9704 measures it (一字线上距版心下边缘 7 mm)."""
    foot_mm = DASH_TO_LINE_FOOT_EM * spec.role("page_number").size / 72 * 25.4
    return round(spec.page.bottom_mm - spec.page.page_number_gap_mm - foot_mm, 1)


def cover_section(document: etree._Element) -> None:
    """The cover's section (the first, written empty by the styled-blocks filter) set to
    the body's page, grid and margins, without the body's footers and page numbering."""
    sections = list(document.iter(qn("sectPr")))
    body = document.find(qn("body")).find(qn("sectPr"))
    for section in sections:
        if section is body:
            continue
        for old in list(section):
            section.remove(old)
        for element in body:
            if element.tag not in COVER_LEAVES_OUT:
                section.append(copy.deepcopy(element))


def list_indents(numbering: etree._Element, spec: StyleSpec) -> None:
    """Every list level of word/numbering.xml as the PDF's lists: the number where the
    body's first line starts, the text ``list_number_chars`` after it; a nested level's
    number where its parent's text starts, plus the body's indent."""
    char = char_pitch_pt(spec)
    first = spec.role("body").indent * char
    hanging = spec.list_number_chars * char
    for level in numbering.iter(qn("lvl")):
        depth = int(level.get(qn("ilvl"), "0"))
        ppr = set_child(level, "w:pPr")
        ind = set_child(ppr, "w:ind", left=twips((depth + 1) * (first + hanging)),
                        hanging=twips(hanging))
        for attr in ("firstLine", "firstLineChars", "hangingChars", "leftChars"):
            ind.attrib.pop(qn(attr), None)
