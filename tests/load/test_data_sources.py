"""The inputs staff really have: the same tables as UTF-8 CSV, GBK CSV and an .xlsx workbook give
the same records, the same derived figures and the same documents."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao.build.report import build_report
from jixiao.derive.report import derive_report
from jixiao.load.data import load_data
from jixiao.load.settings import load_report
from report_edits import TWO_PROJECTS, as_workbook, copy_report


def recode(report: Path, encoding: str) -> None:
    """Every CSV file of the report saved again in ``encoding``, as Excel would."""
    for path in (report / "data").glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def plain(value):
    """Figures and records without their source locations (and derived figures without the
    records they came from, compared apart), for comparing."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in ("where", "folder", "record")}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def loaded(report: Path):
    meta = load_report(report)
    data = load_data(meta.data_folder, meta.scoring)
    return plain(data.records), plain(data.figures), plain(derive_report(meta, data))


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> dict[str, Path]:
    """The two-projects report as UTF-8 CSV, UTF-8 with BOM, GBK CSV and an .xlsx workbook."""
    made = {}
    for kind in ("utf-8", "utf-8-sig", "gbk", "xlsx"):
        report = copy_report(TWO_PROJECTS, tmp_path_factory.mktemp(kind) / "content", "report")
        if kind == "xlsx":
            as_workbook(report)
        else:
            recode(report, kind)
        made[kind] = report
    return made


def test_encodings_give_identical_records_and_figures(variants):
    reference = loaded(variants["utf-8"])
    assert reference[2]["evaluation"]["total"] == 93.04
    for kind in ("utf-8-sig", "gbk"):
        assert loaded(variants[kind]) == reference, kind


def test_workbook_gives_identical_figures(variants):
    records, figures, derived = loaded(variants["utf-8"])
    x_records, x_figures, x_derived = loaded(variants["xlsx"])
    assert x_derived == derived
    assert x_figures == figures
    # the numbers of every record agree; a text differs only where Excel keeps a number
    # (1,200 typed in a CSV is the number 1200 in a workbook)
    for table, rows in records.items():
        for row, x_row in zip(rows, x_records[table], strict=True):
            for column, value in row["values"].items():
                x_value = x_row["values"][column]
                assert x_value["number"] == value["number"], (table, column)
                if value["number"] is None:
                    assert x_value["text"] == value["text"], (table, column)


def test_workbook_percent_cells_read_as_staff_see_them(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "数值", "单位"])
    sheet.append(["满意度", 0.931])
    sheet["B2"].number_format = "0.0%"
    book.save(tmp_path / "a.xlsx")
    from jixiao.load.sources import read_workbook

    [table] = read_workbook(tmp_path / "a.xlsx").values()
    assert table.rows[0].text("数值") == "93.1%"


def test_documents_identical_from_every_source(variants, tmp_path):
    outputs = {}
    for kind in ("utf-8", "gbk", "xlsx"):
        built = build_report(variants[kind], tmp_path / kind, progress=lambda _line: None)
        outputs[kind] = {path.name: path.read_bytes() for path in built.outputs}
    assert len(outputs["utf-8"]) == 4
    assert outputs["gbk"] == outputs["utf-8"]
    assert outputs["xlsx"] == outputs["utf-8"]


def test_numbers_as_staff_type_them(tmp_path):
    report = copy_report(TWO_PROJECTS, tmp_path / "content", "report")
    funds = report / "data" / "项目资金.csv"
    text = funds.read_text(encoding="utf-8")
    text = text.replace("当年财政拨款,300,320,304.5", "当年财政拨款,\"0,300\",３２０,３０４．５")
    funds.write_text(text.replace("其他资金,10,12,12", "其他资金,10,12,1200%"), encoding="utf-8")
    assert loaded(report)[2] == loaded(TWO_PROJECTS)[2]


def test_indicator_rows_fill_down_and_take_units(tmp_path):
    meta = load_report(TWO_PROJECTS)
    data = load_data(meta.data_folder, meta.scoring)
    second = data.records["项目指标"][1]  # 一级 and 项目名称 blank: as the row above
    assert (second.text("项目名称"), second.text("一级指标"), second.text("二级指标")) == (
        "高标准农田建设项目", "产出指标", "质量指标")
    first = data.records["项目指标"][0]  # 实际完成值 quotes 成效.新建高标准农田 (5200亩)
    assert (first.number("实际完成值"), first.text("实际完成值"), first.text("计量单位")) == (
        5200, "5200亩", "亩")
    rate = data.records["项目指标"][2]  # 100% with no 计量单位: the unit is %
    assert (rate.number("年度指标值"), rate.text("计量单位")) == (100, "%")


def test_rows_of_empty_cells_are_skipped(tmp_path):
    report = copy_report(TWO_PROJECTS, tmp_path / "content", "report")
    path = report / "data" / "项目.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,\n,,\n", encoding="utf-8")
    assert loaded(report)[2] == loaded(TWO_PROJECTS)[2]


def test_a_cell_of_several_lines_is_one_row(tmp_path):
    """Excel saves a cell typed with Alt+Enter as a quoted value across lines: one row, whose
    line is the one it starts on; the rows after it keep their own line numbers."""
    from jixiao.load.sources import read_csv

    path = tmp_path / "年度目标.csv"
    path.write_text('预期目标,实际完成情况\n"园区发展\n税收增长",完成\n招商引资,"新签约\n54个"\n'
                    '项目建设,开工\n', encoding="utf-8")
    table = read_csv(path)
    assert [row.cells["预期目标"].text for row in table.rows] == ["园区发展\n税收增长", "招商引资",
                                                                 "项目建设"]
    assert [row.where.line for row in table.rows] == [2, 4, 6]
    assert table.rows[1].cells["实际完成情况"].text == "新签约\n54个"


def test_a_quoted_cell_never_closed_is_one_line(tmp_path):
    from jixiao.errors import UserError
    from jixiao.load.sources import read_csv

    path = tmp_path / "年度目标.csv"
    path.write_text('预期目标,实际完成情况\n园区发展,完成\n招商引资,"新签约\n54个\n',
                    encoding="utf-8")
    with pytest.raises(UserError) as raised:
        read_csv(path)
    assert str(raised.value).startswith(f"{path}:3: a quoted cell that is never closed")
