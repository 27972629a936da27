"""Амурская область: profile classes and trainings at the regional institute by form of study.

Серышево's program (приказ № 183, разд. III) counts «общеобразовательные организации с
профильными классами» (педагогические, агрономические, медицинские, кадетские, космические)
and pedagogues trained at ГАУ ДПО «Амурский институт развития образования» by form of study
(выездные курсы, заочное, дистанционное, интернет-обучение).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.base import Entity, TableMeta, column
from methodnet.model.vocab import Vocabulary
from methodnet.plugins import Population, hookimpl

if TYPE_CHECKING:  # the typed plugin API (annotations only)
    from methodnet import KindContext
    from methodnet.plugins import PluginRegistrar
    from methodnet.profile.model import PluginIndicator

PLUGIN_NAME = "amur"


class ProfileClassKind(Vocabulary):
    pedagogical = "pedagogical", "педагогический класс", "педагогические"
    agronomic = "agronomic", "агрономический класс", "агрономические"
    medical = "medical", "медицинский класс", "медицинские"
    cadet = "cadet", "кадетский класс", "кадетские"
    space = "space", "космический класс", "космические"
    other = "other", "другой профиль"


class ProfileClass(Entity):
    """A profile class (group) of a school in a school year."""

    meta = TableMeta("profile_class", "Профильные классы", ("профильные классы", "классы"),
                     date_order=(("start", "end"),), span=("start", "end"))
    id: str = column("Идентификатор", aliases=("ид", "код"))
    organization_id: str = column("Организация", ref="organization")
    kind: ProfileClassKind = column("Профиль", aliases=("вид",))
    start: dt.date = column("Начало", aliases=("с",))
    end: dt.date | None = column("Окончание", None, aliases=("по",))
    students: int | None = column("Обучающихся", None, ge=0)


class ProfileClassesParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    classes: list[ProfileClassKind] = Field(default_factory=lambda: [k for k in ProfileClassKind if k != "other"],
                                            description="Какие профили считать")


def profile_classes_share(ctx: KindContext, ind: PluginIndicator, params: ProfileClassesParams) -> Population:
    """Share of general-education organizations running at least one listed profile class in the period."""
    kinds = [str(k) for k in params.classes]
    classes = ctx.frames.frame("profile_class").filter(pl.col("kind").is_in(kinds)).select("organization_id").collect()
    lf, groups = ctx.population("organization", ctx.parse('kind == "school"', "organization"))
    lf = lf.with_columns(pl.col("id").is_in(classes["organization_id"].implode()).alias("__hit"))
    return Population(lf, "organization", "share", groups)


class InstituteParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    provider: str = Field(description="Организация ДПО, как в каталоге программ")
    forms: list[str] = Field(default_factory=lambda: ["on_site", "correspondence", "distance", "online"],
                             description="Формы обучения (коды: on_site, correspondence, distance, online…)",
                             json_schema_extra={"x-column": "program.form"})
    categories: list[str] = Field(default_factory=lambda: ["pedagogue"],
                                  description="Категории работников (pedagogue — «количество педагогических работников»)",
                                  json_schema_extra={"x-column": "staff.category"})


def institute_trainings(ctx: KindContext, ind: PluginIndicator, params: InstituteParams) -> Population:
    """Pedagogues who completed a course or retraining at the provider, in the listed forms (distinct people).

    Only the listed staff categories count: the act counts «педагогических работников», so
    managers trained at the institute are not in the number.
    """
    text = "completed and program.provider == {p} and program.form in {f} and staff.category in {c}".format(
        p=repr(params.provider), f=repr([str(f) for f in params.forms]), c=repr([str(c) for c in params.categories]))
    condition = ctx.parse(text, "training")
    lf, groups = ctx.population("training", condition)
    return Population(lf.with_columns(pl.col("staff_id").alias("__value")), "training", "distinct", groups)


@hookimpl
def methodnet_add_tables(registry: PluginRegistrar) -> None:
    registry.add_table(ProfileClass)


@hookimpl
def methodnet_add_indicator_kinds(registry: PluginRegistrar) -> None:
    registry.add_indicator_kind("amur.profile_classes_share", profile_classes_share, params=ProfileClassesParams,
                                description="доля ОО с профильными классами (педагогические, агрономические…)",
                                tables=("profile_class",))
    registry.add_indicator_kind("amur.institute_trainings", institute_trainings, params=InstituteParams,
                                description="число ПР, прошедших курсы в региональном институте по формам обучения",
                                tables=("training", "program"))
