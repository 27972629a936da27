"""Derived facts: computed from stored columns, never stored themselves.

Each fact has a scalar form (for one record) and a columnar form (a polars
expression, for whole tables), and both count *full* years the way a personnel
department does: a person born on 2000-05-10 is 24 on 2025-05-09 and 25 the next day.

«Молодой педагог» follows DESIGN §2: younger than ``max_age`` and fewer than
``max_years`` full years of pedagogical work; both thresholds come from the profile.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from methodnet.model.asof import active_on

#: Defaults used when a profile does not set its own young-teacher thresholds.
YOUNG_MAX_AGE = 35
YOUNG_MAX_YEARS = 3


def full_years(start: dt.date, at: dt.date) -> int:
    """Whole years from ``start`` to ``at`` (negative when ``at`` is earlier)."""
    years = at.year - start.year
    if (at.month, at.day) < (start.month, start.day):
        years -= 1
    return years


def age_at(birth_date: dt.date, at: dt.date) -> int:
    """Age in full years on the date ``at``."""
    return full_years(birth_date, at)


def years_of_work(career_start: dt.date | None, at: dt.date) -> int | None:
    """Full years of pedagogical work on ``at``; ``None`` when the start is unknown."""
    return None if career_start is None else max(full_years(career_start, at), 0)


def is_young_teacher(
    birth_date: dt.date,
    career_start: dt.date | None,
    at: dt.date,
    *,
    max_age: int = YOUNG_MAX_AGE,
    max_years: int = YOUNG_MAX_YEARS,
) -> bool:
    """Whether a person counts as a young teacher on ``at`` (unknown start → not young)."""
    years = years_of_work(career_start, at)
    return years is not None and age_at(birth_date, at) < max_age and years < max_years


Day = dt.date | pl.Expr  # a fixed date, or a column of dates (each row's period end)


def full_years_expr(start: pl.Expr | str, at: Day) -> pl.Expr:
    """Columnar :func:`full_years` from a date column to a date (fixed, or one per row)."""
    start = pl.col(start) if isinstance(start, str) else start
    month_day = start.dt.month().cast(pl.Int32) * 100 + start.dt.day().cast(pl.Int32)
    if isinstance(at, pl.Expr):
        at_year = at.dt.year().cast(pl.Int32)
        at_month_day = at.dt.month().cast(pl.Int32) * 100 + at.dt.day().cast(pl.Int32)
    else:
        at_year, at_month_day = pl.lit(at.year, pl.Int32), pl.lit(at.month * 100 + at.day, pl.Int32)
    before_birthday = (month_day > at_month_day).cast(pl.Int32)
    return at_year - start.dt.year().cast(pl.Int32) - before_birthday


def is_deficit_expr() -> pl.Expr:
    """A diagnostic result that is a deficit: marked so explicitly, else a score below the threshold.

    Reads ``deficit``, ``score`` and ``competency.threshold`` (the competency joined in).
    """
    return pl.coalesce(pl.col("deficit"), pl.col("score") < pl.col("competency.threshold"))


def age_expr(at: Day, column: str = "birth_date") -> pl.Expr:
    """Columnar :func:`age_at`."""
    return full_years_expr(column, at)


def years_of_work_expr(at: Day, column: str = "career_start") -> pl.Expr:
    """Columnar :func:`years_of_work` (null where the start is unknown)."""
    # clip keeps nulls (max_horizontal would turn an unknown start into 0 years)
    return full_years_expr(column, at).clip(lower_bound=0)


def is_young_teacher_expr(
    at: Day, *, max_age: int | None = YOUNG_MAX_AGE, max_years: int = YOUNG_MAX_YEARS
) -> pl.Expr:
    """Columnar :func:`is_young_teacher`; an unknown start of work gives ``False``.

    ``max_age=None``: no age limit (an act that speaks of «первые 3 года» only, like Кисловодск's).
    """
    young = years_of_work_expr(at) < max_years
    if max_age is not None:
        young = young & (age_expr(at) < max_age)
    return young.fill_null(False)


def employed_on_expr(at: Day) -> pl.Expr:
    """Staff employed on ``at``: hired on or before it (or unknown) and not yet left."""
    return active_on("hired", "left", at)
