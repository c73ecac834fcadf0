"""``invoke blocks``: every prose block, the reports that use it, and where it is overridden.

A block is a Markdown file a section includes by name (``{% include "改进措施.md" %}``). Each
report finds it on its own search path (``prose.search_path``): the report's folder, each folder
above it, then content/blocks/ — the nearest file wins. So one name can stand for several files,
and this listing shows, for each name, which file each report gets.

Uses are found by reading the templates (Jinja's parser), not by rendering them: the listing
needs no data and works while a report's figures are still blank.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateNotFound, TemplateSyntaxError, nodes
from jinja2.sandbox import SecurityError

from .errors import Location, UserError, display_path
from .outline import load_outline
from .project import find_reports, load_report
from .prose import environment, search_path


@dataclass(frozen=True)
class Use:
    """One include: the report, the including file and line, and the file it resolved to."""

    report: Path
    where: Location
    name: str
    block: Path | None  # None when no folder on the search path holds it


def section_files(folder: Path) -> list[str]:
    """The report's section files as template names (整体/01-部门基本情况.md, …)."""
    documents = load_report(folder).documents
    outlines = load_outline()
    return [f"{outlines[key].folder}/{section.file}" for key in documents if key in outlines
            for section in outlines[key].sections
            if (folder / outlines[key].folder / section.file).is_file()]


def report_uses(folder: Path, content: Path) -> list[Use]:
    """Every include reached from ``folder``'s sections, blocks within blocks included."""
    env = environment(search_path(folder, content))
    uses: list[Use] = []
    pending = section_files(folder)
    seen: set[str] = set()
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        source, filename, _ = env.loader.get_source(env, name)
        try:
            tree = env.parse(source, name, filename)
        except TemplateSyntaxError as exc:
            raise UserError(Location(Path(filename), exc.lineno), f"template syntax: "
                            f"{exc.message}", "{% include \"名称.md\" %} tags closed") from None
        for node in tree.find_all(nodes.Include):
            if not isinstance(node.template, nodes.Const):
                continue  # a computed name: only rendering can tell which block it is
            included = node.template.value
            try:
                _, block, _ = env.loader.get_source(env, included)
            except (TemplateNotFound, SecurityError):
                block = None  # the build says why, with the including line
            uses.append(Use(folder, Location(Path(filename), node.lineno), included,
                            Path(block) if block else None))
            if block:
                pending.append(included)
    return uses


def shared_blocks(content: Path) -> list[Path]:
    return sorted((content / "blocks").rglob("*.md"))


def block_listing(content: Path) -> list[str]:
    """The lines ``invoke blocks`` prints: by block name, each file and who gets it."""
    uses = [use for folder in find_reports(content) for use in report_uses(folder, content)]
    shared = {str(p.relative_to(content / "blocks")): p for p in shared_blocks(content)}
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
                lines.append("  missing: no folder on the search path holds it")
            elif name in shared and block != shared[name]:
                lines.append(f"  {display_path(block)} (overrides "
                             f"{display_path(shared[name])})")
            else:
                lines.append(f"  {display_path(block)}")
            if not files[block]:
                lines.append("    used by no report")
            for use in files[block]:
                lines.append(f"    used by {display_path(use.report)} at {use.where}")
    return lines
