"""Record rows of a synthetic dataset: documents, attestations, survey responses, statistics.

The tables a methodological service receives rather than runs: acts and plans of
municipalities and schools, attestation results, a satisfaction survey and an official
statistic per municipality. Every function draws from the generator's seeded source in a
fixed order, so the same seed gives the same rows (see :mod:`methodnet.synth.generator`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from methodnet.synth import catalog
from methodnet.synth.common import FIRST_YEAR, Gen, date_series, make_ids
from methodnet.synth.development import employed_mask

_ANNUAL_MUNICIPAL = {"mms_work_plan", "gmo_schedule", "gmo_monitoring", "deficit_monitoring", "young_teacher_monitoring",
                     "pd_schedule", "targeted_recommendations"}

_ANNUAL_ORG = {"shmo_schedule", "shmo_monitoring", "pd_schedule", "deficit_monitoring"}


def make_documents(g: Gen, munis: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    last_year = int(str(g.today)[:4])
    frames = []
    owners = [("municipality_id", munis["id"], catalog.MUNICIPAL_DOCUMENTS, _ANNUAL_MUNICIPAL, 0.8)]
    schools = orgs.filter(pl.col("kind") == "school")["id"]
    owners.append(("organization_id", schools, catalog.ORGANIZATION_DOCUMENTS, _ANNUAL_ORG, 0.7))
    for owner_col, ids, kinds, annual, share in owners:
        for kind, title in kinds.items():
            years = range(FIRST_YEAR, last_year) if kind in annual else [None]
            for year in years:
                keep = g.chance(len(ids), share)
                k = int(keep.sum())
                if year is None:
                    span = 5 if "attestation" in kind else 4
                    start_year = g.rng.integers(FIRST_YEAR, FIRST_YEAR + 3, k)
                    p_start = np.asarray([np.datetime64(f"{y}-09-01") for y in start_year], dtype="datetime64[D]")
                    p_end = np.asarray([np.datetime64(f"{y + span}-08-31") for y in start_year], dtype="datetime64[D]")
                else:
                    p_start = np.full(k, np.datetime64(f"{year}-09-01"))
                    p_end = np.full(k, np.datetime64(f"{year + 1}-08-31"))
                approved = p_start - g.rng.integers(1, 30, k)
                other = "organization_id" if owner_col == "municipality_id" else "municipality_id"
                frames.append(pl.DataFrame({
                    "kind": [kind] * k, "title": [title] * k, owner_col: ids.filter(pl.Series(keep)),
                    other: [None] * k, "approved": date_series("approved", approved),
                    "number": [None] * k,
                    "period_start": date_series("period_start", p_start),
                    "period_end": date_series("period_end", p_end),
                }, schema_overrides={other: pl.String, "number": pl.String}))
    columns = ["kind", "title", "municipality_id", "organization_id", "approved", "number", "period_start", "period_end"]
    docs = pl.concat([f.select(columns) for f in frames], how="vertical_relaxed")
    docs = docs.filter(pl.col("approved") <= pl.lit(g.today.astype(object)))
    return docs.with_columns(make_ids("DOC", docs.height, 7)).select("id", *columns)


def make_attestations(g: Gen, staff: pl.DataFrame) -> pl.DataFrame:
    cat = staff["qualification_category"].to_numpy()
    idx = np.flatnonzero(np.isin(cat, ["highest", "first", "szd"]))
    hired = staff["hired"].to_numpy().astype("datetime64[D]")[idx]
    date = g.days(len(idx), np.maximum(hired, g.today - 5 * 365 + 1), g.today)
    return pl.DataFrame({
        "id": make_ids("AT", len(idx), 7), "staff_id": staff["id"].gather(idx), "date": date_series("date", date),
        "category": cat[idx].tolist(), "expires": date_series("expires", date + 5 * 365),
    })


def make_surveys(g: Gen, staff: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    at = np.datetime64("2025-11-15")
    if at > g.today:
        at = g.today
    take = np.flatnonzero(employed_mask(staff, np.full(staff.height, at)) & g.chance(staff.height, 0.25))
    k = len(take)
    picked = staff[take].select(pl.col("id").alias("respondent_id"), pl.col("category").alias("respondent_category"),
                                "organization_id")
    picked = picked.join(orgs.select(pl.col("id").alias("organization_id"), "municipality_id"),
                         on="organization_id", how="left", maintain_order="left")
    return picked.with_columns(
        make_ids("Q", k, 7), survey=pl.lit("mms_satisfaction"),
        date=date_series("date", g.days(k, at - 14, at)),
        question=pl.lit("Удовлетворённость деятельностью методической службы"),
        score=pl.Series(g.pick([1.0, 2.0, 3.0, 4.0, 5.0], k, [0.03, 0.07, 0.2, 0.4, 0.3]).astype(float)),
        scale_max=pl.lit(5.0),
    ).select("id", "survey", "respondent_id", "respondent_category", "organization_id", "municipality_id", "date",
             "question", "score", "scale_max")


def make_statistics(g: Gen, munis: pl.DataFrame) -> pl.DataFrame:
    years = list(range(FIRST_YEAR, int(str(g.today)[:4])))
    base = g.rng.uniform(70, 85, munis.height)
    rows = pl.DataFrame({"municipality_id": munis["id"], "base": base}).join(
        pl.DataFrame({"year": years}), how="cross")
    k = rows.height
    value = np.round(np.clip(rows["base"].to_numpy() + (rows["year"].to_numpy() - FIRST_YEAR) * 1.5
                             + g.rng.normal(0, 1.5, k), 0, 100), 1)
    return rows.with_columns(
        make_ids("ST", k, 6), key=pl.lit("children_5_18_additional_education_share"),
        organization_id=pl.lit(None, pl.String),
        period_start=pl.date(pl.col("year"), 1, 1), period_end=pl.date(pl.col("year"), 12, 31),
        value=pl.Series(value), unit=pl.lit("%"), source=pl.lit("Форма 1-ДОП"),
    ).select("id", "key", "municipality_id", "organization_id", "period_start", "period_end", "value", "unit", "source")
