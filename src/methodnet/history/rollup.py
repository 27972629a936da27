"""The region's view: its municipalities' approved monitorings rolled up and ranked.

For one profile and period, the latest approved monitoring of every territory in the store
(imported bundles, usually) gives one value per municipality; the region's value adds the
numerators and denominators (shares, ratios) or the values (counts) — never averages of
percentages — and each municipality gets a rank (1 = best, by the indicator's comparator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl

from methodnet.history.store import HistoryError, HistoryStore
from methodnet.history.trend import latest_approved

REGION = "регион"
_READ = ["indicator", "name", "kind", "period", "numerator", "denominator", "value", "unit", "comparator", "target",
         "status"]


@dataclass(frozen=True)
class Rollup:
    profile_id: str
    period: str
    rows: pl.DataFrame  # one row per indicator × territory, the region first

    def to_polars(self) -> pl.DataFrame:
        return self.rows

    def to_text(self) -> str:
        lines = [f"Свод по территориям: {self.profile_id}, {self.period}"]
        for (indicator,), part in self.rows.group_by("indicator", maintain_order=True):
            lines.append(f"\n{part['name'][0] or indicator}")
            for r in part.iter_rows(named=True):
                value = "—" if r["value"] is None else f"{r['value']:.1f}".replace(".", ",")
                rank = f"{r['rank']:>3}." if r["rank"] is not None else "    "
                lines.append(f"  {rank} {r['territory']:<24} {value:>8}")
        return "\n".join(lines)


def _region_value(kind: str, unit: str | None, part: pl.DataFrame) -> tuple[float | None, float | None, float | None]:
    # numeric columns: their sums are numbers (polars types a sum as any literal)
    num = cast("float | None", part["numerator"].sum())
    den = cast("float | None", part["denominator"].sum())
    if part["numerator"].null_count() or part["denominator"].null_count():
        num = den = None
    if kind == "count":
        return cast("float", part["value"].sum()) if part["value"].null_count() == 0 else None, num, den
    if num is not None and den:
        return (num / den * 100 if unit == "%" else num / den), num, den
    return None, num, den


def rollup(store: HistoryStore, profile_id: str, period: str) -> Rollup:
    """Every territory's approved value for ``period``, the region's total, and the ranks."""
    found = store.list(profile=profile_id, period=period)
    latest: dict[str, str] = {}
    for territory in sorted({m.territory for m in found if m.territory}):
        chosen = latest_approved([m for m in found if m.territory == territory]).get(period)
        if chosen is not None:
            latest[territory] = chosen.id
    if not latest:
        raise HistoryError("no_approved", f"нет утверждённых мониторингов профиля {profile_id} за {period} "
                           "по территориям", hint="загрузите пакеты муниципалитетов и утвердите их")
    frames = [store.values(mid, totals_only=True, columns=_READ).filter(pl.col("period") == period)
              .with_columns(pl.lit(territory).alias("territory")) for territory, mid in latest.items()]
    values = pl.concat(frames)
    rows = []
    for (indicator,), part in values.group_by("indicator", maintain_order=True):
        first = part.row(0, named=True)
        value, num, den = _region_value(first["kind"], first["unit"], part)
        rows.append({"indicator": indicator, "name": first["name"], "territory": REGION, "value": value,
                     "numerator": num, "denominator": den, "unit": first["unit"], "status": None, "rank": None,
                     "territories": part.height})
        descending = (first["comparator"] or "min") != "max"
        ranked = part.with_columns(pl.col("value").rank("min", descending=descending).cast(pl.Int64).alias("rank"))
        for r in ranked.sort("rank", nulls_last=True).iter_rows(named=True):
            rows.append({"indicator": indicator, "name": r["name"], "territory": r["territory"], "value": r["value"],
                         "numerator": r["numerator"], "denominator": r["denominator"], "unit": r["unit"],
                         "status": r["status"], "rank": r["rank"], "territories": None})
    schema = {"indicator": pl.String, "name": pl.String, "territory": pl.String, "value": pl.Float64,
              "numerator": pl.Float64, "denominator": pl.Float64, "unit": pl.String, "status": pl.String,
              "rank": pl.Int64, "territories": pl.Int64}
    return Rollup(profile_id, period, pl.DataFrame(rows, schema=schema))
