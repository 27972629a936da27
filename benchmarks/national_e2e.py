"""National scale end to end: methodnet against the two tuned baselines, and every value checked.

    python benchmarks/national_e2e.py                 # 30 % of 2,400 municipalities, 3 runs each
    python benchmarks/national_e2e.py --scale 100 --runs 5
    python benchmarks/national_e2e.py --scale 10 --check-only

Four programs, each a whole process, run in alternation (run 1 of each, then run 2 of each…)
so that the machine's load falls on all of them alike; medians of wall time (from the
parent's launcher: start of the process to its end) and peak RSS (the child's own ru_maxrss,
from ``os.wait4`` in a small launcher process, see RUNNER):

* **methodnet**: load the CSV files (validated) → the 26 base indicators, 2024–2027, by
  municipality → ``Evaluation.to_polars()``;
* **methodnet + rules**: the same and the base rules;
* **DuckDB**: benchmarks/baseline_duckdb.py (typed reads, period masks, SQL);
* **Polars**: benchmarks/baseline_polars.py (the same plan in lazy Polars).

Then, untimed, each of the three writes its values, and every numerator and denominator
(total, every municipality, «не указано») must agree between the three, on the generated
national data and on the edge-case dataset (methodnet.synth.edge_cases); mismatches are
printed by indicator. The dataset date is 2026-09-01 for the national data (the generator's)
and 2026-06-30 for the edge cases. The national data are generated once (as
``methodnet generate --municipalities N`` would) into benchmarks/.cache/. Results go to
benchmarks/results/national_e2e.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import polars as pl  # noqa: E402
from compare_values import by_indicator, methodnet_frame, mismatches  # noqa: E402
from load_national import CACHE, RESULTS, ensure_dataset  # noqa: E402

YEARS = [2024, 2025, 2026, 2027]
NATIONAL_AS_OF = dt.date(2026, 9, 1)
PROGRAMS = ("methodnet", "methodnet+rules", "duckdb", "polars")


def methodnet_child(data: str, at: dt.date, rules: bool, out: str | None) -> None:
    """One whole methodnet run (this process is the child); prints its phases as JSON."""
    import resource

    start = time.perf_counter()
    import methodnet
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    from methodnet.plugins.manager import load_registry
    from methodnet.profile.requirements import tables_to_load

    profile = load_profile("base")
    # As the baselines do, read only what is computed: the indicators' tables (the rules': all of them),
    # as `methodnet evaluate` does.
    tables = None if rules else tables_to_load(profile, load_registry(), rules=False)
    dataset = methodnet.load(data, options=methodnet.LoadOptions(today=at), tables=tables)
    loaded = time.perf_counter()
    evaluation = Engine(profile, dataset).evaluate([str(y) for y in YEARS], by="municipality")
    evaluated = time.perf_counter()
    frame = evaluation.to_polars()
    framed = time.perf_counter()
    findings = 0
    if rules:
        from methodnet.rules.check import check

        findings = len(check(profile, dataset, at, evaluation=evaluation))
    done = time.perf_counter()
    if out:
        methodnet_frame(frame).write_parquet(out)
    print(json.dumps({"seconds": done - start, "load": loaded - start, "evaluate": evaluated - loaded,
                      "to_polars": framed - evaluated, "rules": done - framed, "findings": findings,
                      "rows": frame.height, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def command(program: str, data: Path, at: dt.date, out: Path | None = None) -> list[str]:
    extra = ["--out", str(out)] if out else []
    if program.startswith("methodnet"):
        mode = "rules" if program.endswith("rules") else "indicators"
        return [sys.executable, __file__, "--child", mode, str(data), "--at", at.isoformat(), *extra]
    script = HERE / f"baseline_{program}.py"
    return [sys.executable, str(script), str(data), "--at", at.isoformat(), *extra]


#: A tiny launcher between this script and each program. Linux carries the RSS high-water mark
#: of the forking process into the child's ru_maxrss across exec; forked from a fresh, small
#: interpreter, the program's peak is its own (not this script's, which may have generated data).
RUNNER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - start} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(cmd: list[str]) -> dict:
    """Run one whole process: wall time and peak RSS (the kernel's account, via wait4) of it alone."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr, \
            tempfile.NamedTemporaryFile("r", suffix=".usage") as usage:
        proc = subprocess.run([sys.executable, "-c", RUNNER, usage.name, *cmd], stdout=stdout, stderr=stderr)
        stdout.seek(0)
        stderr.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr.read().decode()[-3000:]}")
        inner = json.loads(stdout.read().decode().strip().splitlines()[-1])
        wall, maxrss_kb = usage.read().split()
    return {"wall": float(wall), "peak_mb": int(maxrss_kb) / 1024, "inner": inner}


def check_values(data: Path, at: dt.date, label: str) -> dict:
    """Each of the three writes its values once (untimed); report where they differ."""
    values = {}
    with tempfile.TemporaryDirectory() as tmp:
        for program in ("methodnet", "duckdb", "polars"):
            out = Path(tmp) / f"{program}.parquet"
            measure(command(program, data, at, out))
            values[program] = pl.read_parquet(out)
    report = {}
    print(f"\nvalues on {label} ({data}):")
    for pair in (("methodnet", "duckdb"), ("methodnet", "polars"), ("duckdb", "polars")):
        diff = mismatches(values[pair[0]], values[pair[1]], pair)
        checked = values[pair[0]].join(values[pair[1]], on=["indicator", "period", "group"]).height
        differing = sorted(diff["indicator"].unique().to_list())
        report[f"{pair[0]}~{pair[1]}"] = {"rows_compared": checked, "rows_differing": diff.height,
                                          "indicators_differing": differing}
        verdict = "all equal" if diff.is_empty() else f"{diff.height} rows differ in {len(differing)} indicators"
        print(f"  {pair[0]} vs {pair[1]}: {checked} rows; {verdict}")
        if not diff.is_empty():
            print("    " + by_indicator(diff, pair).replace("\n", "\n    "))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, choices=(10, 30, 100), default=30, help="% of 2,400 municipalities")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each program (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check-only", action="store_true", help="only the value checks")
    parser.add_argument("--child", choices=("indicators", "rules"), help=argparse.SUPPRESS)
    parser.add_argument("data", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--at", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        methodnet_child(args.data, args.at, args.child == "rules", args.out)
        return

    municipalities = round(2400 * args.scale / 100)
    # generated in a child process, so that this one stays small
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(HERE)!r}); from load_national import "
                    f"ensure_dataset; ensure_dataset({municipalities}, {args.seed})"], check=True)
    data = ensure_dataset(municipalities, args.seed)  # cached now: only the path
    from methodnet.synth.edge_cases import AS_OF, write_edge_cases

    edge = write_edge_cases(CACHE / "edge_cases")
    result: dict = {"scale": args.scale, "municipalities": municipalities, "runs": args.runs,
                    "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                "load_average": os.getloadavg()}}
    if not args.check_only:
        runs: dict[str, list[dict]] = {p: [] for p in PROGRAMS}
        for i in range(args.runs):
            for program in PROGRAMS:
                runs[program].append(measure(command(program, data, NATIONAL_AS_OF)))
                r = runs[program][-1]
                print(f"run {i + 1} {program:<16} {r['wall']:6.2f} s {r['peak_mb']:7.0f} MB", flush=True)
        summary = {p: {"wall": statistics.median(r["wall"] for r in rs),
                       "peak_mb": statistics.median(r["peak_mb"] for r in rs), "runs": rs}
                   for p, rs in runs.items()}
        faster = min(("duckdb", "polars"), key=lambda p: summary[p]["wall"])
        base = summary[faster]
        result["programs"] = summary
        result["faster_baseline"] = faster
        result["ratios"] = {p: {"time": summary[p]["wall"] / base["wall"], "memory": summary[p]["peak_mb"] / base["peak_mb"]}
                            for p in ("methodnet", "methodnet+rules")}
        inner = statistics.median
        print(f"\n{municipalities} municipalities ({args.scale} %), medians of {args.runs} alternating runs:")
        print(f"{'program':<17}{'wall, s':>9}{'peak, MB':>10}{'÷ ' + faster + ' (time)':>18}{'(memory)':>10}")
        for p in PROGRAMS:
            s = summary[p]
            print(f"{p:<17}{s['wall']:>9.2f}{s['peak_mb']:>10.0f}{s['wall'] / base['wall']:>18.2f}"
                  f"{s['peak_mb'] / base['peak_mb']:>10.2f}")
        phases = {k: inner(r["inner"][k] for r in runs["methodnet+rules"]) for k in
                  ("load", "evaluate", "to_polars", "rules")}
        print("methodnet + rules, in-process medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
        result["methodnet_phases"] = phases
    result["values"] = {"national": check_values(data, NATIONAL_AS_OF, f"{municipalities} municipalities"),
                        "edge_cases": check_values(edge, AS_OF, "the edge-case dataset")}
    RESULTS.mkdir(exist_ok=True)
    name = "national_e2e.json" if not args.check_only else "national_e2e_values.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(f"\nsaved {RESULTS / name}")


if __name__ == "__main__":
    main()
