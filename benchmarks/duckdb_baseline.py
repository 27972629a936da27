"""Hand-written DuckDB SQL for 10 base indicators, 2024–2027, by municipality (the baseline).

    python benchmarks/duckdb_baseline.py DATA_FOLDER      # prints JSON: seconds, peak_mb, values

What an analyst would write over the same CSV files: read them into DuckDB and compute each
indicator for all four years in one query. The semantics follow methodnet's: staff employed
on the period's last day, diagnostics as instants, spans overlapping the window, cumulative
indicators from the start of the data (the base profile has no program period), one-day events without an end date.
"""

import json, resource, sys, time
import duckdb
data = sys.argv[1]
start = time.perf_counter()
con = duckdb.connect()
for table in ("municipality", "organization", "staff", "diagnostic", "diagnostic_result", "competency", "iom",
              "training", "program", "mentorship", "survey_response", "event", "participation", "role",
              "association_member"):
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{data}/{table}.csv')")
con.execute("CREATE TABLE years AS SELECT y, make_date(y, 1, 1) AS ws, make_date(y, 12, 31) AS we "
            "FROM range(2024, 2028) t(y)")
con.execute('''CREATE TABLE pop AS  -- staff employed on the last day of each year, with their municipality
    SELECT y.y, y.ws, y.we, s.id, s.category, s.birth_date, s.career_start, o.municipality_id
    FROM staff s JOIN organization o ON o.id = s.organization_id, years y
    WHERE (s.hired IS NULL OR s.hired <= y.we) AND (s.left IS NULL OR s.left > y.we)''')
share = '''SELECT '{ind}' AS ind, p.y, p.municipality_id AS m, count(*) FILTER (WHERE {hit}) AS num, count(*) AS den
           FROM pop p WHERE {where} GROUP BY ALL'''
queries = {
    "diagnostics_share": share.format(ind="diagnostics_share", where="true", hit="""EXISTS (SELECT 1 FROM diagnostic d
        WHERE d.staff_id = p.id AND d.date BETWEEN DATE '1900-01-01' AND p.we)"""),
    "diagnostics_share_pedagogues": share.format(ind="diagnostics_share_pedagogues", where="p.category = 'pedagogue'",
        hit="""EXISTS (SELECT 1 FROM diagnostic d WHERE d.staff_id = p.id AND d.date BETWEEN DATE '1900-01-01' AND p.we)"""),
    "iom_share": share.format(ind="iom_share", where="true", hit="""EXISTS (SELECT 1 FROM iom i WHERE i.staff_id = p.id
        AND i.diagnostic_id IS NOT NULL AND i.status <> 'cancelled'
        AND (i.developed IS NULL OR i.developed <= p.we) AND (i."end" IS NULL OR i."end" >= DATE '1900-01-01'))"""),
    "pd_share": share.format(ind="pd_share", where="true", hit="""EXISTS (SELECT 1 FROM training t WHERE t.staff_id = p.id
        AND t.status = 'completed' AND t.start <= p.we AND (t."end" IS NULL OR t."end" >= p.ws))"""),
    "retraining_share": share.format(ind="retraining_share", where="p.category = 'pedagogue'",
        hit="""EXISTS (SELECT 1 FROM training t JOIN program g ON g.id = t.program_id WHERE t.staff_id = p.id
        AND t.status = 'completed' AND g.kind = 'retraining' AND t.start <= p.we AND (t."end" IS NULL OR t."end" >= p.ws))"""),
    "young_mentored_share": share.format(ind="young_mentored_share", where="""p.category = 'pedagogue'
        AND date_diff('year', p.birth_date, p.we) - (strftime(p.birth_date, '%m%d') > strftime(p.we, '%m%d'))::INT < 35
        AND p.career_start IS NOT NULL
        AND greatest(date_diff('year', p.career_start, p.we)
                     - (strftime(p.career_start, '%m%d') > strftime(p.we, '%m%d'))::INT, 0) < 3""",
        hit="""EXISTS (SELECT 1 FROM mentorship x WHERE x.mentee_id = p.id AND x.start <= p.we
        AND (x."end" IS NULL OR x."end" >= p.ws))"""),
    "mentoring_model_orgs_share": '''SELECT 'mentoring_model_orgs_share' AS ind, y.y, o.municipality_id AS m,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pop p JOIN staff s ON s.id = p.id JOIN mentorship x
            ON x.mentor_id = p.id WHERE p.y = y.y AND s.organization_id = o.id
            AND x.start <= y.we AND (x."end" IS NULL OR x."end" >= DATE '1900-01-01'))) AS num, count(*) AS den
        FROM organization o, years y WHERE o.kind = 'school'
        AND (o.opened IS NULL OR o.opened::DATE <= y.we) AND (o.closed IS NULL OR o.closed::DATE > y.we)
        GROUP BY ALL''',
    "satisfaction_share": '''SELECT 'satisfaction_share' AS ind, y.y, r.municipality_id AS m,
        count(*) FILTER (WHERE r.score >= 0.8 * r.scale_max) AS num, count(*) AS den
        FROM survey_response r, years y WHERE r.survey = 'mms_satisfaction' AND r.date BETWEEN y.ws AND y.we
        GROUP BY ALL''',
    "municipal_events_count": '''SELECT 'municipal_events_count' AS ind, y.y, e.municipality_id AS m,
        count(*) AS num, NULL AS den FROM event e, years y WHERE e.level = 'municipal' AND e.kind <> 'meeting'
        AND e.start <= y.we AND coalesce(e."end", e.start) >= y.ws GROUP BY ALL''',
    "contests_count": '''SELECT 'contests_count' AS ind, y.y, e.municipality_id AS m,
        count(DISTINCT e.contest) AS num, NULL AS den FROM event e, years y WHERE e.level = 'municipal'
        AND e.kind = 'contest' AND e.start <= y.we AND coalesce(e."end", e.start) >= y.ws GROUP BY ALL''',
}
# spans: rows overlapping the window; one-day events (no end); staff active on the window's last day
active = "(s2.hired IS NULL OR s2.hired <= {we}) AND (s2.left IS NULL OR s2.left > {we})"
ev_overlap = "e.start <= {we} AND coalesce(e.\"end\", e.start) >= {ws}"
CUM = "DATE '1900-01-01'"
orgs = """SELECT '{ind}' AS ind, y.y, o.municipality_id AS m, count(*) FILTER (WHERE {hit}) AS num, count(*) AS den
          FROM organization o, years y WHERE o.kind IN ('school', 'kindergarten', 'additional')
          AND (o.opened IS NULL OR o.opened::DATE <= y.we) AND (o.closed IS NULL OR o.closed::DATE > y.we) GROUP BY ALL"""
diag_cum = "EXISTS (SELECT 1 FROM diagnostic d WHERE d.staff_id = p.id AND d.date BETWEEN DATE '1900-01-01' AND p.we)"
iom_any = """EXISTS (SELECT 1 FROM iom i WHERE i.staff_id = p.id AND i.status <> 'cancelled'
        AND (i.developed IS NULL OR i.developed <= p.we) AND (i."end" IS NULL OR i."end" >= DATE '1900-01-01'))"""
iom_done = """EXISTS (SELECT 1 FROM iom i WHERE i.staff_id = p.id AND i.status = 'completed'
        AND (i.developed IS NULL OR i.developed <= p.we) AND (i."end" IS NULL OR i."end" >= DATE '1900-01-01'))"""
training = """EXISTS (SELECT 1 FROM training t JOIN program g ON g.id = t.program_id WHERE t.staff_id = p.id
        AND t.status = 'completed' AND t.start <= p.we AND (t."end" IS NULL OR t."end" >= p.ws) AND {cond})"""
young = """p.category = 'pedagogue'
        AND date_diff('year', p.birth_date, p.we) - (strftime(p.birth_date, '%m%d') > strftime(p.we, '%m%d'))::INT < 35
        AND p.career_start IS NOT NULL
        AND greatest(date_diff('year', p.career_start, p.we)
                     - (strftime(p.career_start, '%m%d') > strftime(p.we, '%m%d'))::INT, 0) < 3"""
mgmt = """EXISTS (SELECT 1 FROM staff s2 JOIN training t ON t.staff_id = s2.id JOIN program g ON g.id = t.program_id
        WHERE s2.organization_id = o.id AND s2.category = 'manager' AND {active} AND g.management_team
        AND t.start <= y.we AND (t."end" IS NULL OR t."end" >= {start}))"""
staff_contest = """EXISTS (SELECT 1 FROM participation x JOIN event e ON e.id = x.event_id WHERE x.staff_id = {who}
        AND e.kind = 'contest' AND x.role = 'participant' AND {overlap})"""
queries.update({
    "diagnostics_share_managers": share.format(ind="diagnostics_share_managers", where="p.category = 'manager'",
                                               hit=diag_cum),
    "iom_share_pedagogues": share.format(ind="iom_share_pedagogues", where="p.category = 'pedagogue'", hit=iom_any),
    "iom_share_managers": share.format(ind="iom_share_managers", where="p.category = 'manager'", hit=iom_any),
    "iom_completed_share": share.format(ind="iom_completed_share", where=f"p.category = 'pedagogue' AND {iom_any}",
                                        hit=iom_done),
    "advanced_training_share": share.format(ind="advanced_training_share", where="p.category = 'pedagogue'",
                                            hit=training.format(cond="g.kind = 'advanced_training'")),
    "federal_registry_training_share": share.format(
        ind="federal_registry_training_share", where="p.category = 'pedagogue'",
        hit=training.format(cond="g.in_federal_registry AND t.diagnostic_id IS NOT NULL")),
    "management_team_orgs_share": orgs.format(ind="management_team_orgs_share", hit=mgmt.format(
        active=active.format(we="y.we"), start=CUM)),
    "management_teams_count": f"""SELECT 'management_teams_count' AS ind, y.y, o.municipality_id AS m,
        count(*) AS num, NULL AS den FROM organization o, years y
        WHERE (o.opened IS NULL OR o.opened::DATE <= y.we) AND (o.closed IS NULL OR o.closed::DATE > y.we)
        AND {mgmt.format(active=active.format(we="y.we"), start="y.ws")} GROUP BY ALL""",
    "young_supported_share": share.format(ind="young_supported_share", where=young, hit="""(
        EXISTS (SELECT 1 FROM mentorship x WHERE x.mentee_id = p.id AND x.start <= p.we
                AND (x."end" IS NULL OR x."end" >= p.ws))
        OR EXISTS (SELECT 1 FROM participation x JOIN event e ON e.id = x.event_id WHERE x.staff_id = p.id
                   AND e.kind = 'young_teacher_school' AND e.start <= p.we AND coalesce(e."end", e.start) >= p.ws)
        OR EXISTS (SELECT 1 FROM association_member a WHERE a.staff_id = p.id
                   AND (a.start IS NULL OR a.start::DATE <= p.we) AND (a."end" IS NULL OR a."end"::DATE >= p.ws)))"""),
    "regional_methodists_share": share.format(ind="regional_methodists_share", where="p.category = 'pedagogue'",
        hit="""EXISTS (SELECT 1 FROM role r WHERE r.staff_id = p.id AND r.kind = 'regional_methodist'
        AND r.start <= p.we AND (r."end" IS NULL OR r."end" >= p.ws))"""),
    "pedagogues_per_regional_methodist": """SELECT 'pedagogues_per_regional_methodist' AS ind, p.y, p.municipality_id AS m,
        count(*) FILTER (WHERE p.category = 'pedagogue') AS num,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM role r WHERE r.staff_id = p.id AND r.kind = 'regional_methodist'
            AND r.start <= p.we AND (r."end" IS NULL OR r."end" >= p.ws))) AS den
        FROM pop p GROUP BY ALL""",
    "tutors_experts_jury_share": share.format(ind="tutors_experts_jury_share", where="p.category = 'pedagogue'",
        hit="""(EXISTS (SELECT 1 FROM role r WHERE r.staff_id = p.id AND r.kind IN ('tutor', 'expert', 'jury_member')
                AND r.start <= p.we AND (r."end" IS NULL OR r."end" >= p.ws))
            OR EXISTS (SELECT 1 FROM participation x JOIN event e ON e.id = x.event_id WHERE x.staff_id = p.id
                AND x.role IN ('tutor', 'expert', 'jury') AND e.start <= p.we AND coalesce(e."end", e.start) >= p.ws))"""),
    "contest_participation_share": share.format(ind="contest_participation_share", where="true",
        hit=staff_contest.format(who="p.id", overlap=ev_overlap.format(we="p.we", ws="p.ws"))),
    "orgs_contest_share": orgs.format(ind="orgs_contest_share", hit=f"""(
        EXISTS (SELECT 1 FROM participation x JOIN event e ON e.id = x.event_id WHERE x.organization_id = o.id
                AND e.kind = 'contest' AND {ev_overlap.format(we="y.we", ws="y.ws")})
        OR EXISTS (SELECT 1 FROM staff s2 WHERE s2.organization_id = o.id AND {active.format(we="y.we")}
                   AND {staff_contest.format(who="s2.id", overlap=ev_overlap.format(we="y.we", ws="y.ws"))}))"""),
    "orgs_experience_share": orgs.format(ind="orgs_experience_share", hit=f"""(
        EXISTS (SELECT 1 FROM participation x JOIN event e ON e.id = x.event_id WHERE x.organization_id = o.id
                AND e.kind IN ('experience_presentation', 'master_class', 'open_day')
                AND {ev_overlap.format(we="y.we", ws="y.ws")})
        OR EXISTS (SELECT 1 FROM event e WHERE e.organizer_id = o.id
                   AND e.kind IN ('experience_presentation', 'master_class', 'open_day')
                   AND {ev_overlap.format(we="y.we", ws="y.ws")}))"""),
    "deficit_closure_share": """WITH r AS (
            SELECT d.staff_id, r.competency_id, d.date, d.id AS diagnostic_id,
                   coalesce(TRY_CAST(r.deficit AS BOOLEAN), r.score < c.threshold) AS is_deficit
            FROM diagnostic_result r JOIN diagnostic d ON d.id = r.diagnostic_id
            LEFT JOIN competency c ON c.id = r.competency_id)
        SELECT 'deficit_closure_share' AS ind, y.y, o.municipality_id AS m,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM r later WHERE later.staff_id = f.staff_id
                AND later.competency_id = f.competency_id AND NOT later.is_deficit
                AND later.date > f.date AND later.date <= y.we)) AS num, count(*) AS den
        FROM r f JOIN staff s ON s.id = f.staff_id JOIN organization o ON o.id = s.organization_id, years y
        WHERE f.is_deficit AND f.date BETWEEN DATE '1900-01-01' AND y.we GROUP BY ALL""",
})
values = {}
for ind, sql in queries.items():
    for name, year, municipality, num, den in con.execute(sql).fetchall():
        values[f"{name}|{year}|{municipality}"] = [float(num), None if den is None else float(den)]
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "values": values}))
