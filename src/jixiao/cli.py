"""What the tasks do, reachable from tests: options in, exit status out, one line per error."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from jixiao.build.progress import Progress
from jixiao.checks import check_report, has_errors
from jixiao.checks.findings import as_json, as_text
from jixiao.convert.engines import ConversionError
from jixiao.errors import UserError, display_path
from jixiao.load.settings import find_reports
from jixiao.messages import _
from jixiao.paths import BUILD, CONTENT

FORMATS = {"text": as_text, "json": as_json}


def _reports(report: str | Sequence[str] | None) -> list[Path]:
    """The report folders given, every report below a folder given, or every one in content/."""
    roots = [Path(report)] if isinstance(report, str) else [Path(r) for r in report or []]
    found: list[Path] = []
    for root in roots or [CONTENT]:
        below = find_reports(root) if root.is_dir() else []
        if not below:
            raise UserError(root, _("no report.yaml here or below"),
                            _("a report folder (holding report.yaml) or a folder of them"))
        found += below
    return found


def refuse(error: UserError | ConversionError) -> int:
    """Print a user's mistake as its one line; the exit status for it."""
    print(_("error: {error}").format(error=error), file=sys.stderr)
    return 1


def run_check(report: str | None = None, fmt: str = "text") -> int:
    """Check the chosen reports and print the findings; 1 when any is an error, else 0."""
    if fmt not in FORMATS:
        print(_("error: --format {fmt}; expected one of {formats}").format(
            fmt=fmt, formats=", ".join(FORMATS)), file=sys.stderr)
        return 2
    try:
        folders = _reports(report)
    except UserError as error:
        return refuse(error)
    findings = []
    with Progress(len(folders), sys.stderr) if len(folders) > 1 else nullcontext() as progress:
        for folder in folders:
            findings += check_report(folder)
            if progress:
                progress.advance(_("checked {folder}").format(folder=display_path(folder)))
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
    summary = build_all(pairs, out_root / ".cache", draft=draft, force=force, jobs=jobs)
    for outcome in summary.outcomes:
        for path in outcome.outputs:
            print("  " + _("wrote {path}").format(path=display_path(path)))
    print(_("{built} built, {skipped} up to date, {failed} failed in {seconds:.1f} s").format(
        built=summary.count("built"), skipped=summary.count("skipped"),
        failed=len(summary.failed), seconds=time.perf_counter() - started))
    for outcome in summary.failed:
        print("  " + _("failed: {folder}").format(folder=display_path(outcome.folder)))
    return 1 if summary.failed else 0


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


def run_workbook(report: str, to: str) -> int:
    """Write the report's data-entry workbook to ``to``; 1 when refused."""
    from jixiao.commands.workbook import describe, write_workbook

    try:
        sheets = write_workbook(Path(report), Path(to))
    except UserError as error:
        return refuse(error)
    print("\n".join(describe(sheets, Path(to))))
    return 0


def run_export(report: str, to: str, draft: bool = False) -> int:
    """Write the report's computed forms to the workbook ``to``; 1 when refused."""
    from jixiao.commands.export import export_forms

    try:
        sheets = export_forms(Path(report), Path(to), draft=draft)
    except UserError as error:
        return refuse(error)
    print(_("wrote {path}: {sheets}").format(path=display_path(Path(to)),
                                             sheets=", ".join(sheets)))
    return 0


def run_init(folder: str, year: int | None = None) -> int:
    """Start a reports repository in ``folder``; 1 when refused (the folder holds anything)."""
    from jixiao.commands.init import describe, init_repository

    try:
        report = init_repository(Path(folder), year)
    except UserError as error:
        return refuse(error)
    print("\n".join(describe(Path(folder), report)))
    return 0


def run_serve(report: str, port: int | None = None) -> int:
    """Serve the live preview of ``report`` until Ctrl-C; 1 when it cannot start."""
    from jixiao.commands.serve import serve

    try:
        serve(Path(report), port, announce=lambda line: print(line, flush=True))
    except UserError as error:
        return refuse(error)
    return 0


def parser() -> argparse.ArgumentParser:
    """The ``jixiao`` command's options, in the language chosen before it is built."""
    from jixiao.messages import languages

    command = argparse.ArgumentParser(prog="jixiao", description=_(
        "Budget performance self-evaluation reports: build, check, workbooks and forms."))
    command.add_argument("--lang", choices=languages(),
                         help=_("the language of messages (default: Chinese, or LANG's)"))
    verbs = command.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, description: str, run) -> argparse.ArgumentParser:
        added = verbs.add_parser(name, help=description, description=description)
        added.set_defaults(run=run)
        return added

    workbook = verb("workbook", _("write the report's data-entry workbook (.xlsx)"),
                    lambda args: run_workbook(args.report, args.to))
    export = verb("export", _("write the computed forms 附件1–N as a workbook (.xlsx)"),
                  lambda args: run_export(args.report, args.to, args.draft))
    for each in (workbook, export):
        each.add_argument("--report", required=True, help=_("the report folder"))
        each.add_argument("--to", required=True, help=_("the workbook to write"))
    export.add_argument("--draft", action="store_true",
                        help=_("export despite check errors, marking every sheet 草稿"))
    init = verb("init", _("start a reports repository with one blank report"),
                lambda args: run_init(args.folder, args.year))
    init.add_argument("folder", metavar="DIR", help=_("a new or empty folder"))
    init.add_argument("--year", type=int, help=_("the year evaluated (default: last year)"))
    serve = verb("serve", _("live preview: the PDF's pages in the browser, updated on every save"),
                 lambda args: run_serve(args.report, args.port))
    serve.add_argument("--report", required=True, help=_("the report folder"))
    serve.add_argument("--port", type=int, help=_("the port to serve on (default: a free one)"))
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """The ``jixiao`` command: ``--lang`` is read first, so that even the help speaks it."""
    from jixiao.messages import languages, set_language

    argv = list(sys.argv[1:] if argv is None else argv)
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=languages())
    chosen, _others = early.parse_known_args(argv)
    if chosen.lang:
        set_language(chosen.lang)
    args = parser().parse_args(argv)
    return args.run(args)
