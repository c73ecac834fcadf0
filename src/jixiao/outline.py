"""The official outline of each document, read from templates/outline.yaml.

Section and attachment titles are written once there; skeletons, the attachment list and the
checks all take them from here, so a writer cannot misspell one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .paths import TEMPLATES
from .project import Report


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

    def titles_for(self, report: Report) -> dict[str, str]:
        """The document's title, cover title and output file stem for ``report``."""
        fields = {"year": report.year, "short_name": report.short_name,
                  "unit_name": report.unit_name}
        return {name: getattr(self, name).format(**fields)
                for name in ("title", "cover_title", "output")}


@cache
def load_outline(path: Path = TEMPLATES / "outline.yaml") -> dict[str, DocumentOutline]:
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
