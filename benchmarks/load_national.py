"""Load the national-scale dataset with methodnet, plain polars and DuckDB; print the ratios.

    python benchmarks/load_national.py                 # 2,400 municipalities (~1.06 M staff)
    python benchmarks/load_national.py --municipalities 240 --repeat 3

The dataset is generated once into benchmarks/.cache/ (CSV, as a municipality would export it).
Each reader runs in its own child process, so its peak memory (ru_maxrss) is its own; the
children run one after another in this same script. The baselines only read the files:
``polars.read_csv`` with its default type inference and DuckDB ``read_csv`` (auto-detect) into an
in-memory table. methodnet reads, parses dates and vocabularies, and validates types, ranges,
keys and references. Results go to benchmarks/results/load_national.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"

READERS = {
    "methodnet": """
import datetime as dt, methodnet
ds = methodnet.load(DATA, options=methodnet.LoadOptions(today=dt.date(2026, 9, 1)))
rows = sum(ds.counts().values())
""",
    "polars.read_csv": """
import polars as pl, pathlib
frames = {p.stem: pl.read_csv(p) for p in sorted(pathlib.Path(DATA).glob("*.csv"))}
rows = sum(f.height for f in frames.values())
""",
    "duckdb.read_csv": """
import duckdb, pathlib
con = duckdb.connect()
rows = 0
for p in sorted(pathlib.Path(DATA).glob("*.csv")):
    con.execute(f"CREATE TABLE {p.stem} AS SELECT * FROM read_csv('{p}')")
    rows += con.execute(f"SELECT count(*) FROM {p.stem}").fetchone()[0]
""",
}

CHILD = """
import json, resource, sys, time
DATA = sys.argv[1]
start = time.perf_counter()
{body}
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_kb / 1024, "rows": rows}}))
"""


def ensure_dataset(municipalities: int, seed: int) -> Path:
    target = CACHE / f"national-m{municipalities}-s{seed}"
    if (target / "staff.csv").exists():
        return target
    from methodnet.synth import generate

    print(f"generating {municipalities} municipalities into {target} …", flush=True)
    start = time.perf_counter()
    generate(municipalities=municipalities, seed=seed).write(target, "csv")
    print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
    return target


def measure(reader: str, data: Path) -> dict:
    code = CHILD.format(body=READERS[reader])
    out = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{reader} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per reader; the median is reported")
    args = parser.parse_args()

    data = ensure_dataset(args.municipalities, args.seed)
    size_mb = sum(p.stat().st_size for p in data.glob("*.csv")) / 2**20
    results: dict[str, dict] = {}
    for reader in READERS:
        runs = [measure(reader, data) for _ in range(args.repeat)]
        results[reader] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": statistics.median(r["peak_mb"] for r in runs),
            "rows": runs[0]["rows"],
            "runs": runs,
        }
    base = results["methodnet"]
    print(f"\nnational dataset: {args.municipalities} municipalities, {base['rows']:,} rows, {size_mb:.0f} MB of CSV")
    print(f"{'reader':<18}{'time, s':>10}{'peak, MB':>12}{'methodnet ÷ reader (time)':>28}{'(memory)':>10}")
    for reader, r in results.items():
        print(f"{reader:<18}{r['seconds']:>10.2f}{r['peak_mb']:>12.0f}"
              f"{base['seconds'] / r['seconds']:>28.2f}{base['peak_mb'] / r['peak_mb']:>10.2f}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "load_national.json"
    out.write_text(json.dumps({
        "municipalities": args.municipalities, "rows": base["rows"], "csv_mb": round(size_mb, 1),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "results": results,
        "ratios": {r: {"time": base["seconds"] / v["seconds"], "memory": base["peak_mb"] / v["peak_mb"]}
                   for r, v in results.items() if r != "methodnet"},
    }, indent=2), encoding="utf-8")
    print(f"\nsaved {out}")


if __name__ == "__main__":
    main()
