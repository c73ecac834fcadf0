"""Every DOCX we build is one Word opens without a repair, and other DOCX readers can read.

The example, every fixture report that builds, and a --draft build: each is validated against
the Open XML schemas and Word's semantic rules (openxml-audit, which ships the schemas of the
Open XML SDK) with no error allowed, and read by two independent DOCX readers, docx2python
and mammoth, which must find the report's title in it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import mammoth
import pytest
from docx2python import docx2python
from openxml_audit import OpenXmlValidator

from conftest import EXAMPLE, FIXTURES
from jixiao.build.report import ChecksFailed, build_report
from jixiao.errors import UserError
from jixiao.load.settings import find_reports


@pytest.fixture(scope="module")
def built_docx(example_build, tmp_path_factory) -> list[Path]:
    """The example's DOCX, every fixture's (a draft when its checks fail, as a report as filed
    may), and the example's built as a draft."""
    documents = [example_build["整体.docx"], example_build["项目.docx"]]
    for folder in find_reports(FIXTURES):
        out = tmp_path_factory.mktemp("fixture") / folder.name
        try:
            try:
                built = build_report(folder, out, progress=lambda _line: None)
            except ChecksFailed:
                built = build_report(folder, out, draft=True, progress=lambda _line: None)
        except UserError:
            continue  # a fixture of bad input: its own tests cover it
        documents += [p for p in built.outputs if p.suffix == ".docx"]
    draft = build_report(EXAMPLE, tmp_path_factory.mktemp("draft") / "2024", draft=True,
                         progress=lambda _line: None)
    documents += [p for p in draft.outputs if p.suffix == ".docx"]
    assert len(documents) >= 6
    return documents


def test_every_docx_passes_the_schemas(built_docx):
    validator = OpenXmlValidator(max_errors=0)
    errors = {path.name: [str(e) for e in validator.validate(str(path)).errors]
              for path in built_docx}
    assert {name: found for name, found in errors.items() if found} == {}


def test_the_validator_finds_what_it_is_for(tmp_path, example_build):
    """A property out of schema order (w:jc before w:spacing) is an error."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(example_build["项目.docx"]) as source, \
            zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b'<w:body><w:p><w:pPr><w:jc w:val="left"/>'
                                          b'<w:spacing w:before="0"/></w:pPr></w:p>', 1)
            target.writestr(entry, content)
    assert not OpenXmlValidator(max_errors=0).validate(str(broken)).is_valid


def test_docx_readers_read_every_docx(built_docx):
    for path in built_docx:
        text = docx2python(str(path)).text
        with path.open("rb") as stream:
            html = mammoth.convert_to_html(stream).value
        assert "绩效自评报告" in text and "绩效自评报告" in html, path.name


def test_drafts_carry_the_mark_for_readers(built_docx):
    drafts = [path for path in built_docx if "draft" in path.parent.parent.name]
    assert drafts
    for path in drafts:
        with docx2python(str(path)) as read:
            assert "草稿" in "".join(str(part) for part in read.header)


def test_one_unzip_and_one_zip_per_docx(report_copy, tmp_path, monkeypatch):
    """Post-processing reads each DOCX pandoc wrote once and writes it once."""
    out = tmp_path / "build" / "2024"
    build_report(report_copy, out, progress=lambda _line: None)  # the reference.docx, cached
    opened: list[str] = []
    original = zipfile.ZipFile.__init__

    def counting(self, file, mode="r", *args, **kwargs):
        opened.append(mode)
        original(self, file, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    built = build_report(report_copy, out, draft=True, progress=lambda _line: None)
    documents = sum(1 for path in built.outputs if path.suffix == ".docx")
    assert sorted(opened) == ["r"] * documents + ["w"] * documents
