"""Core rule kinds: monitoring frequency and the roadmap (repeats, overdue measures)."""

from __future__ import annotations

from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.plugins.registry import Finding
from methodnet.rules.context import RuleContext

MONITORING_KINDS = ("deficit_monitoring", "gmo_monitoring", "shmo_monitoring", "young_teacher_monitoring",
                    "mms_work_plan")


class MonitoringParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_year: int = Field(ge=1, description="Не реже стольких раз в год")
    document_kind: str | None = Field(None, description="Вид документа-отчёта мониторинга (по умолчанию любые мониторинги)")


def monitoring_frequency(ctx: RuleContext, rule: Any, params: MonitoringParams) -> list[Finding]:
    """Each municipality must have at least ``per_year`` monitoring reports in each year up to ``at``."""
    kinds = [params.document_kind] if params.document_kind else list(MONITORING_KINDS)
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
    status = ctx.dataset["roadmap_status"].filter(pl.col("status") == "done")
    done = {(m, mun) for m, mun in status.select("measure", "municipality_id").iter_rows()}
    findings = []
    for municipality in ctx.dataset["municipality"]["id"].to_list():
        for item in ctx.profile.roadmap:
            if item.due and item.due < ctx.at and (item.id, municipality) not in done and not item.repeats:
                findings.append(Finding(rule.id, rule.severity, "municipality", municipality,
                                        f"мероприятие «{item.title}» не отмечено выполненным, срок {item.due:%d.%m.%Y}",
                                        str(item.source) if item.source else None,
                                        "внесите отметку о выполнении (roadmap_status) или перенесите срок"))
    return findings


#: name → (check, params model, description)
CORE_RULES = {
    "monitoring_frequency": (monitoring_frequency, MonitoringParams, "мониторинг не реже N раз в год"),
    "roadmap_repeats": (roadmap_repeats, NoParams, "повторяющиеся мероприятия дорожной карты"),
    "roadmap_overdue": (roadmap_overdue, NoParams, "просроченные мероприятия дорожной карты"),
}
