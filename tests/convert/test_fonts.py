"""Each PDF font role gets a font that covers what it prints, or the build stops with one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.convert.fonts import CharSet, choose_font
from jixiao.convert.styles import FontRole, load_styles
from jixiao.errors import UserError


def test_charset_ranges():
    charset = CharSet.parse("20-7e 3000 4e00-9fa5")
    assert ord("中") in charset and ord("A") in charset and 0x3000 in charset
    assert 0x1F600 not in charset and 0x10 not in charset


def test_free_fonts_found_for_every_role():
    spec = load_styles()
    text = "部门整体支出绩效自评报告一二三（）—0123456789"
    chosen = {name: choose_font(role, text, Path("/nonexistent")).family
              for name, role in spec.fonts.items()}
    assert chosen["kaiti"] == "AR PL KaitiM GB"
    assert chosen["heiti"] == "Noto Sans CJK SC"
    assert chosen["fangsong"] == "Noto Serif CJK SC"


def test_role_without_installed_font_names_the_package():
    role = FontRole("kaiti", "楷体_GB2312", ("NoSuchKai",), "fonts-arphic-gkai00mp")
    with pytest.raises(UserError) as error:
        choose_font(role, "楷体", Path("/nonexistent"))
    message = str(error.value)
    assert "kaiti (楷体_GB2312) is installed" in message
    assert "install the Debian package fonts-arphic-gkai00mp" in message


def test_font_missing_a_character_is_refused():
    role = FontRole("kaiti", "楷体_GB2312", ("AR PL KaitiM GB",), "fonts-arphic-gkai00mp")
    rare = "\U00020000"  # CJK Extension B: not in AR PL KaitiM GB
    with pytest.raises(UserError) as error:
        choose_font(role, "楷体" + rare, Path("/nonexistent"))
    assert f"missing e.g. {rare}" in str(error.value)


def test_stand_ins_are_named_with_what_to_install():
    """On a machine with only the free fonts, each role says which font stands in for the one
    the DOCX names, and where to put the real one."""
    from jixiao.convert.pdf_fonts import stand_in_notes

    notes = stand_in_notes(load_styles(), Path("/nonexistent"))
    assert "仿宋_GB2312 → Noto Serif CJK SC: put 仿宋_GB2312 in fonts/" in notes
    assert "楷体_GB2312 → AR PL KaitiM GB: put 楷体_GB2312 in fonts/" in notes
    assert len(notes) == len(load_styles().fonts)


def test_the_named_font_is_no_stand_in():
    role = FontRole("kaiti", "AR PL KaitiM GB", ("AR PL KaitiM GB",), "fonts-arphic-gkai00mp")
    assert not choose_font(role, "楷体", Path("/nonexistent")).stand_in


def test_build_names_each_stand_in_once(tmp_path, capsys):
    """Once per run that writes a PDF, not once per report or document; not when nothing
    was built."""
    from jixiao.cli import run_build
    from jixiao.paths import CONTENT

    assert run_build(str(CONTENT / "2024"), out_root=tmp_path / "build") == 0
    printed = capsys.readouterr().out.splitlines()
    note = "PDF font: 仿宋_GB2312 → Noto Serif CJK SC: put 仿宋_GB2312 in fonts/"
    assert printed.count(note) == 1
    assert run_build(str(CONTENT / "2024"), out_root=tmp_path / "build") == 0
    assert "PDF font" not in capsys.readouterr().out
