"""Choosing a real font for each role of the PDF, and refusing to print missing glyphs.

For each font role of the style spec, candidates are tried in order — fonts in the project's
fonts/ folder first, then the role's names as listed (Windows names, then free fonts) — and
the first whose character set covers every character that role prints wins. When none does,
the build stops with one line naming the role and the Debian package that provides a font.

Fonts and their character sets come from fontconfig (fc-list for the machine, fc-query for
the project's folder): it has them indexed already, so nothing large is read into memory.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jixiao.convert.styles import FontRole
from jixiao.errors import UserError
from jixiao.messages import _

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
FORMAT = "%{family}\t%{style}\t%{file}\t%{index}\t%{charset}\n"


@dataclass(frozen=True)
class CharSet:
    """Covered code points as sorted, disjoint [start, end] ranges."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> CharSet:
        starts, ends = [], []
        for part in text.split():
            low, _, high = part.partition("-")
            starts.append(int(low, 16))
            ends.append(int(high or low, 16))
        return cls(tuple(starts), tuple(ends))

    def __contains__(self, code: int) -> bool:
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]


@dataclass(frozen=True)
class FontFace:
    """One face in one file: the family names it answers to, and what it covers."""

    families: tuple[str, ...]
    style: str
    path: Path
    charset_text: str  # fontconfig's ranges, read only for a face that is tried

    @property
    def charset(self) -> CharSet:
        return _charset(self.charset_text)

    @property
    def typst_family(self) -> str:
        """The first family name fontconfig gives is the English one, which typst knows."""
        return self.families[0]

    def answers_to(self, name: str) -> bool:
        return name.lower() in (family.lower() for family in self.families)


@cache
def _charset(text: str) -> CharSet:
    """A face's character set, parsed once per process: a CJK face's is some 25,000 ranges."""
    return CharSet.parse(text)


def _parse(listing: str) -> tuple[FontFace, ...]:
    faces = []
    for line in sorted(set(listing.splitlines())):
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        families = tuple(f for f in parts[0].split(",") if f)
        if families:
            faces.append(FontFace(families, parts[1].split(",")[0], Path(parts[2]), parts[4]))
    return tuple(faces)


def _fontconfig(*args: str) -> str:
    if not shutil.which(args[0]):
        return ""
    return subprocess.run(list(args), capture_output=True, text=True, check=False).stdout


@cache
def project_faces(folder: Path) -> tuple[FontFace, ...]:
    """The faces of every font file in the project's fonts/ folder."""
    if not folder.is_dir():
        return ()
    files = [str(p) for p in sorted(folder.rglob("*")) if p.suffix.lower() in FONT_SUFFIXES]
    return _parse(_fontconfig("fc-query", "--format", FORMAT, *files)) if files else ()


@cache
def _machine_listing() -> tuple[str, ...]:
    """Every face fontconfig knows, a line each: one fc-list per process, not one per name."""
    return tuple(_fontconfig("fc-list", "--format", FORMAT).splitlines())


@cache
def system_faces(names: tuple[str, ...]) -> tuple[FontFace, ...]:
    """The machine's faces answering to any of ``names``; none where fontconfig is absent.

    Only their lines are parsed: a CJK face's character set is long.
    """
    wanted = {name.lower() for name in names}
    lines = [line for line in _machine_listing()
             if wanted & {family.lower() for family in line.split("\t", 1)[0].split(",")}]
    return tuple(face for face in _parse("\n".join(lines))
                 if any(face.answers_to(name) for name in names))


def _regular_first(faces: list[FontFace]) -> list[FontFace]:
    return sorted(faces, key=lambda f: (f.style.lower() not in ("regular", "book", "normal"),
                                        str(f.path)))


@dataclass(frozen=True)
class Choice:
    role: str
    family: str
    path: Path
    stand_in: bool = False  # not the font the DOCX names (仿宋_GB2312 …), a free one in its place


def candidates(role: FontRole, fonts_folder: Path) -> list[FontFace]:
    """The faces to try for ``role``: the project's folder first, then the machine's."""
    ordered: list[FontFace] = []
    for faces in (project_faces(fonts_folder), system_faces(role.pdf)):
        for name in role.pdf:
            ordered += _regular_first([f for f in faces if f.answers_to(name)])
    return ordered


def choose_font(role: FontRole, text: str, fonts_folder: Path) -> Choice:
    """The first font for ``role`` that covers every character of ``text``."""
    needed = {ord(c) for c in text if not c.isspace()}
    best_missing: set[int] | None = None
    for face in candidates(role, fonts_folder):
        missing = {code for code in needed if code not in face.charset}
        if not missing:
            named = face.answers_to(role.docx) or bool(role.docx_alt
                                                       and face.answers_to(role.docx_alt))
            return Choice(role.name, face.typst_family, face.path, stand_in=not named)
        if best_missing is None or len(missing) < len(best_missing):
            best_missing = missing
    if best_missing:
        sample = "".join(chr(c) for c in sorted(best_missing)[:5])
        found = _("no font for the PDF role {role} ({font}) covers the document "
                  "(missing e.g. {sample})").format(role=role.name, font=role.docx,
                                                   sample=sample)
    else:
        found = _("no font for the PDF role {role} ({font}) is installed").format(
            role=role.name, font=role.docx)
    raise UserError(fonts_folder, found,
                    _("one of {fonts} — install the Debian package {package} or put the font "
                      "in fonts/").format(fonts=", ".join(role.pdf), package=role.package))
