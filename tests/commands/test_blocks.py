"""Prose blocks: the nearest file wins, invoke blocks lists who gets which; a missing one named."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from docx import Document

from jixiao.cli import run_blocks, run_build
from jixiao.paths import CONTENT, ROOT


@pytest.fixture
def unit_report(report_copy):
    """content/甲单位/2024 (the example moved under a unit) beside the shared content/blocks."""
    unit = report_copy.parent / "甲单位"
    unit.mkdir()
    return report_copy.rename(unit / "2024")


def write(path, text):
    path.write_text(text, encoding="utf-8")


def test_nearest_block_wins(unit_report, tmp_path):
    content = unit_report.parents[1]
    write(content / "blocks" / "改进措施.md", "共享的改进措施。\n")
    write(content / "blocks" / "问题-目标设置.md", "共享的目标问题。\n")
    write(content / "blocks" / "问题-自评不规范.md", "共享的自评问题。\n")
    write(unit_report.parent / "问题-目标设置.md", "本单位各年共用的目标问题。\n")
    write(unit_report / "改进措施.md", "本年度本单位的改进措施。\n")
    assert run_build(str(unit_report), out_root=tmp_path / "build") == 0
    docx = next((tmp_path / "build" / "甲单位" / "2024").glob("*整体支出*.docx"))
    text = [p.text for p in Document(str(docx)).paragraphs]
    assert "本年度本单位的改进措施。" in text  # the report's own file
    assert "本单位各年共用的目标问题。" in text  # the unit's, above the report
    assert "共享的自评问题。" in text  # content/blocks/
    assert "共享的改进措施。" not in text and "共享的目标问题。" not in text


def test_invoke_blocks_lists_uses_and_overrides(unit_report):
    content = unit_report.parents[1]
    write(unit_report.parent / "改进措施.md", "本单位的改进措施。\n")
    shutil.copytree(CONTENT / "2024", content / "2024")
    result = subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "blocks",
                             "--content", str(content)], capture_output=True, text=True,
                            cwd=content)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("改进措施.md")
    assert lines[start + 1:start + 7] == [
        "  blocks/改进措施.md",
        "    used by 2024 at 2024/整体/08-下一步改进措施.md:1",
        "    used by 2024 at 2024/项目/06-有关建议.md:1",
        "  甲单位/改进措施.md (overrides blocks/改进措施.md)",
        "    used by 甲单位/2024 at 甲单位/2024/整体/08-下一步改进措施.md:1",
        "    used by 甲单位/2024 at 甲单位/2024/项目/06-有关建议.md:1",
    ]
    assert "  2024/成效概述.md" in lines and "  甲单位/2024/成效概述.md" in lines


def test_the_repository_examples_share_and_override(capsys):
    assert run_blocks(CONTENT) == 0
    listing = capsys.readouterr().out
    assert ("content/循环经济服务中心/2024/改进措施.md (overrides content/blocks/改进措施.md)"
            in listing.replace(str(ROOT) + "/", ""))


def test_a_missing_block_names_the_including_file_and_line(report_copy, tmp_path, capsys):
    content = report_copy.parent
    write(content / "blocks" / "问题-目标设置.md",
          "## 目标\n\n正文。\n\n{% include \"不存在.md\" %}\n")
    assert run_build(str(report_copy), out_root=tmp_path / "build") == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"error: {content}/blocks/问题-目标设置.md:5: no file 不存在.md to include; "
                   f"expected a file of that name in {report_copy}, {content}/blocks")
    assert not (tmp_path / "build").exists()
