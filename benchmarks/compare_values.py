"""Put methodnet's evaluation in the baselines' shape and list where two value sets differ.

    python benchmarks/compare_values.py DATA [--at 2026-09-01]   # methodnet vs both baselines, in-process

The shape (see baseline_common): indicator, period, group ("*" total, "?" «не указано», else
the municipality id), numerator, denominator. methodnet's side comes from
``Engine(profile, dataset).evaluate(periods, by="municipality").to_polars()``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline_common import INDICATORS  # noqa: E402

KEY = ["indicator", "period", "group"]


def methodnet_values(data: str | Path, at: dt.date, years: list[int], rules: bool = False) -> pl.DataFrame:
    """methodnet end to end (load + the base indicators by municipality [+ the base rules])."""
    import methodnet
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    dataset = methodnet.load(str(data), options=methodnet.LoadOptions(today=at))
    profile = load_profile("base")
    evaluation = Engine(profile, dataset).evaluate([str(y) for y in years], by="municipality")
    if rules:
        from methodnet.rules.check import check

        check(profile, dataset, at, evaluation=evaluation)
    return methodnet_frame(evaluation.to_polars())


def methodnet_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The evaluation's frame → the baselines' shape (only the total and the municipality rows)."""
    frame = frame.filter(pl.col("indicator").is_in(INDICATORS)
                         & (pl.col("group_by").is_null() | (pl.col("group_by") == "municipality")))
    group = (pl.when(pl.col("group_by").is_null()).then(pl.lit("*"))
             .otherwise(pl.col("group").cast(pl.String).fill_null("?")))
    return frame.select("indicator", pl.col("period").cast(pl.String), group.alias("group"),
                        pl.col("numerator").cast(pl.Float64), pl.col("denominator").cast(pl.Float64))


def mismatches(left: pl.DataFrame, right: pl.DataFrame, names: tuple[str, str] = ("left", "right")) -> pl.DataFrame:
    """Rows where numerator or denominator differ (a row missing on one side counts as differing)."""
    a, b = names
    joined = left.join(right, on=KEY, how="full", coalesce=True, suffix=f"_{b}").rename(
        {"numerator": f"numerator_{a}", "denominator": f"denominator_{a}"})

    def differs(x: str, y: str) -> pl.Expr:
        both = pl.col(x).is_not_null() & pl.col(y).is_not_null()
        return (pl.col(x).is_null() != pl.col(y).is_null()) | (both & ((pl.col(x) - pl.col(y)).abs() > 1e-9))

    return joined.filter(differs(f"numerator_{a}", f"numerator_{b}")
                         | differs(f"denominator_{a}", f"denominator_{b}")).sort(KEY)


def by_indicator(diff: pl.DataFrame, names: tuple[str, str]) -> str:
    """A readable report: per indicator, how many rows differ and the first few (totals first)."""
    if diff.is_empty():
        return "all equal"
    a, b = names
    lines = []
    for (indicator,), rows in diff.sort(pl.col("group") != "*", *KEY).group_by("indicator", maintain_order=True):
        lines.append(f"{indicator}: {rows.height} rows differ")
        for r in rows.head(6).iter_rows(named=True):
            lines.append(f"    {r['period']} {r['group']:<12} {a} {r[f'numerator_{a}']}/{r[f'denominator_{a}']}"
                         f"  {b} {r[f'numerator_{b}']}/{r[f'denominator_{b}']}")
    return "\n".join(lines)


def main() -> None:
    import argparse

    import baseline_duckdb
    import baseline_polars

    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--at", type=dt.date.fromisoformat, default=dt.date(2026, 9, 1))
    args = parser.parse_args()
    years = [2024, 2025, 2026, 2027]
    values = {"methodnet": methodnet_values(args.data, args.at, years),
              "duckdb": baseline_duckdb.compute(args.data, at=args.at, years=years),
              "polars": baseline_polars.compute(args.data, at=args.at, years=years)}
    for pair in (("polars", "duckdb"), ("methodnet", "polars"), ("methodnet", "duckdb")):
        print(f"== {pair[0]} vs {pair[1]}: {values[pair[0]].height} / {values[pair[1]].height} rows")
        print(by_indicator(mismatches(values[pair[0]], values[pair[1]], pair), pair))


if __name__ == "__main__":
    main()
