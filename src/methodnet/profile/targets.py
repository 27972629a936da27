"""Targets as acts write them: per year, open-ended, ranges, and a second (own) value.

Keys of ``targets``:

* a period — ``2025``, ``2024/2025``, ``2025-H1``, ``2025-Q1``, ``2025-03``;
* ``2021+`` — from 2021 on, until a later key («5 % в 2020 г., далее 10 %»: ``2020: 5, 2021+: 10``);
* ``*`` — every year («ежегодно не менее …»).

A value is a number (a minimum, or a maximum / exact value by the indicator's
``comparator``) or a range ``{min: 60, max: 80}``. A yearly key also serves half-years and
the academic year ending in that year; quarters and months take only their own keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from methodnet.model.periods import Period, parse_period

_FROM = re.compile(r"^(\d{4})\+$")


def key_year(key: str) -> int | None:
    """The year a target key is about (the first year for ``2021+``); None when the key is not understood."""
    if key == "*":
        return None
    match = _FROM.match(key)
    if match:
        return int(match.group(1))
    return parse_period(key).end.year


def valid_key(key: str) -> bool:
    if key == "*" or _FROM.match(key):
        return True
    try:
        parse_period(key)
    except ValueError:
        return False
    return True


def target_for(targets: Mapping[str, Any], period: Period) -> Any | None:
    """The target of ``period``: its own key, then the year's, then the latest open-ended one."""
    for key in period.target_keys:
        if key in targets:
            return targets[key]
    if period.kind in ("quarter", "month"):
        return None
    year = period.end.year
    starts = [int(m.group(1)) for k in targets if (m := _FROM.match(k)) and int(m.group(1)) <= year]
    if starts:
        return targets[f"{max(starts)}+"]
    return targets.get("*")


def bounds(target: Any, comparator: str) -> tuple[float | None, float | None]:
    """A target as (low, high): a minimum has no high, a maximum no low, an exact value both."""
    if target is None:
        return None, None
    if isinstance(target, Mapping) or hasattr(target, "min"):
        low = target["min"] if isinstance(target, Mapping) else target.min
        high = target.get("max") if isinstance(target, Mapping) else target.max
        return (None if low is None else float(low)), (None if high is None else float(high))
    value = float(target)
    if comparator == "max":
        return None, value
    if comparator == "exact":
        return value, value
    return value, None
