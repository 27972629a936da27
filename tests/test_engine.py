"""The indicator engine on a fixture small enough to compute by hand.

Program 2024–2027. People (period ends: 2024-12-31, 2025-12-31):

    s1 pedagogue, school o1, born 1995-03-01, works since 2024-09-01   young in 2025 (30 y, 1 y of work)
    s2 pedagogue, o1, born 1970, since 1993/2000; regional methodist from 2023
    s3 manager,   o1, born 1975, since 2010
    s4 pedagogue, school o2, left 2025-06-30                          in 2024's population, not 2025's
    s5 pedagogue, kindergarten o3, hired 2025-09-01, born 2000         young; only in 2025
    s6 pedagogue, o2, since 2003; diagnosed in 2023 (before the program)

Diagnostics: s1 2024-04-10, s2 2025-03-01, s4 2024-03-01, s6 2023-05-01.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from methodnet import Dataset
from methodnet.engine.evaluate import Engine
from methodnet.api import load_profile

D = dt.date

RECORDS = {
    "dataset_info": [{"as_of": D(2026, 1, 15)}],  # both years of the tests are over
    "profile_class": [{"id": "pc1", "organization_id": "o1", "kind": "pedagogical", "start": D(2025, 9, 1)}],
    "municipality": [{"id": "m1", "name": "Округ", "region": "Область"}],
    "organization": [
        {"id": "o1", "name": "Школа 1", "municipality_id": "m1", "kind": "school"},
        {"id": "o2", "name": "Школа 2", "municipality_id": "m1", "kind": "school"},
        {"id": "o3", "name": "Детский сад", "municipality_id": "m1", "kind": "kindergarten"},
        {"id": "o4", "name": "Школа 4", "municipality_id": "m1", "kind": "school", "closed": D(2024, 6, 30)},
    ],
    "staff": [
        {"id": "s1", "full_name": "Петрова Анна", "organization_id": "o1", "category": "pedagogue",
         "position": "учитель", "birth_date": D(1995, 3, 1), "career_start": D(2024, 9, 1), "hired": D(2024, 9, 1)},
        {"id": "s2", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": D(1970, 1, 1), "career_start": D(1993, 9, 1), "hired": D(2000, 1, 1)},
        {"id": "s3", "organization_id": "o1", "category": "manager", "position": "директор",
         "birth_date": D(1975, 5, 5), "career_start": D(1998, 9, 1), "hired": D(2010, 1, 1)},
        {"id": "s4", "organization_id": "o2", "category": "pedagogue", "position": "учитель",
         "birth_date": D(1988, 7, 7), "career_start": D(2012, 9, 1), "hired": D(2012, 9, 1), "left": D(2025, 6, 30)},
        {"id": "s5", "organization_id": "o3", "category": "pedagogue", "position": "воспитатель",
         "birth_date": D(2000, 1, 1), "career_start": D(2025, 9, 1), "hired": D(2025, 9, 1)},
        {"id": "s6", "organization_id": "o2", "category": "pedagogue", "position": "учитель",
         "birth_date": D(1980, 2, 2), "career_start": D(2003, 9, 1), "hired": D(2003, 9, 1)},
    ],
    "diagnostic": [
        {"id": "d1", "staff_id": "s1", "date": D(2024, 4, 10)},
        {"id": "d2", "staff_id": "s2", "date": D(2025, 3, 1)},
        {"id": "d3", "staff_id": "s4", "date": D(2024, 3, 1)},
        {"id": "d4", "staff_id": "s6", "date": D(2023, 5, 1)},
    ],
    "role": [{"id": "r1", "staff_id": "s2", "kind": "regional_methodist", "level": "regional", "start": D(2023, 1, 1)}],
    "mentorship": [{"id": "mt1", "mentor_id": "s2", "mentee_id": "s1", "start": D(2024, 9, 15)}],
    "event": [
        {"id": "e1", "title": "Учитель года", "kind": "contest", "contest": "teacher_of_the_year",
         "level": "municipal", "municipality_id": "m1", "start": D(2025, 2, 10)},
        {"id": "e2", "title": "Семинар", "kind": "seminar", "level": "municipal", "municipality_id": "m1",
         "start": D(2025, 10, 1)},
        {"id": "e3", "title": "Региональный конкурс", "kind": "contest", "contest": "teacher_of_the_year",
         "level": "regional", "start": D(2025, 3, 15)},
        {"id": "e4", "title": "Конкурс 2024", "kind": "contest", "contest": "director_of_the_year",
         "level": "municipal", "municipality_id": "m1", "start": D(2024, 12, 1)},
        {"id": "e5", "title": "Учитель года, второй тур", "kind": "contest", "contest": "teacher_of_the_year",
         "level": "municipal", "municipality_id": "m1", "start": D(2025, 4, 1)},
    ],
    "document": [
        {"id": "doc1", "kind": "roadmap", "municipality_id": "m1", "period_start": D(2025, 1, 1),
         "period_end": D(2025, 12, 31)},
        {"id": "doc2", "kind": "shmo_program", "organization_id": "o1", "period_start": D(2024, 9, 1),
         "period_end": D(2027, 8, 31)},
    ],
    "survey_response": [
        {"id": f"q{i}", "survey": "mms_satisfaction", "date": D(2025, 11, 15), "score": score, "municipality_id": "m1"}
        for i, score in enumerate([5.0, 4.0, 3.0, 2.0])
    ],
    "statistic": [{"id": "st1", "key": "children_share", "municipality_id": "m1", "period_start": D(2025, 1, 1),
                   "period_end": D(2025, 12, 31), "value": 82.5}],
}

PROFILE = {
    "id": "fixture",
    "name": "Тестовый профиль",
    "period": {"start": 2024, "end": 2027},
    "vocabularies": {"document_kinds": {"roadmap": "Дорожная карта", "shmo_program": "Программа ШМО"}},
    "indicators": [
        {"id": "diag_cum", "name": "Диагностика, нарастающим итогом", "kind": "share",
         "population": {"table": "staff"}, "condition": "exists(diagnostics)", "cumulative": True,
         "targets": {"2025": 45}},
        {"id": "diag_year", "name": "Диагностика за год", "kind": "share",
         "population": {"table": "staff"}, "condition": "exists(diagnostics)"},
        {"id": "events", "name": "Мероприятия муниципального уровня", "kind": "count",
         "population": {"table": "event", "where": 'level == "municipal"'}},
        {"id": "contests", "name": "Конкурсы", "kind": "count", "distinct": "contest",
         "population": {"table": "event", "where": 'level == "municipal" and kind == "contest"'}},
        {"id": "per_methodist", "name": "ПР на регионального методиста", "kind": "ratio",
         "numerator": {"table": "staff", "where": 'category == "pedagogue"'},
         "denominator": {"table": "staff", "where": 'exists(roles, kind == "regional_methodist")'},
         "comparator": "max", "targets": {"2025": 5}},
        {"id": "roadmap", "name": "Дорожная карта", "kind": "presence", "document_kind": "roadmap",
         "targets": {"2024": 100, "2025": 100}},
        {"id": "shmo", "name": "Программа ШМО в каждой школе", "kind": "presence", "document_kind": "shmo_program",
         "level": "organization", "organizations": 'kind == "school"'},
        {"id": "satisfied", "name": "Удовлетворённость", "kind": "survey", "survey": "mms_satisfaction"},
        {"id": "mean_score", "name": "Средний балл", "kind": "survey", "survey": "mms_satisfaction",
         "measure": "mean", "unit": "балл"},
        {"id": "children", "name": "Дети в доп. образовании", "kind": "statistic", "key": "children_share"},
        {"id": "gap", "name": "Разница", "kind": "derived", "formula": "diag_cum - diag_year", "unit": "п.п."},
        {"id": "young_mentored", "name": "Молодые с наставником", "kind": "share",
         "population": {"table": "staff", "where": 'category == "pedagogue" and young'},
         "condition": "exists(mentorships_as_mentee)"},
        {"id": "school_pedagogues", "name": "ПР школ с диагностикой", "kind": "share", "cumulative": True,
         "population": {"table": "staff", "where": 'category == "pedagogue" and organization.kind == "school"'},
         "condition": "exists(diagnostics)"},
        {"id": "classes", "name": "Профильные классы", "kind": "amur.profile_classes_share", "plugin": "amur"},
    ],
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("profiles")
    (folder / "fixture.yaml").write_text(yaml.safe_dump(PROFILE, allow_unicode=True), encoding="utf-8")
    profile = load_profile(folder / "fixture.yaml")
    return Engine(profile, Dataset.from_records(RECORDS))


@pytest.fixture(scope="module")
def results(engine: Engine):  # type: ignore[no-untyped-def]
    return engine.evaluate(["2024", "2025"], by=["organization"])


def _nd(result) -> tuple:  # type: ignore[no-untyped-def]
    return result.numerator, result.denominator, result.value


def test_cumulative_share_counts_from_the_program_start(results) -> None:  # type: ignore[no-untyped-def]
    # 2024: s1 s2 s3 s4 s6 employed; d1 (s1) and d3 (s4) in 2024.
    assert _nd(results.get("diag_cum", "2024")) == (2, 5, 40.0)
    # 2025: s4 left, s5 joined; s1 (2024) and s2 (2025) count; s6's 2023 diagnostic is before the program.
    assert _nd(results.get("diag_cum", "2025")) == (2, 5, 40.0)
    row = results.get("diag_cum", "2025")
    assert (row.target, row.status, row.gap) == (45, "not_met", -5.0)


def test_yearly_share_and_staff_who_left(results) -> None:  # type: ignore[no-untyped-def]
    assert _nd(results.get("diag_year", "2025")) == (1, 5, 20.0)  # only d2 falls in 2025
    assert results.get("diag_year", "2025").status == "no_target"


def test_breakdown_by_organization(results) -> None:  # type: ignore[no-untyped-def]
    by_org = {r.group: _nd(r) for r in results.rows
              if r.indicator == "diag_cum" and r.period == "2025" and r.group_by == "organization"}
    assert by_org == {"o1": (2, 3, pytest.approx(200 / 3)), "o2": (0, 1, 0.0), "o3": (0, 1, 0.0)}


def test_count_and_distinct_count(results) -> None:  # type: ignore[no-untyped-def]
    assert results.get("events", "2025").value == 3  # e1, e2, e5 (e3 regional, e4 in 2024)
    assert results.get("events", "2024").value == 1
    assert results.get("contests", "2025").value == 1  # e1 and e5 are the same contest


def test_ratio_and_empty_denominator(engine: Engine, results) -> None:  # type: ignore[no-untyped-def]
    row = results.get("per_methodist", "2025")
    assert _nd(row) == (4, 1, 4.0) and row.status == "met"  # a maximum of 5
    # 2022: the role starts in 2023 — nobody to divide by: no data, not zero, not an error.
    early = engine.evaluate("2022").get("per_methodist")
    assert (early.value, early.status, early.denominator) == (None, "no_data", 0)


def test_presence_for_the_municipality_and_in_each_organization(results) -> None:  # type: ignore[no-untyped-def]
    assert _nd(results.get("roadmap", "2025")) == (1, 1, 100.0)
    assert results.get("roadmap", "2025").status == "met"
    assert _nd(results.get("roadmap", "2024")) == (0, 1, 0.0)
    assert results.get("roadmap", "2024").status == "not_met"
    # Schools operating at the end of 2025: o1 (has it), o2; o4 closed in 2024.
    assert _nd(results.get("shmo", "2025")) == (1, 2, 50.0)


def test_survey_share_and_mean(results) -> None:  # type: ignore[no-untyped-def]
    assert _nd(results.get("satisfied", "2025")) == (2, 4, 50.0)  # 5 and 4 reach 0.8 × 5
    assert results.get("mean_score", "2025").value == 3.5
    assert results.get("satisfied", "2024").status == "no_data"


def test_statistic_and_derived(results) -> None:  # type: ignore[no-untyped-def]
    assert results.get("children", "2025").value == 82.5
    assert results.get("children", "2024").status == "no_data"
    assert results.get("gap", "2025").value == pytest.approx(20.0)


def test_derived_facts_and_references_in_expressions(results) -> None:  # type: ignore[no-untyped-def]
    # Young pedagogues at the end of 2025: s1 (30, 1 year) and s5 (25, 0 years); s1 has a mentor.
    assert _nd(results.get("young_mentored", "2025")) == (1, 2, 50.0)
    # School pedagogues: s1, s2, s6 in 2025 (s5 works in a kindergarten).
    assert _nd(results.get("school_pedagogues", "2025")) == (2, 3, pytest.approx(200 / 3))


def test_plugin_kind_evaluates_when_installed(results) -> None:  # type: ignore[no-untyped-def]
    # amur.profile_classes_share: schools operating at the end of 2025 are o1 and o2; o1 has a class from 2025-09.
    assert _nd(results.get("classes", "2025")) == (1, 2, 50.0)
    # At the end of 2024 the schools are o1 and o2 (o4 closed in June); the class begins only in 2025.
    assert _nd(results.get("classes", "2024")) == (0, 2, 0.0)


def test_plugin_kind_without_its_table_has_no_data(engine: Engine) -> None:
    records = {k: v for k, v in RECORDS.items() if k != "profile_class"}
    row = Engine(engine.profile, Dataset.from_records(records)).evaluate("2025").get("classes")
    assert (row.status, row.numerator, row.denominator, row.value) == ("no_data", None, None, None)
    assert row.note == "нет данных: «Профильные классы»"


def test_plugin_kind_without_its_plugin_is_reported_unavailable(engine: Engine) -> None:
    from methodnet.plugins.manager import build_registry

    without_amur = build_registry(disabled={"amur"})
    row = Engine(engine.profile, engine.dataset, without_amur).evaluate("2025").get("classes")
    assert row.status == "unavailable" and "amur" in row.note


def test_explain_lists_ids_and_whether_each_counted(engine: Engine) -> None:
    evaluation = engine.evaluate("2025")
    frame = evaluation.explain("diag_cum")
    assert frame.select("id", "counted").rows() == [("s1", True), ("s2", True), ("s3", False), ("s5", False),
                                                    ("s6", False)]
    assert frame["period"].unique().to_list() == ["2025"]  # explain names the period it used
    assert "full_name" not in frame.columns  # ids only unless asked
    named = evaluation.explain("diag_cum", names=True)
    assert named.filter(named["id"] == "s1")["full_name"].item() == "Петрова Анна"
    in_o1 = evaluation.explain("diag_cum", group="o1", group_by="organization")
    assert in_o1["id"].to_list() == ["s1", "s2", "s3"]


def test_result_conversions(results) -> None:  # type: ignore[no-untyped-def]
    frame = results.to_polars()
    assert frame.height == len(results.rows)
    assert set(frame.columns) >= {"indicator", "name", "period", "group", "numerator", "denominator", "value",
                                  "unit", "target", "status", "gap", "source"}
    assert results.to_pandas().shape[0] == frame.height
    import json

    assert json.loads(results.to_json())["profile"] == "fixture"
    text = results.to_text()
    assert "Диагностика, нарастающим итогом" in text and "не выполнен" in text


def test_periods_half_year_and_academic_year(engine: Engine) -> None:
    half = engine.evaluate("2025-H1").get("diag_year")
    # population at 2025-06-30: s1 s2 s3 s6 (s4 leaves that day, s5 not yet); d2 in the half-year.
    assert _nd(half) == (1, 4, 25.0)
    academic = engine.evaluate("2024/2025").get("diag_year")
    # Sep 2024 – Aug 2025, population on 2025-08-31: s1 s2 s3 s6; d2 (2025-03-01) in range.
    assert _nd(academic) == (1, 4, 25.0)
    custom = engine.evaluate("2024-01-01..2024-04-30").get("diag_year")
    # population on 2024-04-30: s2 s3 s4 s6; d3 (s4, March) in range, d1 (s1) not yet employed.
    assert _nd(custom) == (1, 4, 25.0)


def test_regional_dataset_evaluates_every_municipality_in_one_call() -> None:
    from methodnet.synth import generate

    regional = generate(municipalities=3, seed=2)
    evaluation = Engine(load_profile("base"), regional).evaluate("2025", by="municipality")
    rows = [r for r in evaluation.rows if r.indicator == "diagnostics_share" and r.group_by == "municipality"]
    assert sorted(r.group for r in rows) == ["M0001", "M0002", "M0003"]
    total = evaluation.get("diagnostics_share", "2025")
    assert sum(r.numerator for r in rows) == total.numerator
    assert sum(r.denominator for r in rows) == total.denominator


def test_every_profile_evaluates_on_its_example() -> None:
    from methodnet import LoadOptions
    from conftest import EXAMPLES, EXAMPLE_TODAY

    for pid in ("seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"):
        dataset = Dataset.load(EXAMPLES / pid, options=LoadOptions(today=EXAMPLE_TODAY))
        evaluation = Engine(load_profile(pid), dataset).evaluate("2024")
        assert len({r.indicator for r in evaluation.rows}) == len(load_profile(pid).indicators)
