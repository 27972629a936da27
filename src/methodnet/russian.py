"""Numbers and counted words as a Russian reader expects them.

One place for the typography every user-facing text shares (messages, reports, the
summary, the command line): a decimal comma, thousands grouped with a narrow no-break
space («3 201», «12,5 %»), and the noun agreeing with the number («1 ошибка»,
«4 строки», «5 строк», «11 строк», «21 строка»). Machine formats (CSV, JSON) keep plain
numbers; only text meant for people goes through here.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

T = TypeVar("T")

#: Narrow no-break space: groups thousands and separates a number from «%».
THIN = "\u202f"


def plural_form(n: int | float, one: T, few: T, many: T) -> T:
    """The noun form agreeing with ``n``: ``one`` for 1, 21, 101…; ``few`` for 2–4, 22–24…; else ``many``.

    Fractions take the ``few`` form («1,5 часа»), as Russian grammar has it.
    """
    if isinstance(n, float) and not n.is_integer():
        return few
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


#: Nouns methodnet counts, as (one, few, many).
NOUNS: dict[str, tuple[str, str, str]] = {
    "error": ("ошибка", "ошибки", "ошибок"),
    "warning": ("предупреждение", "предупреждения", "предупреждений"),
    "problem": ("проблема", "проблемы", "проблем"),
    "row": ("строка", "строки", "строк"),
    "record": ("запись", "записи", "записей"),
    "finding": ("замечание", "замечания", "замечаний"),
    "indicator": ("показатель", "показателя", "показателей"),
    "rule": ("правило", "правила", "правил"),
    "sheet": ("лист", "листа", "листов"),
    "person": ("работник", "работника", "работников"),
    "municipality": ("муниципалитет", "муниципалитета", "муниципалитетов"),
    "organization": ("организация", "организации", "организаций"),
    "route": ("маршрут", "маршрута", "маршрутов"),
    "step": ("шаг", "шага", "шагов"),
    "hour": ("час", "часа", "часов"),
    "deficit": ("дефицит", "дефицита", "дефицитов"),
    "year": ("год", "года", "лет"),
    "cell": ("ячейка", "ячейки", "ячеек"),
}

#: English forms for the same nouns (used when messages are switched to English).
NOUNS_EN: dict[str, tuple[str, str]] = {
    "error": ("error", "errors"), "warning": ("warning", "warnings"), "problem": ("problem", "problems"),
    "row": ("row", "rows"), "record": ("record", "records"), "finding": ("finding", "findings"),
    "cell": ("cell", "cells"),
}


def number(value: float | int | None, decimals: int = 1, *, dash: str = "—", group: str = THIN,
           minus: str = "-") -> str:
    """``3201`` → «3 201», ``12.5`` → «12,5», ``12.0`` → «12»; ``None`` → «—».

    Whole values print without decimals; others with at most ``decimals`` digits,
    trailing zeros dropped. ``group`` separates thousands (a document set in Word wants a
    no-break space, ``\u00a0``) and ``minus`` is the sign («−» in typeset text); a value
    that rounds to zero has none.
    """
    if value is None or (isinstance(value, float) and value != value):
        return dash
    if isinstance(value, bool):
        value = int(value)
    rounded = round(value, decimals)
    if abs(rounded - round(rounded)) < 10 ** -(decimals + 3):
        text = f"{int(round(rounded)):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", group)
    if text.startswith("-"):
        text = "0" if text.strip("-0,") == "" else minus + text[1:]
    return text


def percent(value: float | None, decimals: int = 1) -> str:
    """``45.25`` → «45,3 %» (a narrow space before the sign, as Russian typography wants)."""
    return "—" if value is None else f"{number(value, decimals)}{THIN}%"


def count(n: int, noun: str, *, english: bool = False) -> str:
    """``count(4, "row")`` → «4 строки»; ``count(1, "error")`` → «1 ошибка»."""
    if english and noun in NOUNS_EN:
        one, many = NOUNS_EN[noun]
        return f"{n:,} {one if n == 1 else many}"
    one, few, many = NOUNS[noun]
    return f"{number(n)} {plural_form(n, one, few, many)}"


def date(value: dt.date | None) -> str:
    """«13.05.2024» — how dates are written in Russian documents."""
    return "—" if value is None else f"{value:%d.%m.%Y}"
