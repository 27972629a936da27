"""Activity rows of a synthetic dataset: diagnostics, trainings, IOMs, mentoring, events, documents…

Every function draws from the generator's seeded source in a fixed order, so the same
seed gives the same rows (see :mod:`methodnet.synth.generator`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from methodnet.model.derived import employed_on_expr, is_deficit_expr
from methodnet.synth import catalog
from methodnet.synth.common import FIRST_YEAR, date_series, Gen, make_ids, nullable_dates

def _employed(staff: pl.DataFrame, at: np.ndarray) -> np.ndarray:
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
        take = g.chance(n, share) & _employed(staff, dates)
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


def make_mentorships(g: Gen, staff: pl.DataFrame) -> pl.DataFrame:
    org = staff["organization_id"].to_numpy()
    starts = np.r_[0, np.flatnonzero(org[1:] != org[:-1]) + 1]
    counts = np.diff(np.r_[starts, len(org)])
    org_of_row = np.repeat(np.arange(len(starts)), counts)
    career = staff["career_start"].to_numpy().astype("datetime64[D]")
    birth = staff["birth_date"].to_numpy().astype("datetime64[D]")
    pedagogue = staff["category"].to_numpy() == "pedagogue"
    recent = (career > g.today - 4 * 365) & ((career - birth).astype("int64") < 35 * 365) & pedagogue
    mentee = np.flatnonzero(recent & g.chance(len(org), 0.75))
    mentor = starts[org_of_row[mentee]] + (g.rng.random(len(mentee)) * counts[org_of_row[mentee]]).astype(np.int64)
    valid = (mentor != mentee) & (career[mentor] < g.today - 10 * 365)
    mentee, mentor = mentee[valid], mentor[valid]
    hired = staff["hired"].to_numpy().astype("datetime64[D]")
    start = np.maximum(hired[mentee], career[mentee]) + g.rng.integers(0, 30, len(mentee))
    end = start + 2 * 365
    return pl.DataFrame({
        "id": make_ids("MN", len(mentee), 7), "mentor_id": staff["id"].gather(mentor),
        "mentee_id": staff["id"].gather(mentee),
        "kind": ["teacher"] * len(mentee), "start": date_series("start", start),
        "end": nullable_dates("end", end, end <= g.today),
    })


def make_associations(g: Gen, staff: pl.DataFrame, orgs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    cycles = pl.DataFrame({"subject": list(catalog.SUBJECTS), "cycle": [v[1] for v in catalog.SUBJECTS.values()]})
    teachers = (staff.filter(pl.col("subjects").list.len() > 0)
                .select("id", "organization_id", pl.col("subjects").list.first().alias("subject"))
                .join(cycles, on="subject")
                .join(orgs.select(pl.col("id").alias("organization_id"), "municipality_id"), on="organization_id"))
    shmo = (teachers.group_by("organization_id", "municipality_id", "cycle", maintain_order=True).len()
            .filter(pl.col("len") >= 3).sort("organization_id", "cycle"))
    shmo = shmo.with_columns(make_ids("A", shmo.height, 7)).with_columns(
        name=pl.lit("ШМО: ") + pl.col("cycle"), level=pl.lit("school"), subject=pl.lit(None, pl.String),
        subject_cycle=pl.col("cycle"),
        created=date_series("created", g.days(shmo.height, np.datetime64("2018-09-01"), np.datetime64("2022-09-01"))),
    )
    top = ["русский язык и литература", "математика", "начальные классы", "иностранный язык", "история и обществознание"]
    urban = orgs.group_by("municipality_id").agg(pl.col("rural").mean().alias("rural_share"))
    gmo = (urban.join(pl.DataFrame({"subject": top}), how="cross").sort("municipality_id", "subject")
           .with_columns(level=pl.when(pl.col("rural_share") > 0.3).then(pl.lit("district")).otherwise(pl.lit("city"))))
    gmo = gmo.with_columns(make_ids("A", gmo.height, 7, start=shmo.height + 1)).with_columns(
        name=pl.when(pl.col("level") == "city").then(pl.lit("ГМО: ")).otherwise(pl.lit("РМО: ")) + pl.col("subject"),
        organization_id=pl.lit(None, pl.String), subject_cycle=pl.lit(None, pl.String),
        created=date_series("created", g.days(gmo.height, np.datetime64("2015-09-01"), np.datetime64("2021-09-01"))),
    )
    columns = ["id", "name", "level", "municipality_id", "organization_id", "subject", "subject_cycle", "created"]
    associations = pl.concat([shmo.select(columns), gmo.select(columns)], how="vertical_relaxed")
    shmo_members = teachers.join(shmo.select(pl.col("id").alias("association_id"), "organization_id", "cycle"),
                                 on=["organization_id", "cycle"])
    gmo_members = teachers.join(gmo.select(pl.col("id").alias("association_id"), "municipality_id", "subject"),
                                on=["municipality_id", "subject"])
    gmo_members = gmo_members.filter(pl.Series(g.chance(gmo_members.height, 0.3)))
    members = pl.concat([shmo_members.select("association_id", pl.col("id").alias("staff_id")),
                         gmo_members.select("association_id", pl.col("id").alias("staff_id"))],
                        how="vertical_relaxed")
    first_member = members.select(pl.col("association_id").is_first_distinct()).to_series()
    members = members.with_columns(role=pl.when(first_member).then(pl.lit("head")).otherwise(pl.lit("member")),
                                   start=pl.lit(None, pl.Date), end=pl.lit(None, pl.Date))
    return associations, members


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


def make_roles(g: Gen, staff: pl.DataFrame) -> pl.DataFrame:
    n = staff.height
    kind = g.pick(["regional_methodist", "tutor", "expert", "jury_member", "none"], n,
                  [0.005, 0.01, 0.01, 0.006, 0.969])
    idx = np.flatnonzero(kind != "none")
    k = len(idx)
    start = g.days(k, np.datetime64("2021-09-01"), np.datetime64("2025-09-01"))
    end = start + 3 * 365
    level = np.where(np.isin(kind[idx], ["regional_methodist"]), "regional",
                     g.pick(["municipal", "regional"], k, [0.7, 0.3]))
    return pl.DataFrame({
        "id": make_ids("R", k, 6), "staff_id": staff["id"].gather(idx), "kind": kind[idx].tolist(),
        "level": level.tolist(), "start": date_series("start", start),
        "end": nullable_dates("end", end, end <= g.today),
    })


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
    take = np.flatnonzero(_employed(staff, np.full(staff.height, at)) & g.chance(staff.height, 0.25))
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
