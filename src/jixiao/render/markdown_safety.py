"""What rendered prose may not hold: images and raw output blocks.

A Markdown image makes pandoc read a file into the DOCX (``![x](/etc/passwd)`` would embed it)
and typst read it into the PDF; a raw block (```` ```{=typst} ````, `` `…`{=openxml} ``) passes
code straight to a writer. Reports hold text and tables only, so prose with either is refused
with its file and line, after placeholders are filled (a figure's text could carry them too).
pandoc's sandbox and typst's project root are the second line behind this one.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from jixiao.errors import Location, UserError

RAW_INLINE = re.compile(r"`\{=[^}]*\}")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
EXPECTED = "text and tables only (images and raw output blocks are not part of a report)"


def _offences(markdown: str):
    """(text to look for in the source, what was found) for each image or raw block."""
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "fence" and token.info.strip().startswith("{="):
            yield token.info.strip(), f"raw block ```{token.info.strip()}"
        elif token.type in ("html_block", "inline") and HTML_IMAGE.search(token.content):
            tag = HTML_IMAGE.search(token.content).group(0)
            yield tag, f"HTML image {tag}"
        elif token.type == "inline":
            for child in token.children or ():
                if child.type == "image":
                    src = child.attrs.get("src", "")
                    yield src, f"image ![{child.content}]({src})"
            raw = RAW_INLINE.search(token.content)
            if raw:
                yield raw.group(0), f"raw inline {raw.group(0)}"


def _source_line(source: Path, needle: str) -> int | None:
    """The first line of ``source`` holding ``needle``; None when a placeholder made it."""
    lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
    for number, text in enumerate(lines, start=1):
        if needle and needle in text:
            return number
    return None


def refuse_unsafe_markdown(markdown: str, source: Path) -> None:
    """Raise UserError at the first image or raw block of ``markdown`` rendered from ``source``."""
    for needle, found in _offences(markdown):
        raise UserError(Location(source, _source_line(source, needle)), found, EXPECTED)
