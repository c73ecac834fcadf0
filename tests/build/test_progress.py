"""Progress of a long run: a bar on a terminal, a plain line per report otherwise."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios

from jixiao.cli import run_check
from jixiao.paths import CONTENT, ROOT

UNIT = "循环经济服务中心"


def two_reports(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "2024", content / "2024")
    shutil.copytree(CONTENT / UNIT, content / UNIT)
    shutil.copytree(CONTENT / "blocks", content / "blocks")
    return content


def on_a_terminal(command: list[str], env: dict[str, str]) -> str:
    """What ``command`` prints on a terminal (a pseudo-terminal), stdout and stderr together."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_batch_build_shows_a_bar_on_a_terminal_and_lines_otherwise(tmp_path):
    content = two_reports(tmp_path)
    env = {**os.environ, "JIXIAO_BUILD": str(tmp_path / "build"), "JIXIAO_LANG": "en",
           "PYTHONIOENCODING": "utf-8"}  # a UTF-8 terminal, whatever the machine's locale
    command = [sys.executable, "-m", "invoke", "build", "--report", str(content)]
    shown = on_a_terminal(command, env)
    assert "2/2" in shown and "█" in shown  # tqdm's bar
    assert "[####################] 2/2" not in shown
    assert f"built {content}/" in shown  # each report's line, scrolled above the bar
    plain = subprocess.run([*command, "--force"], cwd=ROOT, env=env, capture_output=True,
                           text=True, check=True).stdout
    assert "█" not in plain and "\r" not in plain
    progress = [line for line in plain.splitlines() if line.startswith("[")]
    assert progress[0].startswith("[##########..........] 1/2 built ")
    assert progress[1].startswith("[####################] 2/2 built ")


def test_a_check_of_several_reports_counts_them_on_stderr(tmp_path, capsys):
    content = two_reports(tmp_path)
    assert run_check(str(content)) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"[##########..........] 1/2 checked {content}/2024",
        f"[####################] 2/2 checked {content}/{UNIT}/2024"]
    assert captured.out.splitlines()[-1].startswith("2 reports checked: 0 error(s)")
