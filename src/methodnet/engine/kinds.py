"""The core indicator kinds, as compute functions any plugin kind could have written.

Each takes a :class:`KindContext` and the indicator and returns a
:class:`~methodnet.plugins.Population`: the population rows with a ``__hit`` flag or a
``__value``. The core registers them through the same plugin hook as regional packs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.model.periods import Period
from methodnet.expr.compile import PERIOD, WINDOW_END, WINDOW_START, Frames
from methodnet.expr.parser import Expression, parse_expression
from methodnet.plugins.registry import Compute, Population

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.engine.protocol import EngineLike
    from methodnet.profile.model import (CountIndicator, DeficitClosureIndicator, ExpertIndicator, Indicator,
                                         Parameters, PresenceIndicator, ShareIndicator, StatisticIndicator,
                                         SurveyIndicator)


@dataclass
class KindContext:
    """What a compute function gets: the windows' frames, the periods, the breakdowns asked for.

    Core kinds are computed for all periods at once: every frame carries the period index
    ``__p`` and that period's window (``__ws``, ``__we``). A plugin's kind is called once per
    period, so its frames hold one period and code written for one window keeps working.
    """

    engine: "EngineLike"
    frames: Frames
    periods: Sequence[Period]
    by: Sequence[str]

    @property
    def period(self) -> Period:
        """The period (when the context holds one, as it does for plugin kinds)."""
        if len(self.periods) != 1:
            raise ValueError("this context spans several periods")
        return self.periods[0]

    @property
    def dataset(self) -> "Dataset":
        """The data being evaluated (its tables: ``ctx.dataset["staff"]``; its date: ``.as_of``)."""
        return self.engine.dataset

    @property
    def parameters(self) -> "Parameters":
        """The profile's ``parameters:`` (young teacher's age and years, survey threshold, ``extra``)."""
        return self.engine.profile.parameters

    def expression(self, indicator: "Indicator", *path: str) -> Expression | None:
        """An expression of the indicator (``"population", "where"``; ``"condition"``…), parsed once
        when the engine was built; None when the indicator has none there."""
        return self.engine.expressions.get((indicator.id, path))

    def parse(self, text: str, table: str, expect: str | None = "bool") -> Expression:
        """Check an expression a plugin reads from its params."""
        return parse_expression(text, table, self.engine.registry, expect=expect)  # with the profile's members

    def compile(self, expression: Expression) -> pl.Expr:
        """The expression as a polars expression over the frames of :meth:`population`."""
        return self.frames.compile(expression)

    def population(self, table: str, where: Expression | None = None,
                   others: Sequence[Expression | None] = ()) -> tuple[pl.LazyFrame, dict[str, str]]:
        """Rows of ``table`` in the window that satisfy ``where``, with group-key columns.

        ``others`` are expressions the caller compiles on the result (their joins and
        aggregates are attached). Returns the frame and grouping → column.
        """
        from methodnet.engine.groups import group_path

        registry = self.dataset.registry
        groups = {g: p for g in self.by if (p := group_path(table, g, registry)) is not None}
        lf = self.frames.frame(table, [where, *others], extra_paths=groups.values())
        if where is not None:
            lf = lf.filter(self.frames.compile(where).fill_null(False))
        return lf, groups


def share(ctx: KindContext, ind: ShareIndicator, params: None = None) -> Population:
    where, condition = ctx.expression(ind, "population", "where"), ctx.expression(ind, "condition")
    lf, groups = ctx.population(ind.population.table, where, [condition])
    lf = lf.with_columns(ctx.compile(condition).fill_null(False).alias("__hit"))  # type: ignore[arg-type]
    return Population(lf, ind.population.table, "share", groups)


def count(ctx: KindContext, ind: CountIndicator, params: None = None) -> Population:
    where, distinct = ctx.expression(ind, "population", "where"), ctx.expression(ind, "distinct")
    lf, groups = ctx.population(ind.population.table, where, [distinct])
    if distinct is not None:
        return Population(lf.with_columns(ctx.compile(distinct).alias("__value")), ind.population.table,
                          "distinct", groups)
    return Population(lf, ind.population.table, "count", groups)


def presence(ctx: KindContext, ind: PresenceIndicator, params: None = None) -> Population:
    """Owners (the municipality, or each organization) with a document of the kind in force in the
    period and approved by its end (a document approved later did not exist yet)."""
    approved = pl.col("approved").is_null() | (pl.col("approved") <= pl.col(WINDOW_END))
    docs = ctx.frames.frame("document").filter((pl.col("kind") == ind.document_kind) & approved)
    table, owner, where = (("municipality", "municipality_id", None) if ind.level == "municipality"
                           else ("organization", "organization_id", ctx.expression(ind, "organizations")))
    owners = docs.filter(pl.col(owner).is_not_null()).select(pl.col(owner).alias("id"), PERIOD).unique() \
        .with_columns(pl.lit(True).alias("__hit"))
    lf, groups = ctx.population(table, where)
    lf = lf.join(owners, on=["id", PERIOD], how="left").with_columns(pl.col("__hit").fill_null(False))
    return Population(lf, table, "share", groups)


def survey(ctx: KindContext, ind: SurveyIndicator, params: None = None) -> Population:
    lf, groups = ctx.population("survey_response", ctx.expression(ind, "respondents"))
    lf = lf.filter(pl.col("survey") == ind.survey)
    if ind.measure == "mean":
        return Population(lf.with_columns(pl.col("score").alias("__value")), "survey_response", "mean", groups)
    threshold = ctx.parameters.satisfied_min_share
    lf = lf.with_columns((pl.col("score") >= threshold * pl.col("scale_max")).alias("__hit"))
    return Population(lf, "survey_response", "share", groups)


def statistic(ctx: KindContext, ind: StatisticIndicator, params: None = None) -> Population:
    """A reported value of the period: reported for a span ending in the window and no longer than it,
    so a yearly value is not repeated as each quarter's, and an academic year's counts once."""
    lf, groups = ctx.population("statistic")
    window = pl.col(WINDOW_END) - pl.col(WINDOW_START)
    fits = pl.col("period_end").is_between(pl.col(WINDOW_START), pl.col(WINDOW_END)) & (
        pl.col("period_end") - pl.col("period_start") <= window + pl.duration(days=1))
    span = pl.col("period_end") - pl.col("period_start")
    subject = [pl.col("municipality_id"), pl.col("organization_id"), pl.col(PERIOD)]
    # of several reports of one subject (a year and its quarters), the one that spans most of the period
    lf = lf.filter((pl.col("key") == ind.key) & fits).filter(span == span.max().over(subject)) \
        .with_columns(pl.col("value").alias("__value"))
    return Population(lf, "statistic", "statistic", groups)


def deficit_closure(ctx: KindContext, ind: DeficitClosureIndicator, params: None = None) -> Population:
    """Share of deficits found in the window that a later diagnostic (by the window's end) shows closed."""
    from methodnet.model.closure import deficit_closure as closures

    if ctx.engine._closures is None:  # all closures once per engine, with where each person works
        staff = ctx.dataset["staff"].lazy().select(pl.col("id").alias("staff_id"), "organization_id")
        orgs = ctx.dataset["organization"].lazy().select(pl.col("id").alias("organization_id"), "municipality_id",
                                                         "kind")
        ctx.engine._closures = (closures(ctx.dataset).lazy().join(staff, on="staff_id", how="left")
                                .join(orgs, on="organization_id", how="left")
                                .select("staff_id", "found_on", "closed_on", "organization_id", "municipality_id",
                                        "kind").collect())
    ctx.frames.read.update(("diagnostic", "diagnostic_result"))
    # each window keeps the deficits found in it (a cumulative window: every one found by its end)
    lf = (ctx.engine._closures.lazy().join(ctx.frames.windows_frame(), how="cross")
          .filter(pl.col("found_on").is_between(pl.col(WINDOW_START), pl.col(WINDOW_END)))
          .with_columns((pl.col("closed_on") <= pl.col(WINDOW_END)).fill_null(False).alias("__hit")))
    groups = {g: c for g, c in (("municipality", "municipality_id"), ("organization", "organization_id"),
                                ("organization_kind", "kind")) if g in ctx.by}
    return Population(lf, "diagnostic_result", "share", groups)


def expert(ctx: KindContext, ind: ExpertIndicator, params: None = None) -> Population:
    """Expert scores of one criterion: the latest score of each organization (or municipality) in the window."""
    subject = "organization_id" if ind.level == "organization" else "municipality_id"
    rows = (ctx.frames.frame("expert_assessment")
            .filter((pl.col("criterion") == ind.criterion) & pl.col(subject).is_not_null())
            .sort("date").group_by(subject, PERIOD).agg(pl.col("score").last().alias("__value")))
    if ind.level == "organization":
        orgs = ctx.dataset["organization"].lazy().select(pl.col("id").alias(subject), "municipality_id", "kind")
        rows = rows.join(orgs, on=subject, how="left")
        groups = {"municipality": "municipality_id", "organization": subject, "organization_kind": "kind"}
    else:
        groups = {"municipality": subject}
    groups = {g: c for g, c in groups.items() if g in ctx.by}
    return Population(rows.with_columns(pl.col(subject).alias("id")), "expert_assessment",
                      "mean" if ind.measure == "mean" else "sum", groups)


#: name → (compute, how the engine evaluates it, description, tables it reads beyond its expressions');
#: each compute takes its own indicator model
CORE_KINDS: dict[str, tuple[Compute[KindContext, Any, None] | None, str, str, tuple[str, ...]]] = {
    "share": (share, "population", "доля (%) населения, удовлетворяющего условию", ()),
    "count": (count, "population", "количество записей (или различных значений)", ()),
    "ratio": (None, "ratio", "отношение численностей двух населений", ()),
    "presence": (presence, "population", "наличие документа (муниципалитет; доля организаций)", ("document",)),
    "survey": (survey, "population", "анкетирование: доля удовлетворённых или средний балл", ("survey_response",)),
    "statistic": (statistic, "population", "внешнее статистическое значение", ("statistic",)),
    "derived": (None, "derived", "арифметика над другими показателями", ()),
    "deficit_closure": (deficit_closure, "population", "доля дефицитов, закрытых по итогам повторной диагностики",
                        ("diagnostic", "diagnostic_result", "competency")),
    "expert": (expert, "population", "экспертные оценки критерия: средний балл или сумма", ("expert_assessment",)),
    "score": (None, "result", "баллы за значение другого показателя по полосам", ()),
    "municipalities_share": (None, "result", "доля муниципалитетов, достигших цели по показателю", ()),
    "normalized": (None, "result", "рейтинг муниципалитетов: 100 × значение / лучшее значение", ()),
}
