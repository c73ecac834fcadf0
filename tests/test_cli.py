"""The `jixiao` command and tasks.py offer the same verbs with the same options, and run the
same functions: `python -m jixiao build` in a folder holding content/ builds it there."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys

from invoke import Collection

from jixiao.cli import VERBS, parser
from jixiao.paths import ROOT
from report_edits import copy_report

ONLY_TASKS = {"test", "bench", "messages"}  # the checkout's own: run, time, translate it


def _tasks() -> Collection:
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Collection.from_module(module)


def _verb_options() -> dict[str, set[str]]:
    command = parser()
    verbs = next(a for a in command._actions if isinstance(a, argparse._SubParsersAction))
    return {name: {o.dest for o in sub._actions if o.dest not in ("help", "content", "build")}
            for name, sub in verbs.choices.items()}


def test_every_task_is_a_verb_with_the_same_options():
    tasks = _tasks()
    options = _verb_options()
    assert set(tasks.task_names) - ONLY_TASKS == set(options) == {v.name for v in VERBS}
    for name in options:
        task_options = {a.name.replace("-", "_") for a in tasks[name].get_arguments()}
        assert task_options - {"content"} == options[name], name  # blocks' --content is global


def test_python_m_jixiao_builds_the_content_folder_where_it_runs(tmp_path):
    copy_report(ROOT / "content" / "2024", tmp_path / "content")
    done = subprocess.run([sys.executable, "-m", "jixiao", "build"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "build" / "2024").glob("*.pdf"))) == 2  # not the checkout's
    assert "1 built" in done.stdout


def test_an_unknown_verb_is_one_usage_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "jixiao", "biuld"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "invalid choice: 'biuld'" in done.stderr
    assert "Traceback" not in done.stderr
