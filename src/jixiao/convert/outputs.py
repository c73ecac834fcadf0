"""Both outputs of a report's documents: the DOCX side and the PDF side, side by side.

On two cores the two sides overlap: a thread runs pandoc to DOCX (making the reference.docx
first, when it is not cached) while this one runs pandoc to typst and chooses the fonts; then
the thread finishes each archive while this one compiles the PDFs. The typst compiler, which
holds the fonts it sets (some 100 MB of CJK faces), starts only once no pandoc runs, so a
build never holds it and a pandoc process at once; two pandoc processes share their program's
pages, each holding some 20 MB of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jixiao.convert.docx.finish import finish_docx
from jixiao.convert.engines import PandocJob, compile_pdf, run_pandoc
from jixiao.convert.pdf_fonts import choose_fonts
from jixiao.convert.styles import StyleSpec
from jixiao.convert.typst_page import typst_preamble


@dataclass(frozen=True)
class Conversion:
    """One document: its Markdown (written to ``source``) and what its outputs say of it."""

    source: Path
    markdown: str
    title: str
    cover_title: str
    creator: str


@dataclass(frozen=True)
class Converted:
    docx: bytes | None  # None when no DOCX was asked for
    pdf: bytes


def _pandoc_docx(documents: list[Conversion], reference: Callable[[], Path],
                 epoch: int) -> list[bytes]:
    options = (f"--reference-doc={reference()}",)
    return run_pandoc([PandocJob(d.source, "docx", options) for d in documents], epoch)


def _finish_all(documents: list[Conversion], written: list[bytes], spec: StyleSpec,
                epoch: int, draft: bool) -> list[bytes]:
    return [finish_docx(docx, spec, epoch, d.title, d.creator, draft)
            for d, docx in zip(documents, written, strict=True)]


def convert_documents(documents: list[Conversion], spec: StyleSpec,
                      reference: Callable[[], Path] | None, fonts_folder: Path, epoch: int,
                      draft: bool = False) -> list[Converted]:
    """Each document as DOCX and PDF, in order. ``reference`` gives the reference.docx;
    without it, the PDF alone.

    The Markdown and the typst source are left in the folder of ``source``, the build's
    work folder, for reading (and for ``invoke bench``); the typst compiler reads nothing
    outside it.
    """
    for document in documents:
        document.source.write_text(document.markdown, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as side:
        written = side.submit(_pandoc_docx, documents, reference, epoch) if reference else None
        bodies = run_pandoc([PandocJob(d.source, "typst") for d in documents], epoch)
        date = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
        sources = []
        for document, body in zip(documents, bodies, strict=True):
            fonts = choose_fonts(spec, document.markdown,
                                 [document.title, document.cover_title], fonts_folder)
            sources.append(typst_preamble(spec, fonts, document.title, document.creator, date,
                                          draft)
                           + "\n" + body.decode("utf-8"))
            document.source.with_suffix(".typ").write_text(sources[-1], encoding="utf-8")
        archives = (side.submit(_finish_all, documents, written.result(), spec, epoch, draft)
                    if written else None)
        pdfs = [compile_pdf(source, [fonts_folder], epoch, document.source.parent,
                            spec.output.pdf_standard)
                for document, source in zip(documents, sources, strict=True)]
        docx = archives.result() if archives else [None] * len(documents)
        return [Converted(*parts) for parts in zip(docx, pdfs, strict=True)]
