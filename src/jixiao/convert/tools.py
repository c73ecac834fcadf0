"""The external programs jixiao drives: pandoc (shipped by pypandoc-binary)."""

from __future__ import annotations

from jixiao.markdown import pandoc_path

__all__ = ["pandoc_path"]
