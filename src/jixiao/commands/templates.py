"""``invoke templates``: every template a report can name, its documents and forms, and which
reports use it.

A template is jixiao's own (templates/<name>/ of the package) or the reports repository's
(templates/<name>/ beside content/, or in a folder above a report); the repository's wins over
jixiao's of the same name, and the listing says so.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from jixiao.errors import display_path
from jixiao.load.settings import find_reports, load_report
from jixiao.load.template import Template, load_template, template_folders
from jixiao.paths import TEMPLATES


def _visible(content: Path) -> dict[Path, Template]:
    """Every template folder a report under ``content`` can reach, by folder."""
    folders = set(template_folders(content / "report").values())  # a report directly below
    for report in find_reports(content):
        folders.update(template_folders(report).values())
    folders.update(template_folders(None).values())  # jixiao's own, shadowed or not
    return {folder: load_template(folder) for folder in sorted(folders, key=str)}


def template_listing(content: Path) -> list[str]:
    """The lines ``invoke templates`` prints: each template, its documents and forms, its
    reports."""
    users: dict[Path, list[Path]] = defaultdict(list)
    for folder in find_reports(content):
        users[load_report(folder).template.folder].append(folder)
    lines = []
    own = TEMPLATES.resolve()
    for folder, template in _visible(content).items():
        whose = "jixiao's own" if folder.parent == own else display_path(folder)
        shadowed = folder.parent != own and (own / template.name).is_dir()
        lines.append(f"{template.name}: {template.title} ({whose}"
                     + (f", in place of jixiao's {template.name})" if shadowed else ")"))
        for key, outline in template.outline.items():
            attached = outline.attachments or outline.alone_attachments
            lines.append(f"  document {key}: {len(outline.sections)} sections, attachments "
                         + ("、".join(a.title for a in attached) or "none"))
        lines.append(f"  forms: {'、'.join(template.forms)}")
        reports = users.get(folder, [])
        lines.append("  used by " + (", ".join(display_path(r) for r in reports)
                                     if reports else "no report"))
    return lines
