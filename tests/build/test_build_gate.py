"""``invoke build`` checks first: errors stop it, and --draft builds anyway — the seed as filed,
missing section and all — with 草稿 on every page of both outputs: in the PDF, and in the DOCX
as Word and LibreOffice show it."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import pytest
from docx import Document

from jixiao.cli import run_build
from jixiao.paths import ROOT
from pdf_reading import page_texts

DRAFT = "草稿"
SEED = ROOT / "tests" / "fixtures" / "seed-as-filed"


def break_total(report: Path) -> None:
    (report / "data" / "填报值.csv").write_text("项目,数值\n总分,95.5\n", encoding="utf-8")


def test_build_refuses_on_errors(report_copy, tmp_path, capsys):
    break_total(report_copy)
    out = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out) == 1
    err = capsys.readouterr().err
    assert "error TOTAL 总分 stated as 95.5" in err and "--draft" in err
    assert not out.exists() or not outputs(out, ".docx") + outputs(out, ".pdf")


@pytest.fixture(scope="module")
def draft_build(tmp_path_factory):
    """The seed as filed, built with --draft: status, outputs, and what the build printed."""
    out = tmp_path_factory.mktemp("draft") / "build"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        status = run_build(str(SEED), draft=True, out_root=out)
    return status, outputs(out, ".docx"), outputs(out, ".pdf"), printed.getvalue()


def outputs(out: Path, suffix: str) -> list[Path]:
    """The built documents (not the cached reference.docx or the work files)."""
    return sorted(p for p in out.rglob(f"*{suffix}")
                  if not any(part.startswith(".") for part in p.relative_to(out).parts))


def test_draft_builds_with_errors_printed(draft_build):
    status, docx, pdf, printed = draft_build
    assert status == 0 and len(docx) == 2 and len(pdf) == 2
    assert "error TOTAL 总分 stated as 95.5 but computed 103.08" in printed
    assert "03-政府性基金预算支出情况.md: error SECTION" in printed  # missing, shown empty


def test_draft_forms_print_computed_figures(draft_build):
    text = "".join(page_texts(next(p for p in draft_build[2] if "整体" in p.name), "-raw"))
    assert "103.08" in text and "8.58" in text  # 总分 and 执行率得分, not 95.5 and 9


def test_draft_on_every_pdf_page(draft_build):
    for pdf in draft_build[2]:
        pages = page_texts(pdf, "-raw")
        assert len(pages) > 1
        assert all(DRAFT in page for page in pages), pdf.name


def test_draft_in_every_docx_section(draft_build):
    for path in draft_build[1]:
        document = Document(str(path))
        assert len(document.sections) >= 2  # the cover's own section and the body's
        for section in document.sections:
            assert section.header.paragraphs[0].text == DRAFT
            xml = section.header._element.xml
            assert f'string="{DRAFT}"' in xml  # Word's watermark text path


def test_draft_visible_in_libreoffice(draft_build, tmp_path):
    docx = draft_build[1][0]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, check=True, timeout=180)
    pages = page_texts(tmp_path / f"{docx.stem}.pdf", "-raw")
    assert len(pages) > 1
    assert all(DRAFT in page for page in pages)


def test_clean_build_has_no_draft_mark(example_build):
    document = Document(str(example_build["整体.docx"]))
    assert all(DRAFT not in p.text for s in document.sections for p in s.header.paragraphs)
    assert all(DRAFT not in page for page in page_texts(example_build["整体.pdf"], "-raw"))
