"""Stated figures (data/填报值.csv) against the computed ones.

A filed report states figures that jixiao derives: 总分 95.5, 执行率 85.79%, 执行率得分 9,
“三公”经费 下降24.43%, 等级 优. 填报值.csv names each by its placeholder name (or a short name
as the forms print it) beside the value as stated; each that disagrees is an error at its cell.
The code says what kind of figure disagrees: RATE for rates and changes, RULE for 执行率得分
(set by its rule), GRADE for the grade, TOTAL for totals, subtotals and amounts.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.findings import Finding, error
from jixiao.checks.subject import Subject
from jixiao.checks.values import CHANGE, GRADE, RATE, agrees, kind_of, parse_stated, resolve, show

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


def path_of(name: str, context: dict) -> str:
    """The placeholder name ``name`` stands for: itself, a short name, or 一级指标 + 得分."""
    if name in ALIASES:
        return ALIASES[name]
    level1 = name.removesuffix(SUBTOTAL)
    if name.endswith(SUBTOTAL) and level1 in context.get("自评", {}):
        return f"自评.{level1}.{SUBTOTAL}"
    return name


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
        path = path_of(name, subject.context)
        try:
            computed = resolve(subject.context, path)
        except KeyError:
            yield error(record["项目"].where, "STATED",
                        f"{name} names no figure; expected a placeholder name (自评.总分, "
                        f"预算.执行率 …), 一级指标 + 得分, or one of {', '.join(ALIASES)}")
            continue
        kind = kind_of(path)
        if not cell.text:
            continue
        try:
            stated = parse_stated(cell.text, kind)
        except ValueError:
            yield error(cell.where, "STATED", f"{name} stated as {cell.text!r}; expected a "
                        f"{'grade (优/良/中/差)' if kind == GRADE else 'number'}")
            continue
        if not agrees(stated, computed, kind, subject.report.scoring.score_places):
            yield error(cell.where, code_for(path, kind),
                        f"{name} stated as {cell.text} but computed {show(computed, kind)}")
