"""A deterministic generator of realistic datasets, from one municipality to a country.

Everything is vectorised with numpy and polars (no Python loop over people), so the
national scale — ~2,400 municipalities, ~42,000 organizations, ~1.1 million staff and
a few million activity rows — takes seconds. The same ``seed`` and ``today`` always give
the same data.

Distributions, in short: ages around 47 (managers around 50) with a cohort of young
entrants; pedagogical work starting at 21–30; school staff proportional to pupils,
with teachers of small rural schools covering two subjects; diagnostics in three
spring waves whose scores improve; trainings ~1.2 per person over the program years,
some chosen after a diagnostic; an IOM for about half of those with deficits; a mentor
for three quarters of young teachers; ШМО per subject cycle, ГМО/РМО per subject; events
and contests at municipal and regional level.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TYPE_CHECKING

import numpy as np
import polars as pl

from methodnet.synth import catalog
from methodnet.synth.activity import (
    make_associations,
    make_attestations,
    make_competencies,
    make_diagnostics,
    make_documents,
    make_events,
    make_ioms,
    make_mentorships,
    make_programs,
    make_roles,
    make_statistics,
    make_surveys,
    make_trainings,
)
from methodnet.synth.assessments import expert_assessments
from methodnet.synth.common import DEFAULT_TODAY, FIRST_YEAR, Gen, date_series, make_ids, nullable_dates
from methodnet.synth.places import SCALES, MunicipalityPlan, OrgPlan, Scale

if TYPE_CHECKING:
    from methodnet.dataset import Dataset

__all__ = ["DEFAULT_TODAY", "FIRST_YEAR", "SCALES", "Scale", "generate", "generate_tables"]


# --------------------------------------------------------------------------- places


def _random_plans(g: Gen, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Municipalities and organizations of a synthetic country."""
    muni_ids = make_ids("M", n, 4)
    region_idx = g.rng.integers(0, len(catalog.REGIONS), n)
    municipalities = pl.DataFrame({
        "id": muni_ids,
        "name": [f"Муниципальное образование № {i + 1}" for i in range(n)],
        "region": np.asarray(catalog.REGIONS, dtype=object)[region_idx].tolist(),
    })
    per_muni = np.clip(np.rint(g.rng.lognormal(np.log(14.0), 0.7, n)), 3, 400).astype(np.int64)
    muni_of_org = np.repeat(np.arange(n), per_muni)
    m = len(muni_of_org)
    first_in_muni = np.r_[True, muni_of_org[1:] != muni_of_org[:-1]]
    kinds = g.pick(["school", "kindergarten", "additional"], m, [0.52, 0.38, 0.10])
    kinds[first_in_muni] = "methodical_center"
    rural = g.chance(m, 0.55)
    school = kinds == "school"
    students = np.where(
        school, np.rint(g.rng.lognormal(np.log(np.where(rural, 120, 450)), 0.6)),
        np.where(kinds == "kindergarten", np.rint(g.rng.lognormal(np.log(120), 0.5)),
                 np.where(kinds == "additional", 500, 0)),
    ).astype(np.int64)
    org_ids = make_ids("O", m, 6)
    kind_ru = {"school": "Школа", "kindergarten": "Детский сад", "additional": "Центр дополнительного образования",
               "methodical_center": "Методический центр"}
    organizations = pl.DataFrame({
        "id": org_ids,
        "name": [f"{kind_ru[k]} {i}" for i, k in enumerate(kinds.tolist(), start=1)],
        "municipality_id": muni_ids.gather(muni_of_org),
        "kind": kinds.tolist(),
        "settlement": [None] * m,
        "rural": rural & (kinds != "methodical_center"),
        "low_results": school & g.chance(m, 0.08),
        "students": np.where(kinds == "methodical_center", None, students).tolist(),
    }, schema_overrides={"settlement": pl.String, "students": pl.Int64})
    return municipalities, organizations


def _planned(plans: list[MunicipalityPlan]) -> tuple[pl.DataFrame, pl.DataFrame]:
    municipalities = pl.DataFrame({"id": [p.id for p in plans], "name": [p.name for p in plans],
                                   "region": [p.region for p in plans]})
    rows = []
    for plan in plans:
        for k, org in enumerate(plan.organizations, start=1):
            rows.append(_org_row(plan.id, k, org))
    return municipalities, pl.DataFrame(rows, schema_overrides={"students": pl.Int64})


def _org_row(muni_id: str, k: int, org: OrgPlan) -> dict:
    return {"id": f"{muni_id}-{k:02d}", "name": org.name, "short_name": org.short_name,
            "municipality_id": muni_id, "kind": org.kind, "settlement": org.settlement, "rural": org.rural,
            "low_results": org.low_results, "students": org.students or None}


# --------------------------------------------------------------------------- people


def _staff(g: Gen, orgs: pl.DataFrame) -> pl.DataFrame:
    kinds = orgs["kind"].to_numpy()
    students = orgs["students"].fill_null(0).to_numpy()
    school, kg = kinds == "school", kinds == "kindergarten"
    pedagogues = np.select(
        [school, kg, kinds == "additional"],
        [np.rint(students / 11) + 6, np.rint(students / 9) + 3, g.rng.integers(12, 30, len(kinds))],
        default=g.rng.integers(4, 9, len(kinds)),
    ).astype(np.int64)
    managers = np.select([school, kg], [1 + np.minimum(3, students // 250), 1 + (students > 150)], default=2)
    per_org = pedagogues + managers
    org_idx = np.repeat(np.arange(len(kinds)), per_org)
    n = len(org_idx)
    rank = np.arange(n) - np.repeat(np.cumsum(per_org) - per_org, per_org)
    is_manager = rank < managers[org_idx]
    kind = kinds[org_idx]
    in_school, in_kg = school[org_idx], kg[org_idx]

    # Ages: a broad main body and a cohort of young entrants.
    young = g.chance(n, 0.09) & ~is_manager
    age = np.where(is_manager, g.rng.normal(50, 8, n), g.rng.normal(47, 11, n))
    age = np.where(young, g.rng.uniform(22, 30, n), age)
    age = np.clip(age, 21, 72)
    start_age = np.where(young, age - g.rng.uniform(0, 4, n), 21 + g.rng.exponential(2.5, n))
    start_age = np.clip(np.minimum(start_age, age - 0.1), 20, None)
    birth = g.today - (age * 365.25).astype("int64")
    career = birth + (start_age * 365.25).astype("int64")
    tenure = np.minimum(g.rng.exponential(9, n), (g.today - career).astype("int64") / 365.25)
    hired = g.today - (tenure * 365.25).astype("int64")
    left_mask = g.chance(n, 0.05)
    left = g.days(n, np.datetime64(f"{FIRST_YEAR + 3}-01-01"), g.today)
    left_mask &= left > hired

    position = np.select(
        [is_manager & (rank == 0) & in_kg, is_manager & (rank == 0), is_manager,
         in_school, in_kg, kind == "additional"],
        ["заведующий", "директор", "заместитель директора",
         "учитель", "воспитатель", "педагог дополнительного образования"],
        default="методист",
    ).astype(object)
    specialists = ~is_manager & g.chance(n, 0.06) & (in_school | in_kg)
    position[specialists] = g.pick(["педагог-психолог", "учитель-логопед", "социальный педагог"],
                                   int(specialists.sum()))
    teacher = position == "учитель"
    names = list(catalog.SUBJECTS)
    weights = [v[0] for v in catalog.SUBJECTS.values()]
    first_subject = g.pick(names, n, weights)
    small = students[org_idx] < 250
    second_subject = g.pick(names, n, weights)
    two = teacher & small & g.chance(n, 0.6) & (second_subject != first_subject)

    category = np.where(is_manager, "manager", "pedagogue")
    years = (g.today - career).astype("int64") / 365.25
    qual = g.pick(["highest", "first", "szd", "none"], n, [0.32, 0.36, 0.17, 0.15])
    qual = np.where(years < 2, "none", qual)

    female = g.chance(n, 0.82)
    surname = g.pick(catalog.SURNAMES, n)
    first = np.where(female, g.pick(catalog.FEMALE_NAMES, n), g.pick(catalog.MALE_NAMES, n))
    patronymic = g.pick(catalog.PATRONYMIC_ROOTS, n)
    frame = pl.DataFrame({
        "id": make_ids("S", n, 7),
        "surname": surname.tolist(), "first": first.tolist(), "patr": patronymic.tolist(),
        "female": female,
        "organization_id": orgs["id"].gather(org_idx),
        "category": category.tolist(),
        "position": position.tolist(),
        "s1": np.where(teacher, first_subject, None).tolist(),
        "s2": np.where(two, second_subject, None).tolist(),
        "birth_date": date_series("birth_date", birth),
        "career_start": date_series("career_start", career),
        "hired": date_series("hired", hired),
        "left": nullable_dates("left", left, left_mask),
        "qualification_category": qual.tolist(),
    }, schema_overrides={"s1": pl.String, "s2": pl.String})
    return frame.select(
        "id",
        pl.concat_str(
            pl.col("surname") + pl.when(pl.col("female")).then(pl.lit("а")).otherwise(pl.lit("")),
            pl.col("first"),
            pl.col("patr") + pl.when(pl.col("female")).then(pl.lit("на")).otherwise(pl.lit("ич")),
            separator=" ",
        ).alias("full_name"),
        "organization_id", "category", "position",
        pl.concat_list("s1", "s2").list.drop_nulls().alias("subjects"),
        "birth_date", "career_start", "hired", "left", "qualification_category",
    )


# --------------------------------------------------------------------------- entry point


def generate_tables(*, municipalities: int | list[MunicipalityPlan] = 1, seed: int = 1,
                    today: dt.date = DEFAULT_TODAY, progress: Any = None) -> dict[str, pl.DataFrame]:
    """Generate the tables of a dataset (not yet validated: see :func:`generate`).

    ``progress(stage)`` is called as each stage starts (national scale takes minutes).
    """
    say = progress or (lambda _stage: None)
    g = Gen(seed, today)
    say("муниципалитеты, организации, работники")
    if isinstance(municipalities, int):
        munis, orgs = _random_plans(g, municipalities)
    else:
        munis, orgs = _planned(municipalities)
    staff = _staff(g, orgs)
    regions = munis["region"].unique().to_list()
    say(f"программы ДПО и диагностики (работников: {staff.height:,})".replace(",", "\u202f"))
    programs = make_programs(g, regions[0] if len(regions) == 1 else None)
    diagnostics, results = make_diagnostics(g, staff)
    say("обучение и ИОМ")
    trainings = make_trainings(g, staff, programs, diagnostics)
    ioms, steps = make_ioms(g, staff, diagnostics, results, programs)
    say("объединения, мероприятия, документы")
    associations, members = make_associations(g, staff, orgs)
    events, participations = make_events(g, munis, orgs, staff)
    return {
        "dataset_info": pl.DataFrame({"as_of": [today], "label": ["синтетические данные methodnet"]}),
        "municipality": munis,
        "organization": orgs,
        "staff": staff,
        "role": make_roles(g, staff),
        "competency": make_competencies(),
        "diagnostic": diagnostics,
        "diagnostic_result": results,
        "program": programs,
        "training": trainings,
        "iom": ioms,
        "iom_step": steps,
        "mentorship": make_mentorships(g, staff),
        "association": associations,
        "association_member": members,
        "event": events,
        "participation": participations,
        "document": make_documents(g, munis, orgs),
        "attestation": make_attestations(g, staff),
        "survey_response": make_surveys(g, staff, orgs),
        "statistic": make_statistics(g, munis),
        "expert_assessment": expert_assessments(seed, today, orgs),
    }


def generate(*, municipalities: int | list[MunicipalityPlan] = 1, seed: int = 1,
             today: dt.date = DEFAULT_TODAY, progress: Any = None) -> "Dataset":
    """A validated synthetic :class:`~methodnet.Dataset`.

    ``municipalities`` is a count (random places) or a list of plans (named places,
    e.g. :data:`methodnet.synth.places.EXAMPLES`). Validation uses ``today`` as its
    reference date so generated "past" dates are never in the future.
    """
    from methodnet.dataset import Dataset
    from methodnet.io.validate import LoadOptions

    tables = generate_tables(municipalities=municipalities, seed=seed, today=today, progress=progress)
    if progress:
        progress(f"проверка данных (строк: {sum(t.height for t in tables.values()):,})".replace(",", "\u202f"))
    return Dataset.from_frames(tables, options=LoadOptions(today=today))
