"""Building one report: load → derive → render → check → convert → write, top to bottom.

``build_report`` is the one place the stages are composed: the batch build, the preview and
the benchmark (through the batch) all build through it, so every path that writes a final
document has checked it first. A report with check errors is refused, and nothing written,
unless it is built as a draft (草稿 on every page).

Outputs are written all or nothing (``outputs``): every file goes into a staging folder, which
replaces the report's output folder whole once everything is written, so a failed build leaves
the earlier outputs as they were. Nothing is ever written under the report's own folder.
"""

from __future__ import annotations

import calendar
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.build.outputs import staged, write_output
from jixiao.build.stamp import reference_key
from jixiao.checks.findings import Finding
from jixiao.convert.docx.reference import build_reference_docx
from jixiao.convert.outputs import Conversion, Conversions, Converted
from jixiao.convert.styles import StyleSpec, load_styles
from jixiao.errors import ConversionError
from jixiao.load.search_path import content_root, search_path
from jixiao.load.settings import Report
from jixiao.markdown import pandoc_path
from jixiao.messages import _
from jixiao.paths import BUILD, CONTENT, FONTS
from jixiao.render.document import RenderedDocument, render_document
from jixiao.render.forms import forms_markdown
from jixiao.render.inputs import Loaded, load_inputs
from jixiao.render.paging import FormPage

WORK = ".work"  # the intermediate Markdown and typst files, kept beside the outputs


class ChecksFailed(Exception):
    """The checks found errors in a report not built as a draft: nothing was written."""

    def __init__(self, folder: Path, findings: list[Finding]):
        super().__init__(f"{folder} has errors")
        self.folder, self.findings = folder, findings


@dataclass(frozen=True)
class Built:
    report: Report
    outputs: tuple[Path, ...]
    findings: tuple[Finding, ...] = ()  # what the checks found (warnings, or a draft's errors)
    draft: bool = False  # built as a draft, asked for or declared (``Report.drafted``)


def output_folder(report_folder: Path, build_root: Path = BUILD) -> Path:
    """build/ mirrors content/: content/2024 → build/2024, content/<unit>/2024 → build/<unit>/2024.

    The content folder is the one above the report that holds blocks/ (content/ by default).
    """
    folder = report_folder.resolve()
    for root in (content_root(folder, CONTENT).resolve(), CONTENT.resolve(), Path.cwd().resolve()):
        if root in folder.parents:
            return build_root / folder.relative_to(root)
    return build_root / folder.name  # never build/ itself: it holds every report's folder


def source_epoch(report: Report) -> int:
    """SOURCE_DATE_EPOCH when set, else the report date: the timestamp inside every output."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    return calendar.timegm(report.report_date.timetuple())


class ReferenceDocx:
    """The reference.docx for a style spec: the cached one (``stamp.reference_key`` names it),
    or one being made for this build.

    A missing one starts from pandoc's default reference.docx, asked for at once (a process,
    which runs beside the rendering), and is edited once the documents are rendered, while
    pandoc writes typst (``jixiao.convert.outputs``): never beside the rendering, which would
    wait for Python's lock meanwhile. It is made in a temporary folder and joins the cache
    only when the build writes its outputs (``close(keep=True)``): a refused build leaves
    nothing behind.
    """

    def __init__(self, spec: StyleSpec, cache: Path):
        self.spec, self.cache = spec, cache
        self.target = cache / f"reference-{reference_key(spec)}.docx"
        self._default: subprocess.Popen | None = None
        self._given, self._said = b"", b""  # pandoc's default reference.docx, its stderr
        self._made: Path | None = None
        if not self.target.is_file():
            self._folder = tempfile.TemporaryDirectory(prefix="jixiao-reference-")
            self._default = subprocess.Popen(
                [pandoc_path(), "--print-default-data-file", "reference.docx"],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def ready(self) -> None:
        """Return once pandoc has given its default reference.docx (kept for ``path``)."""
        if self._default is None:
            return
        if self._default.returncode is None:
            self._given, self._said = self._default.communicate()
        if self._default.returncode != 0:
            raise ConversionError(_("pandoc gave no default reference.docx"),
                                  self._said.decode().strip())

    def path(self) -> Path:
        """The file to convert against, made first if need be."""
        if self._default is None:
            return self.target
        if self._made is None:
            self.ready()
            self._made = Path(self._folder.name) / self.target.name
            self._made.write_bytes(build_reference_docx(self.spec, self._given))
        return self._made

    def close(self, keep: bool) -> None:
        """Put the file made for this build into the cache (``keep``), or remove it."""
        if self._default is None:
            return
        if self._default.returncode is None:  # never waited for: the build failed before
            self._default.communicate()
        if keep and self._made is not None:
            self.cache.mkdir(parents=True, exist_ok=True)
            arriving = self.cache / f".{self.target.name}.{os.getpid()}.{threading.get_ident()}"
            shutil.copyfile(self._made, arriving)
            os.replace(arriving, self.target)  # whole, even with another build making it too
        self._folder.cleanup()


def render_report(folder: Path, draft: bool = False,
                  loaded: Loaded | None = None) -> tuple[Report, list[RenderedDocument]]:
    """Every document of the report in ``folder``, as Markdown (a draft's despite a missing
    section); ``loaded`` spares loading its inputs again when the caller has them."""
    loaded = loaded or load_inputs(folder)
    report, derived, context = loaded.report, loaded.derived, loaded.context
    projects = [project.name for project in derived.projects]
    outlines = {key: outline.for_report(report, projects)
                for key, outline in report.outline.items()}
    search = search_path(report.folder, CONTENT)
    page = FormPage.of(load_styles(report.template.styles))  # where the forms' pages break
    documents = [render_document(report, outlines[key], context, search,
                                 forms_markdown(report, derived, outlines[key].attachments,
                                                page),
                                 draft)
                 for key in report.documents]
    return report, documents


def build_report(folder: Path, out: Path, draft: bool = False, progress=print,
                 cache: Path | None = None,
                 stamp: Callable[[Path, tuple[str, ...]], None] | None = None,
                 docx: bool = True) -> Built:
    """Check and build every document of the report in ``folder`` into ``out``.

    Raises ChecksFailed when the checks find errors and the build is no draft, UserError at a
    mistake in the input. ``cache`` holds the generated reference.docx (by default beside
    ``out``); a batch passes one folder for all its reports, so the file is made once, not once
    per unit. ``stamp(stage, names)`` writes the build's stamp into the staging folder, so it
    switches into place with the outputs it describes. Without ``docx``, the PDF alone (the
    live preview's rebuild on every save).

    The conversions are made in memory, from the moment the documents are rendered; the checks
    run while the PDFs compile, and the outputs are written only once they have passed.
    """
    loaded = load_inputs(folder)  # load, derive
    report = loaded.report
    draft = report.drafted(draft)
    spec = load_styles(report.template.styles)
    reference = ReferenceDocx(spec, cache or out.parent / ".cache") if docx else None
    conversions = Conversions(spec, reference, FONTS, source_epoch(report), draft)
    written = False
    try:
        report, documents = render_report(folder, draft, loaded)  # render
        conversions.start([Conversion(d.markdown, d.titles["title"], d.titles["cover_title"],
                                      report.unit_name) for d in documents])  # convert
        conversions.compile()
        from jixiao.checks.runner import check_report, has_errors  # loaded as typst compiles

        findings = check_report(folder, loaded)  # check
        if has_errors(findings) and not draft:
            raise ChecksFailed(folder, findings)
        with staged(out) as stage:  # write
            names = write_documents(documents, conversions.results(), stage, progress)
            if stamp is not None:
                stamp(stage, names)
        written = True
    finally:
        conversions.close()
        if reference is not None:
            reference.close(keep=written)
    return Built(report, tuple(out / name for name in names), tuple(findings), draft)


def write_documents(documents: list[RenderedDocument], converted: list[Converted],
                    stage: Path, progress) -> tuple[str, ...]:
    """Each document's outputs written into the staging folder ``stage``, its Markdown and
    typst source into its work folder (for reading, and for ``invoke bench``); the names of
    the outputs written."""
    work = stage / WORK
    work.mkdir()
    names: list[str] = []
    for document, outputs in zip(documents, converted, strict=True):
        stem = document.titles["output"]
        (work / f"{stem}.md").write_text(document.markdown, encoding="utf-8")
        (work / f"{stem}.typ").write_text(outputs.typst, encoding="utf-8")
        for suffix, content in ((".docx", outputs.docx), (".pdf", outputs.pdf)):
            if content is not None:
                names.append(f"{stem}{suffix}")
                write_output(stage / names[-1], content)
        progress("  " + _("{stem}: converted").format(stem=stem))
    return tuple(names)
