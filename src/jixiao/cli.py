"""The verbs of jixiao: options in, exit status out, one line per error.

Each verb is one ``run_*`` function, called alike by tasks.py (``invoke build``) and by the
``jixiao`` command (``jixiao build``, ``python -m jixiao build``), whose options are declared in
``VERBS``: one entry per verb, so a new verb is one function and one entry.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jixiao.checks import check_report, has_errors
from jixiao.checks.findings import as_json, as_text
from jixiao.convert.engines import ConversionError
from jixiao.errors import UserError, display_path, error_lines
from jixiao.load.settings import find_reports
from jixiao.paths import BUILD, CONTENT

FORMATS = {"text": as_text, "json": as_json}


def _reports(report: str | Sequence[str] | None, content: Path = CONTENT) -> list[Path]:
    """The report folders given, every report below a folder given, or every one in content/."""
    roots = [Path(report)] if isinstance(report, str) else [Path(r) for r in report or []]
    found: list[Path] = []
    for root in roots or [content]:
        below = find_reports(root) if root.is_dir() else []
        if not below:
            raise UserError(root, "no report.yaml here or below",
                            "a report folder (holding report.yaml) or a folder of them")
        found += below
    return found


def refuse(error: UserError | ConversionError) -> int:
    """Print a user's mistake as its one line; the exit status for it."""
    print(error_lines(error) if isinstance(error, UserError) else f"error: {error}",
          file=sys.stderr)
    return 1


def run_check(report: str | None = None, fmt: str = "text", content: Path = CONTENT) -> int:
    """Check the chosen reports and print the findings; 1 when any is an error, else 0."""
    if fmt not in FORMATS:
        print(f"error: --format {fmt}; expected one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    try:
        folders = _reports(report, content)
    except UserError as error:
        return refuse(error)
    findings = [finding for folder in folders for finding in check_report(folder)]
    sys.stdout.write(FORMATS[fmt](findings, len(folders)))
    return 1 if has_errors(findings) else 0


def run_build(report: str | Sequence[str] | None = None, draft: bool = False,
              out_root: Path = BUILD, force: bool = False, jobs: int | None = None,
              content: Path = CONTENT) -> int:
    """Check, then build the chosen reports (every one under content/ by default) in parallel.

    0 when every report built or was up to date; 1 when any failed or had check errors.
    """
    from jixiao.build.batch import (  # the converters: check needs none of them
        build_all,
        plan_outputs,
    )
    from jixiao.build.report import output_folder

    try:
        pairs = plan_outputs(_reports(report, content),
                             lambda folder: output_folder(folder, out_root))
    except UserError as error:
        return refuse(error)
    started = time.perf_counter()
    summary = build_all(pairs, out_root / ".cache", draft=draft, force=force, jobs=jobs)
    for outcome in summary.outcomes:
        for path in outcome.outputs:
            print(f"  wrote {display_path(path)}")
    print(f"{summary.count('built')} built, {summary.count('skipped')} up to date, "
          f"{len(summary.failed)} failed in {time.perf_counter() - started:.1f} s")
    for outcome in summary.failed:
        print(f"  failed: {display_path(outcome.folder)}")
    return 1 if summary.failed else 0


def run_preview(report: str | None = None, out_root: Path = BUILD, draft: bool = False,
                content: Path = CONTENT) -> int:
    """Check and build the chosen reports, as ``run_build`` does, and write each one's preview
    page; 1 when any failed (a report with check errors is refused unless ``draft``)."""
    from jixiao.build.batch import check_lines
    from jixiao.build.report import ChecksFailed, build_report, output_folder
    from jixiao.commands.preview import docx_font_aliases, write_preview
    from jixiao.convert.styles import load_styles

    try:
        folders = _reports(report, content)
    except UserError as error:
        return refuse(error)
    failed = 0
    for folder in folders:
        print(f"previewing {folder}", flush=True)
        try:
            built = build_report(folder, output_folder(folder, out_root), draft=draft,
                                 progress=lambda line: print(line, flush=True),
                                 cache=out_root / ".cache")
            _print_lines(check_lines(folder, built.findings, draft, refused=False))
            page = write_preview(built.outputs, output_folder(folder, out_root / "preview"),
                                 f"{built.report.year}年度 {built.report.unit_name}",
                                 docx_font_aliases(load_styles()))
        except ChecksFailed as refused:
            _print_lines(check_lines(folder, refused.findings, draft, refused=True))
            failed += 1
            continue
        except (UserError, ConversionError) as error:
            failed += refuse(error)
            continue
        print(f"  wrote {page}")
    return 1 if failed else 0


def _print_lines(lines: list[tuple[str, bool]]) -> None:
    for line, is_error in lines:
        print(line, file=sys.stderr if is_error else sys.stdout, flush=True)


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


def run_clean(out_root: Path = BUILD) -> int:
    """Remove the build folder; 1, naming each, when something could not be removed."""
    failures: list[str] = []

    def note(_function, path, error) -> None:
        error = error[1] if isinstance(error, tuple) else error
        failures.append(f"error: {display_path(Path(path))}: not removed "
                        f"({getattr(error, 'strerror', None) or error})")

    if out_root.exists():
        shutil.rmtree(out_root, onerror=note)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(f"could not remove {display_path(out_root)} whole: {len(failures)} "
              "file(s) or folder(s) left", file=sys.stderr)
        return 1
    print(f"removed {display_path(out_root)}")
    return 0


def run_bench(runs: int = 3) -> int:
    """Time check and build against the bare conversions (see commands/bench.py)."""
    from jixiao.commands.bench import run_bench as bench

    return bench(runs=runs)


# ---------------------------------------------------------------------------- the command

@dataclass(frozen=True)
class Verb:
    """One verb of the ``jixiao`` command: its help, its options, and how it runs."""

    name: str
    help: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _report_option(parser: argparse.ArgumentParser, many: bool = False) -> None:
    parser.add_argument("--report", action="append" if many else "store", default=None,
                        help="a report folder" + (", repeatable" if many else "")
                        + " (default: every report under the content folder)")


def _build_options(parser: argparse.ArgumentParser) -> None:
    _report_option(parser, many=True)
    parser.add_argument("--draft", action="store_true",
                        help="build despite check errors, marking every page 草稿")
    parser.add_argument("--force", action="store_true",
                        help="rebuild reports whose inputs have not changed")
    parser.add_argument("--jobs", type=int, default=0,
                        help="reports built at once (default: one per core)")


def _check_options(parser: argparse.ArgumentParser) -> None:
    _report_option(parser)
    parser.add_argument("--format", choices=tuple(FORMATS), default="text",
                        help="text (path:line:col: error CODE message) or json")


def _preview_options(parser: argparse.ArgumentParser) -> None:
    _report_option(parser)
    parser.add_argument("--draft", action="store_true",
                        help="preview despite check errors, marking every page 草稿")


def _new_year_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", required=True,
                        help="this year's report folder, e.g. content/2024")


def _bench_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, help="how many times each side is timed")


def _no_options(parser: argparse.ArgumentParser) -> None:
    pass


VERBS = (
    Verb("build", "check, then build DOCX and PDF of every report into the build folder",
         _build_options,
         lambda a: run_build(a.report, draft=a.draft, out_root=a.build, force=a.force,
                             jobs=a.jobs or None, content=a.content)),
    Verb("check", "find the inconsistencies a reviewer would find; writes nothing",
         _check_options, lambda a: run_check(a.report, fmt=a.format, content=a.content)),
    Verb("new-year", "create next year's report folder beside --report", _new_year_options,
         lambda a: run_new_year(a.report)),
    Verb("blocks", "list every prose block, the reports using it, its overrides", _no_options,
         lambda a: run_blocks(a.content)),
    Verb("preview", "build, then write the PDF and DOCX pages side by side as HTML",
         _preview_options,
         lambda a: run_preview(a.report, out_root=a.build, draft=a.draft, content=a.content)),
    Verb("clean", "remove the build folder", _no_options, lambda a: run_clean(a.build)),
    Verb("bench", "time check and build against pandoc and typst alone", _bench_options,
         lambda a: run_bench(a.runs)),
)


def _folder_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--content", type=Path, default=default,
                        help=f"the folder of reports (default: {display_path(CONTENT)})")
    parser.add_argument("--build", type=Path, default=default,
                        help=f"the folder outputs go to (default: {display_path(BUILD)})")


def parser() -> argparse.ArgumentParser:
    """The ``jixiao`` command's options: the folders (before or after the verb), then one
    sub-command per verb."""
    command = argparse.ArgumentParser(
        prog="jixiao", description="Budget performance self-evaluation reports (绩效自评报告): "
        "Markdown and CSV to DOCX and PDF.")
    _folder_options(command, None)
    folders = argparse.ArgumentParser(add_help=False)
    _folder_options(folders, argparse.SUPPRESS)  # given after the verb, they win
    verbs = command.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb in VERBS:
        sub = verbs.add_parser(verb.name, help=verb.help, description=verb.help,
                               parents=[folders])
        verb.options(sub)
        sub.set_defaults(run=verb.run)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """``jixiao VERB [options]``: the exit status of the verb."""
    arguments = parser().parse_args(argv)
    arguments.content = arguments.content or CONTENT
    arguments.build = arguments.build or BUILD
    return arguments.run(arguments)
