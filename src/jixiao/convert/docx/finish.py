"""pandoc's DOCX made jixiao's: one pass over the archive, every edit, one archive out.

The archive is read once; the tables, the cover's section and the list indents are set in
the parsed parts, the draft mark added when asked, the properties made true; then it is
written once, with fixed stamps (``Package.to_bytes``), so the same inputs give the same bytes.
"""

from __future__ import annotations

from jixiao.convert.docx.draft import mark_draft
from jixiao.convert.docx.layout import cover_section, list_indents, twips
from jixiao.convert.docx.package import Package
from jixiao.convert.docx.properties import set_properties
from jixiao.convert.docx.tables import finish_tables
from jixiao.convert.styles import StyleSpec

DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"


def finish_docx(docx: bytes, spec: StyleSpec, epoch: int, title: str, creator: str,
                draft: bool = False) -> bytes:
    """The DOCX pandoc wrote, laid out, marked 草稿 when ``draft``, stamped ``epoch``."""
    package = Package(docx)
    document = package.xml(DOCUMENT)
    finish_tables(document, twips(spec.page.type_width_pt))
    cover_section(document)
    if NUMBERING in package:
        list_indents(package.xml(NUMBERING), spec)
    if draft:
        mark_draft(package, spec.draft)
    set_properties(package, epoch, title, creator)
    return package.to_bytes(epoch)
