"""A small hand-made dataset of the cases where "true as of the period's end" matters.

    python -m methodnet.synth.edge_cases OUT_FOLDER

Every row is there for a reason (the comment beside it); the expected values of the base
indicators for 2024–2027 are worked out by hand in tests/test_baselines.py. The dataset date
T is 2026-06-30 (inside 2026), so 2026 and 2027 are periods in progress.

Cases: a closed and a newly opened organization; people leaving mid-period and a person
employed at a closed organization; a young teacher who stops being young; same-day
diagnostics; explicit deficits (``deficit`` set either way) next to threshold deficits;
routes completed after the period, cancelled after the period (``cancelled_on``) and cancelled
or completed without a date (→ T); courses crossing a year boundary, a dropped course with
``dropped_on``, a completed course without an end date (→ completed at T); a multi-year event,
one-day events without an end, an event crossing New Year; records without a municipality;
empty cells that take the loader's defaults (participation role, survey scale, program flags).

``cancelled_on``, ``dropped_on`` and ``dataset_info`` are written only when the installed
loader knows them (they arrive with the as-of engine); otherwise their dates are left out
and T must be given as ``--at``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

#: The dataset's date.
AS_OF = dt.date(2026, 6, 30)

TABLES: dict[str, tuple[tuple[str, ...], list[tuple]]] = {
    "municipality": (("id", "name", "region"), [
        ("M1", "Первый район", "Тестовая область"),
        ("M2", "Второй район", "Тестовая область"),
        ("M3", "Третий район", "Тестовая область"),  # no organizations: 0/0 rows everywhere
    ]),
    "organization": (("id", "name", "municipality_id", "kind", "opened", "closed"), [
        ("O1", "Школа № 1", "M1", "school", "", ""),
        ("O2", "Детский сад № 2", "M1", "kindergarten", "", "2025-06-30"),  # closed mid-2025
        ("O3", "Школа № 3", "M2", "school", "2025-03-01", ""),  # opened mid-2025
        ("O4", "Методический центр", "M2", "methodical_center", "", ""),  # not a school/kindergarten/additional
        ("O5", "Дом творчества", "M2", "additional", "", ""),
    ]),
    "staff": (("id", "organization_id", "category", "position", "birth_date", "career_start", "hired", "left"), [
        ("S1", "O1", "pedagogue", "учитель", "1980-05-10", "2005-09-01", "2005-09-01", ""),
        ("S2", "O1", "pedagogue", "учитель", "1998-03-15", "2024-09-01", "2024-09-01", ""),  # young 2024–2026
        ("S3", "O1", "manager", "директор", "1975-01-01", "2000-01-01", "2010-01-01", ""),
        ("S4", "O1", "pedagogue", "учитель", "1970-02-02", "1995-09-01", "1995-09-01", "2025-06-15"),  # leaves
        ("S5", "O2", "pedagogue", "воспитатель", "1985-04-04", "2010-09-01", "2010-09-01", "2025-06-30"),
        ("S6", "O2", "manager", "заведующий", "1972-06-06", "1994-09-01", "2000-09-01", ""),  # at a closed org
        ("S7", "O3", "pedagogue", "учитель", "2000-07-01", "2025-03-01", "2025-03-01", ""),  # young 2025–2027
        ("S8", "O3", "pedagogue", "учитель", "1999-01-01", "", "2025-03-01", ""),  # start of work unknown
        ("S9", "O4", "manager", "методист", "1980-08-08", "2003-09-01", "2020-01-01", ""),
        ("S10", "O5", "pedagogue", "педагог ДО", "1990-10-10", "2010-09-01", "2024-02-01", ""),
        ("S11", "O5", "manager", "директор", "1968-12-12", "1990-09-01", "2001-09-01", "2026-03-31"),  # leaves
    ]),
    "competency": (("id", "name", "threshold", "max_score"), [
        ("K1", "Предметные", "60", "100"),
        ("K2", "Методические", "60", "100"),
    ]),
    "diagnostic": (("id", "staff_id", "date"), [
        ("D1", "S1", "2024-03-01"),
        ("D2", "S1", "2024-03-01"),  # same day as D1: its pass does not close D1's deficit
        ("D3", "S1", "2025-02-10"),  # closes D1/K1 in 2025
        ("D4", "S2", "2024-11-20"),
        ("D5", "S2", "2026-05-05"),  # closes D4/K1 in 2026; K2 still a deficit (a new one)
        ("D6", "S4", "2024-06-01"),  # a deficit that stays open after the person leaves
        ("D7", "S7", "2025-04-01"),
        ("D8", "S3", "2025-12-31"),  # last day of the period; score at the threshold is no deficit
    ]),
    "diagnostic_result": (("diagnostic_id", "competency_id", "score", "deficit"), [
        ("D1", "K1", "50", ""),  # threshold deficit
        ("D1", "K2", "70", ""),
        ("D2", "K1", "65", ""),
        ("D2", "K2", "40", "false"),  # explicit: not a deficit although below the threshold
        ("D3", "K1", "80", ""),
        ("D4", "K1", "70", "true"),  # explicit deficit although above the threshold
        ("D4", "K2", "30", ""),
        ("D5", "K1", "90", ""),
        ("D5", "K2", "35", ""),
        ("D6", "K1", "10", ""),
        ("D7", "K1", "55", ""),
        ("D8", "K2", "60", ""),
    ]),
    "iom": (("id", "staff_id", "diagnostic_id", "developed", "start", "end", "status", "completed_on",
             "cancelled_on"), [
        ("I1", "S1", "D1", "2024-04-01", "2024-04-01", "2025-03-31", "completed", "2025-02-15", ""),  # after 2024
        ("I2", "S2", "D4", "2024-12-01", "2024-12-01", "", "cancelled", "", "2025-05-01"),  # cancelled after 2024
        ("I3", "S4", "D6", "2024-07-01", "2024-07-01", "2024-12-31", "completed", "2024-12-31", ""),  # last day
        ("I4", "S3", "", "2025-01-15", "", "", "in_progress", "", ""),  # no diagnostic, open-ended
        ("I5", "S7", "D7", "2025-05-01", "2025-05-01", "", "completed", "", ""),  # completed, no date → T
        ("I6", "S8", "", "2025-06-01", "", "", "cancelled", "", ""),  # cancelled, no date → T
        ("I7", "S10", "", "2023-02-01", "2023-02-01", "2023-11-30", "completed", "2023-11-30", ""),  # before 2024
    ]),
    "program": (("id", "title", "kind", "hours", "provider", "in_federal_registry", "management_team"), [
        ("P1", "ФГОС", "advanced_training", "72", "ИРО", "true", "false"),
        ("P2", "Переподготовка", "retraining", "300", "ИРО", "false", "false"),
        ("P3", "Управленческая команда", "advanced_training", "36", "ИРО", "false", "true"),
        ("P4", "Цифровая школа", "advanced_training", "36", "ИРО", "", ""),  # empty flags: default false
    ]),
    "training": (("id", "staff_id", "program_id", "start", "end", "status", "diagnostic_id", "dropped_on"), [
        ("T1", "S1", "P1", "2024-12-01", "2025-01-20", "completed", "D1", ""),  # crosses the year: 2025 only
        ("T2", "S2", "P2", "2024-03-01", "2024-05-30", "completed", "", ""),
        ("T3", "S4", "P4", "2024-09-01", "2024-10-01", "dropped", "", "2024-09-15"),  # dropped: never counts
        ("T4", "S7", "P1", "2025-09-01", "", "completed", "D7", ""),  # completed, no end → at T (2026)
        ("T5", "S3", "P3", "2025-10-01", "2025-11-15", "completed", "", ""),
        ("T6", "S9", "P3", "2024-05-01", "2024-05-20", "dropped", "", ""),  # management team, any status
        ("T7", "S6", "P3", "2024-02-01", "2024-03-01", "completed", "", ""),
        ("T8", "S10", "P4", "2026-09-01", "2026-10-01", "planned", "", ""),
        ("T9", "S1", "P4", "2025-12-20", "2026-01-10", "completed", "", ""),  # crosses the year: 2026 only
    ]),
    "mentorship": (("id", "mentor_id", "mentee_id", "start", "end"), [
        ("MN1", "S1", "S2", "2024-09-01", "2026-08-31"),
        ("MN2", "S10", "S7", "2025-03-15", "2025-12-31"),
    ]),
    "association": (("id", "name", "level", "municipality_id", "organization_id", "created", "closed"), [
        ("A1", "ШМО школы № 3", "school", "M2", "O3", "2025-03-01", ""),
    ]),
    "association_member": (("association_id", "staff_id", "role", "start", "end"), [
        ("A1", "S7", "", "", "2026-02-01"),  # empty role (default member), no start
    ]),
    "role": (("id", "staff_id", "kind", "level", "start", "end"), [
        ("R1", "S1", "regional_methodist", "regional", "2023-01-01", "2024-12-31"),
        ("R2", "S10", "tutor", "municipal", "2025-06-01", ""),
        ("R3", "S3", "regional_methodist", "regional", "2026-01-01", ""),  # a manager
    ]),
    "event": (("id", "title", "kind", "contest", "level", "municipality_id", "organizer_id", "start", "end"), [
        ("E1", "Учитель года — 2024", "contest", "teacher_of_the_year", "municipal", "M1", "", "2024-02-10",
         "2024-02-12"),
        ("E2", "Школа молодого педагога", "young_teacher_school", "", "municipal", "M2", "", "2025-10-01",
         "2027-05-31"),  # multi-year
        ("E3", "Учитель года — 2025", "contest", "teacher_of_the_year", "municipal", "M1", "", "2025-03-01", ""),
        ("E4", "Воспитатель года", "contest", "educator_of_the_year", "municipal", "M2", "", "2024-12-30",
         "2025-01-05"),  # crosses New Year
        ("E5", "Мастер-класс", "master_class", "", "municipal", "M2", "O3", "2026-04-01", ""),
        ("E6", "Заседание ГМО", "meeting", "", "municipal", "M1", "", "2024-05-01", ""),
        ("E7", "Конкурс без названия", "contest", "", "municipal", "", "", "2026-02-01", ""),  # no municipality
        ("E8", "Региональный конкурс", "contest", "teacher_of_the_year", "regional", "M1", "", "2025-05-01", ""),
    ]),
    "participation": (("id", "event_id", "staff_id", "organization_id", "role"), [
        ("PA1", "E1", "S5", "", "jury"),
        ("PA2", "E1", "S1", "", "participant"),
        ("PA3", "E3", "S2", "", ""),  # empty role: participant
        ("PA4", "E2", "S7", "", ""),
        ("PA5", "E4", "", "O5", "participant"),
        ("PA6", "E8", "S10", "", "participant"),
        ("PA7", "E5", "", "O1", "participant"),
    ]),
    "survey_response": (("id", "survey", "municipality_id", "date", "score", "scale_max"), [
        ("Q1", "mms_satisfaction", "M1", "2025-11-01", "4", "5"),
        ("Q2", "mms_satisfaction", "M1", "2025-11-02", "4", ""),  # empty scale: 5, so satisfied
        ("Q3", "mms_satisfaction", "M2", "2025-11-03", "8", "10"),
        ("Q4", "mms_satisfaction", "", "2026-03-01", "5", "5"),  # no municipality
        ("Q5", "other_survey", "M1", "2025-11-01", "1", "5"),
        ("Q6", "mms_satisfaction", "M2", "2026-01-10", "7", "10"),
    ]),
}


def _known_columns() -> dict[str, set[str]]:
    from methodnet.dataset import default_registry

    return {spec.name: set(spec.column_names) for spec in default_registry()}


def write_edge_cases(folder: str | Path, complete: bool | None = None) -> Path:
    """Write the dataset as CSV files (``;``-separated) into ``folder``; return the folder.

    ``complete=True`` writes every column and ``dataset_info`` whatever the loader knows (for
    readers of the CSV such as the baselines); ``None``: only what the installed loader accepts.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    known = _known_columns()
    if complete:
        known = {table: set(header) for table, (header, _) in TABLES.items()} | {"dataset_info": {"as_of", "label"}}
    tables = dict(TABLES)
    if "dataset_info" in known:
        tables["dataset_info"] = (("as_of", "label"), [(AS_OF.isoformat(), "Крайние случаи")])
    for table, (header, rows) in tables.items():
        keep = [i for i, name in enumerate(header) if name in known[table]]
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow([header[i] for i in keep])
            writer.writerows([[row[i] for i in keep] for row in rows])
    return out


if __name__ == "__main__":
    import sys

    print(write_edge_cases(sys.argv[1]))
