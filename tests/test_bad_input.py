"""Every kind of bad input has a case folder in tests/data/bad with the problems it must produce.

A case is data: ``_case.yaml`` lists the expected problems (code and location); the
files next to it are the input. The set of codes found must equal the set expected,
so a case also fails when loading reports something it should not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from methodnet import DataError, Dataset, LoadOptions, Problem

from conftest import DATA

CASES = sorted(p for p in (DATA / "bad").iterdir() if (p / "_case.yaml").exists())


def _matches(problem: Problem, expected: dict) -> bool:
    for key, want in expected.items():
        if key == "file":
            if not problem.file or Path(problem.file).name != want:
                return False
        elif key == "hint_contains":
            if not problem.hint or want not in problem.hint:
                return False
        elif key == "params":
            if any(problem.params.get(k) != v for k, v in want.items()):
                return False
        elif key == "value":
            if str(problem.value) != str(want):
                return False
        elif getattr(problem, key) != want:
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_case(case: Path) -> None:
    spec = yaml.safe_load((case / "_case.yaml").read_text(encoding="utf-8"))
    today = spec.get("today", dt.date(2026, 9, 1))
    target = case / spec.get("load", ".")
    with pytest.raises(DataError) as caught:
        Dataset.load(target, options=LoadOptions(today=today))
    report = caught.value.report
    assert not report.valid
    for expected in spec["problems"]:
        assert any(_matches(p, expected) for p in report.problems), (
            f"{case.name}: no problem like {expected}\n{report.format()}")
    assert report.codes() == {e["code"] for e in spec["problems"]}, report.format()


def test_every_problem_is_located_and_printable() -> None:
    """Each problem says where (file at least) and renders to one readable line."""
    for case in CASES:
        spec = yaml.safe_load((case / "_case.yaml").read_text(encoding="utf-8"))
        with pytest.raises(DataError) as caught:
            Dataset.load(case / spec.get("load", "."), options=LoadOptions(today=dt.date(2026, 9, 1)))
        for problem in caught.value.report.problems:
            assert problem.file, problem
            text = str(problem)
            assert Path(problem.file).name in text and "\n" not in text


def test_messages_never_dump_a_whole_record() -> None:
    """A bad cell is quoted alone, cut to a short length: staff rows are personal data."""
    long_name = "Иванова " * 40
    with pytest.raises(DataError) as caught:
        Dataset.from_records({"staff": [{"id": "s1", "full_name": long_name, "organization_id": "o1",
                                         "category": "нет такой", "position": "учитель",
                                         "birth_date": "1990-01-01"}]})
    text = str(caught.value)
    assert "Иванова Иванова Иванова Иванова Иванова Иванова Иванова Иванова" not in text
    assert "1990-01-01" not in text  # other cells of the row are not echoed


def test_report_is_bounded_but_counts_everything() -> None:
    rows = [{"id": f"p{i}", "title": "x", "kind": "advanced_training", "hours": -1, "provider": "x"}
            for i in range(500)]
    with pytest.raises(DataError) as caught:
        Dataset.from_records({"program": rows}, options=LoadOptions(limit=50, per_check=20))
    report = caught.value.report
    assert report.counts() == {"below_minimum": 500}
    assert len(report.problems) == 20  # examples kept for this column
    assert report.error_count == 500
    assert report.dropped == 480
    assert report.problems[0].row == 1 and report.problems[-1].row == 20


def test_header_only_file_loads_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "municipality.csv").write_text("id,name,region\nm1,Округ,Область\n", encoding="utf-8")
    (tmp_path / "staff.csv").write_text("id,organization_id,category,position,birth_date\n", encoding="utf-8")
    dataset = Dataset.load(tmp_path)
    assert dataset["staff"].height == 0
    assert [p.code for p in dataset.report.warnings] == ["no_rows"]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        Dataset.load(tmp_path / "nope")
    assert caught.value.report.codes() == {"unreadable_file"}


def test_problems_in_several_files_are_collected_in_one_pass(tmp_path: Path) -> None:
    for name in ("municipality", "organization", "staff"):
        (tmp_path / f"{name}.csv").write_text((DATA / "good" / f"{name}.csv").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    org = tmp_path / "organization.csv"
    org.write_text(org.read_text(encoding="utf-8").replace("school", "шкла"), encoding="utf-8")
    staff = tmp_path / "staff.csv"
    staff.write_text(staff.read_text(encoding="utf-8").replace("1972-11-30", "30.13.1972"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Dataset.load(tmp_path)
    assert caught.value.report.codes() == {"not_in_vocabulary", "invalid_date"}
