"""Facts that cannot be true, checked across columns and tables after typing.

Each column can be valid on its own while the row is impossible: a person hired before
being born, a mentor who mentors themselves, a diagnostic score above the competency's
maximum, a ДПО program closing a competency that does not exist. Such rows would
silently skew indicators, so they are located errors like any bad cell. Every check is
one polars query; rows are looked at only where something is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.io.validate import ROW

if TYPE_CHECKING:
    from methodnet.io.validate import LoadedTable, ValidationContext


def _examples(ctx: "ValidationContext", bad: pl.DataFrame, report: Callable[[dict[str, Any]], None], code: str) -> None:
    per_check = ctx.options.per_check
    for row in bad.head(per_check).iter_rows(named=True):
        report(row)
    ctx.uncounted(code, bad.height - min(bad.height, per_check))


def _hired_before_birth(tables: dict[str, "LoadedTable"], ctx: dict[str, "ValidationContext"]) -> None:
    staff = tables.get("staff")
    if staff is None or not staff.frame.height:
        return
    bad = staff.frame.filter(pl.col("hired") < pl.col("birth_date")).select(ROW, "hired", "birth_date")
    _examples(ctx["staff"], bad, lambda r: ctx["staff"].problem(
        "date_order", row=r[ROW], column="hired", value=r["hired"], other="birth_date", other_value=r["birth_date"],
        hint="дата приёма на работу не может быть раньше даты рождения"), "date_order")


def _self_mentoring(tables: dict[str, "LoadedTable"], ctx: dict[str, "ValidationContext"]) -> None:
    pairs = tables.get("mentorship")
    if pairs is None or not pairs.frame.height:
        return
    bad = pairs.frame.filter(pl.col("mentor_id") == pl.col("mentee_id")).select(ROW, "mentee_id")
    _examples(ctx["mentorship"], bad, lambda r: ctx["mentorship"].problem(
        "self_reference", row=r[ROW], column="mentee_id", value=r["mentee_id"], other="mentor_id",
        hint="наставник и наставляемый — разные работники"), "self_reference")


def _score_above_max(tables: dict[str, "LoadedTable"], ctx: dict[str, "ValidationContext"]) -> None:
    results, competencies = tables.get("diagnostic_result"), tables.get("competency")
    if results is None or competencies is None or not results.frame.height or not competencies.frame.height:
        return
    bad = results.frame.join(competencies.frame.select(pl.col("id").alias("competency_id"), "max_score"),
                             on="competency_id", how="inner") \
        .filter(pl.col("score") > pl.col("max_score")).select(ROW, "score", "max_score").sort(ROW)
    _examples(ctx["diagnostic_result"], bad, lambda r: ctx["diagnostic_result"].problem(
        "score_above_max", row=r[ROW], column="score", value=r["score"], limit=r["max_score"],
        hint="проверьте балл или максимальный балл компетенции (max_score)"), "score_above_max")


def _unknown_competencies(tables: dict[str, "LoadedTable"], ctx: dict[str, "ValidationContext"]) -> None:
    programs, competencies = tables.get("program"), tables.get("competency")
    if programs is None or competencies is None or not programs.frame.height or not competencies.frame.height:
        return
    known = competencies.frame["id"]
    bad = programs.frame.select(ROW, pl.col("competencies").alias("item")).explode("item") \
        .filter(pl.col("item").is_not_null() & ~pl.col("item").is_in(known.implode())).sort(ROW)
    _examples(ctx["program"], bad, lambda r: ctx["program"].problem(
        "dangling_reference", row=r[ROW], column="competencies", value=r["item"], target="competency",
        hint="добавьте компетенцию в таблицу «competency» или исправьте список"), "dangling_reference")


CHECKS = (_hired_before_birth, _self_mentoring, _score_above_max, _unknown_competencies)


def check_facts(tables: dict[str, "LoadedTable"], contexts: dict[str, "ValidationContext"], skip: set[str]) -> None:
    """Run every check whose tables loaded (a table that failed is not checked again)."""
    usable = {name: t for name, t in tables.items() if name not in skip}
    for check in CHECKS:
        check(usable, contexts)
