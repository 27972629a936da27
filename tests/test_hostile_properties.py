"""Property-based tests: random expressions, mutated CSV files and random workbooks never
raise anything outside the MethodnetError family, and never hang.

Hypothesis runs derandomized with bounded examples (profile ``methodnet-ci``, the
default here) so CI is deterministic and takes about a minute for all of them;
``HYPOTHESIS_PROFILE=explore`` runs many more random examples locally.

What validates must evaluate: every expression the checker accepts is put into a
profile and evaluated by the public Engine on the bundled Серышево data.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from methodnet import Dataset, LoadOptions
from methodnet.errors import MethodnetError

from conftest import DATA, EXAMPLES

settings.register_profile("methodnet-ci", derandomize=True, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("explore", deadline=None, max_examples=2000,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "methodnet-ci"))

TODAY = dt.date(2026, 9, 1)

# ------------------------------------------------------------------ expressions

NAMES = ["category", "position", "full_name", "birth_date", "hired", "left", "subjects", "age", "young",
         "years_of_work", "organization.kind", "organization.students", "organization.name", "attestation_category",
         "nonexistent", "_private", "organization.municipality.region", "trainings", "__class__"]
LITERALS = ['"pedagogue"', '"manager"', '"teacher"', '"2024-09-01"', '"x"', '""', "0", "1", "-1", "35", "2.5",
            "99999999999999999999999", "1e999", "-9223372036854775808", "True", "False", "None",
            'date("2024-01-01")', 'date("2024-02-30")', 'date(1)', "[]", '["pedagogue", "manager"]', '[1, "a"]',
            "[1, 2.5]", "[True]", '[None]', "[[1]]", "b'x'", "1j", "...", "f'{age}'", "lambda: 1"]
CALLS = ["len({})", "year({})", "is_null({})", "exists(trainings)", "count(diagnostics)", "exists(trainings, {})",
         "count(ioms, {})", "exists({})", "abs({})", "open({})", "{}.__class__", "{}[0]", "exists(trainings, x=1)"]
BINARY = [" and ", " or ", " == ", " != ", " < ", " <= ", " > ", " >= ", " + ", " - ", " * ", " / ", " in ",
          " not in ", " is ", " ** ", " // ", " % ", " & "]


def _expressions() -> st.SearchStrategy[str]:
    leaf = st.sampled_from(NAMES + LITERALS)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(BINARY), inner).map("".join),
            inner.map(lambda e: f"not {e}"),
            inner.map(lambda e: f"-{e}"),
            inner.map(lambda e: f"({e})"),
            st.tuples(st.sampled_from(CALLS), inner).map(lambda t: t[0].format(t[1])),
        )

    grammar = st.recursive(leaf, extend, max_leaves=12)
    garbage = st.text(alphabet=st.sampled_from(list("()[]'\",.=<>!+-*/ andortisx0123_\\\x00й")), max_size=40)
    return st.one_of(grammar, grammar, grammar, garbage)


_INTS = st.one_of(st.integers(-5, 100), st.sampled_from([0, 2**31, 2**62, 2**63 - 1, -(2**63)]))
_NUMS = st.one_of(_INTS, st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda f: round(f, 3)))


def _typed() -> st.SearchStrategy[str]:
    """Well-typed conditions over staff (most of them validate), to exercise evaluation."""
    numeric = st.one_of(
        st.sampled_from(["age", "years_of_work", "len(subjects)", "year(hired)", "count(diagnostics)",
                         "count(trainings)", "organization.students", "count(trainings, completed)"]),
        _NUMS.map(str))

    def arith(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(inner, st.sampled_from([" + ", " - ", " * ", " / "]), inner).map(lambda t: f"({''.join(t)})")

    numbers = st.recursive(numeric, arith, max_leaves=4)
    atoms = st.one_of(
        st.tuples(numbers, st.sampled_from([" == ", " != ", " < ", " <= ", " > ", " >= "]), numbers).map("".join),
        st.sampled_from(['category == "pedagogue"', 'category != "manager"', "young", "exists(trainings)",
                         "exists(diagnostics)", "is_null(left)", "not is_null(full_name)", '"математика" in subjects',
                         'hired > "2020-01-01"', 'birth_date <= date("1990-01-01")', 'organization.kind in ["school"]',
                         'organization.kind not in ["school", "kindergarten"]', "exists(trainings, completed)",
                         'exists(ioms, status != "cancelled")', "exists(trainings, not is_null(end))",
                         'category in ["pedagogue", "manager"]', "True", "False"]),
        st.tuples(st.sampled_from(["len(subjects)", "age", "organization.students"]),
                  st.lists(_NUMS, min_size=1, max_size=3)).map(lambda t: f"{t[0]} in {t[1]}"),
    )

    def combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map(lambda t: f"({''.join(t)})"),
                         inner.map(lambda e: f"not ({e})"))

    return st.recursive(atoms, combine, max_leaves=6)


@functools.cache
def _registry():  # type: ignore[no-untyped-def]
    from methodnet.dataset import default_registry

    return default_registry()


@functools.cache
def _dataset() -> Dataset:
    return Dataset.load(EXAMPLES / "seryshevo", options=LoadOptions(today=TODAY))


@settings(max_examples=600)
@given(_expressions())
def test_expression_checker_raises_only_expression_errors(text: str) -> None:
    from methodnet.expr.parser import ExpressionError, parse_expression

    try:
        parse_expression(text, "staff", _registry())
    except ExpressionError as exc:
        assert isinstance(exc, MethodnetError) and exc.code


_PROFILE = """id: prop
name: Проверка
period: {{start: 2024, end: 2026}}
indicators:
  - id: share_a
    name: Доля
    kind: share
    population: {{table: staff}}
    condition: {condition}
"""


_EVALUATED: list[bool] = []


@settings(max_examples=120)
@given(st.one_of(_typed(), _typed(), _expressions()))
def test_what_validates_evaluates(text: str) -> None:
    """A profile that loads evaluates: no exception at all from the Engine."""
    import json

    from methodnet.engine.evaluate import Engine
    from methodnet.expr.parser import ExpressionError, parse_expression
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError

    try:
        parse_expression(text, "staff", _registry())
    except ExpressionError:
        return  # rejected up front: fine (the checker test covers the error type)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.yaml"
        path.write_text(_PROFILE.format(condition=json.dumps(text, ensure_ascii=False)), encoding="utf-8")
        try:
            profile = load_profile(path)
        except ProfileError:
            return
    result = Engine(profile, _dataset()).evaluate(["2025"])
    assert result.rows  # evaluated, whatever the value
    _EVALUATED.append(True)


def test_enough_expressions_reached_the_engine() -> None:
    """The property above is not vacuous: many generated conditions validated and were evaluated."""
    if not _EVALUATED:
        pytest.skip("run together with test_what_validates_evaluates")
    assert len(_EVALUATED) >= 25


# ------------------------------------------------------------------ CSV loader

_GOOD_FILES = {p.name: p.read_bytes() for p in (DATA / "good").glob("*.csv")}
_SPICE = [b'"', b",", b";", b"\n", b"\r", b"\r\n", b"\x00", b"\x98", b"\xff", b"\xd0", b"\xef\xbb\xbf", b"\t",
          b"=1+1", b"#N/A", b"NaN", b"inf", b"-", b"9" * 30, "Иванова Анна".encode(), "да".encode(), b"  ",
          "\u2028".encode(), b"\x1f\x8b", b"PK\x03\x04"]


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(_GOOD_FILES)))
    data = bytearray(_GOOD_FILES[name])
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "cp1251"]))
        if op == "insert":
            data[pos:pos] = draw(st.one_of(st.sampled_from(_SPICE), st.binary(max_size=8)))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 10))]
        elif op == "replace":
            data[pos:pos + 1] = draw(st.sampled_from(_SPICE))
        elif op == "truncate":
            del data[pos:]
        else:
            data = bytearray(bytes(data).decode("utf-8", errors="replace").encode("cp1251", errors="replace"))
    return name, bytes(data)


@settings(max_examples=120)
@given(_mutated())
def test_mutated_csv_loads_or_reports(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for other, content in _GOOD_FILES.items():
            (folder / other).write_bytes(content)
        (folder / name).write_bytes(data)
        try:
            dataset = Dataset.load(folder, options=LoadOptions(today=TODAY))
        except MethodnetError as exc:
            report = getattr(exc, "report", None)
            assert report is None or report.error_count > 0
            assert "Traceback" not in str(exc)
        else:
            assert dataset.counts()["staff"] >= 0


# ------------------------------------------------------------------ XLSX loader

_CELL = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**20, 10**20),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
                  st.sampled_from(["=1+1", "=A1", "#N/A", "pedagogue", "o1", "s1", "да", "1990-04-12", "31.02.1990"]))
_HEADERS = ["id", "organization_id", "category", "position", "birth_date", "hired", "full_name", "subjects",
            "Категория", "unknown", "", None]


@st.composite
def _workbook(draw: st.DrawFn) -> dict:
    headers = draw(st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(_CELL, min_size=0, max_size=len(headers) + 2), max_size=6))
    merges = draw(st.lists(st.tuples(st.integers(1, 8), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2)),
                           max_size=2))
    far = draw(st.booleans())
    return {"headers": headers, "rows": rows, "merges": merges, "far": far}


@settings(max_examples=40)
@given(_workbook())
def test_random_workbook_loads_or_reports(book: dict) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "staff"
    try:
        sheet.append(book["headers"])
    except Exception:  # noqa: BLE001
        return
    for row in book["rows"]:
        try:
            sheet.append(row)
        except Exception:  # noqa: BLE001 — openpyxl refuses some values itself (control characters)
            continue
    for col, row, width, height in book["merges"]:
        if width or height:
            sheet.merge_cells(start_row=row, start_column=col, end_row=row + height, end_column=col + width)
    if book["far"]:
        sheet["XFD1048576"].number_format = "0"
    for name, content in _GOOD_FILES.items():
        if name != "staff.csv":
            other = wb.create_sheet(name[:-4])
            for line in content.decode("utf-8").splitlines():
                other.append([v or None for v in line.split(",")])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.xlsx"
        try:
            wb.save(path)
        except Exception:  # noqa: BLE001 — openpyxl cannot write this workbook; nothing to load
            return
        try:
            Dataset.load(path, options=LoadOptions(today=TODAY))
        except MethodnetError:
            pass


@settings(max_examples=40)
@given(st.integers(0, 10_000), st.binary(min_size=1, max_size=16))
def test_damaged_xlsx_bytes_are_reported(position: int, noise: bytes) -> None:
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        source = DATA / "bad" / "merged_header" / "data.xlsx"
        data = bytearray(source.read_bytes())
        pos = position % len(data)
        data[pos:pos + len(noise)] = noise
        path = Path(tmp) / "data.xlsx"
        path.write_bytes(bytes(data))
        shutil.copy(source, Path(tmp) / "unused.bin")
        try:
            Dataset.load(path, options=LoadOptions(today=TODAY))
        except MethodnetError:
            pass


def test_hypothesis_profile_is_bounded() -> None:
    """CI runs the derandomized profile: the same examples every time, no database."""
    if os.environ.get("HYPOTHESIS_PROFILE", "methodnet-ci") == "methodnet-ci":
        assert settings().derandomize and settings().database is None
    else:  # pragma: no cover - local exploration
        pytest.skip("exploration profile")


# ------------------------------------------------------------------ profiles

_PROFILE_TEXT = (Path(__file__).resolve().parents[1] / "src" / "methodnet" / "profiles" / "kuznetsk.yaml") \
    .read_text(encoding="utf-8")
_YAML_SPICE = ["&a ", "*a", "*b", "? [x]\n: 1\n", "[", "]", "{", "}", ": ", "- ", "\n  ", "\t", "!!python/object:os.system ",
               "!!binary ", ".nan", ".inf", "1e400", "2024-02-30", "~", "'", '"', "#", "extends: /etc/passwd\n",
               "extends: ../x\n", "id: 1\n", "\x00", "\ufeff", "<<: *a\n", "%YAML 1.1\n", "---\n", "...\n"]


@st.composite
def _mutated_profile(draw: st.DrawFn) -> str:
    text = _PROFILE_TEXT
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "truncate"]))
        if op == "insert":
            text = text[:pos] + draw(st.one_of(st.sampled_from(_YAML_SPICE), st.text(max_size=6))) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
        else:
            text = text[:pos]
    return text


@settings(max_examples=80)
@given(_mutated_profile())
def test_mutated_profile_loads_or_reports(text: str) -> None:
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kuznetsk.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_profile(path)
        except ProfileError as exc:
            assert exc.report.error_count > 0
            assert all(p.code for p in exc.report.problems)


# ------------------------------------------------------------------ API records

_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=8),
              st.binary(max_size=4), st.dates(), st.datetimes(), st.sampled_from(["o1", "m1", "school", "да", "#N/A"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=2),
                            st.frozensets(st.integers(0, 3), max_size=2)),
    max_leaves=4)
_KEYS = st.sampled_from(["id", "name", "municipality_id", "kind", "students", "opened", "closed", "Наименование",
                         "bogus", "", " id "])


@settings(max_examples=200)
@given(st.lists(st.one_of(st.dictionaries(_KEYS, _VALUES, max_size=6), _VALUES), max_size=4))
def test_random_records_load_or_report(rows: list) -> None:
    records = {"municipality": [{"id": "m1", "name": "Округ", "region": "Область"}], "organization": rows}
    try:
        Dataset.from_records(records, options=LoadOptions(today=TODAY))
    except MethodnetError as exc:
        assert "Traceback" not in str(exc)


@settings(max_examples=20)
@given(_mutated_profile())
def test_a_mutated_profile_that_loads_evaluates(text: str) -> None:
    """Validate is the gate for whole profiles: one that loads evaluates, by period and breakdown."""
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kuznetsk.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            profile = load_profile(path)
        except ProfileError:
            return
    Engine(profile, _dataset()).evaluate(["2025", "2024/2025"], by=["organization"])
