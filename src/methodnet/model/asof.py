"""Dated statuses read as of a day (DESIGN §4): one declaration, used by indicators and rules.

A route's or a course's ``status`` column says where it stands on the day the data were
collected (the dataset's date, ``data_date``). What it was on an earlier day ``at`` follows
from the dates that go with the status: a route completed on 2025-01-09 was still in
progress on 2024-12-31; a route cancelled in 2025 was a route in 2024. A terminal status
recorded without its date is taken to have happened on the dataset's date.

Every function returns a polars expression; ``at`` is a fixed date or an expression (the
engine evaluates all periods at once, with each row's period end in a column).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

Day = dt.date | pl.Expr


def day(at: Day) -> pl.Expr:
    """A date literal or the given expression, so callers need not care which."""
    return at if isinstance(at, pl.Expr) else pl.lit(at, pl.Date)


def active_on(start: str, end: str | None, at: Day) -> pl.Expr:
    """Rows in force on ``at``: started on or before it (or start unknown) and not yet ended.

    The end day itself no longer counts (a person who left on D is not employed on D), as for
    staff, organizations and associations.
    """
    on = day(at)
    started = pl.col(start).is_null() | (pl.col(start) <= on)
    if end is None:
        return started
    return started & (pl.col(end).is_null() | (pl.col(end) > on))


def iom_status_on(at: Day, data_date: dt.date) -> pl.Expr:
    """The IOM's status on ``at``: ``developed``, ``in_progress``, ``completed`` or ``cancelled``.

    Terminal statuses count from their dates (``completed_on``, ``cancelled_on``; the dataset's
    date when missing). Before that, a route that had begun is ``in_progress``, otherwise
    ``developed``.
    """
    on, known = day(at), pl.lit(data_date, pl.Date)
    began = pl.coalesce(pl.col("start"), pl.col("developed")) <= on
    return (pl.when((pl.col("status") == "cancelled") & (pl.coalesce(pl.col("cancelled_on"), known) <= on))
            .then(pl.lit("cancelled"))
            .when((pl.col("status") == "completed") & (pl.coalesce(pl.col("completed_on"), known) <= on))
            .then(pl.lit("completed"))
            .when((pl.col("status") == "developed") | ~began)
            .then(pl.lit("developed"))
            .otherwise(pl.lit("in_progress")))


def training_completed_on(data_date: dt.date) -> pl.Expr:
    """The day a completed course was finished: its end, or the dataset's date when unknown."""
    return pl.when(pl.col("status") == "completed").then(
        pl.coalesce(pl.col("end"), pl.lit(data_date, pl.Date)))


def training_status_on(at: Day, data_date: dt.date) -> pl.Expr:
    """The course's status on ``at``: ``planned``, ``in_progress``, ``completed`` or ``dropped``."""
    on, known = day(at), pl.lit(data_date, pl.Date)
    return (pl.when((pl.col("status") == "dropped") & (pl.coalesce(pl.col("dropped_on"), known) <= on))
            .then(pl.lit("dropped"))
            .when((pl.col("status") == "completed") & (training_completed_on(data_date) <= on))
            .then(pl.lit("completed"))
            .when(pl.col("status") == "planned")
            .then(pl.lit("planned"))
            .otherwise(pl.lit("in_progress")))


def training_completed_within(start: Day, end: Day, data_date: dt.date) -> pl.Expr:
    """A course completed in [start, end]: it counts in the period its completion falls in."""
    done = training_completed_on(data_date)
    return done.is_not_null() & (done >= day(start)) & (done <= day(end))


#: Terminal statuses and the column that dates each (a status without it is read as of the dataset's date).
STATUS_DATES = {"iom": {"completed": "completed_on", "cancelled": "cancelled_on"},
                "training": {"completed": "end", "dropped": "dropped_on"}}


def undated_statuses() -> dict[str, pl.Expr]:
    """Per table, the rows whose terminal status has no date of its own."""
    return {table: pl.any_horizontal([(pl.col("status") == status) & pl.col(column).is_null()
                                      for status, column in dates.items()])
            for table, dates in STATUS_DATES.items()}


#: Tables whose ``status`` column is read as of a day, and how.
STATUS_ON = {"iom": iom_status_on, "training": training_status_on}


# --------------------------------------------------------------------------- facts rules read as of a day


def operating_on(at: Day) -> pl.Expr:
    """Organizations operating on ``at`` (``organization``: opened … closed, the closing day excluded).

    A school closed in 2025 still owed its documents and its ШМО in 2024; one opened in 2025
    owed nothing in 2024.
    """
    return active_on("opened", "closed", at)


def association_existing_on(at: Day) -> pl.Expr:
    """Associations (ШМО, ГМО, РМО) existing on ``at``: created … closed, the closing day excluded."""
    return active_on("created", "closed", at)


def membership_on(at: Day) -> pl.Expr:
    """``association_member`` rows in force on ``at`` (unknown start: a member since the start).

    Whether the association itself existed on ``at`` is a separate fact
    (:func:`association_existing_on`): a member row cannot outlive its association.
    """
    return active_on("start", "end", at)


def mentorship_running_on(at: Day) -> pl.Expr:
    """Mentorships (``mentorship``) running on ``at``: started on or before it and not yet ended.

    Both people must also be employed on ``at`` (a mentor hired after the pair's start only
    mentors from the hiring day); that is a join with ``staff``, left to the caller.
    """
    return active_on("start", "end", at)


def document_in_force_on(at: Day) -> pl.Expr:
    """Documents in force on ``at``: approved on or before it, and their period covering it.

    A plan approved after ``at`` did not exist on ``at`` even when its period began earlier;
    ``period_end`` is the last day of force («действует по»), so it is included. Unknown
    dates do not exclude a document (nothing says it was not in force).
    """
    on = day(at)
    approved = pl.col("approved").is_null() | (pl.col("approved") <= on)
    started = pl.col("period_start").is_null() | (pl.col("period_start") <= on)
    not_ended = pl.col("period_end").is_null() | (pl.col("period_end") >= on)
    return approved & started & not_ended


def last_complete_year(at: dt.date) -> int:
    """The last calendar year that had ended by ``at`` (on 31 December the year itself).

    Rules that look at a year («не реже двух раз в год») judge a finished year, never the
    one still running on the check date.
    """
    return at.year if (at.month, at.day) == (12, 31) else at.year - 1
