"""The Jinja sandbox prose runs in: no Python internals, no files outside, no runaway sums.

Prose and shared blocks are content, and content can come from anywhere (a block copied from
another unit, a figure pasted into a CSV). Jinja's immutable sandbox already refuses attributes
that lead to Python internals (``''.__class__``, ``cycler.__init__.__globals__``) and calls that
change data (``预算.clear()``: the figures are shared by every document of a report). Two more
holes are closed here:

- a file loader reads whatever a name leads to (a symbolic link in a report folder could
  include any file on the machine): templates are read only through the report's search path
  (load/search_path.py), the one resolver, which refuses a file outside the report's folders;
- ``10 ** 10 ** 10`` or ``'x' * 10 ** 9`` would stall or exhaust the machine: powers and
  repetitions beyond any figure a report holds are refused.
"""

from __future__ import annotations

import math
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from jixiao.load.search_path import SearchPath

MAX_POWER_BITS = 4096  # 10 ** 1200 still fits; a report's figures are far below
MAX_REPEAT = 100_000  # characters or items one repetition may make


class ConfinedLoader(BaseLoader):
    """Templates found and read by a search path, so rendering refuses what it refuses."""

    def __init__(self, search: SearchPath):
        self.search = search

    def get_source(self, environment, template):
        path = self.search.find(template)  # Refused propagates: never read, never skipped
        if path is None:
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return self.search.read(path), str(path), uptodate


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
