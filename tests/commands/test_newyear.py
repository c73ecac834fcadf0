"""invoke new-year: next year's folder beside this one, figures blank, 上年 carried, prose kept."""

from __future__ import annotations

import subprocess
import sys

from jixiao.paths import ROOT


def invoke(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), *args],
                          capture_output=True, text=True, cwd=cwd)


def rows(path) -> list[list[str]]:
    return [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def test_new_year_moves_the_report_on(report_copy):
    result = invoke("new-year", "--report", str(report_copy))
    assert result.returncode == 0, result.stderr
    target = report_copy.parent / "2025"
    settings = (target / "report.yaml").read_text(encoding="utf-8")
    assert "year: 2025 " in settings and "report_date: 2026-09-19" in settings
    assert "填报日期: 2026-09-19" in settings and "# 2025年度部门整体支出绩效自评" in settings
    controls = {row[0]: row for row in rows(target / "data" / "经费控制.csv")}
    assert controls["项目"][3:] == ["上年决算数", "本年预算数", "本年决算数"]
    assert controls["公务接待"][3:] == ["5.57", "", ""]  # 2024's 本年决算数, this year blank
    assert controls["“三公”经费"][3:] == ["", "", ""]  # a sum stays blank: it is derived
    assert rows(target / "data" / "预算.csv")[1] == ["收入性质", "一般公共预算", "", "", ""]
    figures = {row[0]: row for row in rows(target / "data" / "成效.csv")}
    assert figures["净入库税收"] == ["净入库税收", "", "亿元"]
    section = "整体/08-下一步改进措施.md"
    assert (target / section).read_text() == (report_copy / section).read_text()
    assert f"created {target}" in result.stdout
    assert "经费控制.csv: 本年预算数, 本年决算数 of 2025 (16 rows)" in result.stdout
    assert "成效.csv: 数值 of 2025 (38 rows)" in result.stdout


def test_new_year_never_writes_into_an_existing_folder(report_copy):
    existing = report_copy.parent / "2025"
    existing.mkdir()
    (existing / "notes.md").write_text("mine")
    result = invoke("new-year", "--report", str(report_copy))
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "2025: already exists; expected no folder of that name: new-year never writes into "
        "an existing one")
    assert [p.name for p in existing.iterdir()] == ["notes.md"]
    assert sorted(p.name for p in report_copy.parent.iterdir()) == ["2024", "2025", "blocks"]


def test_new_year_without_report_yaml(tmp_path):
    result = invoke("new-year", "--report", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: {tmp_path}/report.yaml: no report.yaml; "
                                     "expected a report folder holding report.yaml")
    assert list(tmp_path.iterdir()) == []


def test_new_year_refuses_a_year_it_cannot_move_on(report_copy):
    settings = report_copy / "report.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("year: 2024", "year: 2100"),
                        encoding="utf-8")
    result = invoke("new-year", "--report", str(report_copy))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: {settings}:7: year: 2100, which cannot be moved "
                                     "on; expected a year before 2100")
    assert sorted(p.name for p in report_copy.parent.iterdir()) == ["2024", "blocks"]


def test_new_year_needs_a_folder_named_by_its_year(report_copy):
    renamed = report_copy.rename(report_copy.parent / "current")
    result = invoke("new-year", "--report", str(renamed))
    assert result.returncode == 1
    assert "report.yaml:7: year: 2024 in a folder named current; expected a report folder " \
           "named by its year (2024)" in result.stderr
    assert sorted(p.name for p in renamed.parent.iterdir()) == ["blocks", "current"]


def test_new_year_keeps_indicator_weights_and_blanks_results(report_copy):
    assert invoke("new-year", "--report", str(report_copy)).returncode == 0
    data = report_copy.parent / "2025" / "data"
    indicators = rows(data / "绩效指标.csv")
    assert indicators[1][:4] == ["产出指标", "数量指标", "引资争项（10亿元以上签约项目）", "≥"]
    # 年度指标值 … 偏差原因: all next year's to fill in, except 计量单位 and 分值
    assert indicators[1][4:] == ["", "", "个", "10", "", "", ""]
    assert [row[1] for row in rows(data / "年度目标.csv")[1:]] == [""] * 5


def test_new_year_keeps_a_cell_of_several_lines_one_row(report_copy):
    """A goal typed over two lines in Excel (a quoted cell) stays one goal next year."""
    from jixiao.load.sources import read_csv

    goals = report_copy / "data" / "年度目标.csv"
    text = goals.read_text(encoding="utf-8")
    two_lines = '预期目标,实际完成情况\n"两行的\n目标",完成\n'
    goals.write_text(text.replace("预期目标,实际完成情况\n", two_lines, 1), encoding="utf-8")
    before = len(read_csv(goals).rows)
    result = invoke("new-year", "--report", str(report_copy))
    assert result.returncode == 0, result.stderr
    after = read_csv(report_copy.parent / "2025" / "data" / "年度目标.csv")
    assert len(after.rows) == before
    assert after.rows[0].cells["预期目标"].text == "两行的\n目标"
