"""草稿 on every page of a DOCX built with --draft: a header that every section uses.

The header holds a line "草稿" in red above the type area, which Word, WPS and LibreOffice all
print, and Word's own text watermark (a VML text path, the shape Word's 水印 command makes),
which Word and LibreOffice draw large and pale across the page. Every section — the cover's
too — references the header, so no page goes without it.
"""

from __future__ import annotations

from lxml import etree

from jixiao.convert.docx.order import W
from jixiao.convert.docx.package import Package
from jixiao.convert.styles import Draft

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_TYPE = f"{R}/header"
HEADER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
PART, RELATION = "word/jixiao-draft-header.xml", "rIdJixiaoDraft"

HEADER = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W}" xmlns:r="{R}" xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word">
<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="right"/></w:pPr>
<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/><w:b/>
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
 style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:{rotation};z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#f2b8b8" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r></w:p>
</w:hdr>
"""


def _with_header(document: etree._Element) -> None:
    """Every section of word/document.xml referencing the draft header (default and even)."""
    for sect in document.iter(f"{{{W}}}sectPr"):
        for old in sect.findall(f"{{{W}}}headerReference"):
            sect.remove(old)
        for kind in ("even", "default"):
            reference = sect.makeelement(f"{{{W}}}headerReference", {})
            reference.set(f"{{{W}}}type", kind)
            reference.set(f"{{{R}}}id", RELATION)
            sect.insert(0, reference)


def mark_draft(package: Package, draft: Draft) -> None:
    """``draft.text`` in a header and as a watermark on every page of ``package``, in the
    spec's draft font and at its angle."""
    _with_header(package.xml("word/document.xml"))
    relation = etree.SubElement(package.xml("word/_rels/document.xml.rels"),
                                f"{{{RELS}}}Relationship")
    relation.set("Id", RELATION)
    relation.set("Type", HEADER_TYPE)
    relation.set("Target", PART.removeprefix("word/"))
    override = etree.SubElement(package.xml("[Content_Types].xml"), f"{{{TYPES}}}Override")
    override.set("PartName", f"/{PART}")
    override.set("ContentType", HEADER_CONTENT)
    # VML turns clockwise; the spec's angle rises from the baseline, counter-clockwise.
    header = HEADER.format(W=W, R=R, text=draft.text, font=draft.font.docx,
                           rotation=round(360 - draft.angle_deg) % 360)
    package.put(PART, etree.fromstring(header.encode("utf-8")))
