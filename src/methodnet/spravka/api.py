"""The Python API of the analytical note: from a stored monitoring (or a store and an id) to DOCX/PDF.

The profile is the one stored with the monitoring (its resolved text), so a note made
in a year shows the wording and targets of the act as they were; the template comes
from the caller, else the profile's ``spravka.template``, else the default one.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from methodnet.history.model import StoredMonitoring
from methodnet.spravka.errors import SpravkaError
from methodnet.spravka.model import Note

FORMATS = (".docx", ".pdf")


def _installed(profile_id: str) -> Any:
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError

    try:
        return load_profile(profile_id)
    except ProfileError:
        return None


def profile_for(stored: StoredMonitoring) -> Any:
    """The profile a monitoring was computed with: its stored resolved text, else the installed one by id.

    A stored text written before the note's settings existed gets them from the
    installed profile of the same id (or ``base``), so old records still make a note.
    The installed profile is loaded only when needed (it costs a YAML parse and checks).
    """
    import yaml

    from methodnet.profile.model import Profile

    data = None
    if stored.profile_text.strip():
        try:
            data = yaml.load(stored.profile_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            data = None
    if isinstance(data, dict) and "extends" not in data and isinstance(data.get("indicators"), list):
        installed = None
        if "spravka" not in data:
            installed = _installed(stored.header.profile_id) or _installed("base")
            if installed is not None:
                data["spravka"] = installed.spravka.model_dump(mode="json")
        template = (data.get("spravka") or {}).get("template")
        if template and not Path(template).is_absolute():  # relative to the profile's file
            installed = installed or _installed(stored.header.profile_id)
            data["file"] = installed.file if installed is not None else None
        try:
            return Profile.model_validate(data)
        except Exception:  # a text this version cannot read: fall back to the installed profile
            pass
    installed = _installed(stored.header.profile_id)
    if installed is None:
        raise SpravkaError("spravka_profile", f"профиль «{stored.header.profile_id}» мониторинга не читается "
                           "и не установлен", where=f"мониторинг {stored.header.id}",
                           hint="установите пакет с этим профилем (плагин) или запишите мониторинг заново")
    return installed


def template_for(profile: Any, template: str | os.PathLike[str] | None) -> Path | None:
    """The template to use: the argument, else the profile's (relative to its file), else None (default)."""
    if template is not None:
        return Path(template)
    name = profile.spravka.template
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute() and profile.file:
        path = Path(profile.file).parent / path
    return path


def make_note(stored: StoredMonitoring, previous: StoredMonitoring | None = None, *, profile: Any = None,
              today: dt.date | None = None) -> Note:
    """The content of the note for ``stored`` (compared with ``previous``), without writing a file."""
    from methodnet.spravka.note import build_note

    if previous is not None and previous.header.profile_id != stored.header.profile_id:
        raise SpravkaError("spravka_other_profile",
                           f"мониторинги по разным профилям: «{stored.header.profile_id}» и «{previous.header.profile_id}»",
                           where=f"--compare-with {previous.header.id}",
                           hint="сравнивайте мониторинги одного профиля (одной программы)")
    return build_note(stored, previous, profile=profile or profile_for(stored), today=today)


def write_spravka(stored: StoredMonitoring, out: str | os.PathLike[str], *, previous: StoredMonitoring | None = None,
                  template: str | os.PathLike[str] | None = None, profile: Any = None,
                  today: dt.date | None = None) -> Path:
    """Write the note as DOCX or PDF (by ``out``'s suffix); PDF needs LibreOffice (see :mod:`.pdf`)."""
    from methodnet.spravka.docx import render_docx

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise SpravkaError("spravka_format", f"неизвестный формат «{out.suffix or out.name}»", where=str(out),
                           hint="имя файла должно оканчиваться на .docx или .pdf")
    profile = profile or profile_for(stored)
    note = make_note(stored, previous, profile=profile, today=today)
    chosen = template_for(profile, template)
    if suffix == ".docx":
        return render_docx(note, out, chosen)
    from methodnet.spravka.pdf import docx_to_pdf

    with tempfile.TemporaryDirectory(prefix="methodnet-spravka-") as tmp:
        docx = render_docx(note, Path(tmp) / (out.stem + ".docx"), chosen)
        return docx_to_pdf(docx, out)


def spravka(monitoring_id: str, out: str | os.PathLike[str], *, compare_with: str | None = None,
            store: Any = None, template: str | os.PathLike[str] | None = None,
            today: dt.date | None = None) -> Path:
    """The note of a recorded monitoring: read it (and the one to compare with) from the store, write the file.

    ``store`` is a store object or its URI (argument → ``METHODNET_STORE`` →
    ``./methodnet-history.sqlite``, as :func:`methodnet.history.open_store` resolves it).
    """
    from methodnet.history.stores import open_store

    opened = store if store is not None and hasattr(store, "get") else open_store(store)
    try:
        stored = opened.get(monitoring_id)
        previous = opened.get(compare_with) if compare_with else None
    finally:
        if opened is not store:
            opened.close()
    return write_spravka(stored, out, previous=previous, template=template, today=today)
