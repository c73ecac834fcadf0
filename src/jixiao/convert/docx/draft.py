"""草稿 on every page of a DOCX built with --draft: a header that every section uses.

The header holds a line "草稿" in red above the type area, which Word, WPS and LibreOffice all
print, and Word's own text watermark (a VML text path, the shape Word's 水印 command makes),
which Word and LibreOffice draw large and pale across the page. Every section — the cover's
too — references the header, so no page goes without it.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_TYPE = f"{R}/header"
HEADER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
PART, RELATION = "word/jixiao-draft-header.xml", "rIdJixiaoDraft"
DRAFT = "草稿"

HEADER = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word">
<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="right"/></w:pPr>
<w:r><w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/><w:b/>
<w:color w:val="C00000"/><w:sz w:val="28"/></w:rPr><w:t>{text}</w:t></w:r>
<w:r><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#f2b8b8" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="{text}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r></w:p>
</w:hdr>
"""


def _with_header(document: bytes) -> bytes:
    """document.xml with every section referencing the draft header (default and even)."""
    root = etree.fromstring(document)
    for sect in root.iter(f"{{{W}}}sectPr"):
        for old in sect.findall(f"{{{W}}}headerReference"):
            sect.remove(old)
        for kind in ("even", "default"):
            reference = etree.Element(f"{{{W}}}headerReference")
            reference.set(f"{{{W}}}type", kind)
            reference.set(f"{{{R}}}id", RELATION)
            sect.insert(0, reference)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_relation(rels: bytes) -> bytes:
    root = etree.fromstring(rels)
    relation = etree.SubElement(root, f"{{{RELS}}}Relationship")
    relation.set("Id", RELATION)
    relation.set("Type", HEADER_TYPE)
    relation.set("Target", PART.removeprefix("word/"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_type(types: bytes) -> bytes:
    root = etree.fromstring(types)
    override = etree.SubElement(root, f"{{{TYPES}}}Override")
    override.set("PartName", f"/{PART}")
    override.set("ContentType", HEADER_CONTENT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def mark_draft(docx: bytes, text: str = DRAFT) -> bytes:
    """``docx`` with ``text`` in a header and as a watermark on every page."""
    edits = {"word/document.xml": _with_header, "word/_rels/document.xml.rels": _with_relation,
             "[Content_Types].xml": _with_type}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename in edits:
                content = edits[item.filename](content)
            target.writestr(item, content)
        target.writestr(PART, HEADER.format(W=W, text=text))
    return out.getvalue()
