"""The words a user reads, in their language: a gettext catalogue per language, Chinese first.

Messages are written in English in the code, wrapped in ``_()``, and looked up in the catalogue
of the chosen language: ``locale/<lang>/LC_MESSAGES/jixiao.po`` beside this module is the one a
translator edits, and ``jixiao.mo`` beside it the same catalogue compiled (``invoke messages``),
which Python's gettext reads in a millisecond where parsing the .po takes some 80 ms of every
command. A test compiles each .po afresh and fails when its .mo differs, so the two cannot
drift; a third language is one more .po file and its .mo (docs/messages.md says how).

The language is, in this order: the one set by ``set_language`` (the ``--lang`` option), the
JIXIAO_LANG variable, the language of the first of LC_ALL, LC_MESSAGES and LANG that is set
(``en_US.UTF-8`` → English) when a catalogue exists for it, else Chinese. ``set_language``
writes JIXIAO_LANG, so that worker processes speak as their caller does.

Translate when the message is made, never at import: the language is chosen after import.
"""

from __future__ import annotations

import gettext
import os
import struct
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "jixiao"
SOURCE = "en"  # the language the messages are written in: it needs no catalogue
DEFAULT = "zh"
VARIABLE = "JIXIAO_LANG"


@cache
def languages() -> tuple[str, ...]:
    """Every language a user can choose: English and each one with a catalogue (looked for
    once per process: every message asks)."""
    found = {path.parent.parent.name for path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return tuple(sorted(found | {SOURCE}))


def _code(setting: str) -> str:
    """The language code of a locale setting: ``zh_CN.UTF-8`` → ``zh``, ``C.UTF-8`` → ``c``."""
    return setting.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()


def language() -> str:
    """The language messages are shown in now."""
    available = languages()
    default = DEFAULT if DEFAULT in available else SOURCE
    for variable in (VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG"):
        setting = os.environ.get(variable)
        if setting:
            return _code(setting) if _code(setting) in available else default
    return default


def set_language(code: str) -> None:
    """Show messages in ``code`` (one of ``languages()``) from now on, here and in workers."""
    if code not in languages():
        raise ValueError(f"language {code!r}, expected one of {languages()}")
    os.environ[VARIABLE] = code


def catalogue(code: str, suffix: str) -> Path:
    """The catalogue file of language ``code``: ``.po`` (its source) or ``.mo`` (compiled)."""
    return LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``code``, read once per process."""
    if code == SOURCE:
        return gettext.NullTranslations()
    with open(catalogue(code, ".mo"), "rb") as compiled:
        return gettext.GNUTranslations(compiled)


def compile_catalogue(code: str) -> bytes:
    """The .mo file of ``code``'s .po, as ``invoke messages`` writes it: the same bytes for the
    same .po, whatever the day or the Babel release (Babel reads the .po; the .mo is written
    here, in gettext's format, with a header of the .po's own language and plural rule, where
    Babel's would carry the time and its version)."""
    from babel.messages.pofile import read_po

    with open(catalogue(code, ".po"), "rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    entries = {"": (f"Content-Type: text/plain; charset=UTF-8\nLanguage: {code}\n"
                    f"Plural-Forms: {catalog.plural_forms}\n")}
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            entries["\0".join(_strings(message.id))] = "\0".join(_strings(message.string))
    return _mo_file(entries)


def _strings(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return (text,) if isinstance(text, str) else tuple(text)


def _mo_file(entries: dict[str, str]) -> bytes:
    """gettext's binary catalogue of ``entries`` (msgid → msgstr, plural forms joined by NUL):
    a header, the tables of lengths and offsets, then the strings, keys in sorted order."""
    keys = sorted(entries)
    ids = [key.encode("utf-8") for key in keys]
    strings = [entries[key].encode("utf-8") for key in keys]
    header = 7 * 4
    ids_start = header + 16 * len(keys)
    strings_start = ids_start + sum(len(i) + 1 for i in ids)
    tables: list[int] = []
    for block, start in ((ids, ids_start), (strings, strings_start)):
        for item in block:
            tables += [len(item), start]
            start += len(item) + 1
    return (struct.pack("<7I", 0x950412DE, 0, len(keys), header, header + 8 * len(keys), 0, 0)
            + struct.pack(f"<{len(tables)}I", *tables)
            + b"".join(item + b"\0" for item in ids + strings))


def _(message: str) -> str:
    """``message`` in the user's language (as written when its catalogue lacks it)."""
    return translations(language()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is written and translate it where it is
    shown (``_(verb.help)``): for texts held before the language is chosen."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, as the user's language counts ``count``."""
    return translations(language()).ngettext(singular, plural, count)
