"""National scale end to end, against hand-written DuckDB SQL; memory at 10 %, 30 % and 100 %.

    python benchmarks/national_e2e.py                  # 10 %, 30 %, 100 % of 2,400 municipalities
    python benchmarks/national_e2e.py --fractions 0.1  # quicker

For each size, in separate child processes of this run (so each peak RSS is its own):

* **methodnet**: load the CSV files → validate → evaluate the ``base`` profile for every
  municipality and for 2024–2027 → run the base rules;
* **methodnet (subset)**: load → the indicators of the SQL baseline only;
* **DuckDB**: ``read_csv`` of the same files and hand-written SQL for those indicators, all four
  years by municipality.

The subset (SUBSET below) is 10 of the 26 base indicators: shares over staff with
relations in the window (diagnostics cumulative, IOMs, trainings with the program's kind,
young teachers with mentors), over organizations (schools with mentoring), survey shares and
event counts (plain and distinct). Every value of the subset is checked equal between the two.
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

SUBSET = ["diagnostics_share", "diagnostics_share_pedagogues", "iom_share", "pd_share", "retraining_share",
          "young_mentored_share", "mentoring_model_orgs_share", "satisfaction_share", "municipal_events_count",
          "contests_count"]
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
    print(f"\n{'size':>6} {'methodnet e2e (load|eval|rules)':>38} {'peak MB':>8} | {'subset: methodnet':>18} "
          f"{'DuckDB':>7} {'ratio':>6} | {'peak MB':>14} {'ratio':>6} | equal")
    for r in results:
        f, s, d = r["methodnet_full"], r["methodnet_subset"], r["duckdb_subset"]
        print(f"{r['fraction']:>5.0%} {f['seconds']:>8.1f} s ({f['load']:.1f}|{f['evaluate']:.1f}|{f['rules']:.1f})"
              f"{'':>14} {f['peak_mb']:>8.0f} | {s['seconds']:>16.1f} s {d['seconds']:>6.1f} s "
              f"{s['seconds'] / d['seconds']:>6.2f} | {s['peak_mb']:>6.0f}/{d['peak_mb']:<6.0f} "
              f"{s['peak_mb'] / d['peak_mb']:>6.2f} | {r['values_checked_equal']}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "national_e2e.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
