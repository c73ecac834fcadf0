"""Markdown to DOCX and PDF: pandoc with the project's Lua filters, and the typst compiler.

DOCX: pandoc writes it against the generated reference.docx. PDF: pandoc's typst writer
gives the body, the page template gives the preamble, the typst Python package compiles it.
Both pandoc runs start at once, so the two cores work side by side.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .paths import FILTERS
from .tools import pandoc_path

READER = "markdown-markdown_in_html_blocks-auto_identifiers"
FILTER_ORDER = ("html-tables.lua", "heading-numbers.lua", "page-break.lua",
                "styled-blocks.lua", "table-layout.lua")


class ConversionError(RuntimeError):
    """pandoc or typst failed on input jixiao produced: a defect, not a user's mistake."""


def filter_args() -> list[str]:
    return [f"--lua-filter={FILTERS / name}" for name in FILTER_ORDER
            if (FILTERS / name).is_file()]


@dataclass(frozen=True)
class PandocJob:
    """One pandoc run, started at once and awaited later."""

    process: subprocess.Popen
    target: str

    def wait(self) -> bytes:
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            raise ConversionError(f"pandoc to {self.target} failed: {err.decode().strip()}")
        return out


def pandoc_args(source: Path, target: str, extra: list[str]) -> list[str]:
    """The pandoc command converting the Markdown file ``source`` to ``target`` on stdout."""
    return [pandoc_path(), f"--from={READER}", f"--to={target}", *filter_args(), *extra,
            "--output=-", str(source)]


def start_pandoc(source: Path, target: str, extra: list[str], epoch: int) -> PandocJob:
    """Start pandoc converting the Markdown file ``source`` to ``target``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    process = subprocess.Popen(pandoc_args(source, target, extra), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return PandocJob(process, target)


def compile_pdf(source: str, font_paths: list[Path], epoch: int) -> bytes:
    """The PDF of a typst ``source``, with fonts from ``font_paths`` and the system."""
    import typst

    try:
        return typst.compile(
            source.encode("utf-8"),
            font_paths=[str(p) for p in font_paths if p.is_dir()],
            timestamp=epoch,
        )
    except Exception as exc:  # typst raises its own error types with the diagnostics
        raise ConversionError(f"typst failed: {exc}") from exc
