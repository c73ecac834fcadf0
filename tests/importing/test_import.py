"""Word files in: the seed as filed, jixiao's own DOCX, and the bad files a user may give."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from tests.importing.clerk_docx import COMMITTED, seed_document, seed_text, typed_paragraph

from jixiao.checks.runner import check_report
from jixiao.cli import run_build, run_check, run_import

ROOT = Path(__file__).resolve().parents[2]
SEED_AS_FILED = ROOT / "tests" / "fixtures" / "seed-as-filed"
WORD_PLACE = re.compile(r"^(附件\d(「[^」]+」)? (第\d+行 第\d+列|表下第\d+段)"
                        r"|「[^」]+」(第\d+段|之后)?)$")


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Path:
    """The seed as filed, typed into Word from its text (the committed copy without it)."""
    seed = seed_text()
    if seed is None:
        return COMMITTED
    return seed_document(tmp_path_factory.mktemp("seed") / "seed.docx", seed)


@pytest.fixture(scope="module")
def seed_folder(seed_docx, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("imported") / "seed"
    assert run_import(str(seed_docx), str(folder)) == 0
    return folder


def contradictions(findings) -> set[tuple[str, str]]:
    return {(f.code, f.message) for f in findings}


def test_checking_the_seed_word_file_reports_every_contradiction_located_in_it(seed_docx,
                                                                               capsys):
    expected = contradictions(check_report(SEED_AS_FILED))
    assert run_check(str(seed_docx), fmt="json") == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert expected <= {(f["code"], f["message"]) for f in found}
    assert all(WORD_PLACE.match(f["place"]) for f in found), \
        [f["place"] for f in found if not WORD_PLACE.match(f["place"])]
    places = {(f["code"], f["message"]): f["place"] for f in found}
    assert places[("TOTAL", "总分 stated as 95.5 but computed 103.08")] == "附件2 第32行 第8列"
    assert places[("CLAIM", "下降24.43% typed for 三公经费.变动, which is 下降57.00%; write "
                            "{{ 三公经费.变动 | change }}")] == "「六、部门整体支出绩效情况」第7段"
    assert places[("SECTION", "section 整体「政府性基金预算支出情况」 is missing; expected its "
                              "text in 整体/03-政府性基金预算支出情况.md")] \
        == "「二、一般公共预算支出情况」之后"


def test_the_imported_seed_folder_checks_as_the_seed_as_filed(seed_folder):
    expected = contradictions(check_report(SEED_AS_FILED))
    assert expected <= contradictions(check_report(seed_folder))
    stated = (seed_folder / "data" / "填报值.csv").read_text(encoding="utf-8")
    assert "总分,95.5,附件2 第32行 第8列" in stated


def test_text_and_csv_formats_with_a_summary_after_several_files(seed_docx, tmp_path, capsys):
    for name in ("a.docx", "b.docx"):
        shutil.copy(seed_docx, tmp_path / name)
    assert run_check(str(tmp_path)) == 1
    text = capsys.readouterr().out
    header = next(line for line in text.splitlines() if line.startswith("file "))
    assert header.split() == ["file", "unit", "errors", "warnings", "总分", "stated", "总分",
                              "computed", "等级", "stated", "等级", "computed"]
    rows = [line.split() for line in text.splitlines() if line.endswith(("优", "良", "中", "差"))]
    assert [row[4:7] for row in rows] == [["95.5", "103.08", "优"]] * 2
    assert run_check(str(tmp_path), fmt="csv") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "file,place,severity,code,message"
    assert sum("附件2 第32行 第8列,error,TOTAL" in line for line in lines) == 2


@pytest.mark.skipif(seed_text() is None, reason="the seed's text (shared/seeds/) is not here")
def test_the_committed_seed_docx_is_the_seed_as_typed(seed_docx):
    assert body_texts(COMMITTED) == body_texts(seed_docx)


def built_docx(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.docx") if ".cache" not in p.parts)


def body_texts(path: Path) -> list[str]:
    """Every paragraph of a DOCX body, those in table cells too, in order."""
    document = docx.Document(path)
    return ["".join(t.text or "" for t in paragraph.iter() if t.tag.endswith("}t"))
            for paragraph in document.element.body.iter() if paragraph.tag.endswith("}p")]


def with_fund_form(tmp_path: Path) -> Path:
    """The two-projects fixture with a 政府性基金 table, so that 附件4 has rows."""
    folder = tmp_path / "funds" / "2024"
    shutil.copytree(ROOT / "tests/fixtures/two-projects", folder)
    (folder / "data" / "政府性基金.csv").write_text(
        "项目,年初预算数,全年预算数,全年执行数\n城乡社区支出,100,120,110\n其他支出,5,5,4\n",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("report", ["content/2024", "tests/fixtures/two-projects", "funds",
                                    "tests/fixtures/seed-as-filed",
                                    "tests/fixtures/township-as-filed",
                                    "tests/fixtures/project-only",
                                    "tests/fixtures/project-as-filed",
                                    "content/某县农业农村局/2024",
                                    "content/某市文化广电旅游局/2024"])
def test_a_docx_jixiao_built_imports_to_a_folder_that_builds_the_same(report, tmp_path):
    """A report's DOCX (both documents' files, imported together) build again as they were,
    on the template the report names."""
    source = with_fund_form(tmp_path) if report == "funds" else ROOT / report
    assert run_build([str(source)], out_root=tmp_path / "first", draft=True) == 0
    built = built_docx(tmp_path / "first")
    assert run_import([str(p) for p in built], str(tmp_path / "imported")) == 0
    named = re.search(r"^template: \w+$", (source / "report.yaml").read_text(encoding="utf-8"),
                      re.M)
    imported_yaml = (tmp_path / "imported" / "report.yaml").read_text(encoding="utf-8")
    assert (named.group() in imported_yaml) if named else "template:" not in imported_yaml
    assert run_build([str(tmp_path / "imported")], out_root=tmp_path / "again", draft=True) == 0
    again = built_docx(tmp_path / "again")
    assert [p.name for p in again] == [p.name for p in built]
    for original, rebuilt in zip(built, again, strict=True):
        assert body_texts(rebuilt) == body_texts(original)
        assert rebuilt.with_suffix(".pdf").is_file()


WIDTHS = str.maketrans("（）：，。；", "():,.;")


def normal(text: str) -> str:
    """Text as the build may print it again: without spaces, typed heading numbers (jixiao
    numbers headings), leading zeros (a date typed 09 prints 9), or full-width punctuation."""
    text = re.sub(r"\s+", "", text).translate(WIDTHS)
    text = re.sub(r"^\(?([一二三四五六七八九十]+|\d+)[).、]", "", text)
    return re.sub(r"(?<!\d)0+(?=\d)", "", text).rstrip(".")


def test_no_text_of_the_seed_is_lost(seed_docx, seed_folder, tmp_path):
    assert run_build([str(seed_folder)], out_root=tmp_path, draft=True) == 0
    built = built_docx(tmp_path)
    assert len(built) == 2 and all(p.with_suffix(".pdf").is_file() for p in built)
    kept = "".join(normal(line) for p in seed_folder.rglob("*")
                   if p.is_file() and p.suffix in (".md", ".csv", ".yaml")
                   for line in p.read_text(encoding="utf-8").splitlines())
    kept += normal("".join(text for path in built for text in body_texts(path)))
    kept = kept.replace("\\", "")
    missing = [text for text in body_texts(seed_docx) if normal(text)
               and normal(text) not in kept]
    assert missing == [], missing
    unplaced = (seed_folder / "imported-unplaced.md").read_text(encoding="utf-8")
    assert "附件1 第13行 第1列：(一个专项一行)" in unplaced


def test_typed_headings_become_subheadings_without_numbers(tmp_path):
    document = docx.Document()
    for text in ("2024年度测试单位整体支出", "绩效自评报告", "一、部门（单位）基本情况",
                 "本单位负责测试。",
                 "二 、一般公共预算支出情况", "(1) 基本支出情况", "基本支出100万元。",
                 "1. 人员经费", "人员经费60万元。", "（2）项目支出情况", "项目支出0万元。",
                 "七、存在问题及原因分析", "问题在于测试。"):
        typed_paragraph(document, text)
    document.save(tmp_path / "clerk.docx")
    assert run_import(str(tmp_path / "clerk.docx"), str(tmp_path / "out")) == 0
    folder = tmp_path / "out" / "整体"
    assert (folder / "02-一般公共预算支出情况.md").read_text(encoding="utf-8") == (
        "## 基本支出情况\n\n基本支出100万元。\n\n### 人员经费\n\n人员经费60万元。\n\n"
        "## 项目支出情况\n\n项目支出0万元。\n")
    assert (folder / "07-存在的问题及原因分析.md").read_text(encoding="utf-8") == "问题在于测试。\n"


# bad input -----------------------------------------------------------------------------

def refused(capsys, file: Path, target: Path) -> str:
    assert run_import(str(file), str(target)) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not target.exists()
    return err


def test_a_renamed_pdf_is_refused(tmp_path, capsys):
    (tmp_path / "report.docx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert "not a Word document" in refused(capsys, tmp_path / "report.docx", tmp_path / "out")


def test_a_broken_zip_is_refused(tmp_path, capsys, seed_docx):
    (tmp_path / "report.docx").write_bytes(seed_docx.read_bytes()[:3000])
    assert "not a Word document" in refused(capsys, tmp_path / "report.docx", tmp_path / "out")


def test_a_password_protected_document_is_refused(tmp_path, capsys):
    # an encrypted .docx is an OLE compound file holding an EncryptionInfo stream
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    (tmp_path / "report.docx").write_bytes(header + "EncryptionInfo".encode("utf-16-le")
                                           + b"\0" * 1024)
    assert "password-protected" in refused(capsys, tmp_path / "report.docx", tmp_path / "out")


def test_a_document_with_no_report_or_form_is_refused(tmp_path, capsys):
    document = docx.Document()
    typed_paragraph(document, "会议通知")
    typed_paragraph(document, "请各单位准时参会。")
    document.save(tmp_path / "notice.docx")
    assert "no report section or form recognised" in refused(capsys, tmp_path / "notice.docx",
                                                              tmp_path / "out")


def test_a_doc_without_libreoffice_is_refused(tmp_path, capsys, monkeypatch):
    (tmp_path / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    err = refused(capsys, tmp_path / "report.doc", tmp_path / "out")
    assert "needs LibreOffice" in err and "libreoffice-writer-nogui" in err


def test_an_existing_target_folder_is_refused(tmp_path, capsys, seed_docx):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep", encoding="utf-8")
    assert run_import(str(seed_docx), str(tmp_path / "out")) == 1
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["mine.txt"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_doc_is_converted_by_libreoffice(tmp_path, seed_docx):
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(seed_docx)],
                   check=True, capture_output=True, timeout=300)
    converted = tmp_path / f"{seed_docx.stem}.doc"  # the seed typed here, or the committed copy
    assert run_import(str(converted), str(tmp_path / "out")) == 0
    stated = (tmp_path / "out" / "data" / "填报值.csv").read_text(encoding="utf-8")
    assert "总分,95.5," in stated


def imported_two_projects(tmp_path: Path) -> Path:
    """The two-projects fixture built, and its 整体 DOCX (with 附件3 of both) imported."""
    assert run_build([str(ROOT / "tests/fixtures/two-projects")], out_root=tmp_path / "b") == 0
    whole = next(p for p in built_docx(tmp_path / "b") if "整体" in p.name)
    assert run_import(str(whole), str(tmp_path / "r")) == 0
    return tmp_path / "r"


def test_project_figures_stated_on_each_form_go_to_filed_values_by_name(tmp_path):
    folder = imported_two_projects(tmp_path)
    with (folder / "data" / "填报值.csv").open(encoding="utf-8") as handle:
        stated = {row["项目"]: (row["数值"], row["说明"]) for row in csv.DictReader(handle)}
    project = '项目自评["高标准农田建设项目"].'
    assert {name.removeprefix(project) for name in stated if name.startswith(project)} == {
        "年初预算数", "全年预算数", "全年执行数", "执行率", "执行率得分", "分值合计", "总分"}
    # the form's rows numbered on over its tables, the header row repeated on its second page too
    assert stated[project + "总分"] == ("95.61", "附件3「高标准农田建设项目」 第32行 第8列")


def test_a_built_report_imported_states_its_project_figures_as_computed(tmp_path):
    codes = {f.code for f in check_report(imported_two_projects(tmp_path))}
    assert not codes & {"STATED", "TOTAL", "RATE", "RULE"}


def test_the_seed_imports_its_cover_forms_and_signature(seed_docx, seed_folder, tmp_path,
                                                        capsys):
    report = (seed_folder / "report.yaml").read_text(encoding="utf-8")
    for line in ('  name: "湖南汨罗高新技术产业开发区管理委员会"', '  short_name: "高新区管委会"',
                 "year: 2024", "report_date: 2025-09-19", "documents: [整体, 项目]",
                 '  填报日期: ""'):
        assert line in report.splitlines()
    assert not (seed_folder / "整体" / "03-政府性基金预算支出情况.md").exists()
    assert (seed_folder / "整体" / "10-其他需要说明的情况.md").read_text(encoding="utf-8") == ""
    assert run_import(str(seed_docx), str(tmp_path / "again")) == 0
    out = capsys.readouterr().out
    assert "could not be placed" in out and "附件1 第13行 第1列: (一个专项一行)" in out
    assert run_build([str(seed_folder)], out_root=tmp_path / "refused") == 1


def clerk_file(path: Path, build) -> Path:
    document = docx.Document()
    typed_paragraph(document, "2024年度测试单位整体支出绩效自评报告")
    typed_paragraph(document, "一、部门（单位）基本情况")
    build(document)
    document.save(path)
    return path


def test_bold_runs_numbered_lists_and_tables_in_prose_stay_markdown(tmp_path):
    def body(document):
        paragraph = typed_paragraph(document, "本单位")
        paragraph.add_run("主要职能").bold = True
        paragraph.add_run("是：")
        for text in ("组织实施园区规划。", "负责招商引资。"):
            document.add_paragraph(text, style="List Number")
        typed_paragraph(document, "（三）其他事项")
        table = document.add_table(rows=2, cols=2)
        for cell, text in zip(table._cells, ("项目", "金额", "办公楼", "12.5"), strict=True):
            cell.text = text
        typed_paragraph(document, "以上。")

    assert run_import(str(clerk_file(tmp_path / "c.docx", body)), str(tmp_path / "out")) == 0
    assert (tmp_path / "out" / "整体" / "01-部门基本情况.md").read_text(encoding="utf-8") == (
        "本单位**主要职能**是：\n\n1. 组织实施园区规划。\n1. 负责招商引资。\n\n## 其他事项\n\n"
        "| 项目 | 金额 |\n|---|---|\n| 办公楼 | 12.5 |\n\n以上。\n")


def test_placeholders_replace_typed_figures_that_data_holds(seed_docx, tmp_path):
    assert run_import(str(seed_docx), str(tmp_path / "next"), placeholders=True) == 0
    text = (tmp_path / "next" / "整体" / "02-一般公共预算支出情况.md").read_text(encoding="utf-8")
    assert ("基本支出{{ 基本支出.合计 | amount }}"
            "（工资福利支出{{ 基本支出.工资福利支出 | amount }}") in text
    assert not {f.code for f in check_report(tmp_path / "next")} & {"LITERAL"}


def test_a_folder_of_word_files_with_a_broken_one_checks_the_others(seed_docx, tmp_path,
                                                                     capsys):
    shutil.copy(seed_docx, tmp_path / "a.docx")
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    assert run_check(str(tmp_path)) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'b.docx'}: error LOAD not a Word document" in out
    assert "附件2 第32行 第8列: error TOTAL 总分 stated as 95.5" in out
