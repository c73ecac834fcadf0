"""Report templates: one folder per form set (its outline, forms and scoring defaults).

A template is a folder holding template.yaml (its title, the scoring defaults report.yaml
starts from, its fund lines, signature line and data-table headers), outline.yaml (the
documents, their sections and attachments: ``outline``), forms/<name>.yaml (each attached
form, declared as rows of cells: see README, "Templates") and, if it needs other type than the
shared templates/styles.yaml, its own styles.yaml.
jixiao ships its templates in templates/<name>/; a reports repository adds its own in its
templates/<name>/, and the nearest folder of a name wins, as the nearest prose block does:
the report's folder and each one above it up to the folder holding content/, then jixiao's own.

Reading checks a template once, file and line for every mistake, so rendering never meets a
malformed declaration; which figures a form names is checked where it is filled (render.forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jixiao.errors import Location, UserError
from jixiao.load.outline import DocumentOutline, read_outline
from jixiao.load.schemas import SCHEMAS
from jixiao.load.yaml_file import TEMPLATE_DEPTH, Path_, read_yaml
from jixiao.messages import _
from jixiao.paths import CONTENT, TEMPLATES

DEFAULT_TEMPLATE = "hunan"  # the seed's form set: a report.yaml without template: uses it
TEMPLATE_FILE = "template.yaml"
OUTLINE_FILE = "outline.yaml"
STYLES_FILE = "styles.yaml"  # the page and type: templates/'s, unless a template has its own
FORMS_FOLDER = "forms"
SCORING_KEYS = ("weights", "indicators", "bands", "grades", "score_places", "change_basis")
CELL_KINDS = ("label", "head", "figure")  # left-aligned text, centred heading, right figure
CELL_KEYS = (*CELL_KINDS, "rowspan", "colspan", "align")
BLOCK_KEYS = ("each", "as", "min", "side", "rows")
TABLE_KEYS = ("widths", "header_rows", "rows")
FORM_KEYS = ("each", "requires", "names", "tables", "notes", "signed")
TEMPLATE_KEYS = ("title", "scoring", "project_funds", "signature", "tables")


@dataclass(frozen=True)
class CellSpec:
    """A declared cell: its kind (label, head, figure), its text (a Jinja template over the
    form's names), spans, and the line it is declared on."""

    kind: str
    text: str
    rowspan: int
    colspan: int
    align: str
    where: Location


@dataclass(frozen=True)
class RowSpec:
    cells: tuple[CellSpec, ...]
    where: Location


@dataclass(frozen=True)
class BlockSpec:
    """Rows repeated per item of ``each`` (named ``name`` inside; ``min`` rows kept, blank,
    where the official form has more than there are items), and/or a ``side`` cell spanning
    every row the block makes."""

    rows: tuple[RowSpec | BlockSpec, ...]
    each: str
    name: str
    min: str
    side: CellSpec | None
    where: Location


@dataclass(frozen=True)
class TableSpec:
    widths: tuple[float, ...]  # characters each column holds on one line
    header_rows: int
    rows: tuple[RowSpec | BlockSpec, ...]


@dataclass(frozen=True)
class FormSpec:
    """One form of a template: its tables, notes and whether it is signed.

    ``each`` (项目) makes one form per item; ``requires`` names a figure without which the
    form prints 无, unsigned (a fund the unit did not have). ``names`` are constants the cells
    may use (断行: where the official form breaks its longer labels), with those of the
    forms whose tables it includes.
    """

    path: Path
    tables: tuple[TableSpec, ...]
    notes: tuple[tuple[str, Location], ...]
    signed: bool
    each: str = ""
    requires: str = ""
    names: dict[str, Any] | None = None


@dataclass(frozen=True)
class TableRule:
    """How a template's forms head one of jixiao's data tables: ``names`` gives, for each of
    jixiao's columns the template heads otherwise, the template's header (调整后预算数 for
    全年预算数); ``extra`` the text columns the template adds (原因). A template that declares
    a table knows only these columns: any other is a mistake."""

    names: dict[str, str]
    extra: tuple[str, ...]

    def header(self, column: str) -> str:
        return self.names.get(column, column)


@dataclass(frozen=True)
class Template:
    """A form set: its name, folder, outline, forms, the scoring report.yaml starts from, the
    fund lines of its project form, its signature line and how it heads the data tables."""

    name: str
    folder: Path
    title: str
    outline: dict[str, DocumentOutline]
    forms: dict[str, FormSpec]
    scoring: dict[str, Any]
    project_funds: tuple[str, ...]  # 项目资金's lines, the total (年度资金总额) first
    signature: tuple[str, ...]  # the fields of the line under every form (填表人 …)
    tables: dict[str, TableRule]

    @property
    def styles(self) -> Path:
        """The style spec of the template's documents: its own styles.yaml, which replaces
        the shared one whole, else templates/styles.yaml."""
        own = self.folder / STYLES_FILE
        return own if own.is_file() else TEMPLATES / STYLES_FILE


# ---------------------------------------------------------------------------- finding one

def template_roots(report_folder: Path | None) -> list[Path]:
    """The templates/ folders a report may take a template from, nearest first: its own
    folder and each above it up to the reports repository (the folder holding content/),
    then jixiao's own."""
    from jixiao.load.search_path import content_root  # it reads settings, which reads templates

    roots: list[Path] = []
    if report_folder is not None:
        folder = report_folder.resolve()
        root = content_root(folder, CONTENT).resolve()
        top = root.parent if root in folder.parents or root == folder else folder.parent
        for above in (folder, *folder.parents):
            roots.append(above / "templates")
            if above == top:
                break
    roots.append(TEMPLATES.resolve())
    return list(dict.fromkeys(roots))


def template_folders(report_folder: Path | None = None) -> dict[str, Path]:
    """Every template a report can name, each the nearest folder of that name."""
    found: dict[str, Path] = {}
    for root in template_roots(report_folder):
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / TEMPLATE_FILE).is_file():
                    found.setdefault(folder.name, folder)
    return found


def find_template(name: str, report_folder: Path | None = None,
                  where: Location | None = None) -> Template:
    """The template ``name`` as ``report_folder`` sees it; one line naming the templates that
    exist when there is none of that name."""
    folders = template_folders(report_folder)
    if name not in folders:
        raise UserError(where or Location(TEMPLATES),
                        _("template: {name}, which no templates/ folder holds").format(name=name),
                        _("one of {choices}").format(choices=", ".join(folders) or _("(none)")))
    return load_template(folders[name])


def shipped_template(name: str = DEFAULT_TEMPLATE) -> Template:
    return load_template((TEMPLATES / name).resolve())


# ---------------------------------------------------------------------------- reading one

class _File:
    """A template file being read: its values and the line of each, for one-line errors."""

    def __init__(self, path: Path):
        if not path.is_file():
            raise UserError(path, _("no {file} in template {template}").format(
                                file=path.name, template=path.parent.name),
                            _("{file} in {folder}").format(file=path.name, folder=path.parent))
        self.path = path
        self.data, self.lines = read_yaml(path, TEMPLATE_DEPTH)

    def where(self, at: Path_) -> Location:
        for end in range(len(at), 0, -1):
            if at[:end] in self.lines:
                return Location(self.path, self.lines[at[:end]])
        return Location(self.path, 1)

    def fail(self, at: Path_, found: str, expected: str) -> UserError:
        return UserError(self.where(at), found, expected)

    def mapping(self, value: Any, at: Path_, keys: tuple[str, ...], what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(at, _("{what} that is not a mapping").format(what=what),
                            _("a mapping of {keys}").format(keys=", ".join(keys)))
        for key in value:
            if key not in keys:
                raise self.fail((*at, key), _("{key}: an unknown key in {what}").format(
                                    key=key, what=what),
                                _("one of {keys}").format(keys=", ".join(f"{k}:" for k in keys)))
        return value


def load_template(folder: Path) -> Template:
    """The template in ``folder``, every file of it checked; read again once a file of it
    changes (a long-running preview, a test editing a copy), else from memory."""
    return _load_template(folder, _signature(folder))


def _signature(folder: Path) -> tuple:
    """Every file of the template folder with its size and modification time."""
    return tuple((str(path), stat.st_size, stat.st_mtime_ns)
                 for path in sorted(folder.rglob("*.yaml")) for stat in (path.stat(),))


@cache
def _load_template(folder: Path, _files: tuple) -> Template:
    spec = _File(folder / TEMPLATE_FILE)
    raw = spec.mapping(spec.data or {}, (), TEMPLATE_KEYS, TEMPLATE_FILE)
    scoring = spec.mapping(raw.get("scoring") or {}, ("scoring",), SCORING_KEYS, "scoring")
    funds = _names(spec, raw.get("project_funds"), ("project_funds",),
                   _("the 资金来源 lines of the 项目支出绩效自评表, the total first"))
    signature = _names(spec, raw.get("signature"), ("signature",),
                       _("the fields of the signature line, e.g. [填表人, 填报日期]"))
    outline = read_outline(folder / OUTLINE_FILE)
    forms: dict[str, FormSpec] = {}
    for document in outline.values():
        for attachment in (*document.attachments, *document.alone_attachments):
            name = attachment.form or attachment.key
            if name not in forms:
                forms[name] = read_form(folder / FORMS_FOLDER / f"{name}.yaml")
    return Template(folder.name, folder, str(raw.get("title", folder.name)), outline, forms,
                    dict(scoring), funds, signature, _table_rules(spec, raw.get("tables") or {}))


def _names(file: _File, value: Any, at: Path_, expected: str) -> tuple[str, ...]:
    if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)
            and len(set(value)) == len(value)):
        raise file.fail(at, f"{at[-1]}: {value!r}",
                        _("{key}: {expected}, each once").format(key=at[-1], expected=expected))
    return tuple(value)


def _table_rules(file: _File, value: Any, at: Path_ = ("tables",)) -> dict[str, TableRule]:
    """tables: <table>: {names: {<jixiao's column>: <the template's header>}, extra: [...]}."""
    tables = file.mapping(value, at, tuple(SCHEMAS), "tables:")
    rules = {}
    for table, rule in tables.items():
        rule = file.mapping(rule or {}, (*at, table), ("names", "extra"), f"tables: {table}:")
        known = [c.name for c in SCHEMAS[table].columns]
        names = file.mapping(rule.get("names") or {}, (*at, table, "names"), tuple(known),
                             _("the names of {table}'s columns").format(table=table))
        if not all(isinstance(v, str) and v for v in names.values()):
            raise file.fail((*at, table, "names"),
                            _("names of {table} that are not texts").format(table=table),
                            _("<jixiao's column>: <the header the template's form uses>"))
        extra = _names(file, rule["extra"], (*at, table, "extra"),
                       _("text columns the template adds")) if "extra" in rule else ()
        clash = set(extra) & (set(known) | set(names.values()))
        if clash:
            raise file.fail((*at, table, "extra"),
                            _("extra column {column}, which {table} already has").format(
                                column=sorted(clash)[0], table=table),
                            _("columns the table does not have"))
        rules[table] = TableRule(dict(names), extra)
    return rules


def read_form(path: Path, including: tuple[Path, ...] = ()) -> FormSpec:
    """One form declaration (forms/<name>.yaml), checked key by key; a table given as a name
    is the tables of forms/<name>.yaml (a table two forms share)."""
    file = _File(path)
    raw = file.mapping(file.data, (), FORM_KEYS, _("a form declaration"))
    tables = raw.get("tables")
    if not isinstance(tables, list):
        raise file.fail(("tables",), _("no list of tables"),
                        _("tables: a list of tables"))
    notes = raw.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise file.fail(("notes",), _("notes that are not a list of texts"),
                        _("notes: [text, …]"))
    if raw.get("each", "") not in ("", "项目"):
        raise file.fail(("each",), f"each: {raw['each']}",
                        _("each: 项目 (one form per project), or no each:"))
    names = raw.get("names", {})
    if not isinstance(names, dict):
        raise file.fail(("names",), _("names: that is not a mapping"),
                        _("names: name: value"))
    read: list[TableSpec] = []
    for n, table in enumerate(tables):
        if not isinstance(table, str):
            read.append(_table(file, table, ("tables", n)))
            continue
        shared = path.parent / f"{table}.yaml"
        if shared in (path, *including) or not shared.is_file():
            found = (_("table {table}, which includes itself") if shared.is_file()
                     else _("table {table}, but no {file}"))
            raise file.fail(("tables", n), found.format(table=table, file=shared.name),
                            _("a table, or the name of a file in {folder}/ that declares "
                              "one").format(folder=path.parent.name))
        other = read_form(shared, (path, *including))
        read += other.tables
        names = {**(other.names or {}), **names}
    return FormSpec(
        path, tuple(read),
        tuple((note, file.where(("notes", n))) for n, note in enumerate(notes)),
        bool(raw.get("signed", True)),
        _text(file, raw.get("each", ""), ("each",)),
        _text(file, raw.get("requires", ""), ("requires",)),
        names,
    )


def _text(file: _File, value: Any, at: Path_) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise file.fail(at, f"{at[-1]}: {value!r}", _("a text"))
    return str(value)


def _table(file: _File, value: Any, at: Path_) -> TableSpec:
    table = file.mapping(value, at, TABLE_KEYS, _("a table"))
    widths = table.get("widths")
    if not (isinstance(widths, list) and widths
            and all(isinstance(w, (int, float)) and w > 0 for w in widths)):
        raise file.fail((*at, "widths"), f"widths: {widths!r}",
                        _("widths: the characters each column holds, e.g. [4.1, 9.2]"))
    header = table.get("header_rows", 0)
    if not isinstance(header, int) or header < 0:
        raise file.fail((*at, "header_rows"), f"header_rows: {header!r}",
                        _("a whole number"))
    return TableSpec(tuple(float(w) for w in widths), header,
                     _rows(file, table.get("rows"), (*at, "rows")))


def _rows(file: _File, value: Any, at: Path_) -> tuple[RowSpec | BlockSpec, ...]:
    if not isinstance(value, list) or not value:
        raise file.fail(at, _("rows: that is not a list of rows"),
                        _("rows: a list of rows, each a list of cells or a block (each:, side:)"))
    return tuple(_row(file, row, (*at, n)) for n, row in enumerate(value))


def _row(file: _File, value: Any, at: Path_) -> RowSpec | BlockSpec:
    if isinstance(value, list):
        return RowSpec(tuple(_cell(file, cell, (*at, n)) for n, cell in enumerate(value)),
                       file.where(at))
    block = file.mapping(value, at, BLOCK_KEYS, _("a block of rows"))
    if "rows" not in block or not ("each" in block or "side" in block):
        raise file.fail(at, _("a block without rows:, or with neither each: nor side:"),
                        _("a block with rows: and each: (repeated per item) or side: (a cell "
                          "beside them)"))
    side = block.get("side")
    return BlockSpec(_rows(file, block["rows"], (*at, "rows")),
                     _text(file, block.get("each", ""), (*at, "each")),
                     _text(file, block.get("as", "行"), (*at, "as")),
                     _text(file, block.get("min", 0), (*at, "min")),
                     _cell(file, side, (*at, "side")) if side is not None else None,
                     file.where(at))


def _cell(file: _File, value: Any, at: Path_) -> CellSpec:
    cell = file.mapping(value, at, CELL_KEYS, _("a cell"))
    kinds = [kind for kind in CELL_KINDS if kind in cell]
    if len(kinds) != 1:
        raise file.fail(at,
                        _("a cell with {count} of label:, head:, figure:").format(count=len(kinds)),
                        _("each cell one of label: text, head: text, figure: text"))
    spans = []
    for key in ("rowspan", "colspan"):
        span = cell.get(key, 1)
        if not isinstance(span, int) or isinstance(span, bool) or span < 1:
            raise file.fail((*at, key), f"{key}: {span!r}", _("a whole number ≥ 1"))
        spans.append(span)
    default = {"label": "left", "head": "center", "figure": "right"}[kinds[0]]
    align = cell.get("align", default)
    if align not in ("left", "center", "right"):
        raise file.fail((*at, "align"), f"align: {align!r}",
                        _("left, center or right"))
    return CellSpec(kinds[0], _text(file, cell[kinds[0]] if cell[kinds[0]] is not None else "",
                                    (*at, kinds[0])),
                    spans[0], spans[1], align, file.where(at))
