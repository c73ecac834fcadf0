"""``jixiao init DIR``: a reports repository with one blank report of the template chosen, ready
to fill.

A blank report has no figures, which the checks call errors; its report.yaml says
``draft: true``, so ``jixiao build`` builds it as a draft (草稿 on every page, the findings
printed) until that line is deleted, from when on the build refuses it with them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from jixiao.cli import main, run_build, run_export, run_preview
from jixiao.commands.init import PROJECT_TABLES
from jixiao.load.data import headed_schemas
from jixiao.load.settings import load_report
from jixiao.load.template import template_folders
from jixiao.paths import ROOT, TEMPLATES
from pdf_reading import page_texts
from report_edits import replace_in, tree_digest

DRAFT = "草稿"
DRAFT_LINE = "draft: true\n"


def built(folder: Path, suffix: str) -> list[Path]:
    """The documents a build wrote below ``folder`` (not its cache or work files)."""
    return sorted(p for p in folder.rglob(f"*{suffix}")
                  if not any(part.startswith(".") for part in p.relative_to(folder).parts))


def assert_marked_draft(pdfs: list[Path], docxs: list[Path]) -> None:
    """草稿 on every page of each PDF and in the header of every section of each DOCX."""
    assert pdfs and docxs
    for pdf in pdfs:
        assert all(DRAFT in page for page in page_texts(pdf, "-raw")), pdf.name
    for docx in docxs:
        assert all(section.header.paragraphs[0].text == DRAFT
                   for section in Document(str(docx)).sections), docx.name


def test_init_makes_a_blank_report_that_builds_as_a_draft(tmp_path, capsys):
    repository = tmp_path / "demo"
    assert main(["init", str(repository), "--year", "2025"]) == 0
    report = repository / "content" / "2025"
    assert (repository / ".gitignore").read_text(encoding="utf-8").splitlines() == ["build/"]
    assert "jixiao build" in (repository / "README.md").read_text(encoding="utf-8")
    template = load_report(report).template
    assert template.name == "hunan" and load_report(report).draft
    for name, schema in headed_schemas(template).items():
        path = report / "data" / f"{name}.csv"
        assert path.is_file() == (schema.required(("整体", "项目")) or name in PROJECT_TABLES), name
        if path.is_file():
            assert path.read_text(encoding="utf-8").splitlines() == \
                [",".join(c.name for c in schema.columns)]  # the header alone
    for outline in template.outline.values():
        for section in outline.sections:
            text = (report / outline.folder / section.file).read_text(encoding="utf-8")
            assert text.count("\n") == 1 and section.title in text
    capsys.readouterr()
    assert run_build(str(report), out_root=repository / "build") == 0  # draft: true
    printed = capsys.readouterr()
    assert " EMPTY " in printed.err and "building a draft (草稿)" in printed.out
    names = [p.name for p in built(repository / "build", ".*")]
    assert len(names) == 4 and all(name.startswith("2025年度") for name in names)
    assert_marked_draft(built(repository / "build", ".pdf"), built(repository / "build", ".docx"))


def test_without_its_draft_line_the_blank_report_is_refused(tmp_path, capsys):
    repository = tmp_path / "demo"
    assert main(["init", str(repository), "--year", "2025"]) == 0
    report = repository / "content" / "2025"
    replace_in(report / "report.yaml", DRAFT_LINE, "")
    capsys.readouterr()
    assert run_build(str(report), out_root=repository / "build") == 1
    err = capsys.readouterr().err
    for table in ("人员", "经费控制", "预算", "绩效指标"):
        assert f"data/{table}.csv:1: error EMPTY" in err, table
    assert "data/年度目标.csv:1: error GOAL" in err
    assert "fix them, or build with --draft" in err
    assert not built(repository / "build", ".pdf")  # nothing written
    assert run_export(str(report), str(tmp_path / "附件.xlsx")) == 1


def test_the_blank_report_exports_as_a_draft(tmp_path):
    from openpyxl import load_workbook

    repository = tmp_path / "demo"
    assert main(["init", str(repository), "--year", "2025"]) == 0
    target = tmp_path / "附件.xlsx"
    assert run_export(str(repository / "content" / "2025"), str(target)) == 0  # no --draft
    for ws in load_workbook(target):
        assert ws.oddHeader.center.text == DRAFT, ws.title


def test_the_blank_report_previews_as_a_draft(tmp_path, capsys):
    repository = tmp_path / "demo"
    assert main(["init", str(repository), "--year", "2025", "--documents", "项目"]) == 0
    capsys.readouterr()
    out = repository / "build"
    assert run_preview(str(repository / "content" / "2025"), out_root=out) == 0  # no --draft
    printed = capsys.readouterr()
    assert " EMPTY " in printed.err and "building a draft (草稿)" in printed.out
    assert (out / "preview" / "2025" / "index.html").is_file()
    assert_marked_draft(built(out / "2025", ".pdf"), built(out / "2025", ".docx"))


@pytest.mark.parametrize("name", sorted(template_folders(None)))
def test_init_of_each_template_builds_as_a_draft(name, tmp_path, capsys):
    repository = tmp_path / name
    assert main(["init", str(repository), "--year", "2025", "--template", name]) == 0
    report = load_report(repository / "content" / "2025")
    assert report.template.name == name and report.documents == tuple(report.template.outline)
    assert tuple(report.signature) == report.template.signature
    for table, schema in headed_schemas(report.template).items():
        path = report.data_folder / f"{table}.csv"
        if path.is_file():  # headed as the template's forms head the table
            assert path.read_text(encoding="utf-8") == \
                ",".join(c.name for c in schema.columns) + "\n"
    assert run_build(str(report.folder), out_root=repository / "build") == 0
    assert_marked_draft(built(repository / "build", ".pdf"), built(repository / "build", ".docx"))


def test_init_in_a_repository_starts_from_its_own_template(tmp_path, capsys):
    """Run in a reports repository, init offers its templates/ too: the new repository gets a
    copy of the one chosen, and its blank report builds on it."""
    firm = tmp_path / "firm"
    (firm / "content" / "blocks").mkdir(parents=True)  # as init makes a repository
    shutil.copytree(TEMPLATES / "sichuan", firm / "templates" / "ours")
    replace_in(firm / "templates" / "ours" / "template.yaml", "title: 四川省",
               "title: 本所的四川省")
    repository = tmp_path / "unit"
    assert main(["--content", str(firm / "content"), "init", str(repository), "--year", "2025",
                 "--template", "ours"]) == 0
    ours = firm / "templates" / "ours"
    assert tree_digest(repository / "templates" / "ours") == tree_digest(ours)
    report = load_report(repository / "content" / "2025")
    assert report.template.folder == (repository / "templates" / "ours").resolve()
    assert report.template.title == "本所的四川省部门预算项目支出绩效自评表"
    assert run_build(str(report.folder), out_root=repository / "build") == 0
    assert_marked_draft(built(repository / "build", ".pdf"), built(repository / "build", ".docx"))
    capsys.readouterr()
    assert main(["--lang", "en", "init", str(tmp_path / "other"), "--template", "ours"]) == 1
    assert "template ours; expected one of hunan, national, sichuan" in capsys.readouterr().err


def test_init_of_a_template_jixiao_lacks_is_one_line(tmp_path, capsys):
    assert main(["--lang", "en", "init", str(tmp_path / "demo"), "--template", "hubei"]) == 1
    err = capsys.readouterr().err
    assert err == "error: --template: template hubei; expected one of " \
        f"{', '.join(template_folders(None))}\n"
    assert not (tmp_path / "demo").exists()


def test_init_of_a_project_report_alone(tmp_path, capsys):
    repository = tmp_path / "projects"
    assert main(["init", str(repository), "--year", "2025", "--documents", "项目"]) == 0
    report = repository / "content" / "2025"
    assert "documents: [项目]" in (report / "report.yaml").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (report / "data").iterdir()) == \
        sorted(("项目", "项目资金", "项目目标", "项目指标"))
    assert not (report / "整体").exists() and (report / "项目").is_dir()
    capsys.readouterr()
    assert run_build(str(report), out_root=repository / "build") == 0
    assert main(["--lang", "en", "init", str(tmp_path / "other"), "--documents", "部门"]) == 1
    assert "documents 部门; expected one or more of 整体,项目" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_init_into_a_folder_holding_anything_is_one_line(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    before = tree_digest(tmp_path)
    assert main(["--lang", "en", "init", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a folder that is not empty" in err
    assert tree_digest(tmp_path) == before


def test_installed_jixiao_starts_and_builds_a_repository(tmp_path):
    """In a fresh virtual environment, away from this checkout: install, init, cd, build —
    DOCX and PDF written, marked 草稿, said in Chinese; without the draft line, the same build
    is refused with the blank report's errors and the outputs are left as they were."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JIXIAO", "PYTHON", "LANG", "LC_"))}
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True,
                   env=env, capture_output=True)
    jixiao = str(venv / "bin" / "jixiao")
    work = tmp_path / "elsewhere"
    work.mkdir()
    subprocess.run([jixiao, "init", "demo"], cwd=work, env=env, check=True,
                   capture_output=True)
    demo = work / "demo"
    done = subprocess.run([jixiao, "build"], cwd=demo, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "错误 EMPTY" in done.stderr and "仍生成草稿" in done.stdout
    pdfs, docxs = built(demo / "build", ".pdf"), built(demo / "build", ".docx")
    assert len(pdfs) == len(docxs) == 2
    assert all(f"已写入 build/{p.parent.name}/{p.name}" in done.stdout for p in pdfs + docxs)
    assert_marked_draft(pdfs, docxs)
    before = tree_digest(demo / "build")
    report = next(demo.glob("content/*/report.yaml"))
    replace_in(report, DRAFT_LINE, "")
    refused = subprocess.run([jixiao, "build"], cwd=demo, env=env, capture_output=True,
                             text=True, check=False)
    assert refused.returncode == 1 and "错误 EMPTY" in refused.stderr, refused.stderr
    assert "--draft" in refused.stderr.splitlines()[-1]
    assert tree_digest(demo / "build") == before
