"""Саратовская область: participation and roles by level (municipal, regional, federal).

Петровский район (приказ № 326-ОД, разд. 5) asks for shares of pedagogues and
organizations in contests and experience presentations, and of tutors, experts and jury
members, «на различных уровнях». Each level's share has everyone in its denominator.
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.plugins import Population, hookimpl

PLUGIN_NAME = "saratov"
LEVELS = ["municipal", "regional", "federal"]


class ParticipationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: Literal["staff", "organization"] = Field("staff", description="Чьё участие считать")
    event_kinds: list[str] = Field(default_factory=lambda: ["contest"], description="Виды мероприятий")
    levels: list[str] = Field(default_factory=lambda: list(LEVELS), description="Уровни для разбивки")


class RolesParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str] = Field(default_factory=lambda: ["tutor", "expert", "jury_member"])
    levels: list[str] = Field(default_factory=lambda: list(LEVELS))


def _by_level(ctx: Any, table: str, where: Any, hits_at: pl.LazyFrame, levels: list[str]) -> Population:
    """Rows of ``table``; ``hits_at`` has (id, level) pairs where a row took part."""
    lf, groups = ctx.population(table, where)
    per_level = hits_at.filter(pl.col("level").is_in(levels)).group_by("id").agg(pl.col("level").unique())
    lf = lf.join(per_level.rename({"level": "__levels"}), on="id", how="left").with_columns(
        pl.col("__levels").fill_null(pl.lit([], pl.List(pl.String))))
    lf = lf.with_columns(
        (pl.col("__levels").list.len() > 0).alias("__hit"),
        pl.lit(levels, pl.List(pl.String)).alias("__level_keys"),
        pl.concat_list([pl.col("__levels").list.contains(pl.lit(level)) for level in levels]).alias("__level_hits"),
    )
    return Population(lf, table, "share", groups, exploded={"level": ("__level_keys", "__level_hits")})


def participation_by_level(ctx: Any, ind: Any, params: ParticipationParams) -> Population:
    parts = ctx.frames.frame("participation", extra_paths=["event.kind", "event.level"]).filter(
        pl.col("event.kind").is_in(params.event_kinds))
    key = "staff_id" if params.subject == "staff" else "organization_id"
    hits = parts.filter(pl.col(key).is_not_null()).select(pl.col(key).alias("id"), pl.col("event.level").alias("level"))
    if params.subject == "organization":  # an organization also takes part through its staff
        staff_orgs = ctx.dataset["staff"].lazy().select(pl.col("id").alias("staff_id"), pl.col("organization_id").alias("id"))
        through_staff = parts.select("staff_id", pl.col("event.level").alias("level")).join(staff_orgs, on="staff_id") \
            .select("id", "level")
        hits = pl.concat([hits, through_staff])
        where = ctx.parse('kind in ["school", "kindergarten", "additional"]', "organization")
        return _by_level(ctx, "organization", where, hits, params.levels)
    return _by_level(ctx, "staff", None, hits, params.levels)


def roles_by_level(ctx: Any, ind: Any, params: RolesParams) -> Population:
    roles = ctx.frames.frame("role").filter(pl.col("kind").is_in(params.roles))
    hits = roles.select(pl.col("staff_id").alias("id"), "level")
    return _by_level(ctx, "staff", ctx.parse('category == "pedagogue"', "staff"), hits, params.levels)


@hookimpl
def methodnet_add_indicator_kinds(registry: Any) -> None:
    registry.add_indicator_kind("saratov.participation_by_level", participation_by_level, params=ParticipationParams,
                                description="доля участников мероприятий (ПР или ОО) по уровням")
    registry.add_indicator_kind("saratov.roles_by_level", roles_by_level, params=RolesParams,
                                description="доля тьюторов, экспертов, членов жюри по уровням")
