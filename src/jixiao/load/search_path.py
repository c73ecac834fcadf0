"""A report's search path: where its section files and included blocks are found.

The report's folder, then each parent folder up to the content root (the nearest folder above
that holds blocks/), then the root's blocks/ — the nearest file wins, so a report overrides a
shared block by keeping a file of the same name beside it.
"""

from __future__ import annotations

from pathlib import Path


def content_root(report_folder: Path, default: Path) -> Path:
    """The nearest folder above the report that holds blocks/, else ``default``."""
    for folder in report_folder.resolve().parents:
        if (folder / "blocks").is_dir():
            return folder
    return default


def search_path(report_folder: Path, default_root: Path) -> list[Path]:
    """The report folder, its parents up to the content root, then the root's blocks/."""
    root = content_root(report_folder, default_root).resolve()
    folders = [report_folder]
    folder = report_folder.resolve()
    while root in folder.parents:
        folder = folder.parent
        folders.append(folder)
    folders.append(root / "blocks")
    return folders
