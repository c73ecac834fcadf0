"""Messages in the user's language: Chinese by default, English with --lang en or LANG=en_*.

The catalogue test extracts every message wrapped in ``_()`` (as ``pybabel extract`` does) and
finds it translated in the Chinese catalogue, so a message added without its translation fails
here, not in front of a user.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import FIXTURES
from jixiao.messages import LOCALE, catalogue, compile_catalogue, language, set_language
from jixiao.paths import CONTENT, ROOT
from report_edits import refusal

HAN = re.compile(r"[\u4e00-\u9fff]")
# What stays as typed in any language: paths, file names, commands and options, numbers,
# template names (the shipped ones, and the one the user typed).
NAMES = re.compile(r"[\w./-]*/[\w./-]*|[\w-]*\.(?:csv|xlsx|yaml)|jixiao check|init|--\w+|"
                   r"[\d.:]+|hunan|national|sichuan|hubei")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> set[str]:
    found = set()
    for folder in (ROOT / "src" / "jixiao", ROOT):
        for _file, _line, message, _comments, _context in extract_from_dir(
                folder, method_map=[("tasks.py" if folder == ROOT else "**.py", "python")],
                keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_its_chinese_translation():
    with open(LOCALE / "zh" / "LC_MESSAGES" / "jixiao.po", "rb") as source:
        catalogue = read_po(source)
    translated = {m.id if isinstance(m.id, str) else m.id[0]
                  for m in catalogue if m.id and m.string and not m.fuzzy}
    messages = extracted()
    assert len(messages) > 50
    assert sorted(messages - translated) == []


def test_each_compiled_catalogue_is_its_po_compiled_now():
    """What a run reads (jixiao.mo) is what the translator wrote (jixiao.po): a .po edited
    without ``invoke messages`` fails here."""
    sources = sorted(LOCALE.glob("*/LC_MESSAGES/jixiao.po"))
    assert sources
    for source in sources:
        code = source.parent.parent.name
        assert catalogue(code, ".mo").read_bytes() == compile_catalogue(code), (
            f"{catalogue(code, '.mo')} is older than its .po: run invoke messages")


@pytest.fixture
def chinese(monkeypatch):
    """A user with no language setting at all: LANG unset."""
    for variable in ("JIXIAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def test_the_language_follows_lang_and_defaults_to_chinese(chinese, monkeypatch):
    assert language() == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language() == "zh"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert language() == "zh"
    set_language("en")
    assert language() == "en"


@pytest.fixture
def taken_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def bad_inputs(tmp_path, port: int) -> list[list[str]]:
    """Commands of the people's verbs that a user gets wrong, each refused with one line."""
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("x", encoding="utf-8")
    seed = str(FIXTURES / "seed-as-filed")
    return [
        ["init", str(full)],
        ["init", str(tmp_path / "new"), "--template", "hubei"],
        ["export", "--report", seed, "--to", str(tmp_path / "forms.xlsx")],
        ["export", "--report", seed, "--to", str(tmp_path / "forms.csv")],
        ["workbook", "--report", str(tmp_path), "--to", str(tmp_path / "data.xlsx")],
        ["serve", "--report", str(CONTENT / "2024"), "--port", str(port)],
    ]


def test_bad_input_is_chinese_by_default(chinese, tmp_path, taken_port, capsys):
    for args in bad_inputs(tmp_path, taken_port):
        line = refusal(args, capsys)
        assert line.startswith("错误："), line
        english = NAMES.sub("", line.split(": ", 1)[1] if ": " in line else line)
        assert not re.search(r"[A-Za-z]{3,}", english), line
        assert HAN.search(english), line


def test_bad_input_is_english_with_lang_en(chinese, tmp_path, taken_port, capsys):
    for args in bad_inputs(tmp_path, taken_port):
        line = refusal(["--lang", "en", *args], capsys)
        assert line.startswith("error: ") and "; expected " in line, line
        assert not HAN.search(line.replace("草稿", "")), line


def test_findings_and_summary_are_chinese_by_default(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "invoke", "check", "--report",
                           str(FIXTURES / "seed-as-filed")], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert lines[-1].startswith("已检查 1 份报告：15 个错误，"), lines[-1]
    assert any(": 错误 GOAL " in line for line in lines)
    english = subprocess.run([sys.executable, "-m", "invoke", "check", "--report",
                              str(FIXTURES / "seed-as-filed")], cwd=ROOT,
                             env={**env, "LANG": "en_US.UTF-8"},
                             capture_output=True, text=True, check=False)
    assert english.stdout.splitlines()[-1].startswith("1 report checked: 15 error(s)")


def test_task_help_is_chinese_by_default(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    listing = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout
    assert "检查后将全部报告" in listing and "Check, then build" not in listing
    english = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT,
                             env={**env, "LANG": "en_GB.UTF-8"},
                             capture_output=True, text=True, check=True).stdout
    assert "Check, then build" in english
