"""Typed heading numbers and official titles, as clerks type them."""

import pytest

from jixiao.importing.headings import subheading, title_matches, typed_number


@pytest.mark.parametrize("typed, family, rest", [
    ("1、 部门(单位)基本情况", "arabic", "部门(单位)基本情况"),
    ("二 、一般公共预算支出情况", "chinese", "一般公共预算支出情况"),
    ("（2） 项目支出情况", "paren", "项目支出情况"),
    ("(一)项目支出决策情况", "paren", "项目支出决策情况"),
    ("4. 国有资本经营预算支出情况", "arabic", "国有资本经营预算支出情况"),
    ("2.5亿元的投资", None, "2.5亿元的投资"),
    ("2024年规模工业同比增长3%", None, "2024年规模工业同比增长3%"),
])
def test_typed_numbers_in_any_style(typed, family, rest):
    assert typed_number(typed) == (family, rest)


@pytest.mark.parametrize("typed, official", [
    ("七、存在问题及原因分析", "存在的问题及原因分析"),
    ("一、部门（单位）基本情况", "部门(单位)基本情况"),
    ("三 、项目支出 主要绩效及评价结论", "项目支出主要绩效及评价结论"),
    ("九、部门整体支出绩效自评结果拟应用和公开情况。", "部门整体支出绩效自评结果拟应用和公开情况"),
    ("八、下步改进措施", "下一步改进措施"),
])
def test_titles_match_tolerantly(typed, official):
    assert title_matches(typed, official) > 0


@pytest.mark.parametrize("typed, official", [
    ("（一）基本支出情况", "一般公共预算支出情况"),
    ("六、部门整体支出绩效情况", "部门整体支出绩效自评结果拟应用和公开情况"),
])
def test_other_titles_do_not_match(typed, official):
    assert title_matches(typed, official) == 0


def test_a_subheading_is_short_and_numbered_a_paragraph_is_not():
    assert subheading("（二）项目资金使用管理情况。") == "项目资金使用管理情况"
    assert subheading("（一）深入推动规划引领工程，发展布局更优。做细产业规划。") is None
    assert subheading("基本支出情况") is None
