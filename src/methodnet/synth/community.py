"""Professional community rows of a synthetic dataset: mentorships, methodical associations, roles.

Who works with whom: mentors for young teachers within their organization, ШМО per subject
cycle and ГМО/РМО per subject with their members, and staff in regional or municipal roles
(methodist, tutor, expert, jury). Every function draws from the generator's seeded source in
a fixed order, so the same seed gives the same rows (see :mod:`methodnet.synth.generator`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from methodnet.synth import catalog
from methodnet.synth.common import Gen, date_series, make_ids, nullable_dates


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
