"""Byte-identical archives: a DOCX rewritten with fixed entry times and attributes.

pandoc stamps the entries it writes with SOURCE_DATE_EPOCH but copies the entries it takes
from the reference.docx with their own times, and python-docx stamps every entry with the
clock when it saves. Rewriting the archive — same entries, same order, same contents — with
one fixed time, fixed permissions and a fixed compression level makes the bytes depend on the
inputs alone. The document's own dates (docProps/core.xml) are set here too: pandoc run with
--sandbox reads no environment and writes 1970-01-01 there.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

ZIP_EPOCH = 315532800  # 1980-01-01 00:00:00 UTC, the earliest time a zip entry can hold
ENTRY_MODE = 0o644 << 16  # rw-r--r-- in the high bits of external_attr, as unzip reads it


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """``epoch`` as a zip entry's date and time, in UTC (zip times carry no zone)."""
    return time.gmtime(max(epoch, ZIP_EPOCH))[:6]


CORE_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
CORE_TEXT = re.compile(rb"<dc:(title|creator)>[^<]*</dc:\1>|<dc:(title|creator)\s*/>")


def normalise_docx(data: bytes, epoch: int, title: str = "", creator: str = "") -> bytes:
    """A DOCX with its entries and its created and modified dates all at ``epoch``, and
    the title and author Word shows in the file's properties."""
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch)).encode()
    texts = {b"title": escape(title).encode(), b"creator": escape(creator).encode()}

    def core(xml: bytes) -> bytes:
        xml = CORE_DATES.sub(rb"\g<1>" + when + rb"\g<3>", xml)
        return CORE_TEXT.sub(lambda m: b"<dc:%s>%s</dc:%s>" % (
            name := m.group(1) or m.group(2), texts[name], name), xml)

    return normalise_zip(data, epoch, {"docProps/core.xml": core})


def normalise_zip(data: bytes, epoch: int = ZIP_EPOCH,
                  edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The archive ``data`` with every entry stamped ``epoch`` and stored the same way;
    the entries named in ``edits`` passed through their function."""
    stamp = zip_time(epoch)
    edits = edits or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.create_system = 3  # unix, so the mode below is read as one
            info.external_attr = ENTRY_MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(entry)
            if entry.filename in edits:
                content = edits[entry.filename](content)
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()
