"""Event rows of a synthetic dataset: municipal and regional events and contests, and who took part.

Participation is drawn for people and organizations at events of their own municipality.
The function draws from the generator's seeded source in a fixed order, so the same seed
gives the same rows (see :mod:`methodnet.synth.generator`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from methodnet.synth import catalog
from methodnet.synth.common import FIRST_YEAR, Gen, date_series, make_ids

_EVENT_KINDS = ["contest", "seminar", "methodical_day", "open_day", "conference", "master_class",
                "experience_presentation", "young_teacher_school"]

_EVENT_TITLES = {"contest": "Муниципальный этап конкурса", "seminar": "Методический семинар",
                 "methodical_day": "Единый методический день", "open_day": "День открытых дверей",
                 "conference": "Августовская педагогическая конференция", "master_class": "Мастер-класс",
                 "experience_presentation": "Презентация опыта", "young_teacher_school": "Школа молодого педагога"}


def make_events(g: Gen, munis: pl.DataFrame, orgs: pl.DataFrame, staff: pl.DataFrame
            ) -> tuple[pl.DataFrame, pl.DataFrame]:
    years = np.arange(FIRST_YEAR, g.today.astype(object).year + 1)
    pairs = [(m, y) for m in range(munis.height) for y in years]
    muni_idx = np.asarray([p[0] for p in pairs], dtype=np.int64)
    year = np.asarray([p[1] for p in pairs], dtype=np.int64)
    per = 3 + g.rng.poisson(3, len(pairs))
    ev_muni = np.repeat(muni_idx, per)
    ev_year = np.repeat(year, per)
    n = len(ev_muni)
    kinds = g.pick(_EVENT_KINDS, n, [0.3, 0.2, 0.1, 0.1, 0.08, 0.1, 0.07, 0.05])
    contest_codes = list(catalog.CONTESTS)
    contest = np.where(kinds == "contest", g.pick(contest_codes, n), None)
    year_start = np.asarray([np.datetime64(f"{y}-01-01") for y in ev_year])
    date = year_start + g.rng.integers(0, 365, n)
    title = [(_EVENT_TITLES[k] + (f" «{catalog.CONTESTS[c]}»" if c else "")) for k, c in zip(kinds.tolist(), contest.tolist())]
    municipal = pl.DataFrame({
        "title": title, "kind": kinds.tolist(), "contest": contest.tolist(), "level": ["municipal"] * n,
        "municipality_id": munis["id"].gather(ev_muni), "organizer_id": [None] * n,
        "start": date_series("start", date),
    }, schema_overrides={"contest": pl.String, "organizer_id": pl.String})
    regions = munis["region"].unique(maintain_order=True).to_list()
    reg = [(r, y, c) for r in regions for y in years for c in ("teacher_of_the_year", "educator_of_the_year",
                                                                  "director_of_the_year", "pedagogical_debut")]
    regional = pl.DataFrame({
        "title": [f"Региональный этап конкурса «{catalog.CONTESTS[c]}» ({r})" for r, _, c in reg],
        "kind": ["contest"] * len(reg), "contest": [c for _, _, c in reg], "level": ["regional"] * len(reg),
        "municipality_id": [None] * len(reg), "organizer_id": [None] * len(reg),
        "start": date_series("start", np.asarray([np.datetime64(f"{y}-03-15") for _, y, _ in reg])),
    }, schema_overrides={"municipality_id": pl.String, "organizer_id": pl.String})
    events = pl.concat([municipal, regional], how="vertical_relaxed").with_columns(end=pl.col("start"))
    events = events.with_columns(make_ids("E", events.height, 7)).select("id", *[c for c in events.columns])
    events = events.select("id", "title", "kind", "contest", "level", "municipality_id", "organizer_id", "start", "end")

    # People at municipal events of their own municipality.
    staff_muni = staff.select("id", "organization_id").join(
        orgs.select(pl.col("id").alias("organization_id"), "municipality_id"), on="organization_id", how="left")
    ev_m = events.filter(pl.col("level") == "municipal").with_row_index("i")
    bounds = ev_m.group_by("municipality_id").agg(pl.col("i").min().alias("lo"), pl.len().alias("cnt"))
    people = staff_muni.join(bounds, on="municipality_id", how="inner")
    pick = people.filter(pl.Series(g.chance(people.height, 0.25)))
    k = pick.height
    chosen = pick["lo"].to_numpy() + (g.rng.random(k) * pick["cnt"].to_numpy()).astype(np.int64)
    role = g.pick(["participant", "speaker", "jury", "expert", "tutor"], k, [0.8, 0.1, 0.04, 0.03, 0.03])
    is_contest = ev_m["kind"].to_numpy()[chosen] == "contest"
    result = np.where(is_contest & (role == "participant"),
                      g.pick(["winner", "prize_winner", "laureate", "participant"], k, [0.05, 0.1, 0.1, 0.75]), None)
    person_part = pl.DataFrame({
        "event_id": ev_m["id"].gather(chosen), "staff_id": pick["id"], "organization_id": [None] * k,
        "role": role.tolist(), "result": result.tolist(),
    }, schema_overrides={"organization_id": pl.String, "result": pl.String})
    # Organizations presenting experience or taking part as a team.
    org_pick = orgs.select(pl.col("id").alias("organization_id"), "municipality_id").join(bounds, on="municipality_id")
    org_pick = org_pick.filter(pl.Series(g.chance(org_pick.height, 0.6)))
    k2 = org_pick.height
    chosen2 = org_pick["lo"].to_numpy() + (g.rng.random(k2) * org_pick["cnt"].to_numpy()).astype(np.int64)
    org_part = pl.DataFrame({
        "event_id": ev_m["id"].gather(chosen2), "staff_id": [None] * k2, "organization_id": org_pick["organization_id"],
        "role": ["participant"] * k2, "result": [None] * k2,
    }, schema_overrides={"staff_id": pl.String, "result": pl.String})
    parts = pl.concat([person_part, org_part], how="vertical_relaxed")
    return events, parts.with_columns(make_ids("EP", parts.height, 8)).select("id", *parts.columns)
