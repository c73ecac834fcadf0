"""jixiao's tasks (`invoke --list`): each parses its options and calls the package's verb in
jixiao.cli — the same function the `jixiao` command (`python -m jixiao VERB`) calls."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import task

sys.path.insert(0, str(Path(__file__).parent / "src"))


@task(iterable=["report"],
      help={"report": "a report folder, repeatable (default: every report under content/)",
            "draft": "build despite check errors, marking every page 草稿",
            "force": "rebuild reports whose inputs have not changed",
            "jobs": "reports built at once (default: one per core)"})
def build(c, report=None, draft=False, force=False, jobs=0):
    """Check, then build DOCX and PDF of every report (or --report PATH …) into build/.

    Reports build in parallel, one per core; one whose inputs have not changed is skipped.
    """
    from jixiao.cli import run_build

    sys.exit(run_build(report or None, draft=draft, force=force, jobs=jobs or None))


@task(help={"report": "this year's report folder, e.g. content/2024"})
def new_year(c, report):
    """Create next year's report folder beside --report: figures blank, 上年 carried, prose kept."""
    from jixiao.cli import run_new_year

    sys.exit(run_new_year(report))


@task(help={"content": "the content folder (default: content/)"})
def blocks(c, content=""):
    """List every prose block, the reports that use it, and where it is overridden."""
    from jixiao.cli import run_blocks
    from jixiao.paths import CONTENT

    sys.exit(run_blocks(Path(content) if content else CONTENT))


@task(help={"report": "one report folder (default: every report under content/)",
            "draft": "preview despite check errors, marking every page 草稿"})
def preview(c, report="", draft=False):
    """Check and build as `invoke build` does, then write build/preview/<report>/index.html:
    PDF and DOCX pages side by side.

    The DOCX pages are LibreOffice's rendering, standing in for what Word users see.
    """
    from jixiao.cli import run_preview

    sys.exit(run_preview(report or None, draft=draft))


@task(help={"report": "one report folder (default: every report under content/)",
            "format": "text (path:line:col: error CODE message) or json"})
def check(c, report="", format="text"):
    """Find the inconsistencies a reviewer would find; exit 1 on any error. Writes nothing."""
    from jixiao.cli import run_check

    sys.exit(run_check(report or None, fmt=format))


@task
def clean(c):
    """Remove build/; exit 1, naming each, when something could not be removed."""
    from jixiao.cli import run_clean

    sys.exit(run_clean())


@task(help={"k": "only tests matching this expression"})
def test(c, k=""):
    """Run the test suite."""
    selector = f" -k {k!r}" if k else ""
    c.run(f"{sys.executable} -m pytest -q{selector}", pty=False)


@task(help={"runs": "how many times each side is timed"})
def bench(c, runs=3):
    """Time check over 50 copies of the example, and its build against pandoc and typst alone."""
    from jixiao.cli import run_bench

    sys.exit(run_bench(runs=runs))
