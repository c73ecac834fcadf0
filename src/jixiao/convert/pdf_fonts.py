"""Which characters each font role prints, and the font chosen for each role.

Headings, titles and page numbers are set in their own fonts; each font must cover only what
it prints, so a 楷体 lacking a rare character used only in body text is still fine for the
level-2 headings. Prose structure is read with markdown-it-py.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from markdown_it import MarkdownIt

from jixiao.convert.fonts import Choice, choose_font
from jixiao.convert.styles import StyleSpec
from jixiao.messages import _

HEADING_NUMBERS = "一二三四五六七八九十、（）.0123456789"
PAGE_NUMBER = "— 0123456789"
ATTACHMENT_LABEL = "附件0123456789"


def text_by_role(markdown: str, titles: list[str]) -> dict[str, str]:
    """Paragraph role → the characters it prints in this document."""
    texts: dict[str, list[str]] = defaultdict(list)
    tokens = MarkdownIt("commonmark").parse(markdown)
    level = 0
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1:])
        elif token.type == "heading_close":
            level = 0
        elif token.type == "inline" and level:
            texts[f"heading{min(level, 4)}"].append(token.content + HEADING_NUMBERS)
    texts["body"].append(markdown)
    texts["table"].append(markdown)
    texts["title"].extend(titles)
    texts["cover"].extend(titles)
    texts["page_number"].append(PAGE_NUMBER)
    texts["attachment_label"].append(ATTACHMENT_LABEL)
    return {role: "".join(parts) for role, parts in texts.items()}


def choose_fonts(spec: StyleSpec, markdown: str, titles: list[str],
                 fonts_folder: Path) -> dict[str, Choice]:
    """Font role → the font that prints it, checked against what each role prints."""
    needed: dict[str, set[str]] = defaultdict(set)
    for role_name, text in text_by_role(markdown, titles).items():
        if role_name in spec.roles:
            needed[spec.role(role_name).font.name].update(text)
    for role in spec.roles.values():
        needed.setdefault(role.font.name, set())
    return {name: choose_font(spec.fonts[name], "".join(sorted(chars)), fonts_folder)
            for name, chars in sorted(needed.items())}


def stand_in_notes(spec: StyleSpec, fonts_folder: Path) -> list[str]:
    """One line per font role the PDF prints in a stand-in, saying what to put in fonts/.

    The documents name 仿宋_GB2312, 黑体 …; a machine without them gets free fonts of the same
    kind, drawn to the body's ink height, and the writer should know the PDF is not in the
    fonts the DOCX names.
    """
    notes = []
    for role in spec.fonts.values():
        choice = choose_font(role, "", fonts_folder)
        if choice.stand_in:
            notes.append(_("{docx} → {family}: put {docx} in fonts/").format(
                docx=role.docx, family=choice.family))
    return notes
