"""Hand-written DuckDB SQL for 10 base indicators, 2024–2027, by municipality (the baseline).

    python benchmarks/duckdb_baseline.py DATA_FOLDER      # prints JSON: seconds, peak_mb, values

What an analyst would write over the same CSV files: read them into DuckDB and compute each
indicator for all four years in one query. The semantics follow methodnet's: staff employed
on the period's last day, diagnostics as instants, spans overlapping the window, cumulative
indicators from 2024, one-day events without an end date.
"""

import json, resource, sys, time
import duckdb
data = sys.argv[1]
start = time.perf_counter()
con = duckdb.connect()
for table in ("municipality", "organization", "staff", "diagnostic", "iom", "training", "program", "mentorship",
              "survey_response", "event"):
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
        WHERE d.staff_id = p.id AND d.date BETWEEN DATE '2024-01-01' AND p.we)"""),
    "diagnostics_share_pedagogues": share.format(ind="diagnostics_share_pedagogues", where="p.category = 'pedagogue'",
        hit="""EXISTS (SELECT 1 FROM diagnostic d WHERE d.staff_id = p.id AND d.date BETWEEN DATE '2024-01-01' AND p.we)"""),
    "iom_share": share.format(ind="iom_share", where="true", hit="""EXISTS (SELECT 1 FROM iom i WHERE i.staff_id = p.id
        AND i.diagnostic_id IS NOT NULL AND i.status <> 'cancelled'
        AND (i.developed IS NULL OR i.developed <= p.we) AND (i."end" IS NULL OR i."end" >= DATE '2024-01-01'))"""),
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
            AND x.start <= y.we AND (x."end" IS NULL OR x."end" >= DATE '2024-01-01'))) AS num, count(*) AS den
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
values = {}
for ind, sql in queries.items():
    for name, year, municipality, num, den in con.execute(sql).fetchall():
        values[f"{name}|{year}|{municipality}"] = [float(num), None if den is None else float(den)]
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "values": values}))
