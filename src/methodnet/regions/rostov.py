"""Ростовская область: young teachers' adaptation monitoring and competence areas.

Октябрьский район (приказ № 495) expects a municipal monitoring of young teachers'
adaptation and higher competence in work with gifted children, digital education and
inclusive education.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.base import Entity, TableMeta, column
from methodnet.plugins import Population, hookimpl

PLUGIN_NAME = "rostov"


class AdaptationSurvey(Entity):
    """One young teacher's adaptation monitoring record."""

    meta = TableMeta("adaptation_survey", "Мониторинг адаптации молодых педагогов",
                     ("адаптация", "мониторинг адаптации"), span=("date", None))
    id: str = column("Идентификатор", aliases=("ид", "код"))
    staff_id: str = column("Педагог", ref="staff", aliases=("работник",))
    date: dt.date = column("Дата", past=True)
    adapted: bool = column("Адаптирован", aliases=("успешная адаптация",))
    difficulties: list[str] = column("Затруднения", [])


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


def young_teacher_adaptation(ctx: Any, ind: Any, params: NoParams) -> Population:
    """Share of young pedagogues covered by the adaptation monitoring in the period."""
    young = ctx.parse('category == "pedagogue" and young', "staff")
    monitored = ctx.parse("exists(adaptation_surveys)", "staff")
    lf, groups = ctx.population("staff", young, [monitored])
    return Population(lf.with_columns(ctx.compile(monitored).fill_null(False).alias("__hit")), "staff", "share",
                      groups)


class AreaParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    area: Literal["gifted_children", "digital_education", "inclusive_education"] = Field(
        description="Область компетентности; программы ДПО отмечаются этой меткой (tags)")


def competence_area_share(ctx: Any, ind: Any, params: AreaParams) -> Population:
    """Share of pedagogues who completed a course tagged with the area (program.tags)."""
    pedagogues = ctx.parse('category == "pedagogue"', "staff")
    trained = ctx.parse(f'exists(trainings, completed and "{params.area}" in program.tags)', "staff")
    lf, groups = ctx.population("staff", pedagogues, [trained])
    return Population(lf.with_columns(ctx.compile(trained).fill_null(False).alias("__hit")), "staff", "share", groups)


@hookimpl
def methodnet_add_tables(registry: Any) -> None:
    registry.add_table(AdaptationSurvey)


@hookimpl
def methodnet_add_indicator_kinds(registry: Any) -> None:
    registry.add_indicator_kind("rostov.young_teacher_adaptation", young_teacher_adaptation, params=NoParams,
                                description="доля молодых педагогов, охваченных мониторингом адаптации",
                                tables=("adaptation_survey",))
    registry.add_indicator_kind("rostov.competence_area_share", competence_area_share, params=AreaParams,
                                description="доля ПР, прошедших ПК в области (одарённые дети, цифровое, инклюзивное)",
                                tables=("training", "program"))
