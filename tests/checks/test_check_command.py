"""``invoke check`` as a user runs it: the example passes, the seed as filed does not, and every
contradiction of the seed is listed at the file and line that holds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from jixiao.cli import run_check
from jixiao.paths import CONTENT, ROOT

SEED = "tests/fixtures/seed-as-filed"
# Every contradiction of the seed as filed: (file, line, code), where the writer must edit.
SEED_ERRORS = {
    ("data/填报值.csv", 5, "RULE"),        # 执行率得分 9, computed 8.58
    ("data/填报值.csv", 6, "TOTAL"),       # 分值 total 100, items carry 110
    ("data/填报值.csv", 7, "TOTAL"),       # 总分 95.5, computed 103.08
    ("data/年度目标.csv", 1, "GOAL"),      # 年度总体目标 left empty
    ("data/绩效指标.csv", 8, "WEIGHT"),    # 效益指标 items 40 against its 30
    ("data/绩效指标.csv", 10, "REASON"),   # 效益品质 9 of 10, no 偏差原因
    ("data/绩效指标.csv", 12, "REASON"),   # 安全环保 9 of 10
    ("data/绩效指标.csv", 14, "REASON"),   # 降低成本 9 of 10
    ("data/绩效指标.csv", 15, "REASON"),   # 公共建设 4 of 5
    ("data/绩效指标.csv", 16, "REASON"),   # 可持续发展 3.5 of 5
    ("report.yaml", 12, "SIGN"),           # 填报日期 empty
    ("整体/02-一般公共预算支出情况.md", 11, "CLAIM"),  # 基本支出年初预算数 2617.69, not 3051.24
    ("整体/03-政府性基金预算支出情况.md", None, "SECTION"),  # 三、 missing
    ("整体/06-部门整体支出绩效情况.md", 13, "CLAIM"),  # “三公”经费 下降24.43%, not 57.00%
    ("整体/10-其他需要说明的情况.md", 1, "SECTION"),  # 十、 empty
}


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_seed_as_filed_lists_every_contradiction():
    done = invoke("check", "--report", SEED)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("1 report checked: 15 error(s)")
    errors = set()
    for line in lines[:-1]:
        place, severity, code = line.split(": ", 1)[0], *line.split(": ", 1)[1].split()[:2]
        if severity == "error":
            path, number = (place.split(":") + [None])[:2]
            errors.add((path.removeprefix(SEED + "/"), number and int(number), code))
    assert errors == SEED_ERRORS


def test_seed_claims_name_both_figures():
    done = invoke("check", "--report", SEED, "--format", "json")
    findings = json.loads(done.stdout)["findings"]
    messages = {f["message"] for f in findings if f["code"] == "CLAIM"}
    assert any("下降24.43%" in m and "下降57.00%" in m for m in messages)
    assert any("2617.69万元" in m and "3051.24" in m for m in messages)


def test_example_checks_clean():
    done = invoke("check", "--report", "content/2024")
    assert done.returncode == 0, done.stdout
    assert " error " not in done.stdout
    assert done.stdout.splitlines()[-1].startswith("1 report checked: 0 error(s)")


def test_json_format(capsys):
    assert run_check(str(CONTENT / "2024"), fmt="json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 0 and report["reports"] == 1
    assert set(report["findings"][0]) == {"path", "line", "col", "severity", "code", "message"}


def test_unknown_format_and_missing_report(capsys, tmp_path):
    assert run_check(str(CONTENT / "2024"), fmt="xml") == 2
    assert run_check(str(tmp_path)) == 1
    assert "report.yaml" in capsys.readouterr().err


def snapshot(folder) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*"))}


def test_check_writes_nothing(report_copy, tmp_path, capsys):
    (report_copy / "data" / "人员.csv").write_text("编制数,实际在职人数\n八十六,85\n",
                                                  encoding="utf-8")
    before = snapshot(tmp_path)
    assert run_check(str(report_copy)) == 1
    assert "LOAD" in capsys.readouterr().out
    assert snapshot(tmp_path) == before
    assert not any(name.startswith("build") for name in os.listdir(tmp_path))


def test_a_folder_of_reports(tmp_path, capsys):
    """What ``invoke bench`` times: check over copies of the example, given by their folder."""
    from jixiao.commands.bench import example_copies

    content = example_copies(tmp_path, 3)
    assert run_check(str(content)) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("3 reports checked: 0 error(s)")
