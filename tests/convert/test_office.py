"""Every DOCX we build, opened in office software: LibreOffice converts it to PDF headless.

For the example and every report under tests/fixtures/ that builds: the conversion succeeds;
LibreOffice's page count is within one of our own PDF's; every heading and every non-empty
table cell of the DOCX is in LibreOffice's text; no table cell is drawn one character a
line (the narrow-column failure of a table whose widths Word software has to guess), and no
figure is broken over two lines. LibreOffice draws the DOCX font names in the PDF's fonts, as
the preview does (see jixiao.convert.libreoffice): what is tested is what the writer sees.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from conftest import EXAMPLE, FIXTURES
from jixiao.build.report import ChecksFailed, build_report
from jixiao.commands.preview import docx_font_aliases
from jixiao.convert.docx.order import misordered
from jixiao.convert.libreoffice import libreoffice_pdfs
from jixiao.convert.styles import load_styles
from jixiao.errors import UserError
from jixiao.load.settings import find_reports
from jixiao.markdown import pandoc_path
from text_columns import Chain, chains, compact, single_character_runs, words

HEADING_STYLES = ("Title", "Cover Title", "Form Title")
FIGURE = re.compile(r"[-+]?\d[\d,.]*%?")


@dataclass(frozen=True)
class Rendered:
    """One DOCX, our PDF of the same document, and LibreOffice's PDF of the DOCX."""

    docx: Path
    ours: Path
    office: Path

    def __str__(self) -> str:
        return self.docx.name


def _pairs(outputs) -> list[tuple[Path, Path]]:
    docx = sorted(p for p in outputs if p.suffix == ".docx")
    return [(path, path.with_suffix(".pdf")) for path in docx]


@pytest.fixture(scope="session")
def profile(tmp_path_factory) -> Path:
    """This session's own LibreOffice profile, so parallel test runs do not clash."""
    return tmp_path_factory.mktemp("soffice-profile")


@pytest.fixture(scope="session")
def rendered(example_build, tmp_path_factory, profile) -> list[Rendered]:
    """The example's documents and those of every fixture report, each rendered both ways."""
    groups = {EXAMPLE.name: _pairs(example_build.values())}
    for folder in find_reports(FIXTURES) if FIXTURES.is_dir() else []:
        out = tmp_path_factory.mktemp("fixture-build") / folder.name
        try:
            try:
                built = build_report(folder, out, progress=lambda _line: None)
            except ChecksFailed:  # a report as filed: its draft shows the same layout
                built = build_report(folder, out, draft=True, progress=lambda _line: None)
        except UserError:
            continue  # a fixture of bad input: its own tests cover it
        groups[f"fixture-{folder.name}"] = _pairs(built.outputs)
    documents = []
    for name, pairs in groups.items():
        office = libreoffice_pdfs([docx for docx, _ in pairs],
                                  tmp_path_factory.mktemp(f"office-{name}"), profile,
                                  docx_font_aliases(load_styles()))
        documents += [Rendered(docx, ours, pdf)
                      for (docx, ours), pdf in zip(pairs, office, strict=True)]
    return documents


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs
            if p.text.strip() and (p.style.name.startswith("Heading")
                                   or p.style.name in HEADING_STYLES)]


def cell_texts(document) -> list[str]:
    """The text of every non-empty table cell, merged cells once, nested tables included."""
    texts, seen = [], set()
    tables = list(document.tables)
    while tables:
        table = tables.pop(0)
        for row in table.rows:
            for cell in row.cells:
                if cell._tc in seen:  # the element itself: ids of freed proxies recur
                    continue
                seen.add(cell._tc)
                tables += cell.tables
                if cell.text.strip():
                    texts.append(cell.text)
    return texts


def office_text(pdf: Path) -> tuple[str, list[Chain]]:
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    return compact(plain), chains(pdf)


def test_example_and_fixtures_all_converted(rendered, example_build):
    assert {r.docx for r in rendered} >= {example_build["整体.docx"], example_build["项目.docx"]}
    for document in rendered:
        assert document.office.read_bytes().startswith(b"%PDF"), document


def test_page_count_within_one_of_ours(rendered):
    counts = {str(r): (page_count(r.ours), page_count(r.office)) for r in rendered}
    assert all(ours > 1 for ours, _ in counts.values()), counts
    assert {name: c for name, c in counts.items() if abs(c[0] - c[1]) > 1} == {}


def test_headings_and_cells_in_office_text(rendered):
    missing = {}
    for document in rendered:
        docx = Document(str(document.docx))
        plain, blocks = office_text(document.office)
        wanted = headings(docx) + cell_texts(docx)
        assert wanted, document
        lost = [text for text in wanted
                if compact(text) not in plain
                and not any(compact(text) in compact(b.text) for b in blocks)]
        if lost:
            missing[str(document)] = lost
    assert missing == {}


def test_no_cell_broken_one_character_a_line(rendered):
    broken = {}
    for document in rendered:
        cells = [compact(text) for text in cell_texts(Document(str(document.docx)))]
        runs = [run for block in chains(document.office) for run in single_character_runs(block)
                if any(run in cell for cell in cells)]
        if runs:
            broken[str(document)] = runs
    assert broken == {}


def test_no_figure_broken_over_two_lines(rendered):
    broken = {}
    for document in rendered:
        figures = {compact(text) for text in cell_texts(Document(str(document.docx)))
                   if FIGURE.fullmatch(compact(text))}
        drawn = [compact(word.text) for word in words(document.office)]
        split = sorted(f for f in figures if not any(f in word for word in drawn))
        if split:
            broken[str(document)] = split
    assert broken == {}


def test_broken_cells_are_caught(tmp_path, profile):
    """The measure finds what it is for: a table with a column too narrow for its text."""
    source = tmp_path / "narrow.html"
    source.write_text('<table><colgroup><col style="width:4%"><col style="width:96%">'
                      "</colgroup><tr><td>预算执行情况</td><td>高新区基础设施建设资金项目</td>"
                      "</tr></table>", encoding="utf-8")
    docx = tmp_path / "narrow.docx"
    subprocess.run([pandoc_path(), "-f", "html", "-o", str(docx), str(source)], check=True)
    (pdf,) = libreoffice_pdfs([docx], tmp_path / "office", profile)
    runs = [run for block in chains(pdf) for run in single_character_runs(block)]
    assert any(run.endswith("执行情况") for run in runs), runs


def test_word_properties_in_schema_order(rendered):
    """Word opens a part whose property children are out of order only after a repair."""
    wrong = {}
    for document in rendered:
        with zipfile.ZipFile(document.docx) as archive:
            for name in archive.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    found = misordered(etree.fromstring(archive.read(name)))
                    if found:
                        wrong[f"{document}:{name}"] = sorted(set(found))
    assert wrong == {}
