"""The three operations every derived figure is made of, each blank-aware.

A blank entered figure stays blank through a ratio, a change or a sum of blanks, so a form
prints a blank where the filed form has one instead of an invented 0.00.
"""

from __future__ import annotations

from jixiao.numbers import round_half_up


def ratio(part: float | None, whole: float | None) -> float | None:
    """part ÷ whole, or None where either is missing or the whole is zero."""
    if part is None or not whole:
        return None
    return part / whole


def change(current: float | None, previous: float | None) -> float | None:
    """(current − previous) ÷ previous: the relative change, None without a base."""
    if current is None or not previous:
        return None
    return (current - previous) / previous


def total(values: list[float | None]) -> float | None:
    """The sum of the values present; None when none is."""
    present = [v for v in values if v is not None]
    return round_half_up(sum(present), 6) if present else None
