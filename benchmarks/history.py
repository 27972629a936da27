"""The history store at national scale: recording vs a bare bulk insert, compare, trend.

    python benchmarks/history.py                      # 2,400 municipalities (~250,000 values)
    python benchmarks/history.py --municipalities 240 # quicker
    python benchmarks/history.py --backends sqlite    # without PostgreSQL

The dataset is generated once into benchmarks/.cache/ (see load_national.py); the base
profile is evaluated for 2024–2027 by municipality, as in national_e2e.py, and the evaluation
is cached. Then, per backend (SQLite file; PostgreSQL at METHODNET_TEST_POSTGRES, a fresh
database):

* **bare**: the evaluation's rows into a plain table in one transaction — SQLite
  ``executemany``, PostgreSQL ``COPY`` — nothing else;
* **record**: what ``methodnet record`` does after evaluating: the values with definition
  hashes, a sha256 per row, the content hash, and the store's one transaction (monitoring,
  values, targets, event), without and with the dataset's fingerprint (a hash per table);
* **compare** of two such monitorings, and **trend** over ten (reading the store only).

Medians of ``--repeat`` runs; results go to benchmarks/results/history.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load_national import CACHE, RESULTS, ensure_dataset  # noqa: E402

YEARS = ["2024", "2025", "2026", "2027"]


class Frozen:
    """An evaluation read back from the cache: what ``build_monitoring`` needs of one."""

    def __init__(self, frame) -> None:  # type: ignore[no-untyped-def]
        self.frame = frame

    def to_polars(self):  # type: ignore[no-untyped-def]
        return self.frame


class NoTables:
    """A dataset stand-in with nothing to fingerprint (to time the store alone)."""

    tables: dict = {}

    def __contains__(self, name: object) -> bool:
        return False


def evaluation(municipalities: int, seed: int):  # type: ignore[no-untyped-def]
    import polars as pl

    import methodnet
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    data = ensure_dataset(municipalities, seed)
    cached = CACHE / f"evaluation-m{municipalities}-s{seed}.parquet"
    dataset = methodnet.load(data, options=methodnet.LoadOptions(today=dt.date(2026, 9, 1)))
    if cached.exists():
        return pl.read_parquet(cached), dataset
    print("evaluating the base profile 2024–2027 by municipality …", flush=True)
    frame = Engine(load_profile("base"), dataset).evaluate(YEARS, by="municipality").to_polars()
    frame.write_parquet(cached)
    return frame, dataset


def median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        times.append(fn())
    return statistics.median(times)


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare_sqlite(frame, folder: Path) -> float:  # type: ignore[no-untyped-def]
    import sqlite3

    path = folder / f"bare-{uuid.uuid4().hex}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE v ({', '.join(f'c{i}' for i in range(frame.width))})")

    def run() -> None:
        rows = frame.rows()
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO v VALUES ({', '.join('?' * frame.width)})", rows)
        conn.execute("COMMIT")

    seconds = timed(run)
    conn.close()
    return seconds


def bare_postgres(frame, dsn: str) -> float:  # type: ignore[no-untyped-def]
    import psycopg

    types = {"Float64": "DOUBLE PRECISION"}
    with psycopg.connect(dsn) as conn:
        name = f"bare_{uuid.uuid4().hex[:8]}"
        columns = ", ".join(f"c{i} {types.get(str(t), 'TEXT')}" for i, t in enumerate(frame.dtypes))
        conn.execute(f"CREATE TABLE {name} ({columns})")
        conn.commit()

        def run() -> None:
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False, null_value="\x01N", quote_style="non_numeric")
            with conn.cursor() as cur:
                with cur.copy(f"COPY {name} FROM STDIN WITH (FORMAT csv, NULL '\x01N')") as copy:
                    copy.write(buffer.getvalue())
            conn.commit()

        return timed(run)


def record_once(store, frame, profile, dataset, territory: str) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    from methodnet.history.record import build_monitoring

    start = time.perf_counter()
    stored, hashes = build_monitoring(Frozen(frame), profile, dataset, territory=territory, author="bench")
    header = store.add(stored, hashes)
    return time.perf_counter() - start, header.id


def relabel(frame, k: int):  # type: ignore[no-untyped-def]
    import polars as pl

    mapping = {y: str(2000 + 4 * k + i) for i, y in enumerate(YEARS)}
    return frame.with_columns(pl.col("period").replace_strict(mapping))


def backend(name: str, uri: str, frame, dataset, repeat: int, bare) -> dict:  # type: ignore[no-untyped-def]
    from methodnet.history.compare import compare
    from methodnet.history.stores import open_store
    from methodnet.history.trend import trend
    from methodnet.api import load_profile

    profile = load_profile("base")
    store = open_store(uri)
    result: dict = {"backend": name, "values": frame.height}
    bares, runs, full = [], [], []
    for i in range(repeat):  # interleaved, so that the machine's load falls on all three alike
        bares.append(bare())
        runs.append(record_once(store, frame, profile, NoTables(), f"store-{name}-{i}"))
        full.append(record_once(store, frame, profile, dataset, f"full-{name}-{i}"))
    result["bare_runs_s"] = bares
    result["record_store_runs_s"] = [r[0] for r in runs]
    result["record_with_fingerprint_runs_s"] = [r[0] for r in full]
    result["bare_s"] = statistics.median(bares)
    result["record_store_s"] = statistics.median(r[0] for r in runs)
    result["record_with_fingerprint_s"] = statistics.median(r[0] for r in full)
    result["ratio_store"] = result["record_store_s"] / result["bare_s"]
    result["ratio_with_fingerprint"] = result["record_with_fingerprint_s"] / result["bare_s"]
    result["ratio_store_per_run_median"] = statistics.median(r[0] / b for r, b in zip(runs, bares))
    a, b = runs[0][1], full[0][1]
    result["compare_s"] = median(lambda: timed(lambda: compare(store, a, b)), repeat)
    result["compare_rows"] = compare(store, a, b).rows.height
    series = []
    for k in range(10):
        _, mid = record_once(store, relabel(frame, k), profile, NoTables(), "trend")
        store.approve(mid)
        series.append(mid)
    result["trend_s"] = median(lambda: timed(lambda: trend(store, "base", territory="trend")), repeat)
    result["trend_rows"] = trend(store, "base", territory="trend").rows.height
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    frame, dataset = evaluation(args.municipalities, args.seed)
    print(f"{frame.height:,} values; dataset {sum(dataset.counts().values()):,} rows", flush=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "sqlite" in args.backends:
            results.append(backend("sqlite", str(folder / "history.sqlite"), frame, dataset, args.repeat,
                                   lambda: bare_sqlite(frame, folder)))
        if "postgres" in args.backends:
            import psycopg

            dsn = os.environ.get("METHODNET_TEST_POSTGRES")
            if not dsn:
                raise SystemExit("METHODNET_TEST_POSTGRES is not set: eval \"$(.ci/postgres.sh)\"")
            db = f"bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {db}")
            uri = dsn.rpartition("/")[0] + "/" + db
            try:
                results.append(backend("postgres", uri, frame, dataset, args.repeat, lambda: bare_postgres(frame, uri)))
            finally:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    print(f"\n{'backend':<9} {'values':>8} {'bare':>7} {'record':>7} {'ratio':>6} {'+fingerpr.':>10} {'ratio':>6} "
          f"{'compare':>8} {'trend×10':>8}")
    for r in results:
        print(f"{r['backend']:<9} {r['values']:>8,} {r['bare_s']:>6.2f}s {r['record_store_s']:>6.2f}s "
              f"{r['ratio_store']:>6.2f} {r['record_with_fingerprint_s']:>9.2f}s {r['ratio_with_fingerprint']:>6.2f} "
              f"{r['compare_s']:>7.2f}s {r['trend_s']:>7.3f}s")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "history.json"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    out.write_text(json.dumps({"municipalities": args.municipalities, "machine": platform.platform(),
                               "cpus": os.cpu_count(), "load_average_at_end": load, "results": results}, indent=2),
                   encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
