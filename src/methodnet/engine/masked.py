"""Share and count indicators computed over each table's rows once, for every period at once.

The general plan (:mod:`methodnet.engine.evaluate`) crosses a population with the periods: one
row per entity and period. For the commonest indicators — a share or a count whose conditions
use only ``exists()`` (no ``count()``) — that is not needed: each row's membership in period
*i* is a boolean computed as of that period's end (:meth:`Frames.compile` with ``window=i``),
and ``exists()`` are period masks (:meth:`Frames._attach_mask`). So all indicators of one table
that look at the same windows share one pass over its rows and one group-by per breakdown,
each indicator and period being a pair of filtered sums. This is how a hand-tuned query does
it, and it gives the same numbers as the general plan (``tests/test_engine_masked.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.engine.assemble import PARTS
from methodnet.engine.groups import group_path
from methodnet.expr.compile import PERIOD, Frames, Window, aggregates_of, mask_only
from methodnet.expr.parser import Expression
from methodnet.profile.model import CountIndicator, Indicator, ShareIndicator

if TYPE_CHECKING:
    from methodnet.engine.protocol import EngineLike

#: ``exists()`` masks hold one bit per period in a UInt32.
MAX_WINDOWS = 32


@dataclass
class _Member:
    """One indicator of a pass: its conditions and the breakdowns it wants."""

    id: str
    mode: str  # share | count | distinct
    where: Expression | None
    condition: Expression | None  # share: the hit; distinct: the value counted
    groupings: list[str]


@dataclass
class _Pass:
    """Indicators reading the same table through the same windows."""

    table: str
    windows: tuple[Window, ...]
    records: str
    members: list[_Member] = field(default_factory=list)


#: Joins an indicator's id and a side of its ratio in the ids of the two counts behind it.
SIDE = "\x00"


def maskable(engine: "EngineLike", ind: Any) -> bool:
    """A core share, count or ratio whose aggregates are all ``exists()`` held as masks."""
    if ind.kind not in ("share", "count", "ratio"):
        return False
    return all(mask_only(a) for e in masked_expressions(engine, ind) for a in aggregates_of(e))


def masked_expressions(engine: "EngineLike", ind: Any) -> list[Expression]:
    paths: list[tuple[str, ...]]
    if ind.kind == "ratio":
        paths = [("numerator", "where"), ("denominator", "where")]
    else:
        paths = [("population", "where"), ("condition",) if ind.kind == "share" else ("distinct",)]
    return [e for p in paths if (e := engine.expressions.get((ind.id, p))) is not None]


def tables_of(ind: Any) -> list[str]:
    """The tables whose rows an indicator counts (both sides of a ratio)."""
    if ind.kind == "ratio":
        return [ind.numerator.table, ind.denominator.table]
    return [ind.population.table]


def tables_read(table: str, expressions: Sequence[Expression | None]) -> set[str]:
    """Tables whose rows an indicator counts: its own and those of its ``exists()``, at any depth."""
    found = {table}
    for expression in expressions:
        for aggregate in aggregates_of(expression):
            found |= tables_read(aggregate.relation.table, [aggregate.condition])
    return found


class MaskedPlans:
    """Collects maskable indicators, then builds one plan per (table, windows, records)."""

    def __init__(self, engine: "EngineLike") -> None:
        self.engine = engine
        self.passes: dict[tuple[str, tuple[Window, ...], str], _Pass] = {}

    def add(self, ind: Any, windows: Sequence[Window], groupings: list[str]) -> None:
        if ind.kind == "ratio":  # two counts, joined after they are computed (:func:`ratio_parts`)
            for side in ("numerator", "denominator"):
                population = getattr(ind, side)
                where = self.engine.expressions.get((ind.id, (side, "where")))
                self._pass(population.table, windows, ind.records).members.append(
                    _Member(f"{ind.id}{SIDE}{side}", "count", where, None, groupings))
            self.engine.modes[ind.id] = "ratio"
            return
        group = self._pass(ind.population.table, windows, ind.records)
        where = self.engine.expressions.get((ind.id, ("population", "where")))
        if ind.kind == "share":
            member = _Member(ind.id, "share", where, self.engine.expressions.get((ind.id, ("condition",))), groupings)
        else:
            distinct = self.engine.expressions.get((ind.id, ("distinct",)))
            member = _Member(ind.id, "distinct" if distinct is not None else "count", where, distinct, groupings)
        group.members.append(member)
        self.engine.modes[ind.id] = member.mode

    def _pass(self, table: str, windows: Sequence[Window], records: str) -> _Pass:
        key = (table, tuple(windows), records)
        return self.passes.setdefault(key, _Pass(table, tuple(windows), records))

    def plans(self) -> list[pl.LazyFrame]:
        """Every member's numerator and denominator per period and group (:data:`PARTS` columns)."""
        return [plan for group in self.passes.values() for plan in self._plans(group)]

    def _plans(self, group: _Pass) -> list[pl.LazyFrame]:
        engine = self.engine
        registry = engine.dataset.registry
        frames: Frames = engine.frames(list(group.windows), group.records)
        groupings = list(dict.fromkeys(g for m in group.members for g in m.groupings))
        paths = {g: p for g in groupings if (p := group_path(group.table, g, registry)) is not None}
        expressions = [e for m in group.members for e in (m.where, m.condition) if e is not None]
        base = frames._base(group.table, expressions, extra_paths=paths.values())
        spec = engine.dataset.spec(group.table)

        flags: list[pl.Expr] = [pl.col(p).cast(pl.String).alias(f"__g:{g}") for g, p in paths.items()]
        counted: list[tuple[int, _Member, int]] = []
        for n, member in enumerate(group.members):
            for i, window in enumerate(group.windows):
                inside = pl.lit(True)
                if spec.meta.span:
                    inside = frames._in_window(spec.meta.entity, spec.meta.span, spec.meta.open_ended,
                                               group.records, pl.lit(window.start, pl.Date),
                                               pl.lit(window.end, pl.Date)).fill_null(False)
                if member.where is not None:
                    inside = inside & frames.compile(member.where, window=i).fill_null(False)
                flags.append(inside.alias(f"__in:{n}:{i}"))
                if member.mode == "share":
                    hit = inside & frames.compile(member.condition, window=i).fill_null(False)  # type: ignore[arg-type]
                    flags.append(hit.alias(f"__hit:{n}:{i}"))
                elif member.mode == "distinct":
                    flags.append(frames.compile(member.condition, window=i).alias(f"__val:{n}:{i}"))  # type: ignore[arg-type]
                counted.append((n, member, i))
        rows = base.select(flags)

        plans = []
        for grouping in [None, *paths]:
            aggs = [self._agg(n, member, i) for n, member, i in counted
                    if grouping is None or grouping in member.groupings]
            if not aggs:
                continue
            if grouping is None:
                wide = rows.select(aggs).with_columns(pl.lit(None, pl.String).alias("group"))
            else:
                wide = rows.group_by(pl.col(f"__g:{grouping}").alias("group")).agg(aggs)
            plans.append(self._long(wide, group.members, grouping))
        return plans

    @staticmethod
    def _agg(n: int, member: _Member, i: int) -> pl.Expr:
        inside = pl.col(f"__in:{n}:{i}")
        members = inside.sum().cast(pl.Float64)
        if member.mode == "share":
            num, den = pl.col(f"__hit:{n}:{i}").sum().cast(pl.Float64), members
        elif member.mode == "distinct":
            num = pl.col(f"__val:{n}:{i}").filter(inside).drop_nulls().n_unique().cast(pl.Float64)
            den = pl.lit(None, pl.Float64)
        else:
            num, den = members, pl.lit(None, pl.Float64)
        return pl.struct(num.alias("num"), den.alias("den"), members.alias("rows")).alias(f"{n}:{i}")

    @staticmethod
    def _long(wide: pl.LazyFrame, members: list[_Member], grouping: str | None) -> pl.LazyFrame:
        """``n:i`` struct columns → one row per indicator, period and group; groups without
        members dropped, as the general plan never sees them."""
        ids = {str(n): m.id for n, m in enumerate(members)}
        modes = {str(n): m.mode for n, m in enumerate(members)}
        long = wide.unpivot(index="group", variable_name="__cell", value_name="__v").unnest("__v")
        cell = pl.col("__cell").str.split_exact(":", 1)
        long = long.filter(pl.col("rows") > 0).with_columns(
            cell.struct.field("field_0").replace_strict(ids, return_dtype=pl.String).alias("indicator"),
            cell.struct.field("field_0").replace_strict(modes, return_dtype=pl.String).alias("mode"),
            cell.struct.field("field_1").cast(pl.Int32).alias(PERIOD),
            pl.lit(grouping, pl.String).alias("group_by"))
        return long.select([pl.col(c).cast(t) for c, t in PARTS.items()])



def ratio_parts(parts: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """The two counts of each ratio (``id\\x00numerator``, ``id\\x00denominator``) → one ratio row per
    period and group, as the general plan gives it: groups either side has, the other side 0."""
    sides = [p.filter(pl.col("indicator").str.contains(SIDE, literal=True)) for p in parts]
    if not any(s.height for s in sides):
        return parts
    rest = [p.filter(~pl.col("indicator").str.contains(SIDE, literal=True)) for p in parts]
    counts = pl.concat([s for s in sides if s.height]).with_columns(
        pl.col("indicator").str.split_exact(SIDE, 1).struct.rename_fields(["id", "side"])).unnest("indicator")
    keys = ["id", "group_by", "group", PERIOD]
    num = counts.filter(pl.col("side") == "numerator").select(*keys, "num")
    den = counts.filter(pl.col("side") == "denominator").select(*keys, pl.col("num").alias("den"))
    joined = num.join(den, on=keys, how="full", coalesce=True, nulls_equal=True).select(
        pl.col("id").alias("indicator"), pl.lit("ratio").alias("mode"), "group_by", "group", PERIOD,
        pl.col("num").fill_null(0.0), pl.col("den").fill_null(0.0))
    return [*rest, joined.select([pl.col(c).cast(t) for c, t in PARTS.items()])]
