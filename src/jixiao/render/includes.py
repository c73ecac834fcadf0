"""Which blocks a report includes, read from its templates with Jinja's own parser.

Each report finds a block on its own search path (``load.search_path``), the resolver rendering
uses, so a listing, a stamp and a build agree on which file a name stands for and on which are
refused. Uses are found by parsing, not rendering: they need no data and work while a report's
figures are still blank. Rendering refuses a template name computed from a variable, so every
block a report can read is named here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from jixiao.errors import Location, UserError
from jixiao.load.search_path import Refused, search_path
from jixiao.load.settings import load_report
from jixiao.messages import _
from jixiao.render.prose import TEMPLATE_TAGS, environment, syntax_failure


@dataclass(frozen=True)
class Use:
    """One include: the report, the including file and line, and the file it resolved to."""

    report: Path
    where: Location
    name: str
    block: Path | None  # None when no folder on the search path holds it, or it is refused
    refusal: str = ""  # why the search path refuses the file, when it does


def section_files(folder: Path) -> list[str]:
    """The report's section files as template names (整体/01-部门基本情况.md, …)."""
    report = load_report(folder)
    documents, outlines = report.documents, report.outline
    return [f"{outlines[key].folder}/{section.file}" for key in documents if key in outlines
            for section in outlines[key].sections
            if (folder / outlines[key].folder / section.file).is_file()]


def _names(node: nodes.Node) -> list[str]:
    """The template names an include, import or extends tag gives (a list: the first found)."""
    value = node.template.as_const()
    return [value] if isinstance(value, str) else [str(name) for name in value]


def report_uses(folder: Path, content: Path) -> list[Use]:
    """Every include reached from ``folder``'s sections, blocks within blocks included."""
    search = search_path(folder, content)
    env = environment(search)
    uses: list[Use] = []
    pending = section_files(folder)
    seen: set[str] = set()
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            path = search.find(name)  # a section file (a block is found where it is used)
        except Refused as exc:
            raise UserError(folder / name, _("section refused: {reason}").format(reason=exc),
                            _("the section's text in the report folder")) from None
        try:
            tree = env.parse(search.read(path), name, str(path))
        except TemplateSyntaxError as exc:
            raise syntax_failure(exc, Location(path, exc.lineno)) from None
        for node in tree.find_all(TEMPLATE_TAGS):
            for included in _names(node):
                try:
                    block, refusal = search.find(included), ""
                except Refused as exc:
                    block, refusal = None, str(exc)
                uses.append(Use(folder, Location(path, node.lineno), included, block, refusal))
                if block:
                    pending.append(included)
    return uses
