"""The typst preamble of a PDF: templates/page.typ.j2 filled from the style spec and fonts."""

from __future__ import annotations

import datetime as dt
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from jixiao.convert.fonts import Choice
from jixiao.convert.styles import StyleSpec
from jixiao.paths import TEMPLATES


def typst_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@cache
def _templates() -> Environment:
    """One environment per process, so the page template is compiled once, not per document."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       keep_trailing_newline=True)


def typst_preamble(spec: StyleSpec, fonts: dict[str, Choice], title: str, author: str,
                   date: dt.date, draft: bool = False) -> str:
    roles = spec.roles
    return _templates().get_template("page.typ.j2").render(
        fonts={name: [typst_string(choice.family)] for name, choice in fonts.items()},
        page=spec.page,
        pitch=round(spec.page.line_pitch_pt, 4),
        tracking=spec.tracking_pt(roles["body"].size),
        headings=[roles[f"heading{n}"] for n in range(1, 5)],
        document_title=typst_string(title),
        author=typst_string(author),
        output=spec.output,
        date=date,
        draft=draft,
        tables=spec.tables,
        draft_mark=spec.draft,
        list_number_chars=spec.list_number_chars,
        **{name: role for name, role in roles.items()},
    )
