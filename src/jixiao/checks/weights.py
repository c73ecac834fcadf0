"""WEIGHT: the 分值 of a first-level indicator's items do not add up to its weight (产出指标(30分)
with items of 10+10+15), a weighted first-level indicator has no items at all, or an indicator
has no 分值; WEIGHTS: the weights of report.yaml do not add up to 100.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.findings import Finding, error
from jixiao.checks.subject import Subject
from jixiao.errors import Location
from jixiao.messages import _
from jixiao.numbers import format_plain

FULL_MARKS = 100
EXECUTION = "预算执行率"


def check(subject: Subject) -> Iterator[Finding]:
    scoring = subject.report.scoring
    used = [name for name in scoring.indicators if scoring.weights.get(name)]
    weights = {name: scoring.weights[name] for name in (*used, EXECUTION)
               if name in scoring.weights}
    if abs(sum(weights.values()) - FULL_MARKS) > 1e-9:
        listed = " + ".join(f"{name} {format_plain(w)}" for name, w in weights.items())
        yield error(subject.settings_line("weights"), "WEIGHTS",
                    _("the weights add up to {total} ({listed}); expected {full}").format(
                        total=format_plain(sum(weights.values())), listed=listed,
                        full=FULL_MARKS))
    for form, card in subject.scorecards():
        for item in card.indicators:
            if item.record.number("分值") is None:
                yield error(item.record["分值"].where, "WEIGHT",
                            _("{form} {name} has no {column}; expected its weight").format(
                                form=form, name=item.name,
                                column=subject.indicator_header(card, "分值")))
        present = {group.name for group in card.groups}
        for group in card.groups:
            if group.weight is None or abs(group.items_weight - group.weight) < 1e-9:
                continue
            first = group.indicators[0].record
            items = " + ".join(format_plain(i.weight) for i in group.indicators)
            yield error(first["分值"].where, "WEIGHT",
                        _("{form} {group}'s items carry {carried} ({items}) but its weight "
                          "is {weight}").format(form=form, group=group.name,
                                                carried=format_plain(group.items_weight),
                                                items=items, weight=format_plain(group.weight)))
        if not card.groups:
            continue
        table = card.indicators[0].record.where.path
        for name in used:
            if name not in present:
                yield error(Location(table, 1), "WEIGHT",
                            _("{form} has no items for {name}, weighted {weight}").format(
                                form=form, name=name,
                                weight=format_plain(scoring.weights[name])))
