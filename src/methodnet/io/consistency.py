"""Statuses that contradict their dates (issue 17): found at load, located, never silently changed.

A status is read as of a day from the dates that go with it (:mod:`methodnet.model.asof`),
so a status and its dates must agree. What a methodist would call a slip — a completed
course with no end date, a course still "in progress" that ended before the data were
collected — is a warning (``--strict`` makes it an error); what cannot be true — finished
before it began, a cancellation date on a route that is not cancelled — is an error.
Dates after the dataset's date are already errors of the ``past`` columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from methodnet.errors import Problem, ProblemReport, Severity
from methodnet.io.integrity import LoadedTable
from methodnet.io.validate import ROW


@dataclass(frozen=True)
class _Rule:
    table: str
    code: str
    severity: Severity
    column: str  # the cell a person should look at
    when: pl.Expr  # rows where the rule is broken
    params: tuple[str, ...] = ()  # columns whose values go into the message (dates and statuses only)


def _rules(as_of: dt.date) -> list[_Rule]:
    known = pl.lit(as_of, pl.Date)
    status = pl.col("status")
    return [
        _Rule("training", "completed_without_date", "warning", "end", (status == "completed") & pl.col("end").is_null()),
        _Rule("training", "status_stale", "warning", "status",
              status.is_in(["in_progress", "planned"]) & (pl.col("end") < known), ("end",)),
        _Rule("training", "terminal_without_date", "warning", "dropped_on",
              (status == "dropped") & pl.col("dropped_on").is_null()),
        _Rule("training", "status_date_before_start", "error", "dropped_on", pl.col("dropped_on") < pl.col("start"),
              ("start",)),
        _Rule("training", "status_date_without_status", "error", "dropped_on",
              pl.col("dropped_on").is_not_null() & (status != "dropped"), ("status",)),
        _Rule("iom", "completed_without_date", "warning", "completed_on",
              (status == "completed") & pl.col("completed_on").is_null()),
        _Rule("iom", "terminal_without_date", "warning", "cancelled_on",
              (status == "cancelled") & pl.col("cancelled_on").is_null()),
        _Rule("iom", "status_date_before_start", "error", "completed_on",
              pl.col("completed_on") < pl.coalesce("start", "developed"), ("start",)),
        _Rule("iom", "status_date_before_start", "error", "cancelled_on",
              pl.col("cancelled_on") < pl.col("developed"), ("developed",)),
        _Rule("iom", "status_date_without_status", "error", "completed_on",
              pl.col("completed_on").is_not_null() & (status != "completed"), ("status",)),
        _Rule("iom", "status_date_without_status", "error", "cancelled_on",
              pl.col("cancelled_on").is_not_null() & (status != "cancelled"), ("status",)),
    ]


def check_consistency(tables: dict[str, LoadedTable], as_of: dt.date, report: ProblemReport, per_check: int = 20) -> None:
    """Add a located problem for every status that contradicts its dates (one batch for polars)."""
    rules = [r for r in _rules(as_of) if r.table in tables and tables[r.table].frame.height]
    if not rules:
        return
    queries = [tables[r.table].frame.lazy().filter(r.when.fill_null(False))
               .select(ROW, *dict.fromkeys(["status", r.column, *r.params]))
               for r in rules]
    for rule, bad in zip(rules, pl.collect_all(queries)):
        source = tables[rule.table].source
        for row in bad.head(per_check).iter_rows(named=True):
            params = {"as_of": as_of.isoformat(), "status": row["status"]}
            if rule.code == "status_stale":
                params["end"] = str(row["end"])
            if rule.code == "status_date_before_start":
                params["start"] = str(row[rule.params[0]])
            value = row["status"] if rule.column == "status" or rule.code == "terminal_without_date" \
                else row[rule.column]
            report.add(Problem(rule.code, severity=rule.severity, file=source.file, sheet=source.sheet,
                               table=rule.table, row=row[ROW], column=rule.column,
                               value=None if value is None else str(value), params=params,
                               hint=_HINTS[rule.code]))
        if bad.height > per_check:
            report.add_uncounted(rule.code, rule.severity, bad.height - per_check)


_HINTS = {
    "completed_without_date": "укажите дату завершения",
    "status_stale": "обновите статус (завершено, отчислен) или дату окончания",
    "terminal_without_date": "укажите дату, когда это произошло",
    "status_date_before_start": "проверьте даты: завершение или отмена не может быть раньше начала",
    "status_date_without_status": "очистите дату или исправьте статус",
}
