"""Hostile and broken input: each case gives its one line, or its exact text in both outputs.

Raw output in any spelling pandoc reads, markup in data and settings strings, work without
bound in placeholders, inflated workbooks, invisible marks and new-year's links and leftovers.
A failing build names the file and line, exits 1, writes no output and changes nothing under
content/; a text that builds prints as typed in the DOCX (python-docx) and the PDF (pdftotext).
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from jixiao.cli import run_build
from jixiao.convert.engines import ConversionError, compile_pdf
from jixiao.errors import UserError
from jixiao.numbers import fixed
from report_edits import build_error, replace_in, tree_digest

SECTION = "整体/01-部门基本情况.md"
FIRST_NEW_LINE = 15  # the section has 13 lines; a blank one, then the text added


def add_text(report: Path, text: str) -> None:
    path = report / SECTION
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n",
                    encoding="utf-8")


def refused(report: Path, tmp_path: Path, capsys) -> str:
    """The one line a build of ``report`` gives; content/ as it was."""
    before = tree_digest(report.parent)
    line = build_error(report, tmp_path / "build", capsys)
    assert tree_digest(report.parent) == before
    return line


@pytest.mark.parametrize("text, line, found", [
    ("甲`<w:p/>`{ =openxml}乙", 0, "raw openxml inline <w:p/>"),
    ("| 项目 | 说明 |\n|---|---|\n| 甲 | `<w:p/>`{=openxml} |", 2, "raw openxml inline <w:p/>"),
    ('`<w:fldSimple w:instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe"/>`{=openxml}', 0,
     "raw openxml inline <w:fldSimple"),
    ("---\ntitle: 标题\n---", 0, "a YAML metadata block"),
    ("``` { =openxml}\n<w:p/>\n```", 0, "raw openxml block <w:p/>"),
    ("<div>`<w:p/>`{=openxml}</div>", 0, "raw openxml inline <w:p/>"),
    ("<table><tr><td>表</td></tr></table>", 0, "raw html block <table>"),
    ('`#import "@preview/cetz:0.2.2": *`{=typst}', 0, 'raw typst inline #import "@preview'),
    ("---", 0, "a horizontal rule (---)"),
    ("- 项目\n\n  \\newpage", 2, "\\newpage inside a list"),
    ("正文\\textbf{粗}", 0, "raw TeX \\textbf{粗}"),
    ("面积$x^2$", 0, "math $x^2$"),
    ("::: {.cover-title}\n标题\n:::", 0, "a styled block {.cover-title}"),
    ('<div class="x]#read(&quot;/etc/passwd&quot;)">文字</div>', 0, "a styled block"),
    ("<div>\n未闭合", 0, "a ::: block or <div> left open at the end of the section"),
    ("见下图![现场](/etc/hostname)", 0, "image ![现场](/etc/hostname)"),
    ("见[上文](#基本情况)", 0, "a link within the document [上文](#基本情况)"),
    ("<div>一行</div>", 0, "a ::: block or <div> left open at the end of the section"),
])
def test_raw_output_refused_by_what_pandoc_reads(report_copy, tmp_path, capsys, text, line,
                                                  found):
    add_text(report_copy, text)
    message = refused(report_copy, tmp_path, capsys)
    assert f"01-部门基本情况.md:{FIRST_NEW_LINE + line}: {found}" in message


def test_raw_output_from_an_included_block_names_the_block(report_copy, tmp_path, capsys):
    (report_copy / "整体" / "块.md").write_text("说明\n\n`<w:p/>`{=openxml}\n",
                                                encoding="utf-8")
    add_text(report_copy, '{% include "整体/块.md" %}')
    assert "整体/块.md:3: raw openxml inline <w:p/>" in refused(report_copy, tmp_path, capsys)


@pytest.mark.parametrize("text, found", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
     "loops would turn more than 100000 times"),
    ("{% set s = 'x' * 100000 %}{{ ([s] * 100000) | join }}", "would make a value too large"),
    ("{{ '' | center(10 ** 10) }}", "center would make a value too large"),
    ("{{ 'x'.ljust(10 ** 10) }}", "ljust would make a value too large"),
    ("{{ '{:>10000000000}'.format('x') }}", "format would make a value too large"),
    ("{% set s = 'x' * 100000 %}{{ s ~ s }}", "~ would make a value too large"),
    ("{% for i in range(50000) %}{{ 'x' * 100 }}{% endfor %}",
     "the text would be longer than 1000000 characters"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}",
     "an include or macro that never ends"),
    ("{{ '{0}'.format_map({}) }}", "a placeholder failed: IndexError"),
    ("{{ lipsum(10 ** 9) }}", "lipsum would make a value too large"),
    ("{{ (1e308 * 10) | amount }}", "inf is not a number that can be printed"),
    ("{{ [1] | batch(10 ** 10, fill_with=0) | list }}", "batch would make a value too large"),
    ("{% set ns = namespace(x=10 ** 1000) %}{% for i in range(30) %}{% set ns.x = ns.x * ns.x %}"
     "{% endfor %}{{ ns.x }}", "* would make a value too large"),
])
def test_placeholder_work_is_bounded(report_copy, tmp_path, capsys, text, found):
    add_text(report_copy, text)
    message = refused(report_copy, tmp_path, capsys)
    assert "01-部门基本情况.md:" in message and found in message


def test_an_include_loop_is_one_line_at_the_include(report_copy, tmp_path, capsys):
    add_text(report_copy, f'{{% include "{SECTION}" %}}')
    message = refused(report_copy, tmp_path, capsys)
    assert f"01-部门基本情况.md:{FIRST_NEW_LINE}: an include or macro that never ends" in message


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


TYPED = ['详见<附件一>说明', '"直引号"', "甲--乙", "丙...丁", "戊-?己", "见@张三", "‹附件二›"]
DATA = "<w:p>#pagebreak()`x`{=typst}"
TITLE = "2024年度管委会#pagebreak()部门整体支出"  # with short_name: '管委会#pagebreak()'


def test_prose_data_and_settings_print_as_typed(report_copy, tmp_path, capsys):
    literal = f"{{{{ '---' }}}}{{{{ '甲{DATA}' }}}}"  # placeholders print text, never markup
    first = report_copy / SECTION  # a line that would be a title block at a document's start
    first.write_text("% 开头\n\n" + first.read_text(encoding="utf-8"), encoding="utf-8")
    add_text(report_copy, " ".join(TYPED) + f"\n\n单位{{{{ 测试.甲 }}}}\n\n{literal}")
    (report_copy / "data" / "测试.csv").write_text(f"名称,数值,单位\n甲,5,{DATA}\n",
                                                   encoding="utf-8")
    settings = report_copy / "report.yaml"
    replace_in(settings, '填表人: ""', f"填表人: '{DATA}'")
    replace_in(settings, "forms:", f"forms:\n  说明: '说明{DATA}'")
    replace_in(settings, "厉行节约保障措施: 完善", f"厉行节约保障措施: '{DATA}'  # ")
    replace_in(settings, "short_name: 高新区管委会", "short_name: '管委会#pagebreak()'")
    before = tree_digest(report_copy.parent)
    out = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out) == 0, capsys.readouterr().err
    assert tree_digest(report_copy.parent) == before
    (docx,) = out.rglob("*整体支出*.docx")
    (pdf,) = out.rglob("*整体支出*.pdf")
    for text in (docx_text(docx), re.sub(r"\s+", "", pdf_text(pdf))):
        for typed in [*TYPED, "% 开头", f"单位5{DATA}", f"---甲{DATA}", f"填表人：{DATA}",
                      f"说明{DATA}", f"厉行节约保障措施{DATA}", TITLE]:
            assert re.sub(r"\s+", "", typed) in re.sub(r"\s+", "", text), typed


def test_a_bom_at_the_start_of_a_section_is_not_text(report_copy, tmp_path):
    from jixiao.build.report import render_report

    path = report_copy / SECTION
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _, documents = render_report(report_copy)
    assert "\ufeff" not in documents[0].markdown


def test_a_bom_inside_a_csv_is_not_part_of_a_name(report_copy):
    from jixiao.load.data import load_data

    (report_copy / "data" / "测试.csv").write_text("名称,数值,单位\n净入\ufeff库税收,5,亿元\n",
                                                   encoding="utf-8")
    assert "净入库税收" in load_data(report_copy / "data").figures["测试"]


def test_an_inflated_workbook_is_refused_before_it_is_read(report_copy, tmp_path, capsys):
    data = report_copy / "data"
    for csv_file in data.glob("*.csv"):
        csv_file.unlink()
    with zipfile.ZipFile(data / "数据.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (70 * 2**20))
    assert (data / "数据.xlsx").stat().st_size < 2**20
    message = refused(report_copy, tmp_path, capsys)
    assert "数据.xlsx: a workbook inflating to 70 MB; expected at most 64 MB" in message


def test_a_sheet_spanning_too_many_cells_is_refused_before_it_is_read(tmp_path):
    from openpyxl import Workbook

    from jixiao.load.sources import read_tables

    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(["编制数", "实际在职人数"])
    sheet["ZZ1000"] = 1  # 702 columns × 1000 rows
    book.save(tmp_path / "数据.xlsx")
    with pytest.raises(UserError, match=r"数据.xlsx\[人员\]: sheets spanning 702000 cells"):
        read_tables(tmp_path)


def test_huge_amounts_print(report_copy):
    assert fixed(1e22, 2) == "10000000000000000000000.00"
    assert fixed(1e26, 2) == "100000000000000004764729344.00"


def test_typst_compiles_no_package_import(tmp_path):
    with pytest.raises(ConversionError, match="imports a package"):
        compile_pdf('#import "@preview/cetz:0.2.2": canvas\n文字', [], 0, tmp_path)


def test_new_year_refuses_a_link(report_copy):
    from jixiao.commands.new_year import new_year

    link = report_copy / "整体" / "附录.md"
    link.symlink_to("/etc/hostname")
    with pytest.raises(UserError, match="附录.md: a symbolic link to /etc/hostname"):
        new_year(report_copy)
    assert sorted(p.name for p in report_copy.parent.iterdir()) == ["2024", "blocks"]


def test_new_year_leaves_no_staging_a_report(report_copy):
    """A killed new-year's hidden folder is no report, and the next new-year removes it."""
    from jixiao.commands.new_year import new_year
    from jixiao.load.settings import find_reports

    stale = report_copy.parent / ".2025.new-year-999999999.abc"
    stale.mkdir()
    (stale / "report.yaml").write_text((report_copy / "report.yaml").read_text("utf-8"),
                                       encoding="utf-8")
    assert find_reports(report_copy.parent) == [report_copy]
    assert not os.path.exists("/proc/999999999")
    new_year(report_copy)
    assert sorted(p.name for p in report_copy.parent.iterdir()) == ["2024", "2025", "blocks"]
