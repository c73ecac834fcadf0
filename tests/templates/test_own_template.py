"""A reports repository's own template: found beside content/, winning over jixiao's of the same
name, its outline and forms printed in both outputs; its mistakes one line each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE
from jixiao.cli import run_build, run_check
from jixiao.paths import TEMPLATES
from pdf_reading import page_texts
from report_edits import build_error, copy_report, replace_in

OUTLINE = "outline.yaml"
FORM = "forms/部门自评表.yaml"


def compact(text: str) -> str:
    return "".join(text.split())


def docx_text(docx: Path) -> str:
    document = Document(str(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return compact("".join([p.text for p in document.paragraphs] + cells))


def pdf_text(pdf: Path) -> str:
    return compact("".join(page_texts(pdf)))


@pytest.fixture
def repository(tmp_path) -> tuple[Path, Path]:
    """A reports repository: content/2024 (the example, naming template: mine) and
    templates/mine, a copy of the hunan template; the report and the template folder."""
    report = copy_report(EXAMPLE, tmp_path / "content")
    template = tmp_path / "templates" / "mine"
    shutil.copytree(TEMPLATES / "hunan", template)
    text = (report / "report.yaml").read_text(encoding="utf-8")
    (report / "report.yaml").write_text("template: mine\n" + text, encoding="utf-8")
    return report, template


def built(report: Path, out: Path) -> dict[str, Path]:
    assert run_build(str(report), out_root=out) == 0
    return {path.suffix: path for path in out.rglob("*整体支出绩效自评报告.*")}


def test_a_copied_template_prints_its_own_section_title_and_form_label(repository, tmp_path):
    report, template = repository
    replace_in(template / OUTLINE, 'title: "部门（单位）基本情况"', 'title: "单位职能与机构设置"')
    replace_in(template / FORM, '{label: "预算部门\\n名称"}', '{label: "填报单位"}')
    outputs = built(report, tmp_path / "build")
    for text in (docx_text(outputs[".docx"]), pdf_text(outputs[".pdf"])):
        assert "单位职能与机构设置" in text and "部门(单位)基本情况" not in text
        assert "填报单位" in text and "预算部门" not in text


def test_the_repository_template_wins_over_jixiaos_of_the_same_name(tmp_path):
    report = copy_report(EXAMPLE, tmp_path / "content")
    template = tmp_path / "templates" / "hunan"
    shutil.copytree(TEMPLATES / "hunan", template)
    replace_in(template / FORM, '{label: "预算部门\\n名称"}', '{label: "本仓库\\n表头"}')
    outputs = built(report, tmp_path / "build")
    assert "本仓库表头" in docx_text(outputs[".docx"])


def test_a_template_no_folder_holds_is_one_line_naming_those_that_exist(report_copy, tmp_path,
                                                                         capsys):
    replace_in(report_copy / "report.yaml", "unit:", "template: guangdong\nunit:")
    error = build_error(report_copy, tmp_path / "build", capsys)
    line = (report_copy / "report.yaml").read_text(encoding="utf-8").splitlines().index(
        "template: guangdong") + 1
    assert f"report.yaml:{line}: template: guangdong" in error
    assert "hunan" in error and "national" in error


MALFORMED_FORMS = [
    ('{label: "预算部门\\n名称"}', '{label: "预算部门", head: "名称"}',
     "a cell with 2 of label:, head:, figure:"),
    ('{label: "预算部门\\n名称"}', '{label: "预算部门\\n名称", colspan: 0}', "colspan: 0"),
    ('{label: "预算部门\\n名称"}', '{lable: "预算部门\\n名称"}', "lable: an unknown key"),
    ('{label: "{{ 单位.名称 }}", colspan: 7}', '{label: "{{ 单位.名称 }}", colspan: 6}',
     "do not tile"),
    ('"{{ 单位.名称 }}"', '"{{ 单位.全称 }}"', "names a figure the derived data does not have"),
]


@pytest.mark.parametrize(("old", "new", "found"), MALFORMED_FORMS)
def test_a_malformed_form_declaration_is_one_line_at_its_line(repository, tmp_path, capsys,
                                                              old, new, found):
    report, template = repository
    replace_in(template / FORM, old, new)
    error = build_error(report, tmp_path / "build", capsys)
    line = next(n for n, text in enumerate(
        (template / FORM).read_text(encoding="utf-8").splitlines(), 1) if new in text)
    place = f"部门自评表.yaml:{line}: " if found != "do not tile" else "部门自评表.yaml: "
    assert place in error and found in error


def test_a_malformed_outline_is_one_line_at_its_line(repository, tmp_path, capsys):
    report, template = repository
    section = "{file: 02-一般公共预算支出情况.md"
    replace_in(template / OUTLINE, section + ', title: "一般公共预算支出情况"}', section + "}")
    error = build_error(report, tmp_path / "build", capsys)
    line = next(n for n, text in enumerate(
        (template / OUTLINE).read_text(encoding="utf-8").splitlines(), 1)
        if section + "}" in text)
    assert f"outline.yaml:{line}: sections entry" in error


def test_templates_lists_each_template_its_documents_forms_and_reports(repository, capsys):
    from jixiao.cli import main

    report, _template = repository
    assert main(["--content", str(report.parent), "templates"]) == 0
    listing = capsys.readouterr().out
    mine = listing[listing.index("mine: "):]
    mine = mine[:mine.find("\n", mine.index("used by"))]
    assert "document 整体: 10 sections" in mine and "forms: 基础数据表、部门自评表" in mine
    assert "used by " in mine and "content/2024" in mine.replace("\\", "/")
    hunan = listing[listing.index("hunan: "):]
    assert "(jixiao's own)" in hunan.splitlines()[0]
    assert hunan.splitlines()[4] == "  used by no report"


def test_a_template_with_its_own_styles_sets_the_page(repository, tmp_path):
    report, template = repository
    styles = (TEMPLATES / "styles.yaml").read_text(encoding="utf-8")
    assert "  lines: 22 " in styles
    (template / "styles.yaml").write_text(styles.replace("  lines: 22 ", "  lines: 15 "),
                                          encoding="utf-8")
    pdf = built(report, tmp_path / "build")[".pdf"]
    plain = built(EXAMPLE, tmp_path / "plain")[".pdf"]  # the shared styles: 22 lines a page
    assert len(page_texts(pdf)) > len(page_texts(plain))


def test_editing_the_repository_template_rebuilds_its_report(repository, tmp_path, capsys):
    report, template = repository
    out = tmp_path / "build"
    assert run_build(str(report), out_root=out) == 0
    assert run_build(str(report), out_root=out) == 0
    assert "0 built, 1 up to date" in capsys.readouterr().out
    replace_in(template / FORM, '{label: "预算部门\\n名称"}', '{label: "填报单位"}')
    assert run_build(str(report), out_root=out, jobs=1) == 0
    assert "1 built, 0 up to date" in capsys.readouterr().out
    docx = next(out.rglob("*整体支出绩效自评报告.docx"))
    assert "填报单位" in docx_text(docx)


def test_templates_says_which_template_a_repository_replaces(tmp_path, capsys):
    from jixiao.cli import main

    report = copy_report(EXAMPLE, tmp_path / "content")
    shutil.copytree(TEMPLATES / "hunan", tmp_path / "templates" / "hunan")
    assert main(["--content", str(report.parent), "templates"]) == 0
    listing = capsys.readouterr().out.splitlines()
    own = [line for line in listing if line.startswith("hunan: ")]
    assert len(own) == 2
    assert any("in place of jixiao's hunan" in line for line in own)
    assert listing[listing.index(next(line for line in own if "in place" in line)) + 4] \
        .endswith("content/2024")


@pytest.mark.parametrize(("old", "new", "found"), MALFORMED_FORMS)
def test_the_check_finds_a_form_the_build_would_refuse(repository, capsys, old, new, found):
    report, template = repository
    replace_in(template / FORM, old, new)
    capsys.readouterr()
    assert run_check(str(report)) == 1
    (line,) = [line for line in capsys.readouterr().out.splitlines() if " LOAD " in line]
    assert "部门自评表.yaml" in line and found in line
