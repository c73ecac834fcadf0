"""The attached forms 附件1–6: read back from the built DOCX and PDF, merges and figures."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from lxml import etree

from conftest import FIXTURES
from jixiao.convert.docx.layout import twips
from jixiao.convert.styles import load_styles
from jixiao.load.outline import load_outline
from jixiao.load.settings import DEFAULT_INDICATORS
from jixiao.load.template import shipped_template
from jixiao.render.forms import BREAKS, build_forms, fit
from jixiao.render.inputs import load_inputs
from jixiao.render.paging import FormPage
from jixiao.render.tables import Cell, Table
from pdf_reading import page_texts
from text_columns import chains, compact

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def attr(element, path: str, name: str = "val") -> str | None:
    found = element.find(path, NS)
    return None if found is None else found.get(f"{{{W}}}{name}", "on")


class GridCell:
    """A DOCX table cell as a reader sees it: text, grid column, span and merge."""

    def __init__(self, tc, column: int):
        self.element = tc
        self.text = "\n".join(
            "".join("\n" if e.tag == f"{{{W}}}br" else e.text or ""
                    for e in p.iter(f"{{{W}}}t", f"{{{W}}}br"))
            for p in tc.iter(f"{{{W}}}p")).strip()
        self.column = column
        self.span = int(attr(tc, "w:tcPr/w:gridSpan") or 1)
        self.merge = attr(tc, "w:tcPr/w:vMerge")  # "restart", "continue" or None


def _starts_page(tbl) -> bool:
    """Whether ``tbl`` is a part of a form after its first: after the paragraph that starts a
    page (filters/tables.lua)."""
    before = tbl.getprevious()
    return before is not None and before.find("w:pPr/w:pageBreakBefore", NS) is not None


def _covering(rows, column: int) -> GridCell:
    """The cell covering ``column`` in the last of ``rows``: the merged cell it goes on with."""
    for row in reversed(rows):
        cell = next((c for c in row if c.column == column), None)
        if cell is not None and cell.merge != "continue":
            return cell
    raise AssertionError(f"no cell in column {column}")


def _go_on(rows, part) -> None:
    """The body rows of ``part`` appended to ``rows``, as one table: its header rows (repeated)
    left out, the labels given again at the left of its first row (those reading as the cell
    above them) read as the merged cells they go on with."""
    body = [row for row in part if attr(row[0].element.getparent(), "w:trPr/w:tblHeader") is None]
    for cell in body[0]:
        above = _covering(rows, cell.column)
        if cell.text != above.text:
            break
        above.merge, cell.merge = above.merge or "restart", "continue"
    rows.extend(body)


def read_tables(docx) -> list[list[list[GridCell]]]:
    """Each table of the DOCX as rows of cells, a form's table cut into pages read whole."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    tables = []
    for tbl in root.iter(f"{{{W}}}tbl"):
        rows = []
        for tr in tbl.findall("w:tr", NS):
            column, cells = 0, []
            for tc in tr.findall("w:tc", NS):
                cell = GridCell(tc, column)
                cells.append(cell)
                column += cell.span
            rows.append(cells)
        if tables and _starts_page(tbl):
            _go_on(tables[-1][1], rows)
        else:
            tables.append((tbl, rows))
    return tables


def rows_spanned(rows, row: int, column: int) -> int:
    """How many rows the merged cell starting at (row, column) covers."""
    count = 1
    for below in rows[row + 1:]:
        cell = next((c for c in below if c.column == column), None)
        if cell is None or cell.merge != "continue":
            break
        count += 1
    return count


def find(rows, text: str) -> tuple[int, GridCell]:
    for index, row in enumerate(rows):
        for cell in row:
            if cell.text.replace("\n", "") == text:
                return index, cell
    raise AssertionError(f"no cell {text!r}")


def row_texts(rows, label: str) -> list[str]:
    """The texts of the cells right of the cell ``label``."""
    index, cell = find(rows, label)
    return [c.text for c in rows[index] if c.column > cell.column]


@pytest.fixture(scope="module")
def tables(example_build):
    return read_tables(example_build["整体.docx"])


@pytest.fixture(scope="module")
def basic(tables):
    return next(rows for _, rows in tables if any(c.text == "编制数" for c in rows[0]))


@pytest.fixture(scope="module")
def budget(tables):
    return next(rows for _, rows in tables if rows[0][0].text == "预算部门\n名称"
                and "管理委员会" in rows[0][1].text)


@pytest.fixture(scope="module")
def indicators(tables):
    return next((tbl, rows) for tbl, rows in tables if rows[0][1].text == "一级指标")


def test_basic_data_merges(basic):
    index, staff = find(basic, "财政供养人员情况（人）")
    assert staff.merge == "restart" and rows_spanned(basic, index, 0) == 2
    assert [c.span for c in basic[index]] == [1, 2, 2, 2]
    index, buildings = find(basic, "楼堂馆所控制情况（2024年完工项目）")
    assert rows_spanned(basic, index, 0) == 2 and len(basic[index]) == 7
    assert [c.span for c in row_cells(basic, "厉行节约保障措施")] == [1, 6]


def row_cells(rows, label):
    index, _ = find(rows, label)
    return rows[index]


def test_basic_data_figures_computed(basic):
    assert [c.text for c in basic[1][1:]] == ["86", "85", "98.84%"]
    # “三公”经费 and 项目支出 are sums of their parts, never entered
    assert row_texts(basic, "“三公”经费") == ["31.00", "38.00", "13.33"]
    assert row_texts(basic, "项目支出") == ["1754.54", "", ""]
    assert row_texts(basic, "其中：办公经费") == ["15.02", "11.00", "12.92"]
    assert row_texts(basic, "2、出国经费") == ["", "15.00", "7.76"]


def test_blank_cells_are_blank(tables):
    for _, rows in tables:
        for row in rows:
            for cell in row:
                assert cell.text not in ("0", "0.00", "nan", "None", "0.00%")


def test_budget_block(budget):
    assert row_texts(budget, "年度资金总额") == [
        "3051.24", "3051.24", "2617.69", "10", "85.79%", "8.58"]
    index, label = find(budget, "年度预算申请（万元）")
    assert label.merge == "restart" and rows_spanned(budget, index, 0) == 7
    assert "其中：一般公共预算：3051.24" in [c.text for row in budget for c in row]
    assert "政府性基金拨款：" in [c.text for row in budget for c in row]


@pytest.mark.parametrize("label, rows", [
    ("产出指标（30分）", 6),  # 3 二级 × the form's 2 rows, one filled each: blank rows kept
    ("效益指标（30分）", 8),  # 经济效益 has 2 indicators, the others 1 and a blank row
    ("满意度指标（10分）", 3),
    ("成本指标（20分）", 3),
])
def test_indicator_first_level_spans_its_rows(indicators, label, rows):
    _, table = indicators
    index, cell = find(table, label)
    assert cell.merge == "restart" and rows_spanned(table, index, 1) == rows


def test_indicator_rows_and_blank_rows(indicators):
    _, rows = indicators
    index, quantity = find(rows, "数量指标")
    assert rows_spanned(rows, index, 2) == 2
    assert row_texts(rows, "引资争项（10亿元以上签约项目）") == ["≥3个", "4个", "10", "10", ""]
    assert [c.text for c in rows[index + 1]][-6:] == [""] * 6  # the blank row the form keeps
    assert row_texts(rows, "效益品质")[-3:-1] == ["6", "5.4"]


def test_total_is_the_sum_of_the_scores(indicators, budget, example_derived):
    _, rows = indicators
    scores = [float(row[-2].text) for row in rows[1:-1] if row[-2].text]
    execution = float(row_texts(budget, "年度资金总额")[-1])
    _, total = find(rows, "总分")
    assert total.span == 6
    weight, score = row_texts(rows, "总分")[:2]
    assert float(score) == pytest.approx(execution + sum(scores))
    assert score == "93.88" == f"{example_derived.evaluation.total:.2f}"
    assert weight == "100"


def test_goals_and_texts_of_report_yaml(budget, basic):
    texts = [c.text for row in budget for c in row]
    assert any("净入库税收7.78亿元" in text for text in texts)
    assert row_texts(basic, "厉行节约保障措施")[0].startswith("完善公务用车")


def test_rows_never_split(tables):
    for tbl, _ in tables:
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None
                   for tr in tbl.findall("w:tr", NS))


def test_header_rows_repeat(indicators):
    tbl, rows = indicators
    assert attr(rows[0][0].element.getparent(), "w:trPr/w:tblHeader") == "on"
    assert attr(rows[1][0].element.getparent(), "w:trPr/w:tblHeader") is None


def test_cells_centred_styled_and_filling_the_type_area(tables):
    width = twips(load_styles().page.type_width_pt)
    for tbl, rows in tables:
        grid = [int(c.get(f"{{{W}}}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(grid) == width
        for row in rows:
            for cell in row:
                assert attr(cell.element, "w:tcPr/w:vAlign") == "center"
                styles = {attr(p, "w:pPr/w:pStyle") for p in cell.element.iter(f"{{{W}}}p")}
                assert styles == {"TableText"}


def test_amounts_right_aligned(basic):
    cells = row_cells(basic, "公用经费")
    for cell in cells[1:]:
        assert attr(cell.element, "w:p/w:pPr/w:jc") == "right"


@pytest.fixture(scope="module")
def form_pages(example_build):
    pages = page_texts(example_build["整体.pdf"])
    first = next(i for i, page in enumerate(pages) if "".join(page.split()).startswith("附件1"))
    return ["".join(page.split()) for page in pages[first:]]


def test_forms_start_pages_with_number_and_title(form_pages):
    attachments = load_outline()["整体"].attachments
    starts = [page for page in form_pages if page.startswith("附件")]
    assert [page[:3] for page in starts] == [f"附件{n}" for n in range(1, 7)]
    for number, (page, attachment) in enumerate(zip(starts, attachments, strict=True), 1):
        title = f"2024年度{attachment.title}"
        assert page[3:].startswith(title)
        if number >= 4:  # the unit had no such funds: the form says so
            assert page[3 + len(title):].startswith("无")


def test_pdf_forms_hold_the_figures(form_pages):
    text = "".join(form_pages)
    for figure in ("86", "85", "98.84%", "31.0038.0013.33", "1754.54", "368.59",
                   "年度资金总额3051.243051.242617.691085.79%8.58", "产出指标", "（30分）", "≥3个",
                   "总分10093.88",
                   "（10分）", "填表人：", "填报日期：2025年9月19日", "单位负责人签字："):
        assert figure in text


def test_table_model_rejects_gaps_and_overlaps():
    with pytest.raises(ValueError, match="overlaps"):
        Table((1, 1), ((Cell("a"), Cell("b", rowspan=2)), (Cell("c", colspan=2),)))
    with pytest.raises(ValueError, match="without a cell"):
        Table((1, 1), ((Cell("a"),),))
    with pytest.raises(ValueError, match="spans past"):
        Table((1, 1), ((Cell("a", colspan=3),),))


def test_table_markdown_carries_spans_widths_and_breaks():
    table = Table((1, 3), ((Cell("产出指标\n（30分）", rowspan=2), Cell("数量<指标>")),
                           (Cell("1.00", align="right"),)), header_rows=0)
    fence, model, end = table.markdown().split("\n")
    assert (fence, end) == ("~~~ {.jixiao-table}", "~~~")
    model = json.loads(model)
    assert model["widths"] == [0.25, 0.75] and model["aligns"] == ["left", "left"]
    assert model["rows"][0][0] == {"text": "产出指标\n（30分）", "rowspan": 2, "colspan": 1,
                                   "align": "left"}
    assert model["rows"][1] == [{"text": "1.00", "rowspan": 1, "colspan": 1, "align": "right"}]


@pytest.fixture(scope="module")
def project_tables(two_projects_build):
    tables = read_tables(two_projects_build["整体.docx"])
    return [rows for _, rows in tables if rows[0][0].text == "项目支出\n名称"]


def test_one_project_form_each(project_tables, two_projects_build):
    assert [rows[0][1].text for rows in project_tables] == ["高标准农田建设项目",
                                                          "农村人居环境整治项目"]
    pages = ["".join(p.split()) for p in page_texts(two_projects_build["整体.pdf"])]
    starts = [p for p in pages if p.startswith("附件3")]
    assert len(starts) == 2 and "高标准农田建设项目" in starts[0]
    assert "农村人居环境整治项目" in starts[1]


def test_project_funds_computed(project_tables):
    rows = project_tables[0]
    # 年度资金总额 is the sum of the sources; 执行率 and its score follow from it
    assert row_texts(rows, "年度资金总额") == [
        "320.00", "340.00", "324.50", "10", "95.44%", "9.54"]
    assert row_texts(rows, "其中：当年财政拨款") == ["300.00", "320.00", "304.50", "", "95.16%", ""]
    assert row_texts(rows, "其他资金") == ["", "", "", "", "", ""]
    index, cell = find(rows, "项目资金（万元）")
    assert cell.merge == "restart" and rows_spanned(rows, index, 0) == 5


def test_project_indicators_and_total(two_projects_build, project_tables):
    execution = float(row_texts(project_tables[0], "年度资金总额")[-1])
    tables = [rows for _, rows in read_tables(two_projects_build["整体.docx"])
              if rows[0][1].text == "一级指标"]
    project = tables[1]  # after 附件2's
    assert row_texts(project, "完工及时率") == ["≥100%", "92%", "5", "4.6",
                                              "两个标段受雨季影响延期；下一步提前安排施工"]
    scores = [float(row[-2].text) for row in project[1:-1] if row[-2].text]
    weight, total = row_texts(project, "总分")[:2]
    assert float(total) == pytest.approx(execution + sum(scores)) and total == "95.61"


def test_buildings_rows_computed(two_projects_build):
    rows = next(rows for _, rows in read_tables(two_projects_build["整体.docx"])
                if rows[0][1].text == "编制数")
    index, label = find(rows, "楼堂馆所控制情况（2024年完工项目）")
    assert rows_spanned(rows, index, 0) == 2
    # 规模控制率 = 1150 ÷ 1200, 投资概算控制率 = 786.4 ÷ 800: computed, never entered
    assert [c.text for c in rows[index + 1][1:]] == [
        "1200", "1150", "95.83%", "800.00", "786.40", "98.30%"]


def test_fund_form_lists_lines_and_total(tmp_path):
    folder = tmp_path / "two-projects"
    shutil.copytree(FIXTURES / "two-projects", folder)
    (folder / "data" / "政府性基金.csv").write_text(
        "项目,年初预算数,全年预算数,全年执行数\n城乡社区支出,100,120,90\n农林水支出,,30,30\n",
        encoding="utf-8")
    loaded = load_inputs(folder)
    attachments = load_outline()["整体"].attachments
    forms = {form.number: form for form in build_forms(loaded.report, loaded.derived,
                                                       attachments)}
    (table,) = forms[4].tables
    texts = [[cell.text for cell in row] for row in table.rows]
    assert texts[1:] == [["城乡社区支出", "100.00", "120.00", "90.00", "75.00%"],
                         ["农林水支出", "", "30.00", "30.00", "100.00%"],
                         ["合计", "100.00", "150.00", "120.00", "80.00%"]]
    assert table.header_rows == 1
    page = FormPage.of(load_styles())
    assert forms[5].tables == () and "\n\n无\n" in forms[5].markdown("", page)


def test_labels_break_only_where_the_form_breaks_them(example_build):
    """Each 一级/二级 label and column heading is drawn in the lines it was given, never
    wrapped inside a word by a column too narrow for it."""
    form = shipped_template().forms["部门自评表"]
    indicators = form.tables[-1]  # the 绩效指标 table, as the template declares it
    chars, breaks = indicators.widths, form.names[BREAKS]
    wanted = {}
    for level1, level2s in DEFAULT_INDICATORS.items():
        wanted[compact(level1)] = fit(level1, chars[1], breaks).split("\n")
        for level2 in level2s:
            wanted[compact(level2)] = fit(level2, chars[2], breaks).split("\n")
    for heading in (cell.text for cell in indicators.rows[0].cells[1:]):
        wanted[compact(heading)] = heading.split("\n")
    found = {}
    for chain in chains(example_build["整体.pdf"]):
        lines = [compact("".join(w.text for w in line)) for line in chain.lines()]
        for name, expected in wanted.items():
            if compact(chain.text).startswith(name) and lines[:len(expected)] == expected:
                found[name] = lines[:len(expected)]
    assert set(found) == set(wanted)
