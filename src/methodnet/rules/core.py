"""Core rule kinds about municipalities and the profile: monitoring frequency, the roadmap,
required documents, indicators below target; and the registry of all core kinds.

Every kind reads the data as of its check date (:class:`RuleContext`); see
:mod:`methodnet.rules.people` and :mod:`methodnet.rules.ioms` for the rules about staff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.asof import last_complete_year
from methodnet.plugins.registry import Finding
from methodnet.rules.context import NoParams, RuleContext
from methodnet.rules.grouped import plural

if TYPE_CHECKING:
    from methodnet.profile.model import RuleEntry

#: Reports of a monitoring. The ММС work plan (``mms_work_plan``) is a plan, not a monitoring,
#: and does not count (Серышево разд. III, Петровский разд. 5 ask for monitorings).
MONITORING_KINDS = ("deficit_monitoring", "gmo_monitoring", "shmo_monitoring", "young_teacher_monitoring",
                    "mms_monitoring")


class MonitoringParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_year: int = Field(ge=1, description="Не реже стольких раз в год")
    document_kind: str | None = Field(None, description="Вид документа-отчёта мониторинга (по умолчанию любые мониторинги)")
    document_kinds: list[str] | None = Field(None, description="Виды документов-отчётов мониторинга (список)")


def monitoring_frequency(ctx: RuleContext, rule: RuleEntry, params: MonitoringParams) -> list[Finding]:
    """Each municipality must have at least ``per_year`` monitoring reports in the last complete year.

    The year is the last one finished by the check date: a check on 01.09.2024 judges 2023;
    a year outside the profile's program period is not judged (the act did not yet apply).
    With no monitoring document of these kinds in any year the data say nothing about monitoring.
    """
    ctx.need("municipality", "document")
    kinds = list(params.document_kinds or ([params.document_kind] if params.document_kind else MONITORING_KINDS))
    docs = ctx.need_rows(ctx.dataset["document"].filter(pl.col("kind").is_in(kinds)
                                                         & pl.col("municipality_id").is_not_null()),
                         "мониторингах (документы видов: " + ", ".join(kinds) + ")", "document")
    year = last_complete_year(ctx.at)
    if ctx.profile.period is not None and not ctx.profile.period.contains(year):
        return []  # the act's program did not run that year: it required nothing
    in_year = docs.filter(pl.col("approved").dt.year() == year)
    ids = {m: tuple(sorted(g["id"].to_list())) for (m,), g in in_year.group_by("municipality_id")}
    findings = []
    for municipality in sorted(ctx.dataset["municipality"]["id"].to_list()):
        counted = ids.get(municipality, ())
        n = len(counted)
        if n < params.per_year:
            findings.append(Finding(
                rule.id, rule.severity, "municipality", municipality,
                f"мониторинг в {year} г. проведён {n} {plural(n, 'раз', 'раза', 'раз')}, а требуется не реже "
                f"{params.per_year} {plural(params.per_year, 'раза', 'раз', 'раз')} в год", ctx.source(rule),
                "проведите мониторинг и внесите его отчёт в документы", group=str(year), count=n,
                rows=counted, table="document", period=str(year)))
    return findings


def roadmap_repeats(ctx: RuleContext, rule: RuleEntry, params: NoParams) -> list[Finding]:
    """Roadmap measures that repeat another (marked ``repeats`` or with the same title).

    It reads the profile only (the act's text), so it has no check date to respect.
    """
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for item in ctx.profile.roadmap:
        key = " ".join(item.title.lower().split())
        original = item.repeats or seen.get(key)
        if original:
            findings.append(Finding(rule.id, "warning", "profile", item.id,
                                    f"мероприятие «{item.id}» повторяет «{original}»",
                                    str(item.source) if item.source else None, "объедините пункты дорожной карты",
                                    group=item.id))
        seen.setdefault(key, item.id)
    return findings


def roadmap_overdue(ctx: RuleContext, rule: RuleEntry, params: NoParams) -> list[Finding]:
    """Roadmap measures with a deadline before the check date that no completion recorded by then covers.

    Deadlines (yearly ones repeated over the program) and coverage are the roadmap's own
    (:func:`methodnet.profile.roadmap.overdue`, shared with the report's roadmap table). A
    measure marked done on a later day was not done on the check date; a «done» mark without
    its date is taken as of the data's date.
    """
    from methodnet.profile.roadmap import occurrences, overdue

    items = [item for item in ctx.profile.roadmap if not item.repeats]
    if not any(d < ctx.at for item in items for d in occurrences(item, ctx.profile.period)):
        return []
    ctx.need("municipality", "roadmap_status")
    known = pl.lit(ctx.data_date, pl.Date)
    status = ctx.dataset["roadmap_status"].filter(
        (pl.col("status") == "done") & (pl.coalesce(pl.col("completed_on"), known) <= ctx.at))
    done: dict[tuple[str, str], list] = {}
    for measure, municipality, completed in status.select("measure", "municipality_id", "completed_on").iter_rows():
        done.setdefault((measure, municipality), []).append(completed)
    findings = []
    for municipality in sorted(ctx.dataset["municipality"]["id"].to_list()):
        for item in items:
            for due in overdue(item, ctx.profile.period, done.get((item.id, municipality), []), ctx.at):
                findings.append(Finding(rule.id, rule.severity, "municipality", municipality,
                                        f"мероприятие «{item.title}» не отмечено выполненным, срок {due:%d.%m.%Y}",
                                        str(item.source) if item.source else None,
                                        "отметьте выполнение на листе «Дорожная карта» или перенесите срок",
                                        group=item.id))
    return findings


class DocumentParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_kind: str = Field(description="Вид документа из vocabularies.document_kinds")
    level: str = Field("municipality", pattern="^(municipality|organization)$")
    organization_kinds: list[str] = Field(default_factory=lambda: ["school"],
                                          description="Для level: organization — какие организации обязаны его иметь",
                                          json_schema_extra={"x-column": "organization.kind"})


def document_missing(ctx: RuleContext, rule: RuleEntry, params: DocumentParams) -> list[Finding]:
    """A required document not in force on the check date, for the municipality or each organization.

    Owed by organizations operating on the date (a school closed later still owed it);
    a document counts only once approved and while its period covers the date.
    """
    ctx.need("document", "municipality" if params.level == "municipality" else "organization")
    docs = ctx.documents([params.document_kind])
    label = ctx.profile.vocabularies.get("document_kinds", {}).get(params.document_kind, params.document_kind)
    if params.level == "municipality":
        have = set(docs["municipality_id"].drop_nulls().to_list())
        owners = ctx.dataset["municipality"]["id"].to_list()
    else:
        have = set(docs["organization_id"].drop_nulls().to_list())
        owners = ctx.organizations(params.organization_kinds)["id"].to_list()
    return [Finding(rule.id, rule.severity, params.level, owner, f"нет документа «{label}» на {ctx.at:%d.%m.%Y}",
                    ctx.source(rule), "утвердите документ и внесите его в таблицу документов",
                    organization=owner if params.level == "organization" else None, group=params.document_kind)
            for owner in sorted(owners) if owner not in have]


class BelowTargetParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str | None = Field(None, description="Период (по умолчанию — последний завершённый год до даты проверки)")
    by: str | None = Field(None, description="Разрез, например municipality")


def indicator_below_target(ctx: RuleContext, rule: RuleEntry, params: BelowTargetParams) -> list[Finding]:
    """Indicators of the profile that miss their target, with the gap.

    By default the period judged is the last year finished by the check date (a year still
    running is «в процессе», never below target). The evaluation is the engine's.
    """
    from methodnet.engine.evaluate import Engine

    period = params.period or str(last_complete_year(ctx.at))
    given = ctx.evaluation
    frame = given.frame if given is not None else None
    # Read from the results frame, not its row objects: a national evaluation has 250,000 rows.
    reuse = frame is not None and (frame["period"] == period).any() and (
        not params.by or (frame["group_by"] == params.by).any())
    evaluation = given if given is not None and reuse else Engine(ctx.profile, ctx.dataset, ctx.plugins).evaluate(
        period, by=[params.by] if params.by else None)
    judged = pl.col("group_by").is_null()
    if params.by:
        judged |= pl.col("group_by") == params.by
    below = evaluation.frame.filter((pl.col("period") == period) & (pl.col("status") == "not_met")
                                    & judged)
    findings = []
    for row in below.iter_rows(named=True):
        group, group_by = row["group"], row["group_by"]
        subject_kind = "profile" if group is None else (group_by or "profile")
        findings.append(Finding(rule.id, rule.severity, subject_kind, group or ctx.profile.id,
                                f"«{row['name']}» за {row['period']}: {_num(row['value'])} при цели "
                                f"{_num(row['target'])} (отставание {_num(abs(row['gap'] or 0))})", row["source"],
                                "разберите причины и запланируйте меры",
                                organization=group if group_by == "organization" else None,
                                group=row["indicator"], table="indicator", period=row["period"]))
    return findings


def _num(value: float | None) -> str:
    """One decimal, decimal comma, no trailing «,0» (80 → «80», 62.5 → «62,5»): :func:`methodnet.russian.number`."""
    from methodnet.russian import number

    return number(value)


def _registry() -> dict[str, tuple[Any, Any, str, tuple[str, ...]]]:
    from methodnet.rules import ioms, people

    return {
        "monitoring_frequency": (monitoring_frequency, MonitoringParams, "мониторинг не реже N раз в год",
                                 ("document",)),
        "roadmap_repeats": (roadmap_repeats, NoParams, "повторяющиеся мероприятия дорожной карты", ()),
        "roadmap_overdue": (roadmap_overdue, NoParams, "просроченные мероприятия дорожной карты", ("roadmap_status",)),
        "young_teacher_unsupported": (people.young_teacher_unsupported, people.YoungParams,
                                      "молодой педагог без сопровождения",
                                      ("mentorship", "association", "association_member", "event", "participation")),
        "no_recent_training": (people.no_recent_training, people.RecentTrainingParams, "нет ПК за последние N лет",
                               ("training", "program")),
        "attestation_expiring": (people.attestation_expiring, people.ExpiringParams, "категория истекает в горизонте",
                                 ("attestation",)),
        "deficit_without_iom": (ioms.deficit_without_iom, ioms.DeficitIomParams, "дефициты без ИОМ в течение N дней",
                                ("diagnostic", "diagnostic_result", "competency", "iom")),
        "iom_step_without_deficit": (ioms.iom_step_without_deficit, NoParams, "шаг ИОМ не закрывает дефицитов",
                                     ("iom", "iom_step")),
        "iom_overdue": (ioms.iom_overdue, NoParams, "ИОМ просрочен", ("iom",)),
        "audience_mismatch": (people.audience_mismatch, NoParams, "слушатель не из аудитории программы",
                              ("training", "program")),
        "document_missing": (document_missing, DocumentParams, "нет обязательного документа", ("document",)),
        "indicator_below_target": (indicator_below_target, BelowTargetParams, "показатель ниже цели", ()),
    }


#: name → (check, params model, description, tables the check reads)
CORE_RULES = _registry()
