"""Tuned baseline in DuckDB SQL: the 26 base indicators, every period, by municipality.

    python benchmarks/baseline_duckdb.py DATA [--at 2026-09-01] [--years 2024 2027] [--out values.parquet]

Written as an analyst who knows DuckDB would: ``read_csv`` with ``auto_detect=false`` and every
column's type given (the ones not used stay VARCHAR and are never materialised); the periods
as a four-row table joined to each table, so every time condition is a mask over
(row × period); each ``exists()`` one GROUP BY per key and period for all periods at once
(several flags per table in the same pass); each indicator one ``count(*) FILTER`` over
entity × period, with GROUPING SETS giving the municipalities and the total in one scan. No
correlated subqueries.

Semantics: as in baseline_polars.py (SEMANTICS.md, as of each period's end).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
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

V, D, F, B = "VARCHAR", "DATE", "DOUBLE", "BOOLEAN"
COLUMNS: dict[str, dict[str, str]] = {
    "municipality": {"id": V},
    "organization": {"id": V, "municipality_id": V, "kind": V, "opened": D, "closed": D},
    "staff": {"id": V, "organization_id": V, "category": V, "birth_date": D, "career_start": D, "hired": D,
              "left": D},
    "diagnostic": {"id": V, "staff_id": V, "date": D},
    "diagnostic_result": {"diagnostic_id": V, "competency_id": V, "score": F, "deficit": B},
    "competency": {"id": V, "threshold": F},
    "iom": {"staff_id": V, "diagnostic_id": V, "status": V, "developed": D, "end": D, "completed_on": D,
            "cancelled_on": D},
    "training": {"staff_id": V, "program_id": V, "status": V, "diagnostic_id": V, "start": D, "end": D,
                 "dropped_on": D},
    "program": {"id": V, "kind": V, "in_federal_registry": B, "management_team": B},
    "mentorship": {"mentor_id": V, "mentee_id": V, "start": D, "end": D},
    "association_member": {"staff_id": V, "start": D, "end": D},
    "participation": {"event_id": V, "staff_id": V, "organization_id": V, "role": V},
    "event": {"id": V, "kind": V, "contest": V, "level": V, "municipality_id": V, "organizer_id": V,
              "start": D, "end": D},
    "role": {"staff_id": V, "kind": V, "start": D, "end": D},
    "survey_response": {"survey": V, "municipality_id": V, "date": D, "score": F, "scale_max": F},
}

#: exists() flags per (staff, period); :cum is 1900-01-01, :T the dataset date.
STAFF_FLAGS = """
CREATE TEMP TABLE sp AS
WITH s AS (
  SELECT s.id AS staff_id, s.organization_id, o.municipality_id, s.category, p.period, p.ps, p.pe,
         coalesce((year(p.pe) - year(s.birth_date)
                   - (month(s.birth_date) * 100 + day(s.birth_date) > month(p.pe) * 100 + day(p.pe))::INT) < 35
                  AND (year(p.pe) - year(s.career_start)
                   - (month(s.career_start) * 100 + day(s.career_start) > month(p.pe) * 100 + day(p.pe))::INT) < 3,
                  false) AS young
  FROM staff s LEFT JOIN organization o ON o.id = s.organization_id CROSS JOIN periods p
  WHERE (s.hired IS NULL OR s.hired <= p.pe) AND (s."left" IS NULL OR s."left" > p.pe)),
diag AS (SELECT staff_id, min(date) AS first FROM diagnostic WHERE date >= $cum GROUP BY ALL),
ioms AS (
  SELECT staff_id, period,
         bool_or(NOT cancelled AND diagnostic_id IS NOT NULL) AS iom_diag, bool_or(NOT cancelled) AS iom_active,
         bool_or(status = 'completed' AND coalesce(completed_on, $T) <= pe) AS iom_done
  FROM (SELECT i.*, p.period, p.pe, (status = 'cancelled' AND coalesce(cancelled_on, $T) <= p.pe) AS cancelled
        FROM iom i CROSS JOIN periods p
        WHERE (i.developed IS NULL OR i.developed <= p.pe) AND (i."end" IS NULL OR i."end" >= $cum))
  GROUP BY ALL),
trainings AS (
  SELECT staff_id, period, bool_or(done) AS t_pd, bool_or(done AND program_kind = 'advanced_training') AS t_adv,
         bool_or(done AND program_kind = 'retraining') AS t_retr,
         bool_or(done AND fed AND diagnostic_id IS NOT NULL) AS t_fed,
         bool_or(in_period AND mt) AS t_mt, bool_or(mt) AS t_mt_cum
  FROM (SELECT staff_id, period, diagnostic_id, program_kind, fed, mt, in_period,
               in_period AND status = 'completed' AND coalesce("end", $T) BETWEEN ps AND pe AS done
        FROM (SELECT t.staff_id, t.status, t.diagnostic_id, t."end", p.period, p.ps, p.pe,
                     g.kind AS program_kind, coalesce(g.in_federal_registry, false) AS fed,
                     coalesce(g.management_team, false) AS mt, (t."end" IS NULL OR t."end" >= p.ps) AS in_period
              FROM training t LEFT JOIN program g ON g.id = t.program_id CROSS JOIN periods p
              WHERE (t.start IS NULL OR t.start <= p.pe) AND (t."end" IS NULL OR t."end" >= $cum)))
  GROUP BY ALL),
mentors AS (
  SELECT DISTINCT m.mentor_id AS staff_id, p.period FROM mentorship m CROSS JOIN periods p
  WHERE (m.start IS NULL OR m.start <= p.pe) AND (m."end" IS NULL OR m."end" >= $cum)),
mentees AS (
  SELECT DISTINCT m.mentee_id AS staff_id, p.period FROM mentorship m CROSS JOIN periods p
  WHERE (m.start IS NULL OR m.start <= p.pe) AND (m."end" IS NULL OR m."end" >= p.ps)),
members AS (
  SELECT DISTINCT a.staff_id, p.period FROM association_member a CROSS JOIN periods p
  WHERE (a.start IS NULL OR a.start <= p.pe) AND (a."end" IS NULL OR a."end" >= p.ps)),
roles AS (
  SELECT r.staff_id, p.period, bool_or(r.kind = 'regional_methodist') AS regmeth,
         bool_or(r.kind IN ('tutor', 'expert', 'jury_member')) AS tej
  FROM role r CROSS JOIN periods p
  WHERE (r.start IS NULL OR r.start <= p.pe) AND (r."end" IS NULL OR r."end" >= p.ps) GROUP BY ALL),
parts AS (
  SELECT staff_id, period, bool_or(event_kind = 'young_teacher_school') AS p_school,
         bool_or(role IN ('tutor', 'expert', 'jury')) AS p_tutor,
         bool_or(event_kind = 'contest' AND role = 'participant') AS p_contest
  FROM part_p WHERE staff_id IS NOT NULL GROUP BY ALL)
SELECT s.*, coalesce(d.first <= s.pe, false) AS d_cum,
       coalesce(i.iom_diag, false) AS iom_diag, coalesce(i.iom_active, false) AS iom_active,
       coalesce(i.iom_done, false) AS iom_done,
       coalesce(t.t_pd, false) AS t_pd, coalesce(t.t_adv, false) AS t_adv, coalesce(t.t_retr, false) AS t_retr,
       coalesce(t.t_fed, false) AS t_fed, coalesce(t.t_mt, false) AS t_mt, coalesce(t.t_mt_cum, false) AS t_mt_cum,
       mr.staff_id IS NOT NULL AS mentor, me.staff_id IS NOT NULL AS mentee, am.staff_id IS NOT NULL AS member,
       coalesce(r.regmeth, false) AS regmeth, coalesce(r.tej, false) AS tej,
       coalesce(x.p_school, false) AS p_school, coalesce(x.p_tutor, false) AS p_tutor,
       coalesce(x.p_contest, false) AS p_contest
FROM s LEFT JOIN diag d ON d.staff_id = s.staff_id
  LEFT JOIN ioms i ON i.staff_id = s.staff_id AND i.period = s.period
  LEFT JOIN trainings t ON t.staff_id = s.staff_id AND t.period = s.period
  LEFT JOIN mentors mr ON mr.staff_id = s.staff_id AND mr.period = s.period
  LEFT JOIN mentees me ON me.staff_id = s.staff_id AND me.period = s.period
  LEFT JOIN members am ON am.staff_id = s.staff_id AND am.period = s.period
  LEFT JOIN roles r ON r.staff_id = s.staff_id AND r.period = s.period
  LEFT JOIN parts x ON x.staff_id = s.staff_id AND x.period = s.period
"""

#: Participations with their event, in the period (one-day events when the end is empty).
PARTICIPATIONS = """
CREATE TEMP TABLE part_p AS
SELECT x.staff_id, x.organization_id, coalesce(x.role, 'participant') AS role, e.kind AS event_kind, p.period
FROM participation x LEFT JOIN event e ON e.id = x.event_id CROSS JOIN periods p
WHERE (e.start IS NULL OR e.start <= p.pe) AND (coalesce(e."end", e.start) IS NULL OR coalesce(e."end", e.start) >= p.ps)
"""

STAFF_INDICATORS = """
SELECT period, grouping(municipality_id) AS total, municipality_id AS grp,
  {shares},
  count(*) FILTER (category = 'pedagogue') AS "pedagogues_per_regional_methodist|num",
  count(*) FILTER (regmeth) AS "pedagogues_per_regional_methodist|den",
  count(*) FILTER (category = 'pedagogue' OR regmeth) AS "pedagogues_per_regional_methodist|rows"
FROM sp GROUP BY GROUPING SETS ((period, municipality_id), (period))
"""
STAFF_SHARES = {
    "diagnostics_share": ("true", "d_cum"),
    "diagnostics_share_pedagogues": ("category = 'pedagogue'", "d_cum"),
    "diagnostics_share_managers": ("category = 'manager'", "d_cum"),
    "iom_share": ("true", "iom_diag"),
    "iom_share_pedagogues": ("category = 'pedagogue'", "iom_active"),
    "iom_share_managers": ("category = 'manager'", "iom_active"),
    "iom_completed_share": ("category = 'pedagogue' AND iom_active", "iom_done"),
    "pd_share": ("true", "t_pd"),
    "advanced_training_share": ("category = 'pedagogue'", "t_adv"),
    "retraining_share": ("category = 'pedagogue'", "t_retr"),
    "federal_registry_training_share": ("category = 'pedagogue'", "t_fed"),
    "young_supported_share": ("category = 'pedagogue' AND young", "mentee OR p_school OR member"),
    "young_mentored_share": ("category = 'pedagogue' AND young", "mentee"),
    "regional_methodists_share": ("category = 'pedagogue'", "regmeth"),
    "tutors_experts_jury_share": ("category = 'pedagogue'", "tej OR p_tutor"),
    "contest_participation_share": ("true", "p_contest"),
}
ORG_INDICATORS = """
WITH per_org AS (
  SELECT organization_id, period, bool_or(category = 'manager' AND t_mt) AS mt,
         bool_or(category = 'manager' AND t_mt_cum) AS mt_cum, bool_or(mentor) AS mentor, bool_or(p_contest) AS contest
  FROM sp GROUP BY ALL),
org_parts AS (
  SELECT organization_id, period, bool_or(event_kind = 'contest') AS o_contest,
         bool_or(event_kind IN ('experience_presentation', 'master_class', 'open_day')) AS o_exp
  FROM part_p WHERE organization_id IS NOT NULL GROUP BY ALL),
organized AS (
  SELECT DISTINCT organizer_id AS organization_id, period FROM ev_p
  WHERE kind IN ('experience_presentation', 'master_class', 'open_day') AND organizer_id IS NOT NULL),
op AS (
  SELECT o.kind, o.municipality_id, p.period, coalesce(a.mt, false) AS mt, coalesce(a.mt_cum, false) AS mt_cum,
         coalesce(a.mentor, false) AS mentor, coalesce(a.contest, false) OR coalesce(b.o_contest, false) AS contest,
         coalesce(b.o_exp, false) OR c.organization_id IS NOT NULL AS experience
  FROM organization o CROSS JOIN periods p
    LEFT JOIN per_org a ON a.organization_id = o.id AND a.period = p.period
    LEFT JOIN org_parts b ON b.organization_id = o.id AND b.period = p.period
    LEFT JOIN organized c ON c.organization_id = o.id AND c.period = p.period
  WHERE (o.opened IS NULL OR o.opened <= p.pe) AND (o.closed IS NULL OR o.closed > p.pe))
SELECT period, grouping(municipality_id) AS total, municipality_id AS grp, {shares},
  count(*) FILTER (mt) AS "management_teams_count|num", count(*) FILTER (mt) AS "management_teams_count|rows"
FROM op GROUP BY GROUPING SETS ((period, municipality_id), (period))
"""
THREE = "kind IN ('school', 'kindergarten', 'additional')"
ORG_SHARES = {
    "management_team_orgs_share": (THREE, "mt_cum"),
    "mentoring_model_orgs_share": ("kind = 'school'", "mentor"),
    "orgs_contest_share": (THREE, "contest"),
    "orgs_experience_share": (THREE, "experience"),
}
EVENTS = """
CREATE TEMP TABLE ev_p AS
SELECT e.*, p.period FROM event e CROSS JOIN periods p
WHERE (e.start IS NULL OR e.start <= p.pe) AND (coalesce(e."end", e.start) IS NULL OR coalesce(e."end", e.start) >= p.ps)
"""
EVENT_INDICATORS = """
SELECT period, grouping(municipality_id) AS total, municipality_id AS grp,
  count(DISTINCT contest) FILTER (kind = 'contest' AND level = 'municipal') AS "contests_count|num",
  count(*) FILTER (kind = 'contest' AND level = 'municipal') AS "contests_count|rows",
  count(*) FILTER (level = 'municipal' AND kind <> 'meeting') AS "municipal_events_count|num",
  count(*) FILTER (level = 'municipal' AND kind <> 'meeting') AS "municipal_events_count|rows"
FROM ev_p GROUP BY GROUPING SETS ((period, municipality_id), (period))
"""
SURVEY = """
SELECT p.period, grouping(r.municipality_id) AS total, r.municipality_id AS grp,
  count(*) FILTER (r.score >= 0.8::DOUBLE * coalesce(r.scale_max, 5.0)) AS "satisfaction_share|num",
  count(*) AS "satisfaction_share|den", count(*) AS "satisfaction_share|rows"
FROM survey_response r JOIN periods p ON r.date BETWEEN p.ps AND p.pe
WHERE r.survey = 'mms_satisfaction'
GROUP BY GROUPING SETS ((p.period, r.municipality_id), (p.period))
"""
#: Each deficit found by the period's end; closed when a later passing result is dated by then.
CLOSURE = """
WITH results AS (
  SELECT d.staff_id, r.competency_id, r.diagnostic_id, d.date, coalesce(r.deficit, r.score < c.threshold) AS is_deficit
  FROM diagnostic_result r JOIN diagnostic d ON d.id = r.diagnostic_id LEFT JOIN competency c ON c.id = r.competency_id),
deficits AS (SELECT staff_id, competency_id, diagnostic_id, date AS found_on FROM results WHERE is_deficit),
closed AS (
  SELECT f.staff_id, f.competency_id, f.diagnostic_id, min(p.date) AS closed_on
  FROM deficits f JOIN results p ON p.staff_id = f.staff_id AND p.competency_id = f.competency_id
   AND NOT p.is_deficit AND p.date > f.found_on
  GROUP BY ALL),
rows AS (
  SELECT o.municipality_id, p.period, coalesce(c.closed_on <= p.pe, false) AS hit
  FROM deficits f LEFT JOIN closed c USING (staff_id, competency_id, diagnostic_id)
    LEFT JOIN staff s ON s.id = f.staff_id LEFT JOIN organization o ON o.id = s.organization_id
    JOIN periods p ON f.found_on BETWEEN $cum AND p.pe)
SELECT period, grouping(municipality_id) AS total, municipality_id AS grp,
  count(*) FILTER (hit) AS "deficit_closure_share|num", count(*) AS "deficit_closure_share|den",
  count(*) AS "deficit_closure_share|rows"
FROM rows GROUP BY GROUPING SETS ((period, municipality_id), (period))
"""


def _shares(shares: dict[str, tuple[str, str]]) -> str:
    return ",\n  ".join(f'count(*) FILTER (({pop}) AND ({hit})) AS "{name}|num", '
                        f'count(*) FILTER ({pop}) AS "{name}|den", count(*) FILTER ({pop}) AS "{name}|rows"'
                        for name, (pop, hit) in shares.items())


def _load(con: duckdb.DuckDBPyConnection, found: dict, table: str) -> None:
    wanted = COLUMNS[table]
    source = found.get(table)
    if source is None:
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{q(c)} {t}' for c, t in wanted.items())})")
        return
    types = {name: wanted.get(name, V) for name in source.header}
    spec = "{" + ", ".join(f"'{name}': '{t}'" for name, t in types.items()) + "}"
    select = ", ".join(q(c) if c in types else f"NULL::{t} AS {q(c)}" for c, t in wanted.items())
    sep = source.separator
    con.execute(f"CREATE TABLE {table} AS SELECT {select} FROM read_csv('{source.path}', delim='{sep}', header=true, "
                f"auto_detect=false, columns={spec}, quote='\"', escape='\"')")


def q(name: str) -> str:
    return f'"{name}"'


def compute(data: str | Path, at: dt.date | None = None, years: list[int] | None = None) -> pl.DataFrame:
    """Every (indicator, period, group) numerator and denominator; see the module docstring."""
    found = sources(data)
    present = {t for t, s in found.items() if s.has_rows}
    labels = periods(years or [2024, 2025, 2026, 2027])
    con = duckdb.connect()
    for table in COLUMNS:
        _load(con, found, table)
    con.execute("CREATE TABLE periods (period VARCHAR, ps DATE, pe DATE)")
    con.executemany("INSERT INTO periods VALUES (?, ?, ?)", labels)
    dates = {"$cum": f"DATE '{CUMULATIVE_START}'", "$T": f"DATE '{dataset_date(found, at)}'"}

    def sql(text: str) -> str:
        for name, literal in dates.items():
            text = text.replace(name, literal)
        return text

    con.execute(PARTICIPATIONS)
    con.execute(EVENTS)
    con.execute(sql(STAFF_FLAGS))
    queries = [STAFF_INDICATORS.format(shares=_shares(STAFF_SHARES)), ORG_INDICATORS.format(shares=_shares(ORG_SHARES)),
               EVENT_INDICATORS, SURVEY, CLOSURE]
    long = []
    for i, query in enumerate(queries):
        con.execute(f"CREATE TEMP TABLE w{i} AS {sql(query)}")
        long.append(f"""SELECT period, CASE WHEN total = 1 THEN '*' ELSE coalesce(grp, '?') END AS grp,
            split_part(variable, '|', 1) AS indicator, split_part(variable, '|', 2) AS part, value::DOUBLE AS value
            FROM (UNPIVOT w{i} ON COLUMNS(* EXCLUDE (period, total, grp)) INTO NAME variable VALUE value)""")
    ok = ", ".join(f"'{i}'" for i in INDICATORS if set(REQUIRES[i]) <= present) or "NULL"
    counts = ", ".join(f"'{i}'" for i in sorted(COUNTS))
    indicators = ", ".join(f"('{i}')" for i in INDICATORS)
    frame = con.sql(f"""
        WITH long AS ({' UNION ALL '.join(long)}),
        parts AS (
          SELECT indicator, period, grp, max(value) FILTER (part = 'num') AS num,
                 max(value) FILTER (part = 'den') AS den, max(value) FILTER (part = 'rows') AS rows
          FROM long GROUP BY ALL),
        grid AS (
          SELECT i.indicator, p.period, g.grp FROM (VALUES {indicators}) i(indicator) CROSS JOIN periods p
          CROSS JOIN (SELECT id AS grp FROM municipality UNION SELECT '*') g)
        SELECT indicator, period, grp AS "group",
          CASE WHEN indicator IN ({ok}) THEN coalesce(num, 0) END AS numerator,
          CASE WHEN indicator IN ({ok}) AND indicator NOT IN ({counts}) THEN coalesce(den, 0) END AS denominator
        FROM grid FULL JOIN (SELECT * FROM parts WHERE grp <> '?' OR rows > 0) USING (indicator, period, grp)
        ORDER BY ALL""").pl()
    con.close()
    return frame.with_columns(pl.col("numerator", "denominator").cast(pl.Float64))


if __name__ == "__main__":
    run_cli(compute, "baseline_duckdb")
