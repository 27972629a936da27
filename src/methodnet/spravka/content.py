"""From a stored monitoring (and the previous one) to the content of an analytical note.

Only recorded numbers are used — the note never recomputes an indicator — so what the
department reads is what the methodist signed, with the monitoring's id and version in
its passport. The previous monitoring gives the «прошлый мониторинг» column and the
change; without one, an earlier period of the same monitoring does (e.g. 2024 and 2025
evaluated together). A changed indicator definition is shown, never silently compared.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from typing import Any

from methodnet.history.model import StoredMonitoring
from methodnet.spravka import russian as ru
from methodnet.spravka.model import (Chart, ChartSeries, Count, DynamicsRow, OrganizationRow, Ranked,
                                     ResultRow, Section, improved)

STATUS_WORDS = {"met": "выполнен", "not_met": "не выполнен", "in_progress": "в процессе", "no_target": "нет цели",
                "no_data": "нет данных", "unavailable": "недоступен"}
COUNT_ORDER = ("met", "not_met", "in_progress", "no_data", "no_target", "unavailable")
COUNT_LABELS = {"met": "выполнено", "not_met": "не выполнено", "in_progress": "в процессе", "no_data": "нет данных",
                "no_target": "цель не установлена", "unavailable": "недоступно"}
OTHER_SECTION = "Другие показатели"


def year_of(period: str) -> str:
    """The year a period's targets are given for: its end year («2025» for «2025-H1» and «2024/2025»)."""
    from methodnet.model.periods import parse_period

    try:
        return str(parse_period(period).end.year)
    except Exception:  # not a period the engine knows: its leading year
        return period[:4]


@dataclass
class Frame:
    """The rows of one monitoring in the shapes the note needs (dicts keyed by indicator and group)."""

    stored: StoredMonitoring
    rows: list[dict[str, Any]]

    @classmethod
    def of(cls, stored: StoredMonitoring) -> "Frame":
        return cls(stored, stored.values.to_dicts())

    @property
    def periods(self) -> list[str]:
        return list(self.stored.header.periods) or list(dict.fromkeys(r["period"] for r in self.rows))

    @property
    def last(self) -> str:
        return self.periods[-1]

    def totals(self, period: str) -> dict[str, dict[str, Any]]:
        return {r["indicator"]: r for r in self.rows if r["period"] == period and r["group_by"] is None}

    def groups(self, period: str, group_by: str = "organization") -> list[dict[str, Any]]:
        return [r for r in self.rows if r["period"] == period and r["group_by"] == group_by]

    def order(self) -> list[str]:
        return list(dict.fromkeys(r["indicator"] for r in self.rows))


def _sentence(number: int, row: dict[str, Any], prev: dict[str, Any] | None, prev_period: str | None,
              comparable: bool, data_date: dt.date | None) -> str:
    """One sentence (or two) about an indicator: status, fact against target, change since before."""
    name = f"«{row['name']}»"
    unit, status = row["unit"], row["status"]
    fact = ru.with_unit(row["value"], unit, row["denominator"])
    target = _target_text(row, plain=False) if row["target"] is not None or row.get("target_max") is not None else None
    if status == "no_data":
        why = f" ({row['note']})" if row.get("note") else ""
        return ru.sentence(f"По показателю {number} {name} данных нет{why}")
    if unit == "да/нет" and status in ("met", "not_met"):
        text = ru.sentence(f"Показатель {number} {name} {'выполнен' if status == 'met' else 'не выполнен'} ({fact})")
    elif status == "met":
        text = ru.sentence(f"Показатель {number} {name} выполнен: {fact} при цели {target}")
    elif status == "not_met":
        text = ru.sentence(f"Показатель {number} {name} не выполнен: {fact} при цели {target}, "
                           f"отклонение {ru.change(row['gap'], unit)}")
    elif status == "in_progress":
        when = f" на {ru.date_short(data_date)}" if data_date else ""
        text = ru.sentence(f"Показатель {number} {name} в процессе выполнения: {fact}{when} при цели {target}")
    elif status == "no_target":
        text = ru.sentence(f"Показатель {number} {name}: {fact}; цель на {ru.period_short(row['period'])} не установлена")
    else:
        text = ru.sentence(f"Показатель {number} {name} недоступен: {row.get('note') or 'нет сведений'}")
    if prev is not None and prev_period is not None:
        since = f"По сравнению с {ru.period_short(prev_period)}"
        if not comparable:
            text += " " + ru.sentence(f"{since} не сравнивается: определение показателя изменилось")
        elif prev["value"] is not None and row["value"] is not None:
            delta = row["value"] - prev["value"]
            better = improved(delta, row["comparator"])
            was = ru.with_unit(prev["value"], unit, prev["denominator"])
            if better is None:
                text += " " + ru.sentence(f"{since} ({was}) без изменений")
            else:
                word = "улучшение" if better else "ухудшение"
                amount = "" if unit == "да/нет" else f" на {ru.change(abs(delta), unit).lstrip('+')}"
                text += " " + ru.sentence(f"{since} ({was}) — {word}{amount}")
    return text


def section_of(indicator: str, sections: list[Any]) -> int:
    """Index of the first direction whose patterns match the indicator, or −1."""
    for i, section in enumerate(sections):
        if any(fnmatch.fnmatchcase(indicator, pattern) for pattern in section.indicators):
            return i
    return -1


class NoteBuilder:
    """Assembles a :class:`Note`; each method fills one part of it."""

    def __init__(self, current: StoredMonitoring, previous: StoredMonitoring | None, profile: Any) -> None:
        self.cur = Frame.of(current)
        self.prev = Frame.of(previous) if previous is not None else None
        self.profile = profile
        self.settings = profile.spravka
        self.period = self.cur.last
        hidden = {i.id for i in profile.indicators if getattr(i, "hidden", False)}  # auxiliary: never shown
        if hidden:
            for frame in (self.cur, self.prev):
                if frame is not None:
                    frame.rows = [r for r in frame.rows if r["indicator"] not in hidden]
        self.totals = self.cur.totals(self.period)
        self.numbers = {ind: n for n, ind in enumerate(self.cur.order(), start=1)}
        self.prev_period, self.prev_totals = self._previous()
        hashes = {r["indicator"]: r.get("definition_sha256") for r in self.prev.rows} if self.prev else {}
        self.prev_hash = hashes

    def _previous(self) -> tuple[str | None, dict[str, dict[str, Any]]]:
        if self.prev is not None:
            return self.prev.last, self.prev.totals(self.prev.last)
        earlier = self.cur.periods[:-1]
        if earlier:
            return earlier[-1], self.cur.totals(earlier[-1])
        return None, {}

    def comparable(self, indicator: str, row: dict[str, Any]) -> bool:
        if self.prev is None:
            return True
        old = self.prev_hash.get(indicator)
        return old is None or row.get("definition_sha256") is None or old == row["definition_sha256"]

    # ---------------------------------------------------------------- results by direction

    def result_row(self, indicator: str, row: dict[str, Any]) -> ResultRow:
        number = self.numbers[indicator]
        prev = self.prev_totals.get(indicator)
        comparable = self.comparable(indicator, row)
        delta = None
        if prev is not None and comparable and prev["value"] is not None and row["value"] is not None:
            delta = row["value"] - prev["value"]
        unit = row["unit"]
        return ResultRow(
            number=number, indicator=indicator, name=row["name"], unit=unit,
            target=_target_text(row, plain=False),
            fact=ru.with_unit(row["value"], unit, row["denominator"]),
            deviation=ru.change(row["gap"], unit) if row["gap"] is not None and unit != "да/нет" else "—",
            status=STATUS_WORDS.get(row["status"], row["status"]), status_code=row["status"],
            previous=ru.with_unit(prev["value"], unit, prev["denominator"]) if prev is not None else "—",
            change=_cell_change(delta, unit, comparable, plain=False),
            sentence=_sentence(number, row, prev, self.prev_period, comparable, self.cur.stored.header.data_date),
            value=row["value"], target_value=row["target"], previous_value=prev["value"] if prev else None,
            delta=delta, comparable=comparable, comparator=row["comparator"],
            cells={"unit": ru.unit_label(unit),
                   "target": _target_text(row, plain=True),
                   "fact": ru.plain(row["value"], unit, row["denominator"]),
                   "deviation": ru.change_plain(row["gap"]) if row["gap"] is not None and unit != "да/нет" else "—",
                   "previous": ru.plain(prev["value"], unit, prev["denominator"]) if prev is not None else "—",
                   "change": _cell_change(delta, unit, comparable)})

    def years(self) -> list[str]:
        period = self.profile.period
        if period is not None:
            last = period.end or max(int(year_of(p)) for p in self.cur.periods)
            return [str(y) for y in range(period.start, last + 1)]
        keys = {k for k in self.cur.stored.targets["key"].to_list() if k and k.isdigit() and len(k) == 4}
        keys |= {year_of(p) for p in self.cur.periods}
        return sorted(keys)

    def facts_by_year(self) -> dict[tuple[str, str], float | None]:
        """(indicator, year) → the recorded value (the last period of that year; current over previous)."""
        facts: dict[tuple[str, str], float | None] = {}
        for frame in ([self.prev] if self.prev else []) + [self.cur]:
            for period in frame.periods:
                for ind, row in frame.totals(period).items():
                    facts[(ind, year_of(period))] = row["value"]
        return facts

    def targets_by_year(self) -> dict[tuple[str, str], float]:
        """(indicator, year) → target, read as the engine reads keys (``2025``, ``2021+``, ``*``)."""
        from methodnet.model.periods import year
        from methodnet.profile.targets import target_for

        keyed: dict[str, dict[str, float]] = {}
        for r in self.cur.stored.targets.to_dicts():
            if r["target"] is not None:
                keyed.setdefault(r["indicator"], {})[str(r["key"])] = r["target"]
        out: dict[tuple[str, str], float] = {}
        for indicator, targets in keyed.items():
            for y in self.years():
                value = target_for(targets, year(int(y)))
                if value is not None:
                    out[(indicator, y)] = value
        return out

    def sections(self) -> list[Section]:
        specs = list(self.settings.sections)
        buckets: dict[int, list[ResultRow]] = {}
        for indicator, row in self.totals.items():
            buckets.setdefault(section_of(indicator, specs), []).append(self.result_row(indicator, row))
        years, facts, targets = self.years(), self.facts_by_year(), self.targets_by_year()
        out: list[Section] = []
        for index in [i for i in range(len(specs)) if i in buckets] + ([-1] if -1 in buckets else []):
            title = specs[index].title if index >= 0 else OTHER_SECTION
            rows = sorted(buckets[index], key=lambda r: r.number)
            series = [ChartSeries(label=f"{r.number}. {r.name}", unit=r.unit, years=years,
                                  facts=[facts.get((r.indicator, y)) for y in years],
                                  targets=[targets.get((r.indicator, y)) for y in years])
                      for r in rows if r.unit != "да/нет"]
            chart = Chart(key=f"section_{len(out) + 1}", title=title, series=series) if series else None
            out.append(Section(number=len(out) + 1, title=title, rows=rows, chart=chart))
        return out

    # ---------------------------------------------------------------- summary and dynamics

    def counts(self) -> list[Count]:
        tally: dict[str, int] = {}
        for row in self.totals.values():
            tally[row["status"]] = tally.get(row["status"], 0) + 1
        return [Count(COUNT_LABELS[c], tally[c], c) for c in COUNT_ORDER if tally.get(c)]

    def dynamics(self, years: list[str]) -> list[DynamicsRow]:
        facts, targets = self.facts_by_year(), self.targets_by_year()
        out = []
        for indicator, row in self.totals.items():
            cells = []
            for year in years:
                fact, target = facts.get((indicator, year)), targets.get((indicator, year))
                text = ru.with_unit(fact, row["unit"]) if fact is not None else "—"
                cells.append(text + (f" / {ru.with_unit(target, row['unit'])}" if target is not None else ""))
            out.append(DynamicsRow(self.numbers[indicator], row["name"], row["unit"], cells))
        return out

    def summary_chart(self, sections: list[Section]) -> Chart | None:
        """Each indicator's fact as a share of its target (100 % = the target reached), last period."""
        rows = sorted((r for s in sections for r in s.rows
                       if r.value is not None and r.target_value not in (None, 0) and r.unit != "да/нет"),
                      key=lambda r: r.number)
        if not rows:
            return None
        series = [ChartSeries(label=f"{r.number}. {_short(r.name, 38)}", unit="%", years=[self.period],
                              facts=[_achievement(r)], targets=[100.0]) for r in rows]
        return Chart(key="summary", title=f"Достижение целевых значений, {self.period} (100 % — цель)",
                     series=series)

    # ---------------------------------------------------------------- organizations

    def ranking(self) -> list[Ranked]:
        by_org: dict[str, dict[str, Any]] = {}
        for row in self.cur.groups(self.period):
            if row["group"] is None:  # «не указано»: records with no organization, not an organization
                continue
            entry = by_org.setdefault(row["group"], {"name": row["group_name"] or row["group"], "met": 0,
                                                     "not_met": 0, "gaps": []})
            if row["status"] == "met":
                entry["met"] += 1
            elif row["status"] == "not_met":
                entry["not_met"] += 1
                entry["gaps"].append((self.numbers.get(row["indicator"], 0), row))
        ranked = []
        for entry in by_org.values():
            assessed = entry["met"] + entry["not_met"]
            share = entry["met"] / assessed * 100 if assessed else None
            risk = bool(assessed) and entry["not_met"] / assessed >= self.settings.risk_share and entry["not_met"] > 0
            gaps = [f"№ {n} — {ru.with_unit(row['value'], row['unit'], row['denominator'])} "
                    f"при цели {ru.with_unit(row['target'], row['unit'])}" for n, row in sorted(entry["gaps"], key=lambda x: x[0])]
            ranked.append(Ranked(0, entry["name"], entry["met"], entry["not_met"], assessed,
                                 ru.with_unit(share, "%") if share is not None else "—", risk, gaps))
        ranked.sort(key=lambda r: (-(r.met / r.assessed if r.assessed else -1), r.not_met, r.organization))
        for place, r in enumerate(ranked, start=1):
            r.place = place
        return ranked

    def appendix(self) -> list[OrganizationRow]:
        rows = sorted(self.cur.groups(self.period),
                      key=lambda r: (r["group_name"] or r["group"] or "", self.numbers.get(r["indicator"], 0)))
        return [OrganizationRow(r["group_name"] or r["group"], self.numbers.get(r["indicator"], 0), r["name"],
                                ru.with_unit(r["value"], r["unit"], r["denominator"]),
                                ru.with_unit(r["target"], r["unit"]) if r["target"] is not None else "—",
                                STATUS_WORDS.get(r["status"], r["status"])) for r in rows]


def _target_text(row: dict[str, Any], plain: bool) -> str:
    """The target as written: «80 %», or a range «60–80 %» / «от 60 %» / «до 80 %» (``target_max``)."""
    unit, low, high = row["unit"], row["target"], row.get("target_max")
    fmt = (lambda v: ru.plain(v, unit)) if plain else (lambda v: ru.with_unit(v, unit))
    if high is None:
        return fmt(low) if low is not None else "—"
    if low is None:
        return f"до {fmt(high)}"
    return f"{ru.plain(low, unit)}–{fmt(high)}"


def _cell_change(delta: float | None, unit: str, comparable: bool, plain: bool = True) -> str:
    """The change column: signed number (п. п. for shares), «нет → да» for a yes/no indicator."""
    if not comparable:
        return "опр. изм." if plain else "определение изменилось"
    if delta is None:
        return "—"
    if unit == "да/нет":
        return "0" if abs(delta) < 0.05 else ("нет → да" if delta > 0 else "да → нет")
    return ru.change_plain(delta) if plain else ru.change(delta, unit)


def _achievement(row: ResultRow) -> float:
    """Fact as a share of the target (100 = reached); for a «не выше» target, target ÷ fact."""
    assert row.value is not None and row.target_value
    if row.comparator == "max":
        return 100.0 if row.value <= 0 else row.target_value / row.value * 100
    return row.value / row.target_value * 100


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
