"""jixiao installed (pip install ., not editable) into a fresh virtual environment outside the
repository builds a copy of content/ anywhere, with `python -m jixiao build` or the `jixiao`
command, to the same bytes as the checkout; its templates and filters are package data, and one
missing is an error, never skipped."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao import paths
from jixiao.cli import run_build
from jixiao.paths import CONTENT, ROOT

TOP_LEVEL_ONLY = {".git", ".venv", "build", ".pytest_cache", ".ruff_cache"}


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = Path(folder).resolve() == ROOT.resolve()
    return {n for n in names if (top and n in TOP_LEVEL_ONLY) or n == "__pycache__"
            or n.endswith(".egg-info")}


def _clean_env() -> dict[str, str]:
    """The environment without anything pointing back at the checkout (messages in English,
    as the assertions quote them)."""
    return {**{k: v for k, v in os.environ.items()
               if not k.startswith("JIXIAO_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")},
            "JIXIAO_LANG": "en"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The python of a fresh virtual environment holding jixiao installed from a copy of the
    repository."""
    root = tmp_path_factory.mktemp("install")
    source = shutil.copytree(ROOT, root / "source", ignore=_not_source)
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)
    python = root / "venv" / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(source)],
                          capture_output=True, text=True, env=_clean_env(), check=False)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(source)  # nothing of the copy is left to find
    return python


def _digests(build: Path) -> dict[str, str]:
    return {str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob("*")) if p.suffix in (".docx", ".pdf")
            and not any(part.startswith(".") for part in p.relative_to(build).parts)}


def _run(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], cwd=cwd, capture_output=True, text=True,
                          env=_clean_env(), check=False)


def test_the_installed_jixiao_finds_its_package_data(installed, tmp_path):
    done = _run(installed, tmp_path, "-c", "from jixiao import paths; "
                "print(paths.TEMPLATES, paths.FILTERS, paths.CHECKOUT, paths.CONTENT, sep='|')")
    templates, filters, checkout, content = done.stdout.strip().split("|")
    site = installed.parent.parent
    assert Path(templates).is_relative_to(site)
    assert (Path(templates) / "hunan" / "outline.yaml").is_file()
    assert (Path(templates) / "hunan" / "forms" / "项目自评表.yaml").is_file()
    assert Path(filters).is_relative_to(site) and (Path(filters) / "page-break.lua").is_file()
    assert checkout == "None" and Path(content) == tmp_path / "content"
    # and the editable install of this checkout finds the repository's own folders
    assert paths.TEMPLATES == ROOT / "templates" and paths.FILTERS == ROOT / "filters"


def test_the_installed_jixiao_builds_the_same_bytes(installed, tmp_path, capsys):
    reports = tmp_path / "reports"
    shutil.copytree(CONTENT, reports / "content")
    done = _run(installed, reports, "-m", "jixiao", "build")
    assert done.returncode == 0, done.stderr
    assert run_build(out_root=tmp_path / "editable") == 0  # the checkout's build of content/
    capsys.readouterr()
    built = _digests(reports / "build")
    assert len(built) == 16 and built == _digests(tmp_path / "editable")
    assert not list((reports / "content").rglob("*.docx"))  # nothing written under content/
    command = installed.parent / "jixiao"
    checked = subprocess.run([str(command), "check"], cwd=reports, capture_output=True,
                             text=True, env=_clean_env(), check=False)
    assert checked.returncode == 0 and "5 reports checked: 0 error(s)" in checked.stdout


def _build_without(installed: Path, tmp_path: Path, missing: str):
    """Build a copy of the example with the installed jixiao's file ``missing`` taken away
    (and put back after): the file's path and the finished build."""
    package = Path(_run(installed, tmp_path, "-c", "import jixiao; print(jixiao.__file__)")
                   .stdout.strip()).parent
    shutil.copytree(CONTENT / "2024", tmp_path / "content" / "2024")
    shutil.copytree(CONTENT / "blocks", tmp_path / "content" / "blocks")
    removed = package / missing
    kept = removed.read_bytes()
    removed.unlink()
    try:
        return removed, _run(installed, tmp_path, "-m", "jixiao", "build")
    finally:
        removed.write_bytes(kept)


@pytest.mark.parametrize("missing", ["filters/page-break.lua", "templates/hunan/outline.yaml",
                                     "templates/styles.yaml", "templates/page.typ.j2"])
def test_a_missing_filter_or_template_is_an_error_never_skipped(installed, tmp_path, missing):
    removed, done = _build_without(installed, tmp_path, missing)
    errors = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(errors) == 1 and "Traceback" not in done.stderr
    assert str(removed) in errors[0] or removed.name in errors[0]
    assert not (tmp_path / "build" / "2024").exists()


def test_a_missing_filter_names_itself(installed, tmp_path):
    removed, done = _build_without(installed, tmp_path, "filters/page-break.lua")
    assert done.stderr.strip().endswith(
        f"{removed}: jixiao's own filters/page-break.lua is missing; expected jixiao installed "
        "whole (pip install jixiao, or from a checkout)")
