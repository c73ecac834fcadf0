"""The external programs jixiao drives: pandoc (shipped by pypandoc-binary)."""

from __future__ import annotations

from functools import cache


@cache
def pandoc_path() -> str:
    """The pandoc binary that pypandoc-binary ships, so no system pandoc is needed."""
    import pypandoc

    return pypandoc.get_pandoc_path()
