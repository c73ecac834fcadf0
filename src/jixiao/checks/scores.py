"""Scores entered on the self-evaluation forms.

* SCORE: a 得分 above its 分值 (a negative one cannot be loaded), or a 定性 indicator without
  the evaluator's 得分.
* RULE: an entered 得分 outside what its rule allows: a quantitative indicator's is the rule
  score (target met → 分值; else by direction, 完成值 ÷ 指标值 or 指标值 ÷ 完成值); a 定性
  indicator's lies within its band (定性档次, e.g. 达成预期指标 80–100% of 分值).
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.findings import Finding, error
from jixiao.checks.subject import Subject
from jixiao.messages import _
from jixiao.numbers import format_plain


def check(subject: Subject) -> Iterator[Finding]:
    places = subject.report.scoring.score_places
    for form, card in subject.scorecards():
        for item in card.indicators:
            cell = item.record["得分"]
            name = f"{form} {item.name}"
            if item.stated is None:
                if item.qualitative:
                    yield error(cell.where, "SCORE",
                                _("{name} is 定性 but has no 得分; expected the evaluator's "
                                  "score within 0…{weight}").format(
                                      name=name, weight=format_plain(item.weight)))
                continue
            if item.stated > item.weight + 1e-9:
                yield error(cell.where, "SCORE",
                            _("{name} 得分 {score} is above its {column} {weight}").format(
                                name=name, score=cell.text, weight=format_plain(item.weight),
                                column=subject.indicator_header(card, "分值")))
                continue
            low, high = item.allowed
            if item.score is None and not item.qualitative:
                continue  # a blank 年度指标值 or 实际完成值: no rule score to compare with
            if item.qualitative:
                if not low - 1e-9 <= item.stated <= high + 1e-9:
                    yield error(cell.where, "RULE",
                                _("{name} 得分 {score} lies outside its band {band} "
                                  "({low}–{high})").format(
                                      name=name, score=cell.text, band=item.band,
                                      low=format_plain(low), high=format_plain(high)))
            elif abs(round(item.stated, places) - item.score) > 1e-9:
                message = (_("{name} 得分 {score} entered, but its rule gives {rule} ({nature} "
                             "{target}, actual {actual}: target met); leave 得分 blank")
                           if item.met else
                           _("{name} 得分 {score} entered, but its rule gives {rule} ({nature} "
                             "{target}, actual {actual}: target not met); leave 得分 blank"))
                yield error(cell.where, "RULE", message.format(
                    name=name, score=cell.text, rule=format_plain(item.score),
                    nature=item.nature, target=item.target_text, actual=item.actual_text))
