"""Evaluate the `base` profile on the national dataset by municipality; compare with hand-written Polars.

    python benchmarks/evaluate_national.py                   # 2,400 municipalities
    python benchmarks/evaluate_national.py --municipalities 240 --repeat 3

Measured in one process on the same loaded Dataset:

* methodnet: ``Engine(base).evaluate(period, by="municipality")`` — all 25 indicators;
* hand-written Polars for two of them — ``diagnostics_share`` (cumulative from 2024) and
  ``young_mentored_share`` — the way an analyst would write them, with a check that every
  municipality's numerator and denominator equal methodnet's.

Results go to benchmarks/results/evaluate_national.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load_national import RESULTS, ensure_dataset  # noqa: E402

import methodnet  # noqa: E402
from methodnet.engine.evaluate import Engine  # noqa: E402
from methodnet.model.derived import is_young_teacher_expr  # noqa: E402
from methodnet.api import load_profile  # noqa: E402


def by_hand(ds: methodnet.Dataset, year: int) -> dict[str, pl.DataFrame]:
    """The two indicators as an analyst writes them: filters, distinct ids, left joins, group-by."""
    # the base profile has no program period: cumulative indicators count from the start of the data
    start, end, program_start = dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(1900, 1, 1)
    orgs = ds["organization"].lazy().select(pl.col("id").alias("organization_id"), "municipality_id")
    staff = ds["staff"].lazy().filter((pl.col("hired").is_null() | (pl.col("hired") <= end))
                                      & (pl.col("left").is_null() | (pl.col("left") > end))).join(orgs, on="organization_id")
    # diagnostics_share: diagnosed from the program's start to the period's end
    diagnosed = (ds["diagnostic"].lazy().filter(pl.col("date").is_between(min(program_start, start), end))
                 .select(pl.col("staff_id").alias("id")).unique().with_columns(hit=pl.lit(True)))
    diagnostics = (staff.join(diagnosed, on="id", how="left").group_by("municipality_id")
                   .agg(pl.col("hit").fill_null(False).sum().alias("num"), pl.len().alias("den")))
    # young_mentored_share: young pedagogues with a mentorship overlapping the period
    young = staff.filter((pl.col("category") == "pedagogue") & is_young_teacher_expr(end))
    mentored = (ds["mentorship"].lazy().filter((pl.col("start") <= end) & (pl.col("end").is_null() | (pl.col("end") >= start)))
                .select(pl.col("mentee_id").alias("id")).unique().with_columns(hit=pl.lit(True)))
    young_mentored = (young.join(mentored, on="id", how="left").group_by("municipality_id")
                      .agg(pl.col("hit").fill_null(False).sum().alias("num"), pl.len().alias("den")))
    first, second = pl.collect_all([diagnostics, young_mentored])
    return {"diagnostics_share": first, "young_mentored_share": second}


def compare(evaluation, hand: dict[str, pl.DataFrame]) -> int:  # type: ignore[no-untyped-def]
    checked = 0
    for indicator, frame in hand.items():
        mine = {r.group: (r.numerator, r.denominator) for r in evaluation.rows
                if r.indicator == indicator and r.group_by == "municipality" and r.denominator}
        theirs = {m: (float(n), float(d)) for m, n, d in frame.select("municipality_id", "num", "den").iter_rows()}
        if mine != theirs:
            diff = [k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k)][:5]
            raise SystemExit(f"{indicator}: methodnet and the hand computation disagree, e.g. "
                             + ", ".join(f"{k}: {mine.get(k)} vs {theirs.get(k)}" for k in diff))
        checked += len(mine)
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--municipalities", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()

    data = ensure_dataset(args.municipalities, args.seed)
    start = time.perf_counter()
    ds = methodnet.load(data, options=methodnet.LoadOptions(today=dt.date(2026, 9, 1)))
    load_seconds = time.perf_counter() - start
    profile = load_profile("base")

    two = profile.model_copy(update={"indicators": [profile.indicator("diagnostics_share"),
                                                     profile.indicator("young_mentored_share")]})
    engine_runs, two_runs, hand_runs = [], [], []
    evaluation = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        evaluation = Engine(profile, ds).evaluate(str(args.year), by="municipality")
        engine_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        Engine(two, ds).evaluate(str(args.year), by="municipality")
        two_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        hand = by_hand(ds, args.year)
        hand_runs.append(time.perf_counter() - start)
    checked = compare(evaluation, hand)

    engine_s, hand_s = statistics.median(engine_runs), statistics.median(hand_runs)
    two_s = statistics.median(two_runs)
    per_indicator = engine_s / len(profile.indicators)
    print(f"\nnational dataset: {args.municipalities} municipalities, {ds['staff'].height:,} staff; load {load_seconds:.1f} s")
    print(f"methodnet, base profile ({len(profile.indicators)} indicators) by municipality: {engine_s:.2f} s "
          f"({per_indicator:.3f} s per indicator), {len(evaluation.rows):,} result rows")
    print(f"hand-written Polars, 2 indicators by municipality:            {hand_s:.2f} s "
          f"({hand_s / 2:.3f} s per indicator)")
    print(f"methodnet, the same 2 indicators by municipality:             {two_s:.2f} s")
    print(f"ratio methodnet ÷ hand-written on the same 2 indicators: {two_s / hand_s:.2f}")
    print(f"values checked equal: {checked} municipality rows")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "evaluate_national.json"
    out.write_text(json.dumps({
        "municipalities": args.municipalities, "staff": ds["staff"].height, "load_seconds": load_seconds,
        "engine_seconds": engine_runs, "hand_seconds": hand_runs, "indicators": len(profile.indicators),
        "two_indicator_seconds": two_runs, "two_indicator_ratio": two_s / hand_s, "rows_checked_equal": checked,
    }, indent=2), encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
