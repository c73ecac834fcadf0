"""The example's prose types no figure that its data holds: every one is a placeholder."""

from __future__ import annotations

import re

from jixiao.build.report import render_report
from jixiao.checks.runner import check_report
from jixiao.load.settings import find_reports
from jixiao.numbers import format_percent
from jixiao.paths import CONTENT

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
QUOTED = re.compile(r"“[^”]*”")  # slogans and names such as 扬尘治理“6个100%”


def literal_prose() -> dict[str, str]:
    """Every Markdown file under content/, placeholders and quoted names removed."""
    return {str(path.relative_to(CONTENT)): QUOTED.sub("", PLACEHOLDER.sub("", path.read_text(
        encoding="utf-8"))) for path in sorted(CONTENT.rglob("*.md"))}


def test_no_figure_typed_in_prose_of_any_report():
    """The LITERAL rule finds a figure typed where the data holds it; no example report has one."""
    typed = {str(folder): [str(f) for f in check_report(folder) if f.code == "LITERAL"]
             for folder in find_reports(CONTENT)}
    assert len(typed) >= 3
    assert all(found == [] for found in typed.values()), typed


def test_derived_rates_not_typed():
    _, documents = render_report(CONTENT / "2024")
    rendered = "".join(d.markdown for d in documents)
    literal = "".join(literal_prose().values())
    for rate in ("98.84%", "下降57.00%"):
        assert rate in rendered
        assert rate not in literal
    assert format_percent(85 / 86) == "98.84%"
