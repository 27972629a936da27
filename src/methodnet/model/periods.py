"""Reporting periods: calendar year, academic year (September–August), half-year, custom range.

Written as text on the command line and in code:

* ``2025`` — calendar year 2025;
* ``2024/2025`` or ``2024/25`` — academic year from 1 September 2024 to 31 August 2025;
* ``2025-H1`` / ``2025-H2`` — half-years;
* ``2025-Q1`` … ``2025-Q4`` (or ``2025-К1``) — quarters;
* ``2025-03`` — a month;
* ``2025-01-01..2025-06-30`` — any range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from methodnet.errors import PeriodError

PeriodKind = Literal["year", "academic_year", "half_year", "quarter", "month", "custom"]


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    kind: PeriodKind = "custom"

    @property
    def target_keys(self) -> tuple[str, ...]:
        """Keys under which a profile may give this period's target, most specific first.

        A yearly target also serves the half-years of that year and the academic year
        ending in it (the acts give targets per year). A quarter or a month takes only a
        target given for it: a yearly count is not a quarter's.
        """
        if self.kind in ("quarter", "month"):
            return (self.label,)
        return (self.label, str(self.end.year))

    def __str__(self) -> str:
        return self.label


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), str(y), "year")


def academic_year(first: int) -> Period:
    return Period(dt.date(first, 9, 1), dt.date(first + 1, 8, 31), f"{first}/{first + 1}", "academic_year")


def half_year(y: int, half: int) -> Period:
    if half == 1:
        return Period(dt.date(y, 1, 1), dt.date(y, 6, 30), f"{y}-H1", "half_year")
    return Period(dt.date(y, 7, 1), dt.date(y, 12, 31), f"{y}-H2", "half_year")


def quarter(y: int, q: int) -> Period:
    start = dt.date(y, 3 * q - 2, 1)
    end = (dt.date(y + 1, 1, 1) if q == 4 else dt.date(y, 3 * q + 1, 1)) - dt.timedelta(days=1)
    return Period(start, end, f"{y}-Q{q}", "quarter")


def month(y: int, m: int) -> Period:
    end = (dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)) - dt.timedelta(days=1)
    return Period(dt.date(y, m, 1), end, f"{y}-{m:02d}", "month")


def parse_period(text: str) -> Period:
    """A period from its written form (see the module docstring); a :class:`PeriodError` (code
    ``bad_period``, also a ``ValueError``) when it cannot be read or lies outside 1900–9000."""
    text = str(text).strip()
    try:
        return _parse(text)
    except PeriodError:
        raise
    except (ValueError, OverflowError):  # a day that does not exist (2025-02-30), year 0…
        raise _bad(f"период {text[:40]!r}: такой даты нет", "проверьте год, месяц и день") from None


def _parse(text: str) -> Period:
    if re.fullmatch(r"\d{4}", text):
        return _checked(year(int(text)))
    match = re.fullmatch(r"(\d{4})/(\d{2}|\d{4})", text)
    if match:
        first = int(match.group(1))
        second = match.group(2)
        if int(second[-2:]) != (first + 1) % 100:
            raise _bad(f"учебный год {text!r}: второй год должен идти сразу за первым", "например, 2024/2025")
        return _checked(academic_year(first))
    match = re.fullmatch(r"(\d{4})-?[HhПп]([12])", text)
    if match:
        return _checked(half_year(int(match.group(1)), int(match.group(2))))
    match = re.fullmatch(r"(\d{4})-?[QqКк]([1-4])", text)
    if match:
        return _checked(quarter(int(match.group(1)), int(match.group(2))))
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text)
    if match:
        return _checked(month(int(match.group(1)), int(match.group(2))))
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text)
    if match:
        start, end = dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))
        if end < start:
            raise _bad(f"период {text!r}: конец раньше начала", "поменяйте даты местами")
        return _checked(Period(start, end, text, "custom"))
    raise _bad(f"не понимаю период {text[:40]!r}", "2025, 2024/2025, 2025-H1, 2025-Q1, 2025-03 или 2025-01-01..2025-06-30")


#: Years a period may lie in: dates of real data, with room for the date arithmetic around them.
YEARS = (1900, 9000)


def _bad(detail: str, hint: str) -> PeriodError:
    return PeriodError.of("bad_period", detail, hint)


def _checked(period: Period) -> Period:
    if not (YEARS[0] <= period.start.year and period.end.year <= YEARS[1]):
        raise _bad(f"период {period.label!r} вне {YEARS[0]}–{YEARS[1]} годов", "укажите год данных, например 2025")
    return period
