"""Markdown to DOCX and PDF: pandoc with the project's Lua filters, and the typst compiler.

DOCX: pandoc writes it against the generated reference.docx. PDF: pandoc's typst writer
gives the body, the page template gives the preamble, the typst Python package compiles it.

Neither reads more than it is given: pandoc runs with --sandbox (it reads only the files on
its command line — source, reference.docx, filters — so no image or include named in content
is fetched), and typst's project root is the build's work folder, which holds only what the
build wrote, so no path in the document reaches the project or the machine.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jixiao.convert.tools import pandoc_path
from jixiao.paths import FILTERS, resource

# pandoc's runtime reserves a 64 MB heap up front (-H64m); a report needs far less, and a
# batch runs a pandoc per core: -H1m takes about 60 MB off each, and is no slower.
RTS = ("+RTS", "-H1m", "-RTS")
READER = "markdown-markdown_in_html_blocks-auto_identifiers"
FILTER_ORDER = [
    "tables.lua",
    "heading-numbers.lua",
    "page-break.lua",
    "styled-blocks.lua",
    "table-layout.lua",
]


class ConversionError(RuntimeError):
    """pandoc or typst failed on input jixiao produced: a defect, not a user's mistake."""


def filter_args() -> list[str]:
    """The Lua filters, in their order; a missing one is an error, never skipped (the outputs
    would silently lose what it does)."""
    return [f"--lua-filter={resource(FILTERS, name)}" for name in FILTER_ORDER]


@dataclass(frozen=True)
class PandocJob:
    """One pandoc run: Markdown file ``source`` to ``target`` with ``extra`` options."""

    source: Path
    target: str
    extra: tuple[str, ...] = ()


def pandoc_args(source: Path, target: str, extra: list[str] | tuple[str, ...]) -> list[str]:
    """The pandoc command converting the Markdown file ``source`` to ``target`` on stdout."""
    return [pandoc_path(), *RTS, "--sandbox", f"--from={READER}", f"--to={target}",
            "--syntax-highlighting=none", *filter_args(), *extra, "--output=-", str(source)]


def _run(job: PandocJob, env: dict[str, str]) -> bytes:
    done = subprocess.run(pandoc_args(job.source, job.target, job.extra), env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, check=False)
    if done.returncode != 0:
        raise ConversionError(f"pandoc to {job.target} failed on {job.source}: "
                              f"{done.stderr.decode().strip()}")
    return done.stdout


def run_pandoc(jobs: list[PandocJob], epoch: int) -> list[bytes]:
    """Every job's output, in order, one at a time.

    A pandoc process holds some 115 MB resident, of which about 95 MB are pages of the pandoc
    program itself, shared with any other pandoc running: the DOCX and the PDF side of a
    build each run their jobs through here at the same time (jixiao.convert.outputs).
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    return [_run(job, env) for job in jobs]


@cache
def typst_fonts(folders: tuple[str, ...]):
    """The machine's fonts and ``folders``', read once per process.

    Given folder names, typst scans every font of the machine on each compile; given this
    set, it does not: three times faster per document, and 120 MB less held after a few.
    """
    import typst

    return typst.Fonts(include_system_fonts=True, font_paths=list(folders))


def compile_pdf(source: str, font_paths: list[Path], epoch: int, root: Path) -> bytes:
    """The PDF of a typst ``source``, with fonts from ``font_paths`` and the system.

    ``root`` is the only folder the document can read from.
    """
    import typst

    try:
        return typst.compile(
            source.encode("utf-8"),
            root=str(root),
            font_paths=typst_fonts(tuple(str(p) for p in font_paths if p.is_dir())),
            timestamp=epoch,
        )
    except Exception as exc:  # typst raises its own error types with the diagnostics
        raise ConversionError(f"typst failed: {exc}") from exc
