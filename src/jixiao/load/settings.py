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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jixiao.errors import Location, UserError

REPORT_FILE = "report.yaml"
MAX_DEPTH = 8  # report.yaml's deepest value is scoring.bands.<band>.<edge>: 4 levels

DEFAULT_WEIGHTS = {
    "产出指标": 30, "效益指标": 30, "满意度指标": 10, "成本指标": 20, "预算执行率": 10,
}
DEFAULT_INDICATORS = {
    "产出指标": ["数量指标", "质量指标", "时效指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
    "成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
}
DEFAULT_GRADES = {"优": 90, "良": 80, "中": 60, "差": 0}
DEFAULT_BANDS = {
    "达成预期指标": [0.8, 1.0],
    "部分达成并具有一定效果": [0.6, 0.8],
    "未达成且效果较差": [0.0, 0.6],
}
FILE_NAME_UNSAFE = set('/\\:*?"<>|')  # not allowed in a file name on Windows or Linux
SIGNATURE_FIELDS = ("填表人", "填报日期", "联系电话", "单位负责人签字")
FORM_TEXTS = ("厉行节约保障措施", "说明")
CHANGE_BASES = ("决算", "预算")  # 三公经费 change: against 上年决算, or against 本年预算

Path_ = tuple[Any, ...]  # a value's place in report.yaml: its keys (and list indexes) from the top


# ---------------------------------------------------------------------------- the declaration

class Invalid(Exception):
    """A value its kind does not admit: what was expected, what was found (the value itself by
    default), ``at`` the place of the offending part below the value (a list item, an entry);
    ``named`` when ``found`` already names its key (``weight 产出指标: -10``)."""

    def __init__(self, expected: str, found: str | None = None, at: Path_ = (),
                 named: bool = False):
        super().__init__(expected)
        self.expected, self.found, self.at, self.named = expected, found, at, named


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

    def read(self, value: Any) -> str:
        if value is None:
            value = ""
        if self.dates and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return f"{value.year}年{value.month}月{value.day}日"
        if self.dates and _is_number(value):  # a phone number typed without quotes
            value = str(value)
        if not isinstance(value, str) or (self.required and not value.strip()):
            raise Invalid(self.expected)
        if self.file_name and (set(value) & FILE_NAME_UNSAFE or any(c < " " for c in value)):
            raise Invalid("a short name without / \\ : * ? \" < > | or line breaks (it names "
                          "the output files)")
        if self.max_length and len(value) > self.max_length:
            raise Invalid(f"{self.expected} of at most {self.max_length} characters",
                          f"{len(value)} characters")
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
            raise Invalid(f"{self.expected}, a whole number from {self.low} to {self.high}")
        return value


@dataclass(frozen=True)
class Number:
    """A number, at least ``low`` when given."""

    expected: str
    low: float | None = None

    def read(self, value: Any) -> float:
        if not _is_number(value) or (self.low is not None and value < self.low):
            raise Invalid(self.expected)
        return value


@dataclass(frozen=True)
class Date:
    expected: str

    def read(self, value: Any) -> dt.date:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise Invalid(self.expected)
        return value


@dataclass(frozen=True)
class OneOf:
    """One of a set of strings; ``choices`` is called when the set lives elsewhere (the
    documents of templates/outline.yaml)."""

    choices: tuple[str, ...] | Callable[[], tuple[str, ...]]

    def read(self, value: Any) -> str:
        choices = self.choices() if callable(self.choices) else self.choices
        if not isinstance(value, str) or value not in choices:
            raise Invalid(f"one of {', '.join(choices)}")
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
            raise Invalid(self.expected)
        items = []
        for index, item in enumerate(value):
            try:
                items.append(self.item.read(item))
            except Invalid as bad:
                raise Invalid(bad.expected, bad.found or repr(item), (index, *bad.at),
                              bad.named) from None
            if self.distinct and items[-1] in items[:-1]:
                raise Invalid(f"{self.expected}, each once", f"{item!r} twice", (index,))
        return items


@dataclass(frozen=True)
class Band:
    """A 定性 band: [low, high], shares of 分值."""

    expected: str = "[low, high], shares of 分值 with 0 ≤ low ≤ high"

    def read(self, value: Any) -> list[float]:
        if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))
                and 0 <= value[0] <= value[1]):
            raise Invalid(self.expected)
        return value


@dataclass(frozen=True)
class Table:
    """A mapping with names of the user's choosing (weights per 一级指标 …), each value of one
    kind; ``label`` names an entry in messages (``weight 产出指标: -10``). Given, it replaces
    the default whole: a scheme without 成本指标, or other band names, must not inherit the
    defaults' entries. Empty or absent, the default holds."""

    value: Any
    label: str
    default: Mapping[str, Any]

    def read(self, value: Any) -> dict:
        if value is None or value == {}:
            return {k: list(v) if isinstance(v, list) else v for k, v in self.default.items()}
        if not isinstance(value, dict):
            raise Invalid("a mapping (name: value)")
        entries = {}
        for name, entry in value.items():
            try:
                entries[name] = self.value.read(entry)
            except Invalid as bad:
                raise Invalid(bad.expected, f"{self.label} {name}: {entry!r}",
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
            raise Invalid(self.expected)
        for name in value:
            if name not in self.keys:
                near = difflib.get_close_matches(str(name), list(self.keys), n=1)
                hint = f" (did you mean {near[0]}:?)" if near else ""
                raise Invalid(f"one of {', '.join(f'{k}:' for k in self.keys)}{hint}",
                              f"{name}: an unknown key", (name,), named=True)
        read = {}
        for name, (kind, default) in self.keys.items():
            if name not in value:
                if default is REQUIRED:
                    raise Invalid(f"{name}: {kind.expected}", f"no {name}:", named=True)
                read[name] = kind.read(default)
                continue
            try:
                read[name] = kind.read(value[name])
            except Invalid as bad:
                found = bad.found if bad.named else f"{name}: {bad.found or repr(value[name])}"
                raise Invalid(bad.expected, found, (name, *bad.at), named=True) from None
        return read


REQUIRED = object()


def _documents() -> tuple[str, ...]:
    from jixiao.load.outline import load_outline  # the documents are templates/outline.yaml's

    return tuple(load_outline())


SETTINGS = Fields({
    "unit": (Fields({
        "name": (Text("the unit's full name (单位全称)", required=True), REQUIRED),
        "short_name": (Text("the unit's short name (简称)", required=True, file_name=True,
                            max_length=40), REQUIRED),
    }, "unit: with name: and short_name:"), REQUIRED),
    "year": (Whole("the year evaluated", 2000, 2100), REQUIRED),
    "report_date": (Date("the report date as YYYY-MM-DD, a day of the calendar"), REQUIRED),
    "documents": (ListOf(OneOf(_documents), "a list of the documents to build, e.g. [整体, 项目]",
                         distinct=True, non_empty=True), ["整体", "项目"]),
    "signature": (Fields({name: (Text(f"{name} as text", dates=True), "")
                          for name in SIGNATURE_FIELDS},
                         "a mapping of " + ", ".join(f"{k}:" for k in SIGNATURE_FIELDS)), {}),
    "scoring": (Fields({
        "weights": (Table(Number("a number ≥ 0", low=0), "weight", DEFAULT_WEIGHTS), None),
        "indicators": (Table(ListOf(Text("a 二级指标", required=True),
                                    "a list of its 二级指标"), "indicators of",
                             DEFAULT_INDICATORS), None),
        "bands": (Table(Band(), "band", DEFAULT_BANDS), None),
        "grades": (Table(Number("the lowest 总分 of that grade, a number"), "grade",
                         DEFAULT_GRADES), None),
        "score_places": (Whole("the decimals 得分 are rounded to", 0, 6), 2),
        "change_basis": (OneOf(CHANGE_BASES), "决算"),
    }, "weights:, indicators:, bands:, grades:, score_places:, change_basis:"), {}),
    "forms": (Fields({name: (Text(f"{name} as text"), "") for name in FORM_TEXTS},
                     " and ".join(f"{k}:" for k in FORM_TEXTS) + " as texts"), {}),
}, "keys such as unit:, year:")


# ---------------------------------------------------------------------------- the report

@dataclass(frozen=True)
class Scoring:
    """How scores are computed: weights per 一级指标, the 二级指标 each admits, the bands of a
    定性 score, grade thresholds, rounding and the 三公经费 change basis (DOMAIN.md defaults)."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    bands: dict[str, list[float]] = field(default_factory=lambda: dict(DEFAULT_BANDS))
    grades: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_GRADES))
    score_places: int = 2
    change_basis: str = "决算"
    indicators: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_INDICATORS.items()})


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
        return self.where(*(given or _declared_path(name)))


def _declared_path(name: str, kind: Any = SETTINGS, above: Path_ = ()) -> Path_:
    """The place ``name`` is declared at (empty when it is declared nowhere)."""
    if isinstance(kind, Fields):
        for key, (inner, _) in kind.keys.items():
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
        raise UserError(path, "no report.yaml", "a report folder holding report.yaml")
    raw, lines = read_yaml(path)
    if not isinstance(raw, dict):
        raise UserError(Location(path, 1), "not a mapping", "keys such as unit:, year:")
    try:
        settings = SETTINGS.read(raw)
    except Invalid as bad:
        where = Location(path, _line_of(lines, bad.at))
        raise UserError(where, bad.found, bad.expected) from None
    scoring = Scoring(**settings["scoring"])
    report = Report(folder, settings["unit"]["name"], settings["unit"]["short_name"],
                    settings["year"], settings["report_date"], tuple(settings["documents"]),
                    settings["signature"], scoring, settings["forms"], lines)
    _check_indicators(report)
    return report


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
                            f"一级指标 {level1} without a weight",
                            f"a weight for it under scoring.weights ({weights})")


# ---------------------------------------------------------------------------- reading YAML

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when present: checking
# fifty reports reads fifty report.yaml files


def read_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    """The plain value of the YAML file ``path`` and the line of each of its keys and list
    items; one UserError line for text that is not UTF-8, malformed YAML, an alias, a key
    given twice or nesting deeper than any setting."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        line = data[:bad.start].count(b"\n") + 1
        raise UserError(Location(path, line), f"a byte 0x{data[bad.start]:02X} that is not "
                        "UTF-8 (the file is saved in another encoding, e.g. GBK)",
                        "report.yaml saved as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(where, f"malformed YAML ({problem})", "valid YAML mappings") from None
    except RecursionError:
        raise UserError(Location(path), "YAML nested too deep",
                        f"settings at most {MAX_DEPTH} levels deep") from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _plain(node, path, text, (), lines, yaml.constructor.SafeConstructor(), set()), lines


def _plain(node: yaml.Node, path: Path, text: str, at: Path_, lines: dict[Path_, int],
           scalars: yaml.constructor.SafeConstructor, seen: set[int]) -> Any:
    """``node`` as plain values, recording lines; every node is visited once, so a node met
    twice is an alias."""
    if id(node) in seen:
        raise UserError(Location(path, _first_alias_line(text)), "a YAML alias (*name)",
                        "each value written out where it is used, without anchors or aliases")
    seen.add(id(node))
    if len(at) > MAX_DEPTH:
        raise UserError(Location(path, node.start_mark.line + 1), "YAML nested too deep",
                        f"settings at most {MAX_DEPTH} levels deep")
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise UserError(Location(path, line), "a key that is not text",
                                "keys such as unit:, year:")
            key = _scalar(key_node, path, scalars)
            if key in mapping:
                raise UserError(Location(path, line), f"{key}: given twice (first at line "
                                f"{lines[(*at, key)]})", "each key once")
            lines[(*at, key)] = line
            mapping[key] = _plain(value_node, path, text, (*at, key), lines, scalars, seen)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*at, index)] = item.start_mark.line + 1
            items.append(_plain(item, path, text, (*at, index), lines, scalars, seen))
        return items
    return _scalar(node, path, scalars)


def _scalar(node: yaml.ScalarNode, path: Path, scalars: yaml.constructor.SafeConstructor) -> Any:
    """A scalar's value as YAML types it (2024 a number, 2025-09-19 a date); a date that is no
    day of the calendar (2025-02-30) is one line."""
    try:
        return scalars.construct_object(node)
    except (ValueError, yaml.YAMLError) as bad:
        date = node.tag.endswith(":timestamp")
        raise UserError(Location(path, node.start_mark.line + 1),
                        f"{node.value!r}" + (f" ({bad})" if date else f" tagged {node.tag}"),
                        "a date that exists, as YYYY-MM-DD" if date
                        else "plain text, numbers and dates") from None


def _first_alias_line(text: str) -> int:
    """The line of the first alias in ``text`` (only read when one was found)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1
