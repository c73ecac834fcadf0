"""The Jinja sandbox prose runs in: no Python internals, no files outside, no runaway sums.

Prose and shared blocks are content, and content can come from anywhere (a block copied from
another unit, a figure pasted into a CSV). Jinja's immutable sandbox already refuses attributes
that lead to Python internals (``''.__class__``, ``cycler.__init__.__globals__``) and calls that
change data (``预算.clear()``: the figures are shared by every document of a report). Two more
holes are closed here:

- the file loader follows symbolic links, so a link in a report folder could include any file
  on the machine: a template whose real path lies outside the search folders is refused;
- ``10 ** 10 ** 10`` or ``'x' * 10 ** 9`` would stall or exhaust the machine: powers and
  repetitions beyond any figure a report holds are refused.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_POWER_BITS = 4096  # 10 ** 1200 still fits; a report's figures are far below
MAX_REPEAT = 100_000  # characters or items one repetition may make


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that reads only files really inside its folders (links resolved)."""

    def __init__(self, folders: Iterable[Path]):
        folders = [Path(f) for f in folders]
        super().__init__([str(f) for f in folders])
        self.real_folders = [Path(os.path.realpath(f)) for f in folders]

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not any(real == folder or folder in real.parents for folder in self.real_folders):
            raise SecurityError(f"{template} leads to {real}, outside the report's folders")
        return source, filename, uptodate


def _too_big(operator: str, left: Any, right: Any) -> bool:
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            return right * math.log2(abs(left) + 1) > MAX_POWER_BITS
        return False
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            return len(seq) * times > MAX_REPEAT
    return False


class ProseSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with ``**`` and ``*`` bounded."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if _too_big(operator, left, right):
            raise SecurityError(f"{operator} would make a value too large to print")
        return super().call_binop(context, operator, left, right)
