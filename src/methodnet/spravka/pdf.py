"""PDF of a note: the same DOCX converted by LibreOffice headless (one document, no second layout).

Chosen over WeasyPrint-from-HTML so that the PDF is exactly the Word document the
department receives — the same template, letterhead and page breaks — rather than a
second rendering that could drift. It needs LibreOffice Writer (Debian:
``apt-get install libreoffice-writer-nogui``); the binary is found as ``soffice`` or
``libreoffice`` on PATH, or named by ``METHODNET_SOFFICE``. Each conversion uses its own
throw-away LibreOffice profile, so parallel runs and a desktop session do not collide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from methodnet.spravka.errors import SpravkaError

TIMEOUT_S = 180


def find_soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    named = os.environ.get("METHODNET_SOFFICE")
    if named:
        return named if Path(named).exists() or shutil.which(named) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, out: Path) -> Path:
    """Convert ``docx`` to the PDF ``out`` with LibreOffice headless; raise :class:`SpravkaError` if it cannot."""
    soffice = find_soffice()
    if soffice is None:
        raise SpravkaError("spravka_no_office", "для PDF нужен LibreOffice (soffice), он не найден",
                           hint="установите libreoffice-writer-nogui (apt-get) или укажите METHODNET_SOFFICE; "
                                "DOCX можно получить и без него (--out справка.docx)")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="methodnet-soffice-") as tmp:
        profile = Path(tmp) / "profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, str(docx)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise SpravkaError("spravka_pdf_failed", f"LibreOffice не уложился в {TIMEOUT_S} с",
                               where=str(docx)) from None
        produced = Path(tmp) / (Path(docx).stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["нет вывода"]
            raise SpravkaError("spravka_pdf_failed", f"LibreOffice не преобразовал файл: {detail[0]}",
                               where=str(docx), hint="откройте DOCX в LibreOffice и проверьте, что он читается")
        shutil.move(str(produced), out)
    return out
