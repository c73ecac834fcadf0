"""Choosing a real font for each role of the PDF, and refusing to print missing glyphs.

For each font role of the style spec, candidates are tried in order — fonts in the project's
fonts/ folder first, then the role's names as listed (Windows names, then free fonts) — and
the first whose character map covers every character that role prints wins. When none does,
the build stops with one line naming the role and the Debian package that provides a font.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from .errors import UserError
from .styles import FontRole

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class FontFace:
    """One face in one file: the family names it answers to and the name typst knows."""

    families: tuple[str, ...]
    typst_family: str
    style: str
    path: Path
    index: int


def _english_family(font: TTFont) -> str | None:
    names = font["name"]
    for name_id in (16, 1):
        record = names.getName(name_id, 3, 1, 0x409) or names.getName(name_id, 1, 0, 0)
        if record:
            return str(record)
    return None


def _faces_in(path: Path) -> list[FontFace]:
    faces = []
    count = 1
    if path.suffix.lower() in (".ttc", ".otc"):
        from fontTools.ttLib import TTCollection

        count = len(TTCollection(str(path), lazy=True).fonts)
    for index in range(count):
        try:
            font = TTFont(str(path), fontNumber=index, lazy=True)
        except (TTLibError, OSError):
            continue
        family = _english_family(font)
        if not family:
            continue
        localized = {str(n) for n in font["name"].names if n.nameID in (1, 16)}
        sub = font["name"].getName(2, 3, 1, 0x409)
        faces.append(FontFace(tuple(sorted({family, *localized})), family,
                              str(sub) if sub else "Regular", path, index))
    return faces


@cache
def project_faces(folder: Path) -> tuple[FontFace, ...]:
    """The faces of every font file in the project's fonts/ folder."""
    if not folder.is_dir():
        return ()
    return tuple(face for path in sorted(folder.rglob("*"))
                 if path.suffix.lower() in FONT_SUFFIXES for face in _faces_in(path))


@cache
def system_faces() -> tuple[FontFace, ...]:
    """The machine's fonts as fontconfig lists them; none where fontconfig is absent."""
    if not shutil.which("fc-list"):
        return ()
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style}\t%{file}\t%{index}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    faces = []
    for line in sorted(set(listing.splitlines())):
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        families = tuple(f for f in parts[0].split(",") if f)
        if families:
            faces.append(FontFace(families, families[0], parts[1].split(",")[0],
                                  Path(parts[2]), int(parts[3] or 0)))
    return tuple(faces)


@cache
def _coverage(path: Path, index: int) -> frozenset[int]:
    font = TTFont(str(path), fontNumber=index, lazy=True)
    return frozenset(font.getBestCmap() or {})


def _regular_first(faces: list[FontFace]) -> list[FontFace]:
    return sorted(faces, key=lambda f: (f.style.lower() not in ("regular", "book", "normal"),
                                        str(f.path), f.index))


@dataclass(frozen=True)
class Choice:
    role: str
    family: str
    path: Path


def choose_font(role: FontRole, text: str, fonts_folder: Path) -> Choice:
    """The first font for ``role`` that covers every character of ``text``."""
    needed = {ord(c) for c in text if not c.isspace()}
    candidates: list[FontFace] = []
    for faces in (project_faces(fonts_folder), system_faces()):
        for name in role.pdf:
            lowered = name.lower()
            candidates += _regular_first([f for f in faces
                                          if lowered in (n.lower() for n in f.families)])
    best_missing: set[int] | None = None
    for face in candidates:
        missing = needed - _coverage(face.path, face.index)
        if not missing:
            return Choice(role.name, face.typst_family, face.path)
        if best_missing is None or len(missing) < len(best_missing):
            best_missing = missing
    sample = "".join(chr(c) for c in sorted(best_missing or needed)[:5])
    found = (f"no font for the PDF role {role.name} ({role.docx}) covers the document "
             f"(missing e.g. {sample})" if best_missing else
             f"no font for the PDF role {role.name} ({role.docx}) is installed")
    raise UserError(fonts_folder, found,
                    f"one of {', '.join(role.pdf)} — install the Debian package "
                    f"{role.package} or put the font in fonts/")
