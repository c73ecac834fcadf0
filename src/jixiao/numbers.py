"""Reading numbers the way staff type them, and writing them the way reports print them.

Staff paste figures from Excel and WPS: thousands separators, full-width digits, a trailing
percent sign, stray spaces. Reading accepts all of these; writing is fixed by DOMAIN rules:
amounts in 万元 with two decimals, rates in % with two decimals, counts as integers.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from jixiao.messages import _

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")


class NotANumber(ValueError):
    """The text is not a number in any form staff write."""


def parse_number(text: str) -> float | None:
    """The number in ``text``, or None for a blank cell. A trailing % divides by 100."""
    cleaned = text.translate(_FULL_WIDTH).strip().replace(",", "").replace(" ", "")
    if cleaned in ("", "-", "—", "/"):
        return None
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    try:
        value = float(cleaned)
    except ValueError as exc:
        raise NotANumber(text) from exc
    if not math.isfinite(value):
        raise NotANumber(text)
    return value / 100 if percent else value


FLOAT_PRECISION = Context(prec=400)  # every digit of the largest float, and its decimals


def round_half_up(value: float, places: int) -> float:
    """Round as accountants do (0.005 → 0.01), not as binary floats do.

    With the precision of any float (Decimal's default 28 digits fail from 1e26 on); a value
    past any float (a sum overflowing to infinity) is an error, never a printed "inf".
    """
    if not math.isfinite(value):
        raise ValueError(_("{value} is not a number that can be printed").format(value=value))
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP,
                                               context=FLOAT_PRECISION))


def fixed(value: float, places: int = 2) -> str:
    """``value`` with exactly ``places`` decimals, rounded half up."""
    return f"{round_half_up(value, places):.{places}f}"


def format_amount(value: float | None) -> str:
    """An amount in 万元: two decimals, blank when there is none (never 0, never nan)."""
    return "" if value is None else fixed(value, 2)


def format_percent(ratio: float | None) -> str:
    """A ratio as a percentage with two decimals and the sign: 0.857925 → 85.79%."""
    return "" if ratio is None else fixed(ratio * 100, 2) + "%"


def format_change(ratio: float | None) -> str:
    """A relative change in words: −0.57 → 下降57.00%, 0.034 → 增长3.40%, 0 → 持平."""
    if ratio is None:
        return ""
    rounded = round_half_up(ratio * 100, 2)
    if rounded == 0:
        return "持平"
    word = "增长" if rounded > 0 else "下降"
    return f"{word}{abs(rounded):.2f}%"


def format_count(value: float | None) -> str:
    """A head count or item count: an integer."""
    return "" if value is None else str(int(round_half_up(value, 0)))


def format_plain(value: float | None) -> str:
    """A figure as entered, without trailing zeros: 7.78 → 7.78, 54.0 → 54."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
