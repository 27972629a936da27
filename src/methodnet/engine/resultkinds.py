"""Indicators computed from other indicators' results, not from data rows.

* ``derived`` — arithmetic over other indicators' values (:mod:`methodnet.expr.formula`);
* ``score`` — points for another indicator's value by bands (a criterion of a rating);
* ``municipalities_share`` — region level: the share of municipalities where another
  indicator reaches its target (or has a value at all);
* ``normalized`` — region level: 100 × value / the best municipality's value.

Each function takes the results computed so far (names, targets and statuses added) and
returns raw rows (:data:`methodnet.engine.assemble.RAW`) for its indicator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from methodnet.expr.compile import PERIOD
from methodnet.expr.formula import formula_expr
from methodnet.profile.model import (DerivedIndicator, Indicator, MunicipalitiesShareIndicator, NormalizedIndicator,
                                     ScoreIndicator)

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then
    from methodnet.engine.protocol import EngineLike

_NONE = "\x00"
_EPS = 1e-9


def result_rows(engine: "EngineLike", ind: Indicator, by: Sequence[str], results: pl.DataFrame) -> pl.DataFrame:
    groupings = [None, *dict.fromkeys([*by, *ind.by])]
    if isinstance(ind, DerivedIndicator):
        rows = _derived(engine, ind, groupings, results)
    elif isinstance(ind, ScoreIndicator):
        rows = _score(ind, groupings, results)
    elif isinstance(ind, MunicipalitiesShareIndicator):
        rows = _municipalities_share(ind, results)
    elif isinstance(ind, NormalizedIndicator):
        rows = _normalized(ind, groupings, results)
    else:
        raise TypeError(f"{ind.id}: kind {ind.kind!r} is not computed from results")
    return rows.select(
        pl.lit(ind.id).alias("indicator"), pl.col("group_by").cast(pl.String), pl.col("group").cast(pl.String),
        pl.col(PERIOD).cast(pl.Int32), pl.col("num").cast(pl.Float64), pl.col("den").cast(pl.Float64),
        pl.col("value").cast(pl.Float64), pl.col("note").cast(pl.String))


def _in(results: pl.DataFrame, names: Sequence[str], groupings: Sequence[str | None]) -> pl.DataFrame:
    wanted = [g for g in groupings if g]
    return results.filter(pl.col("indicator").is_in(list(names))
                          & (pl.col("group_by").is_null() | pl.col("group_by").is_in(wanted)))


def _no_counts(frame: pl.DataFrame, note: str | None = None) -> pl.DataFrame:
    return frame.with_columns(pl.lit(None, pl.Float64).alias("num"), pl.lit(None, pl.Float64).alias("den"),
                              pl.lit(note, pl.String).alias("note"))


def _derived(engine: "EngineLike", ind: DerivedIndicator, groupings: Sequence[str | None], results: pl.DataFrame) -> pl.DataFrame:
    formula = engine.formulas[ind.id]
    inputs = _in(results, formula.names, groupings)
    if inputs.height:
        wide = inputs.with_columns(pl.col("group_by", "group").fill_null(_NONE)).pivot(
            on="indicator", index=["group_by", "group", PERIOD], values="value", aggregate_function="first")
        wide = wide.with_columns(pl.when(pl.col(c) == _NONE).then(None).otherwise(pl.col(c)).alias(c)
                                 for c in ("group_by", "group"))
    else:
        wide = pl.DataFrame(schema={"group_by": pl.String, "group": pl.String, PERIOD: pl.Int32})
    wide = wide.with_columns(pl.lit(None, pl.Float64).alias(n) for n in formula.names if n not in wide.columns)
    return _no_counts(wide.with_columns(formula_expr(formula).alias("value")))


def _score(ind: ScoreIndicator, groupings: Sequence[str | None], results: pl.DataFrame) -> pl.DataFrame:
    chain: Then | ChainedThen | None = None
    value = pl.col("value")
    for band in ind.bands:
        hit = pl.lit(True)
        if band.min is not None:
            hit &= value >= band.min - _EPS
        if band.max is not None:
            hit &= value < band.max - _EPS
        points = pl.lit(float(band.points))
        chain = pl.when(hit).then(points) if chain is None else chain.when(hit).then(points)
    scored = _in(results, [ind.of], groupings).with_columns(chain.otherwise(None).alias("__points"))  # type: ignore[union-attr]
    outside = value.is_not_null() & pl.col("__points").is_null()
    return scored.with_columns(
        pl.col("__points").alias("value"), pl.lit(None, pl.Float64).alias("num"), pl.lit(None, pl.Float64).alias("den"),
        pl.when(outside).then(pl.lit("значение вне полос баллов")).otherwise(None).alias("note"))


def _municipalities_share(ind: MunicipalitiesShareIndicator, results: pl.DataFrame) -> pl.DataFrame:
    rows = results.filter((pl.col("indicator") == ind.of) & (pl.col("group_by") == "municipality"))
    value, low, high = pl.col("value"), pl.col("__low"), pl.col("__high")
    measured = value.is_not_null() & value.is_not_nan()
    if ind.status == "measured":
        counted, hit = measured, measured
    else:
        counted = measured & (low.is_not_null() | high.is_not_null())
        hit = counted & (low.is_null() | (value >= low - _EPS)) & (high.is_null() | (value <= high + _EPS))
    periods = pl.DataFrame({PERIOD: pl.Series(engine_periods(results), dtype=pl.Int32)})
    counts = rows.group_by(PERIOD).agg(hit.sum().cast(pl.Float64).alias("num"),
                                       counted.sum().cast(pl.Float64).alias("den"))
    out = periods.join(counts, on=PERIOD, how="left").with_columns(
        pl.col("num").fill_null(0.0), pl.col("den").fill_null(0.0))
    return out.with_columns(
        pl.lit(None, pl.String).alias("group_by"), pl.lit(None, pl.String).alias("group"),
        pl.when(pl.col("den") > 0).then(100.0 * pl.col("num") / pl.col("den")).alias("value"),
        pl.when(pl.col("den") == 0).then(pl.lit("ни у одного муниципалитета нет значения")).alias("note"))


def engine_periods(results: pl.DataFrame) -> list[int]:
    return sorted(results[PERIOD].unique().to_list())


def _normalized(ind: NormalizedIndicator, groupings: Sequence[str | None], results: pl.DataFrame) -> pl.DataFrame:
    rows = results.filter((pl.col("indicator") == ind.of) & (pl.col("group_by") == "municipality"))
    value = pl.col("value")
    if ind.best == "max":
        best = value.max().over(PERIOD)
        score = pl.when(best > 0).then(100.0 * value / best)
    else:
        best = value.filter(value > 0).min().over(PERIOD)
        score = pl.when(value > 0).then(100.0 * best / value)
    normalized = rows.with_columns(score.alias("value"))
    totals = pl.DataFrame({PERIOD: pl.Series(engine_periods(results), dtype=pl.Int32)}).with_columns(
        pl.lit(None, pl.String).alias("group_by"), pl.lit(None, pl.String).alias("group"),
        pl.lit(None, pl.Float64).alias("value"))
    shown = normalized if "municipality" in groupings else normalized.clear()
    return pl.concat([_no_counts(totals, "значения — по муниципалитетам"),
                      _no_counts(shown.select("group_by", "group", PERIOD, "value"))], how="diagonal_relaxed")
