"""Rule kinds about staff: young teachers' support, professional development, attestation, audiences.

Each reads staff employed on the check date D in organizations operating on D, and the
records as they stood on D; findings are addressed to the organization and count its people
(their ids only in ``rows``, for ``explain``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, get_args

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.asof import training_completed_within
from methodnet.model.derived import is_young_teacher_expr
from methodnet.plugins.registry import Finding
from methodnet.rules.context import NoParams, RuleContext
from methodnet.rules.grouped import per_organization, plural

if TYPE_CHECKING:
    from methodnet.profile.model import RuleEntry

Form = Literal["mentoring", "association", "young_teacher_school"]
#: The tables each support form is read from (all needed: a form one cannot see may be the support).
FORM_TABLES: dict[str, tuple[str, ...]] = {
    "mentoring": ("mentorship",),
    "association": ("association", "association_member"),
    "young_teacher_school": ("event", "participation"),
}
FORM_RU = {"mentoring": "наставник", "association": "методическое объединение",
           "young_teacher_school": "школа молодого педагога"}
FORM_PLACE = {"association": "методическое объединение", "young_teacher_school": "школу молодого педагога"}


def _support_action(forms: Sequence[str]) -> str:
    """«назначьте наставника или включите в методическое объединение или школу молодого педагога»."""
    places = [FORM_PLACE[f] for f in forms if f in FORM_PLACE]
    parts = (["назначьте наставника"] if "mentoring" in forms else []) + \
        (["включите в " + " или ".join(places)] if places else [])
    return " или ".join(parts)


class YoungParams(BaseModel):
    """Which support counts and who is young — the act's reading, stated in the profile.

    ``max_years``/``max_age`` left out take the profile's ``parameters`` (young_max_years,
    young_max_age); ``max_age: null`` written out means no age limit.
    """

    model_config = ConfigDict(extra="forbid")
    forms: list[Form] = Field(default_factory=lambda: list(get_args(Form)),
                              min_length=1, description="Формы сопровождения, которые засчитываются")
    max_years: int | None = Field(None, ge=1, description="Молодой педагог: стаж меньше стольких полных лет")
    max_age: int | None = Field(None, ge=18, description="Молодой педагог: моложе стольких лет (null — без предела)")


def _limits(ctx: RuleContext, params: YoungParams) -> tuple[int, int | None]:
    p = ctx.profile.parameters
    years = params.max_years if params.max_years is not None else p.young_max_years
    age = params.max_age if "max_age" in params.model_fields_set else p.young_max_age
    return years, age


def young_teacher_unsupported(ctx: RuleContext, rule: RuleEntry, params: YoungParams) -> list[Finding]:
    """Young pedagogues on D with none of the profile's support forms running on D.

    Mentoring: a mentorship running on D whose mentor is employed on D. Association: a
    membership on D of an association existing on D. School: a young-teacher school event
    held on or before D.
    """
    ctx.need("staff", *[t for f in params.forms for t in FORM_TABLES[f]])
    years, age = _limits(ctx, params)
    teachers = ctx.staff().filter(pl.col("category") == "pedagogue")
    ctx.need_rows(teachers.filter(pl.col("career_start").is_not_null()), "стаже педагогов (начало работы)", "staff")
    young = teachers.filter(is_young_teacher_expr(ctx.at, max_age=age, max_years=years))
    supported: list[pl.Series] = []
    if "mentoring" in params.forms:
        supported.append(ctx.mentorships()["mentee_id"])
    if "association" in params.forms:
        supported.append(ctx.memberships()["staff_id"])
    if "young_teacher_school" in params.forms:
        school = ctx.dataset["event"].filter((pl.col("kind") == "young_teacher_school") & (pl.col("start") <= ctx.at))
        supported.append(ctx.dataset["participation"].filter(pl.col("event_id").is_in(school["id"].implode()))
                         ["staff_id"].drop_nulls())
    lonely = young.filter(~pl.col("id").is_in(pl.concat(supported).unique().implode()))
    who = f"первые {years} {plural(years, 'год', 'года', 'лет')} работы" + (f", моложе {age} лет" if age else "")
    without = "без наставника" if params.forms == ["mentoring"] else \
        "без сопровождения (" + ", ".join(FORM_RU[f] for f in params.forms) + ")"
    return per_organization(
        rule, ctx.source(rule), lonely,
        lambda n, _: f"{n} {plural(n, 'молодой педагог', 'молодых педагога', 'молодых педагогов')} ({who}) "
                     f"{without} на {ctx.at:%d.%m.%Y}",
        _support_action(params.forms))


class RecentTrainingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    years: int = Field(3, ge=1, description="Не реже одного раза в столько лет")
    categories: list[str] = Field(default_factory=lambda: ["pedagogue", "manager"],
                                  json_schema_extra={"x-column": "staff.category"})


def _years_before(at: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (29 February → 28 February)."""
    return at.replace(year=at.year - years, day=28 if (at.month, at.day) == (2, 29) else at.day)


def no_recent_training(ctx: RuleContext, rule: RuleEntry, params: RecentTrainingParams) -> list[Finding]:
    """Staff employed on D with no course completed in the N years up to D.

    A course counts on its completion day (its end; the data's date when unknown), so one
    finishing after D does not count on D, and a dropped one never does.
    """
    ctx.need("staff", "training")
    since = _years_before(ctx.at, params.years)
    staff = ctx.staff().filter(pl.col("category").is_in(params.categories))
    done = ctx.dataset["training"].filter(training_completed_within(since, ctx.at, ctx.data_date))["staff_id"]
    missing = staff.filter(~pl.col("id").is_in(done.implode()))
    return per_organization(
        rule, ctx.source(rule), missing,
        lambda n, _: f"{n} {plural(n, 'работник', 'работника', 'работников')} без завершённого повышения "
                     f"квалификации за {params.years} {plural(params.years, 'год', 'года', 'лет')} "
                     f"(с {since:%d.%m.%Y} по {ctx.at:%d.%m.%Y})",
        "включите в план-график повышения квалификации")


class ExpiringParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(180, ge=1, description="Горизонт: категория истекает в ближайшие N дней")


def attestation_expiring(ctx: RuleContext, rule: RuleEntry, params: ExpiringParams) -> list[Finding]:
    """Staff employed on D whose category, by their latest attestation up to D, expires within the horizon.

    An attestation dated after D is not known on D.
    """
    ctx.need("staff", "attestation")
    horizon = ctx.at + dt.timedelta(days=params.days)
    staff = ctx.staff().select("id", "organization_id")
    latest = (ctx.dataset["attestation"].filter(pl.col("date") <= ctx.at).sort("date").group_by("staff_id").last())
    soon = (latest.filter(pl.col("category").is_in(["highest", "first"]) & pl.col("expires").is_between(ctx.at, horizon))
            .join(staff, left_on="staff_id", right_on="id"))
    first = dict(soon.group_by("organization_id").agg(pl.col("expires").min()).iter_rows())
    findings = per_organization(
        rule, ctx.source(rule), soon,
        lambda n, _: f"у {n} {plural(n, 'работника', 'работников', 'работников')} квалификационная категория "
                     f"истекает в ближайшие {params.days} дн. (до {horizon:%d.%m.%Y})",
        "включите в график аттестации", id_column="staff_id")
    return [replace(f, message=f.message + f", ближайший срок — {first[f.organization]:%d.%m.%Y}") for f in findings]


def audience_mismatch(ctx: RuleContext, rule: RuleEntry, params: NoParams) -> list[Finding]:
    """Listeners (staff employed on D, courses begun by D) whose category or position is not the program's audience."""
    ctx.need("staff", "training", "program")
    ds = ctx.dataset
    rows = (ds["training"].filter(pl.col("start") <= ctx.at).select("staff_id", "program_id")
            .join(ctx.staff().select(pl.col("id").alias("staff_id"), "organization_id", "category", "position"),
                  on="staff_id")
            .join(ds["program"].select(pl.col("id").alias("program_id"), "audience"), on="program_id"))
    bad = rows.filter((pl.col("audience").list.len() > 0) & ~pl.col("audience").list.contains(pl.col("category"))
                      & ~pl.col("audience").list.contains(pl.col("position")))
    return per_organization(
        rule, ctx.source(rule), bad,
        lambda n, program: f"программа «{program}»: {n} {plural(n, 'слушатель', 'слушателя', 'слушателей')} "
                           "не из её аудитории",
        "подберите программу для этой категории слушателей", group="program_id",
        id_column="staff_id")
