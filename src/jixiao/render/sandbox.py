"""The Jinja sandbox prose runs in: no Python internals, no files outside, bounded work.

Prose and shared blocks are content, and content can come from anywhere (a block copied from
another unit, a figure pasted into a CSV). Jinja's immutable sandbox already refuses attributes
that lead to Python internals (``''.__class__``, ``cycler.__init__.__globals__``) and calls that
change data (``预算.clear()``: the figures are shared by every document of a report). More
holes are closed here:

- a file loader reads whatever a name leads to (a symbolic link in a report folder could
  include any file on the machine): templates are read only through the report's search path
  (load/search_path.py), the one resolver, which refuses a file outside the report's folders;
- a placeholder could stall or exhaust the machine (``10 ** 10 ** 10``, ``'x' * 10 ** 9``,
  ``''|center(10 ** 10)``, ``([s] * 100000)|join``, ``lipsum(10 ** 9)``, two nested
  ``range(100000)`` loops): every operator, filter and string method that makes a value is
  refused beyond ``MAX_SIZE`` characters or items, before it makes it; the loops of one render
  share ``MAX_ITERATIONS`` turns; and a render's text stops at ``MAX_OUTPUT`` characters (an
  include or macro without end is Python's RecursionError, which rendering names where it
  comes back). A report's figures and prose are far below each;
- what a placeholder prints is text: a value (a unit's name, a figure's 单位, a string typed
  in the placeholder) is escaped for Markdown, so it never becomes markup; a macro's, a
  ``{% set %}`` block's or a ``caller()``'s text is the template's own Markdown and is not.
  The skeletons, which print rendered sections, set ``prints_text`` False.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound, nodes
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from jixiao.load.data import Figure
from jixiao.load.search_path import SearchPath
from jixiao.messages import _
from jixiao.render.markdown_safety import markdown_text

MAX_POWER_BITS = 4096  # 10 ** 1200 still fits; a report's figures are far below
MAX_SIZE = 100_000  # characters or items one operation may make
MAX_ITERATIONS = 100_000  # turns of all the loops of one render together
MAX_OUTPUT = 1_000_000  # characters one render may write (a section is a few thousand)


class ConfinedLoader(BaseLoader):
    """Templates found and read by a search path, so rendering refuses what it refuses."""

    def __init__(self, search: SearchPath):
        self.search = search

    def get_source(self, environment, template):
        path = self.search.find(template)  # Refused propagates: never read, never skipped
        if path is None:
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return self.search.read(path), str(path), uptodate


def size(value: Any, limit: int = MAX_SIZE) -> int:
    """Characters of a string, items of a sequence counting those of sequences inside it;
    counting stops past ``limit``, so a huge value costs no more than a small one."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        total = len(value)
        for item in value:
            if total > limit:
                break
            if isinstance(item, (str, list, tuple)):
                total += size(item, limit - total)
        return total
    return 0


def refuse_over(amount: int, what: str) -> None:
    if amount > MAX_SIZE:
        raise SecurityError(_("{what} would make a value too large to print").format(what=what))


def _too_big(operator: str, left: Any, right: Any) -> bool:
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            return right * math.log2(abs(left) + 1) > MAX_POWER_BITS
        return False
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            return left.bit_length() + right.bit_length() > MAX_POWER_BITS
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                return size(seq) * times > MAX_SIZE
        return False
    if operator == "+":
        return size(left) + size(right) > MAX_SIZE
    if operator == "%" and isinstance(left, str):
        return _formats_too_wide(left, right)
    return False


WIDTH = re.compile(r"\d{6,}")  # a field width of a million characters or more


def _formats_too_wide(template: str, *arguments: Any) -> bool:
    """Whether a format string (``'%10000000s'``, ``'{:>{}}'``) could pad past MAX_SIZE."""
    values = [a for arg in arguments for a in (arg if isinstance(arg, (tuple, list)) else
                                               arg.values() if isinstance(arg, dict) else [arg])]
    return (bool(WIDTH.search(template)) or size(template) > MAX_SIZE
            or any(isinstance(v, int) and v > MAX_SIZE for v in values))


def _refuse_big_string_call(method: Any, args: tuple, kwargs: dict) -> None:
    """A string method that makes a string (``center``, ``replace``, ``join``…) refused
    before it makes one past MAX_SIZE (``format`` is bounded where the sandbox wraps it)."""
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if not isinstance(owner, str):
        return
    numbers = [v for v in (*args, *kwargs.values()) if isinstance(v, int)]
    if name in ("center", "ljust", "rjust", "zfill", "expandtabs"):
        refuse_over(max([len(owner), *numbers]) * (8 if name == "expandtabs" else 1), name)
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        refuse_over(len(owner) + (owner.count(args[0]) + 1) * len(args[1]), name)
    elif name == "join" and args:
        refuse_over(size(list(args[0])) + len(owner) * size(args[0]), name)


def _bounded_filters() -> dict[str, Any]:
    """Jinja's filters that make strings or lists, refused before they make a huge one."""
    center, indent, join, replace, format_, sum_, batch, slice_ = (
        JINJA_FILTERS[name] for name in ("center", "indent", "join", "replace", "format", "sum",
                                         "batch", "slice"))

    def bounded_center(value, width=80):
        refuse_over(width if isinstance(width, int) else 0, "center")
        return center(value, width)

    def bounded_indent(value, width=4, *args, **kwargs):
        lines = str(value).count("\n") + 1
        refuse_over(len(str(value)) + lines * (width if isinstance(width, int) else
                                                len(str(width))), "indent")
        return indent(value, width, *args, **kwargs)

    def bounded_join(context, value, d="", attribute=None):
        items = list(value)
        refuse_over(size(items) + len(str(d)) * len(items), "join")
        return join(context, items, d, attribute)

    def bounded_replace(context, value, old, new, count=None):
        text = str(value)
        refuse_over(len(text) + (text.count(str(old)) + 1) * len(str(new)), "replace")
        return replace(context, value, old, new, count)

    def bounded_format(value, *args, **kwargs):
        if _formats_too_wide(str(value), args, kwargs):
            refuse_over(MAX_SIZE + 1, "format")
        return format_(value, *args, **kwargs)

    def numbers_only_sum(context, iterable, attribute=None, start=0):
        items = list(iterable)
        if attribute is None and not all(isinstance(v, (int, float)) for v in [*items, start]):
            raise SecurityError(_("sum adds numbers only"))
        return sum_(context, items, attribute, start)

    def bounded_batch(value, linecount, fill_with=None):
        refuse_over(linecount if isinstance(linecount, int) else 0, "batch")
        return batch(value, linecount, fill_with)

    def bounded_slice(context, value, slices, fill_with=None):
        refuse_over(slices if isinstance(slices, int) else 0, "slice")
        return slice_(context, value, slices, fill_with)

    for bounded, original in ((bounded_join, join), (bounded_replace, replace),
                              (numbers_only_sum, sum_), (bounded_slice, slice_)):
        bounded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return {"center": bounded_center, "indent": bounded_indent, "join": bounded_join,
            "replace": bounded_replace, "format": bounded_format, "sum": numbers_only_sum,
            "batch": bounded_batch, "slice": bounded_slice}


def _bounded_lipsum(lipsum: Any) -> Any:
    def bounded(n=5, html=True, min=20, max=100):  # noqa: A002 (Jinja's names)
        refuse_over(n * max * 12 if isinstance(n, int) and isinstance(max, int) else 0,
                    "lipsum")
        return lipsum(n, html, min, max)

    return bounded


class _CountedWork(NodeTransformer):
    """Rewrites a template so its loops count their turns and ``~`` checks its size."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "jixiao_turns", [], [], None, None,
                                 lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "jixiao_concat", [],
                            [], None, None, lineno=node.lineno)


def text_value(value: Any) -> Any:
    """What a placeholder prints: a string or figure as Markdown text, numbers as they are."""
    if isinstance(value, (str, Figure)):
        return markdown_text(str(value))
    return value


def _own_markdown(tree: nodes.Template) -> tuple[set[str], set[str]]:
    """Names whose call prints the template's own Markdown (its macros, those it imports,
    caller), and names holding it (``{% set %}`` blocks) or modules of macros."""
    callables = {"caller", "super"} | {macro.name for macro in tree.find_all(nodes.Macro)}
    modules = {"self"} | {node.target for node in tree.find_all(nodes.Import)}
    for node in tree.find_all(nodes.FromImport):
        callables |= {name[1] if isinstance(name, tuple) else name for name in node.names}
    for node in tree.find_all(nodes.AssignBlock):
        modules |= {target.name for target in node.target.find_all(nodes.Name)}
    return callables, modules


def _print_as_text(tree: nodes.Template) -> None:
    """Every ``{{ value }}`` of ``tree`` through the ``jixiao_text`` filter, but the
    template's own Markdown (a macro call, a ``{% set %}`` block)."""
    callables, holders = _own_markdown(tree)

    def own(child: nodes.Node) -> bool:
        if isinstance(child, nodes.Name):
            return child.name in holders
        if not isinstance(child, nodes.Call):
            return False
        called = child.node
        return ((isinstance(called, nodes.Name) and called.name in callables)
                or (isinstance(called, nodes.Getattr) and isinstance(called.node, nodes.Name)
                    and called.node.name in holders))

    for output in tree.find_all(nodes.Output):
        output.nodes = [child if isinstance(child, nodes.TemplateData) or own(child) else
                        nodes.Filter(child, "jixiao_text", [], [], None, None,
                                     lineno=child.lineno)
                        for child in output.nodes]


class ProseSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every way of making a large value or long work bounded."""

    intercepted_binops = frozenset({"**", "*", "+", "%"})
    prints_text = True  # placeholders print text; False where they print rendered Markdown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.update(_bounded_filters())
        self.filters["jixiao_turns"] = self._turns
        self.filters["jixiao_concat"] = self._concat
        self.filters["jixiao_text"] = text_value
        self.globals["range"] = self._range
        self.globals["lipsum"] = _bounded_lipsum(self.globals["lipsum"])
        self.turns = 0  # loop turns of the render under way
        self.joining = 0  # concat calls under way: 0 when a new render starts

    def _parse(self, source, name, filename):
        tree = _CountedWork().visit(super()._parse(source, name, filename))
        if self.prints_text:
            _print_as_text(tree)
        tree.set_environment(self)
        return tree

    def _turns(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.turns += 1
            if self.turns > MAX_ITERATIONS:
                raise SecurityError(_("loops would turn more than {turns} times").format(
                    turns=MAX_ITERATIONS))
            yield item

    @staticmethod
    def _concat(values: list) -> str:
        texts = [str(v) for v in values]
        refuse_over(sum(map(len, texts)), "~")
        return "".join(texts)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        refuse_over(len(numbers), "range")
        return numbers

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """A render's text (or a macro's within it), stopped at MAX_OUTPUT characters; a new
        render starts its count of loop turns, a macro's output within one does not."""
        if not self.joining:
            self.turns = 0
        self.joining += 1
        try:
            written, total = [], 0
            for piece in pieces:
                total += len(piece)
                if total > MAX_OUTPUT:
                    raise SecurityError(_("the text would be longer than {chars} "
                                          "characters").format(chars=MAX_OUTPUT))
                written.append(piece)
            return "".join(written)
        finally:
            self.joining -= 1

    def wrap_str_format(self, value: Any) -> Any:
        """``'…'.format`` and ``format_map`` (Jinja's sandboxed ones) refused before a field
        width pads past MAX_SIZE."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__

        def bounded(*args, **kwargs):
            if _formats_too_wide(str(template), args, kwargs):
                refuse_over(MAX_SIZE + 1, value.__name__)
            return wrapped(*args, **kwargs)

        return bounded

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if _too_big(operator, left, right):
            raise SecurityError(_("{what} would make a value too large to print").format(
                what=operator))
        return super().call_binop(context, operator, left, right)

    def call(self, __context, __obj, *args, **kwargs):  # noqa: N807 (Jinja's signature)
        _refuse_big_string_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)
