"""Russian plurals and number typography (methodnet.russian), and where they show."""

from __future__ import annotations

import pytest

from methodnet.errors import DataError, Problem, ProblemReport
from methodnet.russian import THIN, count, number, percent, plural_form


@pytest.mark.parametrize(("n", "text"), [
    (0, "0 ошибок"), (1, "1 ошибка"), (2, "2 ошибки"), (4, "4 ошибки"), (5, "5 ошибок"), (11, "11 ошибок"),
    (12, "12 ошибок"), (14, "14 ошибок"), (21, "21 ошибка"), (22, "22 ошибки"), (25, "25 ошибок"),
    (101, "101 ошибка"), (111, "111 ошибок"), (1_000, f"1{THIN}000 ошибок"), (3_201, f"3{THIN}201 ошибка"),
])
def test_counted_errors(n: int, text: str) -> None:
    assert count(n, "error") == text


def test_rows_and_fractions() -> None:
    assert [count(n, "row") for n in (1, 4, 5)] == ["1 строка", "4 строки", "5 строк"]
    assert plural_form(1.5, "час", "часа", "часов") == "часа"


@pytest.mark.parametrize(("value", "text"), [
    (3201, f"3{THIN}201"), (12.5, "12,5"), (12.0, "12"), (0.04, "0"), (1234567.25, f"1{THIN}234{THIN}567,2"),
    (-2.5, "-2,5"), (-0.04, "0"), (None, "—"),
])
def test_numbers(value: float | None, text: str) -> None:
    assert number(value) == text


def test_typeset_numbers_for_documents() -> None:
    # the analytical note (spravka.russian.number) sets the same numbers with a no-break space and «−»
    from methodnet.spravka.russian import number as typeset

    assert number(-1234.56, group="\u00a0", minus="−") == typeset(-1234.56) == "−1\u00a0234,6"
    assert typeset(-0.01) == "0" and typeset(2.0) == "2" and typeset(None) == "—"


def test_percent_has_a_narrow_space() -> None:
    assert percent(45.26) == f"45,3{THIN}%"
    assert percent(100) == f"100{THIN}%"


def test_load_failure_heading_agrees_with_its_numbers() -> None:
    report = ProblemReport()
    report.add(Problem("missing_value", table="staff", row=2, column="id"))
    report.add(Problem("no_rows", severity="warning", table="role"))
    assert str(DataError(report)).splitlines()[0] == "данные не загружены: 1 ошибка, 1 предупреждение"
    for _ in range(3):
        report.add(Problem("missing_value", table="staff", row=3, column="id"))
    assert str(DataError(report)).splitlines()[0] == "данные не загружены: 4 ошибки, 1 предупреждение"
    small = ProblemReport(limit=1)
    for row in range(2, 8):
        small.add(Problem("missing_value", table="staff", row=row, column="id"))
    assert small.format().splitlines()[-1].strip() == "не показано ещё: 5 проблем"
