"""What each stage says about a user's mistake, in the user's language.

The suite's bad-input cases, one or more per stage — a report.yaml mistake, a data-file mistake,
last year's report named wrong, a finding of every check rule, a template the build refuses, the
blocks listing of a refused include, a Word file that is none (imported, and checked), two
reports writing one folder, a build whose write fails — run with no language set at all (LANG
unset): every line they print is Chinese. With ``--lang en`` the same lines are English, as the
rest of the suite quotes them.

A line is Chinese when, once what stays as typed in every language is taken out — paths and
file names, finding codes, placeholders and tags, report.yaml's keys, the names of formats and
programs — no word of three or more Latin letters is left, and Chinese is.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, FIXTURES
from jixiao.cli import main, run_build
from jixiao.paths import ROOT
from report_edits import copy_report, refusal, replace_in

HAN = re.compile(r"[\u4e00-\u9fff]")
A, Z = r"(?<![A-Za-z])", r"(?![A-Za-z])"  # word edges in ASCII: 应为Word is two words
AS_TYPED = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#"  # placeholders and tags
    r"|[\w.~*-]*/[\w./~*-]*(?::\d+)*"  # paths, with their line and column
    r"|[\w.-]*\.(?:csv|xlsx|xls|yaml|md|docx|doc|wps|odt|pdf)" + Z +  # file names, suffixes
    "|" + A + "[A-Z]{2,}" + Z +  # finding codes, DOCX, PDF, YAML
    "|" + A + r"[a-z_]+(?:\.[a-z_]+)+" + Z + "|" + A + "[a-z_]+:"  # keys: scoring.weights, weights:
    "|" + A + "(?:true|false)" + Z +  # the values of a flag in report.yaml
    "|" + A + "(?:Word|LibreOffice|Markdown|UTF-8|soffice|Debian|libreoffice-writer-nogui)" + Z +
    "|" + A + "(?:hunan|national|sichuan)" + Z +  # the shipped templates' names
    "|" + A + "(?:TeX|typst|openxml|pandoc|jixiao|new-year|pdftoppm|poppler-utils|PATH)" + Z +
    "|pip install" +
    r"|--\w+")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def is_chinese(line: str) -> bool:
    left = AS_TYPED.sub("", line)
    return bool(HAN.search(left)) and not ENGLISH_WORD.search(left)


def is_english(line: str) -> bool:
    """No word of the Chinese catalogue's frame (应为, 错误, the full-width semicolon) outside
    the user's own quoted text."""
    return not re.search(r"[；]|应为|错误|警告", re.sub(r"「[^」]*」", "", line))


@pytest.fixture
def no_language(monkeypatch):
    """A user with no language setting at all: LANG and the rest unset."""
    for variable in ("JIXIAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def speak(language: str, monkeypatch) -> None:
    """Chinese as a user without any language setting gets it; English as --lang en sets it
    (run_build takes no --lang)."""
    if language == "en":
        monkeypatch.setenv("JIXIAO_LANG", "en")
    else:
        monkeypatch.delenv("JIXIAO_LANG", raising=False)


def _section(report: Path, number: str) -> Path:
    return next((report / "整体").glob(f"{number}-*.md"))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def settings_mistake(content: Path) -> Path:
    report = copy_report(EXAMPLE, content)
    replace_in(report / "report.yaml", "  score_places: 2", "  score_places: 2\n  weigths: {}")
    return report


def date_mistake(content: Path) -> Path:
    report = copy_report(EXAMPLE, content)
    replace_in(report / "report.yaml", "report_date: 2025-09-19", "report_date: 2025-02-30")
    return report


def data_mistake(content: Path) -> Path:
    report = copy_report(EXAMPLE, content)
    replace_in(report / "data" / "绩效指标.csv", "五好园区达标,达标,,10,10",
               "五好园区达标,达标,,十,10")
    return report


def previous_mistake(content: Path) -> Path:
    """Last year's folder beside the report, its report.yaml naming this year."""
    copy_report(EXAMPLE, content, "2023")
    return copy_report(EXAMPLE, content)


def rule_mistakes(content: Path) -> Path:
    """A mistake for every rule family of the checks, and templates the build refuses."""
    report = copy_report(EXAMPLE, content)
    data = report / "data"
    replace_in(data / "经费控制.csv", "“三公”经费,,,,,", "“三公”经费,,,31,38,14")  # SUM
    replace_in(data / "经费控制.csv", "2069.31,1482.74", "2069.31,1482.00")  # SAME
    replace_in(report / "report.yaml", "产出指标: 30,", "产出指标: 40,")  # WEIGHTS, WEIGHT
    replace_in(report / "report.yaml", "填报日期: 2025-09-19", "填报日期: \"\"")  # SIGN
    replace_in(data / "绩效指标.csv", "五好园区达标,达标,,10,10",
               "五好园区达标,达标,,10,11")  # SCORE
    people = data / "人员.csv"
    people.write_text(people.read_text(encoding="utf-8").splitlines()[0] + "\n",
                      encoding="utf-8")  # EMPTY
    replace_in(_section(report, "02"), "年初预算数为{{ 预算.基本支出.年初预算数 | amount }}",
               "年初预算数为 2617.69")  # CLAIM
    _append(_section(report, "09"), "\n本部门自评等级为差。\n"  # GRADE
            "\n全年净入库税收7.78亿元。\n"  # LITERAL
            "\n完成投资3.21亿元。\n"  # UNBACKED
            "\n请填写本部门的有关情况。\n")  # TEMPLATE
    _append(_section(report, "03"), '\n{% include "不存在.md" %}\n')  # INCLUDE
    (content / "外部.md").write_text("无。\n", encoding="utf-8")
    (report / "外部.md").symlink_to(content / "外部.md")
    _append(_section(report, "06"), '\n{% include "外部.md" %}\n')  # INCLUDE, refused
    _append(_section(report, "04"), "\n预算为{{ 预算.不存在 | amount }}万元。\n")  # PLACEHOLDER
    _append(_section(report, "05"), "\n{# 未闭合的注释\n")  # a template that does not parse
    return report


RULE_CODES = {"SUM", "SAME", "WEIGHTS", "WEIGHT", "SIGN", "SCORE", "EMPTY", "CLAIM", "GRADE",
              "LITERAL", "UNBACKED", "TEMPLATE", "INCLUDE", "PLACEHOLDER"}
FILED_CODES = {"TOTAL", "RULE", "GOAL", "REASON", "SECTION"}  # the filed report's own mistakes


def check_lines(report: Path, capsys, *lang: str) -> list[str]:
    capsys.readouterr()
    assert main([*lang, "check", "--report", str(report)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out.strip().splitlines()


def codes(lines: list[str]) -> set[str]:
    return {m.group(1) for line in lines for m in [re.search(r" (?:错误|警告|error|warning) "
                                                             r"([A-Z]+) ", line)] if m}


def _cases(tmp_path: Path) -> dict[str, Path]:
    return {"report.yaml": settings_mistake(tmp_path / "a"),
            "date": date_mistake(tmp_path / "e"),
            "data": data_mistake(tmp_path / "b"),
            "previous": previous_mistake(tmp_path / "c"),
            "rules": rule_mistakes(tmp_path / "d"),
            "filed": FIXTURES / "seed-as-filed"}


def test_every_finding_of_a_check_is_chinese_by_default(no_language, tmp_path, capsys):
    found: dict[str, list[str]] = {}
    for name, report in _cases(tmp_path).items():
        found[name] = check_lines(report, capsys)
        for line in found[name]:
            assert is_chinese(line), line
    assert any("weigths: 未知的键；应为以下之一" in line for line in found["report.yaml"])
    assert any("'2025-02-30'（该月没有这一天）；应为存在的日期" in line for line in found["date"])
    assert any("分值 '十'；应为数字" in line for line in found["data"])
    assert any("上年报告" in line for line in found["previous"])
    assert codes(found["rules"]) >= RULE_CODES, codes(found["rules"])
    assert codes(found["filed"]) >= FILED_CODES, codes(found["filed"])


def test_every_finding_of_a_check_is_english_with_lang_en(no_language, tmp_path, capsys):
    found = {name: check_lines(report, capsys, "--lang", "en")
             for name, report in _cases(tmp_path).items()}
    for lines in found.values():
        for line in lines:
            assert is_english(line), line
    assert any("weigths: an unknown key; expected one of" in line for line in found["report.yaml"])
    assert any("'2025-02-30' (day is out of range for month); expected a date that exists"
               in line for line in found["date"])
    assert any("分值 '十'; expected a number" in line for line in found["data"])
    assert any("last year's report of 2024" in line for line in found["previous"])
    assert codes(found["rules"]) >= RULE_CODES
    assert codes(found["filed"]) >= FILED_CODES


def test_the_blocks_listing_is_chinese_by_default(no_language, tmp_path, capsys, monkeypatch):
    report = rule_mistakes(tmp_path / "content")
    shutil.copy(_section(EXAMPLE, "05"), _section(report, "05"))  # a listing needs it to parse
    monkeypatch.chdir(tmp_path)  # --content as a user types it: relative
    lines = {}
    for language in ((), ("--lang", "en")):
        capsys.readouterr()
        assert main([*language, "blocks", "--content", "content"]) == 0
        lines[language] = capsys.readouterr().out.splitlines()
    chinese, english = lines[()], lines[("--lang", "en")]
    assert not [line for line in chinese if ENGLISH_WORD.search(AS_TYPED.sub("", line))]
    assert any("被拒绝：外部.md 指向" in line and "在报告的文件夹之外" in line
               for line in chinese)
    assert any("缺失：查找路径上没有哪个文件夹含有它" in line for line in chinese)
    assert any("refused: 外部.md leads to" in line for line in english)
    assert any("missing: no folder on the search path holds it" in line for line in english)
    assert not [line for line in english if "overrides" in line]  # no shared block overrides itself


def test_a_word_file_that_is_none_is_refused_in_chinese_then_english(no_language, tmp_path,
                                                                      capsys):
    fake = tmp_path / "报告.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    line = refusal(["import", str(fake), "--to", str(tmp_path / "new")], capsys)
    assert line.startswith("错误：") and "不是 Word 文档；应为" in line and is_chinese(line), line
    line = refusal(["--lang", "en", "import", str(fake), "--to", str(tmp_path / "new")], capsys)
    assert "not a Word document; expected a Word document" in line and is_english(line), line
    assert not (tmp_path / "new").exists()


def test_two_reports_writing_one_folder_are_refused_in_chinese_then_english(
        no_language, tmp_path, capsys, monkeypatch):
    first = copy_report(EXAMPLE, tmp_path / "one")
    second = copy_report(EXAMPLE, tmp_path / "two")
    lines = {}
    for language in ("zh", "en"):
        speak(language, monkeypatch)
        capsys.readouterr()
        assert run_build([str(first), str(second)], out_root=tmp_path / "build") == 1
        lines[language] = capsys.readouterr().err.strip()
    assert "与 " in lines["zh"] and "写入同一文件夹" in lines["zh"], lines["zh"]
    assert is_chinese(lines["zh"]), lines["zh"]
    assert "as " in lines["en"] and "does; expected each report its own output folder" in \
        lines["en"] and is_english(lines["en"]), lines["en"]
    assert not (tmp_path / "build").exists()


def test_a_folder_of_word_files_is_checked_in_chinese_then_english(no_language, tmp_path,
                                                                   capsys):
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    lines = {language: check_lines(tmp_path, capsys, *language)
             for language in ((), ("--lang", "en"))}
    chinese, english = lines[()], lines[("--lang", "en")]
    assert all(is_chinese(line) for line in chinese), chinese
    assert chinese[-1] == "已检查 1 个 Word 文件：1 个错误，0 个警告", chinese
    assert english[-1] == "1 Word file checked: 1 error(s), 0 warning(s)", english
    assert "error LOAD not a Word document; expected a Word document" in english[0], english


def test_a_failed_write_is_one_chinese_line_then_english(no_language, tmp_path, capsys,
                                                         monkeypatch):
    report = copy_report(EXAMPLE, tmp_path / "content")

    def full_disk(target: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr("jixiao.build.report.write_output", full_disk)
    lines = {}
    for language in ("zh", "en"):
        speak(language, monkeypatch)
        capsys.readouterr()
        assert run_build(str(report), out_root=tmp_path / "build", jobs=1) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        lines[language] = err[0]
    assert "磁盘空间不足" in lines["zh"] and "原有的输出文件保持不变" in lines["zh"], lines["zh"]
    assert is_chinese(lines["zh"]), lines["zh"]
    assert "No space left on device" in lines["en"] and "earlier outputs" in lines["en"]
    assert is_english(lines["en"]), lines["en"]


def test_every_translation_keeps_the_placeholders_of_its_message():
    """A translation that drops or renames a ``{name}`` would fail when the message is shown."""
    from babel.messages.pofile import read_po

    from jixiao.messages import LOCALE

    field = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")
    with open(LOCALE / "zh" / "LC_MESSAGES" / "jixiao.po", "rb") as source:
        catalogue = read_po(source)
    differing = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and any(sorted(field.findall(ids[0])) != sorted(field.findall(s))
                              for s in strings):
            differing.append(ids[0])
    assert len(catalogue) > 300 and differing == []


def workbook_beside_csv(content: Path) -> Path:
    """Both CSV files and an .xlsx workbook in the data folder (load: sources.py)."""
    report = copy_report(EXAMPLE, content)
    (report / "data" / "表.xlsx").write_bytes(b"")
    return report


def unknown_template(content: Path) -> Path:
    """report.yaml naming a template no templates/ folder holds (load: template.py)."""
    report = copy_report(EXAMPLE, content)
    _append(report / "report.yaml", "template: 不存在\n")
    return report


def no_template_named(content: Path) -> Path:
    """report.yaml whose template: names no template at all (load: settings.py)."""
    report = copy_report(EXAMPLE, content)
    _append(report / "report.yaml", 'template: ""\n')
    return report


def own_template(content: Path, edit) -> Path:
    """The report with its own copy of the template it uses, edited by ``edit(folder)``."""
    report = copy_report(EXAMPLE, content)
    folder = report / "templates" / "hunan"
    shutil.copytree(ROOT / "templates" / "hunan", folder)
    edit(folder)
    return report


def malformed_form(content: Path) -> Path:
    """A form whose table gives no column widths (load: template.py)."""
    return own_template(content, lambda folder: replace_in(
        folder / "forms" / "资金表.yaml", "widths: [14.0, 5.0, 5.0, 5.0, 4.5]", "widths: []"))


def outline_without_documents(content: Path) -> Path:
    """An outline.yaml with no documents: (load: outline.py)."""
    return own_template(content, lambda folder: (folder / "outline.yaml").write_text(
        "文档: {}\n", encoding="utf-8"))


def raw_block(content: Path) -> Path:
    """A raw TeX block in prose (render: markdown_safety.py)."""
    report = copy_report(EXAMPLE, content)
    _append(_section(report, "03"), "\n```{=latex}\n加粗\n```\n")
    return report


def endless_loop(content: Path) -> Path:
    """Loops in prose turning past the sandbox's limit (render: sandbox.py)."""
    report = copy_report(EXAMPLE, content)
    _append(_section(report, "03"), "\n{% for i in range(1000) %}{% for j in range(1000) %}"
            "{% endfor %}{% endfor %}\n")
    return report


def missing_section(content: Path) -> Path:
    """A section file of the outline deleted (render: document.py)."""
    report = copy_report(EXAMPLE, content)
    _section(report, "03").unlink()
    return report


def form_minimum_not_a_number(content: Path) -> Path:
    """A form's block whose min: is a text (render: forms.py)."""
    return own_template(content, lambda folder: replace_in(
        folder / "forms" / "基础数据表.yaml", "- each: 经费控制行\n",
        "- each: 经费控制行\n        min: \"'三'\"\n"))


def untiled_form(content: Path) -> Path:
    """A form's header cell spanning a column too many (render: tables.py)."""
    return own_template(content, lambda folder: replace_in(
        folder / "forms" / "基础数据表.yaml", "{head: 编制数, colspan: 2}",
        "{head: 编制数, colspan: 3}"))


def draft_not_a_flag(content: Path) -> Path:
    """report.yaml's draft: given a word, not true or false (load: settings.py)."""
    report = copy_report(EXAMPLE, content)
    replace_in(report / "report.yaml", "forms:", "draft: 是\nforms:")
    return report


def next_year_exists(content: Path) -> Path:
    """new-year beside a folder of next year's name (commands: new_year.py)."""
    report = copy_report(EXAMPLE, content)
    (content / "2025").mkdir()
    return report


# Each module's mistake: how to make it, the command (its report as {report}, the temporary
# folder as {tmp}), and a piece of its line in Chinese and in English.
REFUSALS = {
    "sources": (workbook_beside_csv, ["check", "--report", "{report}"],
                "既有 CSV 文件又有 .xlsx 工作簿", "both CSV files and an .xlsx workbook"),
    "template": (unknown_template, ["check", "--report", "{report}"],
                 "template: 不存在，但没有哪个 templates/ 文件夹含有该模板",
                 "template: 不存在, which no templates/ folder holds"),
    "template named": (no_template_named, ["check", "--report", "{report}"],
                       "template: ''；应为模板名称（templates/ 下的一个文件夹）",
                       "template: ''; expected the name of a template (a folder of templates/)"),
    "template form": (malformed_form, ["check", "--report", "{report}"],
                      "widths: []；应为widths: 每列容纳的字数", "widths: []; expected widths: the"),
    "outline": (outline_without_documents, ["check", "--report", "{report}"],
                "没有 documents: 映射", "no documents: mapping"),
    "markdown_safety": (raw_block, ["check", "--report", "{report}"],
                        "原始 TeX 加粗；应为只含文字和表格", "raw TeX 加粗; expected text"),
    "sandbox": (endless_loop, ["check", "--report", "{report}"],
                "循环次数会超过 100000 次", "loops would turn more than 100000 times"),
    "document": (missing_section, ["build", "--report", "{report}", "--build", "{tmp}/build"],
                 "的章节文件", "missing section file for"),
    "forms": (form_minimum_not_a_number, ["build", "--report", "{report}", "--build",
                                          "{tmp}/build"],
              "min: '三' 的值为 '三'；应为整数行数", "min: '三' is '三'; expected a whole number"),
    "tables": (untiled_form, ["build", "--report", "{report}", "--build", "{tmp}/build"],
               "第 1 行：单元格“控制率”跨出了表格", "row 1: cell “控制率” spans past the table"),
    "draft": (draft_not_a_flag, ["check", "--report", "{report}"],
              "draft: '是'；应为true（每次生成都是草稿）或 false",
              "draft: '是'; expected true (every build a draft, 草稿) or false"),
    "new_year": (next_year_exists, ["new-year", "--report", "{report}"],
                 "已存在；应为不存在该名称的文件夹：new-year 从不写入已有的文件夹",
                 "already exists; expected no folder of that name"),
}


def said(args: list[str], capsys) -> list[str]:
    """Every line a refused command prints, out and err."""
    capsys.readouterr()
    assert main(args) == 1, args
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return (captured.out + captured.err).strip().splitlines()


@pytest.mark.parametrize("module", sorted(REFUSALS))
def test_each_modules_mistake_is_chinese_by_default_and_english_with_lang_en(
        module, no_language, tmp_path, capsys):
    make, command, chinese, english = REFUSALS[module]
    report = make(tmp_path / "content")
    args = [arg.format(report=report, tmp=tmp_path) for arg in command]
    lines = said(args, capsys)
    assert lines and all(is_chinese(line) for line in lines), lines
    assert any(chinese in line for line in lines), lines
    lines = said(["--lang", "en", *args], capsys)
    assert lines and all(is_english(line) for line in lines), lines
    assert any(english in line for line in lines), lines


def test_a_missing_tool_and_a_missing_file_of_jixiao_are_chinese_then_english(
        no_language, tmp_path, monkeypatch):
    """preview without pdftoppm (commands: preview.py); jixiao's own file missing from an
    installation (paths.py)."""
    from jixiao.commands import preview
    from jixiao.errors import UserError, error_lines
    from jixiao.paths import resource

    found = shutil.which
    monkeypatch.setattr(preview.shutil, "which",
                        lambda name, *a, **k: None if name == "pdftoppm" else found(name, *a, **k))
    lines = {}
    for language in ("zh", "en"):
        speak(language, monkeypatch)
        with pytest.raises(UserError) as tool:
            preview.page_images(tmp_path / "报告.pdf", tmp_path, "ours")
        with pytest.raises(UserError) as own:
            resource(tmp_path, "page-break.lua")
        lines[language] = [error_lines(tool.value), error_lines(own.value)]
    assert all(is_chinese(line) for line in lines["zh"]), lines["zh"]
    assert "未安装 pdftoppm" in lines["zh"][0] and "缺少 jixiao 自带的" in lines["zh"][1]
    assert all(is_english(line) for line in lines["en"]), lines["en"]
    assert "pdftoppm is not installed" in lines["en"][0]
    assert "is missing; expected jixiao installed whole" in lines["en"][1]


# Words of the help that are typed as they are: the verbs, the formats of check.
TYPED_IN_HELP = re.compile(A + r"(?:build|check|import|blocks|templates|preview|clean|workbook|"
                           r"export|init|serve|text|json|csv|en|zh|content)" + Z)


def help_text(args: list[str], capsys) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    return capsys.readouterr().out


def test_the_help_of_every_verb_is_chinese_by_default_and_english_with_lang_en(
        no_language, capsys, monkeypatch):
    from jixiao.cli import VERBS

    for verb in [[], *([v.name] for v in VERBS)]:
        monkeypatch.delenv("JIXIAO_LANG", raising=False)  # as --lang en of the last left it
        chinese = help_text([*verb, "--help"], capsys)
        left = [line for line in chinese.splitlines()
                if ENGLISH_WORD.search(TYPED_IN_HELP.sub("", AS_TYPED.sub("", line)))]
        assert left == [] and chinese.startswith("用法：jixiao"), left
        assert "显示本帮助信息并退出" in chinese
        english = help_text(["--lang", "en", *verb, "--help"], capsys)
        assert english.startswith("usage: jixiao") and "show this help message" in english
    monkeypatch.delenv("JIXIAO_LANG", raising=False)
    assert "检查后将每份报告生成 DOCX 和 PDF" in help_text(["build", "--help"], capsys)


def test_the_templates_listing_is_chinese_by_default(no_language, capsys):
    """The listing of commands/templates.py: every template, its documents, its reports."""
    assert main(["templates"]) == 0
    chinese = capsys.readouterr().out.splitlines()
    assert all(is_chinese(line) for line in chinese), chinese
    assert any("（jixiao 自带）" in line for line in chinese)
    assert any("个章节，附件" in line for line in chinese)
    assert main(["--lang", "en", "templates"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert any("(jixiao's own)" in line for line in english)
    assert any(" sections, attachments " in line for line in english)


# Mistakes in the command line itself, as argparse finds them: each prints the verb's usage
# line and one error line, exit 2.
COMMAND_LINE_MISTAKES = {
    ("biuld",): ("无效的选项：'biuld'", "invalid choice: 'biuld'"),
    ("build", "--jobs", "x"): ("参数 --jobs：无效的值：'x'", "argument --jobs: invalid int value"),
    ("init",): ("缺少必需的参数：DIR", "the following arguments are required: DIR"),
    ("check", "--bogus"): ("无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
    ("check", "--format", "xml"): ("无效的选项：'xml'", "invalid choice: 'xml'"),
    ("import", "a.docx"): ("缺少必需的参数：--to", "the following arguments are required: --to"),
}


def as_typed_removed(line: str) -> str:
    """A command-line line without what is typed as it is: quoted values (the user's, the
    choices), {a,b} choices, options, metavars and verbs."""
    return TYPED_IN_HELP.sub("", AS_TYPED.sub("", re.sub(r"'[^']*'|\{[^}]*\}", "", line)))


def command_line_lines(args: list[str], capsys) -> list[str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 2, args
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err.strip().splitlines()


@pytest.mark.parametrize("args", sorted(COMMAND_LINE_MISTAKES))
def test_a_mistake_in_the_command_line_is_chinese_by_default_and_english_with_lang_en(
        args, no_language, capsys, monkeypatch):
    chinese, english = COMMAND_LINE_MISTAKES[args]
    lines = command_line_lines(list(args), capsys)
    assert lines[0].startswith("用法：jixiao") and "：错误：" in lines[-1], lines
    assert chinese in lines[-1] and is_chinese(as_typed_removed(lines[-1])), lines
    assert not any(ENGLISH_WORD.search(as_typed_removed(line)) for line in lines), lines
    lines = command_line_lines(["--lang", "en", *args], capsys)
    assert lines[0].startswith("usage: jixiao") and ": error: " in lines[-1], lines
    assert english in lines[-1] and all(is_english(line) for line in lines), lines


def test_a_tool_failing_is_said_in_chinese_with_its_own_words_then_english(
        no_language, tmp_path, capsys, monkeypatch):
    """pandoc failing on what jixiao gave it (convert: engines.py): the frame in the user's
    language, what pandoc printed as it printed it; one line, exit 1, nothing written."""
    from jixiao.convert import engines

    failing = tmp_path / "pandoc"
    failing.write_text("#!/bin/sh\necho 'pandoc: out of memory' >&2\nexit 3\n",
                       encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(engines, "pandoc_path", lambda: str(failing))
    lines = {}
    for language in ("zh", "en"):
        speak(language, monkeypatch)
        capsys.readouterr()
        assert run_build(str(EXAMPLE), out_root=tmp_path / language) == 1
        err = capsys.readouterr().err.strip().splitlines()
        lines[language] = [line for line in err if "pandoc" in line]
        assert len(lines[language]) == 1, err
        assert lines[language][0].endswith("pandoc: out of memory")  # the tool's own words
        assert not any((tmp_path / language).rglob("*.pdf"))
    frame = lines["zh"][0].removesuffix("pandoc: out of memory")
    assert frame.startswith("错误：") and re.search("转换为 (?:DOCX|TYPST) 时失败：$", frame), frame
    assert is_chinese(frame), frame
    assert re.match(r"error: content/2024: pandoc to (?:DOCX|TYPST) failed: ", lines["en"][0])
    assert is_english(lines["en"][0]), lines["en"][0]


def test_the_benchmarks_figures_are_labelled_in_chinese_then_english(
        no_language, capsys, monkeypatch):
    """What ``invoke bench`` prints (commands: bench.py), its measurements stood in for."""
    from jixiao.commands import bench

    monkeypatch.setattr(bench, "bench_check", lambda runs, scratch: 1.5)
    monkeypatch.setattr(bench, "bench_word_check", lambda runs, scratch: 2.5)
    monkeypatch.setattr(bench, "bench_build", lambda runs, scratch: (3.0, 2.0, 204800))
    monkeypatch.setattr(bench, "bench_batch", lambda scratch: (8.0, 12.0, 0.5, 409600))
    monkeypatch.setattr(bench, "bench_preview", lambda runs, scratch: [0.8, 0.9, 1.1])
    printed = {}
    for language in ("zh", "en"):
        speak(language, monkeypatch)
        capsys.readouterr()
        assert bench.run_bench(runs=3) == 0
        printed[language] = capsys.readouterr().out.splitlines()
    allowed = re.compile(A + r"(?:chromium|serve|[A-Z][a-z]+)" + Z)  # Chromium, Word, Pss
    assert all(is_chinese(allowed.sub("", line)) for line in printed["zh"]), printed["zh"]
    assert "生成与下限之比 = 1.50" in printed["zh"] and "批量生成与下限之比 = 0.67" in printed["zh"]
    assert "生成的内存峰值（PSS，共享页均摊）：200 MB" in printed["zh"]
    assert "ratio build/floor = 1.50" in printed["en"] and all(map(is_english, printed["en"]))
    assert len(printed["zh"]) == len(printed["en"])
