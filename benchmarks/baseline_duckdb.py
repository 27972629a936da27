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
import re
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

#: ``mask(cond)``: bit i set when ``cond`` holds for period i ($ps/$pe: its first and last day);
#: ``flag(cond)``: a condition independent of the period (all bits or none); $cum = 1900-01-01, $T the
#: dataset date. exists() = bit_or of the rows' masks per key: one GROUP BY per table.
STAFF = """
CREATE TEMP TABLE sp AS
WITH diag AS (SELECT staff_id AS k, bit_or(mask(date BETWEEN $cum AND $pe)) AS d_cum FROM diagnostic GROUP BY 1),
ioms AS (
  SELECT staff_id AS k,
    bit_or(mask($iom_in AND NOT $cancelled AND diagnostic_id IS NOT NULL)) AS iom_diag,
    bit_or(mask($iom_in AND NOT $cancelled)) AS iom_active,
    bit_or(mask($iom_in AND status = 'completed' AND coalesce(completed_on, $T) <= $pe)) AS iom_done
  FROM iom GROUP BY 1),
trainings AS (
  SELECT staff_id AS k, bit_or(mask($done)) AS t_pd, bit_or(mask($done AND g.kind = 'advanced_training')) AS t_adv,
    bit_or(mask($done AND g.kind = 'retraining')) AS t_retr,
    bit_or(mask($done AND coalesce(g.in_federal_registry, false) AND t.diagnostic_id IS NOT NULL)) AS t_fed,
    bit_or(mask($in_period AND coalesce(g.management_team, false))) AS t_mt,
    bit_or(mask($in_cum AND coalesce(g.management_team, false))) AS t_mt_cum
  FROM training t LEFT JOIN program g ON g.id = t.program_id GROUP BY 1),
mentors AS (SELECT mentor_id AS k, bit_or(mask($in_cum)) AS mentor FROM mentorship GROUP BY 1),
mentees AS (SELECT mentee_id AS k, bit_or(mask($in_period)) AS mentee FROM mentorship GROUP BY 1),
members AS (SELECT staff_id AS k, bit_or(mask($in_period)) AS member FROM association_member GROUP BY 1),
roles AS (
  SELECT staff_id AS k, bit_or(mask($in_period AND kind = 'regional_methodist')) AS regmeth,
    bit_or(mask($in_period AND kind IN ('tutor', 'expert', 'jury_member'))) AS tej
  FROM role GROUP BY 1),
parts AS (
  SELECT staff_id AS k, bit_or(w & flag(event_kind = 'young_teacher_school')) AS p_school,
    bit_or(w & flag(role IN ('tutor', 'expert', 'jury'))) AS p_tutor,
    bit_or(w & flag(event_kind = 'contest' AND role = 'participant')) AS p_contest
  FROM part_m WHERE staff_id IS NOT NULL GROUP BY 1)
SELECT s.organization_id, o.municipality_id, s.category,
  mask((s.hired IS NULL OR s.hired <= $pe) AND (s."left" IS NULL OR s."left" > $pe)) AS active,
  mask(coalesce($age < 35 AND $years < 3, false)) AS young,
  coalesce(d_cum, 0) AS d_cum, coalesce(iom_diag, 0) AS iom_diag, coalesce(iom_active, 0) AS iom_active,
  coalesce(iom_done, 0) AS iom_done, coalesce(t_pd, 0) AS t_pd, coalesce(t_adv, 0) AS t_adv,
  coalesce(t_retr, 0) AS t_retr, coalesce(t_fed, 0) AS t_fed, coalesce(t_mt, 0) AS t_mt,
  coalesce(t_mt_cum, 0) AS t_mt_cum, coalesce(mentor, 0) AS mentor, coalesce(mentee, 0) AS mentee,
  coalesce(member, 0) AS member, coalesce(regmeth, 0) AS regmeth, coalesce(tej, 0) AS tej,
  coalesce(p_school, 0) AS p_school, coalesce(p_tutor, 0) AS p_tutor, coalesce(p_contest, 0) AS p_contest
FROM staff s LEFT JOIN organization o ON o.id = s.organization_id
  LEFT JOIN diag ON diag.k = s.id LEFT JOIN ioms ON ioms.k = s.id LEFT JOIN trainings ON trainings.k = s.id
  LEFT JOIN mentors ON mentors.k = s.id LEFT JOIN mentees ON mentees.k = s.id LEFT JOIN members ON members.k = s.id
  LEFT JOIN roles ON roles.k = s.id LEFT JOIN parts ON parts.k = s.id
"""
PHRASES = {  # spelled once, used in several masks
    "$iom_in": "((developed IS NULL OR developed <= $pe) AND (\"end\" IS NULL OR \"end\" >= $cum))",
    "$cancelled": "(status = 'cancelled' AND coalesce(cancelled_on, $T) <= $pe)",
    "$done": "($in_period AND t.status = 'completed' AND coalesce(t.\"end\", $T) BETWEEN $ps AND $pe)",
    "$in_period": "((start IS NULL OR start <= $pe) AND (\"end\" IS NULL OR \"end\" >= $ps))",
    "$in_cum": "((start IS NULL OR start <= $pe) AND (\"end\" IS NULL OR \"end\" >= $cum))",
    "$age": "(year($pe) - year(s.birth_date) - (month(s.birth_date) * 100 + day(s.birth_date) > $md)::INT)",
    "$years": "(year($pe) - year(s.career_start) - (month(s.career_start) * 100 + day(s.career_start) > $md)::INT)",
}
#: Participations and events with the mask of the periods they fall in (one-day events without an end).
PARTICIPATIONS = """
CREATE TEMP TABLE part_m AS
SELECT x.staff_id, x.organization_id, coalesce(x.role, 'participant') AS role, e.kind AS event_kind,
  mask((e.start IS NULL OR e.start <= $pe) AND (coalesce(e."end", e.start) IS NULL OR coalesce(e."end", e.start) >= $ps)) AS w
FROM participation x LEFT JOIN event e ON e.id = x.event_id
"""
EVENTS = """
CREATE TEMP TABLE ev_m AS
SELECT kind, contest, level, municipality_id, organizer_id,
  mask((start IS NULL OR start <= $pe) AND (coalesce("end", start) IS NULL OR coalesce("end", start) >= $ps)) AS w
FROM event
"""
ORGS = """
CREATE TEMP TABLE op AS
WITH per_org AS (
  SELECT organization_id AS k, bit_or(active & flag(category = 'manager') & t_mt) AS mt,
    bit_or(active & flag(category = 'manager') & t_mt_cum) AS mt_cum, bit_or(active & mentor) AS mentor,
    bit_or(active & p_contest) AS contest
  FROM sp GROUP BY 1),
org_parts AS (
  SELECT organization_id AS k, bit_or(w & flag(event_kind = 'contest')) AS o_contest,
    bit_or(w & flag(event_kind IN ('experience_presentation', 'master_class', 'open_day'))) AS o_exp
  FROM part_m WHERE organization_id IS NOT NULL GROUP BY 1),
organized AS (
  SELECT organizer_id AS k, bit_or(w & flag(kind IN ('experience_presentation', 'master_class', 'open_day'))) AS e_exp
  FROM ev_m WHERE organizer_id IS NOT NULL GROUP BY 1)
SELECT o.municipality_id, o.kind, mask((o.opened IS NULL OR o.opened <= $pe) AND (o.closed IS NULL OR o.closed > $pe)) AS active,
  coalesce(mt, 0) AS mt, coalesce(mt_cum, 0) AS mt_cum, coalesce(mentor, 0) AS mentor,
  coalesce(contest, 0) | coalesce(o_contest, 0) AS contest, coalesce(o_exp, 0) | coalesce(e_exp, 0) AS experience
FROM organization o LEFT JOIN per_org a ON a.k = o.id LEFT JOIN org_parts b ON b.k = o.id
  LEFT JOIN organized c ON c.k = o.id
"""
SURVEY = """
CREATE TEMP TABLE answers AS
SELECT municipality_id, mask(date BETWEEN $ps AND $pe) AS w, flag(score >= 0.8::DOUBLE * coalesce(scale_max, 5.0)) AS ok
FROM survey_response WHERE survey = 'mms_satisfaction'
"""
#: Each deficit with the periods by whose end it was found and closed (a later passing result).
CLOSURE = """
CREATE TEMP TABLE deficits AS
WITH results AS (
  SELECT d.staff_id, r.competency_id, r.diagnostic_id, d.date, coalesce(r.deficit, r.score < c.threshold) AS is_deficit
  FROM diagnostic_result r JOIN diagnostic d ON d.id = r.diagnostic_id LEFT JOIN competency c ON c.id = r.competency_id),
found AS (SELECT staff_id, competency_id, diagnostic_id, date AS found_on FROM results WHERE is_deficit),
closed AS (
  SELECT f.staff_id, f.competency_id, f.diagnostic_id, min(p.date) AS closed_on
  FROM found f JOIN results p ON p.staff_id = f.staff_id AND p.competency_id = f.competency_id
   AND NOT p.is_deficit AND p.date > f.found_on
  GROUP BY ALL)
SELECT o.municipality_id, mask(f.found_on BETWEEN $cum AND $pe) AS found, mask(c.closed_on <= $pe) AS closed
FROM found f LEFT JOIN closed c USING (staff_id, competency_id, diagnostic_id)
  LEFT JOIN staff s ON s.id = f.staff_id LEFT JOIN organization o ON o.id = s.organization_id
"""
PED, MAN = "flag(category = 'pedagogue')", "flag(category = 'manager')"
STAFF_SHARES = {
    "diagnostics_share": ("active", "d_cum"),
    "diagnostics_share_pedagogues": (f"active & {PED}", "d_cum"),
    "diagnostics_share_managers": (f"active & {MAN}", "d_cum"),
    "iom_share": ("active", "iom_diag"),
    "iom_share_pedagogues": (f"active & {PED}", "iom_active"),
    "iom_share_managers": (f"active & {MAN}", "iom_active"),
    "iom_completed_share": (f"active & {PED} & iom_active", "iom_done"),
    "pd_share": ("active", "t_pd"),
    "advanced_training_share": (f"active & {PED}", "t_adv"),
    "retraining_share": (f"active & {PED}", "t_retr"),
    "federal_registry_training_share": (f"active & {PED}", "t_fed"),
    "young_supported_share": (f"active & {PED} & young", "mentee | p_school | member"),
    "young_mentored_share": (f"active & {PED} & young", "mentee"),
    "regional_methodists_share": (f"active & {PED}", "regmeth"),
    "tutors_experts_jury_share": (f"active & {PED}", "tej | p_tutor"),
    "contest_participation_share": ("active", "p_contest"),
}
THREE = "flag(kind IN ('school', 'kindergarten', 'additional'))"
ORG_SHARES = {
    "management_team_orgs_share": (f"active & {THREE}", "mt_cum"),
    "mentoring_model_orgs_share": ("active & flag(kind = 'school')", "mentor"),
    "orgs_contest_share": (f"active & {THREE}", "contest"),
    "orgs_experience_share": (f"active & {THREE}", "experience"),
}
CONTEST = "w & flag(kind = 'contest' AND level = 'municipal')"
MUNICIPAL = "w & flag(level = 'municipal' AND kind <> 'meeting')"


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


class Sql:
    """Expands the mask shorthands for the given periods and dataset date."""

    def __init__(self, spans: list[tuple[str, dt.date, dt.date]], T: dt.date) -> None:
        self.spans, self.T = spans, T
        self.all = (1 << len(spans)) - 1

    def __call__(self, text: str) -> str:
        for name, phrase in PHRASES.items():
            text = text.replace(name, phrase)
        text = re.sub(r"\bmask\(", "MASK(", text)
        text = re.sub(r"\bflag\(", "FLAG(", text)
        while "MASK(" in text or "FLAG(" in text:
            text = self._expand(text)
        return text.replace("$cum", f"DATE '{CUMULATIVE_START}'").replace("$T", f"DATE '{self.T}'")

    def _expand(self, text: str) -> str:
        """The first MASK(...) / FLAG(...) (balanced parentheses) → its CASE sum."""
        at = min(i for i in (text.find("MASK("), text.find("FLAG(")) if i >= 0)
        func, depth, i = text[at:at + 4], 0, at + 4
        while True:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        body = text[at + 5:i]
        if func == "FLAG":
            out = f"(CASE WHEN {body} THEN {self.all} ELSE 0 END)::BIGINT"
        else:
            out = "(" + " + ".join(
                f"(CASE WHEN {body.replace('$ps', f'DATE {chr(39)}{s}{chr(39)}').replace('$pe', f'DATE {chr(39)}{e}{chr(39)}').replace('$md', str(e.month * 100 + e.day))} THEN {1 << n} ELSE 0 END)"
                for n, (_, s, e) in enumerate(self.spans)) + ")::BIGINT"
        return text[:at] + out + text[i + 1:]


def _bits(mask: str, n: int) -> str:
    """How many rows have bit n of ``mask`` (a sum of bits: cheaper than count(*) FILTER)."""
    return f"sum((({mask}) >> {n}) & 1)"


def _counts(spans: list[tuple[str, dt.date, dt.date]], shares: dict[str, tuple[str, str]]) -> list[str]:
    """Numerator and denominator of each share for each period (the records: the denominator)."""
    out = []
    for name, (pop, hit) in shares.items():
        for n, (label, _, _) in enumerate(spans):
            out += [f'{_bits(f"({pop}) & ({hit})", n)} AS "{name}|{label}|num"',
                    f'{_bits(pop, n)} AS "{name}|{label}|den"']
    return out


def compute(data: str | Path, at: dt.date | None = None, years: list[int] | None = None) -> pl.DataFrame:
    """Every (indicator, period, group) numerator and denominator; see the module docstring."""
    found = sources(data)
    present = {t for t, s in found.items() if s.has_rows}
    spans = periods(years or [2024, 2025, 2026, 2027])
    sql = Sql(spans, dataset_date(found, at))
    con = duckdb.connect()
    for table in COLUMNS:
        _load(con, found, table)
    for step in (PARTICIPATIONS, EVENTS, STAFF, ORGS, SURVEY, CLOSURE):
        con.execute(sql(step))
    ratio, teams, events = [], [], []
    for n, (label, _, _) in enumerate(spans):
        name = "pedagogues_per_regional_methodist"
        ratio += [f'{_bits(f"active & {PED}", n)} AS "{name}|{label}|num"',
                  f'{_bits("active & regmeth", n)} AS "{name}|{label}|den"',
                  f'{_bits(f"active & ({PED} | regmeth)", n)} AS "{name}|{label}|rows"']
        teams += [f'{_bits("active & mt", n)} AS "management_teams_count|{label}|{part}"' for part in ("num", "rows")]
        events += [f'count(DISTINCT contest) FILTER ((({CONTEST}) & {1 << n}) <> 0) AS "contests_count|{label}|num"',
                   f'{_bits(CONTEST, n)} AS "contests_count|{label}|rows"',
                   f'{_bits(MUNICIPAL, n)} AS "municipal_events_count|{label}|num"',
                   f'{_bits(MUNICIPAL, n)} AS "municipal_events_count|{label}|rows"']
    aggregates = [("sp", _counts(spans, STAFF_SHARES) + ratio), ("op", _counts(spans, ORG_SHARES) + teams),
                  ("ev_m", events), ("answers", _counts(spans, {"satisfaction_share": ("w", "ok")})),
                  ("deficits", _counts(spans, {"deficit_closure_share": ("found", "closed")}))]
    long = []
    for i, (table, columns) in enumerate(aggregates):
        con.execute(sql(f"""CREATE TEMP TABLE w{i} AS SELECT grouping(municipality_id) AS total,
            municipality_id AS grp, {', '.join(columns)} FROM {table} GROUP BY GROUPING SETS ((municipality_id), ())"""))
        long.append(f"""SELECT CASE WHEN total = 1 THEN '*' ELSE coalesce(grp, '?') END AS grp,
            split_part(variable, '|', 1) AS indicator, split_part(variable, '|', 2) AS period,
            split_part(variable, '|', 3) AS part, value::DOUBLE AS value
            FROM (UNPIVOT w{i} ON COLUMNS(* EXCLUDE (total, grp)) INTO NAME variable VALUE value)""")
    ok = ", ".join(f"'{i}'" for i in INDICATORS if set(REQUIRES[i]) <= present) or "NULL"
    counts = ", ".join(f"'{i}'" for i in sorted(COUNTS))
    indicators = ", ".join(f"('{i}')" for i in INDICATORS)
    labels = ", ".join(f"('{label}')" for label, _, _ in spans)
    frame = con.sql(f"""
        WITH long AS ({' UNION ALL '.join(long)}),
        parts AS (
          SELECT indicator, period, grp, max(value) FILTER (part = 'num') AS num,
                 max(value) FILTER (part = 'den') AS den,
                 coalesce(max(value) FILTER (part = 'rows'), max(value) FILTER (part = 'den')) AS rows
          FROM long GROUP BY ALL),
        grid AS (
          SELECT i.indicator, p.period, g.grp FROM (VALUES {indicators}) i(indicator)
          CROSS JOIN (VALUES {labels}) p(period) CROSS JOIN (SELECT id AS grp FROM municipality UNION SELECT '*') g)
        SELECT indicator, period, grp AS "group",
          CASE WHEN indicator IN ({ok}) THEN coalesce(num, 0) END AS numerator,
          CASE WHEN indicator IN ({ok}) AND indicator NOT IN ({counts}) THEN coalesce(den, 0) END AS denominator
        FROM grid FULL JOIN (SELECT * FROM parts WHERE grp <> '?' OR rows > 0) USING (indicator, period, grp)
        ORDER BY ALL""").pl()
    con.close()
    return frame.with_columns(pl.col("numerator", "denominator").cast(pl.Float64))


if __name__ == "__main__":
    run_cli(compute, "baseline_duckdb")
