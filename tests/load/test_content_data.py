"""No data file under content/ holds a figure that can be derived: no 控制率, 执行率, subtotal,
总分 or 等级, no quantitative 得分, no parent row of 经费控制 typed in."""

from __future__ import annotations

import pytest

from jixiao.load.data import load_data
from jixiao.load.schemas import NATURES, QUALITATIVE, SCHEMAS
from jixiao.load.settings import find_reports, load_report
from jixiao.paths import CONTENT

DERIVED_WORDS = ("控制率", "执行率", "合计", "小计", "总分", "等级", "得分")
REPORTS = find_reports(CONTENT)


def loaded(folder):
    report = load_report(folder)
    return load_data(report.data_folder, report.scoring, report.documents, report.template)


def test_every_report_of_content_is_seen():
    assert len(REPORTS) >= 3


@pytest.mark.parametrize("folder", REPORTS, ids=lambda f: str(f.relative_to(CONTENT)))
def test_no_derived_column_or_figure(folder):
    data = loaded(folder)
    for name in data.records:
        columns = [c.name for c in SCHEMAS[name].columns]
        assert not [c for c in columns if c != "得分" and any(w in c for w in DERIVED_WORDS)]
    named = [f"{table}.{figure}" for table, figures in data.figures.items() for figure in figures
             if any(word in figure for word in DERIVED_WORDS)]
    assert named == []


@pytest.mark.parametrize("folder", REPORTS, ids=lambda f: str(f.relative_to(CONTENT)))
def test_no_quantitative_score_typed(folder):
    data = loaded(folder)
    typed = [f"{r.where}" for table in ("绩效指标", "项目指标")
             for r in data.records.get(table, [])
             if NATURES[r.text("指标性质")][0] != QUALITATIVE and r.text("得分")]
    assert typed == []


@pytest.mark.parametrize("folder", REPORTS, ids=lambda f: str(f.relative_to(CONTENT)))
def test_no_parent_of_control_items_typed(folder):
    records = loaded(folder).records.get("经费控制", [])  # none in a 项目 report alone
    parents = {r.text("上级项目") for r in records if r.text("关系") != "其中"}
    typed = [f"{r.where}" for r in records if r.text("项目") in parents
             and any(r.number(c) is not None for c in ("上年决算数", "本年预算数", "本年决算数"))]
    assert typed == []
