"""Deficit closure: whether a later diagnostic shows a deficit closed.

A derived fact of the data model, like those of :mod:`methodnet.model.derived`; it sits
below the engine so the ``deficit_closure`` kind does not reach up into ``iom``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from methodnet.model.derived import is_deficit_expr

if TYPE_CHECKING:
    from methodnet.dataset import Dataset


def results_with_deficits(dataset: "Dataset") -> pl.LazyFrame:
    """Every diagnostic result with its person, date and whether it is a deficit."""
    thresholds = dataset["competency"].lazy().select(pl.col("id").alias("competency_id"),
                                                     pl.col("threshold").alias("competency.threshold"))
    diagnostics = dataset["diagnostic"].lazy().select(pl.col("id").alias("diagnostic_id"), "staff_id", "date")
    return (dataset["diagnostic_result"].lazy().join(diagnostics, on="diagnostic_id")
            .join(thresholds, on="competency_id", how="left")
            .with_columns(is_deficit_expr().alias("is_deficit")))


def deficit_closure(dataset: "Dataset", at: dt.date | None = None) -> pl.DataFrame:
    """One row per diagnosed deficit: staff_id, competency_id, found_on, diagnostic_id, closed_on.

    ``closed_on`` is the date of the first later diagnostic (up to ``at``) in which the same
    competency is no longer a deficit; null while the deficit stays open.
    """
    results = results_with_deficits(dataset)
    if at is not None:
        results = results.filter(pl.col("date") <= at)
    deficits = results.filter(pl.col("is_deficit")).select("staff_id", "competency_id", "diagnostic_id",
                                                           pl.col("date").alias("found_on"))
    passed = results.filter(~pl.col("is_deficit")).select("staff_id", "competency_id", pl.col("date").alias("closed_on"))
    # The first later diagnostic without the deficit: an as-of join forward in time (strictly later),
    # one sorted pass instead of pairing every deficit with every later result.
    return (deficits.sort("found_on").join_asof(
        passed.sort("closed_on"), left_on="found_on", right_on="closed_on", by=["staff_id", "competency_id"],
        strategy="forward", allow_exact_matches=False, check_sortedness=False)
        .sort("staff_id", "competency_id", "found_on").collect())
