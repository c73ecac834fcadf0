"""Each Lua filter against its sample: tests/filters/<filter>.md must give <filter>.typst.

For DOCX, where the output is a zip, the test reads the few elements the filter is for.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from jixiao.convert.engines import READER
from jixiao.markdown import pandoc_path
from jixiao.paths import FILTERS

SAMPLES = Path(__file__).parent  # each filter's sample .md and expected .typst


def run_filter(name: str, target: str, output: Path | None = None) -> str:
    command = [pandoc_path(), f"--from={READER}", f"--to={target}",
               f"--lua-filter={FILTERS / name}.lua", str(SAMPLES / f"{name}.md")]
    if output:
        command += ["--output", str(output)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", sorted(p.stem for p in SAMPLES.glob("*.typst")))
def test_typst_sample(name):
    assert run_filter(name, "typst") == (SAMPLES / f"{name}.typst").read_text(encoding="utf-8")


def document_xml(name: str, tmp_path: Path) -> str:
    target = tmp_path / f"{name}.docx"
    run_filter(name, "docx", target)
    with zipfile.ZipFile(target) as archive:
        return archive.read("word/document.xml").decode()


def test_heading_numbers_docx(tmp_path):
    xml = document_xml("heading-numbers", tmp_path)
    for text in ("一、基本情况", "（一）基本支出情况", "1.人员经费", "（2）对个人和家庭的补助",
                 "二、已有编号的标题"):
        assert text in xml.replace("</w:t></w:r><w:r><w:t xml:space=\"preserve\">", "")
    assert "二、二、" not in xml


def test_page_break_docx(tmp_path):
    assert '<w:br w:type="page" />' in document_xml("page-break", tmp_path).replace(
        '"/>', '" />')


def test_styled_blocks_docx(tmp_path):
    xml = document_xml("styled-blocks", tmp_path)
    assert 'w:pStyle w:val="CoverTitle"' in xml
    assert 'w:pStyle w:val="AttachmentItem"' in xml


def test_tables_docx_merges(tmp_path):
    xml = document_xml("tables", tmp_path).replace('"/>', '" />')
    assert '<w:vMerge w:val="restart" />' in xml and '<w:vMerge w:val="continue" />' in xml
    assert '<w:gridSpan w:val="2" />' in xml
    assert '<w:tblHeader w:val="on" />' in xml


def test_tables_docx_part_starts_a_page(tmp_path):
    """A part of a form after its first follows a paragraph one point tall that starts a
    page; the others follow none."""
    xml = document_xml("tables", tmp_path)
    parts = xml.split("<w:tbl>")  # before the first table, then after each
    assert len(parts) == 4 and [p.count("<w:pageBreakBefore/>") for p in parts[:3]] == [0, 1, 0]
    assert '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>' in parts[1]


def test_table_layout_docx_widths_from_content(tmp_path):
    """A prose table's columns share the width by what they hold: 三级指标 twice 得分."""
    xml = document_xml("table-layout", tmp_path)
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml)]
    assert len(widths) == 2 and abs(widths[0] - 2 * widths[1]) <= 2
    assert 'w:tblW w:type="pct" w:w="5000"' in xml.replace('w:w="5000" w:type="pct"',
                                                           'w:type="pct" w:w="5000"')
