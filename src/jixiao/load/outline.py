"""The official outline of each document, read from a template's outline.yaml.

Section and attachment titles are written once there; skeletons, the attachment list and the
checks all take them from here, so a writer cannot misspell one. Each template has its own
(load.template); a malformed one is one line naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.errors import Location, UserError
from jixiao.load.yaml_file import TEMPLATE_DEPTH, read_yaml
from jixiao.messages import _

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
    form: str = ""  # the template's form file (forms/<form>.yaml) when not named as ``key``
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


DOCUMENT_KEYS = {"title": True, "cover_title": True, "output": True, "skeleton": True,
                 "folder": True, "sections": True, "attachments": False,
                 "alone_attachments": False}  # each key, and whether it must be given
ATTACHMENT_KEYS = ("key", "title", "note", "form")


def read_outline(path: Path) -> dict[str, DocumentOutline]:
    """The documents of the outline file ``path``; one line at the first malformed entry."""
    if not path.is_file():
        raise UserError(path, _("no {file} in template {template}").format(
                            file=path.name, template=path.parent.name),
                        _("the template's outline: documents, sections, attachments"))
    raw, lines = read_yaml(path, TEMPLATE_DEPTH)

    def fail(at: tuple, found: str, expected: str) -> UserError:
        for end in range(len(at), 0, -1):
            if at[:end] in lines:
                return UserError(Location(path, lines[at[:end]]), found, expected)
        return UserError(Location(path, 1), found, expected)

    if not isinstance(raw, dict) or not isinstance(raw.get("documents"), dict):
        raise fail(("documents",), _("no documents: mapping"),
                   _("documents: 整体:, 项目: …"))
    outlines = {}
    for key, doc in raw["documents"].items():
        at = ("documents", key)
        if not isinstance(doc, dict):
            raise fail(at, _("document {key} that is not a mapping").format(key=key),
                       ", ".join(f"{k}:" for k in DOCUMENT_KEYS))
        for name, required in DOCUMENT_KEYS.items():
            if required and name not in doc:
                raise fail(at, _("document {key} without {name}:").format(key=key, name=name),
                           _("{name}: in every document").format(name=name))
        for name in doc:
            if name not in DOCUMENT_KEYS:
                raise fail((*at, name), _("{name}: an unknown key").format(name=name),
                           _("one of {keys}").format(
                               keys=", ".join(f"{k}:" for k in DOCUMENT_KEYS)))

        def entries(name: str, keys: tuple[str, ...], required: tuple[str, ...],
                    doc=doc, at=at) -> list[dict]:
            items = doc.get(name) or []
            if not isinstance(items, list):
                raise fail((*at, name), _("{name}: that is not a list").format(name=name),
                           _("{name}: a list").format(name=name))
            for n, item in enumerate(items):
                if not isinstance(item, dict) or any(k not in keys for k in item) \
                        or any(k not in item for k in required) \
                        or not all(isinstance(v, str) for v in item.values()):
                    fields = "{" + ", ".join(_("{key}: text").format(key=k) for k in keys) + "}"
                    raise fail((*at, name, n), _("{name} entry {item}").format(
                                   name=name, item=repr(item)),
                               _("{fields} with {required}").format(
                                   fields=fields, required=_(" and ").join(required)))
            return items

        outlines[key] = DocumentOutline(
            key=key,
            title=doc["title"],
            cover_title=doc["cover_title"],
            output=doc["output"],
            skeleton=doc["skeleton"],
            folder=doc["folder"],
            sections=tuple(Section(**s) for s in entries("sections", ("file", "title"),
                                                          ("file", "title"))),
            attachments=tuple(Attachment(**a) for a in entries(
                "attachments", ATTACHMENT_KEYS, ("key", "title"))),
            alone_attachments=tuple(Attachment(**a) for a in entries(
                "alone_attachments", ATTACHMENT_KEYS, ("key", "title"))),
        )
    return outlines


def load_outline() -> dict[str, DocumentOutline]:
    """The outline of the default template (the seed's), for code that has no report."""
    from jixiao.load.template import shipped_template  # the template reads its outline here

    return shipped_template().outline
