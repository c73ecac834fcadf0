"""``invoke blocks``: every prose block, the reports that use it, and where it is overridden.

A block is a Markdown file a section includes by name (``{% include "改进措施.md" %}``). Each
report finds it on its own search path (``load.search_path``): the report's folder, its unit's
folders above it, then content/blocks/ — the nearest file wins. So one name can stand for
several files, and this listing shows, for each name, which file each report gets (or why the
search path refuses it).

Uses are found by reading the templates (Jinja's parser), not by rendering them: the listing
needs no data and works while a report's figures are still blank.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from jixiao.errors import display_path
from jixiao.load.settings import find_reports
from jixiao.messages import _
from jixiao.render.includes import Use, report_uses


def shared_blocks(content: Path) -> list[Path]:
    return sorted((content / "blocks").rglob("*.md"))


def block_listing(content: Path) -> list[str]:
    """The lines ``invoke blocks`` prints: by block name, each file and who gets it."""
    uses = [use for folder in find_reports(content) for use in report_uses(folder, content)]
    # resolved, as the search path finds them: a relative --content names the same files
    shared = {str(p.relative_to(content / "blocks")): p.resolve() for p in shared_blocks(content)}
    by_name: dict[str, dict[Path | None, list[Use]]] = defaultdict(lambda: defaultdict(list))
    for use in uses:
        by_name[use.name][use.block].append(use)
    for name, path in shared.items():
        by_name[name].setdefault(path, [])
    lines = []
    for name in sorted(by_name):
        lines.append(name)
        files = by_name[name]
        for block in sorted(files, key=lambda b: (b is None, b != shared.get(name), str(b))):
            if block is None:
                lines += sorted({"  " + (_("refused: {reason}").format(reason=use.refusal)
                                         if use.refusal else
                                         _("missing: no folder on the search path holds it"))
                                 for use in files[block]})
            elif name in shared and block != shared[name]:
                lines.append("  " + _("{block} (overrides {shared})").format(
                    block=display_path(block), shared=display_path(shared[name])))
            else:
                lines.append(f"  {display_path(block)}")
            if not files[block]:
                lines.append("    " + _("used by no report"))
            for use in files[block]:
                lines.append("    " + _("used by {report} at {where}").format(
                    report=display_path(use.report), where=use.where))
    return lines
