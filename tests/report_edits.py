"""Making a writable copy of a report, changing it, and reading the one-line error it then gives."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from jixiao.cli import run_build
from jixiao.paths import CONTENT, ROOT

TWO_PROJECTS = ROOT / "tests" / "fixtures" / "two-projects"


def copy_report(source: Path, content: Path, name: str | None = None) -> Path:
    """A copy of ``source`` in the content folder ``content``, the shared blocks beside it."""
    target = content / (name or source.name)
    shutil.copytree(source, target)
    if not (content / "blocks").exists():
        shutil.copytree(CONTENT / "blocks", content / "blocks")
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new``; ``old`` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes below ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def build_error(report: Path, out: Path, capsys) -> str:
    """The one line a failing build of ``report`` prints, after asserting exit 1, no
    traceback and no output written."""
    status = run_build(str(report), out_root=out)
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert not any(p.suffix in (".docx", ".pdf") for p in out.rglob("*"))
    return lines[0]
