"""Core rule kinds: monitoring frequency and the roadmap (repeats, overdue measures)."""

from __future__ import annotations

from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.plugins.registry import Finding
from methodnet.rules.context import RuleContext

#: Reports of a monitoring. The ММС work plan (``mms_work_plan``) is a plan, not a monitoring,
#: and does not count (Серышево разд. III, Петровский разд. 5 ask for monitorings).
MONITORING_KINDS = ("deficit_monitoring", "gmo_monitoring", "shmo_monitoring", "young_teacher_monitoring",
                    "mms_monitoring")


class MonitoringParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_year: int = Field(ge=1, description="Не реже стольких раз в год")
    document_kind: str | None = Field(None, description="Вид документа-отчёта мониторинга (по умолчанию любые мониторинги)")
    document_kinds: list[str] | None = Field(None, description="Виды документов-отчётов мониторинга (список)")


def monitoring_frequency(ctx: RuleContext, rule: Any, params: MonitoringParams) -> list[Finding]:
    """Each municipality must have at least ``per_year`` monitoring reports in the last complete year."""
    kinds = list(params.document_kinds or ([params.document_kind] if params.document_kind else MONITORING_KINDS))
    docs = ctx.dataset["document"].filter(pl.col("kind").is_in(kinds) & pl.col("municipality_id").is_not_null())
    year = ctx.at.year - 1  # the last complete year
    counts = dict(docs.filter(pl.col("approved").dt.year() == year).group_by("municipality_id").len().iter_rows())
    findings = []
    for municipality in ctx.dataset["municipality"]["id"].to_list():
        n = counts.get(municipality, 0)
        if n < params.per_year:
            findings.append(Finding(rule.id, rule.severity, "municipality", municipality,
                                    f"мониторинг в {year} г. проведён {n} раз(а), а требуется не реже "
                                    f"{params.per_year} раз(а) в год", ctx.source(rule),
                                    "проведите мониторинг и внесите его отчёт в документы"))
    return findings


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


def roadmap_repeats(ctx: RuleContext, rule: Any, params: NoParams) -> list[Finding]:
    """Roadmap measures that repeat another (marked ``repeats`` or with the same title)."""
    findings, seen = [], {}
    for item in ctx.profile.roadmap:
        key = " ".join(item.title.lower().split())
        original = item.repeats or seen.get(key)
        if original:
            findings.append(Finding(rule.id, "warning", "profile", item.id,
                                    f"мероприятие «{item.id}» повторяет «{original}»",
                                    str(item.source) if item.source else None, "объедините пункты дорожной карты"))
        seen.setdefault(key, item.id)
    return findings


def roadmap_overdue(ctx: RuleContext, rule: Any, params: NoParams) -> list[Finding]:
    """Roadmap measures past their due date with no completion record."""
    from methodnet.profile.roadmap import overdue

    status = ctx.dataset["roadmap_status"].filter(pl.col("status") == "done")
    done: dict[tuple[str, str], list] = {}
    for measure, municipality, completed in status.select("measure", "municipality_id", "completed_on").iter_rows():
        done.setdefault((measure, municipality), []).append(completed)
    findings = []
    for municipality in ctx.dataset["municipality"]["id"].to_list():
        for item in ctx.profile.roadmap:
            if item.repeats:
                continue
            for due in overdue(item, ctx.profile.period, done.get((item.id, municipality), []), ctx.at):
                findings.append(Finding(rule.id, rule.severity, "municipality", municipality,
                                        f"мероприятие «{item.title}» не отмечено выполненным, срок {due:%d.%m.%Y}",
                                        str(item.source) if item.source else None,
                                        "внесите отметку о выполнении (roadmap_status) или перенесите срок"))
    return findings


#: name → (check, params model, description)
CORE_RULES = {
    "monitoring_frequency": (monitoring_frequency, MonitoringParams, "мониторинг не реже N раз в год"),
    "roadmap_repeats": (roadmap_repeats, NoParams, "повторяющиеся мероприятия дорожной карты"),
    "roadmap_overdue": (roadmap_overdue, NoParams, "просроченные мероприятия дорожной карты"),
}


# --------------------------------------------------------------------------- people


class YoungParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


def young_teacher_unsupported(ctx: RuleContext, rule: Any, params: YoungParams) -> list[Finding]:
    """A young teacher (profile thresholds) with no mentor, no young-teacher school and no association."""
    from methodnet.model.derived import employed_on_expr, is_young_teacher_expr

    p = ctx.profile.parameters
    ds = ctx.dataset
    young = ds["staff"].filter(employed_on_expr(ctx.at) & (pl.col("category") == "pedagogue")
                               & is_young_teacher_expr(ctx.at, max_age=p.young_max_age, max_years=p.young_max_years))
    active = (pl.col("start").is_null() | (pl.col("start") <= ctx.at)) & (pl.col("end").is_null() | (pl.col("end") >= ctx.at))
    mentored = ds["mentorship"].filter(active)["mentee_id"]
    members = ds["association_member"].filter(active)["staff_id"]
    school = ds["event"].filter(pl.col("kind") == "young_teacher_school")["id"]
    schooled = ds["participation"].filter(pl.col("event_id").is_in(school.implode()))["staff_id"]
    supported = pl.concat([mentored, members, schooled.drop_nulls()]).unique()
    lonely = young.filter(~pl.col("id").is_in(supported.implode()))
    return [Finding(rule.id, rule.severity, "person", pid,
                    "молодой педагог без наставника и других форм сопровождения", ctx.source(rule),
                    "назначьте наставника или включите в школу молодого педагога / методическое объединение")
            for pid in lonely["id"].sort().to_list()]


class RecentTrainingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    years: int = Field(3, ge=1, description="Не реже одного раза в столько лет")
    categories: list[str] = Field(default_factory=lambda: ["pedagogue", "manager"])


def no_recent_training(ctx: RuleContext, rule: Any, params: RecentTrainingParams) -> list[Finding]:
    """No completed professional development in the last N years."""
    from methodnet.model.derived import employed_on_expr

    since = ctx.at.replace(year=ctx.at.year - params.years) if not (ctx.at.month == 2 and ctx.at.day == 29) \
        else ctx.at.replace(year=ctx.at.year - params.years, day=28)
    ds = ctx.dataset
    staff = ds["staff"].filter(employed_on_expr(ctx.at) & pl.col("category").is_in(params.categories))
    done = ds["training"].filter((pl.col("status") == "completed") & (pl.coalesce("end", "start") >= since)
                                 & (pl.coalesce("end", "start") <= ctx.at))["staff_id"]
    missing = staff.filter(~pl.col("id").is_in(done.implode()))
    message = f"нет завершённого повышения квалификации за последние {params.years} года (с {since:%d.%m.%Y})"
    source, severity = ctx.source(rule), rule.severity
    return [Finding(rule.id, severity, "person", pid, message, source, "включите в план-график повышения квалификации")
            for pid in missing["id"].sort().to_list()]


class ExpiringParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(180, ge=1, description="Горизонт: категория истекает в ближайшие N дней")


def attestation_expiring(ctx: RuleContext, rule: Any, params: ExpiringParams) -> list[Finding]:
    """A qualification category expiring within the horizon with no newer attestation."""
    import datetime as dt

    from methodnet.model.derived import employed_on_expr

    horizon = ctx.at + dt.timedelta(days=params.days)
    ds = ctx.dataset
    employed = ds["staff"].filter(employed_on_expr(ctx.at))["id"]
    latest = (ds["attestation"].filter(pl.col("staff_id").is_in(employed.implode()) & pl.col("category").is_in(["highest", "first"]))
              .sort("date").group_by("staff_id").last())
    soon = latest.filter(pl.col("expires").is_between(ctx.at, horizon)).sort("staff_id")
    return [Finding(rule.id, rule.severity, "person", pid,
                    f"квалификационная категория истекает {expires:%d.%m.%Y}", ctx.source(rule),
                    "включите в график аттестации")
            for pid, expires in soon.select("staff_id", "expires").iter_rows()]


# --------------------------------------------------------------------------- IOMs


class DeficitIomParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(30, ge=0, description="ИОМ должен быть разработан не позже чем через N дней после диагностики")


def _deficit_diagnostics(ds: Any) -> pl.DataFrame:
    """Diagnostics that found at least one deficit (score below threshold, or marked)."""
    results = ds["diagnostic_result"].join(ds["competency"].select(pl.col("id").alias("competency_id"), "threshold"),
                                           on="competency_id", how="left")
    deficit = pl.coalesce(pl.col("deficit"), pl.col("score") < pl.col("threshold"))
    with_deficit = results.filter(deficit).select("diagnostic_id").unique()
    return ds["diagnostic"].join(with_deficit, left_on="id", right_on="diagnostic_id", how="semi")


def deficit_without_iom(ctx: RuleContext, rule: Any, params: DeficitIomParams) -> list[Finding]:
    """Deficits diagnosed, but no IOM developed within N days."""
    import datetime as dt

    ds = ctx.dataset
    diagnosed = _deficit_diagnostics(ds).filter(pl.col("date") <= ctx.at - dt.timedelta(days=params.days))
    latest = diagnosed.sort("date").group_by("staff_id").last()
    ioms = ds["iom"].filter(pl.col("status") != "cancelled").select("staff_id", pl.col("developed"))
    joined = latest.join(ioms, on="staff_id", how="left")
    ok = joined.filter((pl.col("developed") >= pl.col("date")) &
                       (pl.col("developed") <= pl.col("date") + pl.duration(days=params.days)))["staff_id"]
    missing = latest.filter(~pl.col("staff_id").is_in(ok.implode())).sort("staff_id")
    # dates formatted in one columnar pass, not per finding
    rows = missing.select("staff_id", pl.col("date").dt.to_string("%d.%m.%Y")).iter_rows()
    source, severity, tail = ctx.source(rule), rule.severity, f", ИОМ в течение {params.days} дней не разработан"
    return [Finding(rule.id, severity, "person", pid, f"дефициты выявлены {when}{tail}", source,
                    "разработайте ИОМ (methodnet iom --person …)") for pid, when in rows]


def iom_step_without_deficit(ctx: RuleContext, rule: Any, params: NoParams) -> list[Finding]:
    """IOM steps that name no deficit (competency) they address."""
    steps = ctx.dataset["iom_step"].filter(pl.col("competencies").list.len() == 0).sort("id")
    return [Finding(rule.id, rule.severity, "iom_step", sid, f"шаг ИОМ «{iom}» не связан ни с одним дефицитом",
                    ctx.source(rule), "укажите компетенции (дефициты), которые закрывает шаг")
            for sid, iom in steps.select("id", "iom_id").iter_rows()]


def iom_overdue(ctx: RuleContext, rule: Any, params: NoParams) -> list[Finding]:
    """IOMs past their end date and not completed."""
    late = ctx.dataset["iom"].filter((pl.col("end") < ctx.at) & ~pl.col("status").is_in(["completed", "cancelled"]))
    return [Finding(rule.id, rule.severity, "person", pid, f"ИОМ «{iom}» не выполнен, срок истёк {end:%d.%m.%Y}",
                    ctx.source(rule), "завершите ИОМ или продлите его срок")
            for iom, pid, end in late.sort("id").select("id", "staff_id", "end").iter_rows()]


def audience_mismatch(ctx: RuleContext, rule: Any, params: NoParams) -> list[Finding]:
    """Listeners whose category or position is not in the program's audience."""
    ds = ctx.dataset
    rows = (ds["training"].select("id", "staff_id", "program_id")
            .join(ds["staff"].select(pl.col("id").alias("staff_id"), "category", "position"), on="staff_id")
            .join(ds["program"].select(pl.col("id").alias("program_id"), "audience", "title"), on="program_id"))
    bad = rows.filter((pl.col("audience").list.len() > 0) & ~pl.col("audience").list.contains(pl.col("category"))
                      & ~pl.col("audience").list.contains(pl.col("position"))).sort("id")
    return [Finding(rule.id, rule.severity, "person", pid,
                    f"обучение «{tid}»: категория «{cat}» не входит в аудиторию программы «{program}»",
                    ctx.source(rule), "подберите программу для этой категории слушателей")
            for tid, pid, cat, program in bad.select("id", "staff_id", "category", "program_id").iter_rows()]


# --------------------------------------------------------------------------- documents and indicators


class DocumentParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_kind: str = Field(description="Вид документа из vocabularies.document_kinds")
    level: str = Field("municipality", pattern="^(municipality|organization)$")
    organization_kinds: list[str] = Field(default_factory=lambda: ["school"],
                                          description="Для level: organization — какие организации обязаны его иметь")


def document_missing(ctx: RuleContext, rule: Any, params: DocumentParams) -> list[Finding]:
    """A required document missing for the current period, for the municipality or each organization."""
    docs = ctx.dataset["document"].filter(
        (pl.col("kind") == params.document_kind)
        & (pl.col("period_start").is_null() | (pl.col("period_start") <= ctx.at))
        & (pl.col("period_end").is_null() | (pl.col("period_end") >= ctx.at)))
    label = ctx.profile.vocabularies.get("document_kinds", {}).get(params.document_kind, params.document_kind)
    if params.level == "municipality":
        have = set(docs["municipality_id"].drop_nulls().to_list())
        owners = ctx.dataset["municipality"]["id"].to_list()
    else:
        have = set(docs["organization_id"].drop_nulls().to_list())
        orgs = ctx.dataset["organization"]
        owners = orgs.filter(pl.col("kind").is_in(params.organization_kinds) & pl.col("closed").is_null())["id"].to_list()
    return [Finding(rule.id, rule.severity, params.level, owner, f"нет документа «{label}» на {ctx.at:%d.%m.%Y}",
                    ctx.source(rule), "утвердите документ и внесите его в таблицу документов")
            for owner in sorted(owners) if owner not in have]


class BelowTargetParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str | None = Field(None, description="Период (по умолчанию — год даты проверки)")
    by: str | None = Field(None, description="Разрез, например municipality")


def indicator_below_target(ctx: RuleContext, rule: Any, params: BelowTargetParams) -> list[Finding]:
    """Indicators of the profile that miss their target, with the gap."""
    from methodnet.engine.evaluate import Engine

    period = params.period or str(ctx.at.year)
    reuse = ctx.evaluation is not None and any(r.period == period for r in ctx.evaluation.rows) and (
        not params.by or any(r.group_by == params.by for r in ctx.evaluation.rows))
    evaluation = ctx.evaluation if reuse else Engine(ctx.profile, ctx.dataset, ctx.plugins).evaluate(
        period, by=[params.by] if params.by else None)
    findings = []
    for row in evaluation.rows:
        if row.period != period or row.status != "not_met" or row.group_by not in (None, params.by):
            continue
        subject_kind = "profile" if row.group is None else (row.group_by or "profile")
        findings.append(Finding(rule.id, rule.severity, subject_kind, row.group or ctx.profile.id,
                                f"«{row.name}» за {row.period}: {row.value:.1f} при цели {row.target:g} "
                                f"(отставание {abs(row.gap or 0):.1f})", row.source,
                                "разберите причины и запланируйте меры"))
    return findings


CORE_RULES.update({
    "young_teacher_unsupported": (young_teacher_unsupported, YoungParams, "молодой педагог без сопровождения"),
    "no_recent_training": (no_recent_training, RecentTrainingParams, "нет ПК за последние N лет"),
    "attestation_expiring": (attestation_expiring, ExpiringParams, "категория истекает в горизонте"),
    "deficit_without_iom": (deficit_without_iom, DeficitIomParams, "дефициты без ИОМ в течение N дней"),
    "iom_step_without_deficit": (iom_step_without_deficit, NoParams, "шаг ИОМ не закрывает дефицитов"),
    "iom_overdue": (iom_overdue, NoParams, "ИОМ просрочен"),
    "audience_mismatch": (audience_mismatch, NoParams, "слушатель не из аудитории программы"),
    "document_missing": (document_missing, DocumentParams, "нет обязательного документа"),
    "indicator_below_target": (indicator_below_target, BelowTargetParams, "показатель ниже цели"),
})
