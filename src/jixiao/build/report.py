"""Building a report: load → derive → render → convert → write, top to bottom.

Outputs are written only when every document of the report converted: each goes to a
temporary file beside its target and is renamed into place, so a failed build leaves the
earlier outputs as they were. Nothing is ever written under the report's own folder.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jixiao import __version__
from jixiao.convert.outputs import Conversion, convert_documents
from jixiao.render.document import RenderedDocument, render_document
from jixiao.render.forms import forms_markdown
from jixiao.render.inputs import Loaded, load_inputs
from jixiao.load.outline import load_outline
from jixiao.paths import BUILD, CONTENT, FONTS
from jixiao.load.settings import Report
from jixiao.load.search_path import content_root, search_path
from jixiao.convert.styles import StyleSpec, load_styles


@dataclass(frozen=True)
class Built:
    report: Report
    outputs: tuple[Path, ...]


def output_folder(report_folder: Path, build_root: Path = BUILD) -> Path:
    """build/ mirrors content/: content/2024 → build/2024, content/<unit>/2024 → build/<unit>/2024.

    The content folder is the one above the report that holds blocks/ (content/ by default).
    """
    folder = report_folder.resolve()
    for root in (content_root(folder, CONTENT).resolve(), CONTENT.resolve(), Path.cwd().resolve()):
        if folder == root or root in folder.parents:
            return build_root / folder.relative_to(root)
    return build_root / folder.name


def source_epoch(report: Report) -> int:
    """SOURCE_DATE_EPOCH when set, else the report date: the timestamp inside every output."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    return calendar.timegm(report.report_date.timetuple())


def reference_docx(spec: StyleSpec, cache: Path) -> Path:
    """The reference.docx for ``spec``, generated once per spec and jixiao version."""
    convert = Path(__file__).resolve().parents[1] / "convert"
    makers = b"".join(path.read_bytes()  # the code of the convert stage shapes it too
                      for path in sorted(convert.rglob("*.py")))
    key = hashlib.sha256(spec.path.read_bytes() + makers
                         + __version__.encode()).hexdigest()[:16]
    target = cache / f"reference-{key}.docx"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        from jixiao.convert.docx.reference import build_reference_docx  # python-docx only when needed

        partial = cache / f".reference-{key}.{os.getpid()}.docx"
        build_reference_docx(spec, partial)
        os.replace(partial, target)
    return target


def render_report(folder: Path, draft: bool = False,
                  loaded: Loaded | None = None) -> tuple[Report, list[RenderedDocument]]:
    """Every document of the report in ``folder``, as Markdown (a draft's despite a missing
    section); ``loaded`` spares loading its inputs again when the caller has them."""
    loaded = loaded or load_inputs(folder)
    report, derived, context = loaded.report, loaded.derived, loaded.context
    outlines = load_outline()
    search = search_path(report.folder, CONTENT)
    documents = [render_document(report, outlines[key], context, search,
                                 forms_markdown(report, derived, outlines[key].attachments),
                                 draft)
                 for key in report.documents]
    return report, documents


def build_report(folder: Path, out: Path, draft: bool = False,
                 progress=print) -> Built:
    """Build every document of the report in ``folder`` into ``out``."""
    report, documents = render_report(folder, draft)
    return write_documents(report, documents, out, draft, progress)


def write_documents(report: Report, documents: list[RenderedDocument], out: Path,
                    draft: bool = False, progress=print, cache: Path | None = None) -> Built:
    """Convert rendered documents to DOCX and PDF in ``out`` (marked 草稿 when ``draft``).

    ``cache`` holds the generated reference.docx (by default beside ``out``); a batch passes
    one folder for all its reports, so the file is made once, not once per unit.
    """
    spec = load_styles()
    epoch = source_epoch(report)
    work = out / ".work"
    work.mkdir(parents=True, exist_ok=True)
    cache = cache or (out.parent / ".cache" if out.parent != out else work)
    conversions = [Conversion(work / f"{d.titles['output']}.md", d.markdown, d.titles["title"],
                              d.titles["cover_title"], report.unit_name) for d in documents]
    converted = convert_documents(conversions, spec, lambda: reference_docx(spec, cache),
                                  FONTS, epoch, draft)
    staged: list[tuple[Path, bytes]] = []
    for document, outputs in zip(documents, converted, strict=True):
        stem = document.titles["output"]
        staged += [(out / f"{stem}.docx", outputs.docx), (out / f"{stem}.pdf", outputs.pdf)]
        progress(f"  {stem}: DOCX and PDF done")
    for target, content in staged:
        write_atomic(target, content)
    return Built(report, tuple(target for target, _ in staged))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename.

    The file gets the permissions of any file the user creates (mkstemp's are owner-only),
    so that outputs can be shared from a network folder.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
