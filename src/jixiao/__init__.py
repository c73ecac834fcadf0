"""jixiao (绩效): budget performance self-evaluation reports, Markdown and CSV to DOCX and PDF."""

__version__ = "0.1.0"
