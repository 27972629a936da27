"""From aggregated numerators and denominators to the results table: values, targets, statuses.

One Polars frame holds every indicator × period × group. The rules of DESIGN §4 are applied
here, columnar:

* an empty denominator gives *no data*, never zero; an indicator whose tables are absent
  gives *no data* with a note naming them, and is not computed at all;
* every municipality gets a row in a breakdown by municipality; a «не указано» row
  appears only for an indicator that really has records without a key;
* a period not over on the dataset's date is *in progress* (the value so far), never
  "not met";
* indicators computed from others' results (derived formulas, scores, region-level shares
  and ratings, :mod:`methodnet.engine.resultkinds`) follow those they use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from methodnet.engine.groups import UNASSIGNED, labels
from methodnet.model.periods import Period
from methodnet.engine.resultkinds import result_rows
from methodnet.profile.targets import bounds, target_for
from methodnet.expr.compile import PERIOD
from methodnet.profile.model import RESULT_KINDS

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then
    from methodnet.engine.protocol import EngineLike

#: Public columns of the results, in order (those of :class:`~methodnet.engine.result.IndicatorResult`).
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(), "name": pl.String(), "kind": pl.String(), "period": pl.String(),
    "group_by": pl.String(), "group": pl.String(), "group_name": pl.String(), "numerator": pl.Float64(),
    "denominator": pl.Float64(), "value": pl.Float64(), "unit": pl.String(), "target": pl.Float64(),
    "comparator": pl.String(), "status": pl.String(), "gap": pl.Float64(), "source": pl.String(),
    "note": pl.String(), "target_max": pl.Float64(), "target_own": pl.Float64(), "status_own": pl.String(),
    "level": pl.String(),
}
_KEYS = ["indicator", "group_by", "group", PERIOD]
#: Columns of the aggregated numbers every kind produces (one row per period and group).
PARTS = {"indicator": pl.String, "mode": pl.String, "group_by": pl.String, "group": pl.String, PERIOD: pl.Int32,
         "num": pl.Float64, "den": pl.Float64}
#: Columns of raw results before names, targets and statuses are added.
RAW = {"indicator": pl.String, "group_by": pl.String, "group": pl.String, PERIOD: pl.Int32, "num": pl.Float64,
       "den": pl.Float64, "value": pl.Float64, "note": pl.String}
_NONE = "\x00"  # stands for a null key where a join or pivot must match nulls
_EPS = 1e-9


def assemble(engine: "EngineLike", periods: Sequence[Period], by: Sequence[str], parts: list[pl.DataFrame],
             missing: dict[str, list[str]], applicable: set[tuple[str, str]],
             forced: set[tuple[str, str]] = frozenset()) -> pl.DataFrame:  # type: ignore[assignment]
    """The results frame. ``forced`` are breakdowns computed only because another indicator needs
    them (a region-level share needs its indicator by municipality); they are not shown."""
    profile, dataset = engine.profile, engine.dataset
    period_index = pl.LazyFrame({PERIOD: pl.Series(range(len(periods)), dtype=pl.Int32)})
    municipalities = dataset["municipality"].lazy().select(pl.col("id").alias("group"))
    skeleton, extra = [], []
    for ind in profile.indicators:
        if ind.kind in RESULT_KINDS:
            continue
        wanted = list(dict.fromkeys([*by, *ind.by, *(g for i, g in forced if i == ind.id)]))
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
    computed_ids = [i.id for i in profile.indicators if i.kind not in RESULT_KINDS]
    modes = pl.LazyFrame({"indicator": computed_ids,
                          "__known": [engine.modes.get(i) for i in computed_ids]}, schema_overrides={"__known": pl.String}) \
        .join(data.select("indicator", "mode").unique("indicator"), on="indicator", how="left") \
        .select("indicator", pl.coalesce("__known", "mode").alias("mode"))
    computed = _with_nulls_as_keys(pl.concat(skeleton) if skeleton else empty.select(_KEYS)) \
        .join(_with_nulls_as_keys(data.drop("mode")), on=_KEYS, how="full", coalesce=True)
    computed = _nulls_back(computed.join(modes, on="indicator", how="left"))
    computed = computed.with_columns(_filled_num(), _filled_den()).with_columns(_value(engine), _note())
    raw = [computed.select(list(RAW))]
    if extra:
        raw.append(pl.concat(extra).with_columns(pl.lit(None, pl.Float64).alias(c) for c in ("num", "den", "value"))
                   .select(list(RAW)))
    decorate = _Decorator(engine, periods, by)
    results = decorate(pl.concat(raw)).collect(engine="in-memory")  # a small frame: no streaming set-up
    indicators = {i.id: i for i in profile.indicators}
    for ind_id in engine.result_order:  # each after those it uses
        derived = result_rows(engine, indicators[ind_id], by, results)
        results = pl.concat([results, decorate(derived.lazy()).collect(engine="in-memory")], how="vertical_relaxed")
    hidden = {i.id for i in profile.indicators if i.hidden}
    keep = ~pl.col("indicator").is_in(list(hidden))
    for ind_id, grouping in forced:
        keep &= ~((pl.col("indicator") == ind_id) & pl.col("group_by").eq_missing(grouping))
    results = results.filter(keep).sort([PERIOD, "__order", "__grouping", pl.col("group").is_null(), "group"])
    return results.select([pl.col(c).cast(t) for c, t in RESULT_SCHEMA.items()])


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
    # Present in the skeleton but absent from the data: nobody in the population (0 of 0) or none counted;
    # a statistic nobody reported stays without a value.
    return pl.when(pl.col("mode") == "statistic").then(pl.col("num")).otherwise(pl.col("num").fill_null(0.0))


def _filled_den() -> pl.Expr:
    mode = pl.col("mode")
    return pl.when(mode.is_in(["share", "mean", "ratio", "statistic", "sum"])).then(pl.col("den").fill_null(0.0)) \
        .otherwise(pl.col("den"))


def _value(engine: "EngineLike") -> pl.Expr:
    units = {i.id: i.unit for i in engine.profile.indicators}
    percent = pl.col("indicator").replace_strict({k: v in ("%", "да/нет") for k, v in units.items()},
                                                 default=False, return_dtype=pl.Boolean)
    num, den, mode = pl.col("num"), pl.col("den"), pl.col("mode")
    ratio = pl.when(den > 0).then(num / den)
    return (pl.when(mode.is_in(["count", "distinct"])).then(num)
            .when(mode.is_in(["statistic", "sum"])).then(pl.when(den > 0).then(num))
            .when((mode == "share") & percent).then(pl.when(den > 0).then(100.0 * num / den))
            .otherwise(ratio).alias("value"))


def _note() -> pl.Expr:
    empty = pl.col("den") == 0
    return (pl.when((pl.col("mode") == "statistic") & empty).then(pl.lit("значение не представлено"))
            .when(pl.col("mode").is_in(["share", "mean", "ratio", "sum"]) & empty).then(pl.lit("совокупность пуста"))
            .otherwise(pl.lit(None, pl.String)).alias("note"))


class _Decorator:
    """Adds names, targets, statuses, levels and group names to raw result rows."""

    def __init__(self, engine: "EngineLike", periods: Sequence[Period], by: Sequence[str]) -> None:
        profile, dataset = engine.profile, engine.dataset
        indicators = profile.indicators
        self.meta = pl.LazyFrame({
            "indicator": [i.id for i in indicators], "name": [i.name for i in indicators],
            "kind": [i.kind for i in indicators], "unit": [i.unit for i in indicators],
            "comparator": [i.comparator for i in indicators],
            "source": [str(i.source) if i.source else None for i in indicators],
            "__order": list(range(len(indicators))),
            "__available": [i.kind in RESULT_KINDS or engine.kind(i) is not None for i in indicators],
        }, schema_overrides={"source": pl.String})
        rows = []
        for ind in indicators:
            for n, period in enumerate(periods):
                target = target_for(ind.targets, period)
                low, high = bounds(target, ind.comparator)
                own_low, own_high = bounds(target_for(ind.own_targets, period), ind.comparator)
                ranged = target is not None and not isinstance(target, (int, float))
                rows.append({"indicator": ind.id, PERIOD: n, "target": low if low is not None else high,
                             "target_max": high if ranged else None, "__low": low, "__high": high,
                             "target_own": own_low if own_low is not None else own_high,
                             "__own_low": own_low, "__own_high": own_high})
        self.targets = pl.LazyFrame(rows, schema={"indicator": pl.String, PERIOD: pl.Int32, "target": pl.Float64,
                                                  "target_max": pl.Float64, "__low": pl.Float64,
                                                  "__high": pl.Float64, "target_own": pl.Float64,
                                                  "__own_low": pl.Float64, "__own_high": pl.Float64})
        self.periods = pl.LazyFrame({
            PERIOD: pl.Series(range(len(periods)), dtype=pl.Int32), "period": [p.label for p in periods],
            "__ongoing": [p.end > dataset.as_of for p in periods],
        })
        self.groupings = list(dict.fromkeys([*by, *(g for i in indicators for g in i.by), "municipality"]))
        self.names = pl.concat([labels(dataset, g).lazy() for g in self.groupings])
        self.levels = {i.id: i.levels for i in indicators if i.levels}

    def __call__(self, raw: pl.LazyFrame) -> pl.LazyFrame:
        frame = (raw.join(self.meta, on="indicator", how="left")
                 .join(self.targets, on=["indicator", PERIOD], how="left")
                 .join(self.periods, on=PERIOD, how="left")
                 .join(self.names, on=["group_by", "group"], how="left"))
        value, low, high = pl.col("value"), pl.col("__low"), pl.col("__high")
        order = {g: n for n, g in enumerate(self.groupings, start=1)}
        frame = frame.with_columns(
            _status(value, low, high).alias("status"),
            _status(value, pl.col("__own_low"), pl.col("__own_high")).alias("status_own"),
            _gap(value, low, high).alias("gap"),
            pl.when(pl.col("group_by").is_not_null() & pl.col("group").is_null()).then(pl.lit(UNASSIGNED))
            .otherwise(pl.coalesce("group_name", "group")).alias("group_name"),
            pl.col("group_by").replace_strict(order, default=0, return_dtype=pl.Int32).fill_null(0)
            .alias("__grouping"),
            pl.col("num").alias("numerator"), pl.col("den").alias("denominator"),
            _level(self.levels).alias("level"),
        )
        return frame.with_columns(pl.when(pl.col("target_own").is_null()).then(None)
                                  .otherwise(pl.col("status_own")).alias("status_own"))


def _status(value: pl.Expr, low: pl.Expr, high: pl.Expr) -> pl.Expr:
    measured = value.is_not_null() & value.is_not_nan()
    met = (low.is_null() | (value >= low - _EPS)) & (high.is_null() | (value <= high + _EPS))
    return (pl.when(~pl.col("__available")).then(pl.lit("unavailable"))
            .when(~measured).then(pl.lit("no_data"))
            .when(low.is_null() & high.is_null()).then(pl.lit("no_target"))
            .when(pl.col("__ongoing")).then(pl.lit("in_progress"))
            .when(met).then(pl.lit("met")).otherwise(pl.lit("not_met")))


def _gap(value: pl.Expr, low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """value − target for one number; for a range, how far outside it (0 inside)."""
    ranged = low.is_not_null() & high.is_not_null() & ((high - low).abs() > _EPS)
    single = pl.coalesce(low, high)
    outside = pl.when(value < low).then(value - low).when(value > high).then(value - high).otherwise(0.0)
    return pl.when(value.is_null() | single.is_null()).then(None).when(ranged).then(outside) \
        .otherwise(value - single)


def _level(levels: dict) -> pl.Expr:
    """The level named by the first band the value reaches (bands listed from the highest)."""
    expr: pl.Expr = pl.lit(None, pl.String)
    for ind_id, bands in levels.items():
        chain: Then | ChainedThen | None = None
        for band in bands:
            hit = pl.col("value") >= band.min - _EPS
            chain = pl.when(hit).then(pl.lit(band.label)) if chain is None else chain.when(hit).then(pl.lit(band.label))
        expr = pl.when(pl.col("indicator") == ind_id).then(chain.otherwise(None)).otherwise(expr)  # type: ignore[union-attr]
    return expr
