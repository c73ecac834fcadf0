"""The body of a filed report split into the official sections of its template's outline.

A report's paragraphs fall in zones: a cover (found by its title, "2024年度…整体支出…"), the
sections (found by their titles, tolerantly and in the outline's order), the attachment list,
and the forms' surroundings (附件N, form titles, notes, signature lines). Inside a section,
a short paragraph led by a typed number is a subheading: it becomes ``##``/``###`` without
its number (jixiao numbers it), its level set by the numbering style it uses, as Word users
nest 一、 over （一） over 1. A heading no section title matches stays inside its section.
What fits no zone is kept as unplaced, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.importing.headings import collapse, normal, subheading, title_matches, typed_number
from jixiao.importing.word import Paragraph, Table, escape_markdown
from jixiao.load.outline import DocumentOutline, Section

COVER = re.compile(r"^(\d{4})年度(.+?)(部门整体|整体|项目)支出(绩效)?(自评报告)?$")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d+)$")
ATTACHMENT_LIST = re.compile(r"^(附件[:：]|报告(需要|需|所附)?(以下|如下)?附件)")
SECTION_TITLE_CHARS = 40
LINE_START = re.compile(r"^(#|>|[-+] |\d+[.)] )")


@dataclass
class SectionText:
    """One official section as found: its typed title, place, and Markdown lines with the
    place in the Word file each comes from."""

    document: str
    section: Section
    typed_title: str
    place: str
    lines: list[tuple[str, str | None]] = field(default_factory=list)
    paragraphs: int = 0
    families: list[str] = field(default_factory=list)
    in_list: bool = False

    def place_of_next(self) -> str:
        self.paragraphs += 1
        return f"「{self.typed_title}」第{self.paragraphs}段"

    def add_block(self, lines: list[tuple[str, str | None]], list_item: bool = False) -> None:
        """Blocks are separated by a blank line; consecutive list items are not."""
        if self.lines and not (list_item and self.in_list):
            self.lines.append(("", None))
        self.lines += lines
        self.in_list = list_item

    def heading_level(self, family: str | None, styled: int | None) -> int:
        """## for the first numbering style met in the section, ### for one nested in it …"""
        if styled is not None:
            return max(2, min(styled, 4))
        family = family or "none"
        if family in self.families:
            del self.families[self.families.index(family) + 1:]
        else:
            self.families.append(family)
        return min(1 + len(self.families), 4)

    def markdown(self) -> str:
        return "\n".join(text for text, _ in self.lines) + ("\n" if self.lines else "")


@dataclass
class Cover:
    """What a document's cover says: its year, the unit's short name, the report date."""

    document: str
    year: int
    short_name: str
    place: str
    date: tuple[int, int, int] | None = None
    date_place: str = ""


@dataclass
class Unplaced:
    place: str
    text: str


class ProseReader:
    """Reads paragraphs (and tables that are no form) in order into sections and covers."""

    def __init__(self, outlines: dict[str, DocumentOutline]):
        self.outlines = outlines
        self.sections: dict[tuple[str, str], SectionText] = {}
        self.covers: dict[str, Cover] = {}
        self.unplaced: list[Unplaced] = []
        self.zone = "front"
        self.document: str | None = None
        self.current: SectionText | None = None
        self.zone_paragraphs = 0
        self.tables = 0
        # set by the caller: whether a paragraph in the forms zone belongs to a form
        self.form_paragraph: Callable[[Paragraph], bool] | None = None

    # zones ---------------------------------------------------------------------------

    def enter(self, zone: str) -> None:
        self.zone, self.zone_paragraphs = zone, 0
        if zone != "section":
            self.current = None

    def zone_place(self, label: str) -> str:
        self.zone_paragraphs += 1
        return f"{label}第{self.zone_paragraphs}段"

    def cover_of(self, text: str) -> tuple[str, int, str] | None:
        flat = re.sub(r"\s+", "", text)
        if len(flat) > SECTION_TITLE_CHARS:
            return None
        match = COVER.match(flat)
        if not match:
            return None
        short = match.group(2).removesuffix("部门")
        return ("项目" if match.group(3) == "项目" else "整体"), int(match.group(1)), short

    def section_of(self, paragraph: Paragraph) -> tuple[str, Section] | None:
        """The official section this paragraph is the title of, if any: a later section of
        the current document, or the first sections of another document."""
        text = paragraph.text.strip()
        family, _ = typed_number(text)
        if (not text or len(collapse(text)) > SECTION_TITLE_CHARS or family in ("paren", "circled")
                or (paragraph.outline_level or 1) > 1):
            return None
        best: tuple[float, str, Section] | None = None
        for key, outline in self.outlines.items():
            done = {s.section.file for (k, _), s in self.sections.items() if k == key}
            for section in outline.sections:
                if section.file in done:
                    continue
                score = title_matches(text, section.title)
                if key != self.document and score < 1.0:
                    continue  # another document is entered by an exact title only
                if score and (best is None or score > best[0]):
                    best = (score, key, section)
        return (best[1], best[2]) if best else None

    # reading -------------------------------------------------------------------------

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        cover = self.cover_of(text)
        if cover and (self.zone != "section" or cover[0] != self.document):
            key, year, short = cover
            self.document = key
            self.enter("cover")
            place = self.zone_place(f"{key}报告封面")
            self.covers.setdefault(key, Cover(key, year, short, place))
            return
        if cover and self.zone == "cover":
            self.zone_place(f"{self.document}报告封面")  # the title's second line
            return
        if ATTACHMENT_LABEL.match(re.sub(r"\s+", "", text)):
            self.enter("forms")
            return
        if ATTACHMENT_LIST.match(text) and self.zone == "section":
            self.enter("attachments")
            self.attachment_item(text)
            return
        if self.zone == "attachments" and self.is_attachment(text):
            self.attachment_item(text)
            return
        found = self.section_of(paragraph)
        if found:
            key, section = found
            self.document = key
            self.enter("section")
            typed = collapse(text)
            self.current = SectionText(key, section, typed, f"「{typed}」")
            self.sections[(key, section.file)] = self.current
            return
        if self.zone == "section":
            self.section_paragraph(paragraph)
        elif self.zone == "cover":
            self.cover_paragraph(text)
        elif self.zone == "attachments":
            self.attachment_item(text)
        elif not (self.zone == "forms" and self.form_paragraph
                  and self.form_paragraph(paragraph)):
            self.unplaced.append(Unplaced(self.zone_place("正文前" if self.zone == "front"
                                                          else "附件"), text))

    def cover_paragraph(self, text: str) -> None:
        place = self.zone_place(f"{self.document}报告封面")
        date = DATE.search(text)
        cover = self.covers[self.document]
        flat = re.sub(r"\s+", "", text)
        if date and cover.date is None:
            cover.date = tuple(int(g) for g in date.groups())
            cover.date_place = place
        elif not (len(flat) < SECTION_TITLE_CHARS
                  and ("盖章" in flat or flat.endswith("自评报告"))):  # printed again by the build
            self.unplaced.append(Unplaced(place, text))

    def is_attachment(self, text: str) -> bool:
        """Whether ``text`` names one of the attachments (an item of the attachment list)."""
        titles = [a.title for o in self.outlines.values()
                  for a in (*o.attachments, *o.alone_attachments)]
        flat = normal(re.sub(r"^附件[:：]", "", text))
        return bool(flat) and any(normal(t) in flat for t in titles)

    def attachment_item(self, text: str) -> None:
        place = self.zone_place("附件列表")
        if not self.is_attachment(text):  # the build prints the attachment list again
            self.unplaced.append(Unplaced(place, text))

    def section_paragraph(self, paragraph: Paragraph) -> None:
        section = self.current
        place = section.place_of_next()
        text = paragraph.text.strip()
        family, rest = typed_number(text)
        words = None
        if paragraph.outline_level is not None:
            words = rest.rstrip("。") if family else text
        elif paragraph.numbered is None:
            words = subheading(text)
        if words:
            level = section.heading_level(family, paragraph.outline_level)
            section.add_block([(f"{'#' * level} {escape_markdown(words)}", place)])
            return
        markdown = paragraph.markdown.strip()
        if paragraph.numbered:
            section.add_block([(f"{paragraph.numbered} {markdown}", place)], list_item=True)
            return
        lines = [line.strip() for line in markdown.split("\n") if line.strip()]
        lines = [("\\" + line if LINE_START.match(line) else line) for line in lines]
        section.add_block([(line + ("\\" if i < len(lines) - 1 else ""), place)
                           for i, line in enumerate(lines)])

    def table(self, table: Table) -> bool:
        """A table that is no form: a Markdown table in the current section (True), or
        False when it falls outside any section."""
        if self.zone != "section" or not table.rows:
            return False
        self.tables += 1
        section = self.current
        label = f"「{section.typed_title}」表{self.tables}"
        width = max(cell.col + cell.span for row in table.rows for cell in row)
        lines = []
        for number, row in enumerate(table.rows, 1):
            cells = [""] * width
            for cell in row:
                cells[cell.col] = "" if cell.continued else escape_markdown(
                    cell.text.replace("\n", " "))
            lines.append(("| " + " | ".join(cells) + " |", f"{label} 第{number}行"))
            if number == 1:
                lines.append(("|" + "---|" * width, None))
        section.add_block(lines)
        return True
