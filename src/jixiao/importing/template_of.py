"""Which template a Word file was filed on, told by what the template itself declares.

Every template's forms name their labels and column heads (forms/*.yaml) and its outline
names its section titles; the template whose forms' labels and documents' titles the file
types most completely is the one it was filed on. Nothing here repeats a template's words:
they are read from the template, so a reports repository's own template is recognised too.
"""

from __future__ import annotations

from jixiao.importing.headings import title_matches
from jixiao.importing.word import Paragraph, Table, WordFile, flat
from jixiao.load.template import (
    DEFAULT_TEMPLATE,
    BlockSpec,
    FormSpec,
    Template,
    load_template,
    template_folders,
)


def form_labels(form: FormSpec, table: int | None = None) -> set[str]:
    """The fixed labels and heads of a form (of one of its tables): the cells whose text is
    no figure or name filled in."""
    labels: set[str] = set()

    def walk(rows) -> None:
        for row in rows:
            if isinstance(row, BlockSpec):
                cells = (row.side,) if row.side else ()
                walk(row.rows)
            else:
                cells = row.cells
            for cell in cells:
                text = flat(cell.text)
                if cell.kind != "figure" and text and "{" not in text:
                    labels.add(text)

    for n, spec in enumerate(form.tables):
        if table is None or n == table:
            walk(spec.rows)
    return labels


def project_form(template: Template) -> tuple[str, FormSpec] | None:
    """The template's form filed once per project (each: 项目)."""
    return next(((name, form) for name, form in template.forms.items() if form.each == "项目"),
                None)


def recognise(parsed: WordFile, report_folder=None) -> Template:
    """The template whose forms' labels and section titles the file types most completely;
    the default one when none is told apart."""
    cells = {flat(cell.text) for table in parsed.blocks if isinstance(table, Table)
             for row in table.rows for cell in row if not cell.continued}
    paragraphs = [block for block in parsed.blocks if isinstance(block, Paragraph)]
    best, best_score = None, 0.0
    for name, folder in template_folders(report_folder).items():
        template = load_template(folder)
        forms = [len(labels & cells) / len(labels) for form in template.forms.values()
                 if (labels := form_labels(form))]
        documents = []
        for outline in template.outline.values():
            titles = [section.title for section in outline.sections]
            found = sum(any(title_matches(p.text, title) >= 1.0 for p in paragraphs)
                        for title in titles)
            documents.append(found / len(titles) if titles else 0.0)
        score = max(forms, default=0.0) + max(documents, default=0.0)
        if score > best_score + 1e-9 or (abs(score - best_score) < 1e-9
                                          and name == DEFAULT_TEMPLATE):
            best, best_score = template, score
    return best or load_template(template_folders(report_folder)[DEFAULT_TEMPLATE])
