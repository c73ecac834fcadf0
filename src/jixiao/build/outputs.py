"""All-or-nothing outputs: a report's output folder is replaced whole, or not at all.

A build writes every output of a report (DOCX, PDF, the stamp, the intermediate files) into a
staging folder beside the output folder, and only when all are written switches the two in one
step: Linux's renameat2(RENAME_EXCHANGE) swaps the two folders atomically, so at every moment
build/<report>/ holds either the whole old set or the whole new one — a full disk, a conversion
failing or the process killed at any point leaves the old set as it was. Where the file system
cannot exchange (not Linux, or a file system without it), the old folder is renamed aside and
the new one into place; killed between the two renames, the next build of the report puts the
old set back first (``recover``).

build/<report>/ belongs to its report: it holds that report's outputs and nothing else (batch
refuses output folders nested in one another), so replacing it whole loses nothing.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING = ".staging-"  # staging folders: .<output folder>.staging-<pid>-<random>
ASIDE = ".replaced-"  # an old output folder moved aside: .<output folder>.replaced-<pid>-<random>
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(target: Path, content: bytes) -> None:
    """Write one output file into a staging folder (every output goes through here)."""
    with open(target, "wb") as stream:
        stream.write(content)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A new, empty staging folder for ``out``: fill it, and on leaving the block it replaces
    ``out`` whole; on any exception it is removed and ``out`` is left as it was."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}{STAGING}{os.getpid()}-"))
    os.chmod(stage, 0o777 & ~_umask())  # as any folder the user makes: outputs are shared
    try:
        yield stage
        replaced = switch(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if replaced is not None:
        shutil.rmtree(replaced, ignore_errors=True)


def switch(stage: Path, out: Path) -> Path | None:
    """Put the folder ``stage`` in the place of ``out`` in one step; the old folder's new path
    (to be removed), None when there was none."""
    if not out.exists():
        try:
            os.rename(stage, out)
            return None
        except OSError as error:  # made meanwhile by another build of the same report
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
    if _exchange(stage, out):
        return stage  # now holding the old outputs
    aside = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}{ASIDE}{os.getpid()}-"))
    os.rename(out, aside / out.name)
    os.rename(stage, out)
    return aside


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):  # no renameat2 (not Linux, an old C library)
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                     _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> None:
    """Undo what a build of ``out`` killed midway left: put back an old folder moved aside
    when ``out`` is missing, and remove staging folders of builds no longer running."""
    for leftover in sorted(out.parent.iterdir()):
        kind = next((k for k in (STAGING, ASIDE) if leftover.name.startswith(f".{out.name}{k}")),
                    None)
        pid = leftover.name[len(f".{out.name}{kind}"):].split("-")[0] if kind else ""
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == ASIDE and (leftover / out.name).is_dir() and not out.exists():
            os.rename(leftover / out.name, out)
        shutil.rmtree(leftover, ignore_errors=True)
