"""Where jixiao finds its own resources and the user's reports.

templates/ and filters/ ship with the package: in a checkout (an editable install, or running
from src/) they are the repository's top-level folders; in an installed jixiao they are package
data, jixiao/templates and jixiao/filters, put there by pyproject.toml's package-dir mapping.
Either way the folder must exist: a template or filter that cannot be found is an error where
it is read, never skipped.

The reports: ./content and ./build of the folder jixiao runs in when it holds content/, else
(in a checkout) the checkout's own; the `jixiao` command's --content and --build choose others.
JIXIAO_CONTENT and JIXIAO_BUILD override the two folders (the benchmark builds into a temporary
one). fonts/ (licensed fonts for the PDF) sits in the checkout, or where an installed jixiao runs.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _checkout() -> Path | None:
    """The repository holding this jixiao's source, None for an installed jixiao."""
    root = PACKAGE.parents[1]
    if PACKAGE.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


CHECKOUT = _checkout()
TEMPLATES = (CHECKOUT or PACKAGE) / "templates"
FILTERS = (CHECKOUT or PACKAGE) / "filters"
ROOT = CHECKOUT or Path.cwd()  # the project: the checkout, or where an installed jixiao runs
REPORTS = Path.cwd() if (Path.cwd() / "content").is_dir() else ROOT  # content/ and build/
CONTENT = Path(os.environ.get("JIXIAO_CONTENT", REPORTS / "content"))
BUILD = Path(os.environ.get("JIXIAO_BUILD", REPORTS / "build"))
FONTS = ROOT / "fonts"


def resource(folder: Path, name: str) -> Path:
    """``folder``/``name``, one of jixiao's own files (a template, a Lua filter); one line when
    it is missing, as in a jixiao installed without its package data."""
    path = folder / name
    if not path.is_file():
        from jixiao.errors import UserError
        from jixiao.messages import _

        raise UserError(path, _("jixiao's own {file} is missing").format(
                            file=f"{folder.name}/{name}"),
                        _("jixiao installed whole (pip install jixiao, or from a checkout)"))
    return path
