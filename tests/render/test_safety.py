"""Hostile content: prose cannot reach Python internals, read files outside, or run commands.

Each attempt is written into a section file of a copy of the example and built through the
command line's entry point: one line naming the file and line, exit status 1, nothing written.
"""

from __future__ import annotations

import zipfile

import pytest

from jixiao.convert.engines import ConversionError, PandocJob, compile_pdf, run_pandoc
from report_edits import build_error, replace_in

SECTION = "整体/01-部门基本情况.md"
SECTION_LINES = 13


def add_line(report, text: str) -> int:
    """Append ``text`` as a paragraph of the first section; its line number."""
    path = report / SECTION
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == SECTION_LINES
    path.write_text("\n".join([*lines, "", text]) + "\n", encoding="utf-8")
    return SECTION_LINES + 2


def hostile_build(report, tmp_path, capsys, text: str) -> str:
    line = add_line(report, text)
    out = tmp_path / "build"
    message = build_error(report, out, capsys)
    assert not out.exists()
    assert f"01-部门基本情况.md:{line}:" in message
    return message


@pytest.mark.parametrize("text, attribute", [
    ("{{ ''.__class__.__mro__ }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "__init__"),
    ("{{ lipsum.__globals__['os'].getcwd() }}", "__globals__"),
    ("{{ '{0.__class__.__base__}'.format(1) }}", "__class__"),
    ("{{ self._TemplateReference__context }}", "_TemplateReference__context"),
    ("{{ 预算.clear() }}", "clear"),
    ("{{ 预算.__class__.__init__ }}", "__init__"),
])
def test_python_internals_and_data_out_of_reach(report_copy, tmp_path, capsys, text, attribute):
    message = hostile_build(report_copy, tmp_path, capsys, text)
    assert f"unsafe placeholder: access to attribute '{attribute}'" in message
    assert "expected placeholders that name report data" in message


def test_no_command_runs(report_copy, tmp_path, capsys):
    marker = tmp_path / "ran"
    text = f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
    message = hostile_build(report_copy, tmp_path, capsys, text)
    assert "unsafe placeholder" in message
    assert not marker.exists()


@pytest.mark.parametrize("text, found", [
    ("{{ 'x' * 10 ** 9 }}", "unsafe placeholder: * would make a value too large to print"),
    ("{{ 10 ** 100000 }}", "unsafe placeholder: ** would make a value too large to print"),
    ("{{ range(10 ** 7) | list }}", "unsafe placeholder: range would make a value too large"),
    ("{{ 10.0 ** 1000 }}", "a placeholder's value is too large"),
])
def test_no_runaway_values(report_copy, tmp_path, capsys, text, found):
    assert found in hostile_build(report_copy, tmp_path, capsys, text)


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "../report.yaml"])
def test_no_include_outside_the_folders(report_copy, tmp_path, capsys, name):
    message = hostile_build(report_copy, tmp_path, capsys, f'{{% include "{name}" %}}')
    assert f"no file {name} to include" in message
    assert "passwd" not in message.split(";")[1]


def test_no_include_through_a_link(report_copy, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    (report_copy / "整体" / "link.md").symlink_to(secret)
    message = hostile_build(report_copy, tmp_path, capsys, '{% include "整体/link.md" %}')
    assert f"整体/link.md leads to {secret}, outside the report's folders" in message
    assert "机密内容" not in message


@pytest.mark.parametrize("text, found", [
    ("见下图![现场](/etc/hostname)", "image ![现场](/etc/hostname)"),
    ('<img src="/etc/hostname">', 'HTML image <img src="/etc/hostname">'),
    ('`#read("/etc/hostname")`{=typst}', 'raw typst inline #read("/etc/hostname")'),
])
def test_no_images_or_raw_output(report_copy, tmp_path, capsys, text, found):
    message = hostile_build(report_copy, tmp_path, capsys, text)
    assert f": {found}; expected text and tables only" in message


def test_raw_block_refused(report_copy, tmp_path, capsys):
    add_line(report_copy, '```{=openxml}\n<w:p><w:r><w:t>x</w:t></w:r></w:p>\n```')
    message = build_error(report_copy, tmp_path / "build", capsys)
    assert f"01-部门基本情况.md:{SECTION_LINES + 2}: raw openxml block <w:p>" in message


def test_pandoc_fetches_no_image(tmp_path):
    """Behind the prose check, pandoc's sandbox: an image named in Markdown is never read."""
    docx = run_pandoc(PandocJob("![x](/etc/hostname)\n\n![y](../../../etc/passwd)\n", "docx"), 0)
    target = tmp_path / "image.docx"
    target.write_bytes(docx)
    with zipfile.ZipFile(target) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/media/")]


@pytest.mark.parametrize("path", ["/secret.txt", "../secret.txt"])
def test_typst_reads_nothing_outside_its_root(tmp_path, monkeypatch, path):
    """Behind the prose check, typst's root: not even the folder the build runs from."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    root = tmp_path / "work"
    root.mkdir()
    (root / "inside.txt").write_text("inside", encoding="utf-8")
    assert compile_pdf('#read("/inside.txt")', [], 0, root).startswith(b"%PDF")
    with pytest.raises(ConversionError):
        compile_pdf(f'#read("{path}")', [], 0, root)


def test_short_name_cannot_leave_the_build_folder(report_copy, tmp_path, capsys):
    """The short name names the output files: a path in it is refused, not followed."""
    replace_in(report_copy / "report.yaml", "short_name: 高新区管委会",
               'short_name: "../../高新区管委会"')
    line = build_error(report_copy, tmp_path / "build", capsys)
    assert "report.yaml:6: short_name: '../../高新区管委会'; expected a short name" in line
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize("text", [
    "{{ 成效.净入库税收.where.path.joinpath('/etc/passwd').read_text() }}",
    "{{ 成效.净入库税收.where }}",
])
def test_figure_values_hold_no_source_location(report_copy, tmp_path, capsys, text):
    message = hostile_build(report_copy, tmp_path, capsys, text)
    assert "root:" not in message
    assert "净入库税收" in message or "where" in message


def test_context_holds_plain_values_only():
    """Everything a placeholder can reach is a number, a string, a figure or a group of them;
    the only callables are the documented filters and functions."""
    from conftest import EXAMPLE
    from jixiao.load.data import Figure
    from jixiao.render.inputs import load_inputs
    from jixiao.render.prose import FILTERS, GLOBALS

    plain = (str, int, float, bool, type(None))
    reached = 0

    def walk(value, path):
        nonlocal reached
        reached += 1
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, (str, int)), path
                walk(item, f"{path}.{key}")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        elif isinstance(value, Figure):
            assert not hasattr(value, "__dict__"), path
            for name in Figure.__slots__:
                assert isinstance(getattr(value, name), plain), f"{path}.{name}"
        else:
            assert isinstance(value, plain), f"{path} holds {type(value).__name__}"
        public = [name for name in dir(value) if not name.startswith("_")
                  and not isinstance(value, (*plain, dict, list, tuple))]
        for name in public:
            assert not callable(getattr(value, name)), f"{path}.{name} is callable"

    walk(load_inputs(EXAMPLE).context, "context")
    assert reached > 100
    assert set(FILTERS) == {"amount", "percent", "change", "count", "plain"}
    assert set(GLOBALS) == {"同比"}
