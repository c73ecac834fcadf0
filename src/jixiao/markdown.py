"""How jixiao reads Markdown: pandoc, its runtime options, and the one reader both the prose
refusal and the conversions use, so that what is refused is what would have been converted.

The reader is pandoc's Markdown without typographic conversion (``-smart``: straight quotes,
``--`` and ``...`` stay as typed), without Markdown inside HTML blocks (the forms' tables
are built by filters/tables.lua from the JSON they come in) and without automatic heading
identifiers.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path

from jixiao.errors import UserError
from jixiao.messages import _

READER = "markdown-markdown_in_html_blocks-auto_identifiers-smart"

# pandoc's runtime reserves a 64 MB heap up front (-H64m); a report needs far less, and a
# batch runs a pandoc per core: -H1m takes about 60 MB off each, and is no slower.
RTS = ("+RTS", "-H1m", "-RTS")


@cache
def pandoc_path() -> str:
    """The pandoc binary that pypandoc-binary ships (``pypandoc/files/pandoc``), and never
    another, so that every machine converts with the same pandoc and needs none of its own.

    Found where the package keeps it, without importing pypandoc: its own lookup runs every
    pandoc on the PATH to compare versions (some 50 ms, and a newer system pandoc would win).
    """
    package = importlib.util.find_spec("pypandoc")
    name = "pandoc.exe" if os.name == "nt" else "pandoc"
    for folder in (package.submodule_search_locations or []) if package else []:
        binary = Path(folder, "files", name)
        if binary.is_file():
            return str(binary)
    raise UserError(Path("pypandoc", "files", name),
                    _("the pandoc that pypandoc-binary ships is missing"),
                    _("jixiao installed whole (pip install jixiao, or from a checkout)"))
