"""Both outputs of a report's documents, made side by side on two cores.

The conversions start as soon as the documents are rendered (``Conversions``) and are made in
memory; the build runs its checks while the PDFs compile (``Conversions.compile``) and writes
the outputs only once the checks have passed (``Conversions.results``). A refused report's
conversions are dropped (``Conversions.close``), and nothing of them is written.

The order of the work, measured on two cores:

- two pandoc processes at a time: first pandoc → typst of each document (the PDF's path is the
  longer one), then pandoc → DOCX of each, against the reference.docx (made on the side thread
  when it is not cached); each DOCX archive is finished, in one pass, as its pandoc ends;
- meanwhile this thread chooses each document's fonts and lists the machine's for typst
  (some 50 ms and 12 MB; the listing holds Python's lock, so it runs here, where nothing
  else waits for the lock, rather than beside the loading and rendering);
- the typst compiler reads whole the CJK faces it sets (some 117 MB) and a pandoc process
  holds some 112 MB, so the PDFs are compiled only once no pandoc runs, or a build would pass
  200 MB. They compile one after another on a thread of their own (the second one finds the
  fonts read: side by side, both would read them, slower and some 20 MB larger); the
  compiler releases Python's lock, so the checks and the DOCX finishing run meanwhile on the
  other core.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from jixiao.convert.docx.finish import finish_docx
from jixiao.convert.engines import PandocJob, compile_pdf, run_pandoc, typst_fonts
from jixiao.convert.styles import StyleSpec
from jixiao.convert.typst_page import typst_preamble

AT_ONCE = 2  # pandoc processes, then typst compiles, running at the same time: the cores


@dataclass(frozen=True)
class Conversion:
    """One document: its Markdown and what its outputs say of it."""

    markdown: str
    title: str
    cover_title: str
    creator: str


class Reference(Protocol):
    """The reference.docx the DOCX side converts against."""

    def ready(self) -> None:
        """Return once no process making it runs."""

    def path(self) -> Path:
        """The file, made first if need be."""


@dataclass(frozen=True)
class Converted:
    docx: bytes | None  # None when no DOCX was asked for
    pdf: bytes
    typst: str  # the typst source the PDF was compiled from, to leave beside the outputs


class Conversions:
    """Each document's DOCX (when ``reference`` gives the reference.docx) and PDF, under way.

    Made before the documents are rendered (the reference.docx it is given may be under way
    meanwhile); ``start`` gives the documents, ``compile`` starts the PDFs, ``results`` waits
    for everything, ``close`` ends every thread.
    """

    def __init__(self, spec: StyleSpec, reference: Reference | None,
                 fonts_folder: Path, epoch: int, draft: bool = False):
        self.spec, self.epoch, self.draft = spec, epoch, draft
        self.fonts_folder = fonts_folder
        self._workers = ThreadPoolExecutor(max_workers=AT_ONCE, thread_name_prefix="convert")
        self._side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convert-side")
        self._compiling = ThreadPoolExecutor(max_workers=1, thread_name_prefix="typst")
        self._root = tempfile.TemporaryDirectory(prefix="jixiao-typst-")  # typst reads nothing
        self.reference = reference
        self._reference: Future[Path] | None = None
        self.documents: list[Conversion] = []
        self._bodies: list[Future[bytes]] = []
        self._written: list[Future[bytes]] = []
        self._archives: list[Future[bytes]] = []
        self._sources: list[str] = []
        self._pdfs: list[Future[bytes]] = []

    def start(self, documents: list[Conversion]) -> None:
        """Start pandoc on ``documents``: typst first, then DOCX.

        The pandoc that gives the default reference.docx, asked for before the documents were
        rendered, has ended first, so that no more than two pandoc processes ever run at once
        (three would take a build past 200 MB); the reference.docx is then made on the side
        thread while pandoc writes typst.
        """
        if self.reference is not None:
            self.reference.ready()
            self._reference = self._side.submit(self.reference.path)
        self.documents = documents
        self._bodies = [self._workers.submit(run_pandoc, PandocJob(d.markdown, "typst"),
                                             self.epoch)
                        for d in documents]
        if self._reference is not None:
            self._written = [self._workers.submit(self._pandoc_docx, d, self._reference)
                             for d in documents]
            self._archives = [self._side.submit(self._finish, d, written)
                              for d, written in zip(documents, self._written, strict=True)]

    def _pandoc_docx(self, document: Conversion, reference: Future[Path]) -> bytes:
        options = (f"--reference-doc={reference.result()}",)
        return run_pandoc(PandocJob(document.markdown, "docx", options), self.epoch)

    def _finish(self, document: Conversion, written: Future[bytes]) -> bytes:
        return finish_docx(written.result(), self.spec, self.epoch, document.title,
                           document.creator, self.draft)

    def compile(self) -> None:
        """Start compiling the PDFs, once every pandoc has ended; returns at once after."""
        from jixiao.convert.pdf_fonts import choose_fonts  # markdown-it, loaded as pandoc runs

        date = dt.datetime.fromtimestamp(self.epoch, dt.timezone.utc).date()
        for document, body in zip(self.documents, self._bodies, strict=True):
            fonts = choose_fonts(self.spec, document.markdown,
                                 [document.title, document.cover_title], self.fonts_folder)
            self._sources.append(typst_preamble(self.spec, fonts, document.title,
                                                document.creator, date, self.draft)
                                 + "\n" + body.result().decode("utf-8"))
        typst_fonts([self.fonts_folder])
        wait(self._written)  # no pandoc runs any more: the compiler may read its fonts
        self._pdfs = [self._compiling.submit(compile_pdf, source, [self.fonts_folder],
                                             self.epoch, Path(self._root.name),
                                             self.spec.output.pdf_standard)
                      for source in self._sources]

    def results(self) -> list[Converted]:
        """Every document's outputs, in order (compiling them first, if need be)."""
        if not self._pdfs:
            self.compile()
        docx = [archive.result() for archive in self._archives] or [None] * len(self._pdfs)
        return [Converted(archive, pdf.result(), source) for archive, pdf, source
                in zip(docx, self._pdfs, self._sources, strict=True)]

    def close(self) -> None:
        """Drop what has not started and wait for what has (a pandoc process ends in a
        fraction of a second): no thread or process outlives the build."""
        for pool in (self._workers, self._side, self._compiling):
            pool.shutdown(wait=True, cancel_futures=True)
        self._root.cleanup()

