"""Building many reports: in parallel, unchanged ones skipped, failures listed, clashes named."""

from __future__ import annotations

import shutil

import pytest

import jixiao.convert.outputs
from jixiao.cli import run_build
from jixiao.paths import CONTENT

UNIT = "循环经济服务中心"


@pytest.fixture
def content(tmp_path):
    """The seed's unit (2024) and the second unit (2024), with the shared blocks."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "2024", root / "2024")
    shutil.copytree(CONTENT / UNIT, root / UNIT)
    shutil.copytree(CONTENT / "blocks", root / "blocks")
    return root


def reports(content):
    return [str(content / "2024"), str(content / UNIT / "2024")]


def outputs(out):
    return {p.relative_to(out): p.stat().st_mtime_ns for p in out.rglob("*")
            if p.suffix in (".docx", ".pdf") and ".cache" not in p.parts}


def no_conversion(*_args, **_kwargs):
    raise AssertionError("a conversion ran")


def test_unchanged_reports_are_not_converted_again(content, tmp_path, monkeypatch, capsys):
    out = tmp_path / "build"
    assert run_build(reports(content), out_root=out) == 0
    first = outputs(out)
    assert len(first) == 8 and (out / UNIT / "2024" / ".stamp").is_file()
    capsys.readouterr()
    monkeypatch.setattr(jixiao.convert.outputs, "run_pandoc", no_conversion)
    monkeypatch.setattr(jixiao.convert.outputs, "compile_pdf", no_conversion)
    assert run_build(reports(content), out_root=out, jobs=1) == 0
    assert outputs(out) == first
    assert "0 built, 2 up to date, 0 failed" in capsys.readouterr().out


def test_a_changed_input_rebuilds_only_the_reports_that_read_it(content, tmp_path, capsys):
    out = tmp_path / "build"
    assert run_build(reports(content), out_root=out) == 0
    capsys.readouterr()
    # content/blocks/改进措施.md: the seed's unit reads it, the second unit overrides it
    block = content / "blocks" / "改进措施.md"
    block.write_text(block.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    assert run_build(reports(content), out_root=out) == 0
    printed = capsys.readouterr().out
    assert f"built {content}/2024" in printed and f"skipped {content}/{UNIT}/2024" in printed
    # a new override beside the second unit's report changes which file it reads
    (content / UNIT / "问题-目标设置.md").write_text("本单位的目标问题。\n", encoding="utf-8")
    assert run_build(reports(content), out_root=out) == 0
    printed = capsys.readouterr().out
    assert f"skipped {content}/2024" in printed and f"built {content}/{UNIT}/2024" in printed
    assert run_build(reports(content), out_root=out, force=True) == 0
    assert "2 built, 0 up to date, 0 failed" in capsys.readouterr().out


def test_a_failing_report_does_not_stop_the_others(content, tmp_path, capsys):
    people = content / "2024" / "data" / "人员.csv"
    people.write_text("编制数,实际在职人数\n86,八十五\n", encoding="utf-8")
    out = tmp_path / "build"
    assert run_build(reports(content), out_root=out, jobs=2) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == (f"error: {people}:2:2: 实际在职人数 '八十五'; expected a "
                                    "number (blank when there is none)")
    assert "1 built, 0 up to date, 1 failed" in captured.out
    assert f"  failed: {content}/2024" in captured.out.splitlines()
    assert len(outputs(out / UNIT)) == 4 and not (out / "2024").exists()


def test_two_reports_writing_one_folder_are_refused(content, tmp_path, capsys):
    other = tmp_path / "other" / "content"
    shutil.copytree(content / UNIT / "2024", other / "2024")
    shutil.copytree(content / "blocks", other / "blocks")
    out = tmp_path / "build"
    assert run_build([str(content / "2024"), str(other / "2024")], out_root=out) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: {other}/2024: writes to {out}/2024, as {content}/2024 does; expected each "
        "report its own output folder (move one, or build them apart)")
    assert not out.exists()


def test_workers_build_with_the_callers_jixiao():
    """Workers import the jixiao that started them, not whichever one is installed."""
    import jixiao
    from jixiao.build.batch import _workers

    with _workers().Pool(1) as pool:
        assert pool.apply(eval, ("__import__('jixiao').__file__",)) == jixiao.__file__
