"""A report's search path: where its section files and included blocks are found, and what it
may read.

The report's folder, then each of its unit's folders above it up to the content root (the
nearest folder above that holds blocks/), then the root's blocks/ — the nearest file wins, so a
report overrides a shared block by keeping a file of the same name beside it. The content root
itself is not on the path: it holds every unit's reports, and one report does not read another's.

``SearchPath`` is the one resolver: the renderer's loader, the build stamp, the checks and
``invoke blocks`` all ask it which file a name stands for, so they agree on the file and on what
is refused:

- a name is a relative path without ``..``; anything else is on no search path;
- a file whose real path (links followed) lies outside the search folders, or inside another
  report's folder (a unit's folder holds its reports), is refused, never read;
- only Markdown files are blocks: a data file or report.yaml is refused;
- a file that is not UTF-8 text is one line with the line of its first bad byte.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from jixiao.errors import Location, UserError, display_path
from jixiao.load.settings import REPORT_FILE
from jixiao.messages import _

BLOCK_SUFFIX = ".md"


class Refused(Exception):
    """A file the report may not read; the text says which and why."""


def content_root(report_folder: Path, default: Path) -> Path:
    """The nearest folder above the report that holds blocks/, else ``default``."""
    for folder in report_folder.resolve().parents:
        if (folder / "blocks").is_dir():
            return folder
    return default


@dataclass(frozen=True)
class SearchPath:
    """Folders searched in order for a template name, and the rules for what may be read.

    ``blocks_only`` limits names to Markdown blocks (a report's prose); the skeletons in
    templates/ are read through a path without that limit.
    """

    folders: tuple[Path, ...]
    blocks_only: bool = True

    def __iter__(self) -> Iterator[Path]:
        return iter(self.folders)

    def __str__(self) -> str:
        return ", ".join(display_path(folder) for folder in self.folders)

    @cached_property
    def _real_folders(self) -> tuple[str, ...]:
        return tuple(os.path.realpath(folder) for folder in self.folders)

    def find(self, name: str) -> Path | None:
        """The file ``name`` stands for: the first folder's that holds it, None when none does.

        Raises Refused when that file is one the report may not read.
        """
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if not parts or any(part == ".." or os.sep in part or (os.altsep and os.altsep in part)
                            for part in parts):
            return None
        for folder in self.folders:
            candidate = folder.joinpath(*parts)
            if candidate.is_file():
                self._refuse_unreadable(name, candidate)
                return candidate
        return None

    def lookup(self, name: str) -> Path | None:
        """``find`` for a reader that only records names (the build stamp): a refused file is
        None, as the build that refuses it writes no stamp."""
        try:
            return self.find(name)
        except Refused:
            return None

    def _refuse_unreadable(self, name: str, candidate: Path) -> None:
        real = os.path.realpath(candidate)
        inside = [folder for folder in self._real_folders if real.startswith(folder + os.sep)]
        if not inside:
            raise Refused(_("{name} leads to {real}, outside the report's folders").format(
                name=name, real=real))
        reports = [_report_between(folder, real) for folder in inside]
        if None not in reports:
            raise Refused(_("{name} lies in {folder}, another report's folder").format(
                name=name, folder=display_path(Path(reports[-1]))))
        if self.blocks_only and not (name.endswith(BLOCK_SUFFIX)
                                     and real.endswith(BLOCK_SUFFIX)):
            raise Refused(_("{name} is not a block: only Markdown files ({suffix}) are "
                            "included").format(name=name, suffix=BLOCK_SUFFIX))

    def read(self, path: Path) -> str:
        """The text of ``path``, a file ``find`` gave; one line when it is not UTF-8."""
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8-sig")  # a byte-order mark is no part of the text
        except UnicodeDecodeError as exc:
            raise UserError(Location(path, raw[:exc.start].count(b"\n") + 1),
                            _("text that is not UTF-8"), _("Markdown saved as UTF-8")) from None


def _report_between(folder: str, real: str) -> str | None:
    """A report folder strictly between ``folder`` and the file ``real`` below it, if any."""
    between = folder
    for part in real[len(folder) + 1:].split(os.sep)[:-1]:
        between = os.path.join(between, part)
        if os.path.isfile(os.path.join(between, REPORT_FILE)):
            return between
    return None


def search_path(report_folder: Path, default_root: Path) -> SearchPath:
    """The report folder, its unit's folders up to (not including) the content root, then the
    root's blocks/."""
    root = content_root(report_folder, default_root).resolve()
    folders = [report_folder]
    folder = report_folder.resolve()
    while root in folder.parent.parents:
        folder = folder.parent
        folders.append(folder)
    folders.append(root / "blocks")
    return SearchPath(tuple(folders))
