"""What a report says beyond the indicator table, computed once for every format.

Findings are grouped per rule under the rule's Russian name with a count and the
advice in words; proposed routes are summed up (how many, steps by kind, hours, the
deficits no program covers) — never listed per person; breakdowns give one table per
organization or municipality. HTML, Markdown and XLSX render these same rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from methodnet.model.vocab import IomStepKind
from methodnet.rules.check import SEVERITY_RU, SUBJECT_RU
from methodnet.rules.names import rule_name
from methodnet.russian import count, number, plural_form

if TYPE_CHECKING:
    import datetime as dt

    from methodnet.engine.result import Evaluation, IndicatorResult
    from methodnet.rules.check import Findings

BY_RU = {"municipality": "по муниципалитетам", "organization": "по организациям",
         "organization_kind": "по типам организаций", "level": "по уровням образования"}


@dataclass(frozen=True)
class RuleRow:
    """One rule's findings: its Russian name, level, how many and about what, and what to do."""

    rule: str
    name: str
    severity: str
    count: int
    subjects: str
    example: str
    action: str
    source: str


def _subjects(kinds: Counter[str]) -> str:
    nouns = {"person": "person", "organization": "organization", "municipality": "municipality",
             "profile": "indicator"}
    parts = [count(n, nouns[k]) if k in nouns else f"{SUBJECT_RU.get(k, k)}: {number(n)}" for k, n in kinds.items()]
    return ", ".join(parts)


def rule_rows(report: "ReportDocument") -> list[RuleRow]:
    """Findings per rule, errors first, then by count. People are counted, never named."""
    findings = report.findings
    if findings is None:
        return []
    dataset = report.evaluation.engine.dataset
    names = {(kind, key): name for kind in ("organization", "municipality")
             for key, name in dataset[kind].select("id", "name").iter_rows()}
    grouped: dict[str, list[Any]] = {}
    for f in findings:
        grouped.setdefault(f.rule, []).append(f)
    rows = []
    for rule, items in grouped.items():
        first = items[0]
        example = first.message
        if first.subject_kind not in ("person", "profile"):  # organizations may be named; people are not
            name = names.get((first.subject_kind, first.subject), first.subject)
            example = f"{SUBJECT_RU.get(first.subject_kind, first.subject_kind)} «{name}»: {example}"
        subjects = _subjects(Counter(f.subject_kind for f in items))
        people = sum(f.count or 0 for f in items if getattr(f, "table", None) == "staff" and f.subject_kind != "person")
        if people:  # findings addressed to organizations count their people
            subjects += f" ({count(people, 'person')})"
        rows.append(RuleRow(rule, rule_name(report.profile, rule, dataset.plugins), SEVERITY_RU.get(first.severity, first.severity),
                            len(items), subjects, example,
                            first.action or "", first.source or ""))
    order = {"ошибка": 0, "предупреждение": 1}
    return sorted(rows, key=lambda r: (order.get(r.severity, 2), -r.count))


@dataclass(frozen=True)
class RouteSummary:
    """Proposed IOM in aggregate: what methodists would have to organise."""

    routes: int
    steps: dict[str, int]
    hours: int
    deficits: list[tuple[str, int]]
    uncovered: list[tuple[str, int]]
    people_uncovered: int

    def lines(self) -> list[str]:
        """Sentences for the Markdown and HTML sections."""
        if not self.routes:
            return ["По последней диагностике ни у кого нет дефицитов — ИОМ не требуются."]
        mean = self.hours / self.routes
        kinds = ", ".join(f"{IomStepKind(k).ru if k in IomStepKind.__members__ else k} — {number(n)}"
                          for k, n in self.steps.items())
        lines = [f"Предложено {count(self.routes, 'route')} по дефицитам последней диагностики; "
                 f"шаги: {kinds}; всего {count(self.hours, 'hour')} курсов ДПО "
                 f"(в среднем {number(mean)} {plural_form(mean, 'час', 'часа', 'часов')} на маршрут)."]
        if self.deficits:
            lines.append("Чаще всего встречаются дефициты: " +
                         "; ".join(f"{name} — {count(n, 'person')}" for name, n in self.deficits) + ".")
        if self.uncovered:
            lines.append(f"У {count(self.people_uncovered, 'person')} остаются дефициты, которые не закрывает "
                         "ни одна программа каталога: " +
                         "; ".join(f"{name} — {number(n)}" for name, n in self.uncovered) +
                         ". Нужны программы ДПО по этим темам или другие формы (наставничество, ШМО).")
        return lines


class ReportDocument(Protocol):
    """What the sections, the act's part and the XLSX writer read of the report they are part of
    (:class:`methodnet.report.render.MonitoringReport`, which calls them)."""

    evaluation: Evaluation
    findings: Findings | None
    generated: dt.date
    routes: RouteSummary | None

    @property
    def profile(self) -> Any: ...

    @property
    def periods(self) -> list[str]: ...

    def status_counts(self) -> dict[str, int]: ...


def route_summary(routes: list[Any], competency_names: dict[str, str]) -> RouteSummary:
    steps: Counter[str] = Counter(step.kind for route in routes for step in route.steps)
    deficits: Counter[str] = Counter(d for route in routes for d in route.deficits)
    uncovered: Counter[str] = Counter(d for route in routes for d in route.uncovered)

    def name(code: str) -> str:
        return competency_names.get(code, code)

    return RouteSummary(len(routes), dict(steps.most_common()), sum(r.hours for r in routes),
                        [(name(c), n) for c, n in deficits.most_common(5)],
                        [(name(c), n) for c, n in uncovered.most_common(5)],
                        sum(1 for r in routes if r.uncovered))


@dataclass(frozen=True)
class GroupTable:
    """One organization's (or municipality's…) indicators over the periods."""

    by: str
    group: str
    name: str
    rows: list[tuple[int, "IndicatorResult", list["IndicatorResult | None"]]]


def group_tables(report: "ReportDocument") -> list[GroupTable]:
    """A table per group of each breakdown, groups in the order the engine gave them."""
    numbers = {ind.id: i for i, ind in enumerate(report.profile.indicators, start=1)}
    periods = report.periods
    cells: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    names: dict[tuple[str, str], str] = {}
    for row in report.evaluation.rows:
        if row.group_by is None:
            continue
        key = (row.group_by, row.group if row.group is not None else "")
        names.setdefault(key, row.group_name or row.group or "не указано")
        cells.setdefault(key, {}).setdefault(row.indicator, {})[row.period] = row
    tables = []
    for (by, group), indicators in cells.items():
        rows = []
        for indicator, by_period in indicators.items():
            first = next(iter(by_period.values()))
            rows.append((numbers.get(indicator, 0), first, [by_period.get(p) for p in periods]))
        rows.sort(key=lambda r: r[0])
        tables.append(GroupTable(by, group, names[(by, group)], rows))
    return tables
