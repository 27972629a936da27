"""From aggregated numerators and denominators to the results table: values, targets, statuses.

One Polars frame holds every indicator × period × group. The rules of DESIGN §4 are applied
here, columnar:

* an empty denominator gives *no data*, never zero; an indicator whose tables are absent
  gives *no data* with a note naming them, and is not computed at all;
* every municipality gets a row in a breakdown by municipality; a «не указано» row
  appears only for an indicator that really has records without a key;
* a period not over on the dataset's date is *in progress* (the value so far), never
  "not met";
* derived indicators are computed from the others' values in dependency order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from methodnet.engine.groups import UNASSIGNED, labels
from methodnet.engine.periods import Period
from methodnet.expr.compile import PERIOD
from methodnet.expr.formula import formula_expr

if TYPE_CHECKING:
    from methodnet.engine.evaluate import Engine

#: Public columns of the results, in order (those of :class:`~methodnet.engine.result.IndicatorResult`).
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(), "name": pl.String(), "kind": pl.String(), "period": pl.String(),
    "group_by": pl.String(), "group": pl.String(), "group_name": pl.String(), "numerator": pl.Float64(),
    "denominator": pl.Float64(), "value": pl.Float64(), "unit": pl.String(), "target": pl.Float64(),
    "comparator": pl.String(), "status": pl.String(), "gap": pl.Float64(), "source": pl.String(),
    "note": pl.String(),
}
_KEYS = ["indicator", "group_by", "group", PERIOD]
#: Columns of the aggregated numbers every kind produces (one row per period and group).
PARTS = {"indicator": pl.String, "mode": pl.String, "group_by": pl.String, "group": pl.String, PERIOD: pl.Int32,
         "num": pl.Float64, "den": pl.Float64}
_NONE = "\x00"  # stands for a null key where a join or pivot must match nulls


def assemble(engine: "Engine", periods: Sequence[Period], by: Sequence[str], parts: list[pl.DataFrame],
             missing: dict[str, list[str]], applicable: set[tuple[str, str]]) -> pl.DataFrame:
    profile, dataset = engine.profile, engine.dataset
    period_index = pl.LazyFrame({PERIOD: pl.Series(range(len(periods)), dtype=pl.Int32)})
    municipalities = dataset["municipality"].lazy().select(pl.col("id").alias("group"))
    skeleton, extra = [], []
    for ind in profile.indicators:
        if ind.kind == "derived":
            continue
        wanted = list(dict.fromkeys([*by, *ind.by]))
        note = None
        if engine.kind(ind) is None:
            note = f"нужен плагин {ind.plugin or ind.kind.split('.')[0]}"
        elif ind.id in missing:
            note = "нет данных: " + ", ".join(f"«{dataset.spec(t).ru}»" for t in missing[ind.id])
        rows = [_rows(ind.id, None, None, period_index)]
        if "municipality" in wanted and (note is None and (ind.id, "municipality") in applicable
                                         or ind.id in missing):
            rows.append(_rows(ind.id, "municipality", municipalities, period_index))
        if note is not None:
            extra += [r.with_columns(pl.lit(note).alias("note")) for r in rows]
        else:
            skeleton += rows
    empty = pl.LazyFrame(schema=PARTS)
    data = pl.concat([p.lazy() for p in parts]) if parts else empty
    modes = pl.LazyFrame({"indicator": [i.id for i in profile.indicators if i.kind != "derived"]}) \
        .join(data.select("indicator", "mode").unique("indicator"), on="indicator", how="left")
    computed = _with_nulls_as_keys(pl.concat(skeleton) if skeleton else empty.select(_KEYS)) \
        .join(_with_nulls_as_keys(data.drop("mode")), on=_KEYS, how="full", coalesce=True)
    computed = _nulls_back(computed.join(modes, on="indicator", how="left"))
    computed = computed.with_columns(_filled_num(), _filled_den()).with_columns(_value(engine), _note())
    columns = [*_KEYS, "num", "den", "value", "note"]
    results = [computed.select(columns)]
    if extra:
        results.append(pl.concat(extra).with_columns(pl.lit(None, pl.Float64).alias("num"),
                                                     pl.lit(None, pl.Float64).alias("den"),
                                                     pl.lit(None, pl.Float64).alias("value")).select(columns))
    combined = pl.concat(results)
    if engine.derived_order:
        combined = _derived(engine, by, combined.collect()).lazy()
    return _finish(engine, periods, by, combined).collect()


def _rows(indicator: str, grouping: str | None, keys: pl.LazyFrame | None, periods: pl.LazyFrame) -> pl.LazyFrame:
    base = periods if keys is None else keys.join(periods, how="cross")
    if keys is None:
        base = base.with_columns(pl.lit(None, pl.String).alias("group"))
    return base.with_columns(pl.lit(indicator).alias("indicator"), pl.lit(grouping, pl.String).alias("group_by")) \
        .select(_KEYS)


def _with_nulls_as_keys(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.with_columns(pl.col("group_by", "group").fill_null(_NONE))


def _nulls_back(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.with_columns(pl.when(pl.col(c) == _NONE).then(None).otherwise(pl.col(c)).alias(c)
                              for c in ("group_by", "group"))


def _filled_num() -> pl.Expr:
    # Present in the skeleton but absent from the data: nobody in the population (0 of 0) or none counted.
    return pl.col("num").fill_null(0.0)


def _filled_den() -> pl.Expr:
    mode = pl.col("mode")
    return pl.when(mode.is_in(["share", "mean", "ratio", "statistic"])).then(pl.col("den").fill_null(0.0)) \
        .otherwise(pl.col("den"))


def _value(engine: "Engine") -> pl.Expr:
    units = {i.id: i.unit for i in engine.profile.indicators}
    percent = pl.col("indicator").replace_strict({k: v in ("%", "да/нет") for k, v in units.items()},
                                                 default=False, return_dtype=pl.Boolean)
    num, den, mode = pl.col("num"), pl.col("den"), pl.col("mode")
    ratio = pl.when(den > 0).then(num / den)
    return (pl.when(mode.is_in(["count", "distinct"])).then(num)
            .when(mode == "statistic").then(pl.when(den > 0).then(num))
            .when(mode == "share").then(pl.when(percent).then(100.0 * ratio).otherwise(ratio))
            .otherwise(ratio).alias("value"))


def _note() -> pl.Expr:
    empty = pl.col("den") == 0
    return (pl.when((pl.col("mode") == "statistic") & empty).then(pl.lit("значение не представлено"))
            .when(pl.col("mode").is_in(["share", "mean", "ratio"]) & empty).then(pl.lit("совокупность пуста"))
            .otherwise(pl.lit(None, pl.String)).alias("note"))


def _derived(engine: "Engine", by: Sequence[str], results: pl.DataFrame) -> pl.DataFrame:
    """Derived indicators from the values already computed, each after those it uses."""
    indicators = {i.id: i for i in engine.profile.indicators}
    for ind_id in engine.derived_order:
        ind, formula = indicators[ind_id], engine.formulas[ind_id]
        groupings = [None, *dict.fromkeys([*by, *ind.by])]
        inputs = results.filter(pl.col("indicator").is_in(list(formula.names)))
        inputs = inputs.filter(pl.col("group_by").is_null() | pl.col("group_by").is_in([g for g in groupings if g]))
        if inputs.height:
            wide = _with_nulls_as_keys(inputs).pivot(on="indicator", index=["group_by", "group", PERIOD],
                                                     values="value", aggregate_function="first")
        else:
            wide = pl.DataFrame(schema={"group_by": pl.String, "group": pl.String, PERIOD: pl.Int32})
        wide = wide.with_columns(pl.lit(None, pl.Float64).alias(n) for n in formula.names if n not in wide.columns)
        rows = _nulls_back(wide.with_columns(formula_expr(formula).alias("value"))).select(
            pl.lit(ind_id).alias("indicator"), "group_by", "group", PERIOD,
            pl.lit(None, pl.Float64).alias("num"), pl.lit(None, pl.Float64).alias("den"), "value",
            pl.lit(None, pl.String).alias("note"))
        results = pl.concat([results, rows])
    return results


def _finish(engine: "Engine", periods: Sequence[Period], by: Sequence[str], results: pl.LazyFrame) -> pl.LazyFrame:
    """Names, targets, statuses, group names; the public columns in a stable order."""
    profile, dataset = engine.profile, engine.dataset
    indicators = profile.indicators
    meta = pl.LazyFrame({
        "indicator": [i.id for i in indicators], "name": [i.name for i in indicators],
        "kind": [i.kind for i in indicators], "unit": [i.unit for i in indicators],
        "comparator": [i.comparator for i in indicators],
        "source": [str(i.source) if i.source else None for i in indicators],
        "__order": list(range(len(indicators))),
        "__available": [i.kind == "derived" or engine.kind(i) is not None for i in indicators],
    }, schema_overrides={"source": pl.String})
    targets = pl.LazyFrame([
        {"indicator": i.id, PERIOD: n, "target": next((float(i.targets[k]) for k in p.target_keys
                                                       if k in i.targets), None)}
        for i in indicators for n, p in enumerate(periods)
    ], schema={"indicator": pl.String, PERIOD: pl.Int32, "target": pl.Float64})
    period_frame = pl.LazyFrame({
        PERIOD: pl.Series(range(len(periods)), dtype=pl.Int32), "period": [p.label for p in periods],
        "__ongoing": [p.end > dataset.as_of for p in periods],
    })
    groupings = list(dict.fromkeys([*by, *(g for i in indicators for g in i.by)]))
    names = pl.concat([labels(dataset, g).lazy() for g in groupings]) if groupings else \
        pl.LazyFrame(schema={"group": pl.String, "group_name": pl.String, "group_by": pl.String})
    frame = (results.join(meta, on="indicator", how="left")
             .join(targets, on=["indicator", PERIOD], how="left")
             .join(period_frame, on=PERIOD, how="left")
             .join(names, on=["group_by", "group"], how="left"))
    value, target, comparator = pl.col("value"), pl.col("target"), pl.col("comparator")
    met = (pl.when(comparator == "max").then(value <= target + 1e-9)
           .when(comparator == "exact").then((value - target).abs() <= 1e-9)
           .otherwise(value >= target - 1e-9))
    measured = value.is_not_null() & value.is_not_nan()
    status = (pl.when(~pl.col("__available")).then(pl.lit("unavailable"))
              .when(~measured).then(pl.lit("no_data"))
              .when(target.is_null()).then(pl.lit("no_target"))
              .when(pl.col("__ongoing")).then(pl.lit("in_progress"))
              .when(met).then(pl.lit("met")).otherwise(pl.lit("not_met")))
    order = {g: n for n, g in enumerate(groupings, start=1)}
    frame = frame.with_columns(
        status.alias("status"),
        pl.when(measured & target.is_not_null()).then(value - target).alias("gap"),
        pl.when(pl.col("group_by").is_not_null() & pl.col("group").is_null()).then(pl.lit(UNASSIGNED))
        .otherwise(pl.coalesce("group_name", "group")).alias("group_name"),
        pl.col("group_by").replace_strict(order, default=0, return_dtype=pl.Int32).fill_null(0).alias("__grouping"),
        pl.col("num").alias("numerator"),
        pl.col("den").alias("denominator"),
    )
    frame = frame.sort([PERIOD, "__order", "__grouping", pl.col("group").is_null(), "group"])
    return frame.select([pl.col(c).cast(t) for c, t in RESULT_SCHEMA.items()])
