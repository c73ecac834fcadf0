"""How far a long run has got: a progress bar on a terminal, a plain line per step otherwise.

A batch build or a check of many reports goes on for minutes. On a terminal a tqdm bar shows
how many are done, and the lines a step prints (its errors, what it wrote) scroll above the
bar; in a log, a pipe or a test, each step is one plain line —
``[########............] 2/5 built content/2024 in 3.1 s`` — that reads the same anywhere.
"""

from __future__ import annotations

import sys
from typing import TextIO

BAR_WIDTH = 20


class Progress:
    """``total`` steps on ``stream``; ``advance(what)`` after each, ``close()`` at the end."""

    def __init__(self, total: int, stream: TextIO | None = None, terminal: bool | None = None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stdout
        interactive = self.stream.isatty() if terminal is None else terminal
        self.bar = None
        if interactive:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="", mininterval=0,
                            bar_format="{bar:30} {n_fmt}/{total_fmt} {elapsed} {postfix}")

    def write(self, line: str, stream: TextIO | None = None) -> None:
        """Print a line of the step's own (above the bar on a terminal)."""
        target = stream or self.stream
        if self.bar is not None:
            self.bar.write(line, file=target)
        else:
            print(line, file=target, flush=True)

    def advance(self, what: str) -> None:
        """One step done: ``what`` says which and how it went."""
        self.done += 1
        if self.bar is not None:
            self.bar.write(what, file=self.stream)
            self.bar.set_postfix_str(what, refresh=False)
            self.bar.update(1)
            return
        filled = round(BAR_WIDTH * self.done / self.total) if self.total else BAR_WIDTH
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        print(f"[{bar}] {self.done}/{self.total} {what}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
