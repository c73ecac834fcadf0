"""A DOCX archive read once, edited part by part, and written once with fixed stamps.

Every edit after pandoc — the tables, the layout, the draft mark, the file's properties —
works on the parts of one ``Package``: an XML part is parsed the first time an edit asks for
it and serialised once when the archive is written. The archive is written the one way that
makes its bytes depend on its contents alone: the entries in their original order (new ones
last), one fixed time, fixed permissions, one compression level. pandoc stamps the entries it
writes with SOURCE_DATE_EPOCH but copies those it takes from the reference.docx with their
own times.
"""

from __future__ import annotations

import io
import time
import zipfile

from lxml import etree

ZIP_EPOCH = 315532800  # 1980-01-01 00:00:00 UTC, the earliest time a zip entry can hold
ENTRY_MODE = 0o644 << 16  # rw-r--r-- in the high bits of external_attr, as unzip reads it
COMPRESS_LEVEL = 6


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """``epoch`` as a zip entry's date and time, in UTC (zip times carry no zone)."""
    return time.gmtime(max(epoch, ZIP_EPOCH))[:6]


class Package:
    """The entries of one DOCX, in order; XML parts parsed on demand."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self._entries = {entry.filename: archive.read(entry)
                             for entry in archive.infolist()}
        self._trees: dict[str, etree._Element] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._entries

    def raw(self, name: str) -> bytes:
        """Part ``name`` as stored in the archive read."""
        return self._entries[name]

    def xml(self, name: str) -> etree._Element:
        """The root of part ``name``, parsed once; edits to it are written with the archive."""
        if name not in self._trees:
            self._trees[name] = etree.fromstring(self._entries[name])
        return self._trees[name]

    def put(self, name: str, root: etree._Element) -> None:
        """Add part ``name`` (or replace it) with the XML ``root``."""
        self._entries.setdefault(name, b"")
        self._trees[name] = root

    def remove(self, name: str) -> None:
        self._entries.pop(name, None)
        self._trees.pop(name, None)

    def to_bytes(self, epoch: int = ZIP_EPOCH) -> bytes:
        """The archive, every entry stamped ``epoch`` and stored the same way."""
        stamp = zip_time(epoch)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                             compresslevel=COMPRESS_LEVEL) as archive:
            for name, content in self._entries.items():
                if name in self._trees:
                    content = etree.tostring(self._trees[name], xml_declaration=True,
                                             encoding="UTF-8", standalone=True)
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3  # unix, so the mode below is read as one
                info.external_attr = ENTRY_MODE
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content, compresslevel=COMPRESS_LEVEL)
        return out.getvalue()
