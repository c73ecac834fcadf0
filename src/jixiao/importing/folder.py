"""A filed report's Word file written as a report folder, whole or not at all.

Everything is read and composed in memory first; only then is the folder written, under a
temporary name beside the target and renamed into place, so a failure leaves nothing behind
and an existing folder is never written into. Beside the data and prose the folder holds
``imported-places.json``: for each file it wrote, where in the Word file each line (and each
CSV cell) came from, so that a finding at ``data/填报值.csv:7:2`` can be shown at
``附件2 第24行 第8列``. Text that fits nowhere goes to ``imported-unplaced.md``, listed with
its place, so that nothing typed is lost.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.errors import UserError
from jixiao.importing.forms import FormData, FormReader, Row, Value
from jixiao.importing.prose import ATTACHMENT_LABEL, ProseReader, Unplaced
from jixiao.importing.template_of import recognise
from jixiao.importing.word import Paragraph, Table, WordFile, escape_markdown, read_word
from jixiao.load.schemas import SCHEMAS
from jixiao.load.settings import REPORT_FILE
from jixiao.load.template import DEFAULT_TEMPLATE, Template
from jixiao.messages import _

IMPORT_PLACES = "imported-places.json"
UNPLACED_FILE = "imported-unplaced.md"
STATED = "填报值"
BASIC_CLASSES = (("工资福利支出", r"工资福利支出"), ("商品和服务支出", r"(?:一般)?商品和服务支出"),
                 ("对个人和家庭的补助", r"对个人和家庭的补助"))
AMOUNT = r"\s*(?:为|共|合计)?\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*万元"
YEAR = re.compile(r"(\d{4})\s*年度")


@dataclass
class Imported:
    """What an import made: the folder, the documents found, what it could not place, and
    the 总分 and 等级 the forms state (for a reviewer's summary)."""

    folder: Path
    documents: list[str]
    unit_name: str
    unplaced: list[Unplaced]
    stated: dict[str, str] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)  # the forms found: 基础数据表, 部门自评表 …


@dataclass
class Composed:
    files: dict[str, str] = field(default_factory=dict)
    places: dict[str, dict] = field(default_factory=dict)

    def add(self, path: str, text: str, lines: dict[int, str] | None = None,
            cells: dict[str, str] | None = None, whole: str = "") -> None:
        self.files[path] = text
        self.places[path] = {"file": whole, "lines": {str(k): v for k, v in (lines or {}).items()
                                                      if v},
                             "cells": cells or {}}


def import_report(words: Path | list[Path], target: Path,
                  sources: str | list[str] = "") -> Imported:
    """Read the .docx ``words`` (one report's files: its 整体 and 项目 documents may be two)
    and write its report folder at ``target``, which must not exist. ``sources`` name the
    files as the user gave them (a .doc is converted first)."""
    words = [words] if isinstance(words, Path) else list(words)
    sources = [sources] if isinstance(sources, str) else list(sources)
    names = [source or word.name for source, word in zip(sources or [""] * len(words), words,
                                                         strict=True)]
    if target.exists():
        raise UserError(target, _("already exists"),
                        _("a new folder: import never writes into one"))
    blocks = []
    for word in words:
        for block in read_word(word).blocks:  # numbered on across the files
            block.index = len(blocks)
            blocks.append(block)
    parsed = WordFile(blocks)
    template = recognise(parsed, target.parent)
    prose, forms, unplaced = read_blocks(parsed, template)
    if not prose.sections and not forms.data.forms_seen:
        raise UserError(words[0], _("no report section or form recognised"),
                        _("a filed self-evaluation report (sections such as "
                          "一、部门(单位)基本情况, or the forms 附件1–3)"))
    composed, imported = compose(prose, forms.data, unplaced, parsed, "、".join(names),
                                 target, template)
    write_folder(composed, target)
    return imported


def read_blocks(parsed: WordFile, template: Template
                ) -> tuple[ProseReader, FormReader, list[Unplaced]]:
    prose = ProseReader(template.outline)
    forms = FormReader(template)
    prose.form_paragraph = forms.paragraph
    unplaced: list[Unplaced] = []
    tables = 0
    for block in parsed.blocks:
        if isinstance(block, Paragraph):
            label = ATTACHMENT_LABEL.match(re.sub(r"\s+", "", block.text))
            if label:
                forms.label = f"附件{label.group(1)}"  # the next form's name, as typed
            prose.paragraph(block)
            continue
        tables += 1
        if forms.table(block):
            prose.enter("forms")
            for cell in _cells(block):
                if (block.index, cell.row, cell.col) not in forms.data.placed_cells:
                    unplaced.append(Unplaced(forms.place(cell.row + 1 + forms.rows_before, cell),
                                             cell.text))
        elif not prose.table(block):
            unplaced += [Unplaced(f"表{tables} 第{cell.row + 1}行 第{cell.col + 1}列", cell.text)
                         for cell in _cells(block)]
    unplaced = prose.unplaced + [Unplaced(p, t) for p, t in forms.data.unplaced] + unplaced
    return prose, forms, unplaced


def _cells(table: Table):
    return [cell for row in table.rows for cell in row if not cell.continued and cell.text]


def compose(prose: ProseReader, data: FormData, unplaced: list[Unplaced], parsed: WordFile,
            source: str, target: Path, template: Template) -> tuple[Composed, Imported]:
    outlines = template.outline
    composed = Composed()
    documents = [key for key in outlines if any(k == key for k, _title in prose.sections)
                 or key in prose.covers]
    if not documents:
        documents = ["整体"]
    cover = next((prose.covers[k] for k in documents if k in prose.covers), None)
    if data.unit_name is None:  # no 附件2: the unit is the department its projects report to
        data.unit_name = next((row.values["主管部门"] for row in data.tables.get("项目", [])
                               if row.values.get("主管部门", Value("", "")).text), None)
    unit = data.unit_name
    short = cover.short_name if cover else ""
    unit_name = unit.text if unit else short
    short = short or unit_name
    year = cover.year if cover else _year(parsed)
    unplaced = unplaced + [Unplaced(v.place, v.text) for v in data.blank_form_names
                           if v.text != short]
    for (key, _title), section in prose.sections.items():
        folder = outlines[key].folder
        markdown = section.markdown()
        lines = {n: place for n, (_text, place) in enumerate(section.lines, 1)}
        composed.add(f"{folder}/{section.section.file}", markdown, lines, whole=section.place)
    for key in documents:
        previous = f"{key}报告"
        for outline_section in outlines[key].sections:
            found = prose.sections.get((key, outline_section.file))
            if found:
                previous = f"「{found.typed_title}」之后"
                continue
            composed.places[f"{outlines[key].folder}/{outline_section.file}"] = {
                "file": previous, "lines": {}, "cells": {}}
    basic_expenses(prose, data)
    write_tables(composed, data, tuple(documents), template)
    report_yaml(composed, data, cover, documents, unit_name, short, year, source, template)
    if unplaced:
        text = ["# 导入时未能归位的文字", "",
                f"{source} 中以下文字未能归入报告的章节或表格，原样保留在此：", ""]
        lines: dict[int, str] = {}
        for item in unplaced:
            one_line = item.text.replace("\n", " ")
            text.append(f"- {item.place}：{escape_markdown(one_line)}")
            lines[len(text)] = item.place
        composed.add(UNPLACED_FILE, "\n".join(text) + "\n", lines)
    composed.files[IMPORT_PLACES] = json.dumps({"source": source, "files": composed.places},
                                               ensure_ascii=False, indent=1) + "\n"
    stated = {name: value.text for name, value in data.stated}
    return composed, Imported(target, documents, unit_name, unplaced, stated,
                              list(data.forms_seen))


def _year(parsed: WordFile) -> int | None:
    """The year of the first "2024年度" the file names (a form title) when it has no cover."""
    for block in parsed.blocks:
        if isinstance(block, Paragraph):
            match = YEAR.search(block.text)
            if match:
                return int(match.group(1))
    return None


def basic_expenses(prose: ProseReader, data: FormData) -> None:
    """基本支出 by class, as the prose states it (no form holds it): the first sentence of
    the 整体 report naming each class with an amount."""
    rows = []
    for (key, _title), section in prose.sections.items():
        if key != "整体":
            continue
        for text, place in section.lines:
            for name, pattern in BASIC_CLASSES:
                if any(r.values["经济分类"].text == name for r in rows):
                    continue
                match = re.search(pattern + AMOUNT, text)
                if match:
                    rows.append(Row({"经济分类": Value(name, place or ""),
                                     "全年执行数": Value(match.group(1), place or "")},
                                    place or ""))
    order = [name for name, _classes in BASIC_CLASSES]
    data.tables["基本支出"] = sorted(rows, key=lambda r: order.index(r.values["经济分类"].text))


def write_tables(composed: Composed, data: FormData, documents: tuple[str, ...],
                 template: Template) -> None:
    tables = dict(data.tables)
    for name, schema in SCHEMAS.items():  # a table the documents need but no form held: empty
        if schema.required(documents):
            tables.setdefault(name, [])
    if data.stated:
        tables[STATED] = [Row({"项目": Value(name, value.place), "数值": value,
                               "说明": Value(value.place, value.place)}, value.place)
                          for name, value in data.stated]
    for name, rows in tables.items():
        if name == "项目" and not rows and not SCHEMAS[name].required(documents):
            continue  # no 项目 file: the unit had no project (附件3 filed as 无)
        rule = template.tables.get(name)
        columns = [column.name for column in SCHEMAS[name].columns] + list(
            rule.extra if rule else ())
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([rule.header(c) if rule else c for c in columns])
        lines = {1: data.table_places.get(name, "")}
        cells: dict[str, str] = {}
        for number, row in enumerate(rows, 2):
            writer.writerow([row.values.get(c, Value("", "")).text for c in columns])
            lines[number] = row.place
            for col, column in enumerate(columns, 1):
                value = row.values.get(column)
                if value is not None and value.place:
                    cells[f"{number}:{col}"] = value.place
        composed.add(f"data/{name}.csv", buffer.getvalue(), lines, cells,
                     whole=data.table_places.get(name, ""))


def report_yaml(composed: Composed, data: FormData, cover, documents: list[str],
                unit_name: str, short: str, year: int | None, source: str,
                template: Template) -> None:
    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    date = ""
    if cover and cover.date:
        date = "{:04d}-{:02d}-{:02d}".format(*cover.date)
    cover_place = cover.place if cover else ""
    lines: list[tuple[str, str]] = [
        (f"# {source} as filed, imported: figures, stated totals and prose as typed.", ""),
        *([] if template.name == DEFAULT_TEMPLATE else [(f"template: {template.name}", "")]),
        ("unit:", ""),
        (f"  name: {quoted(unit_name)}", data.unit_name.place if data.unit_name else ""),
        (f"  short_name: {quoted(short)}", cover_place),
        (f"year: {year if year else ''}", cover_place),
        (f"report_date: {date}", cover.date_place if cover else ""),
        (f"documents: [{', '.join(documents)}]", cover_place),
        ("signature:", data.signature_place),
    ]
    for key in template.signature:
        value = data.signature.get(key)
        lines.append((f"  {key}: {quoted(value.text if value else '')}",
                      value.place if value else data.signature_place))
    lines += scoring_lines(data, template)
    texts = {k: v for k, v in data.forms_text.items() if v.text}
    if texts:
        lines.append(("forms:", ""))
        lines += [(f"  {key}: {quoted(value.text)}", value.place) for key, value in texts.items()]
    composed.add(REPORT_FILE, "\n".join(text for text, _place in lines) + "\n",
                 {n: place for n, (_text, place) in enumerate(lines, 1)})


def scoring_lines(data: FormData, template: Template) -> list[tuple[str, str]]:
    """report.yaml's scoring: when the forms draw another scheme than the default one (their
    一级指标 with weights "(50分)", the 二级指标 under each, 预算执行率's 分值)."""
    default_weights = template.scoring["weights"]
    default_indicators = template.scoring["indicators"]
    weights = {k: v for k, v in default_weights.items()
               if not data.indicators or k == "预算执行率" or k in data.indicators}
    for name, text in data.weights.items():
        try:
            number = float(text)
        except ValueError:
            continue
        weights[name] = int(number) if number.is_integer() else number
    indicators = data.indicators or default_indicators
    if indicators == default_indicators and weights == default_weights:
        return []
    place = data.table_places.get("绩效指标") or data.table_places.get("项目指标", "")
    mapping = ", ".join(f"{name}: {value}" for name, value in weights.items())
    lines = [("scoring:", place), (f"  weights: {{{mapping}}}", place), ("  indicators:", place)]
    lines += [(f"    {level1}: [{', '.join(level2s)}]", place)
              for level1, level2s in indicators.items()]
    return lines


def write_folder(composed: Composed, target: Path) -> None:
    """Write every file under a temporary folder beside ``target``, then rename it."""
    parent = target.parent
    created = [p for p in [parent, *parent.parents] if not p.exists()]
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        for relative, text in composed.files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:
            shutil.rmtree(folder, ignore_errors=True)
        raise
