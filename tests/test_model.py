"""The domain model: declarations, derived specs and derived facts (computed by hand)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from methodnet.model import core_registry
from methodnet.model.derived import (
    age_at,
    age_expr,
    employed_on_expr,
    is_young_teacher,
    is_young_teacher_expr,
    years_of_work,
    years_of_work_expr,
)
from methodnet.model.vocab import QualificationCategory, StaffCategory

D = dt.date


@pytest.mark.parametrize("birth, at, age", [
    (D(2000, 5, 10), D(2025, 5, 9), 24),   # the day before the birthday
    (D(2000, 5, 10), D(2025, 5, 10), 25),  # on the birthday
    (D(2000, 2, 29), D(2025, 2, 28), 24),  # leap-day birthdays count from 1 March in other years
    (D(2000, 2, 29), D(2025, 3, 1), 25),
])
def test_age_in_full_years(birth: dt.date, at: dt.date, age: int) -> None:
    assert age_at(birth, at) == age
    frame = pl.DataFrame({"birth_date": [birth]})
    assert frame.select(age_expr(at)).item() == age


def test_young_teacher_thresholds_are_parameters() -> None:
    at = D(2025, 12, 31)
    staff = pl.DataFrame({
        # 34 years old, 2 years of work -> young; 35 years old -> not; 3 years of work -> not; unknown start -> not
        "birth_date": [D(1991, 6, 1), D(1990, 6, 1), D(1995, 1, 1), D(1998, 1, 1)],
        "career_start": [D(2023, 9, 1), D(2024, 9, 1), D(2022, 9, 1), None],
    })
    expected = [True, False, False, False]
    assert staff.select(is_young_teacher_expr(at)).to_series().to_list() == expected
    assert [is_young_teacher(b, c, at) for b, c in staff.iter_rows()] == expected
    # A profile with a 40-year threshold and 5 years of work sees the first three as young.
    wider = staff.select(is_young_teacher_expr(at, max_age=40, max_years=5)).to_series().to_list()
    assert wider == [True, True, True, False]
    assert staff.select(years_of_work_expr(at)).to_series().to_list() == [2, 1, 3, None]
    assert years_of_work(None, at) is None


def test_employed_on_a_date() -> None:
    staff = pl.DataFrame({
        "hired": [D(2020, 1, 1), D(2026, 1, 10), None, D(2020, 1, 1)],
        "left": [None, None, None, D(2025, 12, 31)],
    }, schema={"hired": pl.Date, "left": pl.Date})
    assert staff.select(employed_on_expr(D(2025, 12, 31))).to_series().to_list() == [True, False, True, False]


def test_every_entity_is_declared_once_and_specs_derive_from_it() -> None:
    registry = core_registry()
    assert registry.names == [
        "dataset_info", "municipality", "organization", "staff", "role", "competency", "diagnostic", "diagnostic_result",
        "program", "training", "iom", "iom_step", "mentorship", "association", "association_member",
        "event", "participation", "document", "attestation", "survey_response", "expert_assessment", "statistic",
            "roadmap_status",
    ]
    staff = registry["staff"]
    assert staff.schema["subjects"] == pl.List(pl.String)
    assert staff.column("organization_id").ref == "organization"
    assert staff.column("birth_date").past and staff.column("birth_date").required
    assert staff.column("category").allowed == ("pedagogue", "manager", "methodist", "specialist", "other")
    assert registry["program"].column("hours").ge == 0
    assert registry["diagnostic_result"].key == ("diagnostic_id", "competency_id")
    # Pydantic model, polars schema and JSON Schema agree on the columns.
    for spec in registry:
        assert list(spec.model.model_fields) == list(spec.schema.names())
        assert list(spec.json_schema()["items"]["properties"]) == list(spec.schema.names())
    # References point at tables that exist.
    for spec in registry:
        for col in spec.references:
            assert col.ref in registry


def test_table_and_header_aliases_resolve() -> None:
    registry = core_registry()
    assert registry.resolve("Работники") == registry.resolve("педагоги") == "staff"
    assert registry.resolve("Программы ДПО") == "program"
    assert registry.resolve("  ИОМ ") == "iom"
    assert registry.resolve("нечто") is None
    assert registry["staff"].header_lookup["дата рождения"] == "birth_date"


def test_vocabulary_labels_and_synonyms() -> None:
    assert StaffCategory.lookup()["педагог"] == "pedagogue"
    assert QualificationCategory.lookup()["высшая категория"] == "highest"
    assert QualificationCategory.highest.ru == "высшая"
    assert StaffCategory.lookup()["ук"] == "manager"
