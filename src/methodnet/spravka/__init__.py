"""The analytical note («аналитическая справка») from a stored monitoring: DOCX through a template, PDF.

    from methodnet.spravka import spravka, write_spravka, make_note
    spravka("ID", "справка.docx", compare_with="ID0", store="methodnet-history.sqlite")

Modules: :mod:`.content` (what the note says), :mod:`.advice` (conclusions and addressed
recommendations), :mod:`.measures` (measures and their effect), :mod:`.russian`
(agreement and number format), :mod:`.charts` (PNG), :mod:`.docx` (docxtpl),
:mod:`.pdf` (LibreOffice), :mod:`.cli`. Needs the extra ``docx``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["make_note", "profile_for", "spravka", "write_spravka", "SpravkaError"]


def __getattr__(name: str) -> Any:  # lazy: importing the package does not import docxtpl or matplotlib
    if name in ("make_note", "profile_for", "spravka", "write_spravka"):
        from methodnet.spravka import api

        return getattr(api, name)
    if name == "SpravkaError":
        from methodnet.spravka.errors import SpravkaError

        return SpravkaError
    raise AttributeError(name)
