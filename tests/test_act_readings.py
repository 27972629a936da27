"""The readings the acts need, computed by hand on a small fixture.

Петровский items 3–6 are one indicator each (plugin saratov): the total and the levels
come from the same records, and the total equals the core's definition of the item.
Серышево III.8 counts pedagogues (not managers) trained at the institute in any form.
"""

from __future__ import annotations

import datetime as dt

import pytest

from methodnet import Dataset, LoadOptions
from methodnet.engine.evaluate import Engine
from methodnet.api import load_profile

D = dt.date
AMIRO = "ГАУ ДПО «Амурский институт развития образования»"

RECORDS = {
    "municipality": [{"id": "m1", "name": "Округ", "region": "Область"}],
    "organization": [
        {"id": "o1", "name": "Школа 1", "municipality_id": "m1", "kind": "school"},
        {"id": "o2", "name": "Школа 2", "municipality_id": "m1", "kind": "school"},
        {"id": "o3", "name": "Детский сад", "municipality_id": "m1", "kind": "kindergarten"},
    ],
    "staff": [
        {"id": "s1", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": D(1990, 1, 1), "career_start": D(2012, 9, 1), "hired": D(2012, 9, 1)},
        {"id": "s2", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": D(1980, 1, 1), "career_start": D(2003, 9, 1), "hired": D(2003, 9, 1)},
        {"id": "s3", "organization_id": "o2", "category": "manager", "position": "директор",
         "birth_date": D(1975, 1, 1), "career_start": D(1998, 9, 1), "hired": D(2010, 1, 1)},
        {"id": "s4", "organization_id": "o3", "category": "pedagogue", "position": "воспитатель",
         "birth_date": D(1985, 1, 1), "career_start": D(2010, 9, 1), "hired": D(2010, 9, 1), "left": D(2025, 6, 30)},
    ],
    "role": [{"id": "r1", "staff_id": "s1", "kind": "tutor", "level": "regional", "start": D(2024, 1, 1)}],
    "event": [
        {"id": "e1", "title": "Учитель года", "kind": "contest", "contest": "teacher_of_the_year",
         "level": "municipal", "municipality_id": "m1", "start": D(2025, 2, 10)},
        {"id": "e2", "title": "Директор года", "kind": "contest", "contest": "director_of_the_year",
         "level": "regional", "start": D(2025, 3, 15)},
        {"id": "e3", "title": "Мастер-класс", "kind": "master_class", "level": "school", "organizer_id": "o2",
         "start": D(2025, 4, 1)},
        {"id": "e4", "title": "Презентация опыта", "kind": "experience_presentation", "level": "federal",
         "start": D(2025, 5, 1)},
    ],
    "participation": [
        {"id": "p1", "event_id": "e1", "staff_id": "s1", "role": "participant"},
        {"id": "p2", "event_id": "e1", "staff_id": "s2", "role": "jury"},  # a jury member does not take part
        {"id": "p3", "event_id": "e2", "staff_id": "s3", "role": "participant"},
        {"id": "p5", "event_id": "e2", "staff_id": "s4", "role": "participant"},  # s4 left before the year's end
        {"id": "p6", "event_id": "e4", "staff_id": "s2", "role": "speaker"},
    ],
    "program": [
        {"id": "pr1", "title": "Очные курсы", "kind": "advanced_training", "hours": 36, "provider": AMIRO,
         "form": "in_person"},
        {"id": "pr2", "title": "Дистанционные курсы", "kind": "advanced_training", "hours": 72, "provider": AMIRO,
         "form": "distance"},
        {"id": "pr3", "title": "Другие курсы", "kind": "advanced_training", "hours": 72, "provider": "Другой институт",
         "form": "distance"},
    ],
    "training": [
        {"id": "t1", "staff_id": "s1", "program_id": "pr1", "start": D(2025, 2, 1), "end": D(2025, 2, 20),
         "status": "completed"},
        {"id": "t2", "staff_id": "s2", "program_id": "pr2", "start": D(2025, 3, 1), "end": D(2025, 3, 30),
         "status": "completed"},
        {"id": "t3", "staff_id": "s2", "program_id": "pr1", "start": D(2025, 9, 1), "end": D(2025, 9, 20),
         "status": "completed"},
        {"id": "t4", "staff_id": "s3", "program_id": "pr2", "start": D(2025, 3, 1), "end": D(2025, 3, 30),
         "status": "completed"},  # a manager: not «педагогических работников»
        {"id": "t5", "staff_id": "s1", "program_id": "pr3", "start": D(2025, 3, 1), "end": D(2025, 3, 30),
         "status": "completed"},  # another provider
    ],
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.from_records(RECORDS, options=LoadOptions(today=D(2026, 9, 1)))


def _rows(profile_id: str, ids: list[str], dataset: Dataset, extra: tuple = ()) -> dict:
    profile = load_profile(profile_id)
    chosen = [profile.indicator(i) for i in ids] + [load_profile("base").indicator(i) for i in extra]
    engine = Engine(profile.model_copy(update={"indicators": chosen}), dataset)
    return {(r.indicator, r.group): (r.numerator, r.denominator) for r in engine.evaluate("2025").rows}


def test_petrovsk_items_3_to_6_total_and_levels_from_the_same_records(dataset: Dataset) -> None:
    rows = _rows("petrovsk", ["contest_participation_by_level", "orgs_contest_by_level", "orgs_experience_by_level",
                              "tutors_experts_jury_by_level"], dataset,
                 extra=("contest_participation_share", "orgs_contest_share", "tutors_experts_jury_share"))
    # п. 3: staff employed on 31.12.2025 — s1, s2, s3; taking part as participants: s1 (municipal), s3 (regional)
    assert rows[("contest_participation_by_level", None)] == (2, 3)
    assert rows[("contest_participation_by_level", "municipal")] == (1, 3)
    assert rows[("contest_participation_by_level", "regional")] == (1, 3)
    assert rows[("contest_participation_by_level", "federal")] == (0, 3)
    # п. 4: o1 through s1 (municipal), o2 through s3 (regional); o3 only through s4, who has left
    assert rows[("orgs_contest_by_level", None)] == (2, 3)
    assert rows[("orgs_contest_by_level", "municipal")] == (1, 3)
    assert rows[("orgs_contest_by_level", "regional")] == (1, 3)
    # п. 5: o2 hosted a school-level master class; o1's teacher s2 spoke at a federal presentation
    assert rows[("orgs_experience_by_level", None)] == (2, 3)
    assert rows[("orgs_experience_by_level", "school")] == (1, 3)
    assert rows[("orgs_experience_by_level", "federal")] == (1, 3)
    # п. 6: pedagogues s1, s2; s1 a regional tutor (roles), s2 a jury member of a municipal contest
    assert rows[("tutors_experts_jury_by_level", None)] == (2, 2)
    assert rows[("tutors_experts_jury_by_level", "municipal")] == (1, 2)
    assert rows[("tutors_experts_jury_by_level", "regional")] == (1, 2)
    # one number per item: the total is the core's definition of the same item
    assert rows[("contest_participation_share", None)] == rows[("contest_participation_by_level", None)]
    assert rows[("orgs_contest_share", None)] == rows[("orgs_contest_by_level", None)]
    assert rows[("tutors_experts_jury_share", None)] == rows[("tutors_experts_jury_by_level", None)]


def test_seryshevo_iii_8_counts_pedagogues_in_every_form(dataset: Dataset) -> None:
    rows = _rows("seryshevo", ["amur_institute_trainings"], dataset)
    # s1 (in person, now counted) and s2 (twice: counted once); s3 is a manager; t5 is another provider
    assert rows[("amur_institute_trainings", None)][0] == 2


def test_seryshevo_iii_5_counts_methodical_events_not_contests(dataset: Dataset) -> None:
    rows = _rows("seryshevo", ["municipal_events_count"], dataset)
    assert rows[("municipal_events_count", None)][0] == 0  # the only municipal event, e1, is a contest
