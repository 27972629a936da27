"""Compile checked expressions to polars, and build the frames they run on.

:class:`Frames` knows the dataset and the time windows of one evaluation — one per period
asked for, all evaluated in the same queries. For a table it builds a lazy frame with what
the expressions need and nothing more: reference columns joined in (``organization.kind``),
the period columns, one aggregate column per ``exists()``/``count()`` (a group-by over the
related table per key and period, itself filtered by the window and its condition), the
time filter — entities active at the window's end, other rows overlapping it — and dated
statuses read as of the window's end (:mod:`methodnet.model.asof`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from methodnet.expr.parser import (
    Aggregate,
    Arith,
    BoolOp,
    Cmp,
    Col,
    DerivedRef,
    Expression,
    Func,
    In,
    ListLit,
    Lit,
    Neg,
    Node,
    Not,
)
from methodnet.expr.nodes import walk as _walk
from methodnet.expr.scope import DERIVED, PERIOD_NAMES, Scope
from methodnet.model.asof import STATUS_ON, active_on, training_completed_within
from methodnet.model.derived import age_expr, is_deficit_expr, is_young_teacher_expr, years_of_work_expr

if TYPE_CHECKING:
    from methodnet.dataset import Dataset


@dataclass(frozen=True)
class Window:
    """The span an evaluation looks at: records overlapping [start, end]; entities active at ``end``.

    ``period_start`` / ``period_end`` are the period's own days (a cumulative window starts
    earlier than its period); expressions see them as ``period.start`` and ``period.end``.
    """

    start: dt.date
    end: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None


#: Columns every frame carries: which period a row belongs to, that period's window, and the period itself.
PERIOD, WINDOW_START, WINDOW_END = "__p", "__ws", "__we"
PERIOD_START, PERIOD_END = "__ps", "__pe"
#: The period's bit (1 << index) in the masks of ``exists()`` aggregates.
BIT = "__bit"
#: Which dated records of a window count: in force during it, begun in it, or finished in it.
Records = str  # "active" | "started" | "ended"


def paths_of(expression: Expression | None, table: str) -> set[tuple[str, ...]]:
    """Reference paths an expression reads (own aggregates excluded: they run on their table)."""
    found: set[tuple[str, ...]] = set()
    if expression is None:
        return found
    for node in _walk(expression.root):
        if isinstance(node, Col) and len(node.path) > 1:
            found.add(node.path)
        elif isinstance(node, DerivedRef) and node.name not in PERIOD_NAMES:
            for need in DERIVED[table][node.name].needs:
                if "." in need:
                    found.add(tuple(need.split(".")))
    return found


def mask_only(aggregate: Aggregate) -> bool:
    """An ``exists()`` whose condition has no ``count()`` at any depth: it can be held as period masks."""
    if aggregate.func != "exists":
        return False
    return all(mask_only(inner) for inner in aggregates_of(aggregate.condition))


def aggregates_of(expression: Expression | None) -> list[Aggregate]:
    if expression is None:
        return []
    return [n for n in _walk(expression.root) if isinstance(n, Aggregate)]


class Frames:
    """Builds population frames and compiles expressions for several windows at once.

    Every frame carries the period it belongs to (``__p``, the index of its window) and that
    window's start and end (``__ws``, ``__we``): a row of a table appears once for each
    window it falls in, so one query answers every period, and everything read "as of the
    period's end" (dated statuses, age, employment) reads ``__we``.
    """

    def __init__(self, dataset: "Dataset", windows: Window | Sequence[Window], young_max_age: int = 35,
                 young_max_years: int = 3, shared: dict | None = None, records: Records = "active",
                 eager: bool = True) -> None:
        self.dataset = dataset
        #: materialise shared aggregates at once (large data: computed once, reused by later indicators);
        #: when False they stay lazy and the engine's single collect computes each once (small data)
        self.eager = eager
        self.windows = (windows,) if isinstance(windows, Window) else tuple(windows)
        self.records = records
        self.young = (young_max_age, young_max_years)
        self.data_date: dt.date = dataset.as_of
        self._aggregate_names: dict[int, str] = {}
        self._masks: set[int] = set()  # aggregates held as period masks (see _attach_mask)
        self._mask_names: dict[tuple, str] = {}
        self._window: int | None = None  # the window an expression is compiled for (mask mode), if one
        self._windows_frame: pl.DataFrame | None = None
        #: tables whose rows a frame was built from: an indicator reading an absent one has no data
        self.read: set[str] = set()
        # Aggregates (key × period → count) shared by the indicators of one evaluation: three
        # indicators asking exists(diagnostics) over the same windows group the diagnostics once.
        self.shared = shared if shared is not None else {}

    @property
    def window(self) -> Window:
        """The only window (for callers that work one period at a time)."""
        if len(self.windows) != 1:
            raise ValueError("these frames span several periods")
        return self.windows[0]

    def windows_frame(self) -> pl.LazyFrame:
        """One row per window: its index and its first and last day."""
        if self._windows_frame is None:
            self._windows_frame = pl.DataFrame({
                PERIOD: pl.Series(range(len(self.windows)), dtype=pl.Int32),
                WINDOW_START: pl.Series([w.start for w in self.windows], dtype=pl.Date),
                WINDOW_END: pl.Series([w.end for w in self.windows], dtype=pl.Date),
                PERIOD_START: pl.Series([w.period_start or w.start for w in self.windows], dtype=pl.Date),
                PERIOD_END: pl.Series([w.period_end or w.end for w in self.windows], dtype=pl.Date),
                BIT: pl.Series([1 << i for i in range(len(self.windows))], dtype=pl.UInt32),
            })
        return self._windows_frame.lazy()

    # ------------------------------------------------------------------ frames

    def frame(self, table: str, expressions: Iterable[Expression | None] = (), *,
              extra_paths: Iterable[str] = ()) -> pl.LazyFrame:
        """Rows of ``table`` in each window (with ``__p``/``__ws``/``__we``), with the columns
        ``expressions`` need; dated statuses read as of the window's end."""
        expressions = [e for e in expressions if e is not None]
        spec = self.dataset.spec(table)
        self.read.add(table)
        paths: set[tuple[str, ...]] = {tuple(p.split(".")) for p in extra_paths if "." in p}
        for expression in expressions:
            paths |= paths_of(expression, table)
        span = spec.meta.span
        if span:
            paths |= {tuple(c.split(".")) for c in span if c and "." in c}
        lf = self._attach(self.dataset[table].lazy(), table, paths).join(self.windows_frame(), how="cross")
        if span:
            lf = lf.filter(self._in_window(spec.meta.entity, span, spec.meta.open_ended, self.records))
        if table in STATUS_ON:
            lf = lf.with_columns(STATUS_ON[table](pl.col(WINDOW_END), self.data_date).alias("status"))
        return self._attach_aggregates(lf, table, expressions, self._attach_aggregate)

    @staticmethod
    def _in_window(entity: bool, span: tuple[str, str | None], open_ended: bool = True,
                   records: Records = "active", window_start: pl.Expr | None = None,
                   window_end: pl.Expr | None = None) -> pl.Expr:
        """Rows in a window given by columns (one row per period) or by fixed dates (mask mode)."""
        start = pl.col(span[0])
        window_start = pl.col(WINDOW_START) if window_start is None else window_start
        window_end = pl.col(WINDOW_END) if window_end is None else window_end
        if span[1] is None:  # an instant
            return start.is_between(window_start, window_end)
        if entity:  # active on the window's last day
            return active_on(span[0], span[1], window_end)
        end = pl.col(span[1]) if open_ended else pl.coalesce(pl.col(span[1]), start)
        if records == "started":  # begun within the window
            return start.is_between(window_start, window_end)
        if records == "ended":  # finished within the window: counted once, in the period it ended
            return end.is_between(window_start, window_end)
        started = start.is_null() | (start <= window_end)
        return started & (end.is_null() | (end >= window_start))

    def _attach(self, lf: pl.LazyFrame, table: str, paths: set[tuple[str, ...]]) -> pl.LazyFrame:
        by_reference: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for path in paths:
            by_reference[path[0]].add(path[1:])
        scope = Scope(table, self.dataset.registry)
        for reference, rests in sorted(by_reference.items()):
            target = scope.reference(reference)
            if target is None:
                raise KeyError(f"{table}: no reference {reference!r}")
            key = self.dataset.spec(target).key[0]
            nested = {r for r in rests if len(r) > 1}
            right = self._attach(self.dataset[target].lazy(), target, nested)
            needed = sorted({r[0] for r in rests if len(r) == 1} | {".".join(r) for r in nested})
            right = right.select(pl.col(key).alias("__key"), *[pl.col(c).alias(f"{reference}.{c}") for c in needed])
            lf = lf.join(right, left_on=f"{reference}_id", right_on="__key", how="left")
        return lf

    def _attach_aggregate(self, lf: pl.LazyFrame, table: str, aggregate: Aggregate,
                          on_period: bool = True) -> pl.LazyFrame:
        """Join an ``exists()``/``count()`` over a related table onto ``lf`` (per key, and per period
        when ``lf`` has one row per period)."""
        if mask_only(aggregate):
            return self._attach_mask(lf, table, aggregate)
        name = self.aggregate_name(aggregate)
        relation = aggregate.relation
        condition = aggregate.condition.text if aggregate.condition is not None else None
        cache_key = (relation.table, relation.column, condition, self.windows, self.young, self.records)
        cached = self.shared.get(cache_key)
        if cached is None:
            outer, self.read = self.read, set()
            rows = self.frame(relation.table, [aggregate.condition])
            if aggregate.condition is not None:
                rows = rows.filter(self.compile(aggregate.condition).fill_null(False))
            grouped = rows.group_by(relation.column, PERIOD).agg(pl.len().alias("__count"))
            counts = grouped.collect() if self.eager else grouped.cache()
            cached = self.shared[cache_key] = (counts, frozenset(self.read))
            self.read = outer
        counts, tables = cached
        self.read |= tables
        key = self.dataset.spec(table).key[0]
        return lf.join(counts.lazy().rename({"__count": name}), left_on=[key, PERIOD],
                       right_on=[relation.column, PERIOD], how="left").with_columns(pl.col(name).fill_null(0))

    def _attach_mask(self, lf: pl.LazyFrame, table: str, aggregate: Aggregate) -> pl.LazyFrame:
        """``exists(rel, cond)`` as a mask per key: bit *i* set when some related row lies in window *i*
        and meets the condition as of its end.

        The related table is read once, not once per period: each row's mask is the OR of a few
        boolean columns, and the masks of a key are OR-ed in one group-by. The population then
        tests its own period's bit.
        """
        relation = aggregate.relation
        condition = aggregate.condition.text if aggregate.condition is not None else None
        cache_key = ("mask", relation.table, relation.column, condition, self.windows, self.young, self.records)
        name = self._mask_name(aggregate)
        cached = self.shared.get(cache_key)
        if cached is None:
            outer, self.read = self.read, set()
            rows = self._base(relation.table, [aggregate.condition])
            spec = self.dataset.spec(relation.table)
            bits = []
            for index, window in enumerate(self.windows):
                inside = pl.lit(True)
                if spec.meta.span:
                    inside = self._in_window(spec.meta.entity, spec.meta.span, spec.meta.open_ended, self.records,
                                             pl.lit(window.start, pl.Date), pl.lit(window.end, pl.Date))
                if aggregate.condition is not None:
                    inside = inside & self.compile(aggregate.condition, window=index).fill_null(False)
                bits.append(pl.when(inside.fill_null(False)).then(pl.lit(1 << index, pl.UInt32))
                            .otherwise(pl.lit(0, pl.UInt32)))
            mask = bits[0] if len(bits) == 1 else pl.sum_horizontal(bits)
            ored = (rows.select(pl.col(relation.column).alias("__key"), mask.cast(pl.UInt32).alias("__mask"))
                     .filter(pl.col("__mask") != 0).group_by("__key").agg(pl.col("__mask").bitwise_or()))
            masks = ored.collect() if self.eager else ored.cache()
            cached = self.shared[cache_key] = (masks, frozenset(self.read))
            self.read = outer
        masks, tables = cached
        self.read |= tables
        key = self.dataset.spec(table).key[0]
        return lf.join(masks.lazy().rename({"__mask": name}), left_on=key, right_on="__key", how="left") \
            .with_columns(pl.col(name).fill_null(0))

    def _base(self, table: str, expressions: Iterable[Expression | None], *,
              extra_paths: Iterable[str] = ()) -> pl.LazyFrame:
        """Rows of ``table`` once (no period columns), with what the expressions need; their
        ``exists()`` attached as masks. For conditions compiled per window (mask mode)."""
        expressions = [e for e in expressions if e is not None]
        self.read.add(table)
        spec = self.dataset.spec(table)
        paths: set[tuple[str, ...]] = {tuple(p.split(".")) for p in extra_paths if "." in p}
        for expression in expressions:
            paths |= paths_of(expression, table)
        if spec.meta.span:
            paths |= {tuple(c.split(".")) for c in spec.meta.span if c and "." in c}
        lf = self._attach(self.dataset[table].lazy(), table, paths)
        return self._attach_aggregates(lf, table, expressions, self._attach_mask)

    def _attach_aggregates(self, lf: pl.LazyFrame, table: str, expressions: Iterable[Expression | None],
                           attach: Callable[[pl.LazyFrame, str, Aggregate], pl.LazyFrame]) -> pl.LazyFrame:
        """Join each aggregate of ``expressions`` once: the same ``exists()`` written twice (in a
        population and a condition, or by two indicators of one pass) is one mask column."""
        attached: set[str] = set()
        for expression in expressions:
            if expression is None:
                continue
            for aggregate in aggregates_of(expression):
                if mask_only(aggregate):
                    name = self._mask_name(aggregate)
                    if name in attached:
                        continue
                    attached.add(name)
                lf = attach(lf, table, aggregate)
        return lf

    def _mask_name(self, aggregate: Aggregate) -> str:
        """The column of an ``exists()`` held as masks: one per relation and condition."""
        condition = aggregate.condition.text if aggregate.condition is not None else None
        key = (aggregate.relation.table, aggregate.relation.column, condition)
        name = self._mask_names.setdefault(key, f"__mask{len(self._mask_names)}")
        self._aggregate_names[id(aggregate)] = name
        self._masks.add(id(aggregate))
        return name

    def aggregate_name(self, aggregate: Aggregate) -> str:
        return self._aggregate_names.setdefault(id(aggregate), f"__agg{len(self._aggregate_names)}")

    # ------------------------------------------------------------------ expressions

    def compile(self, expression: Expression, window: int | None = None) -> pl.Expr:
        """The expression in polars. With ``window``, for rows read once (mask mode): dated
        statuses, ages and ``period.*`` as of that window's end, as fixed dates."""
        outer, self._window = self._window, window
        try:
            return self._expr(expression.root, expression.table)
        finally:
            self._window = outer

    def _end(self) -> pl.Expr:
        return pl.col(WINDOW_END) if self._window is None else pl.lit(self.windows[self._window].end, pl.Date)

    def _start(self) -> pl.Expr:
        return pl.col(WINDOW_START) if self._window is None else pl.lit(self.windows[self._window].start, pl.Date)

    def _expr(self, node: Node, table: str) -> pl.Expr:
        if isinstance(node, Col):
            if self._window is not None and node.path == ("status",) and table in STATUS_ON:
                return STATUS_ON[table](self._end(), self.data_date)  # read once: the status as of this window
            return pl.col(node.name)
        if isinstance(node, Lit):
            return pl.lit(node.value)
        if isinstance(node, DerivedRef):
            return self._derived(node.name, table)
        if isinstance(node, Cmp):
            left, right = self._operand(node.left, node.right, table), self._operand(node.right, node.left, table)
            return {"==": left == right, "!=": left != right, "<": left < right, "<=": left <= right,
                    ">": left > right, ">=": left >= right}[node.op]
        if isinstance(node, In):
            item = self._expr(node.item, table)
            if isinstance(node.container, ListLit):
                result = item.is_in(list(node.container.values))
            else:
                result = self._expr(node.container, table).list.contains(item)
            return ~result if node.negate else result
        if isinstance(node, BoolOp):
            parts = [self._expr(v, table) for v in node.values]
            result = parts[0]
            for part in parts[1:]:
                result = (result & part) if node.op == "and" else (result | part)
            return result
        if isinstance(node, Not):
            return ~self._expr(node.value, table)
        if isinstance(node, Arith):
            left, right = self._expr(node.left, table), self._expr(node.right, table)
            if node.op == "/":  # nothing to divide by is no value (DESIGN §4), not infinity
                return pl.when(right == 0).then(None).otherwise(left / right)
            return {"+": left + right, "-": left - right, "*": left * right}[node.op]
        if isinstance(node, Neg):
            return -self._expr(node.value, table)
        if isinstance(node, Aggregate):
            column = pl.col(self.aggregate_name(node))
            if id(node) in self._masks:
                bit = pl.col(BIT) if self._window is None else pl.lit(1 << self._window, pl.UInt32)
                return (column & bit) != 0
            return column > 0 if node.func == "exists" else column
        if isinstance(node, Func):
            arg = self._expr(node.args[0], table)
            return {"len": lambda: arg.list.len(), "year": lambda: arg.dt.year(),
                    "is_null": lambda: arg.is_null()}[node.name]()
        raise TypeError(f"cannot compile {type(node).__name__}")

    def _operand(self, node: Node, other: Node, table: str) -> pl.Expr:
        """A literal compared with a date column is a date."""
        if isinstance(node, Lit) and node.kind == "str" and other.kind == "date":
            return pl.lit(dt.date.fromisoformat(node.value))
        return self._expr(node, table)

    def _derived(self, name: str, table: str) -> pl.Expr:
        if name in PERIOD_NAMES:
            if self._window is not None:
                window = self.windows[self._window]
                day = window.period_start if name == "period.start" else window.period_end
                return pl.lit(day or (window.start if name == "period.start" else window.end), pl.Date)
            return pl.col(PERIOD_NAMES[name])
        at = self._end()
        if table == "staff":
            if name == "age":
                return age_expr(at)
            if name == "years_of_work":
                return years_of_work_expr(at)
            if name == "young":
                return is_young_teacher_expr(at, max_age=self.young[0], max_years=self.young[1])
        if name == "completed" and table == "training":  # finished within the window, as of its end
            return training_completed_within(self._start(), at, self.data_date)
        if name == "completed" and self._window is not None:
            return STATUS_ON[table](at, self.data_date) == "completed"
        if name == "completed":  # the status was already read as of the window's end
            return pl.col("status") == "completed"
        if name == "is_deficit":
            return is_deficit_expr()
        raise KeyError(f"{table}: no derived fact {name!r}")
