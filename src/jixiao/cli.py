"""What the tasks do, reachable from tests: options in, exit status out, one line per error."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from .build import build_report, output_folder, render_report, write_documents
from .checks import check_report, has_errors
from .checks.findings import as_json, as_text, summary
from .errors import UserError
from .paths import BUILD, CONTENT
from .project import find_reports

FORMATS = {"text": as_text, "json": as_json}


def _reports(report: str | None) -> list[Path]:
    """The report folder given, every report below a folder given, or every one in content/."""
    root = Path(report) if report else CONTENT
    found = find_reports(root) if root.is_dir() else []
    if not found:
        raise UserError(root, "no report.yaml here or below",
                        "a report folder (holding report.yaml) or a folder of them")
    return found


def run_check(report: str | None = None, fmt: str = "text") -> int:
    """Check the chosen reports and print the findings; 1 when any is an error, else 0."""
    if fmt not in FORMATS:
        print(f"error: --format {fmt}; expected one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    try:
        folders = _reports(report)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    findings = [finding for folder in folders for finding in check_report(folder)]
    sys.stdout.write(FORMATS[fmt](findings, len(folders)))
    return 1 if has_errors(findings) else 0


def _gate(folder: Path, draft: bool) -> bool:
    """The checks before a build: errors printed one a line; False when they stop the build."""
    findings = check_report(folder)
    for finding in findings:
        if finding.severity == "error":
            print(finding, file=sys.stderr, flush=True)
    print(f"  check: {summary(findings, 1).split(': ', 1)[1]}"
          + (" (invoke check lists them)" if findings else ""), flush=True)
    if not has_errors(findings):
        return True
    if draft:
        print("  building a draft (草稿) despite the errors above", flush=True)
        return True
    print(f"error: {folder} has errors; fix them, or build with --draft", file=sys.stderr)
    return False


def run_build(report: str | None = None, draft: bool = False, out_root: Path = BUILD) -> int:
    """Check, then build the chosen reports; 0 when all built, 1 when any failed or had errors."""
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
            rendered_report, documents = render_report(folder)
            if not _gate(folder, draft):
                failed += 1
                continue
            built = write_documents(rendered_report, documents, output_folder(folder, out_root),
                                    draft=draft, progress=lambda line: print(line, flush=True))
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
    from .preview import docx_font_aliases, write_preview
    from .styles import load_styles

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
                                 f"{built.report.year}年度 {built.report.unit_name}",
                                 docx_font_aliases(load_styles()))
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
