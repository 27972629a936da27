"""Evaluation results: rows of numbers with their meaning, in the formats people use."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from methodnet.engine.protocol import EngineLike
    from methodnet.model.periods import Period

STATUS_RU = {"met": "выполнен", "not_met": "не выполнен", "in_progress": "в процессе", "no_target": "нет цели",
             "no_data": "нет данных", "unavailable": "недоступен"}


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for one period and one group (``group_by=None``: the whole dataset).

    ``value`` is kept unrounded; ``gap`` = value − target (negative: short of a minimum).
    """

    indicator: str
    name: str
    kind: str
    period: str
    group_by: str | None
    group: str | None
    group_name: str | None
    numerator: float | None
    denominator: float | None
    value: float | None
    unit: str
    target: float | None
    comparator: str
    status: str
    gap: float | None
    source: str | None
    note: str | None = None
    #: upper bound when the target is a range («от 60 до 80»); ``target`` is then the lower one
    target_max: float | None = None
    #: a second target (the region's own value beside a federal minimum) and the status against it
    target_own: float | None = None
    status_own: str | None = None
    #: the level the value reaches (высокий / средний / низкий), when the profile names levels
    level: str | None = None


def status_of(value: float | None, target: float | None, comparator: str, *, ongoing: bool = False
              ) -> tuple[str, float | None]:
    """Status of one value against its target (the engine computes the same, columnar).

    ``ongoing``: the period is not over on the dataset's date — *in progress*, never "not met".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no_data", None
    if target is None:
        return "no_target", None
    gap = value - target
    if ongoing:
        return "in_progress", gap
    if comparator == "max":
        met = value <= target + 1e-9
    elif comparator == "exact":
        met = abs(gap) <= 1e-9
    else:
        met = value >= target - 1e-9
    return ("met" if met else "not_met"), gap


def _fmt(value: float | None, unit: str, denominator: float | None = None) -> str:
    if value is None:
        return "—"
    if unit == "да/нет" and denominator == 1:
        return "да" if value >= 100 - 1e-9 else "нет"
    from methodnet.russian import number

    return number(value, 0 if abs(value - round(value)) < 1e-9 else 1)


class Evaluation:
    """The result of :meth:`Engine.evaluate`: one frame of results, with conversions and ``explain``.

    The frame is the result; :class:`IndicatorResult` objects are made only when asked for
    (``rows``, iteration, :meth:`get`), so a national evaluation stays columnar.
    """

    def __init__(self, frame: pl.DataFrame, engine: "EngineLike", periods: Sequence["Period"] = ()) -> None:
        self.frame = frame
        self.engine = engine
        self.periods = list(periods)
        self._rows: list[IndicatorResult] | None = None

    @property
    def as_of(self) -> dt.date:
        """The dataset's date the results are read against (DESIGN §4)."""
        return self.engine.dataset.as_of

    @property
    def rows(self) -> list[IndicatorResult]:
        if self._rows is None:
            self._rows = [IndicatorResult(**row) for row in self.frame.iter_rows(named=True)]
        return self._rows

    def __len__(self) -> int:
        return self.frame.height

    def __repr__(self) -> str:
        periods = ", ".join(p.label for p in self.periods)
        return (f"Evaluation(profile={self.engine.profile.id!r}, periods=[{periods}], rows={self.frame.height}, "
                f"as_of={self.as_of.isoformat()})")

    def __iter__(self) -> Iterator[IndicatorResult]:
        return iter(self.rows)

    def get(self, indicator: str, period: str | None = None, group: str | None = None,
            group_by: str | None = None) -> IndicatorResult:
        """The row of one indicator (first period if none given; the total unless a group is named)."""
        found = self.frame.filter(
            (pl.col("indicator") == indicator)
            & (pl.lit(True) if period is None else pl.col("period") == str(period))
            & (pl.col("group").is_null() if group is None else pl.col("group") == group)
            & (pl.lit(True) if group_by is None else pl.col("group_by") == group_by)).head(1)
        if not found.height:
            raise KeyError(f"no result for {indicator!r} period={period} group={group}")
        return IndicatorResult(**found.row(0, named=True))

    def to_dicts(self) -> list[dict[str, Any]]:
        return self.frame.to_dicts()

    def to_polars(self) -> pl.DataFrame:
        return self.frame

    def to_pandas(self) -> Any:
        return self.to_polars().to_pandas()

    def to_json(self, indent: int | None = 2) -> str:
        profile = self.engine.profile
        return json.dumps({"profile": profile.id, "name": profile.name, "as_of": self.as_of.isoformat(),
                           "results": self.to_dicts()}, ensure_ascii=False, indent=indent)

    def to_text(self, *, group_by: str | None = None) -> str:
        """A table a methodist recognises: indicator, period, value against target, status."""
        profile = self.engine.profile
        lines = [profile.name]
        if profile.act:
            act = profile.act
            lines.append(" ".join(x for x in (act.kind, f"№ {act.number}" if act.number else None,
                                               f"от {act.date:%d.%m.%Y}" if act.date else None, f"«{act.title}»")
                                  if x))
        rows = [r for r in self.rows if r.group_by == group_by]
        header = f"{'№':>3}  {'Показатель':<62} {'Период':<10} {'Значение':>9} {'Цель':>7}  {'Статус':<12} Числ./знам."
        lines += ["", header, "-" * len(header)]
        numbers = {ind.id: i for i, ind in enumerate(profile.indicators, start=1)}
        for row in rows:
            n = numbers.get(row.indicator, 0)
            name = row.name if len(row.name) <= 62 else row.name[:61] + "…"
            if row.group is not None:
                name = f"  {row.group_name or row.group}"[:62]
            value = _fmt(row.value, row.unit, row.denominator)
            target = _fmt(row.target, row.unit, row.denominator) if row.target is not None else "—"
            unit = "" if row.unit in ("да/нет",) else row.unit
            fraction = ""
            if row.numerator is not None and row.denominator is not None and row.kind not in ("statistic", "derived"):
                fraction = f"{_fmt(row.numerator, '')}/{_fmt(row.denominator, '')}"
            elif row.note:
                fraction = row.note
            lines.append(f"{n:>3}  {name:<62} {row.period:<10} {value + (' ' + unit if unit and row.value is not None else ''):>9} "
                         f"{target:>7}  {STATUS_RU.get(row.status, row.status):<12} {fraction}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        frame = self.to_polars().select("indicator", "name", "period", "group_name", "numerator", "denominator",
                                        "value", "unit", "target", "status")
        return frame._repr_html_()

    def explain(self, indicator: str, period: str | None = None, group: str | None = None,
                group_by: str | None = None, *, names: bool = False) -> pl.DataFrame:
        """Who is in the population and whether each counted (ids only unless ``names=True``)."""
        return self.engine.explain(indicator, period or self.frame["period"][0], group=group, group_by=group_by,
                                   names=names)
