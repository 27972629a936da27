"""How the report writes values and the act: numbers, statuses, the act's line, the place.

One small module the renderers (HTML, Markdown, XLSX, charts) share, so none imports another.
"""

from __future__ import annotations

from typing import Any

from methodnet.engine.result import STATUS_RU
from methodnet.russian import number, percent


def fmt(value: float | None, unit: str = "", denominator: float | None = None) -> str:
    """A value as a methodist reads it: «45,3 %», «1 040», «да»/«нет» for a presence."""
    if value is None:
        return "—"
    if unit == "да/нет" and denominator == 1:
        return "да" if value >= 100 - 1e-9 else "нет"
    return percent(value) if unit == "%" else number(value)


def status_ru(status: str) -> str:
    return STATUS_RU.get(status, status)


def act_line(profile: Any) -> str:
    act = profile.act
    if not act:
        return ""
    parts = [act.kind or "", f"№ {act.number}" if act.number else "", f"от {act.date:%d.%m.%Y}" if act.date else ""]
    return " ".join(p for p in parts if p) + f" «{act.title}»"


def place_line(profile: Any) -> str:
    """«Серышевский муниципальный округ, Амурская область» — only the parts the profile has."""
    return ", ".join(p for p in (profile.municipality, profile.region) if p)
