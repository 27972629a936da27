"""Evaluate a profile on a dataset: every indicator, period and breakdown.

Each indicator kind becomes a frame of population rows carrying either a ``__hit`` flag
(share, presence, survey share) or a ``__value`` (survey mean, statistic); one
aggregation then gives numerator and denominator for the whole dataset and for every
breakdown. All queries of a period run together (``collect_all``). Derived indicators
are computed afterwards from the others' values; kinds that a plugin provides are
reported as unavailable, naming the plugin, until it is installed.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.engine.periods import Period, parse_period
from methodnet.engine.result import Evaluation, IndicatorResult, status_of
from methodnet.expr.compile import Frames, Window
from methodnet.expr.parser import Expression, parse_expression
from methodnet.expr.scope import Scope
from methodnet.model.vocab import Level, OrganizationKind
from methodnet.engine.kinds import KindContext
from methodnet.plugins.registry import IndicatorKind, PluginRegistry, Population
from methodnet.profile.model import Profile, indicator_expressions

if TYPE_CHECKING:
    from methodnet.dataset import Dataset

GROUPINGS = ("municipality", "organization", "organization_kind", "level")

#: Where to find a grouping's key from a table, tried in order.
_GROUP_PATHS = {
    "municipality": ("municipality_id", "organization.municipality_id", "event.municipality_id",
                     "staff.organization.municipality_id", "diagnostic.staff.organization.municipality_id"),
    "organization": ("organization_id", "staff.organization_id", "diagnostic.staff.organization_id"),
    "organization_kind": ("organization.kind", "staff.organization.kind"),
    "level": ("level", "event.level"),
}
_OWN_KEY = {("municipality", "municipality"): "id", ("organization", "organization"): "id",
            ("organization", "organization_kind"): "kind"}


def group_path(table: str, grouping: str, registry: Any) -> str | None:
    """Column (or reference path) of ``table`` that carries ``grouping``'s key, if any."""
    if (table, grouping) in _OWN_KEY:
        return _OWN_KEY[(table, grouping)]
    for path in _GROUP_PATHS[grouping]:
        scope = Scope(table, registry)
        parts = path.split(".")
        ok = True
        for part in parts[:-1]:
            target = scope.reference(part)
            if target is None:
                ok = False
                break
            scope = Scope(target, registry)
        if ok and scope.column(parts[-1]) is not None:
            return path
    return None


class Engine:
    """A profile bound to a dataset. Expressions are parsed and checked once, here."""

    def __init__(self, profile: Profile, dataset: "Dataset", plugins: PluginRegistry | None = None) -> None:
        from methodnet.plugins.manager import default_plugins

        self.profile = profile
        self.dataset = dataset
        self.plugins = plugins or default_plugins()
        self._closures: pl.DataFrame | None = None  # deficit closures, computed on first use
        self._shared: dict = {}  # aggregates shared by the indicators of one period (see Frames)
        registry = dataset.registry
        # Parsed and type-checked once per engine; compiled to polars per period.
        self.expressions: dict[tuple[str, tuple[str, ...]], Expression] = {}
        for ind in profile.indicators:
            for path, text, table in indicator_expressions(ind):
                expect = None if path == ("distinct",) else "bool"
                self.expressions[(ind.id, path)] = parse_expression(text, table, registry, expect=expect)

    # ------------------------------------------------------------------ windows

    def window(self, indicator: Any, period: Period) -> Window:
        """Records an indicator looks at: the period; from the program's start (cumulative);
        or the last N years up to the period's end (``lookback_years``)."""
        if indicator.lookback_years:
            end = period.end
            try:
                start = end.replace(year=end.year - indicator.lookback_years) + dt.timedelta(days=1)
            except ValueError:  # 29 February
                start = dt.date(end.year - indicator.lookback_years, 3, 1)
            return Window(min(start, period.start), end)
        if indicator.cumulative:
            start = dt.date(self.profile.period.start, 1, 1) if self.profile.period else dt.date(1900, 1, 1)
            return Window(min(start, period.start), period.end)
        return Window(period.start, period.end)

    def frames(self, window: Window) -> Frames:
        params = self.profile.parameters
        return Frames(self.dataset, window, params.young_max_age, params.young_max_years, shared=self._shared)

    # ------------------------------------------------------------------ queries per kind

    def _expr(self, ind: Any, *path: str) -> Expression | None:
        return self.expressions.get((ind.id, path))

    def context(self, ind: Any, period: Period, by: Sequence[str]) -> KindContext:
        return KindContext(self, self.frames(self.window(ind, period)), period, by)

    def kind(self, ind: Any) -> IndicatorKind | None:
        return self.plugins.indicator_kind(ind.kind)

    def query(self, ind: Any, period: Period, by: Sequence[str]) -> Population | None:
        """The population of an indicator, from its kind's compute function (core or plugin)."""
        kind = self.kind(ind)
        if kind is None or kind.compute is None:
            return None
        params = None
        if kind.params is not None:
            params = kind.params.model_validate(getattr(ind, "params", None) or {})
        return kind.compute(self.context(ind, period, by), ind, params)

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
        if mode == "mean":
            return [pl.col("__value").sum().cast(pl.Float64).alias("num"), pl.len().cast(pl.Float64).alias("den")]
        # statistic: a reported value; several rows (municipalities) are averaged
        return [pl.col("__value").mean().alias("num"), pl.len().cast(pl.Float64).alias("den")]

    def _grouped(self, query: Population, by: Sequence[str]) -> list[tuple[str | None, pl.DataFrame]]:
        """Numerator and denominator for the whole population and for each grouping.

        The population is materialised once, keeping only what the aggregation reads (the
        hit flag or value and the group keys), so memory stays at one small frame per
        indicator whatever the size of the joins behind it.
        """
        names = query.frame.collect_schema().names()
        keep = [c for c in ("__hit", "__value") if c in names] or names[:1]  # a real column keeps the row count
        groups = {g: c for g, c in query.groups.items() if g in by}
        exploded = {g: cols for g, cols in query.exploded.items() if g in by}
        columns = [pl.col(c) for c in keep] + [pl.col(c).cast(pl.String).alias(f"__g:{g}") for g, c in groups.items()]
        columns += [pl.col(c) for cols in exploded.values() for c in cols]
        frame = query.frame.select(columns).collect()
        aggs = self._aggregations(query.mode)
        out: list[tuple[str | None, pl.DataFrame]] = [(None, frame.select(aggs).with_columns(
            pl.lit(None, pl.String).alias("key")))]
        for grouping in groups:
            out.append((grouping, frame.group_by(pl.col(f"__g:{grouping}").alias("key")).agg(aggs)))
        for grouping, (keys, hits) in exploded.items():
            rows = frame.select(pl.col(keys).alias("key"), pl.col(hits).alias("__hit")).explode("key", "__hit")
            out.append((grouping, rows.group_by("key").agg(self._aggregations("share"))))
        return out

    @staticmethod
    def _value(mode: str, num: float | None, den: float | None, unit: str) -> float | None:
        if mode in ("count", "distinct"):
            return num
        if mode == "statistic":
            return num if den else None
        if not den:
            return None  # empty denominator: no data, not zero
        if mode == "mean":
            return num / den  # type: ignore[operator]
        return 100.0 * num / den if unit == "%" or unit == "да/нет" else num / den  # type: ignore[operator]

    # ------------------------------------------------------------------ evaluate

    def evaluate(self, periods: Period | str | int | Iterable[Period | str | int],
                 by: str | Sequence[str] | None = None) -> Evaluation:
        """Every indicator of the profile for each period, in total and by each grouping in ``by``."""
        period_list = [periods] if isinstance(periods, (Period, str, int)) else list(periods)
        parsed = [p if isinstance(p, Period) else parse_period(str(p)) for p in period_list]
        by_list = [by] if isinstance(by, str) else list(by or [])
        for grouping in by_list:
            if grouping not in GROUPINGS:
                raise ValueError(f"unknown grouping {grouping!r}; use one of {', '.join(GROUPINGS)}")
        rows: list[IndicatorResult] = []
        for period in parsed:
            rows += self._evaluate_period(period, by_list)
        return Evaluation(rows, self)

    def _evaluate_period(self, period: Period, by: list[str]) -> list[IndicatorResult]:
        self._shared.clear()  # shared aggregates live for one period: memory stays flat
        try:
            return self._evaluate_period_rows(period, by)
        finally:
            self._shared.clear()

    def _evaluate_period_rows(self, period: Period, by: list[str]) -> list[IndicatorResult]:
        values: dict[tuple[str, str | None, str | None], tuple[float | None, float | None, float | None]] = {}
        rows: list[IndicatorResult] = []
        index: list[tuple[Any, str, str | None]] = []
        results: list[pl.DataFrame] = []
        # One indicator at a time: each query is fully parallel inside polars, and only
        # one population is in memory at once.
        for ind in self.profile.indicators:
            if ind.kind == "ratio":
                for grouping, num, den in self._ratio(ind, period, by):
                    results += [num, den]
                    index += [(ind, "ratio_num", grouping), (ind, "ratio_den", grouping)]
                continue
            if ind.kind == "derived" or self.kind(ind) is None:
                continue
            wanted = list(dict.fromkeys([*by, *ind.by]))  # the indicator's own breakdowns too
            query = self.query(ind, period, wanted)
            if query is None:
                continue
            for grouping, frame in self._grouped(query, wanted):
                results.append(frame)
                index.append((ind, query.mode, grouping))
        # Breakdowns an indicator supports (events have no organization, say): others get no rows.
        applicable = {(ind.id, grouping) for ind, _, grouping in index}
        ratio_parts: dict[tuple[str, str | None], dict[str, dict[str | None, float]]] = {}
        for (ind, mode, grouping), frame in zip(index, results):
            if mode.startswith("ratio_"):
                part = ratio_parts.setdefault((ind.id, grouping), {})
                part[mode] = {k: n for k, n in frame.select("key", "num").iter_rows()}
                continue
            for key, num, den in frame.select("key", "num", "den").iter_rows():
                values[(ind.id, grouping, key)] = (num, den, self._value(mode, num, den, ind.unit))
        for (ind_id, grouping), part in ratio_parts.items():
            nums, dens = part.get("ratio_num", {}), part.get("ratio_den", {})
            for key in set(nums) | set(dens):
                num, den = nums.get(key, 0.0), dens.get(key, 0.0)
                values[(ind_id, grouping, key)] = (num, den, num / den if den else None)
        everyone = self._all_groups(list(dict.fromkeys([*by, *(g for i in self.profile.indicators for g in i.by)])),
                                    values)
        seen: dict[tuple[str, str | None], list[str | None]] = {}
        for (ind_id, grouping, key) in values:
            seen.setdefault((ind_id, grouping), []).append(key)
        for ind in self.profile.indicators:
            for grouping in dict.fromkeys([None, *by, *ind.by]):
                if grouping is not None and ind.kind != "derived" and (ind.id, grouping) not in applicable:
                    continue
                keys = [None] if grouping is None else self._keys(ind.id, grouping, seen, everyone)
                for key in keys:
                    if ind.kind == "derived":
                        value = self._derived(ind, grouping, key, values)
                        values[(ind.id, grouping, key)] = (None, None, value)
                        num = den = None
                        note = None
                    elif self.kind(ind) is None:
                        num = den = value = None
                        note = f"нужен плагин {ind.plugin or ind.kind.split('.')[0]}"
                    else:
                        num, den, value = values.get((ind.id, grouping, key), (None, None, None))
                        if ind.kind in ("share", "presence", "survey", "ratio", "deficit_closure") \
                                and num is None and den is None:
                            num, den = 0.0, 0.0  # nobody in the population
                        if ind.kind == "count" and num is None:
                            num, value = 0.0, 0.0
                        note = None
                    rows.append(self._row(ind, period, grouping, key, num, den, value, note))
        return rows

    def _ratio(self, ind: Any, period: Period, by: Sequence[str]) -> list[tuple[str | None, pl.DataFrame, pl.DataFrame]]:
        """Numerator and denominator populations, counted for the total and each grouping."""
        ctx = self.context(ind, period, by)
        parts = []
        for side in ("numerator", "denominator"):
            population = getattr(ind, side)
            lf, groups = ctx.population(population.table, self._expr(ind, side, "where"))
            parts.append(dict(self._grouped(Population(lf, population.table, "count", groups), by)))
        return [(g, parts[0][g], parts[1][g]) for g in parts[0] if g in parts[1]]

    @staticmethod
    def _keys(indicator: str, grouping: str, seen: dict, everyone: dict[str, list[str | None]]) -> list[str | None]:
        """Groups of one indicator: those in its data (and every municipality, with or without data)."""
        keys = set(seen.get((indicator, grouping), ()))
        if grouping == "municipality":
            keys |= set(everyone[grouping])
        return sorted(keys, key=lambda k: (k is None, str(k)))

    def _all_groups(self, by: Sequence[str], values: dict) -> dict[str, list[str | None]]:
        groups: dict[str, list[str | None]] = {}
        for grouping in by:
            keys = {k for (_, g, k) in values if g == grouping}
            if grouping == "municipality":  # every municipality gets a row, even with no data
                keys |= set(self.dataset["municipality"]["id"].to_list())
            groups[grouping] = sorted(keys, key=lambda k: (k is None, str(k)))
        return groups

    def _derived(self, ind: Any, grouping: str | None, key: str | None, values: dict) -> float | None:
        def value_of(name: str) -> float | None:
            return values.get((name, grouping, key), (None, None, None))[2]

        return _arithmetic(ast.parse(ind.formula, mode="eval").body, value_of)

    def _label(self, grouping: str | None, key: str | None) -> str | None:
        if grouping is None:
            return None
        if key is None:
            return "не указано"
        return self._labels(grouping).get(key, key)

    @functools.cache  # noqa: B019 (an engine lives as long as its dataset)
    def _labels(self, grouping: str) -> dict[str, str]:
        """Human names of a grouping's keys, looked up once per engine."""
        if grouping == "municipality":
            return dict(self.dataset["municipality"].select("id", "name").iter_rows())
        if grouping == "organization":
            orgs = self.dataset["organization"]
            return dict(orgs.select("id", pl.coalesce("short_name", "name")).iter_rows())
        vocabulary = OrganizationKind if grouping == "organization_kind" else Level
        return {m.value: m.ru for m in vocabulary}

    def _row(self, ind: Any, period: Period, grouping: str | None, key: str | None, num: float | None,
             den: float | None, value: float | None, note: str | None) -> IndicatorResult:
        target = next((ind.targets[k] for k in period.target_keys if k in ind.targets), None)
        status, gap = status_of(value, target, ind.comparator)
        if self.kind(ind) is None:
            status = "unavailable"
        return IndicatorResult(
            indicator=ind.id, name=ind.name, kind=ind.kind, period=period.label, group_by=grouping, group=key,
            group_name=self._label(grouping, key), numerator=num, denominator=den, value=value, unit=ind.unit,
            target=target, comparator=ind.comparator, status=status, gap=gap,
            source=str(ind.source) if ind.source else None, note=note,
        )

    # ------------------------------------------------------------------ explain

    def explain(self, indicator: str, period: str | Period, *, group: str | None = None,
                group_by: str | None = None, names: bool = False) -> pl.DataFrame:
        """Members of the population (their ids) and whether each counted."""
        ind = self.profile.indicator(indicator)
        period = period if isinstance(period, Period) else parse_period(str(period))
        by = [group_by] if group_by else (["municipality", "organization"] if group else [])
        query = self.query(ind, period, by)
        if query is None:
            raise ValueError(f"explain is not available for {ind.kind} indicators")
        lf = query.frame
        if group is not None:
            column = query.groups.get(group_by) if group_by else next(
                (c for g, c in query.groups.items()), None)
            if column is None:
                raise ValueError(f"cannot break {indicator!r} down by {group_by}")
            lf = lf.filter(pl.col(column).cast(pl.String) == group)
        key = self.dataset.spec(query.table).key[0]
        counted = pl.col("__hit") if query.mode == "share" else pl.lit(True)
        columns = [pl.col(key).alias("id"), counted.alias("counted")]
        if names:
            name = "full_name" if query.table == "staff" else ("name" if query.table in ("organization",
                                                                                           "municipality") else None)
            if name:
                columns.insert(1, pl.col(name))
        return lf.select(columns).collect().sort("id")


def _arithmetic(node: ast.AST, value_of: Any) -> float | None:
    """Evaluate a derived formula: indicator ids, numbers, + - * / and parentheses only."""
    if isinstance(node, ast.Name):
        return value_of(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _arithmetic(node.operand, value_of)
        return None if inner is None else -inner
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        left, right = _arithmetic(node.left, value_of), _arithmetic(node.right, value_of)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div):
            return None if right == 0 else left / right
        return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}[type(node.op)]
    raise ValueError(f"формула: недопустимая конструкция {type(node).__name__}")


def evaluate(profile: Profile | str, dataset: "Dataset", periods: Any, by: str | Sequence[str] | None = None
             ) -> Evaluation:
    """Evaluate ``profile`` (object or id) on ``dataset`` for ``periods``; see :class:`Engine`."""
    if isinstance(profile, str):
        from methodnet.profile.loader import load_profile

        profile = load_profile(profile, registry=dataset.registry)
    return Engine(profile, dataset).evaluate(periods, by)
