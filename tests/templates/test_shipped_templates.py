"""The templates jixiao ships: each example under content/ checks clean and builds, its forms
laid out as its template declares them, in the DOCX and the PDF alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from jixiao.build.report import build_report
from jixiao.checks.runner import check_report
from jixiao.load.settings import load_report
from jixiao.paths import CONTENT
from pdf_reading import page_texts

NATIONAL = CONTENT / "某县农业农村局" / "2024"


def compact(text: str) -> str:
    return "".join(text.split())


def docx_rows(docx: Path) -> list[list[str]]:
    """Every table row of the DOCX, a merged cell once, spaces removed."""
    rows = []
    for table in Document(str(docx)).tables:
        for row in table.rows:
            cells: list = []
            for cell in row.cells:
                if not cells or cell._tc is not cells[-1][0]:
                    cells.append((cell._tc, compact(cell.text)))
            rows.append([text for _, text in cells])
    return rows


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("national")
    built = build_report(NATIONAL, out, progress=lambda _line: None)
    return {path.suffix: path for path in built.outputs}


def test_the_national_example_names_its_template_and_checks_clean():
    report = load_report(NATIONAL)
    assert report.template.name == "national" and report.documents == ("项目",)
    assert report.scoring.weights == {"预算执行率": 10, "产出指标": 50, "效益指标": 30,
                                      "满意度指标": 10}
    assert "成本指标" in report.scoring.indicators["产出指标"]
    assert [f for f in check_report(NATIONAL)] == []


def test_the_national_form_in_the_docx(national):
    rows = docx_rows(national[".docx"])
    assert ["项目名称", "农村饮水安全巩固提升工程"] in rows
    funds = [row[1:] for row in rows if row[0] == "项目资金（万元）"]
    assert funds[1] == ["年度资金总额", "480.00", "510.00", "498.00", "10", "97.65%", "9.76"]
    assert [row[0] for row in funds[2:5]] == ["其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert all(row[4] == row[6] == "—" for row in funds[2:5])
    assert ["", "产出指标（50分）", "成本指标", "单处工程平均造价", "≤90万元", "88万元", "10", "10",
            ""] in rows
    assert any(row[1] == "效益指标（30分）" for row in rows)


def test_the_national_form_in_the_pdf(national):
    text = compact("".join(page_texts(national[".pdf"], mode="-raw")))
    assert "附件1" in text and "2024年度项目支出绩效自评表" in text
    for heading in ("基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论"):
        assert heading in text
    assert "（50分）" in text and "≤90万元" in text and "88万元" in text


SICHUAN = CONTENT / "某市文化广电旅游局" / "2024"


@pytest.fixture(scope="module")
def sichuan(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sichuan")
    built = build_report(SICHUAN, out, progress=lambda _line: None)
    return {path.suffix: path for path in built.outputs}


def test_the_sichuan_example_checks_clean():
    assert load_report(SICHUAN).template.name == "sichuan"
    assert [f for f in check_report(SICHUAN)] == []


def test_the_sichuan_form_in_the_docx(sichuan):
    rows = docx_rows(sichuan[".docx"])
    funds = [row[1:] for row in rows if row[0] == "预算执行情况（10分）"]
    assert funds[0] == ["", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分",
                        "原因"]
    assert funds[1][:7] == ["总额", "320.00", "340.00", "328.00", "96.47%", "10", "9.65"]
    assert [row[0] for row in funds[2:]] == ["财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    assert funds[2][-1] == "部分设备采购年末到货，尾款次年支付"
    assert ["", "效益指标", "可持续影响指标", "基层文化站长效运行", "定性", "长效运行机制健全", "",
            "机制基本健全", "15", "12", "考核制度尚未建立；下一步制定基层文化站考核办法"] in rows
    assert ["评价结论", "项目按计划实施，预算执行和绩效目标完成情况较好。"] in rows
    assert any("项目实施内容及过程概述" in row for row in rows)
    paragraphs = compact("".join(p.text for p in Document(str(sichuan[".docx"])).paragraphs))
    assert "项目负责人：李明" in paragraphs and "财务负责人：陈静" in paragraphs


def test_the_sichuan_form_in_the_pdf(sichuan):
    text = compact("".join(page_texts(sichuan[".pdf"], mode="-raw")))
    for words in ("2024年度部门预算项目支出绩效自评表", "财政专户管理资金", "未完成", "评价结论",
                  "存在问题", "改进措施", "项目负责人：李明", "财务负责人：陈静"):
        assert words in text


def test_a_report_without_template_is_hunan_exactly(report_copy):
    from jixiao.build.report import render_report

    text = (report_copy / "report.yaml").read_text(encoding="utf-8")
    (report_copy / "report.yaml").write_text("template: hunan\n" + text, encoding="utf-8")
    _report, named = render_report(report_copy)
    _report, default = render_report(CONTENT / "2024")
    assert load_report(CONTENT / "2024").template.name == "hunan"
    assert [d.markdown for d in named] == [d.markdown for d in default]


def test_hunan_cells_hold_their_text_as_the_form_prints_it():
    from jixiao.render.forms import build_forms
    from jixiao.render.inputs import load_inputs

    loaded = load_inputs(CONTENT / "2024")
    forms = build_forms(loaded.report, loaded.derived, loaded.report.outline["整体"].attachments)
    texts = [cell.text for form in forms for table in form.tables for row in table.rows
             for cell in row]
    assert "服务对象\n满意度指标" in texts and "产出指标\n（30分）" in texts
    assert not [text for text in texts if "\\" in text]
