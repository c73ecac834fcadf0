"""Prose: Jinja turns section files and skeletons into one Markdown document.

The environment is sandboxed (prose cannot reach Python internals, change data or read files
outside its folders: see sandbox.py) and strict (a placeholder naming data that does not exist
is an error with its file and line, never an empty string).
Section files and included blocks are found on a search path: the report's folder, then each
parent folder up to content/, then content/blocks/ — the nearest file wins.
"""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateNotFound, UndefinedError

from jixiao.derive.arithmetic import change as relative_change
from jixiao.errors import Location, UserError, display_path
from jixiao.load.data import Figure
from jixiao.numbers import fixed, format_change, format_count, format_percent, format_plain
from jixiao.render.markdown_safety import markdown_text
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
            return (f"placeholder {owner.label}.{self._undefined_name} names data that does "
                    f"not exist; expected {owner.hint}")
        if isinstance(owner, Namespace):
            known = "、".join(list(owner)[:12])
            return (f"placeholder {owner.label}.{self._undefined_name} names data that does "
                    f"not exist; expected one of {known}")
        return f"placeholder {self._undefined_name!r} names data that does not exist"


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


def text_value(value: Any) -> Any:
    """What a placeholder prints: its text escaped for Markdown, so a data or settings string
    (a unit's name, a figure's unit) reads as text and never as markup; numbers as they are."""
    if isinstance(value, (str, Figure)):
        return markdown_text(str(value))
    return value


def environment(folders: Iterable[Path], text_values: bool = True) -> ProseSandbox:
    """The sandbox for prose on the search path ``folders``; ``text_values`` False for the
    skeletons, whose placeholders insert Markdown jixiao made (the rendered sections)."""
    env = ProseSandbox(
        loader=ConfinedLoader(folders),
        finalize=text_value if text_values else None,
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
    filename = getattr(exc, "filename", None)
    if filename and lineno:
        return Location(Path(filename), lineno)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py"):
            return Location(Path(frame.filename), frame.lineno)
    return Location(fallback)


def _repeated_line(exc: BaseException, fallback: Path) -> Location:
    """The template line a runaway recursion passed most often: the include that repeats."""
    frames = Counter((frame.filename, frame.lineno)
                     for frame in traceback.extract_tb(exc.__traceback__)
                     if frame.filename and not frame.filename.endswith(".py"))
    if not frames:
        return Location(fallback)
    (filename, lineno), _ = frames.most_common(1)[0]
    return Location(Path(filename), lineno)


def render_file(env: ProseSandbox, name: str, context: dict[str, Any],
                origin: Path) -> str:
    """Render template ``name`` (found on ``env``'s search path) with ``context``."""
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        where = _template_line(exc, origin)
        searched = ", ".join(display_path(p) for p in env.loader.searchpath)
        raise UserError(where, f"no file {exc.name} to include",
                        f"a file of that name in {searched}") from None
    except TemplateSyntaxError as exc:
        raise UserError(_template_line(exc, origin), f"template syntax: {exc.message}",
                        "{{ name }} placeholders and {% %} tags closed") from None
    except SecurityError as exc:
        raise UserError(_template_line(exc, origin), f"unsafe placeholder: {str(exc).rstrip('.')}",
                        "placeholders that name report data") from None
    except UndefinedError as exc:
        raise UserError(_template_line(exc, origin), exc.message or "undefined placeholder",
                        None) from None
    except TemplateError as exc:
        raise UserError(_template_line(exc, origin), str(exc), None) from None
    except RecursionError as exc:
        raise UserError(_repeated_line(exc, origin), "includes nest without end",
                        "no block that includes itself, directly or through another") from None
    except OverflowError as exc:
        raise UserError(_template_line(exc, origin), f"a placeholder's value is too large ({exc})",
                        "placeholders that name report data") from None
    except (TypeError, ValueError) as exc:
        raise UserError(_template_line(exc, origin), f"a placeholder failed: {exc}",
                        "a filter applied to a number") from None
