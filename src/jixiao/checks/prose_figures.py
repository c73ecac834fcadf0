"""Figures in prose against the data.

* CLAIM (error): a sentence names a quantity — 年初预算数, 执行率, 人员经费, “三公”经费 同比下降
  X% … — and gives a figure that is not that quantity's value. Checked on the rendered line,
  so a placeholder naming the wrong figure is caught too.
* LITERAL (warning): a figure typed in prose that the data holds: make it a placeholder, so it
  follows the data next year.
* UNBACKED (warning): an amount, rate or decimal typed in prose that no data holds. Counts
  (10家, 65次) are left alone: prose is full of them.
* PLACEHOLDER, INCLUDE, PROSE (errors): a section the build would refuse, with the build's own
  line — a placeholder or tag that fails (a name the data lacks, a comment never closed), an
  include that names no block or one the report may not read, prose the documents refuse (an
  image, a raw output block, text not saved as UTF-8).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jixiao.checks.claims import claim_for, only_project, subject_of
from jixiao.checks.findings import Finding, error, warning
from jixiao.checks.numbers_in_text import Number, numbers
from jixiao.checks.prose_text import ProseText, TextLine
from jixiao.checks.subject import Subject
from jixiao.checks.values import (
    AMOUNT,
    CHANGE,
    COUNT,
    DOWN,
    RATE,
    SCORE,
    Stated,
    agrees,
    kind_of,
    leaves,
    number_of,
    placeholder,
    resolve,
    show,
)
from jixiao.errors import Location
from jixiao.load.data import Figure
from jixiao.messages import _
from jixiao.numbers import round_half_up
from jixiao.render.prose import IncludeFailure, TemplateFailure

UNITS = {RATE: {"%"}, CHANGE: {"%"}, COUNT: {"", "人"}, SCORE: {"", "分"}}


@dataclass(frozen=True)
class Held:
    """A figure the data holds, as prose would type it: unit and value in that unit."""

    path: str
    unit: str
    value: float
    rounded: bool  # a computed ratio: typed figures may round it
    source: Any


class DataIndex:
    """Every figure of a report's prose context, findable by the number prose types."""

    def __init__(self, context: dict[str, Any]):
        self.held: list[Held] = []
        for path, value in leaves(context):
            number = number_of(value)
            if "." not in path or not number:
                continue
            if isinstance(value, Figure):
                self.held.append(Held(path, value.unit, number, False, value))
                continue
            kind = kind_of(path)
            unit = {RATE: "%", CHANGE: "%", COUNT: "人", SCORE: "分"}.get(kind, "万元")
            scaled = abs(number) * 100 if kind in (RATE, CHANGE) else number
            self.held.append(Held(path, unit, scaled, kind in (RATE, CHANGE), value))

    def find(self, number: Number) -> Held | None:
        """The figure ``number`` types, if any. A whole number below ten is left out: "4个" is
        as likely another count (创新平台4个) as the figure of that value."""
        if number.places == 0 and number.value < 10 and not number.is_money:
            return None
        for held in self.held:
            if number.is_money and held.unit == "万元" and number.unit != held.unit:
                typed = number.in_wanyuan
            elif held.unit == number.unit:
                typed = number.value
            else:
                continue
            if held.rounded and number.places == 0:
                continue  # 100% or 50% typed is as likely any other ratio
            value = round_half_up(held.value, number.places) if held.rounded else held.value
            if abs(value - typed) < 1e-6:
                return held
        return None


def stated_for(number: Number, kind: str, line: str) -> Stated | None:
    """The number as a statement of a figure of ``kind``; None when its unit cannot be that."""
    if kind == AMOUNT:
        if not number.is_money:
            return None
        extra = {"亿元": 4, "元": 0}.get(number.unit, 0)
        return Stated(number.in_wanyuan, number.places + extra)
    if number.unit not in UNITS.get(kind, set()):
        return None
    if kind == CHANGE:
        down = any(line[:number.start].rstrip().endswith(word) for word in DOWN)
        return Stated((-1 if down else 1) * number.value / 100, number.places + 2)
    if kind == RATE:
        return Stated(number.value / 100, number.places + 2)
    return Stated(number.value, number.places)


class ProseCheck:
    """The prose rules over one report."""

    def __init__(self, subject: Subject):
        self.subject = subject
        self.titles = {s.path: s.section.title for s in subject.sections}
        self.projects = tuple(p.name for p in subject.derived.projects)
        self.documents = {s.path: s.document.key for s in subject.sections}

    @cached_property
    def index(self) -> DataIndex:
        return DataIndex(self.subject.context)

    def claims(self, prose: ProseText,
               line: TextLine) -> Iterator[tuple[Location, Finding | None]]:
        """(source place, finding or None) for every number of the line that makes a claim."""
        fallback = subject_of(line.heading) or subject_of(self.titles.get(prose.path, ""))
        only = only_project(self.documents.get(prose.path), self.projects)
        for number in numbers(line.rendered):
            path = claim_for(line.rendered, number, fallback, self.projects, only)
            if path is None:
                continue
            try:
                value = resolve(self.subject.context, path)
            except KeyError:
                continue
            kind = kind_of(path)
            stated = stated_for(number, kind, line.rendered)
            if stated is None:
                continue
            where = line.where(number.start)
            typed = line.is_typed(number.start)
            typed_text = line.rendered[number.start:number.end]
            if kind == CHANGE:
                typed_text = line.rendered[max(number.start - 2, 0):number.start] + typed_text
            if not agrees(stated, value, kind, self.subject.report.scoring.score_places):
                message = (_("{text} typed for {path}, which is {value}; write {placeholder}")
                           if typed else
                           _("{text} printed by a placeholder for {path}, which is {value}; "
                             "write {placeholder}"))
                yield where, error(where, "CLAIM", message.format(
                    text=typed_text, path=path, value=show(value, kind),
                    placeholder=placeholder(path, value)))
            elif typed:
                suggested = placeholder(path, value)
                yield where, warning(where, "LITERAL",
                                     _("{text} typed for {path}: make it a placeholder, "
                                       "{placeholder}").format(
                                           text=typed_text, path=path, placeholder=suggested),
                                     fix=(typed_text, suggested))
            else:
                yield where, None

    def literals(self, line: TextLine, claimed: set[Location]) -> Iterator[Finding]:
        for number in numbers(line.written):
            where = line.where(number.start)
            if where in claimed or number.value == 0:
                continue
            typed = line.written[number.start:number.end]
            held = self.index.find(number)
            if held is not None:
                suggested = placeholder(held.path, held.source)
                yield warning(where, "LITERAL",
                              _("{text} is typed but the data holds it as {path}: make it a "
                                "placeholder, {placeholder}").format(
                                    text=typed, path=held.path, placeholder=suggested),
                              fix=(typed, suggested))
            elif number.checkable:
                yield warning(where, "UNBACKED",
                              _("{text} is typed but no data holds it: enter it in a figure "
                                "list (data/*.csv with 名称,数值,单位) and use its placeholder")
                              .format(text=typed))

    def check(self) -> Iterator[Finding]:
        for prose in self.subject.prose:
            for line in prose.lines:
                claimed = set()
                for where, finding in self.claims(prose, line):
                    claimed.add(where)
                    if finding is not None:
                        yield finding
                yield from self.literals(line, claimed)


def refusals(subject: Subject) -> Iterator[Finding]:
    """The build's refusal of each section it would not render, as one error each."""
    for part in subject.sections:
        if part.refusal is not None:
            code = ("INCLUDE" if isinstance(part.refusal, IncludeFailure) else
                    "PLACEHOLDER" if isinstance(part.refusal, TemplateFailure) else "PROSE")
            yield Finding.from_error(part.refusal, code)


def check(subject: Subject) -> Iterator[Finding]:
    yield from refusals(subject)
    yield from ProseCheck(subject).check()
