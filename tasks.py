"""jixiao's tasks (`invoke --list`): each parses its options and calls the package's verb in
jixiao.cli — the same function the `jixiao` command (`python -m jixiao VERB`) calls. test,
bench and messages are the checkout's own: they run, time and translate this repository."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import task

sys.path.insert(0, str(Path(__file__).parent / "src"))

from jixiao.messages import _  # noqa: E402  (after the path to src/ is known)


def described(text: str):
    """A task's description in the user's language, for ``invoke --list`` and ``--help``."""

    def describe(body):
        body.__doc__ = text
        return body

    return describe


@task(iterable=["report"],
      help={"report": _("a report folder, repeatable (default: every report under content/)"),
            "draft": _("build despite check errors, marking every page 草稿"),
            "force": _("rebuild reports whose inputs have not changed"),
            "jobs": _("reports built at once (default: one per core)")})
@described(_("Check, then build DOCX and PDF of every report (or --report PATH …) into build/.\n\n"
             "Reports build in parallel, one per core; one whose inputs have not changed is "
             "skipped."))
def build(c, report=None, draft=False, force=False, jobs=0):
    from jixiao.cli import leave, run_build

    leave(run_build(report or None, draft=draft, force=force, jobs=jobs or None))


@task(help={"report": _("this year's report folder, e.g. content/2024")})
@described(_("Create next year's report folder beside --report: figures blank, 上年 carried, "
             "prose kept."))
def new_year(c, report):
    from jixiao.cli import leave, run_new_year

    leave(run_new_year(report))


@task(help={"content": _("the content folder (default: content/)")})
@described(_("List every prose block, the reports that use it, and where it is overridden."))
def blocks(c, content=""):
    from jixiao.cli import leave, run_blocks
    from jixiao.paths import CONTENT

    leave(run_blocks(Path(content) if content else CONTENT))


@task(help={"content": _("the content folder (default: content/)")})
@described(_("List every template (jixiao's own and the repository's), its documents and forms, "
             "and the reports using each."))
def templates(c, content=""):
    from jixiao.cli import leave, run_templates
    from jixiao.paths import CONTENT

    leave(run_templates(Path(content) if content else CONTENT))


@task(help={"report": _("one report folder (default: every report under content/)"),
            "draft": _("preview despite check errors, marking every page 草稿")})
@described(_("Check and build as `invoke build` does, then write "
             "build/preview/<report>/index.html: PDF and DOCX pages side by side.\n\n"
             "The DOCX pages are LibreOffice's rendering, standing in for what Word users "
             "see."))
def preview(c, report="", draft=False):
    from jixiao.cli import leave, run_preview

    leave(run_preview(report or None, draft=draft))


@task(help={"report": _("a report folder, a folder of them, a Word file or a folder of Word "
                        "files (default: every report under content/)"),
            "format": _("text (path:line:col: error CODE message), json or csv")})
@described(_("Find the inconsistencies a reviewer would find; exit 1 on any error. Writes "
             "nothing."))
def check(c, report="", format="text"):
    from jixiao.cli import leave, run_check

    leave(run_check(report or None, fmt=format))


@task(name="import", iterable=["file"],
      help={"file": _("the filed report: .docx (or .doc, .wps, .odt, converted by LibreOffice); "
                      "repeatable for a report filed as two files (整体 and 项目)"),
            "to": _("the report folder to create (it must not exist)"),
            "placeholders": _("make each typed figure that data holds its placeholder")})
@described(_("Read a filed report's Word file into a new report folder that jixiao builds and "
             "checks."))
def import_(c, file=None, to="", placeholders=False):
    from jixiao.cli import leave, run_import

    leave(run_import(file or [], to, placeholders=placeholders))


@task
@described(_("Remove build/; exit 1, naming each, when something could not be removed."))
def clean(c):
    from jixiao.cli import leave, run_clean

    leave(run_clean())


@task(help={"k": _("only tests matching this expression")})
@described(_("Run the test suite."))
def test(c, k=""):
    selector = f" -k {k!r}" if k else ""
    c.run(f"{sys.executable} -m pytest -q{selector}", pty=False)


@task
@described(_("Compile each message catalogue (locale/*/jixiao.po) into the jixiao.mo read at "
             "run time."))
def messages(c):
    from jixiao.messages import DOMAIN, LOCALE, catalogue, compile_catalogue

    for source in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        code = source.parent.parent.name
        catalogue(code, ".mo").write_bytes(compile_catalogue(code))
        print(catalogue(code, ".mo").relative_to(Path(__file__).parent))


@task(help={"runs": _("how many times each side is timed")})
@described(_("Time check over 50 copies of the example, its build against pandoc and typst "
             "alone, and the live preview's save-to-updated-page."))
def bench(c, runs=3):
    from jixiao.cli import leave
    from jixiao.commands.bench import run_bench

    leave(run_bench(runs=runs))


@task(help={"report": _("the report folder, e.g. content/2024"),
            "to": _("the workbook to write, e.g. 2024.xlsx")})
@described(_("Write the report's data-entry workbook: a sheet per table, its current figures."))
def workbook(c, report, to):
    from jixiao.cli import leave, run_workbook

    leave(run_workbook(report, to))


@task(help={"report": _("the report folder, e.g. content/2024"),
            "to": _("the workbook to write, e.g. 2024-forms.xlsx"),
            "draft": _("export despite check errors, marking every sheet 草稿")})
@described(_("Write the computed forms 附件1–N as a workbook, one sheet per form."))
def export(c, report, to, draft=False):
    from jixiao.cli import leave, run_export

    leave(run_export(report, to, draft=draft))


@task(help={"folder": _("a new or empty folder"),
            "year": _("the year evaluated (default: last year)"),
            "documents": _("the report's documents: 整体, 项目 or 整体,项目 (default: every "
                           "one the template has)"),
            "template": _("the report's template (default: hunan; invoke templates lists "
                          "them)")})
@described(_("Start a reports repository: content/ with one blank report, .gitignore, README."))
def init(c, folder, year=0, documents="", template=""):
    from jixiao.cli import leave, run_init

    leave(run_init(folder, year or None, documents, template or None))


@task(help={"report": _("the report folder, e.g. content/2024"),
            "port": _("the port to serve on (default: a free one)")})
@described(_("Live preview at http://127.0.0.1:N/: the PDF's pages, updated on every save."))
def serve(c, report, port=0):
    from jixiao.cli import leave, run_serve

    leave(run_serve(report, port or None))
