"""Every source gives the same Dataset, and every writer round-trips losslessly."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest

from methodnet import Dataset, LoadOptions
from methodnet.jsonschemas import SCHEMA_DIR
from methodnet.synth import EXAMPLES, generate_tables

from conftest import DATA, EXAMPLE_TODAY, EXAMPLES as EXAMPLE_DIR


@pytest.fixture(scope="module")
def seryshevo() -> Dataset:
    return Dataset.load(EXAMPLE_DIR / "seryshevo", options=LoadOptions(today=EXAMPLE_TODAY))


def test_seryshevo_csv_xlsx_and_records_are_equal(seryshevo: Dataset) -> None:
    opts = LoadOptions(today=EXAMPLE_TODAY)
    from_xlsx = Dataset.load(EXAMPLE_DIR / "seryshevo.xlsx", options=opts)  # Russian headers and sheet names
    # Records built independently: the generator's tables as lists of Python dicts.
    tables = generate_tables(municipalities=[EXAMPLES["seryshevo"]], seed=1, today=EXAMPLE_TODAY)
    from_records = Dataset.from_records({n: df.to_dicts() for n, df in tables.items()}, options=opts)
    assert seryshevo.equals(from_xlsx)
    assert seryshevo.equals(from_records)
    assert seryshevo["organization"].height == 9
    assert seryshevo["organization"]["kind"].value_counts().sort("kind").rows() == [("kindergarten", 2), ("school", 7)]


@pytest.mark.parametrize("target, options", [
    ("csv", {}),
    ("csv", {"separator": ";", "encoding": "cp1251", "headers": "ru"}),
    ("csv", {"separator": "\t", "encoding": "utf-8-sig"}),
    ("data.xlsx", {"headers": "ru"}),
    ("data.xlsx", {"headers": "en"}),
    ("parquet", {"format": "parquet"}),
    ("data.json", {}),
    ("data.yaml", {}),
])
def test_round_trip_through_every_writer(seryshevo: Dataset, tmp_path: Path, target: str, options: dict) -> None:
    fmt = options.pop("format", None)
    written = seryshevo.write(tmp_path / target, fmt, **options)
    again = Dataset.load(written, options=LoadOptions(today=EXAMPLE_TODAY))
    assert again.equals(seryshevo)


def test_office_export_reads_like_plain_csv() -> None:
    """Windows-1251, `;`, CRLF, Russian headers, file names and labels, ДД.ММ.ГГГГ, decimal comma."""
    office = Dataset.load(DATA / "office")
    plain = Dataset.load(DATA / "good")
    assert office.equals(plain)
    staff = plain["staff"]
    assert staff["subjects"].to_list() == [["математика", "физика"], [], []]
    assert staff["category"].to_list() == ["pedagogue", "manager", "pedagogue"]
    assert plain["competency"]["threshold"].to_list() == [60.5]
    assert plain["program"]["in_federal_registry"].to_list() == [True]
    assert plain["organization"]["students"].to_list() == [420, None]


def test_from_frames_polars_and_pandas() -> None:
    plain = Dataset.load(DATA / "good")
    frames = {name: df for name, df in plain.tables.items() if df.height}
    assert Dataset.from_frames(frames).equals(plain)
    pandas_frames = {name: df.to_pandas() for name, df in frames.items()}
    assert Dataset.from_frames(pandas_frames).equals(plain)


def test_records_accept_pydantic_objects_and_russian_headers() -> None:
    plain = Dataset.load(DATA / "good")
    objects = {name: plain.records(name) for name in plain if plain[name].height}
    assert Dataset.from_records(objects).equals(plain)
    russian = {"Работники": [{"Идентификатор": "s1", "Организация": "o1", "Категория": "педагог",
                              "Должность": "учитель", "Дата рождения": "12.04.1990"}],
               "Организации": [{"id": "o1", "name": "СОШ", "municipality_id": "m1", "kind": "school"}],
               "municipality": [{"id": "m1", "name": "Округ", "region": "Область"}]}
    dataset = Dataset.from_records(russian)
    assert dataset["staff"].row(0, named=True)["category"] == "pedagogue"


def test_defaults_fill_optional_columns() -> None:
    plain = Dataset.load(DATA / "good")
    org = plain["organization"]
    assert org["rural"].to_list() == [False, False]
    assert org.schema == plain.spec("organization").schema


def test_json_data_files_validate_against_committed_schema(seryshevo: Dataset, tmp_path: Path) -> None:
    written = seryshevo.write(tmp_path / "data.json")
    data = json.loads(written.read_text(encoding="utf-8"))
    for table, rows in data.items():
        schema = json.loads((SCHEMA_DIR / "data" / f"{table}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(rows, schema)
    staff_schema = json.loads((SCHEMA_DIR / "data" / "staff.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "s1", "unknown": 1}], staff_schema)


def test_tables_always_have_their_declared_schema(seryshevo: Dataset) -> None:
    for name in seryshevo:
        assert seryshevo[name].schema == seryshevo.spec(name).schema, name
    assert seryshevo["role"].schema == seryshevo.spec("role").schema
    empty = Dataset.from_records({})
    assert all(empty[n].height == 0 for n in empty)
    assert empty["staff"].schema["birth_date"] == pl.Date


def test_text_that_looks_like_a_formula_survives_xlsx(tmp_path: Path) -> None:
    plain = Dataset.load(DATA / "good")
    records = plain.to_records()
    records["program"][0]["title"] = "=СУММ(A1:A2) — не формула"
    dataset = Dataset.from_records(records)
    again = Dataset.load(dataset.write(tmp_path / "f.xlsx"))
    assert again["program"]["title"].to_list() == ["=СУММ(A1:A2) — не формула"]
