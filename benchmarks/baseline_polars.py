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
ENGINE = "auto"  # polars' default (streaming where it can): the fastest here; "in-memory" peaks ~35 % lower
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


class Masks:
    """Time conditions as bit masks over the periods: bit i is set when the condition holds for
    period i (its first day ``ps``, last day ``pe``). A row's masks are computed once; an
    ``exists()`` is a bitwise OR of its rows' masks per key; a count for period i tests bit i."""

    def __init__(self, spans: list[tuple[str, dt.date, dt.date]]) -> None:
        self.spans = [(label, pl.lit(s, pl.Date), pl.lit(e, pl.Date)) for label, s, e in spans]
        self.all = (1 << len(spans)) - 1

    def of(self, condition) -> pl.Expr:  # type: ignore[no-untyped-def]
        """``condition(ps, pe)`` → the mask (a null condition is false)."""
        return pl.sum_horizontal([pl.when(condition(ps, pe)).then(pl.lit(1 << i, pl.Int64)).otherwise(0)
                                  for i, (_, ps, pe) in enumerate(self.spans)]).cast(pl.Int64)

    def where(self, flag: pl.Expr) -> pl.Expr:
        """A condition that does not depend on the period, as a mask (all bits or none)."""
        return pl.when(flag.fill_null(False)).then(pl.lit(self.all, pl.Int64)).otherwise(pl.lit(0, pl.Int64))


def _active(start: str, end: str):  # type: ignore[no-untyped-def]
    """An entity active on the period's last day."""
    return lambda ps, pe: (col(start).is_null() | (col(start) <= pe)) & (col(end).is_null() | (col(end) > pe))


def _overlaps(start: pl.Expr, end: pl.Expr, ws: pl.Expr | None = None):  # type: ignore[no-untyped-def]
    """A dated row overlapping [ws, e] (ws = the period's start unless given; an open end runs on)."""
    return lambda ps, pe: ((start.is_null() | (start <= pe)) & (end.is_null() | (end >= (ps if ws is None else ws))))


def _full_years(start: pl.Expr, at: dt.date) -> pl.Expr:
    before = (start.dt.month().cast(pl.Int32) * 100 + start.dt.day().cast(pl.Int32) > at.month * 100 + at.day)
    return pl.lit(at.year, pl.Int32) - start.dt.year().cast(pl.Int32) - before.cast(pl.Int32)


def compute(data: str | Path, at: dt.date | None = None, years: list[int] | None = None) -> pl.DataFrame:
    """Every (indicator, period, group) numerator and denominator; see the module docstring."""
    found = sources(data)
    present = {t for t, s in found.items() if s.has_rows}
    T = pl.lit(dataset_date(found, at), pl.Date)
    cum = pl.lit(CUMULATIVE_START, pl.Date)
    spans = periods(years or [2024, 2025, 2026, 2027])
    M = Masks(spans)
    t = {name: _scan(found, name) for name in COLUMNS}

    def flags(frame: pl.LazyFrame, key: str, **masks: pl.Expr) -> pl.LazyFrame:
        """exists() for every period at once: OR of the rows' masks per key."""
        return (frame.filter(col(key).is_not_null()).select(col(key).alias("__key"), **masks)
                .group_by("__key").agg(col(m).bitwise_or() for m in masks))

    # --- staff: employed at each period's end; young at it
    young = pl.sum_horizontal([
        pl.when(((_full_years(col("birth_date"), e) < 35) & (_full_years(col("career_start"), e) < 3)).fill_null(False))
        .then(pl.lit(1 << i, pl.Int64)).otherwise(0) for i, (_, _, e) in enumerate(spans)]).cast(pl.Int64)
    staff = (t["staff"].join(t["organization"].select(col("id").alias("organization_id"), "municipality_id"),
                             on="organization_id", how="left")
             .select(col("id").alias("__key"), "organization_id", "municipality_id", "category",
                     active=M.of(_active("hired", "left")), young=young))

    # --- exists() per person: one group-by per table, several flags in the pass
    diag = flags(t["diagnostic"], "staff_id", d_cum=M.of(lambda ps, pe: col("date").is_between(cum, pe)))
    in_w = _overlaps(col("developed"), col("end"), cum)

    def not_cancelled(ps: pl.Expr, pe: pl.Expr) -> pl.Expr:
        return in_w(ps, pe) & ~((col("status") == "cancelled") & (pl.coalesce("cancelled_on", T) <= pe))

    ioms = flags(t["iom"], "staff_id",
                 iom_diag=M.of(lambda ps, pe: not_cancelled(ps, pe) & col("diagnostic_id").is_not_null()),
                 iom_active=M.of(not_cancelled),
                 iom_done=M.of(lambda ps, pe: in_w(ps, pe) & (col("status") == "completed")
                               & (pl.coalesce("completed_on", T) <= pe)))
    programs = t["program"].select(col("id").alias("program_id"), col("kind").alias("program_kind"),
                                   col("in_federal_registry").fill_null(False).alias("fed"),
                                   col("management_team").fill_null(False).alias("mt"))
    in_period = _overlaps(col("start"), col("end"))
    in_cum = _overlaps(col("start"), col("end"), cum)

    def done(extra: pl.Expr):  # type: ignore[no-untyped-def]
        """Completed in the period: its completion date coalesce(end, T) falls in [ps, pe]."""
        return lambda ps, pe: (in_period(ps, pe) & (col("status") == "completed")
                               & pl.coalesce("end", T).is_between(ps, pe) & extra)

    trainings = flags(t["training"].join(programs, on="program_id", how="left"), "staff_id",
                      t_pd=M.of(done(pl.lit(True))), t_adv=M.of(done(col("program_kind") == "advanced_training")),
                      t_retr=M.of(done(col("program_kind") == "retraining")),
                      t_fed=M.of(done(col("fed") & col("diagnostic_id").is_not_null())),
                      t_mt=M.of(lambda ps, pe: in_period(ps, pe) & col("mt")),
                      t_mt_cum=M.of(lambda ps, pe: in_cum(ps, pe) & col("mt")))
    mentors = flags(t["mentorship"], "mentor_id", mentor=M.of(_overlaps(col("start"), col("end"), cum)))
    mentees = flags(t["mentorship"], "mentee_id", mentee=M.of(_overlaps(col("start"), col("end"))))
    members = flags(t["association_member"], "staff_id", member=M.of(_overlaps(col("start"), col("end"))))
    role_in = _overlaps(col("start"), col("end"))
    roles = flags(t["role"], "staff_id",
                  regmeth=M.of(lambda ps, pe: role_in(ps, pe) & (col("kind") == "regional_methodist")),
                  tej=M.of(lambda ps, pe: role_in(ps, pe) & col("kind").is_in(["tutor", "expert", "jury_member"])))
    events = t["event"].select(col("id").alias("event_id"), col("kind").alias("event_kind"),
                               col("start").alias("ev_start"), pl.coalesce("end", "start").alias("ev_end"))
    parts = (t["participation"].with_columns(col("role").fill_null("participant"))
             .join(events, on="event_id", how="left")
             .with_columns(when=M.of(_overlaps(col("ev_start"), col("ev_end")))))
    staff_parts = flags(parts, "staff_id",
                        p_school=col("when") & M.where(col("event_kind") == "young_teacher_school"),
                        p_tutor=col("when") & M.where(col("role").is_in(["tutor", "expert", "jury"])),
                        p_contest=col("when") & M.where((col("event_kind") == "contest")
                                                        & (col("role") == "participant")))
    sp = staff
    names = []
    for table in (diag, ioms, trainings, mentors, mentees, members, roles, staff_parts):
        names += [c for c in table.collect_schema().names() if c != "__key"]
        sp = sp.join(table, on="__key", how="left")
    sp = sp.with_columns(col(n).fill_null(0) for n in names)

    a = col("active")
    ped, man = M.where(col("category") == "pedagogue"), M.where(col("category") == "manager")
    c = col
    staff_shares = {
        "diagnostics_share": (a, c("d_cum")),
        "diagnostics_share_pedagogues": (a & ped, c("d_cum")),
        "diagnostics_share_managers": (a & man, c("d_cum")),
        "iom_share": (a, c("iom_diag")),
        "iom_share_pedagogues": (a & ped, c("iom_active")),
        "iom_share_managers": (a & man, c("iom_active")),
        "iom_completed_share": (a & ped & c("iom_active"), c("iom_done")),
        "pd_share": (a, c("t_pd")),
        "advanced_training_share": (a & ped, c("t_adv")),
        "retraining_share": (a & ped, c("t_retr")),
        "federal_registry_training_share": (a & ped, c("t_fed")),
        "young_supported_share": (a & ped & c("young"), c("mentee") | c("p_school") | c("member")),
        "young_mentored_share": (a & ped & c("young"), c("mentee")),
        "regional_methodists_share": (a & ped, c("regmeth")),
        "tutors_experts_jury_share": (a & ped, c("tej") | c("p_tutor")),
        "contest_participation_share": (a, c("p_contest")),
    }

    def bit(mask: pl.Expr, i: int) -> pl.Expr:
        return (mask & (1 << i)) != 0

    def shares(spec: dict[str, tuple[pl.Expr, pl.Expr]]) -> list[pl.Expr]:
        out = []
        for name, (pop, hit) in spec.items():
            for i, (label, _, _) in enumerate(spans):
                out += [bit(pop & hit, i).sum().alias(f"{name}|{label}|num"),
                        bit(pop, i).sum().alias(f"{name}|{label}|den")]  # records = the denominator
        return out

    ratio = []
    for i, (label, _, _) in enumerate(spans):  # pedagogues over regional methodists (any category)
        name = "pedagogues_per_regional_methodist"
        ratio += [bit(a & ped, i).sum().alias(f"{name}|{label}|num"),
                  bit(a & c("regmeth"), i).sum().alias(f"{name}|{label}|den"),
                  bit(a & (ped | c("regmeth")), i).sum().alias(f"{name}|{label}|rows")]

    # --- organizations open at each period's end, with their staff's and their own exists()
    per_org = (sp.group_by(col("organization_id").alias("__key"))
               .agg(mt=(a & man & c("t_mt")).bitwise_or(), mt_cum=(a & man & c("t_mt_cum")).bitwise_or(),
                    mentor=(a & c("mentor")).bitwise_or(), contest=(a & c("p_contest")).bitwise_or()))
    org_parts = flags(parts, "organization_id", o_contest=col("when") & M.where(col("event_kind") == "contest"),
                      o_exp=col("when") & M.where(col("event_kind").is_in(EXPERIENCE)))
    ev = t["event"].with_columns(when=M.of(_overlaps(col("start"), pl.coalesce("end", "start"))))
    organized = flags(ev, "organizer_id", e_exp=col("when") & M.where(col("kind").is_in(EXPERIENCE)))
    op = t["organization"].select(col("id").alias("__key"), "municipality_id", "kind",
                                  active=M.of(_active("opened", "closed")))
    for table in (per_org, org_parts, organized):
        op = op.join(table, on="__key", how="left")
    op = op.with_columns(col(n).fill_null(0) for n in ("mt", "mt_cum", "mentor", "contest", "o_contest", "o_exp",
                                                       "e_exp"))
    oa = col("active")
    three = M.where(col("kind").is_in(ORG_KINDS))
    org_aggs = shares({
        "management_team_orgs_share": (oa & three, c("mt_cum")),
        "mentoring_model_orgs_share": (oa & M.where(col("kind") == "school"), c("mentor")),
        "orgs_contest_share": (oa & three, c("o_contest") | c("contest")),
        "orgs_experience_share": (oa & three, c("o_exp") | c("e_exp")),
    })
    for i, (label, _, _) in enumerate(spans):
        org_aggs += [bit(oa & c("mt"), i).sum().alias(f"management_teams_count|{label}|num"),
                     bit(oa & c("mt"), i).sum().alias(f"management_teams_count|{label}|rows")]

    contest = c("when") & M.where((col("kind") == "contest") & (col("level") == "municipal"))
    municipal = c("when") & M.where((col("level") == "municipal") & (col("kind") != "meeting"))
    event_aggs = []
    for i, (label, _, _) in enumerate(spans):
        event_aggs += [col("contest").filter(bit(contest, i)).drop_nulls().n_unique().alias(f"contests_count|{label}|num"),
                       bit(contest, i).sum().alias(f"contests_count|{label}|rows"),
                       bit(municipal, i).sum().alias(f"municipal_events_count|{label}|num"),
                       bit(municipal, i).sum().alias(f"municipal_events_count|{label}|rows")]
    answers = (t["survey_response"].filter(col("survey") == "mms_satisfaction")
               .with_columns(when=M.of(lambda ps, pe: col("date").is_between(ps, pe)),
                             satisfied=M.where(col("score") >= 0.8 * col("scale_max").fill_null(5.0))))
    survey_aggs = shares({"satisfaction_share": (c("when"), c("satisfied"))})
    closure_aggs = shares({"deficit_closure_share": (c("found"), c("closed"))})

    plans = []
    for frame, aggs in ((sp, shares(staff_shares) + ratio), (op, org_aggs), (ev, event_aggs),
                        (answers, survey_aggs), (_deficit_closures(t, M, cum), closure_aggs)):
        plans.append(frame.group_by(col("municipality_id").fill_null("?").alias("group")).agg(aggs))
        plans.append(frame.select(aggs).with_columns(group=pl.lit("*")))
    frames = pl.collect_all(plans, engine=ENGINE)
    long = pl.concat([f.unpivot(index="group") for f in frames], how="diagonal")
    return _finish(long, t["municipality"].collect()["id"], present, [label for label, _, _ in spans])


def _deficit_closures(t: dict, M: Masks, cum: pl.Expr) -> pl.LazyFrame:
    """One row per deficit, with the periods by whose end it was found and closed (a later passing
    result of the same person and competency); municipality via the person's organization."""
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
            .join(where, on="staff_id", how="left")
            .select("municipality_id", found=M.of(lambda ps, pe: col("found_on").is_between(cum, pe)),
                    closed=M.of(lambda ps, pe: col("closed_on") <= pe)))


def _finish(long: pl.DataFrame, municipalities: pl.Series, present: set[str], labels: list[str]) -> pl.DataFrame:
    """``indicator|period|part`` columns → one row per indicator, period and group; every
    municipality gets a row, «не указано» only where the indicator has records; absent tables →
    nulls."""
    parts = (long.with_columns(col("variable").str.split_exact("|", 2)
                               .struct.rename_fields(["indicator", "period", "part"]))
             .unnest("variable").pivot(on="part", index=["indicator", "period", "group"], values="value"))
    parts = parts.filter((col("group") != "?") | (pl.coalesce("rows", "den") > 0))
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
