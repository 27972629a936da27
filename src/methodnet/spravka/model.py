"""The content of an analytical note as plain data: what any renderer (DOCX, PDF, tests) reads.

Everything here is already text a person reads (numbers formatted the Russian way,
statuses in words), so a template only places it; the raw numbers stay beside the
text where a chart or a test needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ResultRow:
    """One indicator of a direction: the columns of the results table."""

    number: int
    indicator: str
    name: str
    unit: str
    target: str
    fact: str
    deviation: str
    status: str  # in words
    status_code: str
    previous: str
    change: str
    sentence: str
    value: float | None = None
    target_value: float | None = None
    previous_value: float | None = None
    delta: float | None = None  # value − previous (None when not comparable)
    comparable: bool = True
    comparator: str = "min"
    cells: dict[str, str] | None = None  # the table's cells without units: unit, target, fact, deviation, previous, change


@dataclass
class Chart:
    """A chart to draw: each indicator's fact by year against its target trajectory."""

    key: str
    title: str
    series: list["ChartSeries"]


@dataclass
class ChartSeries:
    label: str  # short label, e.g. «1. Диагностика…»
    unit: str
    years: list[str]
    facts: list[float | None]
    targets: list[float | None]


@dataclass
class Section:
    number: int
    title: str
    rows: list[ResultRow]
    chart: Chart | None = None


@dataclass
class Count:
    label: str
    n: int
    code: str


@dataclass
class DynamicsRow:
    number: int
    name: str
    unit: str
    cells: list[str]  # per year: «43,5 % / 80 %» (fact / target)


@dataclass
class Ranked:
    place: int
    organization: str
    met: int
    not_met: int
    assessed: int
    share: str  # share of met indicators, «33,3 %»
    risk: bool
    gaps: list[str] = field(default_factory=list)


@dataclass
class Recommendation:
    addressee_key: str
    addressee: str  # heading in the dative: «Управлению образования…»
    sentences: list[str]


@dataclass
class MeasureRow:
    number: int
    measure: str
    responsible: str
    deadline: str
    indicators: str
    done: str


@dataclass
class EffectRow:
    number: int
    measure: str
    deadline: str
    done: str  # «выполнена в срок 12.03.2025», «не выполнена»
    changes: str  # «№ 1: 43,5 % → 60 % (+16,5 п. п.)»
    effect: str  # «положительный» / «отрицательный» / «неоднозначный» / «без изменений» / «нет данных»


@dataclass
class OrganizationRow:
    organization: str
    number: int
    name: str
    fact: str
    target: str
    status: str


@dataclass
class PassportRow:
    label: str
    value: str


@dataclass
class Note:
    """An analytical note (аналитическая справка), ready to be placed into a template."""

    author: str  # the organization that writes the note (letterhead)
    title: str  # the heading to the text
    doc_date: str
    doc_number: str
    place: str
    basis: str
    goal: str
    period: str
    object: str
    participants: str
    data_sources: str
    data_date: str
    monitoring_id: str
    version: str
    previous_label: str | None  # «мониторинг 2024 г. (id …, версия 1)» or None
    notes: list[str]
    method: list[str]
    sections: list[Section]
    counts: list[Count]
    summary_sentence: str
    years: list[str]
    dynamics: list[DynamicsRow]
    dynamics_chart: Chart | None
    by_organization: bool
    ranking: list[Ranked]
    risk_zone: list[Ranked]
    risk_sentence: str
    conclusions: list[str]
    recommendations: list[Recommendation]
    measures: list[MeasureRow]
    effects: list[EffectRow]
    effects_sentence: str
    appendix: list[OrganizationRow]
    passport: list[PassportRow]
    signer: str

    def all_charts(self) -> list[Chart]:
        charts = [s.chart for s in self.sections if s.chart is not None]
        return charts + ([self.dynamics_chart] if self.dynamics_chart else [])


def improved(delta: float | None, comparator: str) -> bool | None:
    """Did the change move towards the target? None for no change or no data."""
    if delta is None or abs(delta) < 0.05:
        return None
    return delta < 0 if comparator == "max" else delta > 0
