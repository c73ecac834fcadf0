"""Reading our PDFs back as a reader would: text per page, lines per page, embedded fonts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

WORD_BOX = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')


def page_texts(pdf: Path, mode: str = "-layout") -> list[str]:
    """Text per page: laid out as printed, or with ``mode="-raw"`` in content order (a rotated
    watermark then reads as one word)."""
    text = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def lines_per_page(pdf: Path, footer_from_pt: float = 745) -> list[int]:
    """Body lines on each page: distinct baselines above the footer (within 3 pt)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    counts = []
    for page in boxes.split("<page ")[1:]:
        bottoms = sorted({float(m.group(2)) for m in WORD_BOX.finditer(page)
                          if float(m.group(2)) < footer_from_pt})
        lines = []
        for bottom in bottoms:
            if not lines or bottom - lines[-1] > 3:
                lines.append(bottom)
        counts.append(len(lines))
    return counts


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type and whether each font is embedded."""
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    return [{"name": row.split()[0], "emb": row.split()[-5]} for row in rows if row.strip()]
