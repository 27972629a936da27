"""Statuses that contradict their dates are found at load, located, and never silently changed (issue 17)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from methodnet import DataError, Dataset, LoadOptions
from methodnet.cli import main

D = dt.date
ROOT = Path(__file__).resolve().parents[1]

BASE = {
    "dataset_info": [{"as_of": D(2025, 6, 30)}],
    "municipality": [{"id": "m1", "name": "Округ", "region": "Область"}],
    "organization": [{"id": "o1", "name": "Школа", "municipality_id": "m1", "kind": "school"}],
    "staff": [{"id": "p1", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
               "birth_date": D(1980, 1, 1), "hired": D(2005, 9, 1)}],
    "program": [{"id": "pr1", "title": "Курс", "kind": "advanced_training", "hours": 36, "provider": "ИРО"}],
}
COURSE = {"id": "T1", "staff_id": "p1", "program_id": "pr1", "start": D(2025, 1, 10), "end": D(2025, 1, 20),
          "status": "completed"}
ROUTE = {"id": "I1", "staff_id": "p1", "developed": D(2024, 3, 1), "start": D(2024, 3, 1), "status": "in_progress"}

# (table, changes to the one record, code, severity, column)
CASES = [
    ("training", {"end": None}, "completed_without_date", "warning", "end"),
    ("training", {"status": "in_progress"}, "status_stale", "warning", "status"),
    ("training", {"status": "planned"}, "status_stale", "warning", "status"),
    ("training", {"status": "dropped"}, "terminal_without_date", "warning", "dropped_on"),
    ("training", {"status": "dropped", "dropped_on": D(2025, 1, 5)}, "status_date_before_start", "error", "dropped_on"),
    ("training", {"dropped_on": D(2025, 1, 15)}, "status_date_without_status", "error", "dropped_on"),
    ("training", {"status": "dropped", "dropped_on": D(2025, 8, 1)}, "date_in_future", "error", "dropped_on"),
    ("iom", {"status": "completed"}, "completed_without_date", "warning", "completed_on"),
    ("iom", {"status": "cancelled"}, "terminal_without_date", "warning", "cancelled_on"),
    ("iom", {"status": "completed", "completed_on": D(2024, 2, 1)}, "status_date_before_start", "error",
     "completed_on"),
    ("iom", {"status": "cancelled", "cancelled_on": D(2024, 2, 1)}, "status_date_before_start", "error",
     "cancelled_on"),
    ("iom", {"completed_on": D(2024, 5, 1)}, "status_date_without_status", "error", "completed_on"),
    ("iom", {"cancelled_on": D(2024, 5, 1)}, "status_date_without_status", "error", "cancelled_on"),
    ("iom", {"status": "completed", "completed_on": D(2025, 7, 1)}, "date_in_future", "error", "completed_on"),
]


def _records(table: str, changes: dict) -> dict:
    record = {**(COURSE if table == "training" else ROUTE), **changes}
    return {**BASE, table: [record]}


def test_consistent_records_load_without_a_word() -> None:
    dataset = Dataset.from_records({**BASE, "training": [COURSE], "iom": [ROUTE]})
    assert dataset.report.problems == []


@pytest.mark.parametrize("table, changes, code, severity, column", CASES)
def test_each_contradiction_is_located(table: str, changes: dict, code: str, severity: str, column: str) -> None:
    records = _records(table, changes)
    if severity == "error":
        with pytest.raises(DataError) as caught:
            Dataset.from_records(records)
        problems = caught.value.report.problems
    else:
        problems = Dataset.from_records(records).report.problems
    assert [(p.code, p.severity, p.table, p.row, p.column) for p in problems] == [(code, severity, table, 1, column)]
    assert problems[0].hint  # says how to fix it


def test_a_status_without_a_date_is_read_as_of_the_dataset_date_and_kept() -> None:
    dataset = Dataset.from_records(_records("training", {"end": None}))
    assert dataset["training"]["end"].to_list() == [None]  # nothing silently filled in
    assert "2025-06-30" in dataset.report.problems[0].message


def test_the_dataset_date_moves_the_future_checks() -> None:
    # The same course ends after the data were collected: «in progress» is then right, not stale.
    records = _records("training", {"status": "in_progress", "end": D(2025, 7, 20)})
    assert Dataset.from_records(records).report.problems == []
    late = {**records, "dataset_info": [{"as_of": D(2025, 8, 1)}]}
    assert [p.code for p in Dataset.from_records(late).report.problems] == ["status_stale"]


def test_dataset_info_has_one_row() -> None:
    records = {**BASE, "dataset_info": [{"as_of": D(2025, 6, 30)}, {"as_of": D(2025, 7, 1)}]}
    with pytest.raises(DataError) as caught:
        Dataset.from_records(records)
    assert [p.code for p in caught.value.report.problems] == ["dataset_info_rows"]


# ------------------------------------------------------------------ the bundled examples and --strict

EXAMPLES = ["seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_pass_strict_and_carry_their_date(example: str) -> None:
    result = CliRunner().invoke(main, ["summary", str(ROOT / "examples" / example), "--strict"])
    assert result.exit_code == 0, result.output
    dataset = Dataset.load(ROOT / "examples" / example)
    assert (dataset.as_of, dataset.as_of_source) == (D(2026, 9, 1), "data")


def test_examples_give_the_same_numbers_whatever_the_calendar() -> None:
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    profile = load_profile("seryshevo")
    frames = []
    for calendar in (D(2026, 9, 2), D(2027, 12, 1), D(2030, 1, 1)):  # `today` is where the calendar enters
        dataset = Dataset.load(ROOT / "examples" / "seryshevo", options=LoadOptions(today=calendar))
        frames.append(Engine(profile, dataset).evaluate(["2025", "2026"]).to_polars())
    assert frames[0].equals(frames[1]) and frames[0].equals(frames[2])
    year = frames[0].filter(frames[0]["period"] == "2026")
    # the passport's two target indicators have no targets (Серышево L133–135): «нет цели», not in progress
    assert set(year.filter(year["target"].is_not_null())["status"]) <= {"in_progress", "no_data"}
    assert set(year.filter(year["target"].is_null())["status"]) <= {"no_target", "no_data"}


def _copy_with(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / "seryshevo"
    shutil.copytree(ROOT / "examples" / "seryshevo", target)
    path = target / "training.csv"
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter=";"))
    line = change(rows[0], rows[1:])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    return target, line


def test_strict_fails_on_an_emptied_end_naming_file_row_and_column(tmp_path: Path) -> None:
    def empty_end(header, rows):  # type: ignore[no-untyped-def]
        for n, row in enumerate(rows, start=2):
            if row[header.index("status")] == "completed":
                row[header.index("end")] = ""
                return n

    folder, line = _copy_with(tmp_path, empty_end)
    plain = CliRunner().invoke(main, ["summary", str(folder)])
    assert plain.exit_code == 0
    strict = CliRunner().invoke(main, ["summary", str(folder), "--strict"])
    assert strict.exit_code == 2
    assert f"training.csv:{line}, столбец «end»" in strict.output


def test_strict_fails_on_a_course_in_progress_that_ended_in_2024(tmp_path: Path) -> None:
    def stale(header, rows):  # type: ignore[no-untyped-def]
        for n, row in enumerate(rows, start=2):
            if row[header.index("status")] == "completed" and row[header.index("end")].startswith("2024"):
                row[header.index("status")] = "in_progress"
                return n

    folder, line = _copy_with(tmp_path, stale)
    strict = CliRunner().invoke(main, ["summary", str(folder), "--strict"])
    assert strict.exit_code == 2
    assert f"training.csv:{line}, столбец «status»" in strict.output


def test_loading_only_the_tables_a_profile_needs() -> None:
    from methodnet.api import load_profile
    from methodnet.profile.requirements import tables_to_load
    from methodnet.engine.evaluate import Engine

    profile = load_profile("seryshevo")
    full = Dataset.load(ROOT / "examples" / "seryshevo")
    wanted = tables_to_load(profile, full.plugins)
    assert "dataset_info" in wanted and "survey_response" not in wanted
    part = Dataset.load(ROOT / "examples" / "seryshevo", tables=wanted)
    assert part.counts()["survey_response"] == 0 and part.counts()["staff"] == full.counts()["staff"]
    assert part.as_of == full.as_of
    assert Engine(profile, part).evaluate(["2024", "2025"]).to_polars().equals(
        Engine(profile, full).evaluate(["2024", "2025"]).to_polars())
