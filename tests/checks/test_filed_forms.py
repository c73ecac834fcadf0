"""Reports as units file them: blank cells, project-only reports, figures typed where parts are
missing, instruction text left in. Each fixture is checked as filed against its whole list of
findings and built with --draft; each new rule fires on one mistake and is silent without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, FIXTURES
from jixiao.checks.runner import check_report
from jixiao.cli import run_build, run_check
from jixiao.errors import display_path
from pdf_reading import page_texts
from report_edits import copy_report, replace_in

TOWNSHIP = FIXTURES / "township-as-filed"
PROJECT_ONLY = FIXTURES / "project-only"
PROJECT_AS_FILED = FIXTURES / "project-as-filed"
WHOLE_TABLES = ("人员", "经费控制", "预算", "年度目标", "绩效指标", "基本支出")


def listed(folder: Path, findings=None) -> list[str]:
    """The findings of the report in ``folder`` as check prints them, paths from the folder."""
    prefix = display_path(folder) + "/"
    return [str(f).replace(prefix, "", 1)
            for f in (check_report(folder) if findings is None else findings)]


def codes_at(folder: Path) -> list[str]:
    return [f.code for f in check_report(folder)]


def compact(text: str) -> str:
    return "".join(text.split())


def draft_outputs(folder: Path, out: Path) -> dict[str, Path]:
    """Build ``folder`` with --draft into ``out``; its DOCX and PDF by suffix."""
    assert run_build(str(folder), draft=True, out_root=out) == 0
    built = {path.suffix: path for path in out.rglob("*自评报告.*")
             if path.suffix in (".docx", ".pdf")}
    assert set(built) == {".docx", ".pdf"}
    return built


def pdf_lines(pdf: Path) -> list[str]:
    """Every printed line of the PDF, spaces removed: a form's row reads as one line."""
    return [compact(line) for page in page_texts(pdf) for line in page.splitlines()]


def docx_rows(docx: Path) -> list[list[str]]:
    """Every table row of the DOCX, a merged cell once."""
    rows = []
    for table in Document(str(docx)).tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if not cells or cell._tc is not cells[-1][0]:
                    cells.append((cell._tc, cell.text))
            rows.append([text for _, text in cells])
    return rows


def docx_text(docx: Path) -> str:
    document = Document(str(docx))
    cells = ["".join(row) for row in docx_rows(docx)]
    return compact("".join([p.text for p in document.paragraphs] + cells))


def row_of(rows: list[list[str]], label: str) -> list[str]:
    [row] = [row for row in rows if label in row]
    return row


# The three fixtures, as filed -------------------------------------------------------------

TOWNSHIP_FINDINGS = [
    "data/经费控制.csv:9:6: error SAME 项目支出 本年决算数 is 156.30 on 附件1 but 全年执行数 "
    "165.30 on 附件2 (tests/fixtures/township-as-filed/data/预算.csv:5:5); they are the same "
    "figure",
    "data/绩效指标.csv:5:6: error ACTUAL 附件2 民生项目按期完成率 has no 实际完成值",
    "data/绩效指标.csv:7:9: error SCORE 附件2 人居环境整治 is 定性 but has no 得分; expected the "
    "evaluator's score within 0…15",
]

PROJECT_ONLY_FINDINGS = [
    "data/项目指标.csv:7: warning NATURE 附件1「农村饮水安全巩固提升工程」 工程按期完工率 has no "
    "指标性质 and no sign before its 年度指标值 100%: scored as 正向 (≥); write the sign (≥ ≤ =) "
    "or 定性",
]

PROJECT_AS_FILED_FINDINGS = [
    'data/填报值.csv:3:2: error TOTAL 项目自评["乡村道路养护项目"].全年预算数 stated as 0 but '
    "computed 200.00",
    'data/填报值.csv:4:2: error RATE 项目自评["乡村道路养护项目"].执行率 stated as 0 but computed '
    "92.50%",
    'data/填报值.csv:5:2: error RULE 项目自评["乡村道路养护项目"].执行率得分 stated as 0分 but '
    "computed 9.25",
    'data/填报值.csv:6:2: error TOTAL 项目自评["乡村道路养护项目"].总分 stated as 90分 but '
    "computed 59.25",
    'data/填报值.csv:7:2: error GRADE 项目自评["乡村道路养护项目"].等级 stated as 优 but '
    "computed 差",
    'data/填报值.csv:8:1: error STATED 项目自评["乡村公路养护项目"].分值合计 names project '
    "乡村公路养护项目, which the report does not have; expected one of 乡村道路养护项目",
    "data/项目指标.csv:4:7: error ACTUAL 附件1「乡村道路养护项目」 养护里程 has no 实际完成值",
    "data/项目指标.csv:7:10: error SCORE 附件1「乡村道路养护项目」 群众出行条件改善 is 定性 "
    "but has no 得分; expected the evaluator's score within 0…30",
    "data/项目指标.csv:9:12: error TEMPLATE 项目指标 偏差原因分析及改进措施 still holds the form's "
    "instruction 「简要说明偏差原因及改进措施」; expected the unit's own text",
    "data/项目目标.csv:3:2: error TEMPLATE 项目目标 预期目标 still holds the form's instruction "
    "「填写项目年度总体目标」; expected the unit's own text",
    "data/项目资金.csv:3:3: error SUM 项目「乡村道路养护项目」 年度资金总额 年初预算数 is 0.00 but "
    "its 资金来源 lines add up to 200.00 (当年财政拨款 200.00)",
    "data/项目资金.csv:3:4: error SUM 项目「乡村道路养护项目」 年度资金总额 全年预算数 is 0.00 but "
    "its 资金来源 lines add up to 200.00 (当年财政拨款 200.00)",
    "data/项目资金.csv:3:5: error SUM 项目「乡村道路养护项目」 年度资金总额 全年执行数 is 0.00 but "
    "its 资金来源 lines add up to 185.00 (当年财政拨款 185.00)",
    "项目/03-主要绩效及评价结论.md:1:9: error CLAIM 10分 typed for "
    "项目自评.乡村道路养护项目.执行率得分, which is 9.25; write "
    '{{ 项目自评["乡村道路养护项目"].执行率得分 | plain }}',
    "项目/03-主要绩效及评价结论.md:1:19: error GRADE conclusion 优 contradicts the total 59.25, "
    'which earns 差; write {{ 项目自评["乡村道路养护项目"].等级 }}',
    "项目/06-有关建议.md:1: error TEMPLATE 「请简要填写对项目实施的有关建议。」 is the template's "
    "instruction text; expected the report's own text",
]


@pytest.mark.parametrize(("folder", "expected"), [
    (TOWNSHIP, TOWNSHIP_FINDINGS),
    (PROJECT_ONLY, PROJECT_ONLY_FINDINGS),
    (PROJECT_AS_FILED, PROJECT_AS_FILED_FINDINGS),
], ids=["township", "project-only", "project-as-filed"])
def test_fixture_checks_as_filed_with_exactly_its_findings(folder, expected):
    assert listed(folder) == expected


def test_township_builds_as_a_draft_printing_typed_parents_and_blanks(tmp_path):
    built = draft_outputs(TOWNSHIP, tmp_path)
    rows, lines = docx_rows(built[".docx"]), pdf_lines(built[".pdf"])
    # 附件1: the parents as typed, their parts blank
    for label, figures in (("“三公”经费", ["6.80", "6.00", "4.92"]),
                           ("项目支出", ["210.50", "180.00", "156.30"]),
                           ("公用经费", ["45.20", "48.00", "46.10"])):
        assert row_of(rows, label) == [label, *figures]
        assert label + "".join(figures) in lines
    assert row_of(rows, "1、业务工作经费") == ["1、业务工作经费", "", "", ""]
    # 附件2's breakdown: only the lines filed, each in its column (收入性质 | 支出性质)
    splits = [row[1:] for row in rows if row and row[0].startswith("年度预算") and len(row) == 3]
    assert splits == [["按收入性质分：", "按支出性质分："],
                      ["其中：一般公共预算：620.00", "其中：基本支出：440.00"],
                      ["", "项目支出：180.00"]]
    # the blank 实际完成值 prints blank, its 得分 too (not 0)
    timely = row_of(rows, "民生项目按期完成率")
    assert timely[timely.index("≥95%"):] == ["≥95%", "", "10", "", ""]


def test_project_only_builds_its_own_forms_without_any_whole_data_file(tmp_path):
    report = copy_report(PROJECT_ONLY, tmp_path / "content")
    assert not [t for t in WHOLE_TABLES if (report / "data" / f"{t}.csv").exists()]
    built = draft_outputs(report, tmp_path / "build")
    assert "项目支出绩效自评报告" in built[".pdf"].name
    pages = [compact(page) for page in page_texts(built[".pdf"])]
    text = "".join(pages)
    assert "附件：1.项目支出绩效自评表（农村饮水安全巩固提升工程）" in text
    assert "2.项目支出绩效自评表（农田水利设施维修养护）" in text
    first = next(i for i, p in enumerate(pages) if p.startswith("附件1"))
    second = next(i for i, p in enumerate(pages) if p.startswith("附件2"))
    assert "农村饮水安全巩固提升工程" in pages[first] and "农田水利设施维修养护" in pages[second]
    assert "附件3" not in text and "部门整体支出绩效自评表" not in text
    assert "（50分）" in text
    # signs, units and scores as clerks type them, printed as typed
    rows = docx_rows(built[".docx"])
    for name, cells in (("新建改造供水工程", ["≥12处", "12处", "10", "10"]),
                        ("单处工程平均造价", ["≤90万元", "88万元", "10", "10"]),
                        ("农村自来水普及率", ["≥95百分比", "96百分比", "15", "15"])):
        row = row_of(rows, name)
        assert row[row.index(name) + 1:row.index(name) + 5] == cells


def test_project_as_filed_builds_as_a_draft_with_its_blanks(tmp_path):
    built = draft_outputs(PROJECT_AS_FILED, tmp_path)
    rows = docx_rows(built[".docx"])
    mileage = row_of(rows, "养护里程")
    assert mileage[mileage.index("养护里程"):] == ["养护里程", "≥120公里", "", "10", "", ""]
    better = row_of(rows, "群众出行条件改善")
    assert better[better.index("群众出行条件改善"):] == ["群众出行条件改善", "明显改善", "明显改善",
                                                  "30", "", ""]
    assert any(line.startswith("附件1") for line in pdf_lines(built[".pdf"]))


def test_both_documents_keep_project_forms_as_attachment_3(two_projects_build):
    pages = [compact(p) for p in page_texts(two_projects_build["项目.pdf"])]
    assert not any(p.startswith("附件1") for p in pages)
    whole = "".join(compact(p) for p in page_texts(two_projects_build["整体.pdf"]))
    assert "附件3" in whole and "高标准农田建设项目" in whole


# Loading: every mistake of every file in one run; blanks are findings ----------------------

def test_one_run_reports_every_load_problem_of_every_file(report_copy):
    (report_copy / "data" / "年度目标.csv").unlink()
    replace_in(report_copy / "data" / "人员.csv", "86", "8六")
    replace_in(report_copy / "data" / "预算.csv", "3051.24", "三千")
    replace_in(report_copy / "data" / "预算.csv", "2617.69", "x")
    findings = check_report(report_copy)
    loads = [f for f in findings if f.code == "LOAD"]
    assert [f.path.rsplit("/", 1)[-1] for f in loads] == ["人员.csv", "年度目标.csv",
                                                          "预算.csv", "预算.csv"]
    assert "missing data file" in loads[1].message


def test_every_bad_line_of_one_file(report_copy):
    path = report_copy / "data" / "预算.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "支出性质,其他,1,2,3,4\n支出性质,另一,1,2,3,4\n", encoding="utf-8")
    loads = [f for f in check_report(report_copy) if f.code == "LOAD"]
    assert [(f.path.rsplit("/", 1)[-1], f.col) for f in loads] == [("预算.csv", 6)] * 2
    assert loads[0].line + 1 == loads[1].line


def test_load_problems_print_one_line_each_and_check_writes_nothing(report_copy, capsys):
    replace_in(report_copy / "data" / "人员.csv", "86", "8六")
    replace_in(report_copy / "data" / "预算.csv", "3051.24", "三千")
    assert run_check(str(report_copy)) == 1
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if " error LOAD " in line]) == 2
    assert "Traceback" not in "\n".join(out)


def test_build_prints_every_load_problem_as_its_own_error_line(report_copy, tmp_path, capsys):
    replace_in(report_copy / "data" / "人员.csv", "86", "8六")
    replace_in(report_copy / "data" / "预算.csv", "3051.24", "三千")
    assert run_build(str(report_copy), out_root=tmp_path / "build") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if "人员" in line
              or "预算" in line]
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert not list((tmp_path / "build").rglob("*.pdf"))


@pytest.mark.parametrize(("cell", "typed", "expected"), [
    ("86,85", "86%,85", "a whole number (a count of people or items)"),
    ("86,85", "86.5,85", "a whole number (a count of people or items)"),
])
def test_head_count_not_a_whole_number(report_copy, cell, typed, expected):
    replace_in(report_copy / "data" / "人员.csv", cell, typed)
    [load] = [f for f in check_report(report_copy) if f.code == "LOAD"]
    assert load.message.endswith(expected) and load.path.endswith("人员.csv")


def test_head_count_typed_with_its_unit_reads(report_copy):
    replace_in(report_copy / "data" / "人员.csv", "86,85", "86人,85人")
    assert "LOAD" not in codes_at(report_copy)


def test_separator_that_is_not_a_thousands_separator(report_copy):
    replace_in(report_copy / "data" / "成效.csv", "净入库税收,7.78", '净入库税收,"7，78"')
    [load] = [f for f in check_report(report_copy) if f.code == "LOAD"]
    assert "not a thousands separator" in load.message


def test_thousands_separators_read(report_copy):
    replace_in(report_copy / "data" / "预算.csv", "3051.24,3051.24,2617.69",
               '"3,051.24",3051.24,2617.69')
    assert "LOAD" not in codes_at(report_copy)


def test_formula_without_saved_value_names_its_cell(report_copy):
    from openpyxl import load_workbook

    from report_edits import as_workbook

    book_path = as_workbook(report_copy)
    book = load_workbook(book_path)
    book["人员"]["A3"] = "=80+6"  # written by a program: no value saved with it
    book.save(book_path)
    [load] = [f for f in check_report(report_copy) if f.code == "LOAD"]
    assert load.path.endswith("数据.xlsx[人员]") and (load.line, load.col) == (3, 1)
    assert "formula" in load.message and "saved in Excel" in load.message


@pytest.mark.parametrize(("table", "header"), [
    ("人员", "编制数,实际在职人数"),
    ("预算", "分类,项目,年初预算数,全年预算数,全年执行数"),
])
def test_header_only_table_of_figures_is_an_error(report_copy, table, header):
    (report_copy / "data" / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    [empty] = [f for f in check_report(report_copy) if f.code == "EMPTY"]
    assert empty.severity == "error" and empty.message.startswith(f"{table} has no row")


def test_blank_target_is_a_finding(report_copy):
    replace_in(report_copy / "data" / "绩效指标.csv", "（完工进度）,≥,100%,", "（完工进度）,≥,,")
    assert "TARGET" in codes_at(report_copy)
    assert "LOAD" not in codes_at(report_copy)


def test_blank_weight_is_a_finding(report_copy):
    replace_in(report_copy / "data" / "绩效指标.csv", "服务对象满意,满意,,10,10",
               "服务对象满意,满意,,,10")
    findings = check_report(report_copy)
    assert any(f.code == "WEIGHT" and "has no 分值" in f.message for f in findings)
    assert "LOAD" not in {f.code for f in findings}


def test_sign_contradicting_nature_cannot_load(report_copy):
    replace_in(report_copy / "data" / "绩效指标.csv", "（完工进度）,≥,100%,",
               "（完工进度）,≥,≤100%,")
    [load] = [f for f in check_report(report_copy) if f.code == "LOAD"]
    assert "年度指标值 '≤100%' under 指标性质 ≥" in load.message


def test_basic_spending_needed_only_where_used(tmp_path):
    township = copy_report(TOWNSHIP, tmp_path / "content")
    assert not (township / "data" / "基本支出.csv").exists()
    assert "LOAD" not in codes_at(township)
    example = copy_report(EXAMPLE, tmp_path / "content2")
    (example / "data" / "基本支出.csv").unlink()
    findings = check_report(example)
    assert "LOAD" not in {f.code for f in findings}
    placeholders = [f for f in findings if f.code == "PLACEHOLDER"]
    assert placeholders and all("data/基本支出.csv" in f.message for f in placeholders)
    assert not [f for f in findings if f.code in ("SUM", "SAME", "CLAIM")]


# New rules: each fires on one mistake and is silent without it -----------------------------

@pytest.fixture(scope="module")
def example_codes():
    return {f.code for f in check_report(EXAMPLE)}


@pytest.mark.parametrize("code", ["EMPTY", "NATURE", "TEMPLATE", "EXECUTION", "TARGET"])
def test_new_rules_silent_on_the_example(example_codes, code):
    assert code not in example_codes


def test_empty_indicator_table_is_an_error(report_copy):
    path = report_copy / "data" / "绩效指标.csv"
    header = next(line for line in path.read_text(encoding="utf-8").splitlines()
                  if line.startswith("一级指标"))
    path.write_text(header + "\n", encoding="utf-8")
    [empty] = [f for f in check_report(report_copy) if f.code == "EMPTY"]
    assert empty.severity == "error" and "附件2 绩效指标 has no indicator" in empty.message


def test_empty_project_indicator_table_is_an_error(tmp_path):
    report = copy_report(PROJECT_ONLY, tmp_path / "content")
    path = report / "data" / "项目指标.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("农田水利")
                              and not line.startswith(",")) + "\n", encoding="utf-8")
    empties = [f for f in check_report(report) if f.code == "EMPTY"]
    assert len(empties) == 1 and "农田水利设施维修养护" in empties[0].message


def test_project_report_without_projects_is_an_error(tmp_path):
    report = copy_report(PROJECT_ONLY, tmp_path / "content")
    for table in ("项目资金", "项目目标", "项目指标"):
        (report / "data" / f"{table}.csv").unlink()
    (report / "data" / "项目.csv").write_text("项目名称,主管部门,实施单位\n", encoding="utf-8")
    errors = [f for f in check_report(report) if f.severity == "error"]
    assert [f.message for f in errors if f.code != "PLACEHOLDER"] == [
        "项目 has no row; expected a row per project of this 项目 report"]  # prose names them


def test_same_across_forms_silent_when_they_agree(tmp_path):
    report = copy_report(TOWNSHIP, tmp_path / "content")
    replace_in(report / "data" / "经费控制.csv", "210.5,180,156.3", "210.5,180,165.3")
    assert "SAME" not in codes_at(report)


def test_project_total_agreeing_with_its_sources_is_silent():
    assert "SUM" not in codes_at(PROJECT_ONLY)


def test_execution_above_100_percent_is_a_warning(tmp_path):
    report = copy_report(PROJECT_ONLY, tmp_path / "content")
    replace_in(report / "data" / "项目资金.csv", "农田水利设施维修养护,年度资金总额,120,120,96",
               "农田水利设施维修养护,年度资金总额,120,120,126")
    replace_in(report / "data" / "项目资金.csv", "农田水利设施维修养护,本年财政拨款,120,120,96",
               "农田水利设施维修养护,本年财政拨款,120,120,126")
    [over] = [f for f in check_report(report) if f.code == "EXECUTION"]
    assert over.severity == "warning" and "执行率 is 105.00%, above 100%" in over.message


def test_stated_execution_score_above_its_weight_is_an_error(tmp_path):
    report = copy_report(PROJECT_AS_FILED, tmp_path / "content")
    replace_in(report / "data" / "填报值.csv", "执行率得分,0分", "执行率得分,12分")
    [score] = [f for f in check_report(report) if f.code == "SCORE" and "执行率得分" in f.message]
    assert score.severity == "error" and "above its 分值 10" in score.message


def test_stated_project_figures_agreeing_are_silent(tmp_path):
    report = copy_report(PROJECT_ONLY, tmp_path / "content")
    name = '项目自评["农村饮水安全巩固提升工程"]'
    rows = [f"{name}.年初预算数,480", f"{name}.全年预算数,510", f"{name}.全年执行数,498",
            f"{name}.执行率,97.65%", f"{name}.执行率得分,9.76分", f"{name}.分值合计,100",
            f"{name}.产出指标.得分,50", f"{name}.总分,97.76", f"{name}.等级,优"]
    (report / "data" / "填报值.csv").write_text("项目,数值,说明\n" + "\n".join(
        f"{row}," for row in rows) + "\n", encoding="utf-8")
    assert [f for f in check_report(report) if f.severity == "error"] == []


def test_stated_figure_named_in_brackets(report_copy):
    path = report_copy / "data" / "填报值.csv"
    path.write_text('项目,数值,说明\n"经费控制[""“三公”经费""].本年决算数",14.00,\n',
                    encoding="utf-8")
    [total] = [f for f in check_report(report_copy) if f.code == "TOTAL"]
    assert "stated as 14.00 but computed 13.33" in total.message


def test_prose_in_a_project_report_resolves_to_its_only_project(tmp_path):
    report = copy_report(PROJECT_AS_FILED, tmp_path / "content")
    replace_in(report / "项目" / "03-主要绩效及评价结论.md", "执行率得分10分", "执行率得分9.25分")
    claims = [f for f in check_report(report) if f.code in ("CLAIM", "LITERAL")
              and "03-" in f.path]
    assert len(claims) == 1 and claims[0].code == "LITERAL"
    assert '{{ 项目自评["乡村道路养护项目"].执行率得分 | plain }}' in claims[0].message


def test_template_text_in_a_goal_only_where_left_in(tmp_path):
    report = copy_report(PROJECT_AS_FILED, tmp_path / "content")
    replace_in(report / "data" / "项目目标.csv", "填写项目年度总体目标", "完成乡村道路养护120公里")
    assert codes_at(report).count("TEMPLATE") == 2  # the 偏差原因 cell and the section remain


def test_typed_parent_with_entered_parts_still_compared(report_copy):
    replace_in(report_copy / "data" / "经费控制.csv", "“三公”经费,,,,,", "“三公”经费,,,31,38,20")
    sums = [f for f in check_report(report_copy) if f.code == "SUM"]
    assert len(sums) == 1 and "13.33" in sums[0].message


def test_unknown_level_is_still_a_load_error(tmp_path):
    report = copy_report(PROJECT_ONLY, tmp_path / "content")
    replace_in(report / "data" / "项目指标.csv", ",效益指标,社会效益指标,", ",效益指标,社会效益,")
    [load] = [f for f in check_report(report) if f.code == "LOAD"]
    assert "二级指标 '社会效益' under 效益指标" in load.message


def test_fixtures_leave_nothing_written(tmp_path):
    before = sorted(p.name for p in FIXTURES.rglob("*"))
    for folder in (TOWNSHIP, PROJECT_ONLY, PROJECT_AS_FILED):
        check_report(folder)
    assert sorted(p.name for p in FIXTURES.rglob("*")) == before
    shutil.rmtree(tmp_path, ignore_errors=True)
