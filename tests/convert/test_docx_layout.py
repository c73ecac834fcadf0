"""The DOCX carries the GB/T 9704 page and type of the style spec, read back from the file."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document(example_build):
    return Document(str(example_build["整体.docx"]))


def east_asian_font(style) -> str | None:
    rfonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_page_size_and_margins(document):
    section = document.sections[-1]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    assert abs(section.right_margin - Mm(26)) < Mm(0.1)


@pytest.mark.parametrize("style, font, size, bold", [
    ("Body Text", "仿宋_GB2312", 16, False),
    ("First Paragraph", "仿宋_GB2312", 16, False),
    ("Title", "方正小标宋简体", 22, False),  # one weight: Word would fake a bold
    ("Cover Title", "方正小标宋简体", 22, False),
    ("Form Title", "方正小标宋简体", 22, False),
    ("Heading 1", "黑体", 16, False),
    ("Heading 2", "楷体_GB2312", 16, False),
    ("Heading 3", "仿宋_GB2312", 16, True),
    ("Heading 4", "仿宋_GB2312", 16, False),
    ("Footer", "宋体", 14, False),
])
def test_role_fonts_and_sizes(document, style, font, size, bold):
    found = document.styles[style]
    assert east_asian_font(found) == font
    assert found.font.size == Pt(size)
    assert bool(found.font.bold) is bold


def test_every_style_names_an_east_asian_font(document):
    missing = [s.name for s in document.styles
               if s.type in (1, 2) and east_asian_font(s) is None]
    assert missing == []


def test_body_indent_and_grid(document):
    body = document.styles["Body Text"].element.pPr
    assert body.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    spacing = body.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) * 22 <= 225 / 25.4 * 72 * 20
    assert int(spacing.get(qn("w:line"))) == 579


@pytest.mark.parametrize("style", ["Compact", "Table Text"])
def test_no_first_line_indent_in_cells_and_lists(document, style):
    ind = document.styles[style].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLine")) == "0"


def test_page_number_footers(example_build):
    with zipfile.ZipFile(example_build["整体.docx"]) as archive:
        names = archive.namelist()
        footers = [archive.read(n).decode() for n in names if n.startswith("word/footer")]
        settings = archive.read("word/settings.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert "evenAndOddHeaders" in settings
    numbered = [f for f in footers if "PAGE" in f]
    assert len(numbered) == 2
    alignments = sorted(f.split('w:jc w:val="')[1].split('"')[0] for f in numbered)
    assert alignments == ["left", "right"]
    assert all("— " in f and " —" in f for f in numbered)
    cover_section, body_section = body.split("<w:sectPr")[1:3]
    assert "footerReference" not in cover_section
    assert "footerReference" in body_section and 'w:pgNumType w:start="1"' in body_section


def test_font_table_names_stand_ins_for_word(example_build):
    with zipfile.ZipFile(example_build["整体.docx"]) as archive:
        table = archive.read("word/fontTable.xml").decode()
    entry = table.split('w:name="仿宋_GB2312"')[1].split("</w:font>")[0]
    assert '<w:altName w:val="仿宋"/>' in entry and '<w:charset w:val="86"/>' in entry
    assert 'w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in table


def test_file_properties_name_the_report(document):
    assert document.core_properties.title == "2024年度高新区管委会部门整体支出绩效自评报告"
    assert document.core_properties.author == "湖南汨罗高新技术产业开发区管理委员会"


def _part(path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode()


def test_word_opens_it_in_its_own_mode_with_mirrored_margins(example_build):
    settings = _part(example_build["整体.docx"], "word/settings.xml")
    assert ('w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"') in settings
    assert "<w:mirrorMargins" in settings


def test_every_section_with_the_line_pitch(example_build):
    body = _part(example_build["整体.docx"], "word/document.xml")
    sections = body.split("<w:sectPr")[1:]
    assert len(sections) == 2  # the cover's and the body's
    for section in sections:
        assert 'w:linePitch="579"' in section and "<w:docGrid w:type" not in section
        assert 'w:header="850"' in section  # 15 mm


def test_list_numbers_on_the_body_indent(example_build):
    numbering = _part(example_build["整体.docx"], "word/numbering.xml")
    first_levels = numbering.split('<w:lvl w:ilvl="0"')[1:]
    assert first_levels
    for level in first_levels:
        ind = level.split("<w:ind ")[1].split("/>")[0]
        left = int(ind.split('w:left="')[1].split('"')[0])
        hanging = int(ind.split('w:hanging="')[1].split('"')[0])
        assert left - hanging == 630  # the number where a body line starts: two characters


def test_no_style_based_on_a_missing_one(document):
    ids = {s.style_id for s in document.styles}
    based = {s.style_id: s.base_style for s in document.styles}
    assert document.styles["Table"].base_style is None
    assert all(base is None or base.style_id in ids for base in based.values())


def test_properties_only_true(example_build):
    app = _part(example_build["整体.docx"], "docProps/app.xml")
    assert "<Application>jixiao " in app
    assert not any(claim in app for claim in ("Microsoft", "<Words>", "<Pages>", "<Lines>"))
    assert "sectPr" not in _part(example_build["整体.docx"], "docProps/custom.xml")
