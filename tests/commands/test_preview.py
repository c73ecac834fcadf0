"""invoke preview: every page of both renderings as PNG, side by side in one HTML page."""

from __future__ import annotations

import os
import re
import subprocess
from html.parser import HTMLParser
from urllib.parse import unquote

from jixiao.cli import run_preview
from jixiao.commands.preview import docx_font_aliases
from jixiao.convert.libreoffice import font_config
from jixiao.convert.styles import load_styles


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def test_preview_writes_the_page_and_every_image(report_copy, tmp_path, capsys):
    out = tmp_path / "build"
    assert run_preview(str(report_copy), out_root=out) == 0
    assert "wrote" in capsys.readouterr().out
    folder = out / "preview" / "2024"
    page = (folder / "index.html").read_text(encoding="utf-8")
    parser = Images()
    parser.feed(page)
    assert parser.sources and not any(src.startswith(("/", "file:")) for src in parser.sources)
    assert all((folder / unquote(src)).is_file() for src in parser.sources)
    for pdf in sorted((out / "2024").glob("*.pdf")):
        office = folder / pdf.stem / "libreoffice.pdf"
        expected = {f"{pdf.stem}/ours-{n}.png" for n in range(1, pages(pdf) + 1)}
        expected |= {f"{pdf.stem}/office-{n}.png" for n in range(1, pages(office) + 1)}
        shown = {re.sub(r"-0*(\d+)\.png$", r"-\1.png", unquote(src)) for src in parser.sources
                 if unquote(src).startswith(f"{pdf.stem}/")}
        assert shown == expected
        assert f"<h2>{pdf.stem}</h2>" in page
    assert "第1页" in page and "DOCX（LibreOffice 打开）" in page
    fallback = fallback_family("仿宋_GB2312").replace(" ", "")
    for office in folder.glob("*/libreoffice.pdf"):
        embedded = subprocess.run(["pdffonts", str(office)], capture_output=True, text=True,
                                  check=True).stdout
        assert fallback not in embedded  # drawn in the PDF's fonts, see below


def test_preview_of_a_broken_report_is_one_line(report_copy, tmp_path, capsys):
    (report_copy / "report.yaml").write_text("year: [2024\n", encoding="utf-8")
    assert run_preview(str(report_copy), out_root=tmp_path / "build") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "report.yaml" in err[0]
    assert not (tmp_path / "build" / "preview").exists()


def fallback_family(name: str, env=None) -> str:
    """The family fontconfig gives for ``name``."""
    return subprocess.run(["fc-match", "-f", "%{family[0]}", name], capture_output=True,
                          text=True, check=True, env=env).stdout


def test_docx_fonts_drawn_in_the_pdf_fonts(tmp_path):
    """LibreOffice's fonts for the DOCX names are the PDF's, not the machine's fallback."""
    aliases = docx_font_aliases(load_styles())
    config = font_config(aliases, tmp_path)
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    for name, family in aliases.items():
        assert fallback_family(name, env) == family
    assert any(fallback_family(name) not in aliases.values() for name in aliases)


def test_preview_refuses_a_report_with_check_errors_as_build_does(report_copy, tmp_path,
                                                                   capsys):
    from jixiao.cli import run_build

    (report_copy / "data" / "填报值.csv").write_text("项目,数值\n总分,95.5\n", encoding="utf-8")
    out = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out) == 1
    refused_by_build = capsys.readouterr().err.strip().splitlines()
    assert run_preview(str(report_copy), out_root=out) == 1
    refused_by_preview = capsys.readouterr().err.strip().splitlines()
    assert refused_by_preview == refused_by_build
    assert "error TOTAL 总分 stated as 95.5" in refused_by_preview[0]
    assert refused_by_preview[-1].endswith("has errors; fix them, or build with --draft")
    assert not [p for p in out.rglob("*") if p.suffix in (".docx", ".pdf", ".html")]


def test_preview_of_a_draft_builds_it_marked(report_copy, tmp_path, capsys):
    from pdf_reading import page_texts

    (report_copy / "data" / "填报值.csv").write_text("项目,数值\n总分,95.5\n", encoding="utf-8")
    out = tmp_path / "build"
    assert run_preview(str(report_copy), out_root=out, draft=True) == 0
    printed = capsys.readouterr()
    assert "error TOTAL 总分 stated as 95.5" in printed.err
    assert "building a draft (草稿) despite the errors above" in printed.out
    assert (out / "preview" / "2024" / "index.html").is_file()
    pdfs = sorted((out / "2024").glob("*.pdf"))
    assert len(pdfs) == 2
    assert all("草稿" in page for pdf in pdfs for page in page_texts(pdf, "-raw"))
