"""Саратовская область: participation and roles, in total and by level.

Петровский район (приказ № 326-ОД, разд. 5) asks for shares of pedagogues and
organizations in contests and experience presentations, and of tutors, experts and jury
members, «на различных уровнях». One act item is one indicator: its total (a row counts
when it took part at any level) and its breakdown by level come from the same records,
so the report cannot show two different shares for one item. Each level's share has
everyone in its denominator. What counts is the core's definition of the same item
(``base.yaml``): a person's participation counts in the roles listed (``participant`` for
contests), an organization takes part itself, through its staff, or — for experience —
by hosting the event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.vocab import Level
from methodnet.plugins import Population, hookimpl

if TYPE_CHECKING:  # the typed plugin API (annotations only)
    from methodnet import KindContext
    from methodnet.expr.parser import Expression
    from methodnet.plugins import PluginRegistrar
    from methodnet.profile.model import PluginIndicator

PLUGIN_NAME = "saratov"
LEVELS = [str(level) for level in Level]  # school, municipal, regional, interregional, federal, international
ORGANIZATION_KINDS = ["school", "kindergarten", "additional"]


class ParticipationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: Literal["staff", "organization"] = Field("staff", description="Чьё участие считать")
    event_kinds: list[str] = Field(default_factory=lambda: ["contest"], description="Виды мероприятий",
                                   json_schema_extra={"x-column": "event.kind"})
    levels: list[str] = Field(default_factory=lambda: list(LEVELS), description="Уровни для разбивки",
                              json_schema_extra={"x-column": "event.level"})
    staff_roles: list[str] = Field(default_factory=lambda: ["participant"],
                                   description="Роли работника в мероприятии, которые засчитываются",
                                   json_schema_extra={"x-column": "participation.role"})
    hosted: bool = Field(False, description="ОО засчитывается и за мероприятия, которые она провела (организатор)")


class RolesParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str] = Field(default_factory=lambda: ["tutor", "expert", "jury_member"],
                             description="Роли работника (таблица ролей)", json_schema_extra={"x-column": "role.kind"})
    participation_roles: list[str] = Field(default_factory=lambda: ["tutor", "expert", "jury"],
                                           description="Роли в мероприятиях (эксперт, член жюри конкурса…)",
                                           json_schema_extra={"x-column": "participation.role"})
    levels: list[str] = Field(default_factory=lambda: list(LEVELS), json_schema_extra={"x-column": "role.level"})


def _by_level(ctx: KindContext, table: str, where: Expression | None, hits_at: pl.LazyFrame, levels: list[str]) -> Population:
    """Rows of ``table``; ``hits_at`` has (id, level) pairs where a row took part.

    A row is a hit in total when it took part at any level, and a hit of a level when it
    took part at that level; levels outside ``levels`` count in the total only.
    """
    lf, groups = ctx.population(table, where)
    per_row = hits_at.group_by("id").agg(pl.col("level").unique().alias("__levels"))
    lf = lf.join(per_row, on="id", how="left")
    lf = lf.with_columns(
        pl.col("__levels").is_not_null().alias("__hit"),
        pl.col("__levels").fill_null(pl.lit([], pl.List(pl.String))),
    ).with_columns(
        pl.lit(levels, pl.List(pl.String)).alias("__level_keys"),
        pl.concat_list([pl.col("__levels").list.contains(pl.lit(level)) for level in levels]).alias("__level_hits"),
    )
    return Population(lf, table, "share", groups, exploded={"level": ("__level_keys", "__level_hits")})


def participation_by_level(ctx: KindContext, ind: PluginIndicator, params: ParticipationParams) -> Population:
    parts = ctx.frames.frame("participation", extra_paths=["event.kind", "event.level"]).filter(
        pl.col("event.kind").is_in(params.event_kinds))
    as_staff = parts.filter(pl.col("staff_id").is_not_null() & pl.col("role").is_in(params.staff_roles))
    if params.subject == "staff":
        hits = as_staff.select(pl.col("staff_id").alias("id"), pl.col("event.level").alias("level"))
        # «ПР и УК»: methodists, specialists and other staff are not in the denominator
        return _by_level(ctx, "staff", ctx.parse('category in ["pedagogue", "manager"]', "staff"), hits, params.levels)
    # an organization takes part itself, through its staff, or (experience) by hosting the event
    own = parts.filter(pl.col("organization_id").is_not_null()).select(
        pl.col("organization_id").alias("id"), pl.col("event.level").alias("level"))
    employed, _ = ctx.population("staff")  # the staff of the period's end, as the core's exists(staff, …)
    staff_orgs = employed.select(pl.col("id").alias("staff_id"), pl.col("organization_id").alias("id"))
    through_staff = as_staff.select("staff_id", pl.col("event.level").alias("level")).join(
        staff_orgs, on="staff_id").select("id", "level")
    frames = [own, through_staff]
    if params.hosted:
        hosted = ctx.frames.frame("event").filter(
            pl.col("kind").is_in(params.event_kinds) & pl.col("organizer_id").is_not_null())
        frames.append(hosted.select(pl.col("organizer_id").alias("id"), pl.col("level").cast(pl.String)))
    hits = pl.concat([f.with_columns(pl.col("level").cast(pl.String)) for f in frames])
    where = ctx.parse(f"kind in {ORGANIZATION_KINDS!r}".replace("'", '"'), "organization")
    return _by_level(ctx, "organization", where, hits, params.levels)


def roles_by_level(ctx: KindContext, ind: PluginIndicator, params: RolesParams) -> Population:
    roles = ctx.frames.frame("role").filter(pl.col("kind").is_in(params.roles))
    from_roles = roles.select(pl.col("staff_id").alias("id"), pl.col("level").cast(pl.String))
    parts = ctx.frames.frame("participation", extra_paths=["event.level"]).filter(
        pl.col("staff_id").is_not_null() & pl.col("role").is_in(params.participation_roles))
    from_events = parts.select(pl.col("staff_id").alias("id"), pl.col("event.level").cast(pl.String).alias("level"))
    hits = pl.concat([from_roles, from_events])
    return _by_level(ctx, "staff", ctx.parse('category == "pedagogue"', "staff"), hits, params.levels)


@hookimpl
def methodnet_add_indicator_kinds(registry: PluginRegistrar) -> None:
    registry.add_indicator_kind("saratov.participation_by_level", participation_by_level, params=ParticipationParams,
                                description="доля участников мероприятий (ПР или ОО), всего и по уровням",
                                tables=("participation", "event"))
    registry.add_indicator_kind("saratov.roles_by_level", roles_by_level, params=RolesParams,
                                description="доля тьюторов, экспертов, членов жюри, всего и по уровням",
                                tables=("role", "participation", "event"))
