"""Trend: the latest approved monitoring of each period against the act's target trajectory.

Read from the store, never recomputed: a year signed in June is shown as signed, even if
the code or the data changed since. For every year of the program (and every half-year
recorded) an indicator is *ahead* (already at the next year's target), *on track* (at this
point of the trajectory), *behind*, *in progress* (the period had not ended on the data date),
or has no data, no target, no monitoring. The trajectory
at a half-year's end lies between the two years' targets (for shares), so «2 раза в год»
gives two points a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import yaml

from methodnet.model.periods import parse_period
from methodnet.profile.targets import target_for
from methodnet.history.model import Monitoring
from methodnet.history.store import HistoryError, HistoryStore

POSITION_RU = {"ahead": "опережает", "on_track": "по плану", "behind": "отстаёт", "in_progress": "в процессе",
               "no_data": "нет данных",
               "no_target": "нет цели", "no_monitoring": "нет мониторинга"}
TOL = 1e-9
_READ = ["indicator", "name", "period", "value", "unit", "target", "status", "definition_sha256"]


@dataclass(frozen=True)
class Trend:
    profile_id: str
    territory: str | None
    rows: pl.DataFrame

    def to_polars(self) -> pl.DataFrame:
        return self.rows

    def to_dict(self) -> dict:
        return {"profile": self.profile_id, "territory": self.territory,
                "rows": [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                         for r in self.rows.to_dicts()]}

    def to_text(self) -> str:
        lines = [f"Динамика: {self.profile_id}" + (f", {self.territory}" if self.territory else "")]
        for (indicator,), part in self.rows.group_by("indicator", maintain_order=True):
            lines.append(f"\n{part['name'][0] or indicator}")
            for r in part.iter_rows(named=True):
                value = "—" if r["value"] is None else f"{r['value']:.1f}".replace(".", ",")
                goal = "—" if r["trajectory"] is None else f"{r['trajectory']:.1f}".replace(".", ",")
                lines.append(f"  {r['period']:<10} {value:>8} / {goal:>6}  {POSITION_RU.get(r['position'], r['position'])}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _meets(value: float, target: float, comparator: str) -> bool:
    if comparator == "max":
        return value <= target + TOL
    if comparator == "exact":
        return abs(value - target) <= TOL
    return value >= target - TOL


def _year(targets: dict[str, float], year: int) -> float | None:
    """A year's target as the engine reads it: its own key, else the open-ended ``2021+`` / ``*``."""
    return target_for(targets, parse_period(str(year)))


def trajectory(targets: dict[str, float], end: dt.date, unit: str | None, label: str | None = None) -> float | None:
    """The target at a date: the period's own key, a year's target at its end, in between for shares."""
    if label and label in targets:
        return targets[label]
    year = end.year
    this = _year(targets, year)
    if end == dt.date(year, 12, 31) or this is None or unit != "%":
        return this
    before = _year(targets, year - 1)
    if before is None:
        return this
    start = dt.date(year - 1, 12, 31)
    share = (end - start).days / (dt.date(year, 12, 31) - start).days
    return before + (this - before) * share


def position(value: float | None, status: str | None, now: float | None, later: float | None,
             comparator: str, high: float | None = None) -> str:
    if value is None or status in ("no_data", "unavailable"):
        return "no_data"
    if status == "in_progress":  # the period has not ended on the data date: the value so far is not judged
        return "in_progress"
    if now is None:
        return "no_target"
    if high is not None:  # a range («от 60 до 80 %»): inside it is on track, there is no ahead
        return "on_track" if now - TOL <= value <= high + TOL else "behind"
    if not _meets(value, now, comparator):
        return "behind"
    stricter = later is not None and not _meets(now, later, comparator)
    return "ahead" if stricter and _meets(value, later, comparator) else "on_track"  # type: ignore[arg-type]


def _program_years(profile_text: str, targets: pl.DataFrame) -> list[int]:
    period = (yaml.safe_load(profile_text) or {}).get("period") or {}
    years = {int(k) for k in targets["key"].to_list() if str(k).isdigit()}
    if period.get("start"):
        last = period.get("end") or max(years | {int(period["start"])})
        years |= set(range(int(period["start"]), int(last) + 1))
    return sorted(years)


def latest_approved(monitorings: list[Monitoring]) -> dict[str, Monitoring]:
    """Period → the approved monitoring recorded last that contains it."""
    chosen: dict[str, Monitoring] = {}
    for m in sorted((m for m in monitorings if m.approved), key=lambda m: (m.recorded_at, m.version)):
        for period in m.periods:
            chosen[period] = m
    return chosen


def trend(store: HistoryStore, profile_id: str, *, territory: str | None = None,
          indicators: list[str] | None = None) -> Trend:
    """The trend of a profile's totals over its approved monitorings (one territory)."""
    found = store.list(profile=profile_id, territory=territory)
    territories = sorted({m.territory or "*" for m in found})
    if territory is None and len(territories) > 1:
        raise HistoryError("territory_required", f"в хранилище несколько территорий профиля {profile_id}: "
                           + ", ".join(territories), hint="укажите --territory")
    chosen = latest_approved(found)
    if not chosen:
        raise HistoryError("no_approved", f"нет утверждённых мониторингов профиля {profile_id}"
                           + (f" территории {territory}" if territory else ""),
                           hint="утвердите мониторинг: methodnet history approve ID")
    newest = max(chosen.values(), key=lambda m: (m.recorded_at, m.version))
    plan = store.part(newest.id, "targets")
    text = store.profile_text(newest.id)
    values = {mid: store.values(mid, totals_only=True, columns=_READ) for mid in {m.id for m in chosen.values()}}
    by_indicator: dict[str, dict[str, float]] = {}
    highs: dict[str, dict[str, float]] = {}
    comparators: dict[str, str] = {}
    for r in plan.filter(~pl.col("own").fill_null(False)).iter_rows(named=True):
        by_indicator.setdefault(r["indicator"], {})[r["key"]] = r["target"]
        if r["target_max"] is not None:
            highs.setdefault(r["indicator"], {})[r["key"]] = r["target_max"]
        comparators[r["indicator"]] = r["comparator"] or "min"
    periods = {p: parse_period(p) for p in chosen}
    for year in _program_years(text, plan):
        periods.setdefault(str(year), parse_period(str(year)))
    newest_values = values[newest.id]
    names = dict(zip(newest_values["indicator"], newest_values["name"]))
    units = dict(zip(newest_values["indicator"], newest_values["unit"]))
    order = list(dict.fromkeys([*newest_values["indicator"].to_list(), *by_indicator]))
    rows = []
    for ind in order:
        if indicators and ind not in indicators:
            continue
        goals = by_indicator.get(ind, {})
        for label, period in sorted(periods.items(), key=lambda kv: (kv[1].end, kv[1].start)):
            m = chosen.get(label)
            row = None
            if m is not None:
                frame = values[m.id].filter((pl.col("indicator") == ind) & (pl.col("period") == label))
                row = frame.row(0, named=True) if frame.height else None
            unit = (row or {}).get("unit") or units.get(ind)
            now = trajectory(goals, period.end, unit, label)
            later_end = period.end.replace(year=period.end.year + 1) if period.end.month != 2 or period.end.day != 29 \
                else dt.date(period.end.year + 1, 2, 28)
            later = trajectory(goals, later_end, unit)
            value = row["value"] if row else None
            high = target_for(highs[ind], period) if ind in highs else None
            pos = position(value, row["status"] if row else None, now, later, comparators.get(ind, "min"), high) \
                if m is not None and row is not None else "no_monitoring"
            rows.append({"indicator": ind, "name": (row or {}).get("name") or names.get(ind), "period": label,
                         "period_end": period.end, "monitoring_id": m.id if m else None,
                         "version": m.version if m else None, "value": value, "unit": unit,
                         "target": row["target"] if row else goals.get(str(period.end.year)),
                         "trajectory": now, "next_target": later, "status": row["status"] if row else None,
                         "position": pos, "definition_sha256": row["definition_sha256"] if row else None})
    schema = {"indicator": pl.String, "name": pl.String, "period": pl.String, "period_end": pl.Date,
              "monitoring_id": pl.String, "version": pl.Int64, "value": pl.Float64, "unit": pl.String,
              "target": pl.Float64, "trajectory": pl.Float64, "next_target": pl.Float64, "status": pl.String,
              "position": pl.String, "definition_sha256": pl.String}
    return Trend(profile_id, territory or newest.territory, pl.DataFrame(rows, schema=schema))
