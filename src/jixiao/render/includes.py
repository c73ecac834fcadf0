"""Which blocks a report includes, read from its templates with Jinja's own parser.

Each report finds a block on its own search path (``load.search_path``), through the same
sandboxed loader rendering uses, so a listing, a stamp and a build agree on which file a name
stands for. Uses are found by parsing, not rendering: they need no data and work while a
report's figures are still blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateNotFound, TemplateSyntaxError, nodes
from jinja2.sandbox import SecurityError

from jixiao.errors import Location, UserError
from jixiao.load.search_path import search_path
from jixiao.load.settings import load_report
from jixiao.render.prose import environment


@dataclass(frozen=True)
class Use:
    """One include: the report, the including file and line, and the file it resolved to."""

    report: Path
    where: Location
    name: str
    block: Path | None  # None when no folder on the search path holds it


def section_files(folder: Path) -> list[str]:
    """The report's section files as template names (整体/01-部门基本情况.md, …)."""
    report = load_report(folder)
    documents, outlines = report.documents, report.outline
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
