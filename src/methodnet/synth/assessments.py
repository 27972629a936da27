"""Expert assessments of a methodical-work self-assessment, for the synthetic data.

Drawn from a random generator of their own, so adding them leaves every other table of a
seeded dataset exactly as it was.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from methodnet.synth.common import make_ids


def expert_assessments(seed: int, today: dt.date, organizations: pl.DataFrame) -> pl.DataFrame:
    """Expert scores 0/1/2 of three criteria of a methodical-work self-assessment, per school and year.

    Drawn from a generator of its own so that adding them leaves every other table as it was.
    """
    rng = np.random.default_rng(seed + 1_000_003)
    schools = organizations.filter(pl.col("kind") == "school")["id"].to_list()
    rows = []
    for year in range(today.year - 2, today.year + 1):
        day = dt.date(year, 5, 20)
        if day > today:
            continue
        for school in schools:
            for criterion in ("self_assessment_plan", "self_assessment_shmo", "self_assessment_results"):
                rows.append({"organization_id": school, "criterion": criterion, "date": day,
                             "score": float(rng.choice([0, 1, 2], p=[0.2, 0.45, 0.35]))})
    frame = pl.DataFrame(rows, schema={"organization_id": pl.String, "criterion": pl.String, "date": pl.Date,
                                       "score": pl.Float64})
    return frame.with_columns(make_ids("EX", frame.height, 7), pl.lit(2.0).alias("max_score"),
                              pl.lit("муниципальная экспертная группа").alias("assessor")).select(
        "id", "criterion", "organization_id", "score", "max_score", "assessor", "date")
