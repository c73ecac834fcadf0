"""The forms across pages, measured from the text of our PDF and of LibreOffice's PDF of the
DOCX, against each form's tables as the render stage builds them, whole: every row on one
page with the labels of the groups it belongs to and its table's header rows, no page whose
form part is the last row alone, and both renderings breaking at the same rows. They run on
the forms of every template (conftest.FORM_DOCUMENTS).

A row is found by its own cells' texts: on the first page of its form, from the page of the
row before it on, that holds all of them (a cell wrapped over lines reads as one, see
text_columns). A row with no text of its own (a kept blank row) is not looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jixiao.render.forms import Form
from jixiao.render.tables import Table
from text_columns import chains, compact

ATTACHMENT = re.compile(r"附件\d+")


@dataclass(frozen=True)
class Row:
    """One body row of a form's table: its own texts, and the labels covering it from above."""

    table: int
    index: int
    own: tuple[str, ...]
    labels: tuple[str, ...]
    groups: tuple[tuple[int, int], ...]  # each covering label with text: (its row, its index)


def rows_of(table: Table, number: int) -> list[Row]:
    grid = table.grid()
    rows = []
    for r in range(table.header_rows, len(table.rows)):
        own = tuple(compact(c.text) for c in table.rows[r] if compact(c.text))
        above = [slot for c, slot in enumerate(grid[r])
                 if slot[0] < r and (c == 0 or grid[r][c - 1] != slot)]
        labelled = [(top, i) for top, i in above if compact(table.rows[top][i].text)]
        labels = tuple(compact(table.rows[top][i].text) for top, i in labelled)
        rows.append(Row(number, r, own, labels, tuple(labelled)))
    return rows


def header_texts(table: Table) -> tuple[str, ...]:
    return tuple(compact(c.text) for row in table.rows[:table.header_rows] for c in row
                 if compact(c.text))


@cache
def page_texts(pdf: Path) -> dict[int, str]:
    """Page → its text, whitespace removed, each cell's lines in one piece."""
    found: dict[int, list[str]] = {}
    for chain in chains(pdf):
        found.setdefault(chain.words[0].page, []).append(compact(chain.text))
    return {page: "\n".join(blocks) for page, blocks in found.items()}


def form_starts(pdf: Path) -> list[int]:
    """The page each form starts on ("附件N" at its top), in order."""
    return [page for page, text in sorted(page_texts(pdf).items())
            if ATTACHMENT.fullmatch(text.split("\n")[0])]


@dataclass
class Placed:
    """A form's rows with the page each stands on (None: not found whole on one page)."""

    form: Form
    rows: list[tuple[Row, int | None]]
    pages: range


def place(pdf: Path, forms: tuple[Form, ...]) -> list[Placed]:
    texts = page_texts(pdf)
    starts = form_starts(pdf)
    assert len(starts) == len(forms), pdf.name
    placed = []
    for number, (form, start) in enumerate(zip(forms, starts, strict=True)):
        end = starts[number + 1] if number + 1 < len(starts) else max(texts) + 1
        at, found = start, []
        for t, table in enumerate(form.tables):
            for row in rows_of(table, t):
                if not row.own:
                    continue
                page = next((p for p in range(at, end)
                             if all(text in texts.get(p, "") for text in row.own)), None)
                found.append((row, page))
                at = page or at
        placed.append(Placed(form, found, range(start, end)))
    return placed


def both(document) -> list[tuple[Path, list[Placed]]]:
    return [(pdf, place(pdf, document.forms)) for pdf in (document.ours, document.office)]


def test_every_row_whole_on_one_page(form_document):
    for pdf, forms in both(form_document):
        split = [(form.form.number, row.own) for form in forms for row, page in form.rows
                 if page is None]
        assert split == [], pdf.name


def test_labels_of_a_row_on_its_page(form_document):
    """Each row's page shows the label of every merged group the row belongs to: on a page a
    group runs on to, the label is given again."""
    for pdf, forms in both(form_document):
        texts = page_texts(pdf)
        missing = [(page, row.own[0], label) for form in forms for row, page in form.rows
                   if page for label in row.labels if label not in texts[page]]
        assert missing == [], pdf.name


def test_header_rows_on_every_page_of_a_table(form_document):
    for pdf, forms in both(form_document):
        texts = page_texts(pdf)
        missing = []
        for form in forms:
            for t, table in enumerate(form.form.tables):
                pages = {page for row, page in form.rows if row.table == t and page}
                missing += [(page, head) for page in sorted(pages)
                            for head in header_texts(table) if head not in texts[page]]
        assert missing == [], pdf.name


def test_last_row_never_alone_on_a_page(form_document):
    """The page holding a form's last row (总分, in the indicator tables) holds another of its
    body rows."""
    for pdf, forms in both(form_document):
        for form in forms:
            if not form.rows:
                continue
            (last, page), others = form.rows[-1], form.rows[:-1]
            assert any(p == page for _, p in others), (pdf.name, form.form.number, last.own)


def test_libreoffice_breaks_at_the_same_rows(form_document):
    ours, office = (forms for _, forms in both(form_document))
    assert [[p for _, p in f.rows] for f in ours] == [[p for _, p in f.rows] for f in office]


def test_groups_run_on_over_pages_in_the_long_group_fixture(documents):
    """The long-group fixture does what it is for: a page starts inside a 一级 group and
    inside a 二级 group (both labels run on from the page before)."""
    (document,) = [d for d in documents if d.name == "groups/整体"]
    for pdf, forms in both(document):
        runs_on = [row.own[0] for form in forms
                   for (before, was), (row, page) in zip(form.rows, form.rows[1:], strict=False)
                   if page != was and row.table == before.table
                   and row.index == before.index + 1 and len(row.groups) >= 2]
        assert runs_on, pdf.name
