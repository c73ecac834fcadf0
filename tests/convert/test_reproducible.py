"""Reproducible builds: the same inputs, built in two folders, give the same bytes.

No build depends on the clock: every zip entry and document date takes the report date (or
SOURCE_DATE_EPOCH), which test_normalise_zip_keeps_order_and_contents_with_one_stamp shows for
entries written at any time, so no test waits for the clock to move.
"""

from __future__ import annotations

import io
import zipfile

from jixiao.build.report import build_report
from jixiao.convert.docx.package import Package
from jixiao.paths import CONTENT
from report_edits import copy_report


def _build_copy(root):
    """The example copied under ``root`` and built there: {file name: bytes}."""
    report = copy_report(CONTENT / "2024", root / "content")
    built = build_report(report, root / "build" / "2024",
                         progress=lambda _line: None)
    files = {path.name: path.read_bytes() for path in built.outputs}
    for reference in (root / "build" / ".cache").glob("reference-*.docx"):
        files["reference.docx"] = reference.read_bytes()
    return files


def test_two_builds_in_two_folders_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _build_copy(tmp_path / "one")
    second = _build_copy(tmp_path / "elsewhere" / "two")
    assert len(first) == 5 and "reference.docx" in first
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_docx_entries_carry_the_report_date(example_build):
    with zipfile.ZipFile(example_build["整体.docx"]) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml")
    assert stamps == {(2025, 9, 19, 0, 0, 0)}
    assert core.count(b">2025-09-19T00:00:00Z</dcterms:") == 2  # created and modified


def test_package_keeps_order_and_contents_with_one_stamp():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("b.xml", "<b/>")
        writer.writestr("a.xml", "<a/>")
    normalised = Package(archive.getvalue()).to_bytes(1_700_000_000)
    with zipfile.ZipFile(io.BytesIO(normalised)) as reader:
        assert [i.filename for i in reader.infolist()] == ["b.xml", "a.xml"]
        assert {i.date_time for i in reader.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert reader.read("a.xml") == b"<a/>"
    assert Package(normalised).to_bytes(1_700_000_000) == normalised


def test_source_date_epoch_stamps_both_outputs(report_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    built = build_report(report_copy, tmp_path / "build", progress=lambda _line: None)
    for path in built.outputs:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
                assert b"2023-11-14T22:13:20Z" in archive.read("docProps/core.xml")
        else:
            assert b"/CreationDate(D:20231114" in path.read_bytes()
