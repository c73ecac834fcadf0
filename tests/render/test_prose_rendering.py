"""Check and build read prose one way: the same rendering, the same search path, the same refusals.

Each case is written into a section of a copy of the example. Prose the build renders checks
clean, with findings pointing where the writer edits; prose the build refuses, check refuses
with the build's own line (file, line, message), and nothing is written.
"""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from jixiao.build.stamp import report_key
from jixiao.checks.findings import ERROR
from jixiao.checks.runner import check_report
from jixiao.cli import run_blocks, run_build
from jixiao.commands.blocks import block_listing
from jixiao.load.search_path import search_path
from jixiao.paths import CONTENT
from jixiao.render.includes import report_uses
from jixiao.render.inputs import load_inputs
from jixiao.render.prose import amount, environment, percent, render_section
from jixiao.render.traced import TracedEnvironment
from pdf_reading import page_texts
from report_edits import build_error

SECTION = "整体/01-部门基本情况.md"  # the first rendered: a refusal meets a fresh environment


def write(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def errors(report) -> list:
    return [f for f in check_report(report) if f.severity == ERROR]


def refused_alike(report, tmp_path, capsys):
    """The check's one error and the build's one line for the same input: the same file, line
    and message (the check may add the column of the placeholder)."""
    line = build_error(report, tmp_path / "build", capsys)
    [finding] = errors(report)
    place, message = line.removeprefix("error: ").split(": ", 1)
    assert place == finding.path + (f":{finding.line}" if finding.line else "")
    assert finding.message == message
    return finding


def test_set_and_for_check_clean_and_build(report_copy, tmp_path, example_derived):
    lines = ["一般公共预算", "基本支出"]
    write(report_copy / SECTION,
          "{% set r = 预算.执行率 %}预算执行率{{ r | percent }}。\n\n"
          f"{{% for name in {lines} %}}\n"
          "- {{ name }}全年执行数{{ 预算[name].全年执行数 | amount }}万元。\n"
          "{% endfor %}\n")
    assert errors(report_copy) == []
    assert run_build(str(report_copy), out_root=tmp_path / "build") == 0
    expected = [f"预算执行率{percent(example_derived.budget.total.rate)}。",
                *(f"{name}全年执行数"
                  f"{amount(example_derived.budget.line(name).values['全年执行数'])}万元。"
                  for name in lines)]
    docx = next((tmp_path / "build" / "2024").glob("*整体支出*.docx"))
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    assert all(text in paragraphs for text in expected)
    pdf = "".join("".join(page.split()) for page in
                  page_texts(docx.with_suffix(".pdf"), mode="-raw"))
    assert all(text in pdf for text in expected)


def test_findings_point_into_sets_loops_and_blocks(report_copy, example_derived):
    personnel = amount(example_derived.basic.personnel)
    section = ["{% set 比 = 人员.控制率 %}“三公”经费同比下降{{ 比 | percent }}。",
               "{% for i in [1, 2] %}",
               f"第{{{{ i }}}}次：人员经费{personnel}万元。",
               "{% endfor %}",
               '{% include "投资.md" %}']
    write(report_copy / SECTION, "\n".join(section) + "\n")
    write(report_copy / "投资.md", "完成投资3.21亿元。\n")
    findings = check_report(report_copy)
    [claim] = [f for f in findings if f.code == "CLAIM"]
    assert (claim.line, claim.col) == (1, section[0].index("{{") + 1)
    assert "printed by a placeholder" in claim.message
    [literal] = [f for f in findings if f.code == "LITERAL"]  # typed once, printed twice
    assert (literal.line, literal.col) == (3, section[2].index(personnel) + 1)
    assert literal.path.endswith(SECTION)
    [unbacked] = [f for f in findings if f.code == "UNBACKED"]
    assert unbacked.path.endswith("2024/投资.md") and (unbacked.line, unbacked.col) == (1, 5)


@pytest.mark.parametrize("text, blocks, code, found, line", [
    ("{% set n = '改进措施.md' %}{% include n %}\n", {}, "PLACEHOLDER",
     "a template name computed from a variable", 1),
    ("本段{# 说明。\n", {}, "PLACEHOLDER", "{# opens a comment that is never closed", 1),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}\n", {}, "PLACEHOLDER",
     "an include or macro that never ends: it includes or calls itself", 1),
    ("正文。\n{% include '甲.md' %}\n", {"甲.md": "甲\n{% include '乙.md' %}\n",
                                        "乙.md": "乙\n{% include '甲.md' %}\n"},
     "PLACEHOLDER", "an include or macro that never ends: ", ("甲.md", 2)),
    ("{{ '{0}'.format_map({}) }}\n", {}, "PLACEHOLDER",
     "a placeholder failed: IndexError: tuple index out of range", 1),
    ("{% include 'data/预算.csv' %}\n", {}, "INCLUDE", "data/预算.csv is not a block", 1),
    ("正文。\n\n{% include 'report.yaml' %}\n", {}, "INCLUDE", "report.yaml is not a block", 3),
    ("见下图![现场](/etc/hostname)\n", {}, "PROSE", "image ![现场](/etc/hostname)", 1),
    ("```{=openxml}\n<w:p/>\n```\n", {}, "PROSE", "raw openxml block <w:p/>", 1),
], ids=["computed include", "comment never closed", "macro recursion", "include loop",
        "format_map", "data file", "report.yaml", "image", "raw block"])
def test_check_refuses_what_the_build_refuses(report_copy, tmp_path, capsys, text, blocks,
                                              code, found, line):
    write(report_copy / SECTION, text)
    for name, block in blocks.items():
        write(report_copy / name, block)
    finding = refused_alike(report_copy, tmp_path, capsys)
    path, line = line if isinstance(line, tuple) else (SECTION, line)
    assert (finding.code, finding.line) == (code, line) and finding.path.endswith(path)
    assert finding.message.startswith(found)


def test_a_section_not_utf8_is_one_line_in_check_build_and_blocks(report_copy, tmp_path,
                                                                   capsys):
    (report_copy / SECTION).write_bytes("其他说明。\n".encode("gbk"))
    finding = refused_alike(report_copy, tmp_path, capsys)
    assert (finding.code, finding.line, finding.message) == (
        "PROSE", 1, "text that is not UTF-8; expected Markdown saved as UTF-8")
    assert run_blocks(report_copy.parent) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"error: {report_copy / SECTION}:1: text that is not UTF-8; expected " \
                   "Markdown saved as UTF-8"


def test_a_link_out_is_refused_alike_and_its_figures_never_read(report_copy, tmp_path,
                                                                 capsys):
    secret = tmp_path / "secret.md"
    write(secret, "机密投资1234.56万元。\n")
    (report_copy / "外部.md").symlink_to(secret)
    write(report_copy / SECTION, "正文。\n\n{% include '外部.md' %}\n")
    finding = refused_alike(report_copy, tmp_path, capsys)
    assert (finding.code, finding.line) == ("INCLUDE", 3)
    assert finding.message.startswith(f"外部.md leads to {secret}, outside the report's folders")
    assert not any("1234.56" in f.message for f in check_report(report_copy))
    assert f"  refused: 外部.md leads to {secret}, outside the report's folders" in \
        block_listing(report_copy.parent)


def test_a_section_linked_out_is_refused_at_its_own_name(report_copy, tmp_path, capsys):
    secret = tmp_path / "secret.md"
    write(secret, "机密。\n")
    (report_copy / SECTION).unlink()
    (report_copy / SECTION).symlink_to(secret)
    finding = refused_alike(report_copy, tmp_path, capsys)
    assert finding.code == "INCLUDE" and finding.path == str(report_copy / SECTION)
    assert finding.message.startswith(f"{SECTION} leads to {secret}, outside the report's")


def test_another_reports_folder_is_not_on_the_search_path(report_copy, tmp_path, capsys):
    content = report_copy.parent
    shutil.copytree(CONTENT / "循环经济服务中心", content / "循环经济服务中心")
    name = "循环经济服务中心/2024/data/预算.csv"
    write(report_copy / SECTION, f"{{% include '{name}' %}}\n")
    finding = refused_alike(report_copy, tmp_path, capsys)
    assert finding.code == "INCLUDE" and finding.message == (
        f"no file {name} to include; expected a file of that name in {report_copy}, "
        f"{content}/blocks")


def test_a_unit_folder_does_not_give_its_other_reports_files(report_copy, tmp_path, capsys):
    unit = report_copy.parent / "甲单位"
    unit.mkdir()
    report = report_copy.rename(unit / "2024")
    shutil.copytree(report, unit / "乙报告")  # another report of the unit
    write(unit / "共用.md", "本单位各年共用的说明。\n")
    write(report / SECTION,
          "{% include '共用.md' %}\n\n{% include '乙报告/整体/01-部门基本情况.md' %}\n")
    finding = refused_alike(report, tmp_path, capsys)
    assert (finding.code, finding.line) == ("INCLUDE", 3)
    assert finding.message.startswith(
        f"乙报告/整体/01-部门基本情况.md lies in {unit / '乙报告'}, another report's folder")


def test_a_byte_order_mark_is_no_part_of_the_text(report_copy):
    (report_copy / SECTION).write_bytes("\ufeff其他说明。\n".encode())
    env = environment(search_path(report_copy, report_copy.parent))
    body = render_section(env, SECTION, load_inputs(report_copy).context, report_copy / SECTION)
    assert body == "其他说明。\n"


def test_reports_sharing_a_text_each_name_their_own_file(report_copy, tmp_path, capsys):
    """Templates are compiled once per text, for every report that holds it: each refusal
    still names the report's own file."""
    content = report_copy.parent
    reports = [shutil.copytree(report_copy, content / unit / "2024") for unit in ("甲", "乙")]
    for report in reports:
        write(report / SECTION, "正文。\n\n预算为{{ 预算.不存在 | amount }}万元。\n")
    for report in reports:
        [finding] = errors(report)
        assert finding.path.endswith(f"{report.parent.name}/2024/{SECTION}")
        assert (finding.code, finding.line, finding.col) == ("PLACEHOLDER", 3, 4)
        line = build_error(report, tmp_path / "build", capsys)
        assert line.startswith(f"error: {report / SECTION}:3: placeholder 预算.不存在")


def test_every_template_a_report_reads_is_named_for_its_stamp(report_copy):
    """Includes and imports are named in quotes (a computed name is refused, above), so the
    stamp's key covers every block the build reads."""
    content = report_copy.parent
    macros = content / "blocks" / "宏.md"
    write(macros, "{% macro 金额(x) %}{{ x | amount }}万元{% endmacro %}\n")
    write(report_copy / SECTION,
          "{% from '宏.md' import 金额 %}执行数{{ 金额(预算.全年执行数) }}。\n")
    assert errors(report_copy) == []
    blocks = sorted({use.name for use in report_uses(report_copy, content)})
    assert "宏.md" in blocks
    search = search_path(report_copy, content)
    key = report_key(report_copy, search, content / "2023", blocks, draft=False)
    write(macros, "{% macro 金额(x) %}{{ x | amount }} 万元{% endmacro %}\n")
    assert report_key(report_copy, search, content / "2023", blocks, draft=False) != key


CONSTRUCTS = """\
{% macro 金额(x) %}{{ x | amount }}万元{% endmacro -%}
## {{ 年度 }}年度预算执行

{% with total = 预算.全年执行数 %}全年执行{{ 金额(total) }}。{% endwith %}
{% set ns = namespace(n=0) %}{% for name in ["一般公共预算", "基本支出"] if 预算[name].全年执行数 %}
{%- set ns.n = ns.n + 1 %}
{{ loop.index }}. {{- " " ~ name }}：{{ 预算[name].执行率 | percent }}
{%- if loop.last %}。{% else %}；{% endif %}
{% endfor %}
共{{ ns.n }}项。{% filter trim %}  {{ 单位.简称 }}  {% endfilter %}{% raw %}{{ 原样 }}{% endraw %}


| 项目 | 执行数 |
| --- | --- |
{% for name in ["一般公共预算"] %}| {{ name }} | {{ 预算[name].全年执行数 | amount }} |
{% endfor %}
{% macro 括(x) %}（{{ caller(x) }}）{% endmacro %}
{% call(v) 括(年度) %}{{ v }}年{% endcall %}{# 注 #}
"""


def test_the_check_reads_what_the_build_prints(report_copy, example_derived):
    """Macros, with, namespaces, filtered loops, whitespace control, filter and raw blocks,
    tables: the traced text is the build's, character for character, and checks clean."""
    write(report_copy / SECTION, CONSTRUCTS)
    context = load_inputs(report_copy).context
    search = search_path(report_copy, report_copy.parent)
    built = render_section(environment(search), SECTION, context, report_copy / SECTION)
    checked = render_section(environment(search, TracedEnvironment), SECTION, context,
                             report_copy / SECTION)
    assert checked == built
    assert f"全年执行{amount(example_derived.budget.total.values['全年执行数'])}万元。" in built
    assert errors(report_copy) == []
