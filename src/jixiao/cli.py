"""The verbs of jixiao: options in, exit status out, one line per error.

Each verb is one ``run_*`` function, called alike by tasks.py (``invoke build``) and by the
``jixiao`` command (``jixiao build``, ``python -m jixiao build``), whose options are declared in
``VERBS``: one entry per verb, so a new verb is one function and one entry.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from jixiao.build.progress import Progress
from jixiao.checks import check_report, has_errors
from jixiao.checks.findings import as_csv, as_json, as_text
from jixiao.errors import ConversionError, UserError, display_path, error_lines
from jixiao.load.settings import find_reports
from jixiao.messages import N_, _, languages, ngettext, set_language
from jixiao.paths import BUILD, CONTENT

FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}


def _reports(report: str | Sequence[str] | None, content: Path = CONTENT) -> list[Path]:
    """The report folders given, every report below a folder given, or every one in content/."""
    roots = [Path(report)] if isinstance(report, str) else [Path(r) for r in report or []]
    found: list[Path] = []
    for root in roots or [content]:
        below = find_reports(root) if root.is_dir() else []
        if not below:
            raise UserError(root, _("no report.yaml here or below"),
                            _("a report folder (holding report.yaml) or a folder of them"))
        found += below
    return found


def refuse(error: UserError | ConversionError) -> int:
    """Print a user's mistake as its one line; the exit status for it."""
    print(error_lines(error) if isinstance(error, UserError)
          else _("error: {error}").format(error=error), file=sys.stderr)
    return 1


def run_check(report: str | None = None, fmt: str = "text", content: Path = CONTENT) -> int:
    """Check the chosen reports and print the findings; 1 when any is an error, else 0."""
    from jixiao.commands.word_files import is_word_target

    if report and is_word_target(Path(report)):
        return run_check_word(report, fmt)
    if fmt not in FORMATS:
        print(_("error: --format {fmt}; expected one of {formats}").format(
            fmt=fmt, formats=", ".join(FORMATS)), file=sys.stderr)
        return 2
    try:
        folders = _reports(report, content)
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


def run_check_word(path: str, fmt: str = "text") -> int:
    """Check a Word file, or a folder of them, as filed; 1 when any finding is an error."""
    from jixiao.commands.word_files import WORD_FORMATS, check_word_files, word_files

    if fmt not in WORD_FORMATS:
        print(_("error: --format {fmt}; expected one of {formats}").format(
            fmt=fmt, formats=", ".join(WORD_FORMATS)), file=sys.stderr)
        return 2
    checked = check_word_files(word_files(Path(path)))
    sys.stdout.write(WORD_FORMATS[fmt](checked))
    return 1 if any(c.errors for c in checked) else 0


def run_import(file: str | Sequence[str], to: str, placeholders: bool = False) -> int:
    """Import a filed report's Word file (or its files: 整体 and 项目) into the new report
    folder ``to``; 1 when refused."""
    from jixiao.commands.word_files import describe_import, import_word

    files = [file] if isinstance(file, str) else list(file)
    if not files or not to:
        print(_("error: import needs the Word file(s) and --to FOLDER, e.g. invoke import "
                "--file 2024年度自评报告.docx --to content/2024"), file=sys.stderr)
        return 1
    try:
        imported = import_word([Path(f) for f in files], Path(to), placeholders=placeholders)
    except UserError as error:
        return refuse(error)
    print("\n".join(describe_import(imported)))
    return 0


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
    if summary.count("built"):
        _print_stand_in_fonts()
    for outcome in summary.outcomes:
        for path in outcome.outputs:
            print("  " + _("wrote {path}").format(path=display_path(path)))
    print(_("{built} built, {skipped} up to date, {failed} failed in {seconds:.1f} s").format(
        built=summary.count("built"), skipped=summary.count("skipped"),
        failed=len(summary.failed), seconds=time.perf_counter() - started))
    for outcome in summary.failed:
        print("  " + _("failed: {folder}").format(folder=display_path(outcome.folder)))
    return 1 if summary.failed else 0


def _print_stand_in_fonts() -> None:
    """Once per build that wrote a PDF: each PDF font role printed in a stand-in for the font
    the DOCX names."""
    from jixiao.convert.pdf_fonts import stand_in_notes
    from jixiao.convert.styles import load_styles
    from jixiao.paths import FONTS

    try:
        notes = stand_in_notes(load_styles(), FONTS)
    except UserError:
        return  # a role with no font at all: each report's build names it
    for note in notes:
        print(_("PDF font: {note}").format(note=note))


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
        print(_("previewing {folder}").format(folder=folder), flush=True)
        try:
            built = build_report(folder, output_folder(folder, out_root), draft=draft,
                                 progress=lambda line: print(line, flush=True),
                                 cache=out_root / ".cache")
            _print_lines(check_lines(folder, built.findings, built.draft, refused=False))
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
        print("  " + _("wrote {path}").format(path=page))
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


def run_templates(content: Path = CONTENT) -> int:
    """List every template, its documents and forms, and the reports using it; 1 on a broken
    report or template."""
    from jixiao.commands.templates import template_listing

    try:
        print("\n".join(template_listing(content)))
    except UserError as error:
        return refuse(error)
    return 0


def run_clean(out_root: Path = BUILD) -> int:
    """Remove the build folder; 1, naming each, when something could not be removed."""
    failures: list[str] = []

    def note(_function, path, error) -> None:
        error = error[1] if isinstance(error, tuple) else error
        reason = getattr(error, "strerror", None)
        failures.append(_("error: {path}: not removed ({reason})").format(
            path=display_path(Path(path)), reason=_(reason) if reason else error))

    if out_root.exists():
        shutil.rmtree(out_root, onerror=note)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(_("could not remove {folder} whole: {count} file(s) or folder(s) left").format(
            folder=display_path(out_root), count=len(failures)), file=sys.stderr)
        return 1
    print(_("removed {folder}").format(folder=display_path(out_root)))
    return 0


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


def run_init(folder: str, year: int | None = None, documents: str = "",
             template: str | None = None, content: Path = CONTENT) -> int:
    """Start a reports repository in ``folder``, its blank report of ``template`` (jixiao's,
    or one beside ``content``; building ``documents``, every one of the template's by
    default); 1 when refused (the folder holds anything, no such template)."""
    from jixiao.commands.init import describe, init_repository
    from jixiao.load.template import DEFAULT_TEMPLATE

    try:
        report = init_repository(Path(folder), year,
                                 tuple(d.strip() for d in documents.split(",") if d.strip()),
                                 template or DEFAULT_TEMPLATE, content)
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
                        help=_("a report folder, repeatable (default: every report under the "
                               "content folder)") if many else
                        _("a report folder (default: every report under the content folder)"))


def _build_options(parser: argparse.ArgumentParser) -> None:
    _report_option(parser, many=True)
    parser.add_argument("--draft", action="store_true",
                        help=_("build despite check errors, marking every page 草稿"))
    parser.add_argument("--force", action="store_true",
                        help=_("rebuild reports whose inputs have not changed"))
    parser.add_argument("--jobs", type=int, default=0,
                        help=_("reports built at once (default: one per core)"))


def _check_options(parser: argparse.ArgumentParser) -> None:
    _report_option(parser)
    parser.add_argument("--format", choices=tuple(FORMATS), default="text",
                        help=_("text (path:line:col: error CODE message), json or csv; --report "
                               "may be a Word file or a folder of them"))


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="+", metavar=_("file"),
                        help=_("the filed report: .docx, or .doc/.wps/.odt (LibreOffice); its "
                               "整体 and 项目 documents may be two files"))
    parser.add_argument("--to", required=True, help=_("the report folder to create"))
    parser.add_argument("--placeholders", action="store_true",
                        help=_("make each typed figure that data holds its placeholder"))


def _preview_options(parser: argparse.ArgumentParser) -> None:
    _report_option(parser)
    parser.add_argument("--draft", action="store_true",
                        help=_("preview despite check errors, marking every page 草稿"))


def _new_year_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", required=True,
                        help=_("this year's report folder, e.g. content/2024"))


def _no_options(parser: argparse.ArgumentParser) -> None:
    pass


def _workbook_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", required=True, help=_("the report folder"))
    parser.add_argument("--to", required=True, help=_("the workbook to write"))


def _export_options(parser: argparse.ArgumentParser) -> None:
    _workbook_options(parser)
    parser.add_argument("--draft", action="store_true",
                        help=_("export despite check errors, marking every sheet 草稿"))


def _init_options(parser: argparse.ArgumentParser) -> None:
    from jixiao.load.template import DEFAULT_TEMPLATE, template_folders

    parser.add_argument("folder", metavar="DIR", help=_("a new or empty folder"))
    parser.add_argument("--year", type=int, help=_("the year evaluated (default: last year)"))
    parser.add_argument("--template", help=_("the report's template: jixiao's {names}, or one "
                                             "in templates/ beside the content folder "
                                             "(default: {default})").format(
        names=", ".join(template_folders(None)), default=DEFAULT_TEMPLATE))
    parser.add_argument("--documents", default="",
                        help=_("the report's documents: 整体, 项目 or 整体,项目 (default: every "
                               "one the template has)"))


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", required=True, help=_("the report folder"))
    parser.add_argument("--port", type=int, help=_("the port to serve on (default: a free one)"))


VERBS = (
    Verb("build", N_("check, then build DOCX and PDF of every report into the build folder"),
         _build_options,
         lambda a: run_build(a.report, draft=a.draft, out_root=a.build, force=a.force,
                             jobs=a.jobs or None, content=a.content)),
    Verb("check", N_("find the inconsistencies a reviewer would find; writes nothing"),
         _check_options, lambda a: run_check(a.report, fmt=a.format, content=a.content)),
    Verb("import", N_("read a filed report's Word file into a new report folder"),
         _import_options, lambda a: run_import(a.file, a.to, placeholders=a.placeholders)),
    Verb("new-year", N_("create next year's report folder beside --report"), _new_year_options,
         lambda a: run_new_year(a.report)),
    Verb("blocks", N_("list every prose block, the reports using it, its overrides"),
         _no_options,
         lambda a: run_blocks(a.content)),
    Verb("templates", N_("list every template, its documents and forms, the reports using it"),
         _no_options, lambda a: run_templates(a.content)),
    Verb("preview", N_("build, then write the PDF and DOCX pages side by side as HTML"),
         _preview_options,
         lambda a: run_preview(a.report, out_root=a.build, draft=a.draft, content=a.content)),
    Verb("clean", N_("remove the build folder"), _no_options, lambda a: run_clean(a.build)),
    Verb("workbook", N_("write the report's data-entry workbook (.xlsx)"), _workbook_options,
         lambda a: run_workbook(a.report, a.to)),
    Verb("export", N_("write the computed forms 附件1–N as a workbook (.xlsx)"),
         _export_options, lambda a: run_export(a.report, a.to, a.draft)),
    Verb("init", N_("start a reports repository with one blank report"), _init_options,
         lambda a: run_init(a.folder, a.year, a.documents, a.template, a.content)),
    Verb("serve", N_("live preview: the PDF's pages in the browser, updated on every save"),
         _serve_options, lambda a: run_serve(a.report, a.port)),
)


def _folder_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--content", type=Path, default=default,
                        help=_("the folder of reports (default: {folder})").format(
                            folder=display_path(CONTENT)))
    parser.add_argument("--build", type=Path, default=default,
                        help=_("the folder outputs go to (default: {folder})").format(
                            folder=display_path(BUILD)))


# argparse's own words — its usage line and headings, the help of -h, its description of a
# mistake in the command line — marked here for the catalogue; argparse looks them up as it
# shows them, through ``_argparse_in_language``.
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"), N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


@contextmanager
def _argparse_in_language() -> Iterator[None]:
    """argparse speaking the user's language while the command line is read: argparse looks
    its words up as it shows them, with its module's ``_`` and ``ngettext`` — gettext's, of the
    default domain, which knows nothing of jixiao's catalogue (jixiao.messages) — so for that
    while they are jixiao's."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def parser() -> argparse.ArgumentParser:
    """The ``jixiao`` command's options: the folders (before or after the verb) and the
    language, then one sub-command per verb; built once the language is chosen."""
    command = argparse.ArgumentParser(
        prog="jixiao", description=_("Budget performance self-evaluation reports (绩效自评报告): "
                                     "Markdown and CSV to DOCX and PDF."))
    _folder_options(command, None)
    command.add_argument("--lang", choices=languages(),
                         help=_("the language of messages (default: Chinese, or LANG's)"))
    folders = argparse.ArgumentParser(add_help=False)
    _folder_options(folders, argparse.SUPPRESS)  # given after the verb, they win
    verbs = command.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb in VERBS:
        sub = verbs.add_parser(verb.name, help=_(verb.help), description=_(verb.help),
                               parents=[folders])
        verb.options(sub)
        sub.set_defaults(run=verb.run)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """``jixiao VERB [options]``: the exit status of the verb. ``--lang`` is read first, so
    that even the help speaks the language chosen."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with _argparse_in_language():
        early = argparse.ArgumentParser(add_help=False)
        early.add_argument("--lang", choices=languages())
        chosen, _others = early.parse_known_args(argv)
        if chosen.lang:
            set_language(chosen.lang)
        arguments = parser().parse_args(argv)
    arguments.content = arguments.content or CONTENT
    arguments.build = arguments.build or BUILD
    return arguments.run(arguments)


def leave(status: int) -> NoReturn:
    """End the process with ``status`` once a command is done, its output flushed, without
    tearing the interpreter down: freeing every module and the typst compiler's fonts, which
    the system frees at once anyway, took some 35 ms of every command. Only the outermost
    entry points call it (``python -m jixiao``, the ``jixiao`` script, the invoke tasks):
    everything a command writes is closed by then."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def command() -> NoReturn:
    """The ``jixiao`` script."""
    leave(main())
