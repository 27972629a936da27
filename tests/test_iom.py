"""The IOM builder on a hand-worked catalog, deficit closure, and routes that load back as data.

Catalog (hours, federal registry, competencies):
    pA 72 h  no   K1 K2        pD 24 h  no   K3
    pB 36 h  yes  K1           pE 24 h  yes  K3
    pC 36 h  yes  K2           pF 108 h yes  K1 K2 K3
    pM 16 h  yes  K1 (managers only)
Deficits K1, K2, K3. Covers of 96 h: pA+pE, pA+pD, pB+pC+pD, pB+pC+pE; pF alone is 108 h.
Fewest hours, then the federal registry: pB+pC+pE (all three in the registry).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path


from methodnet import Dataset, LoadOptions
from methodnet.iom import BuilderOptions, IomBuilder, routes_to_records
from methodnet.model.closure import deficit_closure
from methodnet.testing import BASE_RECORDS

D = dt.date
AT = D(2025, 9, 1)

PROGRAMS = [
    {"id": "pA", "title": "A", "kind": "advanced_training", "hours": 72, "provider": "ИРО", "competencies": "K1; K2"},
    {"id": "pB", "title": "B", "kind": "advanced_training", "hours": 36, "provider": "ИРО", "competencies": "K1",
     "in_federal_registry": True},
    {"id": "pC", "title": "C", "kind": "advanced_training", "hours": 36, "provider": "ИРО", "competencies": "K2",
     "in_federal_registry": True},
    {"id": "pD", "title": "D", "kind": "advanced_training", "hours": 24, "provider": "ИРО", "competencies": "K3"},
    {"id": "pE", "title": "E", "kind": "advanced_training", "hours": 24, "provider": "ИРО", "competencies": "K3",
     "in_federal_registry": True},
    {"id": "pF", "title": "F", "kind": "retraining", "hours": 108, "provider": "ИРО", "competencies": "K1; K2; K3",
     "in_federal_registry": True},
    {"id": "pM", "title": "M", "kind": "advanced_training", "hours": 16, "provider": "ИРО", "competencies": "K1",
     "in_federal_registry": True, "audience": "manager"},
]


def _records(deficits: dict[str, list[str]], programs=PROGRAMS) -> dict:  # type: ignore[no-untyped-def]
    competencies = BASE_RECORDS["competency"] + [{"id": "K3", "name": "Цифровые", "threshold": 60.0},
                                                 {"id": "K4", "name": "Инклюзия", "threshold": 60.0}]
    staff, diagnostics, results = [], [], []
    for i, (person, gaps) in enumerate(deficits.items(), start=1):
        category = "manager" if person.startswith("m") else "pedagogue"
        staff.append({"id": person, "organization_id": "o1", "category": category, "position": "учитель",
                      "birth_date": D(1980, 1, 1), "career_start": D(2003, 9, 1)})
        diagnostics.append({"id": f"d{i}", "staff_id": person, "date": D(2025, 3, 1)})
        for comp in ("K1", "K2", "K3", "K4"):
            results.append({"diagnostic_id": f"d{i}", "competency_id": comp, "score": 40.0 if comp in gaps else 80.0})
    return {**BASE_RECORDS, "competency": competencies, "staff": staff, "diagnostic": diagnostics,
            "diagnostic_result": results, "program": programs}


def _route(deficits: dict, person: str, **options):  # type: ignore[no-untyped-def]
    dataset = Dataset.from_records(_records(deficits), options=LoadOptions(today=AT))
    routes = IomBuilder(dataset, BuilderOptions(**options)).build(AT, [person])
    assert len(routes) == 1
    return routes[0]


def test_optimal_cover_prefers_fewest_hours_then_the_registry() -> None:
    route = _route({"s1": ["K1", "K2", "K3"]}, "s1", hours_per_year=144)
    assert [s.program_id for s in route.steps if s.kind == "training"] == ["pB", "pC", "pE"]
    assert route.hours == 96 and route.uncovered == ()
    closes = {s.program_id: s.competencies for s in route.steps if s.kind == "training"}
    assert closes == {"pB": ("K1",), "pC": ("K2",), "pE": ("K3",)}


def test_uncoverable_deficit_is_listed() -> None:
    route = _route({"s1": ["K1", "K4"]}, "s1")
    assert [s.program_id for s in route.steps if s.kind == "training"] == ["pB"]
    assert route.uncovered == ("K4",)


def test_hours_cap_limits_the_cover() -> None:
    # 60 h a year: two of three deficits at most; the cheapest pairs are 60 h, registry-only, pB+pE first by id.
    route = _route({"s1": ["K1", "K2", "K3"]}, "s1", hours_per_year=60)
    assert [s.program_id for s in route.steps if s.kind == "training"] == ["pB", "pE"]
    assert route.uncovered == ("K2",) and route.hours == 60


def test_audience_decides_which_programs_count() -> None:
    teacher = _route({"s1": ["K1", "K2", "K3"]}, "s1")
    manager = _route({"m1": ["K1", "K2", "K3"]}, "m1")
    assert "pM" not in [s.program_id for s in teacher.steps]  # a managers' course is not offered to a teacher
    assert [s.program_id for s in manager.steps if s.kind == "training"] == ["pC", "pE", "pM"]  # 76 h


def test_same_input_same_route_whatever_the_catalog_order() -> None:
    first = _route({"s1": ["K1", "K2", "K3"]}, "s1")
    shuffled = PROGRAMS[:]
    random.Random(4).shuffle(shuffled)
    dataset = Dataset.from_records(_records({"s1": ["K1", "K2", "K3"]}, shuffled), options=LoadOptions(today=AT))
    again = IomBuilder(dataset).build(AT, ["s1"])[0]
    assert again == first


def test_schedule_stays_inside_the_period_and_under_the_cap() -> None:
    route = _route({"s1": ["K1", "K2", "K3"]}, "s1", hours_per_year=144)
    trainings = [s for s in route.steps if s.kind == "training"]
    assert route.start == D(2025, 9, 1) and route.end == D(2026, 8, 31)
    assert all(route.start <= s.start <= s.end <= route.end for s in route.steps)
    assert all(a.end < b.start for a, b in zip(trainings, trainings[1:]))  # one after another


def test_young_teacher_gets_mentoring_and_association_members_horizontal_learning() -> None:
    records = _records({"s1": ["K1", "K4"]})
    records["staff"][0].update({"birth_date": D(2000, 1, 1), "career_start": D(2024, 9, 1)})
    records["staff"].append({"id": "old", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
                             "birth_date": D(1970, 1, 1)})
    records["mentorship"] = [{"id": "mt", "mentor_id": "old", "mentee_id": "s1", "start": D(2024, 9, 15)}]
    records["association"] = [{"id": "a1", "name": "ШМО учителей", "level": "school", "municipality_id": "m1",
                               "organization_id": "o1"}]
    records["association_member"] = [{"association_id": "a1", "staff_id": "s1"}]
    route = IomBuilder(Dataset.from_records(records, options=LoadOptions(today=AT))).build(AT, ["s1"])[0]
    kinds = {s.kind: s for s in route.steps}
    assert "old" in kinds["mentoring"].title
    assert kinds["horizontal_learning"].competencies == ("K4",)  # peers help where no course does


def test_routes_load_back_as_data(tmp_path: Path) -> None:
    dataset = Dataset.from_records(_records({"s1": ["K1", "K2"], "s2": ["K3"]}), options=LoadOptions(today=AT))
    routes = IomBuilder(dataset).build(AT)
    new = routes_to_records(routes, AT)
    combined = {**dataset.to_records(), **new}
    again = Dataset.from_records(combined, options=LoadOptions(today=AT))
    assert again["iom"].height == 2 and again["iom_step"].height == sum(len(r.steps) for r in routes)
    assert set(again["iom"]["diagnostic_id"]) == {"d1", "d2"}


def test_cli_writes_routes_that_load_with_the_data(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from methodnet.cli import main

    data = tmp_path / "data"
    Dataset.from_records(_records({"s1": ["K1", "K2"]}), options=LoadOptions(today=AT)).write(data)
    out = tmp_path / "routes"
    result = CliRunner().invoke(main, ["iom", "--data", str(data), "--all", "--at", "2025-09-01", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("iom.csv", "iom_step.csv"):
        (data / name).write_bytes((out / name).read_bytes())
    loaded = Dataset.load(data, options=LoadOptions(today=AT))
    assert loaded["iom"]["staff_id"].to_list() == ["s1"]
    single = CliRunner().invoke(main, ["iom", "--data", str(data), "--person", "s1", "--at", "2025-09-01"])
    assert "pB" not in single.output and "B" in single.output and "закрывает" in single.output
    assert CliRunner().invoke(main, ["iom", "--data", str(data)]).exit_code == 2


def test_deficit_closure() -> None:
    records = _records({"s1": ["K1", "K2"]})
    records["diagnostic"].append({"id": "d9", "staff_id": "s1", "date": D(2026, 3, 1)})
    records["diagnostic_result"] += [{"diagnostic_id": "d9", "competency_id": "K1", "score": 75.0},
                                     {"diagnostic_id": "d9", "competency_id": "K2", "score": 55.0}]
    dataset = Dataset.from_records(records, options=LoadOptions(today=D(2026, 9, 1)))
    closure = deficit_closure(dataset)
    rows = {(r["competency_id"], r["found_on"]): r["closed_on"] for r in closure.iter_rows(named=True)}
    assert rows == {("K1", D(2025, 3, 1)): D(2026, 3, 1), ("K2", D(2025, 3, 1)): None, ("K2", D(2026, 3, 1)): None}
    # Before the second diagnostic nothing is closed.
    assert deficit_closure(dataset, D(2025, 12, 31))["closed_on"].null_count() == 2


def test_check_command_strict_exit_codes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from methodnet.cli import main

    from conftest import EXAMPLES

    runner = CliRunner()
    strict = runner.invoke(main, ["check", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"),
                                  "--at", "2026-09-01", "--strict"])
    assert strict.exit_code == 1 and "young_teacher_unsupported" in strict.output
    relaxed = runner.invoke(main, ["check", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"),
                                   "--at", "2026-09-01", "--format", "json"])
    assert relaxed.exit_code == 0
    import json

    findings = json.loads(relaxed.stdout)["findings"]
    # people's ids (``rows``) only with --ids
    assert all(set(f) == {"rule", "severity", "subject_kind", "subject", "message", "source", "action",
                          "organization", "group", "count", "period", "as_of"} for f in findings)
