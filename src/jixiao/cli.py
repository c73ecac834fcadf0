"""What the tasks do, reachable from tests: options in, exit status out, one line per error."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from .build import build_report, output_folder
from .errors import UserError
from .paths import BUILD, CONTENT
from .project import find_reports


def _reports(report: str | None) -> list[Path]:
    if report:
        folder = Path(report)
        if not (folder / "report.yaml").is_file():
            raise UserError(folder, "no report.yaml here", "a report folder (holding report.yaml)")
        return [folder]
    found = find_reports(CONTENT)
    if not found:
        raise UserError(CONTENT, "no report folders", "folders holding report.yaml")
    return found


def run_build(report: str | None = None, draft: bool = False, out_root: Path = BUILD) -> int:
    """Build the chosen reports; 0 when all built, 1 when any failed."""
    try:
        folders = _reports(report)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    failed = 0
    for folder in folders:
        started = time.perf_counter()
        print(f"building {folder}", flush=True)
        try:
            built = build_report(folder, output_folder(folder, out_root), draft=draft,
                                 progress=lambda line: print(line, flush=True))
        except UserError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        for path in built.outputs:
            print(f"  wrote {path}")
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return 1 if failed else 0


def run_preview(report: str | None = None, out_root: Path = BUILD) -> int:
    """Build the chosen reports and write each one's preview page; 1 when any failed."""
    from .preview import write_preview

    try:
        folders = _reports(report)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    failed = 0
    for folder in folders:
        print(f"previewing {folder}", flush=True)
        try:
            built = build_report(folder, output_folder(folder, out_root),
                                 progress=lambda line: print(line, flush=True))
            page = write_preview(built.outputs, output_folder(folder, out_root / "preview"),
                                 f"{built.report.year}年度 {built.report.unit_name}")
        except UserError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        print(f"  wrote {page}")
    return 1 if failed else 0


def run_new_year(report: str) -> int:
    """Create next year's report folder beside ``report``; 0 when made, 1 when refused."""
    from .newyear import describe, new_year

    try:
        plan = new_year(Path(report))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("\n".join(describe(plan, Path(report))))
    return 0


def run_blocks(content: Path = CONTENT) -> int:
    """List every prose block, the reports using it and its overrides; 1 on a broken report."""
    from .blocks import block_listing

    try:
        print("\n".join(block_listing(content)))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def run_clean(out_root: Path = BUILD) -> None:
    shutil.rmtree(out_root, ignore_errors=True)
    print(f"removed {out_root}")
