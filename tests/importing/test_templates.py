"""Word files filed on the national and sichuan templates: recognised by their forms' labels,
split by their own outline, read into their own tables."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importing.clerk_docx import national_document, sichuan_document

from jixiao.cli import run_check, run_import

INDICATORS = [
    ["", "产出指标", "数量指标", "送戏下乡演出场次", "≥", "120", "场", "126", "45", "45", ""],
    ["", "", "质量指标", "演出活动验收合格率", "≥", "95", "%", "", "20", "", ""],
    ["", "效益指标", "社会效益指标", "惠及群众人次", "≥", "30", "万人次", "33", "15", "15", ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "94", "10", "10", ""],
    ["总分", "100", "79.69", ""],
]


def test_a_clerk_typed_sichuan_form_imports_on_its_template(tmp_path: Path):
    word = sichuan_document(tmp_path / "filed.docx", INDICATORS)
    folder = tmp_path / "imported"
    assert run_import(str(word), str(folder)) == 0
    report = (folder / "report.yaml").read_text(encoding="utf-8")
    assert "template: sichuan" in report
    assert '项目负责人: "李明"' in report and '财务负责人: "陈静"' in report
    assert sorted(p.name for p in (folder / "项目").iterdir()) == [
        "01-项目基本情况.md", "02-预算执行情况.md", "03-绩效指标完成情况.md", "04-评价结论.md",
        "05-存在问题及改进措施.md"]
    funds = (folder / "data" / "项目资金.csv").read_text(encoding="utf-8").splitlines()
    assert funds == ["项目名称,资金来源,年初预算,调整后预算数,预算执行数,原因",
                     "公共文化服务提升工程,财政资金,300.00,320.00,310.00,尾款次年支付"]
    indicators = (folder / "data" / "项目指标.csv").read_text(encoding="utf-8").splitlines()
    assert indicators[0] == ("项目名称,一级指标,二级指标,三级指标,指标性质,指标值,完成值,度量单位,"
                             "权重,得分,定性档次,未完成原因分析")
    assert indicators[2] == ("公共文化服务提升工程,产出指标,质量指标,演出活动验收合格率,≥,95,,%,"
                             "20,,,")
    project = (folder / "data" / "项目.csv").read_text(encoding="utf-8")
    assert "项目按计划实施。,设备使用率不高。,建立考核制度。" in project
    stated = (folder / "data" / "填报值.csv").read_text(encoding="utf-8")
    assert '"项目自评[""公共文化服务提升工程""].总分",79.69,' in stated


def test_a_sichuan_form_with_a_blank_completion_checks_with_actual_located_in_word(
        tmp_path: Path, capsys):
    word = sichuan_document(tmp_path / "filed.docx", INDICATORS)
    assert run_check(str(word), fmt="json") == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    actual = [f for f in found if f["code"] == "ACTUAL"]
    assert [(f["place"], f["message"]) for f in actual] == [
        ("附件1「公共文化服务提升工程」 第14行 第8列",
         "附件1「公共文化服务提升工程」 演出活动验收合格率 has no 完成值")]  # as the form heads it


NATIONAL_INDICATORS = [
    ["", "产出指标\n(50分)", "数量指标", "维修渠道长度", "≥30公里", "28公里", "30", "28",
     "汛期影响"],
    ["", "", "成本指标", "每公里维修成本", "≤4万元", "", "20", "", ""],
    ["", "效益指标\n(30分)", "社会效益指标", "受益农户", "≥2000户", "2100户", "30", "30", ""],
    ["", "满意度指标\n(10分)", "服务对象满意度指标", "农户满意度", "≥90%", "93%", "10", "10", ""],
    ["总分", "100", "76", ""],
]


def test_a_clerk_typed_national_form_imports_on_its_template_and_checks(tmp_path: Path, capsys):
    word = national_document(tmp_path / "filed.docx", NATIONAL_INDICATORS)
    folder = tmp_path / "imported"
    assert run_import(str(word), str(folder)) == 0
    report = (folder / "report.yaml").read_text(encoding="utf-8")
    assert "template: national" in report and '单位负责人签字: "张伟"' in report
    assert "01-基本情况.md" in {p.name for p in (folder / "项目").iterdir()}
    funds = (folder / "data" / "项目资金.csv").read_text(encoding="utf-8").splitlines()
    assert funds[1:] == ["农田水利设施维修养护,当年财政拨款,120.00,120.00,96.00"]
    capsys.readouterr()
    assert run_check(str(word), fmt="json") == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f["place"] for f in found if f["code"] == "ACTUAL"] == [
        "附件1「农田水利设施维修养护」 第10行 第6列"]  # 每公里维修成本, 实际完成值 blank
