"""The file's properties, true and reproducible: what Word shows under 文件 → 属性.

pandoc's output carries the reference.docx's extended properties (docProps/app.xml: written
by "Microsoft Word 12.0.0", 83 words, 1 page, 6 minutes' editing), none of which is true of
the report; they are replaced by the one fact known, the program that wrote it. The core
properties get the report's title and unit, and its date as created and modified: pandoc run
with --sandbox reads no environment and writes 1970-01-01 there.
"""

from __future__ import annotations

import time

from lxml import etree

from jixiao import __version__
from jixiao.convert.docx.package import Package

CORE = "docProps/core.xml"
APP = "docProps/app.xml"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _core(core: etree._Element, when: str, title: str, creator: str) -> None:
    for name, text in (("title", title), ("creator", creator)):
        element = core.find(f"{{{DC}}}{name}")
        if element is None:
            element = etree.SubElement(core, f"{{{DC}}}{name}")
        element.text = text
    for name in ("created", "modified"):
        element = core.find(f"{{{DCTERMS}}}{name}")
        if element is None:
            element = etree.SubElement(core, f"{{{DCTERMS}}}{name}")
            element.set(f"{{{XSI}}}type", "dcterms:W3CDTF")
        element.text = when


def set_properties(package: Package, epoch: int, title: str, creator: str) -> None:
    """Core properties from the report; extended properties naming jixiao alone."""
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    _core(package.xml(CORE), when, title, creator)
    app = etree.Element(f"{{{EXTENDED}}}Properties", nsmap={None: EXTENDED})
    etree.SubElement(app, f"{{{EXTENDED}}}Application").text = f"jixiao {__version__}"
    package.put(APP, app)
