"""The Russian names of rules, as findings and reports title them.

A core kind's name carries its parameters («… за последние 3 года»); a plugin kind is
named by the description it registered. Kept in the rules layer: the text of findings
and the report both use it, and rules must not import reports.
"""

from __future__ import annotations

from typing import Any

from methodnet.plugins.registry import PluginRegistry
from methodnet.russian import plural_form


def _years(n: int) -> str:
    return f"{n} {plural_form(n, 'год', 'года', 'лет')}" if n != 1 else "год"


def _days(n: int) -> str:
    return f"{n} {plural_form(n, 'день', 'дня', 'дней')}"


#: Core rule kinds as a report names them; ``p`` is the rule's params, ``v`` the profile's vocabularies.
RULE_NAMES: dict[str, Any] = {
    "young_teacher_unsupported": lambda p, v: "Молодые педагоги без наставника и других форм сопровождения",
    "no_recent_training": lambda p, v: f"Нет повышения квалификации за последние {_years(p.get('years', 3))}",
    "attestation_expiring": lambda p, v: f"Квалификационная категория истекает в ближайшие {_days(p.get('days', 180))}",
    "deficit_without_iom": lambda p, v: f"Дефициты без ИОМ дольше {_days(p.get('days', 30))} после диагностики",
    "iom_step_without_deficit": lambda p, v: "Шаги ИОМ, не закрывающие ни одного дефицита",
    "iom_overdue": lambda p, v: "Просроченные ИОМ",
    "audience_mismatch": lambda p, v: "Слушатели не из аудитории программы ДПО",
    "document_missing": lambda p, v: "Нет документа «"
    + v.get("document_kinds", {}).get(p.get("document_kind", ""), p.get("document_kind", "")) + "»",
    "roadmap_overdue": lambda p, v: "Просроченные мероприятия дорожной карты",
    "roadmap_repeats": lambda p, v: "Повторяющиеся мероприятия дорожной карты",
    "monitoring_frequency": lambda p, v: f"Мониторинг проводится реже {p.get('per_year', 1)} "
    f"{plural_form(p.get('per_year', 1), 'раза', 'раз', 'раз')} в год",
    "indicator_below_target": lambda p, v: "Показатели ниже цели",
}


def rule_name(profile: Any, rule_id: str, plugins: PluginRegistry | None = None) -> str:
    """The Russian name of a rule: a core kind's name with its parameters, else the kind's description.

    ``plugins`` is the registry whose rule kinds describe plugin rules (the dataset's).
    """
    rule = next((r for r in profile.rules if r.id == rule_id), None)
    kind = rule.kind if rule else rule_id
    if kind in RULE_NAMES:
        return RULE_NAMES[kind](rule.params if rule else {}, profile.vocabularies)
    described = plugins.rule_kinds.get(kind) if plugins is not None else None
    text = (described.description if described and described.description else kind).strip()
    return text[:1].upper() + text[1:]
