"""Word files typed the way clerks type them, built with python-docx for the tests.

Ordinary paragraphs (no heading styles) with typed heading numbers and direct formatting;
forms as Word tables whose label cells are merged down their rows (w:vMerge) and whose figure
cells span grid columns (w:gridSpan), blanks left blank. ``seed_document`` types the whole
seed report as filed from its text (shared/seeds/): its paragraphs line by line, its forms
from the tab-led cells of the text, merged as the official forms draw them. Its result is
committed as tests/fixtures/seed-as-filed.docx (``invoke bench`` checks 100 copies of it).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.shared import Pt

SEED_NAME = "000_90de082df9ea5bd6.txt"
COMMITTED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-as-filed.docx"


def seed_text() -> Path | None:
    """The seed report's text, in shared/seeds/ of a folder above the repository, if any."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "seeds" / SEED_NAME
        if candidate.is_file():
            return candidate
    return None
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "黑体"
# grid columns and, per number of cells a row has, the columns each cell spans
BASIC = (7, {4: (1, 2, 2, 2), 7: (1,) * 7, 2: (1, 6)}, {0})
BUDGET = (8, {2: (1, 7), 3: (1, 3, 4), 4: (1, 3, 1, 3), 8: (1,) * 8}, {0})
INDICATORS = (9, {9: (1,) * 9, 4: (6, 1, 1, 1)}, {0, 1, 2})
SECTION_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]+|\d+)\s*、")


def typed_paragraph(document, text: str, bold: bool = False, size: float = 16):
    """A paragraph of the Normal style with the font set on its run, as Word does on typing."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.name = BODY_FONT if not bold else TITLE_FONT
    run.font.size = Pt(size)
    run.bold = bold or None
    return paragraph


def typed_table(document, rows: list[list[str]], layout) -> None:
    """A form: each row's cells spread over the grid by ``layout``; an empty cell in a label
    column below a label is merged into it (w:vMerge), as the official forms are drawn."""
    grid, spans_by_count, label_columns = layout
    table = document.add_table(rows=len(rows), cols=grid)
    table.style = None
    placed: list[list[tuple[int, int, str]]] = []
    for r, cells in enumerate(rows):
        spans = spans_by_count.get(len(cells)) or (*(1,) * (len(cells) - 1),
                                                  grid - len(cells) + 1)
        col, row_cells = 0, []
        for text, span in zip(cells, spans, strict=True):
            row_cells.append((col, span, text))
            if span > 1:
                table.cell(r, col).merge(table.cell(r, col + span - 1))
            col += span
        placed.append(row_cells)
    # vertical merges: a run of empty label cells joins the label above
    for col in label_columns:
        start = None
        for r, row_cells in enumerate(placed):
            cell = next(((c, s, t) for c, s, t in row_cells if c == col), None)
            if cell is None:  # a cell spanning this column ends the label above
                if start is not None and r - 1 > start:
                    table.cell(start, col).merge(table.cell(r - 1, col))
                start = None
                continue
            if cell[2] or start is None:
                if start is not None and r - 1 > start:
                    table.cell(start, col).merge(table.cell(r - 1, col))
                start = r
        if start is not None and len(placed) - 1 > start:
            table.cell(start, col).merge(table.cell(len(placed) - 1, col))
    for r, row_cells in enumerate(placed):
        for col, _, text in row_cells:
            if text:
                cell = table.cell(r, col)
                cell.paragraphs[0].text = ""
                for i, line in enumerate(text.split("\n")):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    run = paragraph.add_run(line)
                    run.font.name = BODY_FONT
                    run.font.size = Pt(10.5)


def seed_blocks(text: str) -> list[tuple[str, object]]:
    """The seed's text as ("p", line) and ("table", rows of cell texts) in order."""
    lines = text.split("\n")
    blocks: list[tuple[str, object]] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            blocks.append(("p", lines[i].replace("[bookmark: _GoBack]", "")))
            i += 1
            continue
        rows: list[list[str]] = []
        cells: list[str] = []
        while i < len(lines):
            line = lines[i]
            if line.startswith("\t"):
                cells.append(line[1:])
            elif line.strip():
                if not cells:
                    break
                cells[-1] += "\n" + line
            elif len(cells) > 1 or not cells:
                if cells:
                    rows.append(cells)
                cells = []
                if i + 1 < len(lines) and not lines[i + 1].startswith("\t") \
                        and lines[i + 1].strip():
                    i += 1
                    break
            i += 1
        if cells:
            rows.append(cells)
        blocks.append(("table", [[c.replace("[bookmark: _GoBack]", "").strip() for c in row]
                                 for row in rows]))
    return blocks


def seed_document(path: Path, seed: Path) -> Path:
    """The whole seed report as filed (its text at ``seed``), typed into a .docx at ``path``."""
    document = docx.Document()
    for kind, content in seed_blocks(seed.read_text(encoding="utf-8")):
        if kind == "p":
            text = content
            bold = bool(SECTION_NUMBER.match(text)) and len(text.strip()) < 30
            typed_paragraph(document, text, bold=bold)
            continue
        rows = content
        if any("财政供养人员" in c or "经费控制" in c for row in rows for c in row):
            typed_table(document, rows, BASIC)
            continue
        split = next((i for i, row in enumerate(rows) if row and row[0] == "绩效指标"),
                     len(rows))
        typed_table(document, rows[:split], BUDGET)
        if split < len(rows):
            typed_table(document, rows[split:], INDICATORS)
    document.save(path)
    return path


# Sichuan's 部门预算项目支出绩效自评表 as a clerk types it: its three tables, laid out as above
SICHUAN_BASIC = (9, {2: (1, 8), 3: (1, 1, 7), 4: (1, 3, 1, 4), 9: (1,) * 9}, {0})
SICHUAN_INDICATORS = (11, {11: (1,) * 11, 4: (8, 1, 1, 1)}, {0, 1, 2})
SICHUAN_CONCLUSION = (2, {2: (1, 1)}, set())


def sichuan_document(path: Path, indicators: list[list[str]]) -> Path:
    """A Sichuan 项目支出绩效自评报告 typed as filed: cover, numbered sections and one
    部门预算项目支出绩效自评表 whose 绩效指标 rows are ``indicators`` (11 cells each)."""
    document = docx.Document()
    for text in ("2024年度市文广旅局项目支出", "绩效自评报告", "2025年4月15日"):
        typed_paragraph(document, text, bold=True, size=22)
    for number, title in zip("一二三四五", ("项目基本情况", "预算执行情况", "绩效指标完成情况",
                                          "评价结论", "存在问题及改进措施"), strict=True):
        typed_paragraph(document, f"{number}、{title}", bold=True)
        typed_paragraph(document, f"本项目{title}如附件所列。")
    typed_paragraph(document, "附件1")
    typed_paragraph(document, "部门预算项目支出绩效自评表", bold=True)
    typed_table(document, [
        ["项目名称", "公共文化服务提升工程"],
        ["主管部门", "某市文化广电旅游局", "实施单位", "某市文化馆"],
        ["项目基本\n情况", "项目年度目标", "送戏下乡演出120场"],
        ["", "年度目标\n完成情况", "完成送戏下乡演出126场"],
        ["", "项目实施内容\n及过程概述", "全年组织送戏下乡演出。"],
        ["预算执行\n情况\n(10分)", "", "年初\n预算", "调整后\n预算数", "预算\n执行数",
         "预算\n执行率", "权重", "得分", "原因"],
        ["", "总额", "300.00", "320.00", "310.00", "96.88%", "10", "9.69", ""],
        ["", "财政资金", "300.00", "320.00", "310.00", "96.88%", "", "", "尾款次年支付"],
        ["", "财政专户管理资金", "", "", "", "", "", "", ""],
        ["", "单位资金", "", "", "", "", "", "", ""],
        ["", "其他资金", "", "", "", "", "", "", ""],
    ], SICHUAN_BASIC)
    typed_table(document, [
        ["绩效\n指标\n(90分)", "一级指标", "二级指标", "三级指标", "指标\n性质", "指标值",
         "度量\n单位", "完成值", "权重", "得分", "未完成\n原因\n分析"],
        *indicators,
    ], SICHUAN_INDICATORS)
    typed_table(document, [["评价结论", "项目按计划实施。"], ["存在问题", "设备使用率不高。"],
                           ["改进措施", "建立考核制度。"]], SICHUAN_CONCLUSION)
    typed_paragraph(document, "项目负责人：李明　　财务负责人：陈静")
    document.save(path)
    return path


# the Ministry of Finance's 项目支出绩效自评表 (财预〔2020〕10号) as a clerk types it
NATIONAL_BUDGET = (9, {2: (2, 7), 4: (2, 3, 1, 3), 8: (2,) + (1,) * 7, 3: (2, 3, 4)}, {0})
NATIONAL_INDICATORS = (9, {9: (1,) * 9, 4: (6, 1, 1, 1)}, {0, 1, 2})


def national_document(path: Path, indicators: list[list[str]]) -> Path:
    """A 项目支出绩效自评报告 on the national form typed as filed: cover, the numbered
    sections of its outline and one form whose 绩效指标 rows are ``indicators`` (9 cells)."""
    document = docx.Document()
    for text in ("2024年度县农业农村局项目支出", "绩效自评报告", "2025年5月20日"):
        typed_paragraph(document, text, bold=True, size=22)
    for number, title in zip("一二三四五六七", (
            "基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析",
            "主要经验及做法、存在的问题及原因分析", "有关建议", "其他需要说明的问题"), strict=True):
        typed_paragraph(document, f"{number}、{title}", bold=True)
        typed_paragraph(document, f"本项目{title}如下。")
    typed_paragraph(document, "附件1")
    typed_paragraph(document, "项目支出绩效自评表", bold=True)
    typed_table(document, [
        ["项目名称", "农田水利设施维修养护"],
        ["主管部门", "某县农业农村局", "实施单位", "某县水利工程管理站"],
        ["项目资金\n(万元)", "", "年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率",
         "得分"],
        ["", "年度资金总额", "120.00", "120.00", "96.00", "10", "80.00%", "8.00"],
        ["", "其中：当年财政拨款", "120.00", "120.00", "96.00", "—", "80.00%", "—"],
        ["年度\n总体\n目标", "预期目标", "实际完成情况"],
        ["", "维修渠道30公里", "维修渠道28公里"],
    ], NATIONAL_BUDGET)
    typed_table(document, [
        ["绩效\n指标", "一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值",
         "得分", "偏差原因\n分析及\n改进措施"],
        *indicators,
    ], NATIONAL_INDICATORS)
    typed_paragraph(document, "填表人：王芳　填报日期：2025年5月20日　联系电话：0550-1234567　"
                              "单位负责人签字：张伟")
    document.save(path)
    return path
