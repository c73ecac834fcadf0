"""Our DOCX as office software shows it: LibreOffice, headless, converting it to PDF.

Staff open the DOCX in Word or WPS; LibreOffice is the office suite a Debian machine can run
without a screen, so its rendering stands in for theirs in the tests and in the preview. Each
caller gives its own profile folder: two LibreOffice processes sharing one refuse to start.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .convert import ConversionError
from .errors import UserError

SOFFICE = "soffice"
TIMEOUT_S = 300
PACKAGE = "libreoffice-writer-nogui"


def soffice_path() -> str:
    found = shutil.which(SOFFICE)
    if not found:
        raise UserError(Path(SOFFICE), "LibreOffice is not installed",
                        f"soffice on the PATH (Debian package {PACKAGE})")
    return found


def libreoffice_pdfs(documents: list[Path], out: Path, profile: Path) -> list[Path]:
    """Each of ``documents`` converted to PDF in ``out``, one LibreOffice run for all."""
    out.mkdir(parents=True, exist_ok=True)
    targets = [out / f"{document.stem}.pdf" for document in documents]
    for target in targets:
        target.unlink(missing_ok=True)
    command = [soffice_path(), f"-env:UserInstallation={profile.resolve().as_uri()}",
               "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out),
               *(str(document) for document in documents)]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT_S, check=False)
    missing = [target.name for target in targets if not target.is_file()]
    if done.returncode != 0 or missing:
        raise ConversionError(f"LibreOffice did not convert {', '.join(missing) or 'all files'} "
                           f"(exit {done.returncode}): {done.stderr.strip()[-500:]}")
    return targets
