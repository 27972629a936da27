"""Conclusions and addressed recommendations, generated from statuses, changes and rule findings.

The wording is the profile's (``spravka.recommendations`` and ``spravka.findings``,
defaults in ``base``), so a municipality writes its own sentences; the counts inside
them agree in case and number (``{indicators:дат}`` → «по 3 показателям»). A template
with an unknown field or case is a located error naming the profile key.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from methodnet.spravka import russian as ru
from methodnet.spravka.errors import SpravkaError
from methodnet.spravka.model import Count, Ranked, Recommendation, Section

if TYPE_CHECKING:
    from methodnet.spravka.content import NoteBuilder

ADDRESSEES = ("department", "service", "organizations", "associations", "teachers")
DEFAULT_ADDRESSEES = {"department": "Управлению образования", "service": "Муниципальной методической службе",
                      "organizations": "Руководителям образовательных организаций",
                      "associations": "Руководителям методических объединений",
                      "teachers": "Педагогическим работникам"}
#: template key -> the fields it may use
FIELDS = {
    "department_not_met": {"indicators", "list", "period"},
    "department_risk": {"organizations", "names", "period"},
    "service_not_met": {"indicators", "list", "period"},
    "service_no_data": {"indicators", "list", "period"},
    "organization_not_met": {"organization", "indicators", "gaps", "period"},
    "associations_not_met": {"indicators", "list", "period"},
    "teachers_not_met": {"indicators", "list", "period"},
    "finding_default": {"rule", "count", "people", "organizations", "names", "action"},
    "finding": {"rule", "count", "people", "organizations", "names", "action"},
}


def fill(template: str, key: str, where: str, **values: Any) -> str:
    """Format a profile's sentence template, or raise a located :class:`SpravkaError`."""
    allowed = FIELDS.get(key, set(values))
    try:
        for _, name, _, _ in string.Formatter().parse(template):
            if name is not None and name.split(".")[0].split("[")[0] not in allowed:
                raise KeyError(name)
        return template.format(**values)
    except KeyError as exc:
        raise SpravkaError("spravka_template_field", f"в шаблоне неизвестное поле {{{exc.args[0]}}}", where=where,
                           hint="доступные поля: " + ", ".join(sorted(allowed))) from None
    except (ValueError, IndexError) as exc:
        raise SpravkaError("spravka_template_field", f"шаблон не разбирается: {exc}", where=where,
                           hint="падеж после двоеточия — один из: " + ", ".join(ru.CASES)
                           + "; фигурные скобки в тексте удваивайте") from None


def _quote_list(rows: list[Any], named: int = 3) -> str:
    """Up to ``named`` indicators by number and name; more only by number (the tables give the names)."""
    rows = sorted(rows, key=lambda r: r.number)
    if len(rows) <= named:
        return ", ".join(f"№ {r.number} «{r.name}»" for r in rows)
    return "№ " + ", ".join(str(r.number) for r in rows)


def conclusions(builder: "NoteBuilder", sections: list[Section], counts: list[Count], risk: list[Ranked]) -> list[str]:
    """Short findings of the analysis, in the order a head reads them."""
    rows = [r for s in sections for r in s.rows]
    tally = {c.code: c.n for c in counts}
    out = []
    assessed = tally.get("met", 0) + tally.get("not_met", 0)
    if assessed:
        share = tally.get("met", 0) / assessed * 100
        out.append(f"Из {ru.counted(assessed, 'показатель', 'род')} с установленной на {ru.period_short(builder.period)} целью "
                   f"и данными выполнено {tally.get('met', 0)} ({ru.with_unit(share, '%')}).")
    lagging = sorted((r for r in rows if r.status_code == "not_met" and r.unit == "%" and r.target_value),
                     key=lambda r: (r.value or 0) - (r.target_value or 0))
    if lagging:
        worst = lagging[:3]
        out.append("Наибольшее отставание от цели: " + "; ".join(
            f"№ {r.number} ({r.deviation})" for r in worst) + ".")
    if builder.prev_period is not None:
        from methodnet.spravka.model import improved

        better = [r for r in rows if improved(r.delta, _comparator(builder, r.indicator)) is True]
        worse = [r for r in rows if improved(r.delta, _comparator(builder, r.indicator)) is False]
        same = [r for r in rows if r.delta is not None and improved(r.delta, _comparator(builder, r.indicator)) is None]
        changed = [r for r in rows if not r.comparable]
        text = (f"По сравнению с {ru.period_short(builder.prev_period)}: улучшение — {len(better)}, ухудшение — {len(worse)}, "
                f"без изменений — {len(same)}")
        if changed:
            text += f", определение изменилось — {len(changed)}"
        out.append(text + ".")
    no_data = [r for r in rows if r.status_code == "no_data"]
    if no_data:
        out.append(f"Нет данных по {ru.counted(len(no_data), 'показатель', 'дат')}: {_quote_list(no_data)}; "
                   "отсутствие данных не приравнивается к нулю.")
    if risk:
        out.append(f"В зоне риска {ru.counted(len(risk), 'организация')}: " + ", ".join(r.organization for r in risk) + ".")
    return out


def _comparator(builder: "NoteBuilder", indicator: str) -> str:
    row = builder.totals.get(indicator)
    return row["comparator"] if row else "min"


def recommendations(builder: "NoteBuilder", sections: list[Section], ranking: list[Ranked]) -> list[Recommendation]:
    """Recommendations by addressee, from not-met and no-data indicators, the risk zone and rule findings."""
    settings = builder.settings
    texts = settings.recommendations
    where = f"профиль «{builder.profile.id}», spravka.recommendations"
    items: dict[str, list[str]] = {a: [] for a in ADDRESSEES}
    period = ru.period_for(builder.period)

    def add(addressee: str, key: str, **values: Any) -> None:
        if key in texts:
            items[addressee].append(fill(texts[key], key, f"{where}.{key}", period=period, **values))

    rows = [r for s in sections for r in s.rows]
    not_met = [r for r in rows if r.status_code == "not_met"]
    no_data = [r for r in rows if r.status_code == "no_data"]
    if not_met:
        add("department", "department_not_met", indicators=ru.Counted(len(not_met), "показатель"), list=_quote_list(not_met))
    risk = [r for r in ranking if r.risk]
    if risk:
        add("department", "department_risk", organizations=ru.Counted(len(risk), "организация"),
            names=", ".join(r.organization for r in risk))
    if not_met:
        add("service", "service_not_met", indicators=ru.Counted(len(not_met), "показатель"), list=_quote_list(not_met))
    if no_data:
        add("service", "service_no_data", indicators=ru.Counted(len(no_data), "показатель"), list=_quote_list(no_data))
    for org in ranking:
        if org.not_met:
            add("organizations", "organization_not_met", organization=org.organization,
                indicators=ru.Counted(org.not_met, "показатель"), gaps="; ".join(org.gaps[:5]))
    specs = {s.title: s for s in settings.sections}
    for extra in ("associations", "teachers"):
        chosen = [r for s in sections if s.title in specs and extra in specs[s.title].to
                  for r in s.rows if r.status_code == "not_met"]
        if chosen:
            add(extra, f"{extra}_not_met", indicators=ru.Counted(len(chosen), "показатель"), list=_quote_list(chosen))
    _from_findings(builder, items)
    names = {**DEFAULT_ADDRESSEES, **_department(builder), **settings.addressees}
    return [Recommendation(a, names[a], items[a]) for a in ADDRESSEES if items[a]]


def _department(builder: "NoteBuilder") -> dict[str, str]:
    act = builder.profile.act
    return {"department": ru.dative(act.issuer)} if act is not None and act.issuer else {}


def _from_findings(builder: "NoteBuilder", items: dict[str, list[str]]) -> None:
    """One recommendation per rule with findings; people are counted, never named."""
    findings = builder.cur.stored.findings
    if findings.is_empty():
        return
    settings = builder.settings
    org_names = {r["group"]: r["group_name"] or r["group"] for r in builder.cur.rows if r["group_by"] == "organization"}
    for rule in dict.fromkeys(findings["rule"].to_list()):
        part = findings.filter(findings["rule"] == rule)
        advice = settings.findings.get(rule)
        if advice is not None and advice.to == "none":
            continue
        subjects = part.select("subject_kind", "subject").unique()
        people = subjects.filter(subjects["subject_kind"] == "person").height
        orgs = sorted(subjects.filter(subjects["subject_kind"] == "organization")["subject"].to_list())
        action = next((a for a in part["action"].to_list() if a), "") or "устранить замечания"
        values = dict(rule=rule, count=ru.Counted(part.height, "замечание"), people=ru.Counted(people, "человек"),
                      organizations=ru.Counted(len(orgs), "организация"),
                      names=", ".join(org_names.get(o, o) for o in orgs), action=action)
        if advice is not None:
            items[advice.to].append(fill(advice.text, "finding", f"профиль «{builder.profile.id}», spravka.findings.{rule}",
                                         **values))
        elif "finding_default" in settings.recommendations:
            items["service"].append(fill(settings.recommendations["finding_default"], "finding_default",
                                         f"профиль «{builder.profile.id}», spravka.recommendations.finding_default",
                                         **values))
