"""Word files in: a filed report read into a report folder that jixiao builds and checks.

``word`` reads a .docx body as paragraphs and tables with merged cells resolved; ``headings``
recognises typed heading numbers and official section titles; ``prose`` splits the body into
the sections of templates/outline.yaml; ``forms`` reads 附件1–6 by their labels into the data
files; ``folder`` writes the folder, with ``imported-places.json`` saying where in the Word
file each line and cell came from, so findings can be located in the Word file.
"""

from jixiao.importing.folder import IMPORT_PLACES, UNPLACED_FILE, Imported, import_report

__all__ = ["IMPORT_PLACES", "UNPLACED_FILE", "Imported", "import_report"]
