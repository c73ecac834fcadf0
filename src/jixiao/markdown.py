"""How jixiao reads Markdown: pandoc, its runtime options, and the one reader both the prose
refusal and the conversions use, so that what is refused is what would have been converted.

The reader is pandoc's Markdown without typographic conversion (``-smart``: straight quotes,
``--`` and ``...`` stay as typed), without Markdown inside HTML blocks (the forms' tables
are built by filters/tables.lua from the JSON they come in) and without automatic heading
identifiers.
"""

from __future__ import annotations

from functools import cache

READER = "markdown-markdown_in_html_blocks-auto_identifiers-smart"

# pandoc's runtime reserves a 64 MB heap up front (-H64m); a report needs far less, and a
# batch runs a pandoc per core: -H1m takes about 60 MB off each, and is no slower.
RTS = ("+RTS", "-H1m", "-RTS")


@cache
def pandoc_path() -> str:
    """The pandoc binary that pypandoc-binary ships, so no system pandoc is needed."""
    import pypandoc

    return pypandoc.get_pandoc_path()
