"""GRADE: a conclusion in prose (自评等级为优, 评价结论为“良”) that contradicts the grade the
total earns. A sentence naming one of the report's projects (附件3) speaks of that project's
total and grade, as does a sentence of the 项目 report when the report has one project.
Sentences about other units or projects in general (个别项目…自评结论为“优”) are not the
report's own conclusion and are left alone. A grade stated in 填报值.csv is compared
by the stated-values rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.claims import only_project, project_named
from jixiao.checks.findings import Finding, error
from jixiao.checks.subject import Subject
from jixiao.checks.values import resolve
from jixiao.messages import _
from jixiao.numbers import format_plain

GRADE_CLAIM = re.compile(r"(?:自评等级|评价等级|绩效等级|等级|自评结论|评价结论)"
                         r"\s*(?:为|是|：|:)?\s*[“\"「]?(优|良|中|差)")
NOT_OWN = re.compile(r"个别|部分|有的|某些|一些")


def check(subject: Subject) -> Iterator[Finding]:
    try:
        grade = resolve(subject.context, "自评.等级")
        total = resolve(subject.context, "自评.总分")
    except KeyError:  # no 附件2 (a 项目 report alone): only the projects' conclusions
        grade = total = None
    projects = {p.name: p.card for p in subject.derived.projects}
    names = tuple(projects)
    documents = {s.path: s.document.key for s in subject.sections}
    for prose in subject.prose:
        only = only_project(documents.get(prose.path), names)
        for line in prose.lines:
            for match in GRADE_CLAIM.finditer(line.rendered):
                sentence = re.split(r"[。；！？]", line.rendered[:match.start()])[-1]
                name = project_named(sentence, names) or only
                own_grade, own_total, placeholder = grade, total, "{{ 自评.等级 }}"
                if name:
                    own_grade, own_total = projects[name].grade, projects[name].total
                    placeholder = f'{{{{ 项目自评["{name}"].等级 }}}}'
                if own_total is None or NOT_OWN.search(sentence) \
                        or match.group(1) == own_grade:
                    continue
                where = line.where(match.start(1))
                yield error(where, "GRADE",
                            _("conclusion {grade} contradicts the total {total}, which earns "
                              "{earned}; write {placeholder}").format(
                                  grade=match.group(1), total=format_plain(own_total),
                                  earned=own_grade, placeholder=placeholder))
