"""Tuned baseline in lazy Polars: the 26 base indicators, every period, by municipality.

    python benchmarks/baseline_polars.py DATA [--at 2026-09-01] [--years 2024 2027] [--out values.parquet]

Written as an analyst who knows Polars would: ``scan_csv`` with an explicit schema (no type
inference) and only the columns used; the periods as a small frame crossed with each table,
so every time condition is a mask over (row × period); every ``exists()`` as one group-by per
key and period for all periods at once (several flags per table in the same pass); every
indicator as one filtered count over entity × period; one ``collect_all`` for the lot.

Semantics (SEMANTICS.md, as of each period's end e, dataset date T): staff, organizations
active on e; other rows overlapping the window [ws, e] (ws = the period's start, or
1900-01-01 for cumulative indicators); IOM cancelled/completed as of e from cancelled_on /
completed_on (null → T); a course counts as completed in the window when its completion
date coalesce(end, T) is in [ws, e]; empty participation.role = participant, empty
scale_max = 5; an absent or empty table gives null numerators and denominators.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline_common import (  # noqa: E402
    COUNTS,
    CUMULATIVE_START,
    INDICATORS,
    REQUIRES,
    dataset_date,
    periods,
    run_cli,
    sources,
)

S, D, F, B = pl.String, pl.Date, pl.Float64, pl.Boolean
#: The columns each table contributes, with their types (read as given, never inferred).
COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "municipality": {"id": S},
    "organization": {"id": S, "municipality_id": S, "kind": S, "opened": D, "closed": D},
    "staff": {"id": S, "organization_id": S, "category": S, "birth_date": D, "career_start": D, "hired": D,
              "left": D},
    "diagnostic": {"id": S, "staff_id": S, "date": D},
    "diagnostic_result": {"diagnostic_id": S, "competency_id": S, "score": F, "deficit": B},
    "competency": {"id": S, "threshold": F},
    "iom": {"staff_id": S, "diagnostic_id": S, "status": S, "developed": D, "end": D, "completed_on": D,
            "cancelled_on": D},
    "training": {"staff_id": S, "program_id": S, "status": S, "diagnostic_id": S, "start": D, "end": D,
                 "dropped_on": D},
    "program": {"id": S, "kind": S, "in_federal_registry": B, "management_team": B},
    "mentorship": {"mentor_id": S, "mentee_id": S, "start": D, "end": D},
    "association_member": {"staff_id": S, "start": D, "end": D},
    "participation": {"event_id": S, "staff_id": S, "organization_id": S, "role": S},
    "event": {"id": S, "kind": S, "contest": S, "level": S, "municipality_id": S, "organizer_id": S,
              "start": D, "end": D},
    "role": {"staff_id": S, "kind": S, "start": D, "end": D},
    "survey_response": {"survey": S, "municipality_id": S, "date": D, "score": F, "scale_max": F},
}
ORG_KINDS = ["school", "kindergarten", "additional"]
EXPERIENCE = ["experience_presentation", "master_class", "open_day"]

col = pl.col


def _scan(found: dict, table: str) -> pl.LazyFrame:
    """The table's needed columns, typed; a column the file lacks (an older export) is null."""
    wanted = COLUMNS[table]
    source = found.get(table)
    if source is None:
        return pl.LazyFrame(schema=wanted)
    schema = {name: wanted.get(name, pl.String) for name in source.header}
    lf = pl.scan_csv(source.path, separator=source.separator, schema=schema, encoding="utf8")
    return lf.select([col(c) if c in schema else pl.lit(None, t).alias(c) for c, t in wanted.items()])


def _starts_by(start: pl.Expr) -> pl.Expr:
    return start.is_null() | (start <= col("pe"))


def _active(start: str, end: str) -> pl.Expr:
    """An entity active on the period's last day."""
    return _starts_by(col(start)) & (col(end).is_null() | (col(end) > col("pe")))


def _overlaps(start: pl.Expr, end: pl.Expr, ws: pl.Expr) -> pl.Expr:
    """A dated row overlapping [ws, e] (an open end runs on)."""
    return _starts_by(start) & (end.is_null() | (end >= ws))


def _full_years(start: pl.Expr, at: pl.Expr) -> pl.Expr:
    before = (start.dt.month().cast(pl.Int32) * 100 + start.dt.day().cast(pl.Int32)
              > at.dt.month().cast(pl.Int32) * 100 + at.dt.day().cast(pl.Int32)).cast(pl.Int32)
    return at.dt.year().cast(pl.Int32) - start.dt.year().cast(pl.Int32) - before


def compute(data: str | Path, at: dt.date | None = None, years: list[int] | None = None) -> pl.DataFrame:
    """Every (indicator, period, group) numerator and denominator; see the module docstring."""
    found = sources(data)
    present = {t for t, s in found.items() if s.has_rows}
    T = pl.lit(dataset_date(found, at), pl.Date)
    cum = pl.lit(CUMULATIVE_START, pl.Date)
    P = pl.LazyFrame([{"period": label, "ps": s, "pe": e} for label, s, e in periods(years or [2024, 2025, 2026, 2027])],
                     schema={"period": S, "ps": D, "pe": D})
    t = {name: _scan(found, name) for name in COLUMNS}
    key = ["staff_id", "period"]

    # --- entities as of each period's end
    orgs = t["organization"].join(P, how="cross").filter(_active("opened", "closed"))
    staff = (t["staff"].join(t["organization"].select(col("id").alias("organization_id"), "municipality_id"),
                             on="organization_id", how="left")
             .join(P, how="cross").filter(_active("hired", "left"))
             .with_columns(young=((_full_years(col("birth_date"), col("pe")) < 35)
                                  & (_full_years(col("career_start"), col("pe")).clip(lower_bound=0) < 3))
                           .fill_null(False))
             .select("id", "organization_id", "municipality_id", "category", "young", "period"))

    # --- exists() per (staff, period), several flags per table in one pass
    diag = (t["diagnostic"].filter(col("date") >= cum).group_by("staff_id").agg(first=col("date").min())
            .join(P, how="cross").filter(col("first") <= col("pe")).select(key, d_cum=pl.lit(True)))
    cancelled = (col("status") == "cancelled") & (pl.coalesce("cancelled_on", T) <= col("pe"))
    ioms = (t["iom"].join(P, how="cross").filter(_overlaps(col("developed"), col("end"), cum))
            .group_by(key).agg(iom_diag=(~cancelled & col("diagnostic_id").is_not_null()).any(),
                               iom_active=(~cancelled).any(),
                               iom_done=((col("status") == "completed")
                                         & (pl.coalesce("completed_on", T) <= col("pe"))).any()))
    programs = t["program"].select(col("id").alias("program_id"), col("kind").alias("program_kind"),
                                   col("in_federal_registry").fill_null(False).alias("fed"),
                                   col("management_team").fill_null(False).alias("mt"))
    in_period = col("end").is_null() | (col("end") >= col("ps"))
    done = (in_period & (col("status") == "completed")
            & pl.coalesce("end", T).is_between(col("ps"), col("pe")))
    trainings = (t["training"].join(programs, on="program_id", how="left").join(P, how="cross")
                 .filter(_overlaps(col("start"), col("end"), cum))
                 .group_by(key).agg(t_pd=done.any(), t_adv=(done & (col("program_kind") == "advanced_training")).any(),
                                    t_retr=(done & (col("program_kind") == "retraining")).any(),
                                    t_fed=(done & col("fed") & col("diagnostic_id").is_not_null()).any(),
                                    t_mt=(in_period & col("mt")).any(), t_mt_cum=col("mt").any()))
    mentors = (t["mentorship"].join(P, how="cross").filter(_overlaps(col("start"), col("end"), cum))
               .select(col("mentor_id").alias("staff_id"), "period").unique().with_columns(mentor=pl.lit(True)))
    mentees = (t["mentorship"].join(P, how="cross").filter(_overlaps(col("start"), col("end"), col("ps")))
               .select(col("mentee_id").alias("staff_id"), "period").unique().with_columns(mentee=pl.lit(True)))
    members = (t["association_member"].join(P, how="cross").filter(_overlaps(col("start"), col("end"), col("ps")))
               .select(key).unique().with_columns(member=pl.lit(True)))
    roles = (t["role"].join(P, how="cross").filter(_overlaps(col("start"), col("end"), col("ps")))
             .group_by(key).agg(regmeth=(col("kind") == "regional_methodist").any(),
                                tej=col("kind").is_in(["tutor", "expert", "jury_member"]).any()))
    events = t["event"].select(col("id").alias("event_id"), col("kind").alias("event_kind"),
                               col("start").alias("ev_start"), pl.coalesce("end", "start").alias("ev_end"))
    parts = (t["participation"].with_columns(col("role").fill_null("participant")).join(events, on="event_id", how="left")
             .join(P, how="cross").filter(_overlaps(col("ev_start"), col("ev_end"), col("ps"))))
    staff_parts = (parts.filter(col("staff_id").is_not_null())
                   .group_by(key).agg(p_school=(col("event_kind") == "young_teacher_school").any(),
                                      p_tutor=col("role").is_in(["tutor", "expert", "jury"]).any(),
                                      p_contest=((col("event_kind") == "contest") & (col("role") == "participant")).any()))

    sp = staff.rename({"id": "staff_id"})
    for flags in (diag, ioms, trainings, mentors, mentees, members, roles, staff_parts):
        sp = sp.join(flags, on=key, how="left")
    flag_names = ["d_cum", "iom_diag", "iom_active", "iom_done", "t_pd", "t_adv", "t_retr", "t_fed", "t_mt",
                  "t_mt_cum", "mentor", "mentee", "member", "regmeth", "tej", "p_school", "p_tutor", "p_contest"]
    sp = sp.with_columns([col(f).fill_null(False) for f in flag_names]).cache()

    ped, man, young = col("category") == "pedagogue", col("category") == "manager", col("young")
    everyone = col("period").is_not_null()  # a per-row true (a literal would sum to 1)
    staff_shares = {
        "diagnostics_share": (everyone, col("d_cum")),
        "diagnostics_share_pedagogues": (ped, col("d_cum")),
        "diagnostics_share_managers": (man, col("d_cum")),
        "iom_share": (everyone, col("iom_diag")),
        "iom_share_pedagogues": (ped, col("iom_active")),
        "iom_share_managers": (man, col("iom_active")),
        "iom_completed_share": (ped & col("iom_active"), col("iom_done")),
        "pd_share": (everyone, col("t_pd")),
        "advanced_training_share": (ped, col("t_adv")),
        "retraining_share": (ped, col("t_retr")),
        "federal_registry_training_share": (ped, col("t_fed")),
        "young_supported_share": (ped & young, col("mentee") | col("p_school") | col("member")),
        "young_mentored_share": (ped & young, col("mentee")),
        "regional_methodists_share": (ped, col("regmeth")),
        "tutors_experts_jury_share": (ped, col("tej") | col("p_tutor")),
        "contest_participation_share": (everyone, col("p_contest")),
        # ratio: pedagogues over regional methodists (any category)
        "pedagogues_per_regional_methodist": (ped, col("regmeth")),
    }

    def filtered(shares: dict, ratio: str | None = None) -> list[pl.Expr]:
        out = []
        for name, (pop, hit) in shares.items():
            if name == ratio:
                out += [pop.sum().alias(f"{name}|num"), hit.sum().alias(f"{name}|den"),
                        (pop | hit).sum().alias(f"{name}|rows")]
            else:
                out += [(pop & hit).sum().alias(f"{name}|num"), pop.sum().alias(f"{name}|den"),
                        pop.sum().alias(f"{name}|rows")]
        return out

    per_org = (sp.group_by("organization_id", "period")
               .agg(mt=(man & col("t_mt")).any(), mt_cum=(man & col("t_mt_cum")).any(), mentor=col("mentor").any(),
                    contest=col("p_contest").any()))
    org_parts = (parts.filter(col("organization_id").is_not_null())
                 .group_by("organization_id", "period").agg(o_contest=(col("event_kind") == "contest").any(),
                                                           o_exp=col("event_kind").is_in(EXPERIENCE).any()))
    ev_p = (t["event"].join(P, how="cross")
            .filter(_overlaps(col("start"), pl.coalesce("end", "start"), col("ps"))))
    organized = (ev_p.filter(col("kind").is_in(EXPERIENCE) & col("organizer_id").is_not_null())
                 .select(col("organizer_id").alias("organization_id"), "period").unique()
                 .with_columns(e_exp=pl.lit(True)))
    op = orgs.rename({"id": "organization_id"})
    for flags in (per_org, org_parts, organized):
        op = op.join(flags, on=["organization_id", "period"], how="left")
    op = op.with_columns([col(f).fill_null(False) for f in ("mt", "mt_cum", "mentor", "contest", "o_contest",
                                                            "o_exp", "e_exp")])
    three = col("kind").is_in(ORG_KINDS)
    org_shares = {
        "management_team_orgs_share": (three, col("mt_cum")),
        "mentoring_model_orgs_share": (col("kind") == "school", col("mentor")),
        "orgs_contest_share": (three, col("o_contest") | col("contest")),
        "orgs_experience_share": (three, col("o_exp") | col("e_exp")),
    }
    org_aggs = filtered(org_shares) + [col("mt").sum().alias("management_teams_count|num"),
                                       col("mt").sum().alias("management_teams_count|rows")]

    contest_pop = (col("kind") == "contest") & (col("level") == "municipal")
    event_pop = (col("level") == "municipal") & (col("kind") != "meeting")
    event_aggs = [col("contest").filter(contest_pop).drop_nulls().n_unique().alias("contests_count|num"),
                  contest_pop.sum().alias("contests_count|rows"),
                  event_pop.sum().alias("municipal_events_count|num"),
                  event_pop.sum().alias("municipal_events_count|rows")]
    answers = (t["survey_response"].filter(col("survey") == "mms_satisfaction").join(P, how="cross")
               .filter(col("date").is_between(col("ps"), col("pe"))))
    satisfied = col("score") >= 0.8 * col("scale_max").fill_null(5.0)
    survey_aggs = [satisfied.sum().alias("satisfaction_share|num"), pl.len().alias("satisfaction_share|den"),
                   pl.len().alias("satisfaction_share|rows")]
    closure = _deficit_closures(t, P, cum)
    closure_aggs = [col("closed").sum().alias("deficit_closure_share|num"),
                    pl.len().alias("deficit_closure_share|den"), pl.len().alias("deficit_closure_share|rows")]

    parts_of = [(sp, filtered(staff_shares, "pedagogues_per_regional_methodist")), (op, org_aggs),
                (ev_p, event_aggs), (answers, survey_aggs), (closure, closure_aggs)]
    plans = []
    for frame, aggs in parts_of:
        by_group = frame.group_by("period", col("municipality_id").alias("group")).agg(aggs)
        total = frame.group_by("period").agg(aggs).with_columns(group=pl.lit("*"))
        plans.append(pl.concat([by_group.with_columns(col("group").fill_null("?")), total], how="diagonal"))
    frames = pl.collect_all(plans)
    long = pl.concat([f.unpivot(index=["period", "group"]) for f in frames], how="diagonal")
    return _finish(long, t["municipality"].collect()["id"], present, [p for p, _, _ in periods(years or [2024, 2025, 2026, 2027])])


def _deficit_closures(t: dict, P: pl.LazyFrame, cum: pl.Expr) -> pl.LazyFrame:
    """One row per deficit found in the window and period, ``closed`` when a later passing result
    of the same person and competency is dated by the period's end; municipality via the person."""
    results = (t["diagnostic_result"]
               .join(t["diagnostic"].select(col("id").alias("diagnostic_id"), "staff_id", "date"), on="diagnostic_id")
               .join(t["competency"].select(col("id").alias("competency_id"), "threshold"), on="competency_id",
                     how="left")
               .with_columns(is_deficit=pl.coalesce(col("deficit"), col("score") < col("threshold"))))
    deficits = results.filter(col("is_deficit")).select("staff_id", "competency_id", "diagnostic_id",
                                                        col("date").alias("found_on"))
    passes = results.filter(~col("is_deficit")).select("staff_id", "competency_id", col("date").alias("later"))
    closed = (deficits.join(passes, on=["staff_id", "competency_id"]).filter(col("later") > col("found_on"))
              .group_by("staff_id", "competency_id", "diagnostic_id").agg(closed_on=col("later").min()))
    where = (t["staff"].select(col("id").alias("staff_id"), "organization_id")
             .join(t["organization"].select(col("id").alias("organization_id"), "municipality_id"),
                   on="organization_id", how="left"))
    return (deficits.join(closed, on=["staff_id", "competency_id", "diagnostic_id"], how="left")
            .join(where, on="staff_id", how="left").join(P, how="cross")
            .filter(col("found_on").is_between(cum, col("pe")))
            .with_columns(closed=(col("closed_on") <= col("pe")).fill_null(False)))


def _finish(long: pl.DataFrame, municipalities: pl.Series, present: set[str], labels: list[str]) -> pl.DataFrame:
    """Wide (indicator|part) columns → one row per indicator, period and group; every municipality
    gets a row, «не указано» only where the indicator has records; absent tables → nulls."""
    parts = (long.with_columns(col("variable").str.split_exact("|", 1).struct.rename_fields(["indicator", "part"]))
             .unnest("variable").pivot(on="part", index=["indicator", "period", "group"], values="value"))
    parts = parts.filter((col("group") != "?") | (col("rows") > 0))
    grid = (pl.DataFrame({"indicator": INDICATORS}).join(pl.DataFrame({"period": labels}), how="cross")
            .join(pl.concat([municipalities.alias("group").to_frame(), pl.DataFrame({"group": ["*"]})]), how="cross"))
    out = grid.join(parts, on=["indicator", "period", "group"], how="full", coalesce=True)
    ok = col("indicator").is_in([i for i in INDICATORS if set(REQUIRES[i]) <= present])
    count = col("indicator").is_in(sorted(COUNTS))
    return (out.select("indicator", "period", "group",
                       pl.when(ok).then(col("num").cast(pl.Float64).fill_null(0.0)).alias("numerator"),
                       pl.when(ok & ~count).then(col("den").cast(pl.Float64).fill_null(0.0)).alias("denominator"))
            .sort("indicator", "period", "group"))


if __name__ == "__main__":
    run_cli(compute, "baseline_polars")
