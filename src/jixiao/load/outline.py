"""The official outline of each document, read from templates/outline.yaml.

Section and attachment titles are written once there; skeletons, the attachment list and the
checks all take them from here, so a writer cannot misspell one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jixiao.paths import TEMPLATES, resource

if TYPE_CHECKING:  # settings reads the document keys from here
    from jixiao.load.settings import Report

LINE_BREAK = "|"


@dataclass(frozen=True)
class Section:
    file: str
    title: str


@dataclass(frozen=True)
class Attachment:
    key: str
    title: str
    note: str = ""


@dataclass(frozen=True)
class DocumentOutline:
    """One document: its titles, where its sections live, its sections and attachments."""

    key: str
    title: str
    cover_title: str
    output: str
    skeleton: str
    folder: str
    sections: tuple[Section, ...]
    attachments: tuple[Attachment, ...]

    def titles_for(self, report: Report) -> dict[str, Any]:
        """The document's title, cover title and output file stem for ``report``.

        Each as plain text, and the two titles also as ``title_lines``/``cover_title_lines``:
        the lines they are printed on, split where the outline marks a break with "|".
        """
        fields = {"year": report.year, "short_name": report.short_name,
                  "unit_name": report.unit_name}
        titles: dict[str, str] = {}
        for name in ("title", "cover_title", "output"):
            text = getattr(self, name).format(**fields)
            titles[name] = text.replace(LINE_BREAK, "")
            titles[f"{name}_lines"] = text.split(LINE_BREAK)
        return titles


@cache
def load_outline(path: Path | None = None) -> dict[str, DocumentOutline]:
    path = path or resource(TEMPLATES, "outline.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["documents"]
    return {
        key: DocumentOutline(
            key=key,
            title=doc["title"],
            cover_title=doc["cover_title"],
            output=doc["output"],
            skeleton=doc["skeleton"],
            folder=doc["folder"],
            sections=tuple(Section(**s) for s in doc["sections"]),
            attachments=tuple(Attachment(**a) for a in doc.get("attachments", [])),
        )
        for key, doc in raw.items()
    }
