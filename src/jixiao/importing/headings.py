"""Typed heading numbers and official titles, recognised as clerks type them.

A clerk types 一、 or 1、 or （二） or (2) before a heading, with half- or full-width brackets,
spaces anywhere, and words slightly changed ("存在问题及原因分析" for "存在的问题及原因分析").
Titles are compared after normalising all of that away; a near title still matches.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

CHINESE_DIGITS = "一二三四五六七八九十"
NUMBER = re.compile(
    r"^\s*(?:"
    r"(?P<paren>[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）])"
    r"|(?P<chinese>[一二三四五六七八九十]+\s*[、.．，,])"
    r"|(?P<arabic>\d+\s*(?:[、．，,]|\.(?!\d)))"
    r"|(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩])"
    r")\s*")
FAMILY_ORDER = ("chinese", "paren", "arabic", "circled")
SPACES = re.compile(r"\s+")
FULL_WIDTH = str.maketrans("（）：，；", "():,;")
MATCH_RATIO = 0.8
HEADING_CHARS = 30


def typed_number(text: str) -> tuple[str | None, str]:
    """The family of the typed number leading ``text`` (chinese 一、, paren （一）/(1),
    arabic 1、/1., circled ①) or None, and the text after it."""
    match = NUMBER.match(text)
    if not match:
        return None, text.strip()
    family = next(name for name in FAMILY_ORDER if match.group(name))
    return family, text[match.end():].strip()


@lru_cache(maxsize=4096)
def normal(text: str) -> str:
    """A title for comparison: no typed number, no spaces, half-width brackets, no end stop."""
    _, rest = typed_number(text)
    return SPACES.sub("", rest).translate(FULL_WIDTH).rstrip("。.:;")


def collapse(text: str) -> str:
    """Text with its runs of whitespace (line breaks, ideographic spaces) as one space."""
    return SPACES.sub(" ", text).strip()


def title_matches(typed: str, official: str) -> float:
    """How well the typed title matches the official one: 1 when equal once normalised,
    the similarity ratio when near enough, else 0."""
    a, b = normal(typed), normal(official)
    if not a:
        return 0.0
    if a == b:
        return 1.0
    if a.replace("的", "") == b.replace("的", ""):
        return 0.99
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < MATCH_RATIO or matcher.quick_ratio() < MATCH_RATIO:
        return 0.0  # the bounds are cheap; most paragraphs are far from every title
    ratio = matcher.ratio()
    return ratio if ratio >= MATCH_RATIO else 0.0


def subheading(text: str) -> str | None:
    """The words of a typed subheading ("（二）项目资金使用管理情况。"), or None for a
    paragraph: a subheading has a typed number, is short and holds no sentence inside."""
    family, rest = typed_number(text)
    if family is None or "\n" in text.strip():
        return None
    words = rest.rstrip("。.").strip()
    if not words or len(words) > HEADING_CHARS or re.search(r"[。；;：:！？!?]", words):
        return None
    return words
