"""True as of the period's end (DESIGN §4, issues 10 and 17), on a fixture computed by hand.

The dataset was collected on 2025-06-30 (``dataset_info``). One school o1, four pedagogues:

    p1  route I1 developed 2024-03-01, cancelled 2025-02-01        a route in 2024, not in 2025
    p2  route I2 developed 2024-05-01, completed 2025-01-09         in progress at the end of 2024
    p3  route I3 developed 2024-06-01, completed 2024-11-30         completed in 2024
    p4  route I4 developed 2024-09-01, completed, no date           read as completed on 2025-06-30

    p1  course T1 2024-12-10 … 2025-01-20, completed                counts in 2025 only
    p2  course T2 2024-03-01 … 2024-03-20, dropped 2024-03-10       never completed
    p3  course T3 2024-02-01 … 2024-02-10, completed                counts in 2024
    p4  course T4 2025-03-01, completed, no end                     read as finished on 2025-06-30: counts in 2025

Indicators:
    routes        share of pedagogues with a route not cancelled, cumulative
    completed     share with a completed route among those with a route not cancelled, cumulative
    trained       share of pedagogues who completed a course in the year
    roles         share with a regional-methodist role — the role table is absent
    diff, double  derived, declared before the indicators they use
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from methodnet import Dataset, LoadOptions
from methodnet.engine.evaluate import Engine
from methodnet.api import load_profile
from methodnet.profile.loader import ProfileError

D = dt.date


def _person(i: int) -> dict:
    return {"id": f"p{i}", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
            "birth_date": D(1980, 1, 1), "career_start": D(2005, 9, 1), "hired": D(2005, 9, 1)}


RECORDS = {
    "dataset_info": [{"as_of": D(2025, 6, 30), "label": "проверочный набор"}],
    "municipality": [{"id": "m1", "name": "Округ", "region": "Область"}, {"id": "m2", "name": "Соседний", "region": "Область"}],
    "organization": [{"id": "o1", "name": "Школа 1", "municipality_id": "m1", "kind": "school"}],
    "staff": [_person(i) for i in range(1, 5)],
    "program": [{"id": "pr1", "title": "Курс", "kind": "advanced_training", "hours": 36, "provider": "ИРО"}],
    "iom": [
        {"id": "I1", "staff_id": "p1", "developed": D(2024, 3, 1), "status": "cancelled", "cancelled_on": D(2025, 2, 1)},
        {"id": "I2", "staff_id": "p2", "developed": D(2024, 5, 1), "status": "completed",
         "completed_on": D(2025, 1, 9)},
        {"id": "I3", "staff_id": "p3", "developed": D(2024, 6, 1), "status": "completed",
         "completed_on": D(2024, 11, 30)},
        {"id": "I4", "staff_id": "p4", "developed": D(2024, 9, 1), "status": "completed"},
    ],
    "training": [
        {"id": "T1", "staff_id": "p1", "program_id": "pr1", "start": D(2024, 12, 10), "end": D(2025, 1, 20),
         "status": "completed"},
        {"id": "T2", "staff_id": "p2", "program_id": "pr1", "start": D(2024, 3, 1), "end": D(2024, 3, 20),
         "status": "dropped", "dropped_on": D(2024, 3, 10)},
        {"id": "T3", "staff_id": "p3", "program_id": "pr1", "start": D(2024, 2, 1), "end": D(2024, 2, 10),
         "status": "completed"},
        {"id": "T4", "staff_id": "p4", "program_id": "pr1", "start": D(2025, 3, 1), "status": "completed"},
    ],
}

PROFILE = {
    "id": "asof",
    "name": "Проверка дат",
    "indicators": [
        {"id": "double", "name": "Удвоенная разница", "kind": "derived", "formula": "2 * diff", "unit": "п.п."},
        {"id": "diff", "name": "Разница", "kind": "derived", "formula": "routes - trained", "unit": "п.п."},
        {"id": "routes", "name": "С ИОМ", "kind": "share", "cumulative": True,
         "population": {"table": "staff"}, "condition": 'exists(ioms, status != "cancelled")',
         "targets": {"2024": 50, "2025": 90}},
        {"id": "completed", "name": "Завершили ИОМ", "kind": "share", "cumulative": True,
         "population": {"table": "staff", "where": 'exists(ioms, status != "cancelled")'},
         "condition": "exists(ioms, completed)"},
        {"id": "trained", "name": "Прошли курсы", "kind": "share", "population": {"table": "staff"},
         "condition": "exists(trainings, completed)", "targets": {"2024": 25, "2025": 25}},
        {"id": "roles", "name": "Региональные методисты", "kind": "share", "population": {"table": "staff"},
         "condition": 'exists(roles, kind == "regional_methodist")'},
    ],
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("profiles") / "asof.yaml"
    path.write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    return Engine(load_profile(path), Dataset.from_records(RECORDS))


@pytest.fixture(scope="module")
def results(engine: Engine):  # type: ignore[no-untyped-def]
    return engine.evaluate(["2024", "2025"], by="municipality")


def _nd(row) -> tuple:  # type: ignore[no-untyped-def]
    return row.numerator, row.denominator, row.value


def test_the_dataset_knows_its_date(engine: Engine) -> None:
    assert engine.dataset.as_of == D(2025, 6, 30) and engine.dataset.as_of_source == "data"
    overridden = Dataset.from_records(RECORDS, options=LoadOptions(as_of=D(2025, 12, 31)))
    assert overridden.as_of == D(2025, 12, 31) and overridden.as_of_source == "option"


def test_a_route_cancelled_later_counts_before_it_was_cancelled(results) -> None:  # type: ignore[no-untyped-def]
    # End of 2024: all four routes exist, none is cancelled yet. 2025: I1 cancelled on 2025-02-01.
    assert _nd(results.get("routes", "2024")) == (4, 4, 100.0)
    assert _nd(results.get("routes", "2025")) == (3, 4, 75.0)


def test_completion_counts_from_its_date(results) -> None:  # type: ignore[no-untyped-def]
    # End of 2024: only I3 is completed (I2 on 2025-01-09; I4 has no date → the dataset's date).
    assert _nd(results.get("completed", "2024")) == (1, 4, 25.0)
    # 2025: I2, I3, I4 completed; I1 cancelled → out of the population.
    assert _nd(results.get("completed", "2025")) == (3, 3, 100.0)


def test_a_course_counts_in_the_year_it_was_finished(results) -> None:  # type: ignore[no-untyped-def]
    # 2024: T3 only (T1 ends in 2025; T2 dropped). 2025: T1, and T4 read as finished on the dataset's date.
    assert _nd(results.get("trained", "2024")) == (1, 4, 25.0)
    assert _nd(results.get("trained", "2025")) == (2, 4, 50.0)


def test_a_dropped_course_never_counts_as_completed(engine: Engine) -> None:
    explained = engine.evaluate("2024").explain("trained")
    assert explained.filter(explained["id"] == "p2")["counted"].item() is False


def test_explain_says_when_a_status_without_a_date_was_read_as_of_the_dataset_date(engine: Engine) -> None:
    # T4 is completed without an end date; I4 without completed_on.
    explained = engine.evaluate("2025").explain("trained")
    assert set(explained["note"]) == {"статусы без даты считаны на дату данных 30.06.2025 («Обучение»: 1)"}
    assert set(engine.evaluate("2025").explain("completed")["note"]) == {
        "статусы без даты считаны на дату данных 30.06.2025 («ИОМ»: 1)"}


def test_a_period_not_over_is_in_progress_never_not_met(results) -> None:  # type: ignore[no-untyped-def]
    # 2025 is not over on 2025-06-30: 75 % against 90 is «в процессе», not «не выполнен».
    row = results.get("routes", "2025")
    assert (row.status, row.target, row.gap) == ("in_progress", 90.0, -15.0)
    assert results.get("routes", "2024").status == "met"  # 100 ≥ 50, the year is over
    assert results.get("trained", "2024").status == "met"


def test_missing_table_gives_no_data_with_a_note(results) -> None:  # type: ignore[no-untyped-def]
    row = results.get("roles", "2024")
    assert (row.status, row.numerator, row.denominator, row.value) == ("no_data", None, None, None)
    assert row.note == "нет данных: «Роли»"
    by_municipality = [r for r in results.rows if r.indicator == "roles" and r.group_by == "municipality"]
    assert {(r.group, r.status) for r in by_municipality} == {("m1", "no_data"), ("m2", "no_data")}


def test_unassigned_rows_only_where_records_lack_a_key(results) -> None:  # type: ignore[no-untyped-def]
    groups = {r.group for r in results.rows if r.group_by == "municipality"}
    assert groups == {"m1", "m2"}  # every municipality, no «не указано»
    m2 = results.get("routes", "2024", group="m2", group_by="municipality")
    assert (m2.numerator, m2.denominator, m2.status) == (0.0, 0.0, "no_data")  # nobody there: no data, not 0 %


def test_derived_indicators_declared_before_their_inputs(results) -> None:  # type: ignore[no-untyped-def]
    assert results.get("diff", "2024").value == pytest.approx(75.0)  # 100 − 25
    assert results.get("double", "2024").value == pytest.approx(150.0)
    assert results.get("double", "2025").value == pytest.approx(50.0)  # 2 × (75 − 50)
    assert results.get("double", "2024", group="m1", group_by="municipality").value == pytest.approx(150.0)


def test_a_past_value_does_not_change_when_later_records_arrive(engine: Engine) -> None:
    later = {**RECORDS, "dataset_info": [{"as_of": D(2026, 3, 1)}],
             "iom": [*RECORDS["iom"], {"id": "I5", "staff_id": "p1", "developed": D(2025, 9, 1),
                                        "status": "completed", "completed_on": D(2026, 2, 1)}]}
    again = Engine(engine.profile, Dataset.from_records(later)).evaluate(["2024", "2025"])
    first = engine.evaluate(["2024", "2025"])
    assert _nd(again.get("completed", "2024")) == _nd(first.get("completed", "2024"))
    # I5 was developed in 2025 and is not cancelled: p1 has a route again at the end of 2025, now over.
    assert _nd(again.get("routes", "2025")) == (4, 4, 100.0)
    assert again.get("routes", "2025").status == "met"


# ------------------------------------------------------------------ derived formulas are checked at load

def _profile_fails(tmp_path: Path, indicators: list[dict]) -> ProfileError:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"id": "bad", "name": "x", "indicators": [PROFILE["indicators"][2], *indicators]},
                                   allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return caught.value


def test_a_cycle_of_derived_formulas_is_a_located_error(tmp_path: Path) -> None:
    error = _profile_fails(tmp_path, [
        {"id": "a", "name": "A", "kind": "derived", "formula": "b + 1"},
        {"id": "b", "name": "B", "kind": "derived", "formula": "a * 2"},
    ])
    (problem,) = error.report.problems
    assert problem.code == "formula_cycle" and problem.file.endswith("bad.yaml") and problem.row is not None
    assert "a → b → a" in problem.message


@pytest.mark.parametrize("formula, code", [
    ("routes ** 2", "formula_construct"),
    ("routes if routes else 0", "formula_construct"),
    ("max(routes, 1)", "formula_construct"),
    ("routes +", "formula_syntax"),
    ("1e300 * routes", "formula_number"),
    ("+".join(["1"] * 300), "formula_too_large"),
    ("+".join(["routes"] * 600), "formula_too_long"),
])
def test_a_formula_that_is_not_arithmetic_is_rejected_at_load(tmp_path: Path, formula: str, code: str) -> None:
    error = _profile_fails(tmp_path, [{"id": "a", "name": "A", "kind": "derived", "formula": formula}])
    assert [p.code for p in error.report.problems] == [code]
