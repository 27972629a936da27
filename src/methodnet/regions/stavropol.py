"""Ставропольский край: the rule forming school methodical associations (ШМО).

Кисловодск's program: an ШМО is created where a school has more than two teachers of
one specialty, or more than three teachers of one cycle of subjects (гуманитарный,
естественно-математический…). The cycles come from the profile's vocabulary
``subject_cycles`` (cycle → subjects, comma-separated).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.derived import employed_on_expr
from methodnet.plugins import Finding, hookimpl

PLUGIN_NAME = "stavropol"


class ShmoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    same_subject_more_than: int = Field(2, ge=0, description="ШМО нужно, если учителей одного предмета больше")
    same_cycle_more_than: int = Field(3, ge=0, description="ШМО нужно, если учителей одного цикла больше")


def cycle_of(subject: str, cycles: dict[str, str]) -> str | None:
    """The cycle whose listed subjects name ``subject`` (either contains the other)."""
    name = subject.lower()
    for cycle, listed in cycles.items():
        for item in (s.strip().lower() for s in listed.split(",")):
            if item and (item in name or name in item):
                return cycle
    return None


def shmo_formation(ctx: Any, rule: Any, params: ShmoParams) -> list[Finding]:
    ds = ctx.dataset
    cycles = ctx.profile.vocabularies.get("subject_cycles", {})
    schools = ds["organization"].filter(pl.col("kind") == "school")["id"].to_list()
    teachers = (ds["staff"].filter(employed_on_expr(ctx.at) & pl.col("organization_id").is_in(schools))
                .select("id", "organization_id", "subjects").explode("subjects").drop_nulls("subjects"))
    teachers = teachers.with_columns(
        pl.col("subjects").map_elements(lambda s: cycle_of(s, cycles), return_dtype=pl.String).alias("cycle"))
    shmo = ds["association"].filter((pl.col("level") == "school") & pl.col("closed").is_null())
    have_subject = {(o, s) for o, s in shmo.select("organization_id", "subject").iter_rows() if s}
    have_cycle = {(o, c) for o, c in shmo.select("organization_id", "subject_cycle").iter_rows() if c}
    findings = []
    by_subject = teachers.group_by("organization_id", "subjects").agg(pl.col("id").n_unique().alias("n"))
    for org, subject, n in by_subject.sort("organization_id", "subjects").iter_rows():
        cycle = cycle_of(subject, cycles)
        if n > params.same_subject_more_than and (org, subject) not in have_subject and (org, cycle) not in have_cycle:
            findings.append(Finding(rule.id, rule.severity, "organization", org,
                                    f"учителей предмета «{subject}»: {n} (больше {params.same_subject_more_than}), "
                                    "а ШМО по нему нет", ctx.source(rule), "создайте ШМО по предмету или циклу"))
    by_cycle = teachers.drop_nulls("cycle").group_by("organization_id", "cycle").agg(pl.col("id").n_unique().alias("n"))
    for org, cycle, n in by_cycle.sort("organization_id", "cycle").iter_rows():
        if n > params.same_cycle_more_than and (org, cycle) not in have_cycle:
            findings.append(Finding(rule.id, rule.severity, "organization", org,
                                    f"учителей цикла «{cycle}»: {n} (больше {params.same_cycle_more_than}), "
                                    "а ШМО цикла нет", ctx.source(rule), "создайте ШМО цикла"))
    return findings


@hookimpl
def methodnet_add_rule_kinds(registry: Any) -> None:
    registry.add_rule_kind("stavropol.shmo_formation", shmo_formation, params=ShmoParams,
                           description="ШМО при числе учителей предмета > 2 или цикла > 3")
