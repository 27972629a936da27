"""Propose individual educational routes (ИОМ) from diagnosed deficits.

For a person, the builder takes the deficits of their latest diagnostic and chooses ДПО
programs that cover them with the fewest hours — an exact weighted set cover over the
deficits (at most a handful, so 2^k states), among programs whose audience includes the
person and whose hours fit the yearly cap. Ties prefer the federal registry, then fewer
programs, then program ids, so the same input always gives the same route. Deficits no
program covers are listed, never hidden. A young teacher gets a mentoring step; the
person's ШМО/ГМО give horizontal-learning steps. Steps are scheduled one after another
inside the route's period, keeping each calendar year under the hours cap.

Results are memoised by (deficits, audience, cap), so a batch for a whole region solves
each distinct case once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.model.derived import YOUNG_MAX_AGE, YOUNG_MAX_YEARS, is_deficit_expr, is_young_teacher

if TYPE_CHECKING:
    from methodnet.dataset import Dataset

HOURS_PER_WEEK = 36  # a typical full-time course week


@dataclass(frozen=True)
class BuilderOptions:
    hours_per_year: int = 144
    months: int = 12
    start_after_days: int = 14  # the route starts two weeks after the diagnostic (or on ``at``)
    young_max_age: int = YOUNG_MAX_AGE
    young_max_years: int = YOUNG_MAX_YEARS


@dataclass(frozen=True)
class Step:
    kind: str
    title: str
    competencies: tuple[str, ...]
    start: dt.date
    end: dt.date
    program_id: str | None = None
    hours: int = 0


@dataclass
class Route:
    """A proposed IOM. ``uncovered``: deficits no suitable program covers."""

    staff_id: str
    diagnostic_id: str
    deficits: tuple[str, ...]
    start: dt.date
    end: dt.date
    steps: list[Step] = field(default_factory=list)
    uncovered: tuple[str, ...] = ()

    @property
    def hours(self) -> int:
        return sum(s.hours for s in self.steps)

    def records(self, iom_id: str, developed: dt.date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Rows of the ``iom`` and ``iom_step`` tables: the route loads back as data."""
        iom = {"id": iom_id, "staff_id": self.staff_id, "diagnostic_id": self.diagnostic_id, "developed": developed,
               "start": self.start, "end": self.end, "status": "developed"}
        steps = [{"id": f"{iom_id}-{i:02d}", "iom_id": iom_id, "kind": s.kind, "title": s.title,
                  "program_id": s.program_id, "competencies": list(s.competencies), "start": s.start, "end": s.end}
                 for i, s in enumerate(self.steps, start=1)]
        return iom, steps

    def to_text(self, names: dict[str, str] | None = None) -> str:
        names = names or {}
        lines = [f"ИОМ для {self.staff_id} (диагностика {self.diagnostic_id}): {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}, "
                 f"дефициты: {', '.join(names.get(d, d) for d in self.deficits)}; часов ДПО: {self.hours}"]
        for i, s in enumerate(self.steps, start=1):
            closes = ", ".join(names.get(c, c) for c in s.competencies)
            lines.append(f"  {i}. {s.start:%d.%m.%Y}–{s.end:%d.%m.%Y} {s.title} — закрывает: {closes}")
        if self.uncovered:
            lines.append("  не покрыто программами ДПО: " + ", ".join(names.get(d, d) for d in self.uncovered))
        return "\n".join(lines)


@dataclass(frozen=True)
class _Program:
    id: str
    title: str
    hours: int
    registry: bool
    competencies: frozenset[str]
    audience: frozenset[str]


def cover(deficits: tuple[str, ...], programs: list[_Program], cap: int
          ) -> tuple[list[_Program], tuple[str, ...]]:
    """Programs covering the most deficits within ``cap`` hours, then fewest hours (exact).

    Cost order: hours, programs outside the federal registry, number of programs, ids.
    Returns the chosen programs and the deficits left uncovered.
    """
    index = {d: i for i, d in enumerate(deficits)}
    useful = [(p, sum(1 << index[c] for c in p.competencies if c in index)) for p in programs if p.hours <= cap]
    useful = [(p, m) for p, m in useful if m]
    best: dict[int, tuple[int, int, int, tuple[str, ...]]] = {0: (0, 0, 0, ())}
    for program, mask in sorted(useful, key=lambda pm: pm[0].id):  # 0/1 knapsack over masks of deficits
        for state, (hours, outside, count, ids) in list(best.items()):
            new_hours = hours + program.hours
            if new_hours > cap:
                continue
            candidate = (new_hours, outside + (not program.registry), count + 1, tuple(sorted((*ids, program.id))))
            target = state | mask
            if target not in best or candidate < best[target]:
                best[target] = candidate
    full = (1 << len(deficits)) - 1
    covered_most = max(bin(m).count("1") for m in best)
    mask = min((m for m in best if bin(m).count("1") == covered_most), key=lambda m: best[m])
    chosen_ids = set(best[mask][3])
    chosen = [p for p, _ in sorted(useful, key=lambda pm: pm[0].id) if p.id in chosen_ids]
    uncovered = tuple(d for d in deficits if not (mask >> index[d]) & 1) if mask != full else ()
    return chosen, uncovered


class IomBuilder:
    """Builds routes for people of one dataset."""

    def __init__(self, dataset: "Dataset", options: BuilderOptions | None = None) -> None:
        self.dataset = dataset
        self.options = options or BuilderOptions()
        self._memo: dict[tuple, tuple[list[_Program], tuple[str, ...]]] = {}
        self.programs = [
            _Program(r["id"], r["title"], r["hours"], r["in_federal_registry"], frozenset(r["competencies"]),
                     frozenset(r["audience"]))
            for r in dataset["program"].sort("id").iter_rows(named=True)
        ]
        self.competency_names = dict(dataset["competency"].select("id", "name").iter_rows())

    # ------------------------------------------------------------------ inputs

    def latest_deficits(self, at: dt.date, staff_ids: list[str] | None = None) -> pl.DataFrame:
        """staff_id, diagnostic_id, date, deficits (sorted list) — from each person's latest diagnostic."""
        ds = self.dataset
        diagnostics = ds["diagnostic"].filter(pl.col("date") <= at)
        if staff_ids is not None:
            diagnostics = diagnostics.filter(pl.col("staff_id").is_in(staff_ids))
        latest = diagnostics.sort("date", "id").group_by("staff_id").last()
        thresholds = ds["competency"].select(pl.col("id").alias("competency_id"),
                                             pl.col("threshold").alias("competency.threshold"))
        results = ds["diagnostic_result"].join(latest.select(pl.col("id").alias("diagnostic_id")), on="diagnostic_id") \
            .join(thresholds, on="competency_id", how="left")
        deficits = results.filter(is_deficit_expr().fill_null(False)) \
            .group_by("diagnostic_id").agg(pl.col("competency_id").sort().alias("deficits"))
        return latest.select("staff_id", pl.col("id").alias("diagnostic_id"), "date") \
            .join(deficits, on="diagnostic_id").sort("staff_id")

    # ------------------------------------------------------------------ routes

    def _programs_for(self, category: str, position: str) -> list[_Program]:
        return [p for p in self.programs if not p.audience or category in p.audience or position in p.audience]

    def route(self, person: dict[str, Any], diagnostic_id: str, diagnosed: dt.date, deficits: tuple[str, ...],
              at: dt.date, mentor: str | None, associations: list[str]) -> Route:
        opts = self.options
        key = (deficits, person["category"], person["position"], opts.hours_per_year)
        if key not in self._memo:
            self._memo[key] = cover(deficits, self._programs_for(person["category"], person["position"]),
                                    opts.hours_per_year)
        chosen, uncovered = self._memo[key]
        start = max(diagnosed + dt.timedelta(days=opts.start_after_days), at)
        end = _add_months(start, opts.months)
        steps: list[Step] = []
        cursor, used = start, dict[int, int]()
        for program in chosen:
            weeks = max(1, math.ceil(program.hours / HOURS_PER_WEEK))
            if used.get(cursor.year, 0) + program.hours > opts.hours_per_year:
                cursor = dt.date(cursor.year + 1, 1, 10)
            step_end = cursor + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
            if step_end > end:  # does not fit the route's period: its deficits stay open
                uncovered = tuple(sorted(set(uncovered) | (program.competencies & set(deficits))))
                continue
            used[cursor.year] = used.get(cursor.year, 0) + program.hours
            closes = tuple(sorted(program.competencies & set(deficits)))
            steps.append(Step("training", f"Курсы: {program.title}", closes, cursor, step_end, program.id, program.hours))
            cursor = step_end + dt.timedelta(days=7)
        young = person["category"] == "pedagogue" and is_young_teacher(
            person["birth_date"], person["career_start"], start, max_age=opts.young_max_age,
            max_years=opts.young_max_years)
        if young:
            title = f"Наставничество (наставник {mentor})" if mentor else "Наставничество: закрепить наставника"
            steps.append(Step("mentoring", title, deficits, start, end))
        for name in associations[:2]:
            closes = uncovered or deficits
            steps.append(Step("horizontal_learning", f"Горизонтальное обучение в «{name}»: взаимопосещение, "
                                                     "открытые уроки, обмен опытом", closes, start, end))
        uncovered = tuple(d for d in deficits if d in set(uncovered))
        return Route(person["id"], diagnostic_id, deficits, start, end, steps, uncovered)

    def build(self, at: dt.date, staff_ids: list[str] | None = None) -> list[Route]:
        """Routes for the given people (everyone with deficits when ``None``), in id order."""
        from methodnet.model.derived import employed_on_expr

        ds = self.dataset
        wanted = self.latest_deficits(at, staff_ids)
        people = ds["staff"].filter(employed_on_expr(at)).join(wanted.select("staff_id"), left_on="id",
                                                                right_on="staff_id", how="semi")
        people_by_id = {p["id"]: p for p in people.iter_rows(named=True)}
        active = (pl.col("start").is_null() | (pl.col("start") <= at)) & (pl.col("end").is_null() | (pl.col("end") >= at))
        mentors = dict(ds["mentorship"].filter(active).sort("start").select("mentee_id", "mentor_id").iter_rows())
        memberships: dict[str, list[str]] = {}
        names = ds["association"].filter(pl.col("closed").is_null()).select(pl.col("id").alias("association_id"), "name")
        for staff_id, name in ds["association_member"].filter(active).join(names, on="association_id") \
                .sort("staff_id", "association_id").select("staff_id", "name").iter_rows():
            memberships.setdefault(staff_id, []).append(name)
        routes = []
        for staff_id, diagnostic_id, date, deficits in wanted.iter_rows():
            person = people_by_id.get(staff_id)
            if person is None or not deficits:
                continue
            routes.append(self.route(person, diagnostic_id, date, tuple(deficits), at, mentors.get(staff_id),
                                     memberships.get(staff_id, [])))
        return routes


def routes_to_records(routes: list[Route], developed: dt.date, prefix: str = "IOM-NEW-") -> dict[str, list[dict]]:
    """``{"iom": [...], "iom_step": [...]}`` for :meth:`Dataset.from_records` or writing to files."""
    ioms, steps = [], []
    for i, route in enumerate(routes, start=1):
        iom, iom_steps = route.records(f"{prefix}{i:06d}", developed)
        ioms.append(iom)
        steps += iom_steps
    return {"iom": ioms, "iom_step": steps}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28)) - dt.timedelta(days=1)
