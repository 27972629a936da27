"""Committed JSON Schemas stay in sync with the model; the CLI's exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from methodnet.cli import main
from methodnet.jsonschemas import stale_schemas

from conftest import DATA, EXAMPLES, ROOT


def test_committed_schemas_are_up_to_date() -> None:
    stale = stale_schemas(ROOT / "schemas")
    assert stale == [], "the JSON Schemas are stale: run `methodnet schemas` and commit the result"


def test_tables_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["tables"])
    committed = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert result.output == committed, "docs/tables.md is stale: run `methodnet tables > docs/tables.md`"


def test_expression_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["expressions"])
    committed = (ROOT / "docs" / "expressions.md").read_text(encoding="utf-8")
    assert result.output == committed, "docs/expressions.md is stale: run `methodnet expressions > docs/expressions.md`"


def test_evaluate_command_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["evaluate", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"),
                                       "--period", "2025", "--today", "2026-09-01"])
    assert result.exit_code == 0, result.output
    assert "приказ № 183" in result.output and "Доля педагогических работников" in result.output
    assert "недоступен" not in result.output  # the Amur pack is installed: its indicators evaluate


def test_validate_command_locates_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nindicators:\n  - {id: a, name: A, kind: share, population: {table: staff}, "
                   "condition: 'categry == 1'}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml:3" in result.output and "category" in result.output
    ok = CliRunner().invoke(main, ["validate", "kislovodsk"])
    assert ok.exit_code == 0 and "корректен" in ok.output


def test_profiles_command_lists_six() -> None:
    result = CliRunner().invoke(main, ["profiles"])
    for pid in ("base", "seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"):
        assert pid in result.output


def test_stale_schema_is_detected(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schemas", "--out", str(tmp_path)]).exit_code == 0
    (tmp_path / "data" / "staff.schema.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(main, ["schemas", "--out", str(tmp_path), "--check"])
    assert result.exit_code == 1 and "data/staff.schema.json" in result.output


def test_summary_of_the_example() -> None:
    result = CliRunner().invoke(main, ["summary", str(EXAMPLES / "seryshevo"), "--at", "2026-09-01"])
    assert result.exit_code == 0, result.output
    assert "Серышевский муниципальный округ" in result.output
    assert "общеобразовательная организация                       7" in result.output
    # Aggregates only: no person's name appears.
    staff_names = (EXAMPLES / "seryshevo" / "staff.csv").read_text(encoding="utf-8").splitlines()[1].split(";")[1]
    assert staff_names not in result.output


def test_summary_json() -> None:
    result = CliRunner().invoke(main, ["summary", str(DATA / "good"), "--at", "2025-01-01", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["staff_by_category"] == {"pedagogue": 2, "manager": 1}
    assert data["organizations_by_kind"] == {"school": 1, "kindergarten": 1}


def test_bad_data_exits_2_with_located_problems() -> None:
    result = CliRunner().invoke(main, ["summary", str(DATA / "bad" / "bad_date")])
    assert result.exit_code == 2
    assert "staff.csv:2" in result.output and "birth_date" in result.output


def test_english_messages() -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "summary", str(DATA / "bad" / "bad_date")])
    assert "is not a date" in result.output
    from methodnet.messages import set_language

    set_language("ru")


def test_generate_and_convert(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "gen"
    result = runner.invoke(main, ["generate", "--municipalities", "2", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "staff.csv").exists()
    result = runner.invoke(main, ["convert", str(out), "--out", str(tmp_path / "data.parquet"),
                                  "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data.parquet" / "staff.parquet").exists()


def test_new_profile_scaffold_validates_as_written(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "novograd.yaml"
    result = runner.invoke(main, ["new-profile", "novograd", "--out", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "extends: base" in text
    checked = runner.invoke(main, ["validate", str(target)])
    assert checked.exit_code == 0, checked.output
    assert runner.invoke(main, ["new-profile", "novograd", "--out", str(target)]).exit_code == 2  # no overwrite
    assert runner.invoke(main, ["new-profile", "Новоград"]).exit_code == 2
