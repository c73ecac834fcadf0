"""Stated figures (data/填报值.csv) against the computed ones.

A filed report states figures that jixiao derives: 总分 95.5, 执行率 85.79%, 执行率得分 9,
“三公”经费 下降24.43%, 等级 优, and each project's form its own (项目自评["<项目名称>"].执行率,
.全年预算数 …). 填报值.csv names each by its placeholder name (or a short name as the forms
print it) beside the value as stated; each that disagrees is an error at its cell, and an
执行率得分 stated above its 分值 is a SCORE error.
The code says what kind of figure disagrees: RATE for rates and changes, RULE for 执行率得分
(set by its rule), GRADE for the grade, TOTAL for totals, subtotals and amounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.findings import Finding, error
from jixiao.checks.subject import Subject
from jixiao.checks.values import (
    CHANGE,
    GRADE,
    RATE,
    SCORE,
    agrees,
    kind_of,
    parse_stated,
    resolve,
    show,
)
from jixiao.messages import _
from jixiao.numbers import format_plain

STATED = "填报值"
ALIASES = {
    "执行率": "自评.执行率",
    "执行率得分": "自评.执行率得分",
    "总分": "自评.总分",
    "等级": "自评.等级",
    "分值合计": "自评.分值",
    "控制率": "人员.控制率",
    "在职人员控制率": "人员.控制率",
    "三公经费变动": "三公经费.变动",
    "“三公”经费变动": "三公经费.变动",
    "基本支出": "基本支出.合计",
}
SUBTOTAL = "得分"  # 产出指标得分 → 自评.产出指标.得分
PROJECT_NAMES = "项目自评"
# a figure named in brackets as prose writes it: 项目自评["<项目名称>"].总分,
# 经费控制["“三公”经费"].本年决算数
BRACKETED = re.compile(r'^([^.\[\]]+)\[\s*(["\'])(.+?)\2\s*\]\.(.+)$')
# the last part of a name as a filed form words it → the name the context holds it under
LAST_PARTS = {"分值合计": "分值"}


class NoProject(KeyError):
    """A 项目自评 name whose project no project of the report is."""


def path_of(name: str, context: dict) -> str:
    """The placeholder name ``name`` stands for: itself, a short name, 一级指标 + 得分, or a
    project's figure (项目自评["<项目名称>"].执行率 → 项目自评.<项目名称>.执行率)."""
    if name in ALIASES:
        return ALIASES[name]
    match = BRACKETED.match(name)
    if match:
        group, _, key, figure = match.groups()
        if group == PROJECT_NAMES and key not in context.get(PROJECT_NAMES, {}):
            raise NoProject(key)
        head, _, last = figure.rpartition(".")
        last = LAST_PARTS.get(last, last)
        return f"{group}.{key}.{head + '.' if head else ''}{last}"
    level1 = name.removesuffix(SUBTOTAL)
    if name.endswith(SUBTOTAL) and level1 in context.get("自评", {}):
        return f"自评.{level1}.{SUBTOTAL}"
    return name


def _weight_of(context: dict, path: str) -> float | None:
    """The 分值 of the 执行率得分 called ``path``: its form's 执行率分值."""
    try:
        return resolve(context, path.removesuffix("得分") + "分值")
    except KeyError:
        return None


def code_for(path: str, kind: str) -> str:
    if kind in (RATE, CHANGE):
        return "RATE"
    if kind == GRADE:
        return "GRADE"
    if path.endswith("执行率得分"):
        return "RULE"
    return "TOTAL"


def check(subject: Subject) -> Iterator[Finding]:
    for record in subject.data.records.get(STATED, []):
        name, cell = record.text("项目"), record["数值"]
        try:
            path = path_of(name, subject.context)
        except NoProject as missing:
            known = "、".join(subject.context.get(PROJECT_NAMES, {})) or _("none (项目.csv)")
            yield error(record["项目"].where, "STATED",
                        _("{name} names project {project}, which the report does not have; "
                          "expected one of {known}").format(
                              name=name, project=missing.args[0], known=known))
            continue
        try:
            computed = resolve(subject.context, path)
        except KeyError:
            yield error(record["项目"].where, "STATED",
                        _("{name} names no figure; expected a placeholder name (自评.总分, "
                          "预算.执行率 …), 一级指标 + 得分, or one of {aliases}").format(
                              name=name, aliases=", ".join(ALIASES)))
            continue
        kind = kind_of(path)
        if not cell.text:
            continue
        text = cell.text.strip().removesuffix("分") if kind == SCORE else cell.text  # 9分
        try:
            stated = parse_stated(text, kind)
        except ValueError:
            message = (_("{name} stated as {value}; expected a grade (优/良/中/差)")
                       if kind == GRADE else _("{name} stated as {value}; expected a number"))
            yield error(cell.where, "STATED", message.format(name=name, value=repr(cell.text)))
            continue
        weight = _weight_of(subject.context, path)
        if path.endswith("执行率得分") and weight is not None and float(stated.value) > weight:
            yield error(cell.where, "SCORE",
                        _("{name} stated as {value}, above its 分值 {weight}").format(
                            name=name, value=cell.text, weight=format_plain(weight)))
            continue
        if not agrees(stated, computed, kind, subject.report.scoring.score_places):
            yield error(cell.where, code_for(path, kind),
                        _("{name} stated as {value} but computed {computed}").format(
                            name=name, value=cell.text, computed=show(computed, kind)))
