"""Rule kinds about individual routes (ИОМ): deficits without a route, steps without a deficit, late routes.

A route's status is read as of the check date D with the engine's expression
(:func:`methodnet.model.asof.iom_status_on`): a route completed after D was still running
on D, one cancelled after D still counted on D.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.asof import iom_status_on
from methodnet.model.derived import is_deficit_expr
from methodnet.plugins.registry import Finding
from methodnet.rules.context import NoParams, RuleContext
from methodnet.rules.grouped import per_organization, plural

if TYPE_CHECKING:
    from methodnet.profile.model import RuleEntry


class DeficitIomParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(30, ge=0, description="ИОМ должен быть разработан не позже чем через N дней после диагностики")


def _deficit_diagnostics(ds: Any, at: dt.date) -> pl.DataFrame:
    """Diagnostics held by ``at`` that found at least one deficit (score below threshold, or marked)."""
    competency = ds["competency"].select(pl.col("id").alias("competency_id"),
                                         pl.col("threshold").alias("competency.threshold"))
    results = ds["diagnostic_result"].join(competency, on="competency_id", how="left")
    with_deficit = results.filter(is_deficit_expr()).select("diagnostic_id").unique()
    return ds["diagnostic"].filter(pl.col("date") <= at).join(with_deficit, left_on="id", right_on="diagnostic_id",
                                                              how="semi")


def _routes_on(ctx: RuleContext) -> pl.DataFrame:
    """Routes developed by D, with their status as of D (``status_on``)."""
    return (ctx.dataset["iom"].filter(pl.col("developed") <= ctx.at)
            .with_columns(iom_status_on(ctx.at, ctx.data_date).alias("status_on")))


def deficit_without_iom(ctx: RuleContext, rule: RuleEntry, params: DeficitIomParams) -> list[Finding]:
    """Staff employed on D whose latest deficit diagnosis (at least N days before D) got no route within N days.

    A route counts when developed within N days of the diagnosis and not cancelled as of D.
    """
    ctx.need("staff", "diagnostic", "diagnostic_result", "iom")
    ds = ctx.dataset
    diagnosed = _deficit_diagnostics(ds, ctx.at)
    latest = diagnosed.sort("date").group_by("staff_id").last()
    latest = latest.filter(pl.col("date") <= ctx.at - dt.timedelta(days=params.days))
    routes = _routes_on(ctx).filter(pl.col("status_on") != "cancelled").select("staff_id", "developed")
    joined = latest.join(routes, on="staff_id", how="left")
    ok = joined.filter((pl.col("developed") >= pl.col("date")) &
                       (pl.col("developed") <= pl.col("date") + pl.duration(days=params.days)))["staff_id"]
    missing = (latest.filter(~pl.col("staff_id").is_in(ok.implode()))
               .join(ctx.staff().select(pl.col("id").alias("staff_id"), "organization_id"), on="staff_id"))
    return per_organization(
        rule, ctx.source(rule), missing,
        lambda n, _: f"у {n} {plural(n, 'работника', 'работников', 'работников')} выявлены дефициты, "
                     f"а ИОМ в течение {params.days} дн. не разработан",
        "разработайте ИОМ по выявленным дефицитам; проект маршрута предлагается автоматически", id_column="staff_id")


def iom_step_without_deficit(ctx: RuleContext, rule: RuleEntry, params: NoParams) -> list[Finding]:
    """Steps of routes running on D (developed by D, not cancelled or completed) that name no deficit."""
    ctx.need("iom", "iom_step")
    routes = _routes_on(ctx).filter(pl.col("status_on").is_in(["developed", "in_progress"]))
    steps = (ctx.dataset["iom_step"].filter(pl.col("competencies").list.len() == 0)
             .join(routes.select(pl.col("id").alias("iom_id"), "staff_id"), on="iom_id")
             .join(ctx.dataset["staff"].select(pl.col("id").alias("staff_id"), "organization_id"), on="staff_id",
                   how="left"))
    return per_organization(
        rule, ctx.source(rule), steps,
        lambda n, _: f"{n} {plural(n, 'шаг', 'шага', 'шагов')} ИОМ "
                     f"{plural(n, 'не связан', 'не связаны', 'не связаны')} ни с одним дефицитом",
        "укажите компетенции (дефициты), которые закрывает шаг", table="iom_step")


def iom_overdue(ctx: RuleContext, rule: RuleEntry, params: NoParams) -> list[Finding]:
    """Routes whose end passed before D and that were neither completed nor cancelled as of D (staff employed on D)."""
    ctx.need("staff", "iom")
    late = (_routes_on(ctx).filter((pl.col("end") < ctx.at) & pl.col("status_on").is_in(["developed", "in_progress"]))
            .join(ctx.staff().select(pl.col("id").alias("staff_id"), "organization_id"), on="staff_id"))
    return per_organization(
        rule, ctx.source(rule), late,
        lambda n, _: f"{n} ИОМ {plural(n, 'не выполнен', 'не выполнены', 'не выполнены')} в срок",
        "завершите ИОМ или продлите его срок", id_column="id", table="iom")
