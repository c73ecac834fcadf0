"""End to end: the example builds to DOCX and PDF with the seed's text and computed figures."""

from __future__ import annotations

from docx import Document


def test_both_documents_in_both_formats(example_build):
    assert set(example_build) == {"整体.docx", "整体.pdf", "项目.docx", "项目.pdf"}
    assert example_build["整体.pdf"].name == "2024年度高新区管委会整体支出绩效自评报告.pdf"
    assert example_build["项目.docx"].name == "2024年度高新区管委会项目支出绩效自评报告.docx"


def test_docx_headings_numbered(example_build):
    document = Document(str(example_build["整体.docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "一、部门（单位）基本情况"
    assert "（一）基本支出情况" in headings
    assert "十、其他需要说明的情况" in headings


def test_outputs_have_ordinary_permissions(example_build):
    import os

    mask = os.umask(0)
    os.umask(mask)
    for path in example_build.values():
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask
