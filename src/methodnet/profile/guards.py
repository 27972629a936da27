"""Checks that keep a hostile or careless profile from passing validation and failing later.

*Validate is the gate* (DESIGN §5): anything the engine would reject at evaluation time
is found when the profile loads. These are the checks of that kind that JSON Schema and
pydantic do not make: numbers that are NaN, infinite or absurdly large (a target of
``.nan``, ``lookback_years: 10**12``, a program starting in year 1, a rule parameter of
10**15, ``years: 5000`` or ``days: 10**8`` in a rule — dates overflow at check time), and ``extends`` values that are paths rather than profile ids. (Derived
formulas are checked by :mod:`methodnet.expr.formula`.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any


#: What ``extends`` may name: a profile id (a file stem in a profile folder), never a path.
_PROFILE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")

#: Years the engine handles (dates before 1900 are rejected on load as well).
MIN_YEAR, MAX_YEAR = 1900, 9000
#: Any other number in a profile: beyond this it is a typo or an attack, not a parameter.
MAX_ABS_NUMBER = 10**12
MAX_LOOKBACK_YEARS = 100
#: Day counts of rule parameters (a horizon, a delay): a century at most, or dates overflow.
MAX_DAYS = 36_600


def is_profile_id(text: str) -> bool:
    return bool(_PROFILE_ID.fullmatch(text))


def check_numbers(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, what is wrong) for every number in the document out of the range it may take."""
    stack: list[tuple[tuple, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in enumerate(value))
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        elif isinstance(value, float) and not math.isfinite(value):
            yield where, f"число {value} (не конечное) недопустимо"
        elif abs(value) > MAX_ABS_NUMBER:
            yield where, f"число слишком большое (больше {MAX_ABS_NUMBER:.0e} по модулю)"
        elif where and where[-1] in ("lookback_years", "years") and not 0 <= value <= MAX_LOOKBACK_YEARS:
            yield where, f"{where[-1]} — от 1 до {MAX_LOOKBACK_YEARS} лет"
        elif where and where[-1] == "days" and not 0 <= value <= MAX_DAYS:
            yield where, f"days — от 0 до {MAX_DAYS} дней"
        elif where and where[-1] == "per_year" and not 0 <= value <= 366:
            yield where, "per_year — не больше 366 раз в год"
        elif len(where) >= 2 and where[-2] == "period" and where[-1] in ("start", "end") \
                and not MIN_YEAR <= value <= MAX_YEAR:
            yield where, f"год программы — от {MIN_YEAR} до {MAX_YEAR}"
