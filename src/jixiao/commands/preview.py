"""A report's two renderings side by side: our PDF, and our DOCX as LibreOffice draws it.

Writers send the DOCX to people who open it in Word or WPS. The preview shows, page by page,
what they will see next to what the PDF shows, so a column squeezed, a page break moved or a
font replaced is seen before the report leaves. The page is static HTML with relative image
paths: it opens from the file system, with nothing to serve. The folder is staged and switched
in whole, as a build's outputs are, so a failed preview leaves the previous one as it was.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from jixiao.build.outputs import staged
from jixiao.convert.fonts import choose_font
from jixiao.convert.libreoffice import libreoffice_pdfs
from jixiao.convert.styles import StyleSpec
from jixiao.errors import ConversionError, UserError
from jixiao.messages import _
from jixiao.paths import FONTS

DPI = 80
SIDES = (("ours", "PDF"), ("office", "DOCX（LibreOffice 打开）"))
STYLE = """body { font-family: sans-serif; margin: 1em; background: #eee; }
table { border-collapse: collapse; }
th, td { padding: 6px; vertical-align: top; text-align: center; }
img { background: white; box-shadow: 0 0 4px #888; }
.differs { color: #b00; }"""


def page_images(pdf: Path, folder: Path, prefix: str) -> list[Path]:
    """Every page of ``pdf`` as ``folder``/``prefix``-N.png, in page order."""
    if not shutil.which("pdftoppm"):
        raise UserError(Path("pdftoppm"), _("pdftoppm is not installed"),
                        _("pdftoppm on the PATH (Debian package poppler-utils)"))
    done = subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(folder / prefix)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ConversionError(_("pdftoppm failed on {pdf}: {reason}").format(
            pdf=pdf, reason=done.stderr.strip()))
    pages = folder.glob(f"{prefix}-*.png")
    return sorted(pages, key=lambda p: int(re.search(r"-(\d+)\.png$", p.name).group(1)))


def _image(path: Path | None, root: Path, label: str) -> str:
    if path is None:
        return "<td>—</td>"
    src = quote(path.relative_to(root).as_posix())
    return f'<td><a href="{src}"><img src="{src}" alt="{html.escape(label)}"></a></td>'


def _document_section(stem: str, pages: dict[str, list[Path]], root: Path) -> str:
    counts = {side: len(images) for side, images in pages.items()}
    differs = ' class="differs"' if len(set(counts.values())) > 1 else ""
    office_pdf = quote(f"{stem}/libreoffice.pdf")
    rows = []
    for number in range(1, max(counts.values()) + 1):
        cells = "".join(
            _image(pages[side][number - 1] if number <= len(pages[side]) else None, root,
                   f"{title} 第{number}页")
            for side, title in SIDES)
        rows.append(f"<tr><th>第{number}页</th>{cells}</tr>")
    heads = "".join(f"<th>{html.escape(title)}</th>" for _, title in SIDES)
    return (f"<h2>{html.escape(stem)}</h2>\n"
            f"<p{differs}>PDF {counts['ours']} 页 · DOCX {counts['office']} 页"
            f'（<a href="{office_pdf}">LibreOffice 导出的 PDF</a>）</p>\n'
            f"<table>\n<tr><th></th>{heads}</tr>\n" + "\n".join(rows) + "\n</table>")


def docx_font_aliases(spec: StyleSpec) -> dict[str, str]:
    """Each font name the DOCX uses → the family the PDF sets that role in, when installed."""
    return {role.docx: choose_font(role, "", FONTS).family for role in spec.fonts.values()}


def write_preview(outputs: Iterable[Path], target: Path, title: str,
                  aliases: dict[str, str]) -> Path:
    """The preview of a report's ``outputs`` (its DOCX and PDF files) in ``target``.

    LibreOffice draws the DOCX with ``aliases`` (see office.py), so the pages differ where
    the layouts differ, not because this machine lacks the Windows fonts.
    """
    docx = sorted(p for p in outputs if p.suffix == ".docx")
    with staged(target) as staging:
        with tempfile.TemporaryDirectory(prefix="jixiao-soffice-") as profile:
            office = libreoffice_pdfs(docx, staging / ".office", Path(profile), aliases)
        sections = []
        for path, office_pdf in zip(docx, office, strict=True):
            folder = staging / path.stem
            folder.mkdir()
            shutil.move(office_pdf, folder / "libreoffice.pdf")
            pages = {"ours": page_images(path.with_suffix(".pdf"), folder, "ours"),
                     "office": page_images(folder / "libreoffice.pdf", folder, "office")}
            sections.append(_document_section(path.stem, pages, staging))
        (staging / ".office").rmdir()
        (staging / "index.html").write_text(
            f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{STYLE}\n</style></head>\n"
            f"<body>\n<h1>{html.escape(title)}</h1>\n" + "\n".join(sections)
            + "\n</body>\n</html>\n", encoding="utf-8")
    return target / "index.html"
