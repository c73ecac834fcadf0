"""The example's prose types no figure that its data holds: every one is a placeholder."""

from __future__ import annotations

import re

import pytest

from jixiao.build.report import render_report
from jixiao.load.data import load_data
from jixiao.load.settings import load_report
from jixiao.numbers import format_amount, format_percent
from jixiao.paths import CONTENT

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
QUOTED = re.compile(r"“[^”]*”")  # slogans and names such as 扬尘治理“6个100%”


def literal_prose() -> dict[str, str]:
    """Every Markdown file under content/, placeholders and quoted names removed."""
    return {str(path.relative_to(CONTENT)): QUOTED.sub("", PLACEHOLDER.sub("", path.read_text(
        encoding="utf-8"))) for path in sorted(CONTENT.rglob("*.md"))}


def data_figures() -> set[str]:
    """The example's figures as prose would print them: with their unit, or as amounts.

    Whole numbers below ten are left out: "4个" in prose is as likely another count
    (创新平台4个) as the figure of that value.
    """
    report = load_report(CONTENT / "2024")
    data = load_data(report.data_folder)
    figures = {f"{figure.text}{figure.unit}" for group in data.figures.values()
               for figure in group.values()
               if not (figure.value.is_integer() and figure.value < 10)}
    for records in data.records.values():
        for record in records:
            for value in record.values.values():
                if value.number:
                    figures |= {f"{value.text}万元", f"{format_amount(value.number)}万元"}
    return figures


@pytest.mark.parametrize("figure", sorted(data_figures()))
def test_no_figure_typed_in_prose(figure):
    typed = [name for name, text in literal_prose().items()
             if re.search(rf"(?<![\d.]){re.escape(figure)}", text)]
    assert typed == []


def test_derived_rates_not_typed():
    _, documents = render_report(CONTENT / "2024")
    rendered = "".join(d.markdown for d in documents)
    literal = "".join(literal_prose().values())
    for rate in ("98.84%", "下降57.00%"):
        assert rate in rendered
        assert rate not in literal
    assert format_percent(85 / 86) == "98.84%"
