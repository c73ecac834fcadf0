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
from jixiao.messages import _, ngettext
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
        if folder.parent == own:
            whose = _("{name}: {title} (jixiao's own)")
        elif (own / template.name).is_dir():
            whose = _("{name}: {title} ({folder}, in place of jixiao's {name})")
        else:
            whose = _("{name}: {title} ({folder})")
        lines.append(whose.format(name=template.name, title=template.title,
                                  folder=display_path(folder)))
        for key, outline in template.outline.items():
            attached = outline.attachments or outline.alone_attachments
            sections = len(outline.sections)
            lines.append("  " + ngettext("document {key}: {sections} section, attachments "
                                         "{attachments}",
                                         "document {key}: {sections} sections, attachments "
                                         "{attachments}", sections).format(
                key=key, sections=sections,
                attachments="、".join(a.title for a in attached) or _("none")))
        lines.append("  " + _("forms: {forms}").format(forms="、".join(template.forms)))
        reports = users.get(folder, [])
        lines.append("  " + (_("used by {reports}").format(
            reports=", ".join(display_path(r) for r in reports)) if reports
            else _("used by no report")))
    return lines
