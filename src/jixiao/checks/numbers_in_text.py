"""Figures in a line of prose: the number, its unit, and whether it is a figure at all.

Years and dates (2024年, 1—10月), list numbers (1、), numbers inside quotes or book titles
(扬尘治理“6个100%”, 《…2024…》) and thresholds or approximations (过20亿元, 10亿元以上, 20余起)
are not figures a reader could hold against the data; every other number is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = re.compile(r"(?<![\d.,])(\d+(?:,\d{3})*(?:\.\d+)?)\s*"
                    r"(万元|亿元|元|%|％|万㎡|㎡|m²|万吨|吨|公顷|亩|人|家|个|项|次|起|份|栋|处|名|分)?")
MONEY = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}
QUOTES = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"|「[^」]*」")
NOT_AFTER = re.compile(r"^\s*(?:以上|以下|以内|余|多)")
NOT_AFTER_BARE = re.compile(r"^\s*(?:年|月|日|号|、|[-—–~至]\s*\d)")  # 2024年, 1、, 1—10月
NOT_BEFORE = re.compile(r"(?:过|超过|超|逾|近|约|上|第|（|\()\s*$")


@dataclass(frozen=True)
class Number:
    """A number in a line: its position, value as written, unit and decimals."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    places: int

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY

    @property
    def in_wanyuan(self) -> float:
        """The amount in 万元, the unit of every amount in the data."""
        return self.value * MONEY[self.unit]

    @property
    def checkable(self) -> bool:
        """An amount, a rate or a decimal: a figure prose should not type without data."""
        return self.is_money or self.unit == "%" or self.places > 0


def numbers(text: str) -> list[Number]:
    """The figures in ``text`` (one line), leaving out what is not a figure."""
    quoted = [m.span() for m in QUOTES.finditer(text)]
    found = []
    for match in NUMBER.finditer(text):
        start, end = match.span(1)
        if any(a <= start < b for a, b in quoted):
            continue
        unit = (match.group(2) or "").replace("％", "%")
        if NOT_AFTER.match(text[match.end():]) or (not unit and NOT_AFTER_BARE.match(text[end:])):
            continue
        if NOT_BEFORE.search(text[:start]):
            continue
        digits = match.group(1).replace(",", "")
        places = len(digits.split(".", 1)[1]) if "." in digits else 0
        found.append(Number(start, match.end(), match.group(1), float(digits), unit, places))
    return found
