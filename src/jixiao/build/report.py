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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.build.outputs import staged, write_output
from jixiao.build.stamp import reference_key
from jixiao.checks import Finding, check_report, has_errors
from jixiao.convert.outputs import Conversion, convert_documents
from jixiao.convert.styles import StyleSpec, load_styles
from jixiao.load.search_path import content_root, search_path
from jixiao.load.settings import Report
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


def reference_docx(spec: StyleSpec, cache: Path) -> Path:
    """The reference.docx for ``spec``, generated once per key (``stamp.reference_key``)."""
    key = reference_key(spec)
    target = cache / f"reference-{key}.docx"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        from jixiao.convert.docx.reference import build_reference_docx  # python-docx, if need be

        partial = cache / f".reference-{key}.{os.getpid()}.docx"
        try:
            build_reference_docx(spec, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


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

    Raises ChecksFailed when the checks find errors and ``draft`` is not set, UserError at a
    mistake in the input. ``cache`` holds the generated reference.docx (by default beside
    ``out``); a batch passes one folder for all its reports, so the file is made once, not once
    per unit. ``stamp(stage, names)`` writes the build's stamp into the staging folder, so it
    switches into place with the outputs it describes. Without ``docx``, the PDF alone (the
    live preview's rebuild on every save).
    """
    loaded = load_inputs(folder)  # load, derive
    report, documents = render_report(folder, draft, loaded)  # render
    findings = check_report(folder, loaded)  # check
    if has_errors(findings) and not draft:
        raise ChecksFailed(folder, findings)
    with staged(out) as stage:  # convert, write
        names = write_documents(report, documents, stage, draft, progress,
                                cache or out.parent / ".cache", docx)
        if stamp is not None:
            stamp(stage, names)
    return Built(report, tuple(out / name for name in names), tuple(findings))


def write_documents(report: Report, documents: list[RenderedDocument], stage: Path,
                    draft: bool, progress, cache: Path, docx: bool = True) -> tuple[str, ...]:
    """Convert rendered documents to DOCX (when ``docx``) and PDF in the staging folder
    ``stage`` (marked 草稿 when ``draft``); the names of the files written."""
    spec = load_styles(report.template.styles)
    epoch = source_epoch(report)
    work = stage / WORK
    work.mkdir()
    conversions = [Conversion(work / f"{d.titles['output']}.md", d.markdown, d.titles["title"],
                              d.titles["cover_title"], report.unit_name) for d in documents]
    converted = convert_documents(
        conversions, spec, (lambda: reference_docx(spec, cache)) if docx else None,
        FONTS, epoch, draft)
    names: list[str] = []
    for document, outputs in zip(documents, converted, strict=True):
        stem = document.titles["output"]
        for suffix, content in ((".docx", outputs.docx), (".pdf", outputs.pdf)):
            if content is not None:
                names.append(f"{stem}{suffix}")
                write_output(stage / names[-1], content)
        progress("  " + _("{stem}: DOCX done, compiling PDF").format(stem=stem))
    return tuple(names)
