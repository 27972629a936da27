"""The expression language itself (methodnet.expr): each construct on a frame of four organizations.

Every expected value below is worked out by hand from ``RECORDS``; the expressions are
parsed and checked against the table (``parse_expression``) and compiled to polars
(``Frames.compile``) exactly as the engine does, for one window (the year 2025).

    id  kind          students  rural  low_results  staff (category)
    o1  school        100       yes    no           s1 pedagogue, s2 manager
    o2  kindergarten  (empty)   no     no           —
    o3  school        250       no     yes          s3 pedagogue
    o4  additional    0         no     no           —
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from methodnet import Dataset, LoadOptions
from methodnet.expr.compile import Frames, Window
from methodnet.expr.parser import ExpressionError, parse_expression

from conftest import EXAMPLE_TODAY

ORGS = ("o1", "o2", "o3", "o4")

RECORDS: dict[str, list[dict[str, Any]]] = {
    "municipality": [{"id": "m1", "name": "Тестовый округ", "region": "Тестовая область"}],
    "organization": [
        {"id": "o1", "name": "Школа № 1", "municipality_id": "m1", "kind": "school", "students": 100,
         "rural": True},
        {"id": "o2", "name": "Детский сад № 1", "municipality_id": "m1", "kind": "kindergarten"},
        {"id": "o3", "name": "Школа № 3", "municipality_id": "m1", "kind": "school", "students": 250,
         "low_results": True},
        {"id": "o4", "name": "Дом творчества", "municipality_id": "m1", "kind": "additional", "students": 0},
    ],
    "staff": [
        {"id": "s1", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1980, 1, 1), "subjects": ["математика", "физика"]},
        {"id": "s2", "organization_id": "o1", "category": "manager", "position": "директор",
         "birth_date": dt.date(1970, 1, 1)},
        {"id": "s3", "organization_id": "o3", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1990, 1, 1), "subjects": ["история"]},
    ],
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.from_records(RECORDS, options=LoadOptions(today=EXAMPLE_TODAY))


def values(dataset: Dataset, text: str, table: str = "organization", expect: str | None = None) -> tuple[Any, ...]:
    """The expression's value for each row of ``table`` (organizations o1…o4, or staff s1…s3)."""
    expression = parse_expression(text, table, dataset.registry, expect=expect)
    frames = Frames(dataset, Window(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    out = frames.frame(table, [expression]).select("id", frames.compile(expression).alias("v")).collect()
    got = dict(zip(out["id"].to_list(), out["v"].to_list()))
    ids = ORGS if table == "organization" else tuple(sorted(got))
    return tuple(got[i] for i in ids)


def error(dataset: Dataset, text: str, table: str = "organization", expect: str | None = "bool") -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text, table, dataset.registry, expect=expect)
    return caught.value


# ------------------------------------------------------------------ arithmetic


@pytest.mark.parametrize(("text", "expected"), [
    ("students + 1", (101, None, 251, 1)),
    ("students - 10", (90, None, 240, -10)),
    ("students * 3", (300, None, 750, 0)),
    ("students / 4", (25.0, None, 62.5, 0.0)),
    ("students + 2 * 3", (106, None, 256, 6)),          # * before +
    ("(students + 2) * 3", (306, None, 756, 6)),
    ("students - 10 - 5", (85, None, 235, -15)),        # left to right
    ("students / 5 / 2", (10.0, None, 25.0, 0.0)),
    ("100 / students", (1.0, None, 0.4, None)),          # nothing to divide by: no value, not infinity
])
def test_arithmetic(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text) == expected


# ------------------------------------------------------------------ unary minus and not


@pytest.mark.parametrize(("text", "expected"), [
    ("-students", (-100, None, -250, 0)),
    ("-(students - 300)", (200, None, 50, 300)),
    ("- -students", (100, None, 250, 0)),
    ("students * -2", (-200, None, -500, 0)),
    ("-students + 150", (50, None, -100, 150)),         # unary minus binds before +
])
def test_unary_minus(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text) == expected


def test_negative_literal(dataset: Dataset) -> None:
    assert values(dataset, "students > -1", expect="bool") == (True, None, True, True)


@pytest.mark.parametrize(("text", "expected"), [
    ("not rural", (False, True, True, True)),
    ("not not rural", (True, False, False, False)),
    ("not (rural or low_results)", (False, True, False, True)),
    ("not rural and low_results", (False, False, True, False)),   # not binds before and
    ("not students > 50", (False, None, False, True)),            # comparison before not
])
def test_not(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text, expect="bool") == expected


# ------------------------------------------------------------------ comparisons and precedence


@pytest.mark.parametrize(("text", "expected"), [
    ("students == 100", (True, None, False, False)),
    ("students != 100", (False, None, True, True)),
    ("students < 100", (False, None, False, True)),
    ("students <= 100", (True, None, False, True)),
    ("students > 100", (False, None, True, False)),
    ("students >= 100", (True, None, True, False)),
    ('kind == "school"', (True, False, True, False)),
    ("0 < students < 200", (True, None, False, False)),           # chained: 0 < s and s < 200
    ("students * 2 > students + 99", (True, None, True, False)),  # arithmetic before comparison
])
def test_comparisons(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text, expect="bool") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("rural or low_results and students > 200", (True, False, True, False)),    # and before or
    ("(rural or low_results) and students > 200", (False, False, True, False)),
    # o2: (False and …) or (no value == 0) → False or no value → no value
    ('kind == "school" and not rural or students == 0', (False, None, True, True)),
])
def test_precedence_of_and_or(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text, expect="bool") == expected


# ------------------------------------------------------------------ in


@pytest.mark.parametrize(("text", "expected"), [
    ('kind in ["school", "additional"]', (True, False, True, True)),
    ('kind not in ["school"]', (False, True, False, True)),
    ("students in [0, 250]", (False, None, True, True)),
])
def test_in_a_list(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text, expect="bool") == expected


def test_in_a_list_column(dataset: Dataset) -> None:
    assert values(dataset, '"математика" in subjects', table="staff", expect="bool") == (True, False, False)
    assert values(dataset, '"история" not in subjects', table="staff", expect="bool") == (True, True, False)
    assert values(dataset, "len(subjects)", table="staff") == (2, 0, 1)


# ------------------------------------------------------------------ empty values


def test_null_propagates_and_is_tested_with_is_null(dataset: Dataset) -> None:
    # o2 has no number of students: arithmetic and comparisons on it give no value, not False
    assert values(dataset, "students + 1")[1] is None
    assert values(dataset, "students > 0", expect="bool")[1] is None
    assert values(dataset, "is_null(students)", expect="bool") == (False, True, False, False)
    assert values(dataset, "not is_null(students)", expect="bool") == (True, False, True, True)
    # and/or follow three-valued logic: False and (no value) is False, True or (no value) is True
    assert values(dataset, "rural and students > 0", expect="bool")[1] is False
    assert values(dataset, "not rural or students > 0", expect="bool")[1] is True


def test_none_is_refused_with_the_way_to_test_emptiness(dataset: Dataset) -> None:
    problem = error(dataset, "students == None")
    assert "is_null" in str(problem)
    problem = error(dataset, "students is None")
    assert problem.code == "forbidden" and "is_null" in str(problem)


# ------------------------------------------------------------------ aggregates


@pytest.mark.parametrize(("text", "expected"), [
    ("exists(staff)", (True, False, True, False)),
    ('exists(staff, category == "manager")', (True, False, False, False)),
    ("count(staff)", (2, 0, 1, 0)),
    ('count(staff, category == "pedagogue")', (1, 0, 1, 0)),
    ("count(staff) >= 2", (True, False, False, False)),
    ("count(staff) * 10 + 1", (21, 1, 11, 1)),
    # o2: not False and (no value == 0) → True and no value → no value
    ("not exists(staff) and students == 0", (False, None, False, True)),
])
def test_exists_and_count(dataset: Dataset, text: str, expected: tuple[Any, ...]) -> None:
    assert values(dataset, text) == expected


def test_exists_counts_only_rows_of_the_window(dataset: Dataset) -> None:
    # s2 left o1 before 2025 in this copy: o1 keeps one employee, a pedagogue
    records = {**RECORDS, "staff": [dict(r, left=dt.date(2024, 6, 30), hired=dt.date(2010, 9, 1))
                                    if r["id"] == "s2" else r for r in RECORDS["staff"]]}
    left = Dataset.from_records(records, options=LoadOptions(today=EXAMPLE_TODAY))
    assert values(left, "count(staff)") == (1, 0, 1, 0)
    assert values(left, 'exists(staff, category == "manager")') == (False, False, False, False)


# ------------------------------------------------------------------ errors, with their positions


@pytest.mark.parametrize(("text", "position"), [
    ("students > > 3", 12),          # the second >
    ("rural and or low_results", 11),  # or where a value is due
    ("students = 3", 10),            # = instead of ==
    ("students >", 11),              # ends too early: just after the end
    ("  students = 3", 12),          # counted in the text as written
    ('kind == "school" and', 21),
])
def test_syntax_errors_carry_their_position(dataset: Dataset, text: str, position: int) -> None:
    problem = error(dataset, text)
    assert problem.code == "syntax" and problem.offset == position
    assert "синтаксическая ошибка" in str(problem)


@pytest.mark.parametrize(("text", "code", "position"), [
    ("studnets > 1", "unknown_name", 1),
    ("students > 1 and is_null(rurall)", "unknown_name", 26),   # the name inside is_null()
    ("rural and students", "type", 11),                         # the number where a condition is due
    ("not students", "type", 5),
    ("students + kind > 1", "type", 12),                        # the text operand of +
    ("-kind == 1", "type", 2),
    ("  kind + 1 > 2", "type", 3),                              # counted in the text as written
    ('kind == "школа" and studnets > 1', "vocabulary", 1),      # the comparison with a wrong value
    ('rural and exists(staff, categry == "x")', "unknown_name", 11),  # inside exists(): the exists()
    ('name == "Школа № 1" or studnets > 1', "unknown_name", 24),  # after Cyrillic text: characters, not bytes
])
def test_errors_carry_the_position_of_the_construct_at_fault(dataset: Dataset, text: str, code: str,
                                                            position: int) -> None:
    problem = error(dataset, text)
    assert (problem.code, problem.offset) == (code, position)


def test_unknown_name_suggests_the_close_one(dataset: Dataset) -> None:
    problem = error(dataset, "studnets > 1")
    assert problem.code == "unknown_name" and "students" in str(problem)
    problem = error(dataset, "exists(staf)")
    assert problem.code == "unknown_name" and "staff" in str(problem)


@pytest.mark.parametrize(("text", "code"), [
    ('kind + 1 > 2', "type"),                 # arithmetic on text
    ("students", "type"),                     # a number where a condition is due
    ("rural and students", "type"),           # and of a number
    ("__import__('os')", "forbidden"),
    ("students[0] > 1", "forbidden"),
])
def test_wrong_expressions_are_refused_with_a_code(dataset: Dataset, text: str, code: str) -> None:
    assert error(dataset, text).code == code
