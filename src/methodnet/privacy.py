"""Which cell values a message may quote: never one from a personal column.

Staff records are personal data (DESIGN §5). A message locates a bad cell by file, row
and column; it quotes the value only when that cannot leak a person: values of personal
columns (name, birth date) are never shown, nor is anything shaped like a person's name
wherever it turned up — a CSV without its header row or with swapped columns puts names
into the header or into the category column.
"""

from __future__ import annotations

import re
from typing import Any

#: Columns holding personal data, per table.
PERSONAL_COLUMNS: dict[str, frozenset[str]] = {"staff": frozenset({"full_name", "birth_date"})}

#: "Иванова Анна Петровна", "Ivanova Anna": two or three capitalised words of letters.
_NAME = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?(?:\s+[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?){1,3}\.?")
#: "Иванова А. П.", "Иванова А.П."
_INITIALS = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]+\s+[A-ZА-ЯЁ]\.\s?(?:[A-ZА-ЯЁ]\.)?")

HIDDEN = "…"


def looks_personal(value: Any) -> bool:
    """Whether a text looks like a person's name (so it must not be quoted)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(_NAME.fullmatch(text) or _INITIALS.fullmatch(text))


def is_personal(table: str | None, *columns: str | None) -> bool:
    personal = PERSONAL_COLUMNS.get(table or "", frozenset())
    return any(c in personal for c in columns if c)


def quotable(table: str | None, column: str | None, value: Any, *others: str | None) -> Any:
    """``value`` if a message may show it, else :data:`HIDDEN`."""
    if value is None:
        return None
    if is_personal(table, column, *others) or looks_personal(value):
        return HIDDEN
    return value
