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
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jixiao.errors import ConversionError
from jixiao.markdown import READER, RTS, pandoc_path
from jixiao.messages import _
from jixiao.paths import FILTERS, resource

FILTER_ORDER = [
    "tables.lua",
    "text-as-typed.lua",
    "heading-numbers.lua",
    "page-break.lua",
    "styled-blocks.lua",
    "table-layout.lua",
    "full-width-punctuation.lua",
]


# A package spec ("@preview/cetz:0.2.2") where typst code, not text, stands: pandoc's writer
# escapes an @ of text as \@, so only raw typst could hold one, and typst would download it.
PACKAGE_IMPORT = re.compile(r'(?<!\\)"@[^"\s]*/')


def filter_args() -> list[str]:
    """The Lua filters, in their order; a missing one is an error, never skipped (the outputs
    would silently lose what it does)."""
    return [f"--lua-filter={resource(FILTERS, name)}" for name in FILTER_ORDER]


@dataclass(frozen=True)
class PandocJob:
    """One pandoc run: the Markdown text ``markdown`` to ``target`` with ``extra`` options."""

    markdown: str
    target: str
    extra: tuple[str, ...] = ()


def pandoc_args(source: Path | None, target: str, extra: list[str] | tuple[str, ...]) -> list[str]:
    """The pandoc command converting the Markdown file ``source`` (standard input when None)
    to ``target`` on stdout."""
    return [pandoc_path(), *RTS, "--sandbox", f"--from={READER}", f"--to={target}",
            "--syntax-highlighting=none", *filter_args(), *extra, "--output=-",
            *([str(source)] if source else [])]


def run_pandoc(job: PandocJob, epoch: int) -> bytes:
    """The output of one pandoc run, its Markdown given on standard input.

    A pandoc process holds some 112 MB (proportional), of which about 95 MB are pages of the
    pandoc program itself, shared with any other pandoc running: a build runs two at a time
    (jixiao.convert.outputs).
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    done = subprocess.run(pandoc_args(None, job.target, job.extra), env=env,
                          input=job.markdown.encode("utf-8"), capture_output=True, check=False)
    if done.returncode != 0:
        raise ConversionError(_("pandoc to {target} failed").format(target=job.target.upper()),
                              done.stderr.decode().strip())
    return done.stdout


def typst_fonts(font_paths: list[Path]):
    """The machine's fonts and those of the folders of ``font_paths`` that exist, listed once
    per process (some 50 ms, holding Python's lock throughout).

    Given folder names, typst scans every font of the machine on each compile; given this
    set, it does not: three times faster per document, and 120 MB less held after a few.
    """
    return _typst_fonts(tuple(str(p) for p in font_paths if p.is_dir()))


@cache
def _typst_fonts(folders: tuple[str, ...]):
    import typst

    return typst.Fonts(include_system_fonts=True, font_paths=list(folders))


def compile_pdf(source: str, font_paths: list[Path], epoch: int, root: Path,
                standard: str = "") -> bytes:
    """The PDF of a typst ``source``, with fonts from ``font_paths`` and the system.

    ``root`` is the only folder the document can read from; ``standard`` names the PDF
    standard to meet (typst's name for it, "a-2b"), none when empty.
    """
    import typst

    if PACKAGE_IMPORT.search(source):
        raise ConversionError(_("typst source imports a package; the PDF is made offline from "
                                "the page template and the document alone"))
    try:
        return typst.compile(
            source.encode("utf-8"),
            root=str(root),
            font_paths=typst_fonts(font_paths),
            timestamp=epoch,
            **({"pdf_standards": [standard]} if standard else {}),
        )
    except Exception as exc:  # typst raises its own error types with the diagnostics
        raise ConversionError(_("typst failed"), str(exc)) from exc
