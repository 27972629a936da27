"""Пензенская область: regional methodists and the pedagogues assigned to each.

Кузнецк (приказ № 158, п. 4.1.3) asks for «количество педагогических работников,
закреплённых за 1 региональным методистом». The core can divide all pedagogues by the
number of methodists; with assignments recorded, this pack counts the actual ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict

from methodnet.model.base import Entity, TableMeta, column
from methodnet.plugins import Population, hookimpl

PLUGIN_NAME = "penza"


class MethodistAssignment(Entity):
    """A pedagogue assigned to a regional methodist for methodical support."""

    meta = TableMeta("methodist_assignment", "Закрепление за региональными методистами",
                     ("закрепление", "закрепление педагогов"), date_order=(("start", "end"),), span=("start", "end"))
    id: str = column("Идентификатор", aliases=("ид", "код"))
    methodist_id: str = column("Региональный методист", ref="staff", aliases=("методист",))
    staff_id: str = column("Педагог", ref="staff", aliases=("работник",))
    start: dt.date = column("Начало", aliases=("с",))
    end: dt.date | None = column("Окончание", None, aliases=("по",))


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


def assigned_per_methodist(ctx: Any, ind: Any, params: NoParams) -> Population:
    """Mean number of pedagogues assigned to each regional methodist active at the period's end."""
    methodists = ctx.parse('exists(roles, kind == "regional_methodist")', "staff")
    assigned = ctx.parse("count(methodist_assignments_as_methodist)", "staff", expect=None)
    lf, groups = ctx.population("staff", methodists, [assigned])
    return Population(lf.with_columns(ctx.compile(assigned).cast(pl.Float64).alias("__value")), "staff", "mean",
                      groups)


@hookimpl
def methodnet_add_tables(registry: Any) -> None:
    registry.add_table(MethodistAssignment)


@hookimpl
def methodnet_add_indicator_kinds(registry: Any) -> None:
    registry.add_indicator_kind("penza.assigned_per_methodist", assigned_per_methodist, params=NoParams,
                                description="среднее число ПР, закреплённых за одним региональным методистом",
                                tables=("role", "methodist_assignment"))
