"""Build stamps: a report whose inputs have not changed since its last build is not rebuilt.

A report's key is a hash of everything its outputs depend on: its own folder (report.yaml,
data, sections, local blocks), last year's report.yaml and data (上年 figures), the blocks it
includes as its search path resolves them now (so a new override is a change), the templates,
the filters and the style spec, the fonts folder, the jixiao version and code, the pandoc and
typst versions, and the draft flag. The key and the block names are written to
build/<report>/.stamp with the outputs. Checking a stamp reads and hashes files only — no
data is parsed, nothing is rendered — so a build with nothing to do costs next to nothing.

The block names come from reading the templates when the report is built; they can change
only when a hashed file changes, and then the key changes too.

The generated reference.docx is cached under its own key (``reference_key``): the style spec,
the code of the convert stage that makes it, and the same versions.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from importlib import metadata
from pathlib import Path

from jixiao import __version__
from jixiao.convert.styles import StyleSpec
from jixiao.load.search_path import SearchPath
from jixiao.load.template import template_roots
from jixiao.markdown import pandoc_path
from jixiao.paths import FILTERS, FONTS, TEMPLATES

STAMP = ".stamp"
CODE = Path(__file__).resolve().parents[1]  # the whole jixiao package
CONVERT_CODE = CODE / "convert"  # what makes the reference.docx


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    """Files below ``folder`` in a stable order, hidden ones (.work, .stamp) left out."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _add_tree(digest, label: str, folder: Path, content: bool = True,
              pattern: str = "*") -> None:
    for path in _files(folder, pattern):
        digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
        if content:
            digest.update(path.read_bytes())
        else:
            digest.update(str(path.stat().st_size).encode())
        digest.update(b"\0")


def _read_tool_versions() -> str:
    done = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True,
                          check=True)
    return f"{done.stdout.splitlines()[0]}; typst {metadata.version('typst')}"


@cache
def ask_tool_versions() -> Future[str]:
    """Start reading the tool versions, on a thread: pandoc takes some 25 ms to say its
    version, which a build spends loading its first report meanwhile."""
    asking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="versions")
    versions = asking.submit(_read_tool_versions)
    asking.shutdown(wait=False)  # the thread ends with the answer
    return versions


def tool_versions() -> str:
    """The versions of the programs that shape the outputs: pandoc (its own ``--version``, the
    binary that runs) and the typst compiler."""
    return ask_tool_versions().result()


@cache
def tool_key() -> str:
    """What every report depends on alike: jixiao itself, pandoc and typst, templates,
    filters, style, fonts."""
    digest = hashlib.sha256(f"jixiao {__version__}\0{tool_versions()}\0".encode())
    _add_tree(digest, "code", CODE, pattern="*.py")  # not __pycache__, which imports write
    _add_tree(digest, "templates", TEMPLATES)
    _add_tree(digest, "filters", FILTERS)
    _add_tree(digest, "fonts", FONTS, content=False)  # large files: names and sizes
    return digest.hexdigest()


def reference_key(spec: StyleSpec) -> str:
    """The key of the reference.docx made from ``spec``: the spec, the convert stage's code,
    the jixiao, pandoc and typst versions."""
    digest = hashlib.sha256(f"jixiao {__version__}\0{tool_versions()}\0".encode())
    digest.update(spec.path.read_bytes())
    _add_tree(digest, "convert", CONVERT_CODE, pattern="*.py")
    return digest.hexdigest()[:16]


def resolve(name: str, search: SearchPath) -> Path | None:
    """The file a report's ``{% include name %}`` gets, as rendering resolves it (None when
    no folder holds it, or the search path refuses it)."""
    return search.lookup(name)


def report_key(folder: Path, search: list[Path], previous: Path, blocks: list[str],
               draft: bool) -> str:
    """The hash of every input of the report in ``folder``.

    ``previous`` is where last year's report is looked for, ``blocks`` the names it includes:
    both follow from the report's files, and are recorded in the stamp.
    """
    digest = hashlib.sha256(f"{tool_key()}\0draft={draft}\0".encode())
    _add_tree(digest, "report", folder)
    for root in template_roots(folder)[:-1]:  # the reports' own templates (jixiao's: tool_key)
        _add_tree(digest, f"templates {root}", root)
    last_year = previous / "report.yaml"
    if last_year.is_file():
        digest.update(b"previous/report.yaml\0" + last_year.read_bytes())
        _add_tree(digest, "previous/data", previous / "data")
    for name in blocks:
        block = resolve(name, search)
        digest.update(f"block {name} {block.resolve() if block else None}\0".encode())
        if block is not None:
            digest.update(block.read_bytes())
    return digest.hexdigest()


def read_stamp(out: Path) -> dict | None:
    """The stamp of ``out``, or None when there is none or it is unreadable."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def is_current(folder: Path, out: Path, search: list[Path], draft: bool) -> bool:
    """Whether ``out`` holds outputs built from the inputs ``folder``'s report has now."""
    stamp = read_stamp(out)
    if stamp is None or not all((out / name).is_file() for name in stamp.get("outputs", [])):
        return False
    key = report_key(folder, search, Path(stamp.get("previous", "")), stamp.get("blocks", []),
                     draft)
    return stamp.get("key") == key


def write_stamp(stage: Path, key: str, previous: Path, blocks: list[str],
                outputs: tuple[str, ...]) -> None:
    """Record the key of the inputs a build read beside its ``outputs`` (file names) in the
    staging folder ``stage``, which then switches into place with them.

    The key is computed before the build, so a file edited while it ran makes the next build
    run again rather than trust outputs made from the older text.
    """
    stamp = {"key": key, "previous": str(previous.resolve()), "blocks": blocks,
             "outputs": list(outputs)}
    (stage / STAMP).write_text(json.dumps(stamp, ensure_ascii=False, indent=1),
                               encoding="utf-8")
