"""What the tasks do, reachable from tests: options in, exit status out, one line per error."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from jixiao.checks import check_report, has_errors
from jixiao.checks.findings import as_json, as_text
from jixiao.convert.engines import ConversionError
from jixiao.errors import UserError, display_path
from jixiao.load.settings import find_reports
from jixiao.paths import BUILD, CONTENT

FORMATS = {"text": as_text, "json": as_json}


def _reports(report: str | Sequence[str] | None) -> list[Path]:
    """The report folders given, every report below a folder given, or every one in content/."""
    roots = [Path(report)] if isinstance(report, str) else [Path(r) for r in report or []]
    found: list[Path] = []
    for root in roots or [CONTENT]:
        below = find_reports(root) if root.is_dir() else []
        if not below:
            raise UserError(root, "no report.yaml here or below",
                            "a report folder (holding report.yaml) or a folder of them")
        found += below
    return found


def refuse(error: UserError | ConversionError) -> int:
    """Print a user's mistake as its one line; the exit status for it."""
    print(f"error: {error}", file=sys.stderr)
    return 1


def run_check(report: str | None = None, fmt: str = "text") -> int:
    """Check the chosen reports and print the findings; 1 when any is an error, else 0."""
    if fmt not in FORMATS:
        print(f"error: --format {fmt}; expected one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    try:
        folders = _reports(report)
    except UserError as error:
        return refuse(error)
    findings = [finding for folder in folders for finding in check_report(folder)]
    sys.stdout.write(FORMATS[fmt](findings, len(folders)))
    return 1 if has_errors(findings) else 0


def run_build(report: str | Sequence[str] | None = None, draft: bool = False,
              out_root: Path = BUILD, force: bool = False, jobs: int | None = None) -> int:
    """Check, then build the chosen reports (every one under content/ by default) in parallel.

    0 when every report built or was up to date; 1 when any failed or had check errors.
    """
    from jixiao.build.batch import (  # the converters: check needs none of them
        build_all,
        plan_outputs,
    )
    from jixiao.build.report import output_folder

    try:
        pairs = plan_outputs(_reports(report), lambda folder: output_folder(folder, out_root))
    except UserError as error:
        return refuse(error)
    started = time.perf_counter()
    _print_stand_in_fonts()
    summary = build_all(pairs, out_root / ".cache", draft=draft, force=force, jobs=jobs)
    for outcome in summary.outcomes:
        for path in outcome.outputs:
            print(f"  wrote {display_path(path)}")
    print(f"{summary.count('built')} built, {summary.count('skipped')} up to date, "
          f"{len(summary.failed)} failed in {time.perf_counter() - started:.1f} s")
    for outcome in summary.failed:
        print(f"  failed: {display_path(outcome.folder)}")
    return 1 if summary.failed else 0


def _print_stand_in_fonts() -> None:
    """Once per build: each PDF font role printed in a stand-in for the font the DOCX names."""
    from jixiao.convert.pdf_fonts import stand_in_notes
    from jixiao.convert.styles import load_styles
    from jixiao.paths import FONTS

    try:
        notes = stand_in_notes(load_styles(), FONTS)
    except UserError:
        return  # a role with no font at all: each report's build names it
    for note in notes:
        print(f"PDF 字体：{note}")


def run_preview(report: str | None = None, out_root: Path = BUILD) -> int:
    """Build the chosen reports and write each one's preview page; 1 when any failed."""
    from jixiao.build.report import build_report, output_folder
    from jixiao.commands.preview import docx_font_aliases, write_preview
    from jixiao.convert.styles import load_styles

    try:
        folders = _reports(report)
    except UserError as error:
        return refuse(error)
    failed = 0
    for folder in folders:
        print(f"previewing {folder}", flush=True)
        try:
            built = build_report(folder, output_folder(folder, out_root),
                                 progress=lambda line: print(line, flush=True))
            page = write_preview(built.outputs, output_folder(folder, out_root / "preview"),
                                 f"{built.report.year}年度 {built.report.unit_name}",
                                 docx_font_aliases(load_styles()))
        except (UserError, ConversionError) as error:
            failed += refuse(error)
            continue
        print(f"  wrote {page}")
    return 1 if failed else 0


def run_new_year(report: str) -> int:
    """Create next year's report folder beside ``report``; 0 when made, 1 when refused."""
    from jixiao.commands.new_year import describe, new_year

    try:
        plan = new_year(Path(report))
    except UserError as error:
        return refuse(error)
    print("\n".join(describe(plan, Path(report))))
    return 0


def run_blocks(content: Path = CONTENT) -> int:
    """List every prose block, the reports using it and its overrides; 1 on a broken report."""
    from jixiao.commands.blocks import block_listing

    try:
        print("\n".join(block_listing(content)))
    except UserError as error:
        return refuse(error)
    return 0


def run_clean(out_root: Path = BUILD) -> None:
    shutil.rmtree(out_root, ignore_errors=True)
    print(f"removed {out_root}")
