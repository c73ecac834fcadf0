"""Comparing a figure as someone stated it with the figure jixiao computes.

A figure is named as prose names it (``预算.执行率``, ``三公经费.变动``); its name says its kind:
a rate or share (a ratio shown in %), a change (signed, 下降/增长 X%), a score, a grade, a count
or an amount. A stated figure agrees when it equals the computed one at the precision it was
stated with — writers round (下降57%) — except scores, compared at the report's score precision
so that a 得分 of 9 does not pass for 8.58.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jixiao.load.data import Figure
from jixiao.numbers import fixed, format_change, format_percent, parse_number, round_half_up

RATE, CHANGE, SCORE, GRADE, COUNT, AMOUNT = "rate", "change", "score", "grade", "count", "amount"
FILTER = {RATE: "percent", CHANGE: "change", COUNT: "count", AMOUNT: "amount", SCORE: "plain"}
DOWN = ("下降", "减少", "降低", "缩减", "压减")
UP = ("增长", "增加", "上升", "提高")
CHANGE_TEXT = re.compile(rf"^({'|'.join(DOWN + UP)})\s*([-\d.,]+)\s*[%％]$")


def kind_of(path: str) -> str:
    """The kind of the figure called ``path``, from the last part of its name."""
    last = path.rsplit(".", 1)[-1]
    if last == "变动":
        return CHANGE
    if last.endswith("率") or last == "占比":
        return RATE
    if last.endswith("得分") or last in ("总分", "分值"):
        return SCORE
    if last == "等级":
        return GRADE
    if last in ("编制数", "实际在职人数"):
        return COUNT
    return AMOUNT


def resolve(context: dict[str, Any], path: str) -> Any:
    """The value called ``path`` in the prose context; KeyError when there is none."""
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(path)
        value = value[part]
    if isinstance(value, dict):
        raise KeyError(path)
    return value


def leaves(context: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Every named figure of the context: (path, value), in the context's own order."""
    found = []
    for name, value in context.items():
        path = f"{prefix}{name}"
        if isinstance(value, dict):
            found += leaves(value, f"{path}.")
        else:
            found.append((path, value))
    return found


def decimals(text: str) -> int:
    digits = re.sub(r"[^\d.]", "", text)
    return len(digits.split(".", 1)[1]) if "." in digits else 0


@dataclass(frozen=True)
class Stated:
    """A stated figure: its value on the computed one's scale, and the decimals it was given."""

    value: float | str
    places: int


def parse_stated(text: str, kind: str) -> Stated:
    """``text`` as stated for a figure of ``kind``; ValueError when it cannot be one."""
    text = text.strip().replace("％", "%")
    if kind == GRADE:
        return Stated(text.strip("“”\"'"), 0)
    if kind == CHANGE:
        if text == "持平":
            return Stated(0.0, 2)
        match = CHANGE_TEXT.match(text)
        if match:
            size = float(match.group(2).replace(",", "")) / 100
            return Stated(-size if match.group(1) in DOWN else size, decimals(match.group(2)) + 2)
    number = parse_number(text)
    if number is None:
        raise ValueError(text)
    if kind in (RATE, CHANGE) and not text.endswith("%"):
        number /= 100  # a rate stated without its sign is still a percentage
    places = decimals(text) + (2 if kind in (RATE, CHANGE) else 0)
    return Stated(number, places)


def number_of(value: Any) -> float | None:
    if isinstance(value, Figure):
        return value.value
    if isinstance(value, bool) or value is None:
        return None
    return float(value) if isinstance(value, (int, float)) else None


def agrees(stated: Stated, computed: Any, kind: str, score_places: int) -> bool:
    """Whether ``stated`` is ``computed`` at the precision it was stated with."""
    if kind == GRADE:
        return str(stated.value) == str(computed or "")
    value = number_of(computed)
    if value is None:
        value = 0.0  # a blank figure prints as 0.00 and is stated as 0
    places = score_places if kind == SCORE else stated.places
    return abs(round_half_up(value, places) - round_half_up(float(stated.value), places)) < 1e-9


def show(value: Any, kind: str) -> str:
    """A computed figure as the forms print it."""
    if kind == GRADE:
        return str(value or "（无）")
    number = number_of(value)
    if number is None:
        return "空"
    if kind == RATE:
        return format_percent(number)
    if kind == CHANGE:
        return format_change(number)
    if kind == COUNT:
        return str(int(number))
    if isinstance(value, Figure):
        return str(value)
    return fixed(number, 2) if kind in (AMOUNT, SCORE) else str(number)


PROJECT_PREFIX = "项目自评."


def written(path: str) -> str:
    """``path`` as prose writes it: a project's name in brackets, 项目自评["<项目名称>"].总分."""
    if not path.startswith(PROJECT_PREFIX):
        return path
    project, _, rest = path.removeprefix(PROJECT_PREFIX).partition(".")
    return f'项目自评["{project}"].{rest}'


def placeholder(path: str, value: Any) -> str:
    """The placeholder that prints ``path`` as prose should."""
    if isinstance(value, Figure):
        return f"{{{{ {written(path)} }}}}"
    return f"{{{{ {written(path)} | {FILTER.get(kind_of(path), 'plain')} }}}}"
