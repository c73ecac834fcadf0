"""``invoke bench``: how much jixiao adds to the conversions it cannot avoid.

The floor is pandoc writing DOCX, pandoc writing typst and the typst compiler, run one after
another on the very intermediate files a build leaves in build/<report>/.work/. The build is
timed as a whole command, cold (no outputs, no cached reference.docx), exactly as a user runs
it. Both are measured in the same run, so the ratio holds on a busy machine where absolute
times do not. Memory is the peak of the build's whole process tree, proportional (Pss): the
build runs its DOCX and PDF conversions side by side, and two pandoc processes share the
some 95 MB of the pandoc program they have read, which resident sizes would count twice.

``invoke check`` is timed too, as a whole command over 50 copies of the example: what an
evaluation firm checking a year's reports at once waits for; and over 100 Word copies of the
seed as filed (tests/fixtures/seed-as-filed.docx), each imported and checked: what a finance
bureau's reviewer receiving a year's reports waits for.

The batch: ``invoke build`` over the same 50 copies, cold, against the floor of all their
conversions run one after another (``ratio batch/floor``: what building on every core gains),
then again with nothing changed (``ratio noop/full``: what the stamps save). The batch is timed
once per run of the bench: fifty reports already average out a busy machine's noise.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jixiao.convert.engines import pandoc_args
from jixiao.paths import ROOT

EXAMPLE = Path("content") / "2024"
CHECK_COPIES = 50
SEED_DOCX = Path("tests") / "fixtures" / "seed-as-filed.docx"  # the seed as filed, in Word
WORD_COPIES = 100
TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"


def _tree_memory_kb(pid: int, shared: bool = False) -> int:
    """Memory of ``pid`` and all its descendants, in kB (0 once it has gone).

    Resident size by default, which counts a page shared by several processes (the pandoc
    binary, fonts, a forked worker's inherited modules) once per process; with ``shared``,
    proportional size (Pss), which divides such a page among its sharers: what the tree holds.
    """
    total = 0
    pending = [pid]
    source, field = ("smaps_rollup", "Pss:") if shared else ("status", "VmRSS:")
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/{source}") as status:
                total += next((int(line.split()[1]) for line in status
                               if line.startswith(field)), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_measured(command: list[str], env: dict[str, str] | None = None,
                 cwd: Path = ROOT, shared: bool = False,
                 allow_failure: bool = False) -> tuple[float, int]:
    """Run ``command``; return its wall time in seconds and its tree's peak memory in kB.

    A failing command is an error unless ``allow_failure`` (a check that finds errors exits 1).
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_memory_kb(process.pid, shared))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0 and not (allow_failure and process.returncode == 1):
        raise RuntimeError(f"{' '.join(command)} failed: {err.decode().strip()}")
    return elapsed, peak


def floor_commands(work: Path, reference: Path, scratch: Path) -> list[list[str]]:
    """pandoc → DOCX, pandoc → typst body, typst compile: on a build's intermediate files."""
    commands = []
    for source in sorted(work.glob("*.md")):
        commands.append(pandoc_args(source, "docx", [f"--reference-doc={reference}"]))
        commands.append(pandoc_args(source, "typst", []))
    for typst_source in sorted(work.glob("*.typ")):
        commands.append([sys.executable, "-c", TYPST_COMPILE, str(typst_source),
                         str(scratch / f"{typst_source.stem}.pdf")])
    return commands


def bench_build(runs: int, scratch: Path) -> tuple[float, float, int]:
    """Median cold build time, median floor time, and the build's peak memory (Pss, kB)."""
    build_root = scratch / "build"
    env = {**os.environ, "JIXIAO_BUILD": str(build_root)}
    command = [sys.executable, "-m", "invoke", "build", "--report", str(EXAMPLE)]
    builds, floors, peak = [], [], 0
    for _ in range(runs):
        shutil.rmtree(build_root, ignore_errors=True)
        elapsed, memory = run_measured(command, env, shared=True)
        builds.append(elapsed)
        peak = max(peak, memory)
        work = build_root / EXAMPLE.name / ".work"
        reference = next((build_root / ".cache").glob("reference-*.docx"))
        started = time.perf_counter()
        for step in floor_commands(work, reference, scratch):
            subprocess.run(step, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        floors.append(time.perf_counter() - started)
    return statistics.median(builds), statistics.median(floors), peak


def example_copies(root: Path, count: int) -> Path:
    """A content folder under ``root`` holding ``count`` copies of the example, and blocks/."""
    content = root / "content"
    shutil.copytree(ROOT / "content" / "blocks", content / "blocks")
    for number in range(1, count + 1):
        shutil.copytree(ROOT / EXAMPLE, content / f"copy-{number:02d}" / EXAMPLE.name)
    return content


def bench_check(runs: int, scratch: Path, copies: int = CHECK_COPIES) -> float:
    """Median time of ``invoke check`` over ``copies`` copies of the example, whole command."""
    content = example_copies(scratch / "check", copies)
    command = [sys.executable, "-m", "invoke", "check", "--report", str(content)]
    return statistics.median(run_measured(command)[0] for _ in range(runs))


def bench_word_check(runs: int, scratch: Path, copies: int = WORD_COPIES) -> float:
    """Median time of ``invoke check`` over ``copies`` Word copies of the seed as filed: each
    imported into a temporary folder and checked, as a reviewer's batch of filed reports."""
    folder = scratch / "word"
    folder.mkdir()
    for number in range(1, copies + 1):
        shutil.copy(ROOT / SEED_DOCX, folder / f"seed-{number:03d}.docx")
    command = [sys.executable, "-m", "invoke", "check", "--report", str(folder)]
    return statistics.median(run_measured(command, allow_failure=True)[0] for _ in range(runs))


def bench_batch(scratch: Path, copies: int = CHECK_COPIES) -> tuple[float, float, float, int]:
    """Cold batch build, its floor, a no-op batch build (seconds), and the batch's peak (kB).

    The peak is proportional (Pss): two workers and their pandoc processes share the pandoc
    binary, the fonts and the modules the workers inherit, and resident sizes would count
    those once per process.
    """
    content = example_copies(scratch / "batch", copies)
    build_root = scratch / "batch" / "build"
    env = {**os.environ, "JIXIAO_BUILD": str(build_root)}
    command = [sys.executable, "-m", "invoke", "build", "--report", str(content)]
    full, peak = run_measured(command, env, shared=True)
    noop, _ = run_measured(command, env)
    reference = next(build_root.rglob("reference-*.docx"))
    steps = [step for work in sorted(build_root.rglob(".work"))
             for step in floor_commands(work, reference, scratch)]
    started = time.perf_counter()
    for step in steps:
        subprocess.run(step, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return full, time.perf_counter() - started, noop, peak


PREVIEW_EDIT = "整体/01-部门基本情况.md"


def bench_preview(runs: int, scratch: Path) -> list[float]:
    """Seconds from saving one prose edit to the live preview showing it, in chromium.

    ``jixiao serve`` runs on a copy of the example as a writer starts it; the clock stops when
    the page shows a newer version with every page image loaded.
    """
    from jixiao.commands.browser import Browser, ServeProcess

    report = example_copies(scratch / "preview", 1) / "copy-01" / EXAMPLE.name
    section = report / PREVIEW_EDIT
    server = ServeProcess(report)
    try:
        with Browser() as page:
            page.navigate(server.url)
            state = page.preview_shown()
            times = []
            for run in range(runs):
                started = time.perf_counter()
                with section.open("a", encoding="utf-8") as edit:
                    edit.write(f"\n补充说明第{run + 1}条。\n")
                state = page.preview_updated(state["version"])
                times.append(time.perf_counter() - started)
    finally:
        server.stop()
    return times


def run_bench(runs: int = 3) -> int:
    """Print the medians, the peak memory and, last, ``ratio build/floor = X.XX``."""
    from jixiao.messages import _  # here: the measuring code above uses _ for what it drops

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as scratch:
        print(_("checking {copies} copies of {example}, {runs} runs").format(
            copies=CHECK_COPIES, example=EXAMPLE, runs=runs), flush=True)
        check = bench_check(runs, Path(scratch))
        print(_("check ({copies} reports, whole command): median {seconds:.2f} s").format(
            copies=CHECK_COPIES, seconds=check), flush=True)
        print(_("importing and checking {copies} Word copies of {seed}, {runs} runs").format(
            copies=WORD_COPIES, seed=SEED_DOCX, runs=runs), flush=True)
        word = bench_word_check(runs, Path(scratch))
        print(_("import and check ({copies} Word files, whole command): median {seconds:.2f} s")
              .format(copies=WORD_COPIES, seconds=word), flush=True)
        print(_("building {example} cold, {runs} runs, against pandoc + typst alone").format(
            example=EXAMPLE, runs=runs), flush=True)
        build, floor, peak = bench_build(runs, Path(scratch))
    print(_("build (one report, cold, whole command): median {seconds:.2f} s").format(
        seconds=build))
    print(_("floor (pandoc docx + pandoc typst + typst compile): median {seconds:.2f} s")
          .format(seconds=floor))
    print(_("peak memory of the build (Pss, shared pages divided): {mb:.0f} MB").format(
        mb=peak / 1024))
    print(_("ratio build/floor = {ratio:.2f}").format(ratio=build / floor), flush=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as scratch:
        print(_("building {copies} copies of {example} on {cores} cores, cold, then again "
                "unchanged; then their conversions one after another").format(
            copies=CHECK_COPIES, example=EXAMPLE, cores=os.cpu_count()), flush=True)
        full, batch_floor, noop, batch_peak = bench_batch(Path(scratch))
    print(_("batch ({copies} reports, cold, whole command): {seconds:.2f} s").format(
        copies=CHECK_COPIES, seconds=full))
    print(_("floor (the same conversions one after another): {seconds:.2f} s").format(
        seconds=batch_floor))
    print(_("no-op batch (nothing changed, whole command): {seconds:.2f} s").format(
        seconds=noop))
    print(_("peak memory of the batch (Pss, shared pages divided): {mb:.0f} MB").format(
        mb=batch_peak / 1024))
    print(_("ratio batch/floor = {ratio:.2f}").format(ratio=full / batch_floor))
    print(_("ratio noop/full = {ratio:.2f}").format(ratio=noop / full), flush=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as scratch:
        print(_("live preview of {example}: {runs} saved prose edits, until chromium shows each")
              .format(example=EXAMPLE, runs=runs), flush=True)
        preview = bench_preview(runs, Path(scratch))
    print(_("save to updated page (jixiao serve, chromium): median {median:.2f} s, slowest "
            "{slowest:.2f} s (target 1.5 s)").format(median=statistics.median(preview),
                                                       slowest=max(preview)))
    return 0
