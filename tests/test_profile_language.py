"""The profile language for the acts still to come (issue 12), on a fixture computed by hand.

Data collected on 2026-01-15. Two municipalities, one school each, two pedagogues each:

    m1: o1 with p1, p2          m2: o2 with p3, p4

    events (municipal): e1 2025-02-10 m1, e2 2025-05-05 m1, e3 2025-03-20 m2
    courses: T1 p1 2025-03-25 … 2025-04-05 (crosses Q1/Q2), T2 p3 2025-01-10 … 2025-01-20, both completed
    routes: I1 p1 developed 2024-05-01, I2 p3 developed 2025-02-01 (both in progress)
    statistic «children», m1: 80 for the year 2025, 70 for 2025-Q1
    expert scores of criterion c1: o1 1 (2025-03-01) then 2 (2025-06-01); o2 0 (2025-04-01)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from methodnet import Dataset
from methodnet.engine.evaluate import Engine
from methodnet.api import load_profile
from methodnet.profile.loader import ProfileError

D = dt.date


def _person(i: int, org: str) -> dict:
    return {"id": f"p{i}", "organization_id": org, "category": "pedagogue", "position": "учитель",
            "birth_date": D(1980, 1, 1), "career_start": D(2005, 9, 1), "hired": D(2005, 9, 1)}


RECORDS = {
    "dataset_info": [{"as_of": D(2026, 1, 15)}],
    "municipality": [{"id": "m1", "name": "Первый", "region": "Область"},
                     {"id": "m2", "name": "Второй", "region": "Область"}],
    "organization": [{"id": "o1", "name": "Школа 1", "municipality_id": "m1", "kind": "school"},
                     {"id": "o2", "name": "Школа 2", "municipality_id": "m2", "kind": "school"}],
    "staff": [_person(1, "o1"), _person(2, "o1"), _person(3, "o2"), _person(4, "o2")],
    "event": [
        {"id": "e1", "title": "Семинар", "kind": "seminar", "level": "municipal", "municipality_id": "m1",
         "start": D(2025, 2, 10)},
        {"id": "e2", "title": "Семинар", "kind": "seminar", "level": "municipal", "municipality_id": "m1",
         "start": D(2025, 5, 5)},
        {"id": "e3", "title": "Семинар", "kind": "seminar", "level": "municipal", "municipality_id": "m2",
         "start": D(2025, 3, 20)},
    ],
    "program": [{"id": "pr1", "title": "Курс", "kind": "advanced_training", "hours": 36, "provider": "ЦНППМ"}],
    "training": [
        {"id": "T1", "staff_id": "p1", "program_id": "pr1", "start": D(2025, 3, 25), "end": D(2025, 4, 5),
         "status": "completed"},
        {"id": "T2", "staff_id": "p3", "program_id": "pr1", "start": D(2025, 1, 10), "end": D(2025, 1, 20),
         "status": "completed"},
    ],
    "iom": [
        {"id": "I1", "staff_id": "p1", "developed": D(2024, 5, 1), "status": "in_progress"},
        {"id": "I2", "staff_id": "p3", "developed": D(2025, 2, 1), "status": "in_progress"},
    ],
    "statistic": [
        {"id": "s1", "key": "children", "municipality_id": "m1", "period_start": D(2025, 1, 1),
         "period_end": D(2025, 12, 31), "value": 80.0},
        {"id": "s2", "key": "children", "municipality_id": "m1", "period_start": D(2025, 1, 1),
         "period_end": D(2025, 3, 31), "value": 70.0},
    ],
    "expert_assessment": [
        {"id": "x1", "criterion": "c1", "organization_id": "o1", "score": 1, "max_score": 2, "date": D(2025, 3, 1),
         "evidence": "https://example.org/o1-1", "assessor": "эксперт А"},
        {"id": "x2", "criterion": "c1", "organization_id": "o1", "score": 2, "max_score": 2, "date": D(2025, 6, 1)},
        {"id": "x3", "criterion": "c1", "organization_id": "o2", "score": 0, "max_score": 2, "date": D(2025, 4, 1)},
    ],
}

INDICATORS = [
    {"id": "events", "name": "Мероприятия", "kind": "count", "population": {"table": "event"},
     "targets": {"2025-Q1": 2, "2025-Q2": {"min": 2, "max": 3}}},
    {"id": "courses_active", "name": "Курсы (действовавшие)", "kind": "count", "population": {"table": "training"}},
    {"id": "courses_ended", "name": "Курсы (завершённые в периоде)", "kind": "count", "records": "ended",
     "population": {"table": "training"}},
    {"id": "developed_in_period", "name": "ИОМ разработан в периоде", "kind": "share",
     "population": {"table": "staff"}, "condition": "exists(ioms, developed >= period.start)"},
    {"id": "routes", "name": "ИОМ", "kind": "share", "population": {"table": "staff"}, "condition": "exists(ioms)",
     "targets": {"2024": 5, "2025+": 40}, "own_targets": {"*": 60}, "own_target_label": "региональное значение"},
    {"id": "children", "name": "Дети в доп. образовании", "kind": "statistic", "key": "children"},
    {"id": "routes_points", "name": "Баллы за ИОМ", "kind": "score", "of": "routes", "hidden": True,
     "bands": [{"min": 50, "points": 10}, {"min": 25, "max": 50, "points": 5}, {"max": 25, "points": 0}]},
    {"id": "expert_points", "name": "Баллы экспертов", "kind": "expert", "criterion": "c1", "measure": "sum",
     "hidden": True},
    {"id": "total", "name": "Сумма баллов", "kind": "derived", "formula": "routes_points + expert_points",
     "unit": "балл", "max_value": 12,
     "levels": [{"min": 10, "label": "высокий"}, {"min": 5, "label": "средний"}, {"min": 0, "label": "низкий"}]},
    {"id": "expert_mean", "name": "Средний балл экспертов", "kind": "expert", "criterion": "c1"},
    {"id": "municipalities_met", "name": "Доля МО, достигших цели по ИОМ", "kind": "municipalities_share",
     "of": "routes"},
    {"id": "events_rating", "name": "Рейтинг МО по мероприятиям", "kind": "normalized", "of": "events",
     "by": ["municipality"]},
]


def _engine(tmp_path: Path, indicators: list[dict] = INDICATORS) -> Engine:
    path = tmp_path / "language.yaml"
    path.write_text(yaml.safe_dump({"id": "language", "name": "Язык профилей", "indicators": indicators},
                                   allow_unicode=True), encoding="utf-8")
    return Engine(load_profile(path), Dataset.from_records(RECORDS))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(tmp_path_factory.mktemp("profiles"))


def test_quarters_and_their_own_targets(engine: Engine) -> None:
    result = engine.evaluate(["2025-Q1", "2025-Q2"], by="municipality")
    q1, q2 = result.get("events", "2025-Q1"), result.get("events", "2025-Q2")
    assert (q1.value, q1.target, q1.status) == (2.0, 2.0, "met")
    # a range: 1 is below [2, 3]; the gap is how far outside it
    assert (q2.value, q2.target, q2.target_max, q2.gap, q2.status) == (1.0, 2.0, 3.0, -1.0, "not_met")
    assert result.get("events", "2025-Q1", group="m2", group_by="municipality").value == 1.0


def test_a_yearly_statistic_is_not_a_quarter_value(engine: Engine) -> None:
    result = engine.evaluate(["2025", "2025-Q1", "2025-Q2"])
    assert result.get("children", "2025").value == 80.0  # the year's report, not the mean with Q1's
    assert result.get("children", "2025-Q1").value == 70.0
    assert result.get("children", "2025-Q2").status == "no_data"


def test_a_course_across_quarters_counted_once_when_asked(engine: Engine) -> None:
    result = engine.evaluate(["2025-Q1", "2025-Q2"])
    active = [result.get("courses_active", q).value for q in ("2025-Q1", "2025-Q2")]
    ended = [result.get("courses_ended", q).value for q in ("2025-Q1", "2025-Q2")]
    assert active == [2.0, 1.0]  # T1 runs in both quarters
    assert ended == [1.0, 1.0]  # T2 in Q1, T1 in Q2: each once


def test_conditions_that_know_the_period(engine: Engine) -> None:
    result = engine.evaluate("2025")
    assert result.get("developed_in_period").value == 25.0  # only I2 was developed in 2025
    assert result.get("routes").value == 50.0  # I1 and I2 are both active in 2025


def test_open_ended_targets_and_a_second_own_target(engine: Engine) -> None:
    result = engine.evaluate(["2024", "2025", "2026"])
    r2024, r2025, r2026 = (result.get("routes", p) for p in ("2024", "2025", "2026"))
    assert (r2024.value, r2024.target, r2024.status, r2024.target_own, r2024.status_own) == (
        25.0, 5.0, "met", 60.0, "not_met")
    assert (r2025.target, r2025.status, r2025.target_own, r2025.status_own) == (40.0, "met", 60.0, "not_met")
    # «2025+» still applies in 2026, which is not over on 2026-01-15
    assert (r2026.target, r2026.status, r2026.status_own) == (40.0, "in_progress", "in_progress")


def test_scores_sums_and_levels(engine: Engine) -> None:
    result = engine.evaluate(["2024", "2025"])
    # routes 25 % in 2024 → 5 points, 50 % in 2025 → 10; experts' latest scores in 2025: o1 2 + o2 0
    total = result.get("total", "2025")
    assert (total.value, total.level) == (12.0, "высокий")
    assert result.get("expert_mean", "2025").value == pytest.approx(1.0)
    # 2024: no expert scores at all → the sum has no data, so the total has none either
    assert result.get("total", "2024").status == "no_data"
    assert not [r for r in result.rows if r.indicator in ("routes_points", "expert_points")]  # helpers are hidden


def test_region_level_share_of_municipalities_and_rating(engine: Engine) -> None:
    result = engine.evaluate(["2024", "2025"])
    # 2024: m1 50 % ≥ 5 (met), m2 0 % (not met) → 1 of 2; 2025: both 50 % ≥ 40 → 2 of 2
    assert (result.get("municipalities_met", "2024").numerator, result.get("municipalities_met", "2024").value) == (
        1.0, 50.0)
    assert result.get("municipalities_met", "2025").value == 100.0
    # the forced breakdown of «routes» by municipality is not shown when not asked for
    assert not [r for r in result.rows if r.indicator == "routes" and r.group_by == "municipality"]
    # events in 2025: m1 2, m2 1 → 100 and 50
    assert result.get("events_rating", "2025", group="m1", group_by="municipality").value == 100.0
    assert result.get("events_rating", "2025", group="m2", group_by="municipality").value == 50.0


def _fails(tmp_path: Path, extra: dict) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        _engine(tmp_path, [INDICATORS[0], extra])
    return [p.code for p in caught.value.report.problems]


def test_overlapping_score_bands_are_rejected(tmp_path: Path) -> None:
    assert _fails(tmp_path, {"id": "p", "name": "P", "kind": "score", "of": "events",
                             "bands": [{"min": 0, "max": 60, "points": 1}, {"min": 50, "points": 2}]}) == ["bad_bands"]


def test_a_score_of_an_unknown_indicator_is_rejected(tmp_path: Path) -> None:
    assert _fails(tmp_path, {"id": "p", "name": "P", "kind": "score", "of": "evnts",
                             "bands": [{"min": 0, "points": 1}]}) == ["missing_indicator"]


@pytest.mark.parametrize("targets", [{"2025-Q5": 1}, {"20x5+": 1}, {"2025": {"min": 9, "max": 3}}])
def test_bad_target_keys_and_ranges_are_rejected(tmp_path: Path, targets: dict) -> None:
    assert _fails(tmp_path, {"id": "c", "name": "C", "kind": "count", "population": {"table": "event"},
                             "targets": targets}) == ["bad_target"]


def test_a_typo_in_a_document_kind_inside_an_expression_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump({
        "id": "typo", "name": "Опечатка", "vocabularies": {"document_kinds": {"cnppm_centre": "Положение о ЦНППМ"}},
        "indicators": [{"id": "orgs", "name": "ОО с положением", "kind": "share",
                        "population": {"table": "organization"},
                        "condition": 'exists(documents, kind == "cnppm_centr")'}]}, allow_unicode=True),
        encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    (problem,) = caught.value.report.problems
    assert problem.code == "unknown_document_kind" and problem.row is not None
    assert problem.hint == "возможно, «cnppm_centre»"


def test_an_unknown_vocabulary_is_rejected_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "vocab.yaml"
    path.write_text(yaml.safe_dump({"id": "vocab", "name": "Словари", "vocabularies": {"document_kind": {"a": "А"}},
                                    "indicators": [INDICATORS[0]]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    (problem,) = caught.value.report.problems
    assert (problem.code, problem.hint) == ("unknown_vocabulary", "возможно, «document_kinds»")


def test_the_illustrative_regional_profile_evaluates_on_a_generated_region() -> None:
    from methodnet.synth import generate

    profile = load_profile("region_cnppm")
    assert "иллюстративный" in profile.name
    kinds = {i.kind for i in profile.indicators}
    assert {"score", "municipalities_share", "normalized", "expert", "derived"} <= kinds
    assert any(i.own_targets for i in profile.indicators) and any("2025+" in i.targets for i in profile.indicators)
    region = generate(municipalities=4, seed=3)
    result = Engine(profile, region).evaluate(["2025", "2025-Q1"], by="municipality")
    totals = {r.indicator: r for r in result.rows if r.group is None and r.period == "2025"}
    share = totals["pd_nppm_share"]
    assert share.denominator and share.value is not None and share.target == 20.0 and share.target_own == 25.0
    expected_points = 15.0 if share.value >= 20 else 5.0 if share.value >= 10 else -5.0
    assert totals["pd_nppm_points"].value == expected_points
    municipal = [r for r in result.rows if r.indicator == "pd_nppm_share" and r.group_by == "municipality"
                 and r.period == "2025"]
    reached = sum(1 for r in municipal if r.value is not None and r.value >= 20)
    assert totals["municipalities_reaching_pd"].value == pytest.approx(100 * reached / len(municipal))
    ratings = [r.value for r in result.rows if r.indicator == "pd_rating" and r.group_by == "municipality"
               and r.period == "2025"]
    assert max(ratings) == pytest.approx(100.0)
    assert totals["self_assessment"].value is not None and totals["self_assessment"].level in (
        "высокий", "средний", "низкий")
    assert result.get("routes_developed", "2025-Q1").target == 200.0


def test_all_schema_errors_are_reported_at_once_each_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("""id: two
name: Два
indicators:
  - id: a
    name: A
    kind: share
    population: {table: staff}
    condition: exists(diagnostics)
    cumulatve: true
  - id: b
    name: B
    kind: count
    unit: 5
    population: {tabel: staff}
""", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    problems = caught.value.report.problems
    assert [(p.code, p.row) for p in problems] == [("profile_schema", 4), ("profile_schema", 14),
                                                   ("profile_schema", 13)]
    assert [p.hint for p in problems][:2] == ["возможно, «cumulative»", "возможно, «table»"]
    assert all(p.hint for p in problems)
