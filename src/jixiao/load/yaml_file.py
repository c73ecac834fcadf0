"""Reading a YAML file jixiao declares (report.yaml, a template's files) with the line of
every key and list item, so a later finding names its own line.

Read as UTF-8 without anchors or aliases: a settings file has no use for them, and refusing
them keeps a nest of aliases (a "billion laughs") from filling memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from jixiao.errors import Location, UserError
from jixiao.messages import N_, _

MAX_DEPTH = 8  # report.yaml's deepest value is scoring.bands.<band>.<edge>: 4 levels
TEMPLATE_DEPTH = 40  # a form's rows nest a block per level of its indicator groups
Path_ = tuple[Any, ...]  # a value's place in the file: its keys (and list indexes) from the top


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when present: checking
# fifty reports reads fifty report.yaml files


def read_yaml(path: Path, depth: int = MAX_DEPTH) -> tuple[Any, dict[Path_, int]]:
    """The plain value of the YAML file ``path`` and the line of each of its keys and list
    items; one UserError line for text that is not UTF-8, malformed YAML, an alias, a key
    given twice or nesting deeper than ``depth``."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        line = data[:bad.start].count(b"\n") + 1
        raise UserError(Location(path, line),
                        _("a byte 0x{byte:02X} that is not UTF-8 (the file is saved in another "
                          "encoding, e.g. GBK)").format(byte=data[bad.start]),
                        _("{name} saved as UTF-8").format(name=path.name)) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(where, _("malformed YAML ({problem})").format(problem=problem),
                        _("valid YAML mappings")) from None
    except RecursionError:
        raise UserError(Location(path), _("YAML nested too deep"),
                        _("settings at most {depth} levels deep").format(depth=depth)) from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _plain(node, path, text, (), lines, yaml.constructor.SafeConstructor(), set(),
                  depth), lines


def _plain(node: yaml.Node, path: Path, text: str, at: Path_, lines: dict[Path_, int],
           scalars: yaml.constructor.SafeConstructor, seen: set[int], depth: int) -> Any:
    """``node`` as plain values, recording lines; every node is visited once, so a node met
    twice is an alias."""
    if id(node) in seen:
        raise UserError(Location(path, _first_alias_line(text)), _("a YAML alias (*name)"),
                        _("each value written out where it is used, without anchors or aliases"))
    seen.add(id(node))
    if len(at) > depth:
        raise UserError(Location(path, node.start_mark.line + 1), _("YAML nested too deep"),
                        _("settings at most {depth} levels deep").format(depth=depth))
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise UserError(Location(path, line), _("a key that is not text"),
                                _("keys such as unit:, year:"))
            key = _scalar(key_node, path, scalars)
            if key in mapping:
                raise UserError(Location(path, line),
                                _("{key}: given twice (first at line {line})").format(
                                    key=key, line=lines[(*at, key)]), _("each key once"))
            lines[(*at, key)] = line
            mapping[key] = _plain(value_node, path, text, (*at, key), lines, scalars, seen,
                                  depth)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*at, index)] = item.start_mark.line + 1
            items.append(_plain(item, path, text, (*at, index), lines, scalars, seen, depth))
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
                        _("{value} ({problem})").format(value=repr(node.value),
                                                        problem=_(str(bad))) if date
                        else _("{value} tagged {tag}").format(value=repr(node.value), tag=node.tag),
                        _("a date that exists, as YYYY-MM-DD") if date
                        else _("plain text, numbers and dates")) from None


# Python's words for a date that is no day of the calendar, so that the catalogue translates them.
DATE_PROBLEMS = (N_("day is out of range for month"), N_("month must be in 1..12"))


def _first_alias_line(text: str) -> int:
    """The line of the first alias in ``text`` (only read when one was found)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1
