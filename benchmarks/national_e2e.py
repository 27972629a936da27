"""National scale end to end, against hand-written DuckDB SQL; memory at 10 %, 30 % and 100 %.

    python benchmarks/national_e2e.py                  # 10 %, 30 %, 100 % of 2,400 municipalities
    python benchmarks/national_e2e.py --fractions 0.1  # quicker

For each size, in separate child processes of this run (so each peak RSS is its own):

* **methodnet**: load the CSV files → validate → evaluate the ``base`` profile for every
  municipality and for 2024–2027 → run the base rules;
* **methodnet (indicators)**: load → the indicators only (what the SQL baseline computes);
* **DuckDB**: ``read_csv`` of the same files and hand-written SQL for those indicators, all four
  years by municipality.

SUBSET below is every indicator of the base profile (26); each has a hand-written query in
duckdb_baseline.py, and every value (numerator and denominator, per year and municipality) is
checked equal between the two.
Results go to benchmarks/results/national_e2e.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load_national import RESULTS, ensure_dataset  # noqa: E402

#: Every indicator of the base profile has a hand-written query in duckdb_baseline.py.
SUBSET = ["diagnostics_share", "diagnostics_share_pedagogues", "diagnostics_share_managers", "iom_share",
          "iom_share_pedagogues", "iom_share_managers", "iom_completed_share", "deficit_closure_share", "pd_share",
          "advanced_training_share", "retraining_share", "federal_registry_training_share",
          "management_team_orgs_share", "management_teams_count", "mentoring_model_orgs_share",
          "young_supported_share", "young_mentored_share", "regional_methodists_share",
          "pedagogues_per_regional_methodist", "tutors_experts_jury_share", "contest_participation_share",
          "orgs_contest_share", "orgs_experience_share", "contests_count", "municipal_events_count",
          "satisfaction_share"]
YEARS = [2024, 2025, 2026, 2027]

METHODNET = """
import datetime as dt, json, resource, sys, time
import methodnet
from methodnet.engine.evaluate import Engine
from methodnet.profile.loader import load_profile
from methodnet.rules.check import check
data, mode = sys.argv[1], sys.argv[2]
subset = json.loads(sys.argv[3])
start = time.perf_counter()
ds = methodnet.load(data, options=methodnet.LoadOptions(today=dt.date(2026, 9, 1)))
loaded = time.perf_counter() - start
profile = load_profile("base")
if mode == "subset":
    profile = profile.model_copy(update={"indicators": [profile.indicator(i) for i in subset]})
evaluation = Engine(profile, ds).evaluate([str(y) for y in (2024, 2025, 2026, 2027)], by="municipality")
evaluated = time.perf_counter() - start
findings = check(profile, ds, dt.date(2026, 9, 1), evaluation=evaluation) if mode == "full" else []
total = time.perf_counter() - start
values = {f"{r.indicator}|{r.period}|{r.group}": [r.numerator, r.denominator] for r in evaluation.rows
          if r.group_by == "municipality" and r.indicator in subset}
print(json.dumps({"seconds": total, "load": loaded, "evaluate": evaluated - loaded, "rules": total - evaluated,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": len(evaluation.rows), "findings": len(findings), "values": values}))
"""

#: The hand-written baseline (a script of its own, run in a child process).
DUCKDB_SCRIPT = HERE / "duckdb_baseline.py"


def child(code: str | Path, *args: str) -> dict:
    command = [sys.executable, str(code)] if isinstance(code, Path) else [sys.executable, "-c", code]
    out = subprocess.run([*command, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(mine: dict, theirs: dict) -> int:
    """Every (indicator, year, municipality) with data must agree; counts with no rows are 0 on our side."""
    checked = 0
    for key, (num, den) in mine.items():
        other = theirs.get(key)
        if other is None:
            if (den in (None, 0.0)) and num in (0.0, None):
                continue  # no rows at all: DuckDB's GROUP BY has no group, methodnet reports 0 / no data
            raise SystemExit(f"missing in DuckDB: {key} = {num}/{den}")
        if abs(other[0] - num) > 1e-9 or (other[1] is not None and abs(other[1] - (den or 0)) > 1e-9):
            raise SystemExit(f"disagree at {key}: methodnet {num}/{den}, DuckDB {other[0]}/{other[1]}")
        checked += 1
    extra = set(theirs) - set(mine)
    if extra:
        raise SystemExit(f"only in DuckDB: {sorted(extra)[:5]}")
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = []
    for fraction in args.fractions:
        municipalities = round(2400 * fraction)
        data = str(ensure_dataset(municipalities, args.seed))
        full = child(METHODNET, data, "full", json.dumps(SUBSET))
        subset = child(METHODNET, data, "subset", json.dumps(SUBSET))
        duck = child(DUCKDB_SCRIPT, data)
        checked = compare(subset["values"], duck["values"])
        results.append({"fraction": fraction, "municipalities": municipalities, "methodnet_full": full,
                        "methodnet_subset": subset, "duckdb_subset": duck, "values_checked_equal": checked})
        for r in (full, subset, duck):
            r.pop("values")
    print("\nmethodnet end to end = load + validate + base profile 2024–2027 by municipality + base rules;")
    print("DuckDB = read_csv + hand-written SQL for the same 26 indicators (no rules); indicators alone: methodnet (ind.)")
    print(f"{'size':>5} | {'methodnet e2e':>13} {'(load|eval|rules)':>18} {'DuckDB':>7} {'ratio':>6} | "
          f"{'methodnet ind.':>14} {'ratio':>6} | {'peak MB e2e/DuckDB':>19} {'ratio':>6} | equal")
    for r in results:
        f, s, d = r["methodnet_full"], r["methodnet_subset"], r["duckdb_subset"]
        print(f"{r['fraction']:>5.0%} | {f['seconds']:>11.1f} s ({f['load']:>4.1f}|{f['evaluate']:>4.1f}|{f['rules']:>4.1f})  "
              f"{d['seconds']:>5.1f} s {f['seconds'] / d['seconds']:>6.2f} | {s['seconds']:>12.1f} s "
              f"{s['seconds'] / d['seconds']:>6.2f} | {f['peak_mb']:>8.0f} / {d['peak_mb']:<8.0f} "
              f"{f['peak_mb'] / d['peak_mb']:>6.2f} | {r['values_checked_equal']}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "national_e2e.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
