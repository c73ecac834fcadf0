"""The forms cut into pages (jixiao.render.paging): a part repeats the header rows and the
labels it goes on with, each part fits its page, a last row is never alone, text is set as
the engines set it. What the PDFs show of it is measured in tests/layout/test_form_pages.py."""

from __future__ import annotations

import json

from jixiao.convert.styles import load_styles
from jixiao.render.paging import FormPage, line_count, paginate
from jixiao.render.tables import Cell, Table

PAGE = FormPage.of(load_styles())


def indicators(rows: int, text: str = "农田灌溉设施维护") -> Table:
    """A header row, then one 一级 label spanning ``rows`` rows beside 三级 names."""
    body = [(Cell("产出指标\n（30分）", rowspan=rows), Cell(f"{text}{n}")) for n in range(rows)]
    body = [body[0], *[(row[1],) for row in body[1:]]]
    return Table((4.7, 12.0), ((Cell("一级指标"), Cell("三级指标")), *body), header_rows=1)


def test_a_part_gives_the_header_and_the_label_again():
    part = indicators(6).part(3, 5, starts_page=True)
    assert [[c.text for c in row] for row in part.rows] == [
        ["一级指标", "三级指标"], ["产出指标\n（30分）", "农田灌溉设施维护2"],
        ["农田灌溉设施维护3"]]
    assert part.rows[1][0].rowspan == 2 and part.header_rows == 1
    assert json.loads(part.markdown().split("\n")[1])["starts_page"] is True


def test_parts_fit_their_pages_and_the_last_row_is_not_alone():
    table = indicators(100)
    title = "2024年度部门整体支出绩效自评表"
    parts = paginate((table,), ("备注：一个一级项目支出一张表。",), title, PAGE)
    assert len(parts) > 2 and [p.starts_page for p in parts] == [False] + [True] * (len(parts) - 1)
    assert PAGE.height(parts[0]) <= PAGE.first(title)
    assert all(PAGE.height(p) <= PAGE.next for p in parts[1:])
    assert sum(len(p.rows) - 1 for p in parts) == 100  # every body row once, none lost
    assert len(parts[-1].rows) - 1 >= 2


def test_fewest_pages_a_full_page_each():
    """A page is filled as far as a row fits: one row more would not have (but on the page
    before the last, which leaves a row over for the last page rather than its last row)."""
    table = indicators(100)
    parts = paginate((table,), (), "表", PAGE)
    start = 1
    for part, room in zip(parts[:-2], [PAGE.first("表"), *[PAGE.next] * len(parts)],
                          strict=False):
        end = start + len(part.rows) - 1
        assert PAGE.height(table.part(start, end + 1)) > room
        start = end


def test_lines_broken_as_the_engines_break_them():
    assert line_count("产出指标", 4.11) == 1
    assert line_count("产出指标", 3.9) == 2
    assert line_count("一二三，", 3.5) == 2  # the comma never starts a line: 三， go on together
    assert line_count("abc 0730-5222222", 8) == 2  # a number is never cut
    assert line_count("aaaa/bbbb/cccc/", 5) == 3  # a web address breaks after its solidi
    assert line_count("年度\n指标值", 10) == 2
    assert line_count("", 3) == 1  # an empty cell keeps a line


def test_a_table_of_header_rows_only_is_kept():
    heads = Table((1, 1), ((Cell("预期目标"), Cell("实际完成情况")),), header_rows=1)
    assert paginate((heads, indicators(3)), (), "表", PAGE)[0] == heads
