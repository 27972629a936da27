"""Evaluate a profile on a dataset: every indicator, for all periods and breakdowns at once.

Each indicator kind becomes one lazy query over population rows × periods, carrying a
``__hit`` flag (share, presence, survey share) or a ``__value`` (survey mean, statistic);
one group-by then gives numerator and denominator per period, for the whole dataset and
for every breakdown. Sub-aggregates (``exists()``/``count()`` per key and period, deficit
closures) are computed once per evaluation and shared. Results are assembled as one
Polars frame (:mod:`methodnet.engine.assemble`); derived indicators are computed from it.
A kind that a plugin provides is computed one period at a time, so plugin code written for
one window keeps working; a kind nobody provides is reported as unavailable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.engine.assemble import PARTS, assemble
from methodnet.engine.groups import GROUPINGS, group_path
from methodnet.engine.kinds import KindContext
from methodnet.engine.masked import (
    MAX_WINDOWS,
    MaskedPlans,
    maskable,
    masked_expressions,
    ratio_parts,
    tables_of,
    tables_read,
)
from methodnet.model.periods import Period, parse_period
from methodnet.engine.result import Evaluation
from methodnet.errors import MethodnetError
from methodnet.expr.compile import PERIOD, Frames, Window
from methodnet.expr.formula import dependency_order, parse_formula
from methodnet.expr.parser import Expression, parse_expression
from methodnet.model.asof import undated_statuses
from methodnet.plugins.registry import IndicatorKind, PluginRegistry, Population
from methodnet.profile.model import (RESULT_KINDS, CountIndicator, DerivedIndicator, MunicipalitiesShareIndicator,
                                     NormalizedIndicator, OfIndicator, Profile, ShareIndicator, indicator_expressions)

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Indicator

__all__ = ["GROUPINGS", "Engine", "evaluate", "group_path"]

_CORE_KINDS = {"share", "count", "ratio", "presence", "survey", "statistic", "deficit_closure", "expert"}


class Engine:
    """A profile bound to a dataset. Expressions are parsed and checked once, here.

    The indicator kinds come from ``plugins``, by default the registry the dataset was loaded with.
    """

    def __init__(self, profile: Profile, dataset: "Dataset", plugins: PluginRegistry | None = None) -> None:
        self.profile = profile
        self.dataset = dataset
        self.plugins = plugins if plugins is not None else dataset.plugins
        self._closures: pl.DataFrame | None = None  # deficit closures, computed on first use
        self._shared: dict = {}  # aggregates shared by the indicators of one evaluation (see Frames)
        #: how each computed indicator aggregates (share, count…), known before any row is counted,
        #: so an indicator with no rows in any period still reads as 0 (a count) or an empty population
        self.modes: dict[str, str] = {}
        # the members the profile adds to vocabularies are values its expressions may compare with
        self.registry = registry = dataset.registry.extended(profile.extensions)
        # Parsed and type-checked once per engine; compiled to polars per evaluation.
        self.expressions: dict[tuple[str, tuple[str, ...]], Expression] = {}
        for ind in profile.indicators:
            for path, text, table in indicator_expressions(ind):
                expect = None if path == ("distinct",) else "bool"
                self.expressions[(ind.id, path)] = parse_expression(text, table, registry, expect=expect)
        # The profile loader has checked the formulas; a profile built in code is checked here.
        self.formulas = {ind.id: parse_formula(ind.formula) for ind in profile.indicators
                         if isinstance(ind, DerivedIndicator)}
        uses = {ind.id: self.formulas[ind.id] if isinstance(ind, DerivedIndicator) else (ind.of,)
                for ind in profile.indicators if isinstance(ind, DerivedIndicator | OfIndicator)}
        #: indicators computed from others' results, each after those it uses
        self.result_order = dependency_order(uses)
        #: breakdowns computed only because a region-level indicator needs them
        self.needs_municipalities = {ind.of for ind in profile.indicators
                                     if isinstance(ind, MunicipalitiesShareIndicator | NormalizedIndicator)}

    # ------------------------------------------------------------------ windows

    def window(self, indicator: Indicator, period: Period) -> Window:
        """Records an indicator looks at: the period; from the program's start (cumulative);
        or the last N years up to the period's end (``lookback_years``)."""
        if indicator.lookback_years:
            end = period.end
            try:
                start = end.replace(year=end.year - indicator.lookback_years) + dt.timedelta(days=1)
            except ValueError:  # 29 February
                start = dt.date(end.year - indicator.lookback_years, 3, 1)
            return Window(min(start, period.start), end, period.start, period.end)
        if indicator.cumulative:
            start = dt.date(self.profile.period.start, 1, 1) if self.profile.period else dt.date(1900, 1, 1)
            return Window(min(start, period.start), period.end, period.start, period.end)
        return Window(period.start, period.end, period.start, period.end)

    def frames(self, windows: Window | Sequence[Window], records: str = "active") -> Frames:
        params = self.profile.parameters
        return Frames(self.dataset, windows, params.young_max_age, params.young_max_years, shared=self._shared,
                      records=records, eager=not self._batch())

    def _batch(self) -> bool:
        """Small data: all indicators in one collect (see :attr:`BATCH_ROWS`)."""
        return sum(self.dataset.counts().values()) < self.BATCH_ROWS

    # ------------------------------------------------------------------ queries per kind

    def context(self, ind: Indicator, periods: Sequence[Period], by: Sequence[str]) -> KindContext:
        return KindContext(self, self.frames([self.window(ind, p) for p in periods], ind.records), periods, by)

    def kind(self, ind: Indicator) -> IndicatorKind | None:
        return self.plugins.indicator_kind(ind.kind)

    def query(self, ind: Indicator, periods: Sequence[Period], by: Sequence[str]
              ) -> tuple[Population, KindContext] | None:
        """The population of an indicator for ``periods``, from its kind's compute function."""
        kind = self.kind(ind)
        if kind is None or kind.compute is None:
            return None
        params = None
        if kind.params is not None:
            params = kind.params.model_validate(getattr(ind, "params", None) or {})
        ctx = self.context(ind, periods, by)
        return kind.compute(ctx, ind, params), ctx

    # ------------------------------------------------------------------ aggregation

    @staticmethod
    def _aggregations(mode: str) -> list[pl.Expr]:
        if mode == "share":
            return [pl.col("__hit").sum().cast(pl.Float64).alias("num"), pl.len().cast(pl.Float64).alias("den")]
        if mode == "count":
            return [pl.len().cast(pl.Float64).alias("num"), pl.lit(None, pl.Float64).alias("den")]
        if mode == "distinct":
            return [pl.col("__value").drop_nulls().n_unique().cast(pl.Float64).alias("num"),
                    pl.lit(None, pl.Float64).alias("den")]
        if mode in ("mean", "sum"):
            return [pl.col("__value").sum().cast(pl.Float64).alias("num"), pl.len().cast(pl.Float64).alias("den")]
        # statistic: a reported value; several rows (municipalities) are averaged
        return [pl.col("__value").mean().cast(pl.Float64).alias("num"), pl.len().cast(pl.Float64).alias("den")]

    def _grouped(self, ind_id: str, query: Population, by: Sequence[str], mode: str | None = None
                 ) -> list[pl.LazyFrame]:
        """Numerator and denominator per period, for the whole population and each grouping.

        The population is computed once (polars shares the common plan of the group-bys)
        and only what the aggregation reads is kept — the period, the hit flag or value and
        the group keys — so memory stays at one small frame per indicator.
        """
        mode = mode or query.mode
        self.modes[ind_id] = mode
        names = query.frame.collect_schema().names()
        keep = [c for c in ("__hit", "__value") if c in names]
        groups = {g: c for g, c in query.groups.items() if g in by}
        exploded = {g: cols for g, cols in query.exploded.items() if g in by}
        columns = [pl.col(PERIOD), *[pl.col(c) for c in keep]]
        columns += [pl.col(c).cast(pl.String).alias(f"__g:{g}") for g, c in groups.items()]
        columns += [pl.col(c) for cols in exploded.values() for c in cols]
        frame = query.frame.select(columns)
        aggs = self._aggregations(mode)

        def finish(lf: pl.LazyFrame, grouping: str | None) -> pl.LazyFrame:
            if grouping is None:
                lf = lf.with_columns(pl.lit(None, pl.String).alias("group"))
            return lf.with_columns(pl.lit(ind_id).alias("indicator"), pl.lit(mode).alias("mode"),
                                   pl.lit(grouping, pl.String).alias("group_by")).select(
                [pl.col(c).cast(t) for c, t in PARTS.items()])

        plans = [finish(frame.group_by(PERIOD).agg(aggs), None)]
        for grouping in groups:
            plans.append(finish(frame.group_by(PERIOD, pl.col(f"__g:{grouping}").alias("group")).agg(aggs),
                                grouping))
        for grouping, (keys, hits) in exploded.items():
            rows = frame.select(PERIOD, pl.col(keys).alias("group"), pl.col(hits).alias("__hit")) \
                .explode("group", "__hit")
            plans.append(finish(rows.group_by(PERIOD, "group").agg(self._aggregations("share")), grouping))
        return plans

    # ------------------------------------------------------------------ evaluate

    def evaluate(self, periods: Period | str | int | Iterable[Period | str | int],
                 by: str | Sequence[str] | None = None) -> Evaluation:
        """Every indicator of the profile for each period, in total and by each grouping in ``by``."""
        period_list = [periods] if isinstance(periods, (Period, str, int)) else list(periods)
        parsed = [p if isinstance(p, Period) else parse_period(str(p)) for p in period_list]
        by_list = [by] if isinstance(by, str) else list(by or [])
        for grouping in by_list:
            if grouping not in GROUPINGS:
                raise MethodnetError(f"неизвестная разбивка «{grouping}»: допустимы {', '.join(GROUPINGS)}",
                                     code="unknown_grouping")
        forced = {(i, "municipality") for i in self.needs_municipalities
                  if "municipality" not in by_list and "municipality" not in self.profile.indicator(i).by}
        parts: list[pl.DataFrame] = []
        missing: dict[str, list[str]] = {}
        applicable: set[tuple[str, str]] = set()
        # exists() masks hold one bit per period: more periods (36 months) are computed in chunks
        for offset in range(0, len(parsed), MAX_WINDOWS):
            self._shared.clear()  # shared aggregates live for one evaluation: memory stays flat
            try:
                chunk, absent, found = self._parts(parsed[offset:offset + MAX_WINDOWS], by_list, forced)
            finally:
                self._shared.clear()
            parts += [f.with_columns(pl.col(PERIOD) + offset) for f in chunk] if offset else chunk
            missing.update(absent)
            applicable |= found
        frame = assemble(self, parsed, by_list, parts, missing, applicable, forced)
        return Evaluation(frame, self, parsed)

    #: Shares and counts with only ``exists()`` run as one pass per table (:mod:`methodnet.engine.masked`);
    #: False runs them through the general plan (row × period), which the tests compare with.
    masks = True

    #: Below this many rows in all tables, every indicator's plan runs in one collect (fixed costs
    #: dominate); above it, one indicator at a time, so only one population is in memory at once.
    BATCH_ROWS = 2_000_000

    @staticmethod
    def _collect(plans: list[pl.LazyFrame], small: bool) -> list[pl.DataFrame]:
        """Small data: each plan on polars' in-memory engine, whose fixed cost is a fraction of the
        default's (Серышево: 13 ms for all plans against 63 ms in one ``collect_all``); large
        data: together, so polars spreads them over the cores and shares common parts."""
        if small:
            return [plan.collect(engine="in-memory") for plan in plans]
        return pl.collect_all(plans) if plans else []

    def _parts(self, periods: list[Period], by: list[str], forced: set[tuple[str, str]]
               ) -> tuple[list[pl.DataFrame], dict[str, list[str]], set[tuple[str, str]]]:
        """Aggregated numbers of every computed indicator; which lack data; which breakdowns apply."""
        batch = self._batch()
        parts: list[pl.DataFrame] = []
        pending: list[pl.LazyFrame] = []
        missing: dict[str, list[str]] = {}
        masked = MaskedPlans(self)
        for ind in self.profile.indicators:
            if ind.kind in RESULT_KINDS or self.kind(ind) is None:
                continue
            # the indicator's own breakdowns too, and those a region-level indicator needs
            wanted = list(dict.fromkeys([*by, *ind.by, *(g for i, g in forced if i == ind.id)]))
            windows = [self.window(ind, p) for p in periods]
            if self.masks and maskable(self, ind):  # one pass per table for all of these
                read = {t for table in tables_of(ind) for t in tables_read(table, masked_expressions(self, ind))}
                absent = sorted(t for t in read if not self.dataset.provided(t))
                if absent:
                    missing[ind.id] = absent
                else:
                    masked.add(ind, windows, wanted)
                continue
            if ind.kind == "ratio":
                produced, read = self._ratio(ind, periods, wanted)
            elif ind.kind in _CORE_KINDS:
                produced, read = self._computed(ind, periods, wanted)
            else:  # a plugin's kind: one period at a time (its code may assume one window)
                produced, read = [], set()
                for index, period in enumerate(periods):
                    plans, tables = self._computed(ind, [period], wanted)
                    produced += [f.with_columns(pl.lit(index, pl.Int32).alias(PERIOD)) for f in plans]
                    read |= tables
            absent = sorted(t for t in read if not self.dataset.provided(t))
            if absent:
                missing[ind.id] = absent
                continue
            pending += produced
            if not batch:
                parts += pl.collect_all(pending)
                pending = []
        pending += masked.plans()
        parts = ratio_parts(parts + self._collect(pending, batch))
        applicable = {(i, g) for f in parts if f.height
                      for i, g in f.select("indicator", "group_by").unique().iter_rows() if g}
        return parts, missing, applicable

    def _computed(self, ind: Any, periods: Sequence[Period], by: Sequence[str]
                  ) -> tuple[list[pl.LazyFrame], set[str]]:
        result = self.query(ind, periods, by)
        if result is None:
            return [], set()
        query, ctx = result
        read = set(ctx.frames.read) | {query.table}
        if any(not self.dataset.provided(t) for t in read):
            return [], read  # no data: do not compute at all
        return self._grouped(ind.id, query, by), read

    def _ratio(self, ind: Any, periods: Sequence[Period], by: Sequence[str]) -> tuple[list[pl.LazyFrame], set[str]]:
        """Numerator and denominator populations, counted for the total and each grouping."""
        ctx = self.context(ind, periods, by)
        sides = []
        for side in ("numerator", "denominator"):
            population = getattr(ind, side)
            lf, groups = ctx.population(population.table, self.expressions.get((ind.id, (side, "where"))))
            sides.append(self._grouped(ind.id, Population(lf, population.table, "count", groups), by))
        read = set(ctx.frames.read)
        out = []
        keys = ["indicator", "group_by", "group", PERIOD]
        for num, den in zip(*sides):
            joined = num.join(den.select(*keys, pl.col("num").alias("den_count")), on=keys, how="full",
                              coalesce=True, nulls_equal=True)
            self.modes[ind.id] = "ratio"
            out.append(joined.with_columns(pl.lit("ratio").alias("mode"), pl.col("num").fill_null(0.0),
                                           pl.col("den_count").fill_null(0.0).alias("den"))
                       .select(list(PARTS)))
        return out, read

    # ------------------------------------------------------------------ explain

    def explain(self, indicator: str, period: str | Period, *, group: str | None = None,
                group_by: str | None = None, names: bool = False) -> pl.DataFrame:
        """Members of the population (their ids), whether each counted, and the period used."""
        ind = self.profile.indicator(indicator)
        period = period if isinstance(period, Period) else parse_period(str(period))
        by = [group_by] if group_by else (["municipality", "organization"] if group else [])
        result = self.query(ind, [period], by)
        if result is None:
            raise MethodnetError(f"для показателей вида {ind.kind} разбор по составу недоступен",
                                 code="explain_unavailable")
        query, ctx = result
        lf = query.frame
        if group is not None:
            column = query.groups.get(group_by) if group_by else next(
                (c for g, c in query.groups.items()), None)
            if column is None:
                raise MethodnetError(f"показатель «{indicator}» не разбивается по «{group_by}»",
                                     code="unknown_grouping")
            lf = lf.filter(pl.col(column).cast(pl.String) == group)
        key = self.dataset.spec(query.table).key[0]
        counted = pl.col("__hit") if query.mode == "share" else pl.lit(True)
        columns = [pl.col(key).alias("id"), counted.alias("counted")]
        if names:
            name = "full_name" if query.table == "staff" else ("name" if query.table in ("organization",
                                                                                           "municipality") else None)
            if name:
                columns.insert(1, pl.col(name))
        return lf.select(columns).collect().sort("id").with_columns(
            pl.lit(period.label).alias("period"), pl.lit(self._undated_note(ctx.frames.read), pl.String).alias("note"))

    def _undated_note(self, tables: set[str]) -> str | None:
        """Says when statuses without a date of their own were read as of the dataset's date."""
        undated = undated_statuses()
        counts = {t: self.dataset[t].select(undated[t].sum()).item() for t in sorted(tables) if t in undated}
        found = {t: n for t, n in counts.items() if n}
        if not found:
            return None
        where = ", ".join(f"«{self.dataset.spec(t).ru}»: {n}" for t, n in found.items())
        return f"статусы без даты считаны на дату данных {self.dataset.as_of:%d.%m.%Y} ({where})"


def evaluate(profile: Profile | str, dataset: "Dataset", periods: str | Period | Iterable[str | Period], by: str | Sequence[str] | None = None
             ) -> Evaluation:
    """Evaluate ``profile`` (object or id) on ``dataset`` for ``periods``; see :class:`Engine`."""
    if isinstance(profile, str):
        from methodnet.profile.loader import load_profile

        profile = load_profile(profile, plugins=dataset.plugins, registry=dataset.registry)
    return Engine(profile, dataset).evaluate(periods, by)
