"""What must be filled in before a report goes out.

* SIGN: a field of the signature line under the forms is empty: 填报日期 is an error; the
  names and the phone number are warnings, as some units write them by hand.
* SECTION: an official section's file is missing or holds nothing (error); a first-level
  heading inside a section file, which would break the official order (error); a
  subheading with no text under it (warning: the seed's 绩效评价指标分析 has four); a
  Markdown file beside the sections that the outline does not know, so it is never built
  (warning).
* GOAL: 年度总体目标 empty (no line, or a line without 预期目标 or 实际完成情况).
* ACTUAL: an indicator without 实际完成值.
* TARGET: an indicator without 年度指标值.
* REASON: an indicator that lost points (得分 < 分值) without 偏差原因分析及改进措施; one left
  unscored by a blank cell is named by that cell's rule instead.

A column is named as the report's data file heads it (``Subject.header``): a sichuan report's
finding says 完成值 where jixiao's column is 实际完成值.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.findings import Finding, error, warning
from jixiao.checks.prose_text import ProseText
from jixiao.checks.subject import Subject
from jixiao.errors import Location
from jixiao.load.schemas import WHOLE
from jixiao.messages import _
from jixiao.numbers import format_plain

SIGNATURE_DATE = "填报日期"


def signature(subject: Subject) -> Iterator[Finding]:
    for key, value in subject.report.signature.items():
        if value.strip():
            continue
        where = subject.settings_line(key)
        if key == SIGNATURE_DATE:
            yield error(where, "SIGN", _("signature: {key} is empty; expected the date the "
                                         "forms are filed").format(key=key))
        else:
            yield warning(where, "SIGN", _("signature: {key} is empty; the line under every "
                                           "form prints it blank").format(key=key))


def _empty_subsections(prose: ProseText) -> Iterator[Finding]:
    """Each subheading with no text before the next heading of its level or above (blocks
    included under it count: the section is read as rendered)."""
    for index, line in enumerate(prose.lines):
        if not line.is_heading:
            continue
        within = []
        for following in prose.lines[index + 1:]:
            if following.is_heading and following.level <= line.level:
                break
            within.append(following)
        if not any(not t.is_heading and t.rendered.strip() for t in within):
            yield warning(line.place, "SECTION",
                          _("「{heading}」 has no text under it").format(heading=line.heading))


def sections(subject: Subject) -> Iterator[Finding]:
    titles = {s.section.title: s for s in subject.sections}
    for part in subject.sections:
        name = f"{part.document.key}「{part.section.title}」"
        if part.refusal is not None:
            continue  # the prose rules give the build's refusal of it
        if part.prose is None:
            yield error(part.path, "SECTION",
                        _("section {name} is missing; expected its text in {file}").format(
                            name=name, file=f"{part.document.folder}/{part.section.file}"))
            continue
        if not part.prose.has_text() and not part.prose.headings:
            yield error(Location(part.path, 1), "SECTION",
                        _("section {name} is empty").format(name=name))
        for heading in part.prose.headings:
            if heading.level != 1:
                continue
            title = heading.heading
            other = titles.get(re.sub(r"^[一二三四五六七八九十]+、\s*", "", title))
            if other and other != part:
                message = _("first-level heading 「{title}」 inside {name} is out of the "
                            "official order: it is section 「{other}」, which belongs in {file}")
            else:
                message = _("first-level heading 「{title}」 inside {name} is out of the "
                            "official order: the outline gives the first-level headings; use "
                            "## for a subheading")
            yield error(heading.place, "SECTION", message.format(
                title=title, name=name, other=other.section.title if other else "",
                file=f"{other.document.folder}/{other.section.file}" if other else ""))
    for prose in subject.prose:
        yield from _empty_subsections(prose)
    for document in {s.document.key: s.document for s in subject.sections}.values():
        known = {s.file for s in document.sections}
        folder = subject.report.folder / document.folder
        for path in sorted(folder.glob("*.md")):
            if path.name not in known:
                yield warning(path, "SECTION",
                              _("{file} is not a section of {document}, so it is never built; "
                                "expected one of {known}").format(
                                    file=path.name, document=document.key,
                                    known=", ".join(sorted(known))))


def goals(subject: Subject) -> Iterator[Finding]:
    whole = [("附件2", subject.derived.goals, "年度目标")]
    forms = [*(whole if WHOLE in subject.report.documents else []),
             *((subject.project_form(i), p.goals, "项目目标")
               for i, p in enumerate(subject.derived.projects))]
    for form, lines, table in forms:
        expected, actual = (subject.header(table, c) for c in ("预期目标", "实际完成情况"))
        if not any(goal.expected or goal.actual for goal in lines):
            path = lines[0].record.where.path if lines else \
                subject.report.data_folder / f"{table}.csv"
            yield error(Location(path, 1), "GOAL",
                        _("{form} 年度总体目标 is empty; expected {expected} and {actual}")
                        .format(form=form, expected=expected, actual=actual))
            continue
        for goal in lines:
            for column, text in (("预期目标", goal.expected), ("实际完成情况", goal.actual)):
                if not text:
                    yield error(goal.record[column].where, "GOAL",
                                _("{form} 年度总体目标 without {column}").format(
                                    form=form, column=subject.header(table, column)))


def indicators(subject: Subject) -> Iterator[Finding]:
    for form, card in subject.scorecards():
        for item in card.indicators:
            for code, column, text in (("TARGET", "年度指标值", item.target_text),
                                       ("ACTUAL", "实际完成值", item.actual_text)):
                if not text:
                    yield error(item.record[column].where, code,
                                _("{form} {name} has no {column}").format(
                                    form=form, name=item.name,
                                    column=subject.indicator_header(card, column)))
            if item.score is None:
                continue
            if item.score < item.weight - 1e-9 and not item.deviation:
                column = "偏差原因分析及改进措施"
                yield error(item.record[column].where, "REASON",
                            _("{form} {name} scored {score} of {weight} but gives no "
                              "{column}").format(
                                  form=form, name=item.name, score=format_plain(item.score),
                                  weight=format_plain(item.weight),
                                  column=subject.indicator_header(card, column)))


def check(subject: Subject) -> Iterator[Finding]:
    yield from goals(subject)
    yield from indicators(subject)
    yield from signature(subject)
    yield from sections(subject)
