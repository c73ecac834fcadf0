"""Our DOCX as office software shows it: LibreOffice, headless, converting it to PDF.

Staff open the DOCX in Word or WPS; LibreOffice is the office suite a Debian machine can run
without a screen, so its rendering stands in for theirs in the tests and in the preview. Each
caller gives its own profile folder: two LibreOffice processes sharing one refuse to start.

The DOCX names the fonts Chinese offices have (仿宋_GB2312, 黑体 …), which a Linux machine
lacks: LibreOffice then draws every role in one sans-serif fallback. Given ``aliases`` (DOCX
font name → installed family), a private fontconfig file maps each name to the font the PDF
prints that role in, so the two renderings differ in layout, not in typeface.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from jixiao.errors import ConversionError, UserError
from jixiao.messages import _

SOFFICE = "soffice"
TIMEOUT_S = 300
PACKAGE = "libreoffice-writer-nogui"


def soffice_path() -> str:
    found = shutil.which(SOFFICE)
    if not found:
        raise UserError(Path(SOFFICE), _("LibreOffice is not installed"),
                        _("soffice on the PATH (Debian package {package})").format(
                            package=PACKAGE))
    return found


FONT_CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{base}</include>
{rules}</fontconfig>
"""


def font_config(aliases: dict[str, str], folder: Path) -> Path:
    """A fontconfig file: the machine's configuration, plus each alias preferred."""
    rules = "".join(f'  <alias binding="same"><family>{escape(name)}</family>'
                    f"<prefer><family>{escape(family)}</family></prefer></alias>\n"
                    for name, family in sorted(aliases.items()))
    base = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fonts.conf"
    path.write_text(FONT_CONFIG.format(base=escape(base), rules=rules), encoding="utf-8")
    return path


def libreoffice_pdfs(documents: list[Path], out: Path, profile: Path,
                     aliases: dict[str, str] | None = None) -> list[Path]:
    """Each of ``documents`` converted to PDF in ``out``, one LibreOffice run for all."""
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if aliases:
        env["FONTCONFIG_FILE"] = str(font_config(aliases, profile / "fontconfig"))
    targets = [out / f"{document.stem}.pdf" for document in documents]
    for target in targets:
        target.unlink(missing_ok=True)
    command = [soffice_path(), f"-env:UserInstallation={profile.resolve().as_uri()}",
               "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out),
               *(str(document) for document in documents)]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT_S, check=False, env=env)
    missing = [target.name for target in targets if not target.is_file()]
    if done.returncode != 0 or missing:
        raise ConversionError(_("LibreOffice did not convert {files} (exit {status})").format(
            files=", ".join(missing) or _("any file"), status=done.returncode),
            done.stderr.strip()[-500:])
    return targets
