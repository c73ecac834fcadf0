"""A report's outputs are replaced all together or not at all: a write failing at any output,
a full disk, the build killed at any point — every time build/<report>/ holds the whole old
set or the whole new one. And `invoke clean` says what it could not remove."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.build import outputs as staging
from jixiao.build.report import output_folder
from jixiao.cli import run_build, run_clean
from jixiao.paths import CONTENT, ROOT
from report_edits import copy_report, replace_in

CHANGED_SECTION = Path("整体") / "10-其他需要说明的情况.md"


def documents(out: Path) -> dict[str, str]:
    """The DOCX and PDF files of an output folder, name → sha256."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.glob("*")) if p.suffix in (".docx", ".pdf")}


def change(report: Path) -> None:
    """An edit that changes every output of the 整体 document and none of 项目's."""
    replace_in(report / CHANGED_SECTION, "无。", "无其他需要说明的情况。")


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    """The example's outputs before and after ``change``, built apart: name → sha256 each."""
    root = tmp_path_factory.mktemp("sets")
    report = copy_report(CONTENT / "2024", root / "content")
    assert run_build(str(report), out_root=root / "old", force=True) == 0
    change(report)
    assert run_build(str(report), out_root=root / "new", force=True) == 0
    old, new = documents(root / "old" / "2024"), documents(root / "new" / "2024")
    assert len(old) == 4 and old.keys() == new.keys()
    assert sum(old[name] != new[name] for name in old) == 2  # 整体's DOCX and PDF
    return old, new


def all_old_or_all_new(out: Path, old_and_new) -> str:
    old, new = old_and_new
    found = documents(out)
    assert found in (old, new), f"a mix of old and new outputs: {found}"
    return "old" if found == old else "new"


def no_leftovers(out: Path) -> None:
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


@pytest.mark.parametrize("failing", [1, 2, 3, 4])
def test_a_write_failing_at_any_output_leaves_the_old_set(report_copy, tmp_path, capsys,
                                                          monkeypatch, old_and_new, failing):
    out_root = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out_root) == 0
    change(report_copy)
    written = []
    real = staging.write_output

    def write_output(target: Path, content: bytes) -> None:
        written.append(target.name)
        if len(written) == failing:
            real(target, content[: len(content) // 2])  # half written, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(target, content)

    monkeypatch.setattr("jixiao.build.report.write_output", write_output)
    capsys.readouterr()
    assert run_build(str(report_copy), out_root=out_root, jobs=1) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0]
    out = output_folder(report_copy, out_root)
    assert all_old_or_all_new(out, old_and_new) == "old"
    no_leftovers(out)
    monkeypatch.undo()
    assert run_build(str(report_copy), out_root=out_root) == 0  # not taken as up to date
    assert all_old_or_all_new(out, old_and_new) == "new"


def test_the_switch_failing_leaves_the_old_set(report_copy, tmp_path, capsys, monkeypatch,
                                               old_and_new):
    out_root = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out_root) == 0
    change(report_copy)

    def switch(stage: Path, out: Path):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(out))

    monkeypatch.setattr(staging, "switch", switch)
    assert run_build(str(report_copy), out_root=out_root, jobs=1) == 1
    out = output_folder(report_copy, out_root)
    assert all_old_or_all_new(out, old_and_new) == "old"
    no_leftovers(out)


def test_rename_aside_where_folders_cannot_be_exchanged(tmp_path, monkeypatch):
    """Without an atomic exchange the old folder goes aside; killed between the two renames,
    the next build puts it back before anything else."""
    out, stage = tmp_path / "2024", tmp_path / ".2024.staging-1-x"
    out.mkdir()
    (out / "a.pdf").write_text("old")
    stage.mkdir()
    (stage / "a.pdf").write_text("new")
    monkeypatch.setattr(staging, "_exchange", lambda first, second: False)
    aside = staging.switch(stage, out)
    assert (out / "a.pdf").read_text() == "new" and (aside / "2024" / "a.pdf").read_text() == "old"
    # as if killed right after moving the old folder aside: no 2024, the old one aside
    os.rename(out, tmp_path / "gone")
    dead = tmp_path / f".2024{staging.ASIDE}999999999-y"
    os.rename(aside, dead)
    staging.recover(out)
    assert (out / "a.pdf").read_text() == "old" and not dead.exists()


def _mount_tmpfs(folder: Path, kilobytes: int) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    return done.returncode == 0


def _used_kilobytes(folder: Path) -> int:
    usage = os.statvfs(folder)
    return (usage.f_blocks - usage.f_bfree) * usage.f_frsize // 1024


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs takes root")
def test_a_full_disk_leaves_the_old_set(report_copy, tmp_path, capsys, old_and_new):
    """A real full disk: a tmpfs just large enough for the old outputs and part of the new."""
    probe = tmp_path / "probe"
    if not _mount_tmpfs(probe, 4096):
        pytest.skip("tmpfs cannot be mounted here")
    try:
        assert run_build(str(report_copy), out_root=probe) == 0
        needed = _used_kilobytes(probe)
    finally:
        subprocess.run(["umount", str(probe)], check=True)
    change(report_copy)
    outcomes = []
    for spare in (8, needed // 4, needed // 2, needed - needed // 8, 2 * needed):
        disk = tmp_path / f"disk-{spare}"
        if not _mount_tmpfs(disk, needed + spare):
            pytest.skip("tmpfs cannot be mounted here")
        try:
            replace_in(report_copy / CHANGED_SECTION, "无其他需要说明的情况。", "无。")
            assert run_build(str(report_copy), out_root=disk) == 0
            change(report_copy)
            capsys.readouterr()
            status = run_build(str(report_copy), out_root=disk, jobs=1)
            err = capsys.readouterr().err
            out = output_folder(report_copy, disk)
            outcome = all_old_or_all_new(out, old_and_new)
            assert (status, outcome) in ((1, "old"), (0, "new")), err
            assert status == 0 or "No space left on device" in err
            no_leftovers(out)
            outcomes.append(outcome)
        finally:
            subprocess.run(["umount", str(disk)], check=True)
    assert outcomes[0] == "old" and outcomes[-1] == "new"


KILL_POINTS = {
    "staging made": lambda stage: True,
    "Markdown written": lambda stage: any((stage / ".work").glob("*.md")),
    "first DOCX written": lambda stage: any(stage.glob("*.docx")),
    "first PDF written": lambda stage: any(stage.glob("*.pdf")),
    "second DOCX written": lambda stage: len(list(stage.glob("*.docx"))) > 1,
    "last PDF written, or switched already": lambda stage: len(list(stage.glob("*.pdf"))) > 1,
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_at_any_point_leaves_all_old_or_all_new(report_copy, tmp_path, old_and_new,
                                                       point):
    out_root = tmp_path / "build"
    assert run_build(str(report_copy), out_root=out_root) == 0
    out = output_folder(report_copy, out_root)
    change(report_copy)
    build = subprocess.Popen([sys.executable, "-m", "jixiao", "--build", str(out_root), "build",
                              "--report", str(report_copy), "--jobs", "1"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reached = KILL_POINTS[point]
    try:
        while build.poll() is None:
            stages = [p for p in out_root.glob(f".{out.name}{staging.STAGING}*") if p.is_dir()]
            if any(reached(stage) for stage in stages):
                break
            time.sleep(0.001)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    all_old_or_all_new(out, old_and_new)
    assert run_build(str(report_copy), out_root=out_root) == 0  # then builds whole
    assert all_old_or_all_new(out, old_and_new) == "new"
    no_leftovers(out)


@pytest.mark.skipif(os.geteuid() != 0, reason="a read-only bind mount takes root")
def test_clean_on_a_read_only_build_folder(tmp_path, capsys):
    build = tmp_path / "build"
    (build / "2024").mkdir(parents=True)
    (build / "2024" / "报告.pdf").write_bytes(b"%PDF")
    mounted = subprocess.run(["mount", "--bind", str(build), str(build)], check=False)
    if mounted.returncode != 0:
        pytest.skip("bind mounts are not possible here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(build)], check=True)
        assert run_clean(build) == 1
        printed = capsys.readouterr()
        err = printed.err.strip().splitlines()
        assert any("2024/报告.pdf: not removed (Read-only file system)" in line for line in err)
        assert err[-1].startswith("could not remove") and "removed" not in printed.out
        assert (build / "2024" / "报告.pdf").is_file()
    finally:
        subprocess.run(["umount", str(build)], check=True)


def test_clean_removes_the_build_folder(tmp_path, capsys):
    (tmp_path / "build" / "2024").mkdir(parents=True)
    assert run_clean(tmp_path / "build") == 0
    assert not (tmp_path / "build").exists() and "removed" in capsys.readouterr().out


def test_clean_names_what_it_could_not_remove(tmp_path, capsys, monkeypatch):
    (tmp_path / "build" / "2024").mkdir(parents=True)
    (tmp_path / "build" / "2024" / "a.pdf").write_bytes(b"%PDF")

    def refuse(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "unlink", refuse)
    assert run_clean(tmp_path / "build") == 1
    assert "a.pdf: not removed (Permission denied)" in capsys.readouterr().err
    monkeypatch.undo()
    shutil.rmtree(tmp_path / "build")


def test_a_report_inside_another_is_refused_before_anything_is_built(tmp_path, capsys):
    """A build replaces its output folder whole, so one report's outputs cannot lie inside
    another's."""
    content = tmp_path / "content"
    outer = copy_report(CONTENT / "2024", content, "unit")
    copy_report(CONTENT / "2024", outer, "2024")
    shutil.rmtree(outer / "blocks")  # content/ above both holds the blocks
    assert run_build(str(content), out_root=tmp_path / "build") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "inside the output folder of" in err[0]
    assert err[0].endswith("expected report folders side by side, not one inside another")
    assert not (tmp_path / "build").exists()
