"""The 公文 layout measured from the character boxes of the PDFs (ours, and LibreOffice's of the
DOCX): GB/T 9704's grid of 22 lines of 28 characters, the page number 7 mm below the type
area, mirrored margins, the forms' first lines, and the two renderings paginated alike (the
forms across pages: test_form_pages). Each test runs on the example's documents and the
fixtures' (tests/layout/conftest.py).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from jixiao.convert.styles import load_styles
from jixiao.render.paging import NO_START
from layout.measure import (
    MM,
    Document,
    Grid,
    Line,
    body_lines,
    grid,
    ink_height,
    ink_top,
    is_full_width,
    page_number,
    read,
)

SPEC = load_styles()
ATTACHMENT = re.compile(r"附件\d+")


def layout(pdf: Path) -> tuple[Document, Grid]:
    document = read(pdf)
    return document, grid(SPEC, document.width)


def numbered_pages(document: Document) -> dict[int, int]:
    """Physical page → printed number, for the pages that print one."""
    numbers = {page: page_number(document, page) for page in range(1, document.pages + 1)}
    return {page: number for page, number in numbers.items() if number is not None}


def full_lines(pdf: Path) -> list[tuple[int, int, str]]:
    """Every full body line of full-width characters: (page, grid cells it fills, text).

    Full: it reaches the type area's right edge with its characters in their own cells — not
    spread out to fill the line because the mark after it may not start a line (a closing
    mark hanging past the edge, as Word and LibreOffice let one hang, is not counted). Its
    cells are its characters and the indent before the first.
    """
    document, area = layout(pdf)
    found = []
    for page, number in numbered_pages(document).items():
        left, right = area.left(number), area.right(number)
        for line in body_lines(document, area, page):
            glyphs = [g for g in line.glyphs if not g.char.isspace() and g.x < right - 1]
            text = "".join(g.char for g in glyphs)
            if not glyphs or glyphs[-1].right < right - area.cell / 2:
                continue
            if any(b.x - a.x > area.cell + 0.3 for a, b in zip(glyphs, glyphs[1:], strict=False)):
                continue  # spread: the line broke early
            if text and all(is_full_width(c) for c in text):
                indent = round((glyphs[0].x - left) / area.cell)
                found.append((page, indent + len(text), text))
    return found


def test_full_lines_hold_28_characters(document):
    for pdf in (document.ours, document.office):
        lines = full_lines(pdf)
        assert lines, pdf.name  # a measure that finds nothing proves nothing
        wrong = [line for line in lines if line[1] != SPEC.page.chars]
        assert wrong == [], pdf


def test_nothing_runs_past_the_type_area(document):
    """A run that has no place to break (a web address, a project code in a form's cell:
    tests/fixtures/long-indicators has both) is still kept inside the type area; only a
    closing mark may hang past its edge, as Word and LibreOffice let one hang."""
    for pdf in (document.ours, document.office):
        doc, area = layout(pdf)
        past = [(page, line.visible()) for page, number in numbered_pages(doc).items()
                for line in doc.on(page)
                if any(g.right > area.right(number) + 1 for g in line.glyphs
                       if g.char not in NO_START)]
        assert past == [], pdf.name


def test_punctuation_keeps_its_full_width(document):
    """No full-width character of a body line is narrower than its grid cell (typst, left to
    itself, compresses punctuation by up to half)."""
    ours, area = layout(document.ours)
    narrow = []
    for page in numbered_pages(ours):
        for line in body_lines(ours, area, page):
            pairs = zip(line.glyphs, line.glyphs[1:], strict=False)
            narrow += [(page, a.char + b.char) for a, b in pairs
                       if is_full_width(a.char) and b.x - a.x < area.cell - 0.3]
    assert narrow == []


def test_lines_on_the_grid_22_a_page(document):
    """Every body line sits on the grid; no page holds more than 22, and a body running on
    over pages fills them (22 lines, or fewer where a heading or a lone line moved over)."""
    for pdf in (document.ours, document.office):
        doc, area = layout(pdf)
        offsets, counts = set(), {}
        for page in numbered_pages(doc):
            lines = body_lines(doc, area, page)
            offsets |= {round((line.baseline - area.top) % area.pitch, 0) for line in lines}
            counts[page] = len({area.line_index(line) for line in lines})
        assert len(offsets) <= 2, (pdf.name, offsets)  # one offset, or two across a rounding
        assert max(counts.values()) <= SPEC.page.lines, (pdf.name, counts)
        forms = min((p[0] for p in attachment_pages(doc).values()), default=doc.pages + 1)
        first = min(counts)  # the title's page: its title lines are not body lines
        running_on = [counts[page] for page in counts
                      if first < page and page + 1 < forms and page + 1 in counts]
        if len(running_on) >= 3:
            assert SPEC.page.lines in running_on, (pdf.name, counts)
            assert min(running_on) >= SPEC.page.lines - 2, (pdf.name, counts)


def test_page_number_dashes_7_mm_below_the_type_area(document):
    for pdf in (document.ours, document.office):
        doc, area = layout(pdf)
        numbered = numbered_pages(doc)
        for page in list(numbered)[:2]:  # an odd and an even page
            (line,) = [ln for ln in doc.on(page) if ln.baseline > area.bottom
                       and ln.visible().startswith("—")]
            dash = line.glyphs[0]
            top = ink_top(pdf, page, dash.x, dash.right, area.bottom, doc.height)
            gap_mm = (top - area.bottom) / MM
            assert abs(gap_mm - SPEC.page.page_number_gap_mm) < 0.3, (pdf.name, page, gap_mm)


def binding_sides(pdf: Path) -> set[int]:
    """Asserts that each numbered page whose body reaches its type area's right edge starts its
    lines on its left edge (or a whole number of characters in); returns the parities seen."""
    doc, area = layout(pdf)
    sides = set()
    for page, number in numbered_pages(doc).items():
        lines = body_lines(doc, area, page)
        if not any(abs(line.x1 - area.right(number)) < area.cell / 2 for line in lines):
            continue
        indent = (min(line.x0 for line in lines) - area.left(number)) / area.cell
        assert abs(indent - round(indent)) < 0.1 and round(indent) >= 0, (pdf.name, page)
        sides.add(number % 2)
    return sides


def test_mirrored_margins_in_the_pdf(document):
    """The binding margin on the left of odd-numbered pages, on the right of even ones."""
    assert SPEC.output.mirror_margins
    assert binding_sides(document.ours)  # each page checked against its own parity


def test_mirrored_margins_in_the_docx(document):
    with zipfile.ZipFile(document.docx) as archive:
        settings = archive.read("word/settings.xml").decode()
    if "mirrorMargins" not in settings:
        pytest.skip("the DOCX does not ask for mirrored margins (w:mirrorMargins) yet")
    assert binding_sides(document.office)


def attachment_pages(doc: Document) -> dict[str, list[int]]:
    """附件N → the pages its forms start on (附件3 has one form per project)."""
    pages: dict[str, list[int]] = {}
    for line in doc.lines:
        if ATTACHMENT.fullmatch(line.visible()):
            pages.setdefault(line.visible(), []).append(line.page)
    return pages


def test_same_pages_as_libreoffice(document):
    ours, office = read(document.ours), read(document.office)
    assert ours.pages == office.pages
    assert attachment_pages(ours) == attachment_pages(office)


def test_attachment_on_line_1_form_title_on_line_3(document):
    for pdf in (document.ours, document.office):
        doc, area = layout(pdf)
        starts = [(label, page) for label, pages in attachment_pages(doc).items()
                  for page in pages]
        for label, page in starts:
            lines = [line for line in doc.on(page) if line.baseline < area.bottom]
            assert lines[0].visible() == label and area.line_index(lines[0]) == 0, pdf.name
            title = lines[1]
            assert title.size > 1.2 * area.body_size, (pdf.name, label)
            assert area.line_index(title) == 2, (pdf.name, label)


def test_blank_line_between_title_and_first_heading(document):
    for pdf in (document.ours, document.office):
        doc, area = layout(pdf)
        first = min(numbered_pages(doc))
        lines = [line for line in doc.on(first) if line.baseline < area.bottom]
        heading = next(line for line in lines if line.visible().startswith("一、"))
        titles = [line for line in lines if line.size > 1.2 * area.body_size]
        assert [area.line_index(t) for t in titles] == [0, 1], pdf.name
        assert area.line_index(heading) == 3, pdf.name


def test_every_font_draws_as_tall_as_the_body(document):
    """A stand-in font (楷体 → AR PL KaitiM GB) draws its characters' ink within 5% of the
    body's height: the page template scales it."""
    doc, area = layout(document.ours)
    by_font: dict[str, list] = {}
    for page in numbered_pages(doc):
        for line in body_lines(doc, area, page):
            by_font.setdefault(line.font, []).append(line)
    heights = {font: ink_height(document.ours, max(lines, key=lambda ln: len(ln.text)))
               for font, lines in by_font.items()}
    body = heights.pop(max(by_font, key=lambda font: len(by_font[font])))
    assert heights, "headings in other fonts than the body's"
    assert {font: h for font, h in heights.items() if abs(h / body - 1) > 0.05} == {}


def page_ends(pdf: Path) -> list[tuple[int, str, Line, Line, bool]]:
    """For each body page that runs on: (page, the body's font, its first and last body line,
    whether the next page goes on with the body)."""
    doc, area = layout(pdf)
    numbered = numbered_pages(doc)
    forms = min((p[0] for p in attachment_pages(doc).values()), default=doc.pages + 1)
    pages = {page: body_lines(doc, area, page) for page in numbered if page < forms}
    fonts = [line.font for lines in pages.values() for line in lines]
    body_font = max(set(fonts), key=fonts.count)
    return [(page, body_font, lines[0], lines[-1], page + 1 in pages)
            for page, lines in pages.items() if lines]


def test_no_heading_last_on_a_page(document):
    for pdf in (document.ours, document.office):
        stranded = [(page, last.text) for page, body_font, _, last, runs_on in page_ends(pdf)
                    if runs_on and last.font != body_font]
        assert stranded == [], pdf.name


def test_no_lone_line_at_a_page_top_or_foot(document):
    """Widow control: a paragraph's last line does not start a page, nor its first line end
    one (a first line is indented two characters; a last line stops short of the edge)."""
    for pdf in (document.ours, document.office):
        doc, area = layout(pdf)
        lone = []
        for page, body_font, first, last, runs_on in page_ends(pdf):
            number = page_number(doc, page)
            indent = (first.x0 - area.left(number)) / area.cell
            short = first.x1 < area.right(number) - area.cell
            if page > min(numbered_pages(doc)) and first.font == body_font and indent < 1 \
                    and short:
                lone.append((page, "top", first.text))
            starts = (last.x0 - area.left(number)) / area.cell >= 1.5
            full = last.x1 > area.right(number) - area.cell
            if runs_on and last.font == body_font and starts and full:
                lone.append((page, "foot", last.text))
        assert lone == [], pdf.name
