"""``jixiao init DIR``: a reports repository with one blank report, ready to fill.

A blank report has no figures, which the checks call errors: ``jixiao build`` refuses it with
them, ``jixiao build --draft`` builds it (草稿 on every page) so its pages can be seen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jixiao.cli import main, run_build
from jixiao.commands.init import PROJECT_TABLES
from jixiao.load.outline import load_outline
from jixiao.load.schemas import SCHEMAS
from jixiao.paths import ROOT
from report_edits import tree_digest


def test_init_makes_a_blank_report_that_builds_as_a_draft(tmp_path, capsys):
    repository = tmp_path / "demo"
    assert main(["init", str(repository), "--year", "2025"]) == 0
    report = repository / "content" / "2025"
    assert (repository / ".gitignore").read_text(encoding="utf-8").splitlines() == ["build/"]
    assert "jixiao build" in (repository / "README.md").read_text(encoding="utf-8")
    for name, schema in SCHEMAS.items():
        path = report / "data" / f"{name}.csv"
        assert path.is_file() == (schema.required(("整体", "项目")) or name in PROJECT_TABLES), name
        if path.is_file():
            assert path.read_text(encoding="utf-8").splitlines() == \
                [",".join(c.name for c in schema.columns)]  # the header alone
    for outline in load_outline().values():
        for section in outline.sections:
            text = (report / outline.folder / section.file).read_text(encoding="utf-8")
            assert text.count("\n") == 1 and section.title in text
    capsys.readouterr()
    assert run_build(str(report), out_root=repository / "build") == 1
    assert " EMPTY " in capsys.readouterr().err
    assert run_build(str(report), out_root=repository / "build", draft=True) == 0
    built = sorted(p.name for p in (repository / "build" / "2025").iterdir()
                   if p.suffix in (".docx", ".pdf"))
    assert len(built) == 4 and built[0].startswith("2025年度")


def test_init_of_a_project_report_alone(tmp_path, capsys):
    repository = tmp_path / "projects"
    assert main(["init", str(repository), "--year", "2025", "--documents", "项目"]) == 0
    report = repository / "content" / "2025"
    assert "documents: [项目]" in (report / "report.yaml").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (report / "data").iterdir()) == \
        sorted(("项目", "项目资金", "项目目标", "项目指标"))
    assert not (report / "整体").exists() and (report / "项目").is_dir()
    capsys.readouterr()
    assert run_build(str(report), out_root=repository / "build", draft=True) == 0
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
    """In a fresh virtual environment, away from this checkout: install, init, build (refused
    with the blank report's errors, in Chinese), build --draft."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO", "PYTHON"))}
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True,
                   env=env, capture_output=True)
    jixiao = str(venv / "bin" / "jixiao")
    work = tmp_path / "elsewhere"
    work.mkdir()
    subprocess.run([jixiao, "init", "demo"], cwd=work, env=env, check=True,
                   capture_output=True)
    refused = subprocess.run([jixiao, "build"], cwd=work / "demo", env=env,
                             capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and "错误 EMPTY" in refused.stderr, refused.stderr
    assert "--draft" in refused.stderr.splitlines()[-1]
    assert not list(work.rglob("*.pdf"))  # nothing written
    done = subprocess.run([jixiao, "build", "--draft"], cwd=work / "demo", env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    outputs = sorted(Path(work / "demo" / "build").rglob("*.*"))
    assert {p.suffix for p in outputs} >= {".docx", ".pdf"}
