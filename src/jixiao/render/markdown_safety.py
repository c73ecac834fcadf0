"""What rendered prose may hold, judged by what pandoc reads in it: text and tables.

Raw output (```` ```{=openxml} ````, `` `…`{ =typst} ``, a raw span in a table cell, a TeX
command) passes code straight to a writer; an image makes pandoc or typst read a file; a YAML
metadata block sets document properties in the DOCX only; a horizontal rule and math have no
faithful form in both outputs, nor has a link to a place in the document (headings carry no
targets); a styled block (``::: {.x}``, ``<div class="x">``) names a function of the typst
page by the writer's text. Prose holding any of them is refused with its
file and line, after placeholders are filled.

The judge is pandoc itself, reading with the conversion's own reader (jixiao.markdown.READER),
so no spelling of a construct gets past: the section is read as JSON, followed by a mark that a
construct left open would swallow, and every element is walked. A section holding none of the
characters every such construct needs (`` ` ``, ``~``, ``<``, ``\\``, ``!``, ``$``, ``:``, ``[``,
or a line of three ``-``, ``*`` or ``_``) cannot hold one, and pandoc is not run for it: most
sections are plain text under ``##`` headings, and the example's cost nothing. Only on a
refusal is the section read again, line prefix by line prefix, to find the line. jixiao's own
raw content is not prose: the forms are added after this check, and a paragraph holding only
``\\newpage`` (filters/page-break.lua) is the one raw block prose may write. Inline HTML is
not refused but printed as typed (filters/text-as-typed.lua).

Data and settings strings (a unit's name, a figure's unit, report.yaml's 填表人 and 说明) enter
the documents through ``markdown_text``, escaped so that Markdown reads them as the text they
are: they can never become markup at all.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jixiao.errors import Location, UserError
from jixiao.markdown import READER, RTS, pandoc_path
from jixiao.messages import N_, _

TEXT_ONLY = N_("text and tables only")
PAGE_BREAK = re.compile(r"^\s*\\newpage\s*$")  # as filters/page-break.lua reads it
SHOWN_CHARS = 40  # of an offending element, in its line
CLOSED = N_("every ``` fence, ::: block and HTML tag closed (pandoc reads a </div> only on a "
           "line of its own)")


@dataclass(frozen=True)
class Offence:
    """What pandoc read that prose may not hold, and what belongs there: a refusal's line."""

    found: str
    expected: str


def _short(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= SHOWN_CHARS else line[:SHOWN_CHARS] + "…"


def _raw(found: str, fmt: str, text: str) -> Offence:
    """``found``: the message naming a raw block or a raw inline, with {format} and {text}."""
    if fmt in ("tex", "latex"):
        return Offence(_("raw TeX {text}").format(text=_short(text)),
                       _("text and tables only (write \\\\ for a backslash)"))
    return Offence(found.format(format=fmt, text=_short(text)).rstrip(), _(TEXT_ONLY))


def _walk(node) -> Iterator[Offence]:
    """Every offence in a pandoc JSON element or list of them."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    kind, content = node["t"], node.get("c")
    if kind == "RawBlock":
        fmt, text = content
        if PAGE_BREAK.match(text) and fmt in ("tex", "latex"):
            yield Offence(_("\\newpage inside a list, quote or block"),
                          _("\\newpage in a paragraph of its own"))
        else:
            yield _raw(_("raw {format} block {text}"), fmt, text)
    elif kind == "RawInline":
        fmt, text = content
        if fmt == "html" and re.match(r"<img\b", text, re.IGNORECASE):
            yield Offence(_("HTML image {text}").format(text=_short(text)), _(TEXT_ONLY))
        elif fmt != "html":  # inline HTML prints as typed
            yield _raw(_("raw {format} inline {text}"), fmt, text)
    elif kind == "Image":
        _attributes, alt, (src, _title) = content
        yield Offence(_("image {image}").format(image=f"![{_stringify(alt)}]({src})"),
                      _(TEXT_ONLY))
    elif kind == "Link" and content[2][0].startswith("#"):
        target = content[2][0]
        yield Offence(_("a link within the document {link}").format(
                          link=f"[{_stringify(content[1])}]({target})"),
                      _("text and tables only (headings carry no link targets)"))
    elif kind == "HorizontalRule":
        yield Offence(_("a horizontal rule (---)"),
                      _("text and tables only; \\newpage in a paragraph of its own for a new page"))
    elif kind == "Math":
        yield Offence(_("math {math}").format(math=f"${_short(content[1])}$"),
                      _("text and tables only (write \\$ for a dollar sign)"))
    elif kind == "Div" and (content[0][1] or content[0][2]):
        _identifier, classes, attributes = content[0]
        names = [f".{c}" for c in classes] + [f'{k}="{v}"' for k, v in attributes]
        yield Offence(_("a styled block {names}").format(names="{" + " ".join(names) + "}"),
                      _(TEXT_ONLY))
    if content is not None and kind != "RawBlock":
        yield from _walk(content)


def _stringify(inlines) -> str:
    return "".join(item["c"] if item.get("t") == "Str" else " " for item in inlines
                   if isinstance(item, dict))


def _is_page_break(block) -> bool:
    return (block.get("t") == "RawBlock" and block["c"][0] in ("tex", "latex")
            and bool(PAGE_BREAK.match(block["c"][1])))


def _block_offences(blocks: list) -> Iterator[Offence]:
    for block in blocks:
        if not _is_page_break(block):
            yield from _walk(block)


class _Unreadable(Exception):
    """pandoc refused the text itself (a metadata block that is not YAML, say)."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


LEAD = "jixiao-begin"  # stands first, as the cover does in a document: no prose is its start


def _read(text: str) -> dict:
    """pandoc's JSON document of ``text``, read with the conversion's reader as it reads a
    section: after other blocks (at a document's start, ``% title`` would be metadata)."""
    done = subprocess.run([pandoc_path(), *RTS, "--sandbox", f"--from={READER}", "--to=json"],
                          input=f"{LEAD}\n\n{text}".encode(), capture_output=True,
                          check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        line = re.search(r"\(line (\d+), column", message)
        raise _Unreadable(message.splitlines()[0] if message else _("unreadable Markdown"),
                          int(line.group(1)) if line else None)
    document = json.loads(done.stdout)
    document["blocks"] = document["blocks"][1:]  # the lead paragraph
    return document


def _is_mark(block, mark: str) -> bool:
    return block.get("t") == "Para" and block.get("c") == [{"t": "Str", "c": mark}]


def _problems(document: dict, blocks: list, closed: bool) -> Iterator[Offence]:
    """A section's offences: its metadata, its elements, and whether it ran past its end."""
    if document["meta"]:
        yield Offence(_("a YAML metadata block (---, name: value lines, ---)"),
                      _("text and tables only; a line of --- followed by name: value lines is "
                        "read as document metadata"))
    yield from _block_offences(blocks)
    if not closed:
        last = blocks[-1]["t"] if blocks else "block"
        opened = {"CodeBlock": _("a ``` fence"), "Div": _("a ::: block or <div>")}
        yield Offence(_("{block} left open at the end of the section").format(
            block=opened.get(last, "a " + last)), _(CLOSED))


def _section_problems(body: str) -> list[Offence]:
    """What pandoc reads in ``body`` alone that prose may not hold."""
    mark = f"jixiao-end-{secrets.token_hex(8)}"
    try:
        document = _read(f"{body}\n\n{mark}\n")
    except _Unreadable as exc:
        return [Offence(_("Markdown pandoc cannot read: {problem}").format(problem=exc),
                        _(TEXT_ONLY))]
    blocks = document["blocks"]
    closed = bool(blocks) and _is_mark(blocks[-1], mark)
    return list(_problems(document, blocks[:-1] if closed else blocks, closed))


def _first_line(body: str) -> int:
    """The line where the first problem of ``body`` starts.

    Binary searches: the shortest prefix of lines that holds a problem ends on its last line;
    the shortest tail of that prefix that still holds it starts on its first (the opening
    ``` of a raw block, the --- of a metadata block).
    """
    lines = body.split("\n")

    def holds(first: int, last: int) -> bool:
        return bool(_section_problems("\n".join(lines[first - 1:last])))

    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if holds(1, middle) else (middle + 1, high)
    end, low = high, 1
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if holds(middle, end) else (low, middle - 1)
    return low


MIGHT_OFFEND = re.compile(r"[`~<\\!$:\[]|^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)


def refuse_unsafe_markdown(body: str, place: Callable[[int], Location]) -> None:
    """Raise UserError at the first thing but text and tables pandoc reads in ``body``, a
    rendered section; ``place`` gives the file and line a line of ``body`` came from."""
    if not MIGHT_OFFEND.search(body):
        return
    problems = _section_problems(body)
    if problems:
        raise UserError(place(_first_line(body)), problems[0].found, problems[0].expected)


# Data and settings strings as Markdown text ---------------------------------------------

MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~^$@&!])")
LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=:%])")


def _escape_line(line: str) -> str:
    line = MARKUP.sub(r"\\\1", line)
    return LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that reads back as exactly that text, on its lines.

    Every character Markdown could read as markup is escaped (pandoc prints an escaped
    character as itself); a line break in ``text`` stays a line break, never a new block.
    """
    lines = [_escape_line(line) for line in str(text).splitlines() if line.strip()]
    return "\\\n".join(lines)
