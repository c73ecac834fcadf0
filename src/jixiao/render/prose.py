"""Prose: Jinja turns section files and skeletons into one Markdown document.

The environment is sandboxed (prose cannot reach Python internals, change data or read files
outside its folders: see sandbox.py) and strict (a placeholder naming data that does not exist
is an error with its file and line, never an empty string).
Section files and included blocks are found on the report's search path (load/search_path.py):
its folder, its unit's folders above it, then content/blocks/ — the nearest file wins. A
template names what it includes or imports in quotes: a name computed from a variable is
refused, so that the blocks a report reads follow from its files (the build stamp and
``invoke blocks`` read them without rendering).

``render_section`` is the one way a section becomes Markdown: the build calls it, and so does
the check (in the tracing environment of render/traced.py), so a section the check passes is
one the build renders. Every way a template can fail is one line at its file and line.
"""

from __future__ import annotations

import re
import traceback
from collections import OrderedDict
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.exceptions import SecurityError, TemplateNotFound, UndefinedError

from jixiao.derive.arithmetic import change as relative_change
from jixiao.errors import Location, UserError
from jixiao.load.search_path import Refused, SearchPath
from jixiao.messages import _
from jixiao.numbers import fixed, format_change, format_count, format_percent, format_plain
from jixiao.render.markdown_safety import refuse_unsafe_markdown
from jixiao.render.sandbox import ConfinedLoader, ProseSandbox


class Namespace(dict):
    """A group of figures prose reaches by name: ``{{ 预算.执行率 | percent }}``."""

    def __init__(self, label: str, values: dict[str, Any], hint: str = ""):
        super().__init__(values)
        self.label = label
        self.hint = hint  # what the group needs when it is empty, e.g. last year's report


class DataUndefined(StrictUndefined):
    """Says which group was asked for what, and what it does hold."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:  # the sandbox's "access to attribute … is unsafe"
            return self._undefined_hint
        owner = self._undefined_obj
        if isinstance(owner, Namespace) and not owner and owner.hint:
            return _("placeholder {group}.{name} names data that does not exist; expected "
                     "{hint}").format(group=owner.label, name=self._undefined_name,
                                      hint=owner.hint)
        if isinstance(owner, Namespace):
            known = "、".join(list(owner)[:12])
            return _("placeholder {group}.{name} names data that does not exist; expected one "
                     "of {known}").format(group=owner.label, name=self._undefined_name,
                                          known=known)
        return _("placeholder {name} names data that does not exist").format(
            name=repr(self._undefined_name))


def amount(value: Any) -> str:
    """万元 with two decimals; a blank amount reads 0.00 in prose."""
    return fixed(float(value) if value is not None else 0.0, 2)


def percent(value: Any) -> str:
    """A ratio as a percentage with two decimals: 0.857925 → 85.79%."""
    return format_percent(0.0 if value is None else float(value))


def change(value: Any) -> str:
    """A change in words with its absolute value: −0.5700 → 下降57.00%."""
    return format_change(None if value is None else float(value))


def count(value: Any) -> str:
    return format_count(0.0 if value is None else float(value))


def plain(value: Any) -> str:
    return format_plain(None if value is None else float(value))


FILTERS = {"amount": amount, "percent": percent, "change": change, "count": count,
           "plain": plain}


def year_on_year(current: Any, previous: Any) -> float | None:
    """同比 of two figures: ``{{ 同比(成效.净入库税收, 上年.成效.净入库税收) | change }}``."""
    return relative_change(None if current is None else float(current),
                           None if previous is None else float(previous))


GLOBALS = {"同比": year_on_year}


TEMPLATE_TAGS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
UNCLOSED_COMMENT = "Missing end of comment tag"


class ComputedName(TemplateSyntaxError):
    """An include, import or extends whose template name is computed when rendering."""


class TemplateFailure(UserError):
    """A section or block that cannot be rendered: a placeholder or tag that fails."""


class IncludeFailure(TemplateFailure):
    """An include naming no file on the search path, or one the report may not read."""


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, by template name and source, for every environment
    of one class: a shared block, or a section copied to many reports, is compiled once.

    Compiled code depends only on the source and the environment's options, which
    ``environment()`` makes the same for every environment of a class, and on the file a
    template came from only through the name its code carries (a template takes its file name,
    which tracebacks show, from its code): the key leaves the file out, and the code a file
    gets carries that file's name.
    """

    SIZE = 1024

    def __init__(self):
        self.codes: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is not None and filename:
            bucket.code = bucket.code.replace(co_filename=filename)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        key = (bucket.key, bucket.checksum)
        if key in self.codes:
            self.codes.move_to_end(key)
            bucket.code = self.codes[key]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[(bucket.key, bucket.checksum)] = bucket.code
        while len(self.codes) > self.SIZE:
            self.codes.popitem(last=False)


class ProseEnvironment(ProseSandbox):
    """The sandbox, refusing a template name computed from a variable when it parses."""

    compiled: CompiledTemplates = CompiledTemplates()  # each subclass keeps its own

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(TEMPLATE_TAGS):
            try:
                node.template.as_const()
            except nodes.Impossible:
                raise ComputedName(_("a template name computed from a variable"), node.lineno,
                                   name, filename) from None
        return tree

    def render_text(self, template, context: dict[str, Any]) -> str:
        """What ``template`` renders to with ``context``."""
        return template.render(context)

    def failure_location(self, where: Location) -> Location:
        """Where a rendering that failed at ``where`` failed, as precisely as known."""
        return where


def environment(search: SearchPath,
                kind: type[ProseEnvironment] = ProseEnvironment) -> ProseEnvironment:
    """The environment of templates found on ``search``; ``kind`` another class of it (the
    tracing one of the checks)."""
    env = kind(
        loader=ConfinedLoader(search),
        bytecode_cache=kind.compiled,
        undefined=DataUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


def _template_line(exc: BaseException, fallback: Path) -> Location:
    """The file and line of the template frame where ``exc`` arose (Jinja rewrites frames)."""
    lineno = getattr(exc, "lineno", None)
    # A syntax error the lexer finds carries its file as the template's name.
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if filename and lineno and Path(filename).is_file():
        return Location(Path(filename), lineno)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py"):
            return Location(Path(frame.filename), frame.lineno)
    return Location(fallback)


def _endless_loop(exc: RecursionError, fallback: Path) -> tuple[Location, str]:
    """Where an endless include or macro loop first comes back, and the loop as places: the
    first template line the failing stack holds twice, the same whichever stack depth the
    rendering started at."""
    frames = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(exc.__traceback__)
              if frame.filename and not frame.filename.endswith(".py")]
    seen: dict[tuple[str, int], int] = {}
    for index, frame in enumerate(frames):
        if frame in seen:
            places = [Location(Path(name), line) for name, line in frames[seen[frame]:index + 1]]
            if len(places) == 2:
                return places[0], _("it includes or calls itself")
            return places[0], " → ".join(map(str, places))
        seen[frame] = index
    return _template_line(exc, fallback), _("it includes or calls itself")


def syntax_failure(exc: TemplateSyntaxError, where: Location) -> TemplateFailure:
    """A template that does not parse, as its one line at ``where``."""
    if isinstance(exc, ComputedName):
        return TemplateFailure(where, exc.message, _("the block's file name in quotes, "
                                                     "{% include \"改进措施.md\" %}, so that a "
                                                     "build knows which blocks it reads"))
    if exc.message == UNCLOSED_COMMENT:
        return TemplateFailure(where, _("{# opens a comment that is never closed"),
                               _("#} to close it, or {{ '{#' }} to print {# as text"))
    return TemplateFailure(where, _("template syntax: {problem}").format(
        problem=(exc.message or "").rstrip(".")), _("{{ name }} placeholders and {% %} tags "
                                                    "closed"))


def render_file(env: ProseEnvironment, name: str, context: dict[str, Any],
                origin: Path) -> str:
    """Render template ``name`` (found on ``env``'s search path) with ``context``."""
    def at(exc: BaseException) -> Location:
        return env.failure_location(_template_line(exc, origin))

    searched = env.loader.search
    try:
        return env.render_text(env.get_template(name), context)
    except TemplateNotFound as exc:
        raise IncludeFailure(at(exc), _("no file {name} to include").format(name=exc.name),
                             _("a file of that name in {searched}").format(
                                 searched=searched)) from None
    except Refused as exc:
        raise IncludeFailure(at(exc), str(exc),
                             _("a block (.md) in {searched}").format(searched=searched)) from None
    except TemplateSyntaxError as exc:
        raise syntax_failure(exc, at(exc)) from None
    except SecurityError as exc:
        raise TemplateFailure(at(exc), _("unsafe placeholder: {problem}").format(
            problem=_security_problem(str(exc))),
            _("placeholders that name report data")) from None
    except UndefinedError as exc:
        raise TemplateFailure(at(exc), exc.message or _("undefined placeholder"),
                              None) from None
    except TemplateError as exc:
        raise TemplateFailure(at(exc), str(exc), None) from None
    except RecursionError as exc:
        where, loop = _endless_loop(exc, origin)
        raise TemplateFailure(env.failure_location(where),
                              _("an include or macro that never ends: {loop}").format(loop=loop),
                              _("blocks that do not include themselves and macros that stop "
                                "calling themselves")) from None
    except OverflowError as exc:
        raise TemplateFailure(at(exc), _("a placeholder's value is too large ({problem})")
                              .format(problem=exc),
                              _("placeholders that name report data")) from None
    except (TypeError, ValueError) as exc:
        raise TemplateFailure(at(exc), _("a placeholder failed: {problem}").format(problem=exc),
                              _("a filter applied to a number")) from None
    except (LookupError, ArithmeticError) as exc:
        raise TemplateFailure(at(exc), _("a placeholder failed: {problem}").format(
            problem=f"{type(exc).__name__}: {exc}"),
            _("placeholders that name report data")) from None


def render_section(env: ProseEnvironment, name: str, context: dict[str, Any],
                   origin: Path) -> str:
    """The Markdown body of section ``name`` (the file ``origin``), refused as the documents
    refuse it: what the build prints, and what the check reads."""
    body = render_file(env, name, context, origin)
    refuse_unsafe_markdown(body, lambda line: _line_origin(env, name, context, origin, body,
                                                           line))
    return body


def _line_origin(env: ProseEnvironment, name: str, context: dict[str, Any], origin: Path,
                 body: str, line: int) -> Location:
    """The file and line that line ``line`` of the rendered ``body`` came from: its first
    printed character's source, rendered again with positions kept when ``body`` has none
    (the build's plain text), so build and check name the same place."""
    if not hasattr(body, "origin"):
        from jixiao.render.traced import TracedEnvironment

        body = render_file(environment(env.loader.search, TracedEnvironment), name, context,
                           origin)
    lines = body.split("\n")
    text = lines[line - 1]
    start = sum(len(before) + 1 for before in lines[:line - 1]) + len(text) - len(text.lstrip())
    where, _printed = body.origin(min(start, max(len(body) - 1, 0)))
    return Location(where.path, where.line)


_UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '([^']*)' of '[^']*' object is unsafe")


def _security_problem(text: str) -> str:
    """Jinja's refusal in the user's words: the attribute named, not Python's type of the
    value it was asked of (a writer knows 预算, not ``Namespace``)."""
    refused = _UNSAFE_ATTRIBUTE.match(text)
    if refused:
        return _("access to attribute '{name}' is unsafe").format(name=refused.group(1))
    return text.rstrip(".")
