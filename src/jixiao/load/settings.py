"""Finding reports and reading their report.yaml, against its declaration.

A report is a folder holding report.yaml. ``SETTINGS`` below declares every key the file may
hold — its kind, the values it admits, its default — as ``schemas`` declares the data tables,
and reading checks the file against it once: an unknown key, a key given twice, a wrong type, a
value outside its set is one line naming report.yaml's line, so nothing later needs to doubt a
setting. The line of every key and list item is kept with the Report (``Report.where``), so a
later finding about a setting points at its own line, in block and flow style alike.

report.yaml is read as UTF-8 without anchors or aliases: a settings file has no use for them,
and refusing them keeps a nest of aliases (a "billion laughs") from filling memory.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.errors import Location, UserError
from jixiao.load.outline import DocumentOutline
from jixiao.load.template import DEFAULT_TEMPLATE, Template, find_template, shipped_template
from jixiao.load.yaml_file import Path_, read_yaml
from jixiao.messages import N_, _

REPORT_FILE = "report.yaml"

# The scoring a report starts from is its template's (template.yaml's scoring:); these are the
# default template's, for code that scores without a report.yaml.
# Read from the default template when first asked for (``__getattr__`` below), never at import:
# a jixiao missing its template must say so in one line, not fail to import.
DEFAULTS = {"DEFAULT_WEIGHTS": "weights", "DEFAULT_INDICATORS": "indicators",
            "DEFAULT_GRADES": "grades", "DEFAULT_BANDS": "bands"}
FILE_NAME_UNSAFE = set('/\\:*?"<>|')  # not allowed in a file name on Windows or Linux
FORM_TEXTS = ("厉行节约保障措施", "说明")
CHANGE_BASES = ("决算", "预算")  # 三公经费 change: against 上年决算, or against 本年预算



# ---------------------------------------------------------------------------- the declaration

class Invalid(Exception):
    """A value its kind does not admit: what was expected, what was found (the value itself by
    default), ``at`` the place of the offending part below the value (a list item, an entry);
    ``named`` when ``found`` already names its key (``weight 产出指标: -10``)."""

    def __init__(self, expected: str, found: str | None = None, at: Path_ = (),
                 named: bool = False):
        super().__init__(expected)
        self.expected, self.found, self.at, self.named = expected, found, at, named


def _said(kind: Any) -> str:
    """What ``kind`` expects, in the user's language: its ``expected`` is marked with ``N_``
    where it is declared (before the language is chosen) and may name its key as ``{name}``."""
    return _(kind.expected).format(name=getattr(kind, "name", ""))


def _is_number(value: Any) -> bool:
    """An int or float that is a figure (not true/false, not .nan or .inf)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


@dataclass(frozen=True)
class Text:
    """A string (``null`` is blank); ``file_name`` when it names output files, so that it
    holds no character a file name cannot and stays short enough for one."""

    expected: str
    required: bool = False
    file_name: bool = False
    max_length: int = 0
    dates: bool = False  # a date or a number is taken as text: 填报日期 2025-09-19 is printed
    # 2025年9月19日, a phone number typed without quotes as typed
    name: str = ""  # the key, for an ``expected`` that names it

    def read(self, value: Any) -> str:
        if value is None:
            value = ""
        if self.dates and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return f"{value.year}年{value.month}月{value.day}日"
        if self.dates and _is_number(value):  # a phone number typed without quotes
            value = str(value)
        if not isinstance(value, str) or (self.required and not value.strip()):
            raise Invalid(_said(self))
        if self.file_name and (set(value) & FILE_NAME_UNSAFE or any(c < " " for c in value)):
            raise Invalid(_("a short name without / \\ : * ? \" < > | or line breaks (it names "
                            "the output files)"))
        if self.max_length and len(value) > self.max_length:
            raise Invalid(_("{expected} of at most {count} characters").format(
                expected=_said(self), count=self.max_length),
                _("{count} characters").format(count=len(value)))
        return value


@dataclass(frozen=True)
class Whole:
    """A whole number within [low, high]."""

    expected: str
    low: int
    high: int

    def read(self, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) \
                or not self.low <= value <= self.high:
            raise Invalid(_("{expected}, a whole number from {low} to {high}").format(
                expected=_said(self), low=self.low, high=self.high))
        return value


@dataclass(frozen=True)
class Number:
    """A number, at least ``low`` when given."""

    expected: str
    low: float | None = None

    def read(self, value: Any) -> float:
        if not _is_number(value) or (self.low is not None and value < self.low):
            raise Invalid(_said(self))
        return value


@dataclass(frozen=True)
class Flag:
    """true or false."""

    expected: str

    def read(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(_said(self))
        return value


@dataclass(frozen=True)
class Date:
    expected: str

    def read(self, value: Any) -> dt.date:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise Invalid(_said(self))
        return value


@dataclass(frozen=True)
class OneOf:
    """One of a set of strings (the documents of the report's template, …)."""

    choices: tuple[str, ...]

    def read(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise Invalid(_("one of {choices}").format(choices=", ".join(self.choices)))
        return value


@dataclass(frozen=True)
class ListOf:
    """A list of ``item``s; ``distinct`` refuses one given twice, ``length`` a list of
    another length."""

    item: Any
    expected: str
    distinct: bool = False
    non_empty: bool = False
    length: int = 0

    def read(self, value: Any) -> list:
        if not isinstance(value, list) or (self.non_empty and not value) \
                or (self.length and len(value) != self.length):
            raise Invalid(_said(self))
        items = []
        for index, item in enumerate(value):
            try:
                items.append(self.item.read(item))
            except Invalid as bad:
                raise Invalid(bad.expected, bad.found or repr(item), (index, *bad.at),
                              bad.named) from None
            if self.distinct and items[-1] in items[:-1]:
                raise Invalid(_("{expected}, each once").format(expected=_said(self)),
                              _("{item} twice").format(item=repr(item)), (index,))
        return items


@dataclass(frozen=True)
class Band:
    """A 定性 band: [low, high], shares of 分值."""

    expected: str = N_("[low, high], shares of 分值 with 0 ≤ low ≤ high")

    def read(self, value: Any) -> list[float]:
        if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))
                and 0 <= value[0] <= value[1]):
            raise Invalid(_said(self))
        return value


@dataclass(frozen=True)
class Table:
    """A mapping with names of the user's choosing (weights per 一级指标 …), each value of one
    kind; ``label`` names an entry in messages (``weight {name}``: ``weight 产出指标: -10``).
    Given, it replaces the default whole: a scheme without 成本指标, or other band names, must
    not inherit the defaults' entries. Empty or absent, the default holds."""

    value: Any
    label: str
    default: Mapping[str, Any]

    def read(self, value: Any) -> dict:
        if value is None or value == {}:
            return {k: list(v) if isinstance(v, list) else v for k, v in self.default.items()}
        if not isinstance(value, dict):
            raise Invalid(_("a mapping (name: value)"))
        entries = {}
        for name, entry in value.items():
            try:
                entries[name] = self.value.read(entry)
            except Invalid as bad:
                entry_name = _(self.label).format(name=name)
                raise Invalid(bad.expected, f"{entry_name}: {entry!r}",
                              (name, *bad.at), named=True) from None
        return entries


@dataclass(frozen=True)
class Fields:
    """A mapping of declared keys: each one's kind and its default (``REQUIRED`` when it must
    be given). Any other key is refused, with the nearest declared one suggested."""

    keys: Mapping[str, tuple[Any, Any]]
    expected: str

    def read(self, value: Any) -> dict:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise Invalid(_said(self))
        for name in value:
            if name not in self.keys:
                near = difflib.get_close_matches(str(name), list(self.keys), n=1)
                keys = ", ".join(f"{k}:" for k in self.keys)
                expected = (_("one of {keys} (did you mean {key}:?)").format(keys=keys, key=near[0])
                            if near else _("one of {keys}").format(keys=keys))
                raise Invalid(expected, _("{name}: an unknown key").format(name=name), (name,),
                              named=True)
        read = {}
        for name, (kind, default) in self.keys.items():
            if name not in value:
                if default is REQUIRED:
                    raise Invalid(f"{name}: {_said(kind)}", _("no {name}:").format(name=name),
                                  named=True)
                read[name] = kind.read(default)
                continue
            try:
                read[name] = kind.read(value[name])
            except Invalid as bad:
                found = bad.found if bad.named else f"{name}: {bad.found or repr(value[name])}"
                raise Invalid(bad.expected, found, (name, *bad.at), named=True) from None
        return read


REQUIRED = object()


def declaration(template: Template) -> Fields:
    """report.yaml's keys for a report of ``template``: its documents, its scoring defaults
    (the default template's for a key it leaves out)."""
    scoring = {**_default_scoring(), **template.scoring}
    return Fields({
        "template": (Text(N_("the name of a template (a folder of templates/)"), required=True),
                     DEFAULT_TEMPLATE),
        "unit": (Fields({
            "name": (Text(N_("the unit's full name (单位全称)"), required=True), REQUIRED),
            "short_name": (Text(N_("the unit's short name (简称)"), required=True, file_name=True,
                                max_length=40), REQUIRED),
        }, N_("unit: with name: and short_name:")), REQUIRED),
        "year": (Whole(N_("the year evaluated"), 2000, 2100), REQUIRED),
        "report_date": (Date(N_("the report date as YYYY-MM-DD, a day of the calendar")), REQUIRED),
        "documents": (ListOf(OneOf(tuple(template.outline)),
                             N_("a list of the documents to build, e.g. [整体, 项目]"),
                             distinct=True, non_empty=True), list(template.outline)),
        "signature": (Fields({name: (Text(N_("{name} as text"), dates=True, name=name), "")
                              for name in template.signature},
                             _("a mapping of {keys}").format(
                                 keys=", ".join(f"{k}:" for k in template.signature))),
                      {}),
        "scoring": (Fields({
            "weights": (Table(Number(N_("a number ≥ 0"), low=0), N_("weight {name}"),
                              scoring["weights"]), None),
            "indicators": (Table(ListOf(Text(N_("a 二级指标"), required=True),
                                        N_("a list of its 二级指标")), N_("indicators of {name}"),
                                 scoring["indicators"]), None),
            "bands": (Table(Band(), N_("band {name}"), scoring["bands"]), None),
            "grades": (Table(Number(N_("the lowest 总分 of that grade, a number")),
                             N_("grade {name}"), scoring["grades"]), None),
            "score_places": (Whole(N_("the decimals 得分 are rounded to"), 0, 6),
                             scoring.get("score_places", 2)),
            "change_basis": (OneOf(CHANGE_BASES), scoring.get("change_basis", "决算")),
        }, N_("weights:, indicators:, bands:, grades:, score_places:, change_basis:")), {}),
        "forms": (Fields({name: (Text(N_("{name} as text"), name=name), "") for name in FORM_TEXTS},
                         N_("厉行节约保障措施: and 说明: as texts")), {}),
        "draft": (Flag(N_("true (every build a draft, 草稿) or false")), False),
    }, N_("keys such as unit:, year:"))


def _default_scoring() -> dict[str, Any]:
    return shipped_template().scoring


def __getattr__(name: str) -> Any:
    """``SETTINGS`` (the declaration for the default template), its scoring defaults
    (``DEFAULT_WEIGHTS`` …) and ``SIGNATURE_FIELDS`` (the seed's, which import reads off a
    filed form), read when first used."""
    if name in DEFAULTS:
        return _default_scoring()[DEFAULTS[name]]
    if name == "SIGNATURE_FIELDS":
        return shipped_template().signature
    if name == "SETTINGS":
        return declaration(shipped_template())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------- the report

@dataclass(frozen=True)
class Scoring:
    """How scores are computed: weights per 一级指标, the 二级指标 each admits, the bands of a
    定性 score, grade thresholds, rounding and the 三公经费 change basis (the template's
    defaults: docs/domain.md)."""

    weights: dict[str, float] = field(default_factory=lambda: dict(_default_scoring()["weights"]))
    bands: dict[str, list[float]] = field(default_factory=lambda: dict(_default_scoring()["bands"]))
    grades: dict[str, float] = field(default_factory=lambda: dict(_default_scoring()["grades"]))
    score_places: int = 2
    change_basis: str = "决算"
    indicators: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in _default_scoring()["indicators"].items()})


@dataclass(frozen=True)
class Report:
    """One report folder, its validated settings, and the line of each key in report.yaml."""

    folder: Path
    unit_name: str
    short_name: str
    year: int
    report_date: dt.date
    documents: tuple[str, ...]
    signature: dict[str, str]
    scoring: Scoring
    forms: dict[str, str] = field(default_factory=dict)  # texts of the forms (厉行节约保障措施 …)
    lines: Mapping[Path_, int] = field(default_factory=dict, repr=False, compare=False)
    template: Template = field(default_factory=shipped_template, repr=False, compare=False)
    draft: bool = False  # draft: true — every build is a draft (a blank report's, until filled)

    @property
    def outline(self) -> dict[str, DocumentOutline]:
        """The documents of the report's template, by key (整体, 项目)."""
        return self.template.outline

    def drafted(self, asked: bool) -> bool:
        """Whether a build of this report is a draft — 草稿 on every page, its check errors
        printed but not refused: asked for (--draft), or declared here (``draft: true``, as
        the blank report of ``jixiao init`` has it until its figures are in)."""
        return asked or self.draft

    @property
    def data_folder(self) -> Path:
        return self.folder / "data"

    def where(self, *keys: Any) -> Location:
        """Where the setting at ``keys`` (``"signature", "填表人"``) stands in report.yaml; an
        absent one at its nearest given parent, the first line when none is given."""
        path = self.folder / REPORT_FILE
        for end in range(len(keys), 0, -1):
            if keys[:end] in self.lines:
                return Location(path, self.lines[keys[:end]])
        return Location(path, 1)

    def where_key(self, name: str) -> Location:
        """Where the key ``name`` stands, wherever it is declared (``填表人`` under signature:,
        ``weights`` under scoring:)."""
        given = next((p for p in self.lines if p and p[-1] == name), None)
        return self.where(*(given or _declared_path(name, declaration(self.template))))


def _declared_path(name: str, kind: Any, above: Path_ = ()) -> Path_:
    """The place ``name`` is declared at (empty when it is declared nowhere)."""
    if isinstance(kind, Fields):
        for key, (inner, _default) in kind.keys.items():
            if key == name:
                return (*above, key)
            found = _declared_path(name, inner, (*above, key))
            if found:
                return found
    return ()


def find_reports(root: Path) -> list[Path]:
    """Every report folder below ``root`` (or ``root`` itself), in a stable order; a hidden
    folder (new-year's staging, an editor's) holds none."""
    if (root / REPORT_FILE).is_file():
        return [root]
    return sorted(path.parent for path in root.rglob(REPORT_FILE)
                  if not any(part.startswith(".") for part in path.relative_to(root).parts))


def key_line(folder: Path, key: str) -> Location:
    """Where the top-level ``key:`` of ``folder``/report.yaml stands, for later messages."""
    return load_report(folder).where(key)


def load_report(folder: Path) -> Report:
    """Read ``folder``/report.yaml and check it against ``SETTINGS``."""
    path = folder / REPORT_FILE
    if not path.is_file():
        raise UserError(path, _("no report.yaml"), _("a report folder holding report.yaml"))
    raw, lines = read_yaml(path)
    if not isinstance(raw, dict):
        raise UserError(Location(path, 1), _("not a mapping"), _("keys such as unit:, year:"))
    template = _template_of(raw, lines, path)
    try:
        settings = declaration(template).read(raw)
    except Invalid as bad:
        where = Location(path, _line_of(lines, bad.at))
        raise UserError(where, bad.found, bad.expected) from None
    scoring = Scoring(**settings["scoring"])
    report = Report(folder, settings["unit"]["name"], settings["unit"]["short_name"],
                    settings["year"], settings["report_date"], tuple(settings["documents"]),
                    settings["signature"], scoring, settings["forms"], lines, template,
                    settings["draft"])
    _check_indicators(report)
    return report


def _template_of(raw: dict, lines: Mapping[Path_, int], path: Path) -> Template:
    """The template report.yaml names (the default without template:)."""
    name = raw.get("template", DEFAULT_TEMPLATE)
    where = Location(path, lines.get(("template",), 1))
    if not isinstance(name, str) or not name.strip():
        raise UserError(where, f"template: {name!r}",
                        _("the name of a template (a folder of templates/)"))
    return find_template(name, path.parent, where)


def _line_of(lines: Mapping[Path_, int], at: Path_) -> int:
    for end in range(len(at), 0, -1):
        if at[:end] in lines:
            return lines[at[:end]]
    return 1


def _check_indicators(report: Report) -> None:
    """Each 一级指标 of scoring.indicators has a weight."""
    for level1 in report.scoring.indicators:
        if level1 not in report.scoring.weights:
            weights = ", ".join(report.scoring.weights)
            raise UserError(report.where("scoring", "indicators", level1),
                            _("一级指标 {level1} without a weight").format(level1=level1),
                            _("a weight for it under scoring.weights ({weights})").format(
                                weights=weights))

