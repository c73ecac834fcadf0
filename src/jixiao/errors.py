"""The errors a user sees: a mistake in their input, named by place; a tool that failed.

Every message is one line — ``path:line:col: found …; expected …`` (in Chinese
``path:line:col: found …；应为…``) — so that editors and terminals can jump to it, and so that
no Python traceback ever reaches a writer for their own mistake. A converting tool failing on
what jixiao gave it (``ConversionError``) is no mistake of theirs, but is said in their
language too, the tool's own words kept as it said them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jixiao.messages import _


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file, and a 1-based line (or row) and column when known."""

    path: Path
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        text = display_path(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, as users typed it: a
    symbolic link is named, not the file it leads to."""
    path = Path(path)
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class UserError(Exception):
    """A mistake in the user's input; its text is the single line shown to them."""

    def __init__(self, where: Location | Path | str, found: str, expected: str | None = None):
        self.where = where if isinstance(where, Location) else Location(Path(where))
        self.found = found
        self.expected = expected
        super().__init__(str(self))

    def detail(self) -> str:
        """What was found and what was expected, without the place."""
        if not self.expected:
            return self.found
        return self.found + _("; expected {expected}").format(expected=self.expected)

    def __str__(self) -> str:
        return f"{self.where}: {self.detail()}"


class UserErrors(UserError):
    """Every mistake found in one pass over the input, so that one run names them all; its
    text is one line per mistake, the first standing for the whole."""

    def __init__(self, errors: list[UserError]):
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.where, first.found, first.expected)

    def __str__(self) -> str:
        return "\n".join(UserError.__str__(error) for error in self.errors)


def error_lines(error: UserError) -> str:
    """The error as a terminal shows it: ``error: …``, one line per mistake it holds."""
    return "\n".join(_("error: {error}").format(error=UserError.__str__(each))
                     for each in getattr(error, "errors", [error]))


class ConversionError(RuntimeError):
    """A tool jixiao runs — pandoc, typst, LibreOffice, pdftoppm — failed on what jixiao gave
    it: a defect to report, not a user's mistake. ``what`` says what failed, in the user's
    language; ``said`` is what the tool printed, as it printed it."""

    def __init__(self, what: str, said: str = ""):
        self.what, self.said = what, said
        super().__init__(_("{what}: {said}").format(what=what, said=said) if said else what)
