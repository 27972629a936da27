"""Roadmap measures against a date: each deadline of a measure, and where the measure stands.

Acts give deadlines as a month without a year («март», «май»): in a two-year program
such a measure is due every year. A profile writes the first deadline in ``due`` and
``recurrence: yearly``; :func:`occurrences` expands it over the program's years. The
rule ``roadmap_overdue`` and the report's roadmap table both read the measure's status
from here, so they cannot disagree.

A completion record (``roadmap_status``, status ``done``) covers the occurrence of its
year (``completed_on``); a record without a date covers every occurrence — it cannot
say which year it is about, and the methodist who entered it meant «выполнено».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from methodnet.profile.model import Profile, ProgramPeriod, RoadmapItem

#: Status of a measure as of a date → Russian label.
ROADMAP_STATUS_RU = {
    "done": "выполнено",
    "overdue": "просрочено",
    "in_progress": "выполняется (в течение периода)",
    "pending": "срок не наступил",
    "scheduled": "по графику (без фиксированного срока)",
}


def _same_day(year: int, date: dt.date) -> dt.date:
    try:
        return date.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


def occurrences(item: RoadmapItem, period: ProgramPeriod | None = None) -> list[dt.date]:
    """Every deadline of a measure: ``due``, repeated over the program's years when yearly."""
    if item.due is None:
        return []
    if item.recurrence == "yearly" and period is not None and period.end is not None:
        return [_same_day(year, item.due) for year in range(min(item.due.year, period.end), period.end + 1)
                if year >= period.start]
    return [item.due]


def _covered(deadline: dt.date, recurring: bool, done: Iterable[dt.date | None]) -> bool:
    for completed in done:
        if completed is None or not recurring or completed.year == deadline.year:
            return True
    return False


def overdue(item: RoadmapItem, period: ProgramPeriod | None, done: Iterable[dt.date | None], as_of: dt.date) -> list[dt.date]:
    """Deadlines of the measure before ``as_of`` that no completion record covers."""
    done = list(done)
    recurring = item.recurrence == "yearly"
    return [d for d in occurrences(item, period) if d < as_of and not _covered(d, recurring, done)]


@dataclass(frozen=True)
class Progress:
    """A measure as of a date: its deadlines, which are covered, and the resulting status."""

    item: RoadmapItem
    deadlines: tuple[tuple[dt.date, bool], ...]  # (deadline, covered by a completion record)
    status: str

    @property
    def label(self) -> str:
        return ROADMAP_STATUS_RU[self.status]


def progress(item: RoadmapItem, period: ProgramPeriod | None, done: Iterable[dt.date | None], as_of: dt.date) -> Progress:
    """Where a measure stands on ``as_of`` (see :data:`ROADMAP_STATUS_RU`)."""
    done = list(done)
    recurring = item.recurrence == "yearly"
    deadlines = tuple((d, _covered(d, recurring, done)) for d in occurrences(item, period))
    if any(d < as_of and not ok for d, ok in deadlines):
        status = "overdue"
    elif not deadlines:
        status = "done" if done else "scheduled"
    elif all(ok for _, ok in deadlines):
        status = "done"
    elif "в течение" in (item.deadline or "").lower():
        status = "in_progress"
    else:
        status = "pending"
    return Progress(item, deadlines, status)


def roadmap_problems(profile: Profile) -> list[tuple[int, str, str, str, str]]:
    """What is wrong with a profile's roadmap: (item index, field, code, message, hint).

    A repeat must point to an earlier measure, a stage must be one of the profile's stages,
    and a yearly deadline needs a ``due`` date and a program with a last year.
    """
    problems = []
    seen: set[str] = set()
    stages = [s.name for s in profile.stages]
    for i, item in enumerate(profile.roadmap):
        if item.repeats and item.repeats not in seen:
            problems.append((i, "repeats", "roadmap_repeats_unknown",
                             f"мероприятие «{item.id}» повторяет «{item.repeats}», а такого пункта выше нет",
                             "укажите id пункта дорожной карты, который этот пункт повторяет"))
        if item.stage and item.stage not in stages:
            problems.append((i, "stage", "roadmap_stage_unknown", f"мероприятие «{item.id}»: этапа «{item.stage}» нет",
                             "этапы профиля: " + (", ".join(stages) or "не заданы (stages)")))
        if item.recurrence == "yearly" and (item.due is None or profile.period is None or profile.period.end is None):
            problems.append((i, "recurrence", "roadmap_recurrence",
                             f"мероприятие «{item.id}»: ежегодный срок без даты due или без последнего года программы",
                             "укажите due (первый срок) и period.end"))
        seen.add(item.id)
    return problems
