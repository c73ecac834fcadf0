"""Word layout figures derived from the style spec, shared by the reference.docx and the build.

Kept apart from reference_docx so that a build whose reference.docx is cached does not load
python-docx at all.
"""

from __future__ import annotations

import math

from jixiao.convert.styles import StyleSpec


def twips(points: float) -> int:
    return round(points * 20)


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


def footer_distance_mm(spec: StyleSpec) -> float:
    """From the page's bottom edge to the footer's: the number's dashes sit ``gap`` below the
    type area, as GB/T 9704 measures it (一字线上距版心下边缘 7 mm)."""
    foot_mm = DASH_TO_LINE_FOOT_EM * spec.role("page_number").size / 72 * 25.4
    return round(spec.page.bottom_mm - spec.page.page_number_gap_mm - foot_mm, 1)


def cover_section_break(spec: StyleSpec) -> str:
    """OpenXML paragraph ending the cover's own section: same page, no footer, no number."""
    page = spec.page
    mm = 1440 / 25.4
    return (
        '<w:p><w:pPr><w:sectPr>'
        f'<w:pgSz w:w="{round(page.width_mm * mm)}" w:h="{round(page.height_mm * mm)}"/>'
        f'<w:pgMar w:top="{round(page.top_mm * mm)}" w:right="{round(page.right_mm * mm)}" '
        f'w:bottom="{round(page.bottom_mm * mm)}" w:left="{round(page.left_mm * mm)}" '
        f'w:header="{round(15 * mm)}" w:footer="{round(footer_distance_mm(spec) * mm)}" '
        'w:gutter="0"/>'
        f'<w:docGrid w:linePitch="{line_pitch_twips(spec)}"/>'
        '</w:sectPr></w:pPr></w:p>'
    )
