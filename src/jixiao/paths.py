"""Where the project's own resources live: templates/ and filters/ beside src/.

JIXIAO_HOME overrides the project root, for a jixiao installed away from its checkout;
JIXIAO_BUILD the output folder (the benchmark builds into a temporary one).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("JIXIAO_HOME", Path(__file__).resolve().parents[2]))
TEMPLATES = ROOT / "templates"
FILTERS = ROOT / "filters"
FONTS = ROOT / "fonts"
CONTENT = ROOT / "content"
BUILD = Path(os.environ.get("JIXIAO_BUILD", ROOT / "build"))
