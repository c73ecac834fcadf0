"""Finding reports and reading their report.yaml.

A report is a folder holding report.yaml. Its settings are validated here, once, with the
line of report.yaml that is wrong, so that nothing later needs to doubt them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jixiao.errors import Location, UserError

REPORT_FILE = "report.yaml"

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
    """One report folder and its validated settings."""

    folder: Path
    unit_name: str
    short_name: str
    year: int
    report_date: dt.date
    documents: tuple[str, ...]
    signature: dict[str, str]
    scoring: Scoring
    settings: dict[str, Any] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # texts of the forms (厉行节约保障措施 …)

    @property
    def data_folder(self) -> Path:
        return self.folder / "data"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that remembers the line of every mapping key (libyaml's when present:
    checking fifty reports reads fifty report.yaml files)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {loader.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__lines__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def find_reports(root: Path) -> list[Path]:
    """Every report folder below ``root`` (or ``root`` itself), in a stable order; a hidden
    folder (new-year's staging, an editor's) holds none."""
    if (root / REPORT_FILE).is_file():
        return [root]
    return sorted(path.parent for path in root.rglob(REPORT_FILE)
                  if not any(part.startswith(".") for part in path.relative_to(root).parts))


def key_line(folder: Path, key: str) -> Location:
    """Where the top-level ``key:`` of ``folder``/report.yaml stands, for later messages."""
    path = folder / REPORT_FILE
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return Location(path, number)
    return Location(path)


def load_report(folder: Path) -> Report:
    """Read and validate ``folder``/report.yaml."""
    path = folder / REPORT_FILE
    if not path.is_file():
        raise UserError(path, "no report.yaml", "a report folder holding report.yaml")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(where, f"malformed YAML ({problem})", "valid YAML mappings") from None
    if not isinstance(raw, dict):
        raise UserError(Location(path, 1), "not a mapping", "keys such as unit:, year:")
    return _validate(folder, path, raw)


def _validate(folder: Path, path: Path, raw: dict) -> Report:
    lines = raw.get("__lines__", {})

    def where(key: str, within: dict | None = None) -> Location:
        table = (within or raw).get("__lines__", lines)
        return Location(path, table.get(key, 1))

    def need(mapping: dict, key: str, kind: type, expected: str) -> Any:
        if key not in mapping:
            line = Location(path, 1) if mapping is raw else where(key, mapping)
            raise UserError(line, f"no {key}:", expected)
        value = mapping[key]
        if not isinstance(value, kind) or value in ("", None):
            raise UserError(where(key, mapping), f"{key}: {value!r}", expected)
        return value

    unit = need(raw, "unit", dict, "unit: with name: and short_name:")
    name = need(unit, "name", str, "the unit's full name (单位全称)")
    short = need(unit, "short_name", str, "the unit's short name (简称)")
    if set(short) & FILE_NAME_UNSAFE:
        raise UserError(where("short_name", unit), f"short_name: {short!r}",
                        "a short name without / \\ : * ? \" < > | (it names the output files)")
    year = need(raw, "year", int, "the year evaluated, e.g. 2024")
    if not 2000 <= year <= 2100:
        raise UserError(where("year"), f"year: {year}", "a year between 2000 and 2100")
    date = need(raw, "report_date", dt.date, "the report date as YYYY-MM-DD")
    documents = tuple(raw.get("documents", ["整体", "项目"]))
    signature_raw = raw.get("signature", {}) or {}
    if not isinstance(signature_raw, dict):
        raise UserError(where("signature"), "signature: not a mapping",
                        "填表人:, 填报日期:, 联系电话:, 单位负责人签字:")
    signature = {key: _text(signature_raw.get(key)) for key in SIGNATURE_FIELDS}
    scoring_raw = raw.get("scoring", {}) or {}
    if not isinstance(scoring_raw, dict):
        raise UserError(where("scoring"), f"scoring: {scoring_raw!r}",
                        "weights:, indicators:, bands:, grades:, score_places:, change_basis:")
    scoring = Scoring(
        weights=_mapping(scoring_raw, "weights", where("scoring")) or dict(DEFAULT_WEIGHTS),
        bands=_mapping(scoring_raw, "bands", where("scoring")) or dict(DEFAULT_BANDS),
        grades=_mapping(scoring_raw, "grades", where("scoring")) or dict(DEFAULT_GRADES),
        score_places=int(scoring_raw.get("score_places", 2)),
        change_basis=str(scoring_raw.get("change_basis", "决算")),
        indicators=_strip_lines(scoring_raw.get("indicators", DEFAULT_INDICATORS)),
    )
    for weight_name, weight in scoring.weights.items():
        if not isinstance(weight, (int, float)) or weight < 0:
            raise UserError(where("scoring"), f"weight {weight_name}: {weight!r}",
                            "a number ≥ 0")
    for band, edges in scoring.bands.items():
        if not (isinstance(edges, list) and len(edges) == 2
                and all(isinstance(e, (int, float)) for e in edges) and 0 <= edges[0] <= edges[1]):
            raise UserError(where("scoring"), f"band {band}: {edges!r}",
                            "[low, high], shares of 分值 with 0 ≤ low ≤ high")
    for grade_name, threshold in scoring.grades.items():
        if not isinstance(threshold, (int, float)):
            raise UserError(where("scoring"), f"grade {grade_name}: {threshold!r}",
                            "the lowest 总分 of that grade, a number")
    _check_indicators(scoring, where("scoring"))
    forms = _forms(raw.get("forms") or {}, where("forms"))
    return Report(folder, name, short, year, date, documents, signature, scoring,
                  _strip_lines(raw), forms)


def _mapping(scoring_raw: dict, key: str, where: Location) -> dict:
    """scoring.<key> as a mapping; an empty one when not given.

    A mapping given replaces the default whole: a scheme that has no 成本指标, or other band
    names, must not inherit the defaults' entries.
    """
    value = _strip_lines(scoring_raw.get(key) or {})
    if not isinstance(value, dict):
        raise UserError(where, f"{key}: {value!r}", "a mapping (name: value)")
    return value


def _check_indicators(scoring: Scoring, where: Location) -> None:
    """scoring.indicators maps each 一级指标 that has a weight to its list of 二级指标."""
    levels = scoring.indicators
    if not isinstance(levels, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in levels.values()):
        raise UserError(where, f"indicators: {levels!r}",
                        "a mapping of each 一级指标 to its list of 二级指标")
    for level1 in levels:
        if level1 not in scoring.weights:
            raise UserError(where, f"一级指标 {level1} without a weight",
                            f"a weight for it under scoring.weights ({', '.join(scoring.weights)})")


FORM_TEXTS = ("厉行节约保障措施", "说明")


def _forms(raw: Any, where: Location) -> dict[str, str]:
    """forms: the free texts of the forms, each a string (blank when not given)."""
    if not isinstance(raw, dict):
        raise UserError(where, "forms: not a mapping", " and ".join(FORM_TEXTS) + " as texts")
    texts = _strip_lines(raw)
    for key, value in texts.items():
        if key not in FORM_TEXTS or not isinstance(value, str):
            raise UserError(where, f"forms: {key}: {value!r}",
                            "texts under " + " and ".join(f"{k}:" for k in FORM_TEXTS))
    return {key: texts.get(key, "").strip() for key in FORM_TEXTS}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
