"""The PDF holds the seed's sections and computed figures, on the GB/T 9704 grid, fonts embedded."""

from __future__ import annotations

import re
import subprocess

import pymupdf
import pytest

from pdf_reading import fonts, lines_per_page, page_texts
from text_columns import words


@pytest.fixture(scope="module")
def main_pages(example_build):
    return page_texts(example_build["整体.pdf"])


def flat(text: str) -> str:
    return "".join(text.split())


def test_cover_has_no_page_number_and_body_starts_at_one(main_pages):
    assert "—" not in main_pages[0]
    assert "整体支出绩效自评报告" in flat(main_pages[0])
    assert "部门（单位）名称：（盖章）" in flat(main_pages[0])
    assert "2025年9月19日" in flat(main_pages[0])
    assert "—1—" in flat(main_pages[1])
    assert "—2—" in flat(main_pages[2])


@pytest.mark.parametrize("heading", [
    "一、部门（单位）基本情况", "二、一般公共预算支出情况", "（一）基本支出情况",
    "（二）项目支出情况", "三、政府性基金预算支出情况", "六、部门整体支出绩效情况",
    "（八）深入推动党建聚力工程，发展合力更强", "七、存在的问题及原因分析", "八、下一步改进措施",
    "九、部门整体支出绩效自评结果拟应用和公开情况", "十、其他需要说明的情况",
])
def test_main_report_headings(main_pages, heading):
    assert heading in flat("".join(main_pages))


@pytest.mark.parametrize("figure", [
    "基本支出2617.69万元", "工资福利支出1128.45万元", "对个人和家庭的补助6.50万元",
    "年初预算数为3051.24万元", "人员经费1134.95万元", "公用经费1482.74万元",
    "在职人员控制率98.84%", "同比下降57.00%", "净入库税收7.78亿元", "签约投资额194.92亿元",
])
def test_main_report_figures(main_pages, figure):
    assert figure in flat("".join(main_pages))


def test_project_report_sections_and_figures(example_build):
    text = flat("".join(page_texts(example_build["项目.pdf"])))
    for expected in ("一、项目支出基本情况", "七、其他需要说明的问题", "技工贸收入193.37亿元",
                     "全年预计完成税收8.99亿元", "（一）强化预算绩效管理，建立健全绩效管理机制"):
        assert expected in text


def test_full_body_page_holds_22_lines(example_build, main_pages):
    forms = next(i for i, page in enumerate(main_pages) if flat(page).startswith("附件1"))
    counts = lines_per_page(example_build["整体.pdf"])[1:forms]  # the forms have table lines
    assert max(counts) == 22


def test_every_font_embedded(example_build):
    for pdf in (example_build["整体.pdf"], example_build["项目.pdf"]):
        found = fonts(pdf)
        assert found and all(font["emb"] == "yes" for font in found)


def test_attachment_list_blank_line_only_below_text(example_build):
    """One blank line parts the 附件 list from the text above it; at a page's top it has
    nothing to part from and starts on the first line, as Word drops space before there."""
    pitch = 225 / 22 * 72 / 25.4
    boxes = words(example_build["整体.pdf"])
    first_line = min(w.y1 for w in boxes if w.page == 3)
    (label,) = [w for w in boxes if w.text.startswith("附件：1.")]
    above = [w.y1 for w in boxes if w.page == label.page and w.y1 < label.y1 - 1]
    expected = max(above) + 2 * pitch if above else first_line
    assert abs(label.y1 - expected) < 0.5


def test_pdf_is_pdf_a_2b_with_title_and_author(example_build):
    """PDF/A-2b as the style spec asks: the XMP identifies it, an sRGB output intent is
    embedded, every font embedded (above); the report's title and the unit as author."""
    titles = {"整体.pdf": "部门整体支出绩效自评报告", "项目.pdf": "项目支出绩效自评报告"}
    for kind, title in titles.items():
        pdf = example_build[kind]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert f"Title:           2024年度高新区管委会{title}" in info
        assert "Author:          湖南汨罗高新技术产业开发区管理委员会" in info
        meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True,
                              text=True).stdout
        assert "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" in meta
        with pymupdf.open(pdf) as document:
            _, array = document.xref_get_key(document.pdf_catalog(), "OutputIntents")
            (intent,) = re.findall(r"(\d+) 0 R", document.xref_object(int(array.split()[0])))
            assert document.xref_get_key(int(intent), "S") == ("name", "/GTS_PDFA1")
            assert document.xref_get_key(int(intent), "DestOutputProfile")[0] == "xref"
