"""Professional development rows of a synthetic dataset: competencies, diagnostics, programs, trainings, IOMs.

These tables depend on each other (a training may follow a diagnostic, an IOM addresses a
diagnostic's deficits with programs covering them), so they are generated together. Every
function draws from the generator's seeded source in a fixed order, so the same seed gives
the same rows (see :mod:`methodnet.synth.generator`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from methodnet.model.derived import employed_on_expr, is_deficit_expr
from methodnet.synth import catalog
from methodnet.synth.common import Gen, date_series, make_ids, nullable_dates


def employed_mask(staff: pl.DataFrame, at: np.ndarray) -> np.ndarray:
    """Whether each person is employed on their own date in ``at``: the model's one declaration."""
    days = pl.Series("__at", np.asarray(at).astype("datetime64[D]"), dtype=pl.Date)
    return staff.select("hired", "left").with_columns(days).select(employed_on_expr(pl.col("__at")))\
        .to_series().to_numpy()


def make_competencies() -> pl.DataFrame:
    return pl.DataFrame({
        "id": list(catalog.COMPETENCIES),
        "name": [v[0] for v in catalog.COMPETENCIES.values()],
        "area": [v[1] for v in catalog.COMPETENCIES.values()],
        "threshold": [catalog.DEFICIT_THRESHOLD] * len(catalog.COMPETENCIES),
        "max_score": [100.0] * len(catalog.COMPETENCIES),
    })


def make_diagnostics(g: Gen, staff: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    waves = [("2024-03-01", "2024-05-31", 0.55), ("2025-02-01", "2025-04-30", 0.35),
             ("2026-02-01", "2026-04-30", 0.25)]
    n = staff.height
    ability = g.rng.normal(0, 8, n)
    diag_parts, result_parts = [], []
    counter = 0
    comp_base = {c: 72.0 - 3.0 * (i % 3) for i, c in enumerate(catalog.COMPETENCIES)}
    categories = staff["category"].to_numpy()
    for w, (start, end, share) in enumerate(waves):
        start_d, end_d = np.datetime64(start), np.datetime64(end)
        if start_d > g.today:
            continue
        dates = g.days(n, start_d, min(end_d, g.today))
        take = g.chance(n, share) & employed_mask(staff, dates)
        idx = np.flatnonzero(take)
        ids = make_ids("D", len(idx), 8, start=counter + 1)
        counter += len(idx)
        diag_parts.append(pl.DataFrame({
            "id": ids, "staff_id": staff["id"].gather(idx),
            "date": date_series("date", dates[idx]),
            "kind": ["ЕФС-диагностика" if w == 0 else "региональная диагностика"] * len(idx),
            "provider": ["ИРО"] * len(idx),
        }))
        for cat, kit in catalog.DIAGNOSTIC_KITS.items():
            sel = categories[idx] == cat
            for comp in kit:
                k = int(sel.sum())
                score = comp_base[comp] + ability[idx[sel]] + g.rng.normal(0, 10, k) + 4.0 * w
                result_parts.append(pl.DataFrame({
                    "diagnostic_id": ids.filter(pl.Series(sel)),
                    "competency_id": [comp] * k,
                    "score": np.round(np.clip(score, 0, 100), 1),
                }))
    diagnostics = pl.concat(diag_parts, how="vertical_relaxed")
    results = pl.concat(result_parts, how="vertical_relaxed").with_columns(deficit=pl.lit(None, pl.Boolean))
    order = diagnostics.select("id").with_row_index("o")
    results = results.join(order, left_on="diagnostic_id", right_on="id").sort("o", "competency_id").drop("o")
    return diagnostics, results


def make_programs(g: Gen, region: str | None, n: int = 120) -> pl.DataFrame:
    retraining = g.chance(n, 0.15)
    management = ~retraining & g.chance(n, 0.15)
    topics = np.where(retraining, g.pick(catalog.RETRAINING_TOPICS, n), g.pick(catalog.PROGRAM_TOPICS, n))
    hours = np.where(retraining, g.pick([250, 300, 520], n), g.pick([16, 18, 24, 36, 72, 108], n)).astype(np.int64)
    comps = list(catalog.COMPETENCIES)
    c1 = np.where(management, "K7", g.pick([c for c in comps if c not in ("K4", "K7")], n))
    c2 = np.where(g.chance(n, 0.35), g.pick(comps[:6], n), None)
    audience = np.where(management, "manager", np.where(g.chance(n, 0.2), "pedagogue;manager", "pedagogue"))
    frame = pl.DataFrame({
        "id": make_ids("PR", n, 4),
        "title": [f"{t} ({h} ч.)" for t, h in zip(topics.tolist(), hours.tolist())],
        "kind": np.where(retraining, "retraining", "advanced_training").tolist(),
        "hours": hours,
        "provider": g.pick([catalog.REGIONAL_INSTITUTES.get(region or "", catalog.GENERIC_INSTITUTE),
                            "ФГАОУ ДПО «Академия Минпросвещения России»", "АНО ДПО «Педагогический университет»"],
                           n, [0.5, 0.3, 0.2]).tolist(),
        "in_federal_registry": g.chance(n, 0.4),
        "c1": c1.tolist(), "c2": c2.tolist(),
        "audience": audience.tolist(),
        "form": g.pick(["in_person", "on_site", "correspondence", "distance", "online"], n,
                       [0.35, 0.1, 0.1, 0.3, 0.15]).tolist(),
        "management_team": management,
        "tags": [[]] * n,
    }, schema_overrides={"c2": pl.String, "tags": pl.List(pl.String)})
    institute = catalog.REGIONAL_INSTITUTES.get(region or "", catalog.GENERIC_INSTITUTE)
    return frame.select(
        "id", "title", "kind", "hours", "provider", "in_federal_registry",
        pl.concat_list("c1", "c2").list.drop_nulls().list.unique(maintain_order=True).alias("competencies"),
        pl.col("audience").str.split(";"), "form", "management_team",
        # computed, not drawn, so the other columns stay as they were: the regional institute runs the ЦНППМ,
        # and every seventh program is taught in a network form
        (pl.col("provider") == institute).alias("nppm"), (pl.int_range(pl.len()) % 7 == 0).alias("network"),
        "tags",
    )


def make_trainings(g: Gen, staff: pl.DataFrame, programs: pl.DataFrame, diagnostics: pl.DataFrame) -> pl.DataFrame:
    per_person = g.rng.poisson(1.2, staff.height)
    idx = np.repeat(np.arange(staff.height), per_person)
    n = len(idx)
    hired = staff["hired"].to_numpy().astype("datetime64[D]")[idx]
    left = staff["left"].to_numpy().astype("datetime64[D]")[idx]
    start = g.days(n, np.maximum(hired, g.first), g.today + 120)
    keep = (np.isnat(left) | (start < left)) & (start >= hired)
    audience = programs["audience"].to_list()
    for_ped = np.flatnonzero(["pedagogue" in a for a in audience])
    for_mgr = np.flatnonzero(["manager" in a for a in audience])
    manager = staff["category"].to_numpy()[idx] == "manager"
    program = np.where(manager, for_mgr[g.rng.integers(0, len(for_mgr), n)],
                       for_ped[g.rng.integers(0, len(for_ped), n)])
    hours = programs["hours"].to_numpy()[program]
    end = start + np.maximum(3, (hours / 6).astype(np.int64))
    done = g.chance(n, 0.95)
    status = np.select([start > g.today, end > g.today, done], ["planned", "in_progress", "completed"], "dropped")
    frame = pl.DataFrame({
        "staff_id": staff["id"].gather(idx), "program_id": programs["id"].gather(program),
        "start": date_series("start", start), "end": date_series("end", end),
        "status": status.tolist(), "basis": g.chance(n, 0.4),
        # a dropped course ends half-way (computed, not drawn: the other columns stay as they were)
        "dropped_on": nullable_dates("dropped_on", start + (end - start) // 2, status == "dropped"),
    }).filter(pl.Series(keep)).sort("start", "staff_id")
    frame = frame.with_columns(make_ids("T", frame.height, 8))
    latest = diagnostics.select(pl.col("id").alias("diagnostic_id"), "staff_id", pl.col("date").alias("start"))
    # Both sides are sorted by "start"; polars cannot verify that within "by" groups.
    frame = frame.join_asof(latest.sort("start"), on="start", by="staff_id", strategy="backward",
                            check_sortedness=False)
    return frame.select(
        "id", "staff_id", "program_id", "start", "end", "status", "dropped_on",
        pl.when(pl.col("basis")).then(pl.col("diagnostic_id")).alias("diagnostic_id"),
    ).sort("id")


def make_ioms(g: Gen, staff: pl.DataFrame, diagnostics: pl.DataFrame, results: pl.DataFrame,
          programs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    # Every competency has the catalog's threshold: the deficit is the model's declaration on it.
    deficits = (results.with_columns(pl.lit(catalog.DEFICIT_THRESHOLD).alias("competency.threshold"))
                .filter(is_deficit_expr())
                .group_by("diagnostic_id", maintain_order=True).agg(pl.col("competency_id").alias("deficits")))
    base = diagnostics.join(deficits, left_on="id", right_on="diagnostic_id").sort("id")
    base = base.filter(pl.Series(g.chance(base.height, 0.55)))
    n = base.height
    diag_date = base["date"].to_numpy().astype("datetime64[D]")
    developed = np.minimum(diag_date + g.rng.integers(7, 60, n), g.today)
    end = developed + g.rng.integers(180, 366, n)
    finished = end <= g.today
    outcome = g.pick(["completed", "in_progress", "cancelled"], n, [0.7, 0.2, 0.1])
    status = np.where(finished, outcome, np.where(g.chance(n, 0.3), "developed", "in_progress"))
    completed_on = np.minimum(end - g.rng.integers(0, 30, n), g.today)
    ioms = pl.DataFrame({
        "id": make_ids("I", n, 7), "staff_id": base["staff_id"], "diagnostic_id": base["id"],
        "developed": date_series("developed", developed), "start": date_series("start", developed),
        "end": date_series("end", end), "status": status.tolist(),
        "completed_on": nullable_dates("completed_on", completed_on, status == "completed"),
        # cancelled half-way through (computed, not drawn: the rest of the data stays as it was)
        "cancelled_on": nullable_dates("cancelled_on", developed + (np.minimum(end, g.today) - developed) // 2,
                                        status == "cancelled"),
    })
    steps = (ioms.select(pl.col("id").alias("iom_id"), "start", "end", "status", "completed_on")
             .with_columns(competency=base["deficits"]).explode("competency"))
    comp = steps["competency"].to_numpy()
    program_for = np.full(steps.height, None, dtype=object)
    program_comps = programs["competencies"].to_list()
    program_ids = programs["id"].to_numpy()
    for c in catalog.COMPETENCIES:
        covering = np.asarray([i for i, cs in enumerate(program_comps) if c in cs], dtype=np.int64)
        where = np.flatnonzero(comp == c)
        if len(covering) and len(where):
            program_for[where] = program_ids[covering[g.rng.integers(0, len(covering), len(where))]]
    steps = steps.with_columns(
        program_id=pl.Series(program_for.tolist(), dtype=pl.String),
    ).with_columns(
        kind=pl.when(pl.col("program_id").is_not_null()).then(pl.lit("training")).otherwise(pl.lit("self_education")),
        title=pl.when(pl.col("program_id").is_not_null()).then(pl.lit("Курсы повышения квалификации"))
        .otherwise(pl.lit("Самообразование по теме дефицита")),
        competencies=pl.concat_list("competency"),
        done_on=pl.when(pl.col("status") == "completed").then(pl.col("completed_on")),
    )
    steps = steps.with_columns(make_ids("IS", steps.height, 8))
    return ioms, steps.select("id", "iom_id", "kind", "title", "program_id", "competencies", "start", "end", "done_on")
