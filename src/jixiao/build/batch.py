"""Building many reports at once: on every core, skipping the unchanged, never stopping early.

Each report builds in its own worker process: pandoc is single-threaded and a report's
documents are few, so one report at a time leaves cores idle. A report whose stamp matches its
inputs is skipped (``stamp``); ``force`` rebuilds it anyway. A report that fails is reported and the
others go on. Before anything is built, the output folders are planned: two reports that
would write the same folder stop the build with one line.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.build.outputs import recover
from jixiao.build.progress import Progress
from jixiao.build.stamp import ask_tool_versions, is_current, report_key, write_stamp
from jixiao.checks.findings import Finding, counts
from jixiao.errors import ConversionError, UserError, display_path, error_lines
from jixiao.load.search_path import search_path
from jixiao.messages import N_, _
from jixiao.paths import CONTENT

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext


@dataclass(frozen=True)
class Outcome:
    """What became of one report: built, skipped (unchanged) or failed, and why."""

    folder: Path
    status: str
    lines: tuple[tuple[str, bool], ...] = ()  # what to print, and whether on stderr
    outputs: tuple[Path, ...] = ()
    seconds: float = 0.0


@dataclass
class Summary:
    """Every report's outcome, in the order they finished."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def plan_outputs(folders: list[Path], output_folder: Callable[[Path], Path]) -> list[tuple]:
    """(report folder, output folder) pairs; one line when two reports share an output folder,
    or one's lies inside the other's (a build replaces its output folder whole)."""
    claimed: dict[Path, Path] = {}
    pairs = []
    for folder in folders:
        out = output_folder(folder)
        key = out.resolve()
        if key in claimed and claimed[key].resolve() != folder.resolve():
            raise UserError(folder, _("writes to {out}, as {other} does").format(
                out=display_path(out), other=display_path(claimed[key])),
                _("each report its own output folder (move one, or build them apart)"))
        if key not in claimed:
            claimed[key] = folder
            pairs.append((folder, out))
    for inner, folder in claimed.items():
        outer = next((o for o in inner.parents if o in claimed), None)
        if outer is not None:
            raise UserError(folder, _("writes into {inner}, inside the output folder of "
                                      "{other}").format(inner=display_path(inner),
                                                        other=display_path(claimed[outer])),
                            _("report folders side by side, not one inside another"))
    return pairs


def check_lines(folder: Path, findings: tuple[Finding, ...] | list[Finding], draft: bool,
                refused: bool) -> list[tuple[str, bool]]:
    """What a build prints of its checks: each error, a summary, and why it goes on or stops —
    (line, is_error) pairs, so a worker process hands them to the caller to print in order
    rather than writing over other reports' lines."""
    lines = [(str(f), True) for f in findings if f.severity == "error"]
    lines.append(("  " + _("check: {counts}").format(counts=counts(list(findings)))
                  + (_(" (jixiao check lists them)") if findings else ""), False))
    if refused:
        lines.append((_("error: {folder} has errors; fix them, or build with --draft")
                       .format(folder=folder), True))
    elif draft and any(f.severity == "error" for f in findings):
        lines.append(("  " + _("building a draft (草稿) despite the errors above"), False))
    return lines


def build_one(folder: Path, out: Path, draft: bool, cache: Path) -> Outcome:
    """Check and build one report, and stamp it; every failure becomes an Outcome."""
    from jixiao.build.report import ChecksFailed, build_report
    from jixiao.load.previous import previous_folder
    from jixiao.load.settings import load_report
    from jixiao.render.includes import report_uses

    started = time.perf_counter()
    search = search_path(folder, CONTENT)
    stamp = None
    try:
        try:  # the inputs' key, taken before the build reads them
            previous = previous_folder(load_report(folder))
            blocks = sorted({use.name for use in report_uses(folder, CONTENT)})
            key = report_key(folder, search, previous, blocks, draft)

            def stamp(stage: Path, names: tuple[str, ...]) -> None:
                write_stamp(stage, key, previous, blocks, names)
        except UserError:
            pass  # the build names the mistake, in its own words
        built = build_report(folder, out, draft=draft, progress=lambda _line: None,
                             cache=cache, stamp=stamp)
    except ChecksFailed as failed:
        return Outcome(folder, "failed", tuple(check_lines(folder, failed.findings, draft,
                                                           refused=True)))
    except UserError as error:
        return Outcome(folder, "failed", ((error_lines(error), True),))
    except ConversionError as error:  # a tool failing: said in the user's words, and its own
        failure = f"{display_path(folder)}: {error}"
        return Outcome(folder, "failed", ((_("error: {error}").format(error=failure), True),))
    except OSError as error:  # a full disk, a read-only build folder, a file gone
        return Outcome(folder, "failed", ((_os_error_line(folder, out, error), True),))
    except Exception as error:  # a defect in jixiao or a tool: still only this report fails
        defect = f"{display_path(folder)}: {type(error).__name__}: {error}"
        return Outcome(folder, "failed", ((_("error: {error}").format(error=defect), True),))
    lines = check_lines(folder, built.findings, built.draft, refused=False)
    return Outcome(folder, "built", tuple(lines), built.outputs, time.perf_counter() - started)


def _os_error_line(folder: Path, out: Path, error: OSError) -> str:
    """The one line for a file that could not be read or written: a failed write (a full disk
    reports no file name) leaves the earlier outputs, which the line says."""
    name = Path(error.filename) if error.filename else None
    reason = _(error.strerror) if error.strerror else str(error)
    if name is None or out.parent.resolve() in name.resolve().parents:
        line = _("{folder}: could not write {out} ({reason}); its earlier outputs are as they "
                 "were").format(folder=display_path(folder), out=display_path(out),
                                reason=reason)
    else:
        line = f"{display_path(folder)}: {display_path(name)}: {reason}"
    return _("error: {error}").format(error=line)


# The system's words for the failures a build (or a clean) meets, as os.strerror gives them,
# so that the catalogue translates them too.
OS_REASONS = (N_("No space left on device"), N_("Permission denied"),
              N_("Read-only file system"), N_("No such file or directory"),
              N_("Input/output error"), N_("Disk quota exceeded"), N_("Is a directory"),
              N_("File name too long"), N_("Directory not empty"))


def progress_line(outcome: Outcome) -> str:
    """What became of one report: ``built content/2024 in 3.1 s``."""
    timing = (_(" in {seconds:.1f} s").format(seconds=outcome.seconds)
              if outcome.status == "built" else "")
    return f"{status_word(outcome.status)} {display_path(outcome.folder)}{timing}"


def status_word(status: str) -> str:
    """built, skipped or failed, in the user's language."""
    return {"built": _("built"), "skipped": _("skipped"), "failed": _("failed")}[status]


def build_all(pairs: list[tuple[Path, Path]], cache: Path, draft: bool = False,
              force: bool = False, jobs: int | None = None) -> Summary:
    """Build every (report, output) pair on ``jobs`` processes (all cores by default).

    Stamps are read here first, so that a build with nothing to do starts no worker; what a
    build killed midway left beside an output folder is undone first, even for a report that
    is then found current (one killed just after its switch leaves only the old set aside).
    ``cache`` is the folder for what all reports share (the generated reference.docx).
    """
    ask_tool_versions()  # every key needs them: pandoc answers while the stamps are read
    for _folder, out in pairs:
        if out.parent.is_dir():
            recover(out)
    stale = [(folder, out) for folder, out in pairs
             if force or not is_current(folder, out, search_path(folder, CONTENT), draft)]
    skipped = [Outcome(folder, "skipped") for folder, out in pairs if (folder, out) not in stale]
    summary = Summary()
    jobs = min(jobs or os.cpu_count() or 1, len(stale))
    if jobs <= 1:
        built = (build_one(folder, out, draft, cache) for folder, out in stale)
        _collect(chain(skipped, built), len(pairs), summary)
        return summary
    with _workers().Pool(jobs) as pool:
        built = pool.imap_unordered(_build_pair, [(*pair, draft, cache) for pair in stale])
        _collect(chain(skipped, built), len(pairs), summary)
    return summary


def _build_pair(arguments: tuple) -> Outcome:
    return build_one(*arguments)


def _workers() -> BaseContext:
    """Workers started as fresh interpreters, never forked from the caller.

    The typst compiler keeps a pool of threads once it has run: a process forked from a caller
    that compiled before (a test session, a long-lived tool) inherits its locks but not its
    threads, and hangs. A fresh interpreter also gets the caller's sys.path, so it builds with
    the same jixiao (Python 3.11's fork server does not pass sys.path on). Two workers
    starting cost well under a second, once per batch.
    """
    import multiprocessing  # a batch of one report, the most common, runs in this process

    return multiprocessing.get_context("spawn")


def _collect(results, total: int, summary: Summary) -> None:
    """Print each report's lines and its progress as it finishes."""
    with Progress(total) as progress:
        for outcome in results:
            summary.outcomes.append(outcome)
            for line, error in outcome.lines:
                progress.write(line, sys.stderr if error else sys.stdout)
            progress.advance(progress_line(outcome))
