"""The names prose can use: every entered and derived figure, grouped as writers think of them.

``{{ 预算.执行率 | percent }}``, ``{{ 基本支出.人员经费 | amount }}``, ``{{ 成效.净入库税收 }}``.
Figure lists (any ``名称,数值,单位`` file in data/) appear under their file name. The README lists
every name.
"""

from __future__ import annotations

from typing import Any

from jixiao.derive.accounts import SANGONG
from jixiao.derive.report import Derived, Project, derive_report
from jixiao.derive.scoring import Scorecard
from jixiao.errors import display_path
from jixiao.load.data import ReportData
from jixiao.load.previous import PreviousYear, previous_folder
from jixiao.load.settings import REPORT_FILE, Report
from jixiao.messages import _
from jixiao.render.prose import Namespace

# Each group of names and the data file it comes from: without the file (a report whose
# documents do not need it), the group is empty and a placeholder naming it says which file.
SOURCES = {"人员": "人员", "预算": "预算", "基本支出": "基本支出", "经费控制": "经费控制",
           "三公经费": "经费控制", "自评": "绩效指标"}


def report_context(report: Report, data: ReportData, derived: Derived) -> dict[str, Any]:
    """The Jinja context of every section file of ``report``."""
    context = _figures(report, data, derived)
    for name, table in SOURCES.items():
        if table not in data.records:
            context[name] = Namespace(name, {}, hint=_("data/{table}.csv, which the report "
                                                       "does not have").format(table=table))
    return context


def _figures(report: Report, data: ReportData, derived: Derived) -> dict[str, Any]:
    budget = derived.budget
    budget_values: dict[str, Any] = {
        **budget.total.values,
        "执行率": budget.total.rate,
        "分值": budget.weight,
        "得分": budget.score,
    }
    for line in budget.income + budget.expenditure:
        budget_values[line.name] = Namespace(f"预算.{line.name}",
                                             {**line.values, "执行率": line.rate,
                                              "占比": line.share})
    basic = derived.basic
    controls = {
        name: Namespace(f"经费控制.{name}", dict(item.values))
        for name, item in derived.controls.items()
    }
    sangong = derived.controls.get(SANGONG)
    context: dict[str, Any] = {
        "单位": Namespace("单位", {"名称": report.unit_name, "简称": report.short_name}),
        "年度": report.year,
        "上年度": report.year - 1,
        "人员": Namespace("人员", {"编制数": derived.staffing.authorised,
                                "实际在职人数": derived.staffing.actual,
                                "控制率": derived.staffing.rate}),
        "预算": Namespace("预算", budget_values),
        "基本支出": Namespace("基本支出", {**basic.classes, "合计": basic.total,
                                      "人员经费": basic.personnel, "公用经费": basic.operating}),
        "经费控制": Namespace("经费控制", controls),
        "三公经费": Namespace("三公经费", {
            **(sangong.values if sangong else dict.fromkeys(("上年决算数", "本年预算数",
                                                             "本年决算数"))),
            "变动": derived.sangong_change,
        }),
    }
    context["自评"] = scorecard_names("自评", derived.evaluation)
    context["项目自评"] = Namespace("项目自评", {
        project.name: project_names(project) for project in derived.projects
    })
    for name, figures in data.figures.items():
        context[name] = Namespace(name, figures)
    return context


def scorecard_names(label: str, card: Scorecard) -> Namespace:
    """A self-evaluation's scores: {{ 自评.总分 }}, {{ 自评.等级 }}, {{ 自评.产出指标.得分 }}."""
    return Namespace(label, {
        "执行率": card.execution_rate,
        "执行率分值": card.execution_weight,
        "执行率得分": card.execution_score,
        "总分": card.total,
        "等级": card.grade,
        "分值": card.weight_total,
        **{group.name: Namespace(f"{label}.{group.name}", {
            "分值": group.weight, "得分": group.score, "指标分值": group.items_weight})
           for group in card.groups},
    })


def project_names(project: Project) -> Namespace:
    """A project's form: {{ 项目自评["<项目名称>"].总分 }} and the rest of its scores, and its
    年度资金总额 row (年初预算数, 全年预算数, 全年执行数, 执行率)."""
    names = scorecard_names(f'项目自评["{project.name}"]', project.card)
    names.update(project.total.values)
    return names


def previous_namespace(report: Report, previous: PreviousYear | None) -> Namespace:
    """上年 for prose: every name of last year's report, or nothing and where it looked."""
    if previous is None:
        where = display_path(previous_folder(report) / REPORT_FILE)
        return Namespace("上年", {}, hint=_("last year's report in {where}").format(where=where))
    last = previous.report
    values = report_context(last, previous.data, derive_report(last, previous.data))
    return Namespace("上年", _relabel(values, "上年"))


def _relabel(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    """``values`` with every group's label prefixed, so messages name 上年.预算, not 预算."""
    return {name: Namespace(f"{prefix}.{value.label}", _relabel(value, prefix))
            if isinstance(value, Namespace) else value
            for name, value in values.items()}
