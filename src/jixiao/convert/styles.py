"""The style spec (templates/styles.yaml): page, font roles and paragraph roles.

Both outputs are generated from it — ``reference_docx`` for Word, ``typst_preamble`` for the
PDF — so a margin or a font size is written once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from jixiao.paths import TEMPLATES

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    lines: int
    chars: int
    page_number_gap_mm: float
    header_mm: float

    @property
    def type_width_pt(self) -> float:
        return (self.width_mm - self.left_mm - self.right_mm) * PT_PER_MM

    @property
    def type_height_pt(self) -> float:
        return (self.height_mm - self.top_mm - self.bottom_mm) * PT_PER_MM

    @property
    def line_pitch_pt(self) -> float:
        """Distance from one body line to the next: the type area's height ÷ lines."""
        return self.type_height_pt / self.lines


@dataclass(frozen=True)
class Output:
    """How the documents are paginated and printed, and which PDF standard the PDF meets."""

    mirror_margins: bool = True
    widow_control: bool = True
    cjk_latin_spacing: bool = True
    pdf_standard: str = ""


@dataclass(frozen=True)
class FontRole:
    name: str
    docx: str
    pdf: tuple[str, ...]
    package: str
    docx_alt: str = ""
    single_weight: bool = False  # the DOCX font has no bold, which Word would fake


@dataclass(frozen=True)
class Tables:
    """The ruled grid of every table (its cells' margins are the table role's padding_mm)."""

    rule_pt: float


@dataclass(frozen=True)
class Draft:
    """The mark of a --draft build: its text and font, and the watermark's angle in degrees,
    rising counter-clockwise from the baseline."""

    text: str
    font: FontRole
    angle_deg: float


@dataclass(frozen=True)
class Role:
    name: str
    font: FontRole
    size: float
    indent: float = 0
    align: str = "justify"
    weight: str = "regular"
    lines_before: int = 0
    lines_after: int = 0
    page_break_before: bool = False
    line_pt: float = 0  # an exact line height; 0: the font's own
    padding_mm: tuple[float, float] = (0.0, 0.0)  # a table cell's margins: across, down
    hanging: float = 0  # characters of a first line hanging out left of the others

    @property
    def bold(self) -> bool:
        return self.weight == "bold"


@dataclass(frozen=True)
class StyleSpec:
    path: Path
    page: Page
    fonts: dict[str, FontRole]
    roles: dict[str, Role]
    tables: Tables
    draft: Draft
    list_number_chars: float  # a list item's text starts this far after its number
    output: Output = Output()

    def role(self, name: str) -> Role:
        return self.roles[name]

    def tracking_pt(self, size: float) -> float:
        """Extra space per character (negative: tighter) so ``chars`` fit on a line exactly.

        Only text at the body size sits on the character grid; titles and tables keep their
        natural spacing. Rounded down to a twentieth of a point, the unit Word keeps, so
        that both outputs use the same figure and a full line never overflows.
        """
        if size != self.roles["body"].size:
            return 0.0
        exact = (self.page.type_width_pt - self.page.chars * size) / self.page.chars
        return math.floor(exact * 20) / 20


@cache
def load_styles(path: Path = TEMPLATES / "styles.yaml") -> StyleSpec:
    raw = yaml.load(path.read_text(encoding="utf-8"),  # libyaml's parser: four times faster
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    fonts = {
        name: FontRole(name, spec["docx"], tuple(spec["pdf"]), spec["package"],
                       spec.get("docx_alt", ""), bool(spec.get("single_weight", False)))
        for name, spec in raw["fonts"].items()
    }
    roles = {
        name: Role(name, fonts[spec["font"]], float(spec["size"]), float(spec.get("indent", 0)),
                   spec.get("align", "justify"), spec.get("weight", "regular"),
                   int(spec.get("lines_before", 0)), int(spec.get("lines_after", 0)),
                   bool(spec.get("page_break_before", False)), float(spec.get("line_pt", 0)),
                   tuple(float(v) for v in spec.get("padding_mm", (0, 0))),
                   float(spec.get("hanging", 0)))
        for name, spec in raw["roles"].items()
    }
    draft = raw["draft"]
    return StyleSpec(path, Page(**raw["page"]), fonts, roles, Tables(**raw["tables"]),
                     Draft(str(draft["text"]), fonts[draft["font"]], float(draft["angle_deg"])),
                     float(raw["lists"]["number_chars"]), Output(**raw.get("output", {})))
