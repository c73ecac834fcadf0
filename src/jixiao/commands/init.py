"""``jixiao init DIR``: a reports repository to start from, with one blank report ready to fill.

A unit or an evaluation firm keeps its reports in a repository of its own: ``content/`` with
one report folder of the chosen template (report.yaml; every data table its documents need,
and the project tables of 附件3 when it has a 项目 report, each with its header only, headed as
the template's forms head them; every section file of the outline with one line saying what
goes there), ``content/blocks/`` for shared prose, a .gitignore for build/ and a short README
for the writers. The template is one of jixiao's, or, run in a reports repository, one of that
repository's own (templates/ beside its content/), copied into the new one's templates/ so
that its report finds it there.

Until its figures are in, the checks find the tables empty; so the blank report.yaml says
``draft: true``, and every build of it is a draft (草稿 on every page, the findings printed):
a writer runs ``jixiao build`` and sees the pages before filling them, and deletes that line
once the figures are in, from when on the checks refuse a report with errors.
Everything is written into a hidden folder first and renamed into place, so a refusal or a
failure leaves nothing behind; a folder that already holds anything is never written into.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from jixiao.errors import UserError, display_path
from jixiao.load.data import headed_schemas
from jixiao.load.settings import FORM_TEXTS, REPORT_FILE, load_report
from jixiao.load.template import DEFAULT_TEMPLATE, Template, load_template, template_folders
from jixiao.messages import _
from jixiao.paths import CONTENT, TEMPLATES

SIGNATURE_DATE = "填报日期"  # the signature field that holds a date (the others are names)
PROJECT_TABLES = ("项目", "项目资金", "项目目标", "项目指标")  # 附件3, filled in for each project

REPORT_YAML = """\
# {year}年度绩效自评报告的设置：把“请填写”换成本单位的内容。
# 草稿：有 draft: true 时，每次生成都是草稿（每页标“草稿”），检查出的问题只列出、不拒绝。
# 数据和正文填完后删除下面这一行，此后检查出错误的报告不再生成。
draft: true
template: {template}  # 模板：{title}
unit:
  name: 请填写单位全称  # 单位全称，印在封面和各附件
  short_name: 请填写单位简称  # 简称，用于标题和文件名
year: {year}  # 评价年度
report_date: {date}  # 报告日期，印在封面
documents: [{documents}]  # 整体：部门整体支出报告；项目：项目支出报告
signature:  # 每张附件下方的签字行
{signature}{forms}"""

GITIGNORE = "build/\n"

README = """\
# {year}年度绩效自评报告

本仓库用 jixiao 编写预算绩效自评报告。报告在 `content/{year}/`：

- `report.yaml`：单位名称、年度、报告日期、签字行。
- `data/`：各附件的数据，每张表一个 CSV 文件（已有表头，一行一条）；也可改用一个 Excel 工作簿，
  用 `jixiao workbook --report content/{year} --to {year}.xlsx` 生成，填好后放入 `data/`，
  并删除其中的 CSV 文件。合计、执行率、得分、总分和等级由 jixiao 计算，不必填写。
- `整体/`、`项目/`：报告正文，每节一个 Markdown 文件，文件里的一行说明写明该节写什么；
  数字用占位符引用数据，如 `{{{{ 预算.执行率 | percent }}}}`。
- `content/blocks/`：各报告共用的正文片段，用 `{{% include "文件名.md" %}}` 引用。

常用命令：

```sh
jixiao check     # 像评审一样检查报告，列出每处不一致
jixiao build     # 生成 DOCX 和 PDF，写入 build/（report.yaml 含 draft: true 时为草稿）
jixiao serve --report content/{year}   # 边写边看：浏览器中实时预览 PDF
```

下一年度：`jixiao new-year --report content/{year}` 生成 `content/{next_year}`，
上年数自动结转，正文保留。

report.yaml 的第一行 `draft: true` 使每次生成都是草稿：每页标“草稿”，检查出的问题只列出、不拒绝。
数据和正文填完后删除这一行，此后检查出错误的报告不再生成。
"""


def guidance(title: str) -> str:
    """The one line a blank section file holds: what its section is for."""
    return f"（在此填写“{title}”的内容。）\n"


def init_repository(target: Path, year: int | None = None,
                    documents: tuple[str, ...] | None = None,
                    template: str = DEFAULT_TEMPLATE, content: Path = CONTENT) -> Path:
    """Create the reports repository ``target``; the blank report's folder in it.

    ``template`` is one of jixiao's templates or one of the reports repository whose reports
    are in ``content`` (its templates/ beside content/), which the new repository gets a copy
    of; ``documents`` the report's documents (its keys, as report.yaml's documents: 整体,
    项目), every one the template has by default.
    """
    chosen = _template(template, content)
    known = tuple(chosen.outline)
    documents = tuple(documents or known)
    unknown = [document for document in documents if document not in known]
    if unknown:
        raise UserError("--documents", _("documents {documents}").format(
            documents=",".join(documents)), _("one or more of {known}, comma-separated")
            .format(known=",".join(known)))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(target, _("a folder that is not empty"),
                        _("a new or empty folder: init never writes beside existing files"))
    year = year or dt.date.today().year - 1
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        _write(staging, year, documents, chosen)
        load_report(staging / "content" / str(year))  # what init wrote reads back as a report
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target / "content" / str(year)


def _template(name: str, content: Path) -> Template:
    """The template ``name`` as a report directly under ``content`` sees it (the repository's
    own, else jixiao's); one line naming those there are when none has that name."""
    folders = template_folders(content / "report")
    if name not in folders:
        raise UserError("--template", _("template {name}").format(name=name),
                        _("one of {choices}").format(choices=", ".join(folders)))
    return load_template(folders[name])


def _report_yaml(template: Template, year: int, documents: tuple[str, ...]) -> str:
    """report.yaml of the blank report: ``draft: true``, the template's signature fields (the
    date filled in), the texts of the 整体 report's forms when it has one."""
    date = dt.date(year + 1, 3, 31).isoformat()
    blank = '""'
    signature = "".join(f"  {name}: {date if name == SIGNATURE_DATE else blank}\n"
                        for name in template.signature)
    forms = ("forms:\n" + "".join(f"  {name}: {blank}\n" for name in FORM_TEXTS)
             if "整体" in documents else "")
    return REPORT_YAML.format(year=year, date=date, documents=", ".join(documents),
                              template=template.name, title=template.title,
                              signature=signature, forms=forms)


def _write(root: Path, year: int, documents: tuple[str, ...], template: Template) -> None:
    report = root / "content" / str(year)
    (root / "content" / "blocks").mkdir(parents=True)
    (root / "content" / "blocks" / ".gitkeep").write_text("", encoding="utf-8")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (root / "README.md").write_text(README.format(year=year, next_year=year + 1),
                                    encoding="utf-8")
    if template.folder.parent != TEMPLATES.resolve():  # a repository's own: the new one's too
        shutil.copytree(template.folder, root / "templates" / template.name)
    data = report / "data"
    data.mkdir(parents=True)
    (report / REPORT_FILE).write_text(_report_yaml(template, year, documents),
                                      encoding="utf-8")
    for name, schema in headed_schemas(template).items():
        if schema.required(documents) or ("项目" in documents and name in PROJECT_TABLES):
            header = ",".join(column.name for column in schema.columns)
            (data / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    for key in documents:
        outline = template.outline[key]
        (report / outline.folder).mkdir()
        for section in outline.sections:
            (report / outline.folder / section.file).write_text(guidance(section.title),
                                                                 encoding="utf-8")


def describe(target: Path, report: Path) -> list[str]:
    """What init prints: what it made and what to do next."""
    return [_("created {folder}: a reports repository").format(folder=display_path(target)),
            "  " + _("{report}: a blank report; fill in report.yaml, data/ and the sections")
            .format(report=display_path(report)),
            "  " + _("then, in {folder}: jixiao build shows its pages as a draft (草稿) and "
                     "jixiao check lists what is missing; delete draft: true from report.yaml "
                     "once the figures are in").format(folder=display_path(target))]
