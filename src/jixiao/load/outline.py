"""The official outline of each document, read from templates/outline.yaml.

Section and attachment titles are written once there; skeletons, the attachment list and the
checks all take them from here, so a writer cannot misspell one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jixiao.paths import TEMPLATES, resource

if TYPE_CHECKING:  # settings reads the document keys from here
    from jixiao.load.settings import Report

LINE_BREAK = "|"
PROJECT_FORM = "项目自评表"


@dataclass(frozen=True)
class Section:
    file: str
    title: str


@dataclass(frozen=True)
class Attachment:
    key: str
    title: str
    note: str = ""
    project: str = ""  # the one project whose form this attachment is (a 项目 report alone)


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
    # attached when the document is the report's only one; a form per project (项目自评表)
    alone_attachments: tuple[Attachment, ...] = ()

    def for_report(self, report: Report, projects: list[str]) -> DocumentOutline:
        """The outline as ``report`` builds it: standing alone, the document attaches its own
        forms, one attachment per project of ``projects`` for the 项目支出绩效自评表."""
        if len(report.documents) != 1 or not self.alone_attachments:
            return self
        attachments: list[Attachment] = []
        for attachment in self.alone_attachments:
            if attachment.key == PROJECT_FORM and projects:
                attachments += [replace(attachment, note=f"（{name}）", project=name)
                                for name in projects]
            else:
                attachments.append(attachment)
        return replace(self, attachments=tuple(attachments))

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
            alone_attachments=tuple(Attachment(**a) for a in doc.get("alone_attachments", [])),
        )
        for key, doc in raw.items()
    }
