"""Committed JSON Schemas stay in sync with the model; the CLI's exit codes and output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from methodnet.cli import main
from methodnet.jsonschemas import stale_schemas

from conftest import DATA, EXAMPLES, ROOT


def test_committed_schemas_are_up_to_date() -> None:
    stale = stale_schemas(ROOT / "schemas")
    assert stale == [], "the JSON Schemas are stale: run `methodnet schemas` and commit the result"


def test_tables_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["tables"])
    assert result.exit_code == 0, result.output
    committed = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert result.output == committed, "docs/tables.md is stale: run `methodnet tables > docs/tables.md`"


def test_expression_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["expressions"])
    assert result.exit_code == 0, result.output
    committed = (ROOT / "docs" / "expressions.md").read_text(encoding="utf-8")
    assert result.output == committed, "docs/expressions.md is stale: run `methodnet expressions > docs/expressions.md`"


def test_evaluate_command_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["evaluate", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"),
                                       "--period", "2025", "--at", "2026-09-01"])
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
    assert result.exit_code == 0, result.output
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
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["valid"], data["errors"], data["problems"]) == (True, 0, [])
    assert data["summary"]["staff_by_category"] == {"pedagogue": 2, "manager": 1}
    assert data["summary"]["organizations_by_kind"] == {"school": 1, "kindergarten": 1}


def test_summary_json_of_bad_data_is_a_validation_report() -> None:
    result = CliRunner().invoke(main, ["summary", "--data", str(DATA / "bad" / "bad_date"), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["summary"] is None and data["errors"] == len(data["problems"]) >= 1
    problem = data["problems"][0]
    assert (problem["code"], problem["file"].endswith("staff.csv"), problem["row"], problem["column"]) == \
        ("invalid_date", True, 2, "birth_date")


def test_bad_data_exits_2_with_located_problems() -> None:
    result = CliRunner().invoke(main, ["summary", str(DATA / "bad" / "bad_date")])
    assert result.exit_code == 2
    assert "staff.csv:2" in result.output and "birth_date" in result.output


def test_lang_option_is_gone_but_problem_messages_can_be_english(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "summary", str(DATA / "bad" / "bad_date")])
    assert result.exit_code == 2  # the data are bad; the option itself is only warned about
    assert "--lang больше не поддерживается" in result.output and "не является датой" in result.output
    from methodnet import DataError, Dataset
    from methodnet import messages

    # what METHODNET_LANG=en does: the messages about data, for integrators; monkeypatch puts the
    # language back after the test, whether it passes or fails
    monkeypatch.setattr(messages, "_language", "en")
    with pytest.raises(DataError) as caught:
        Dataset.load(DATA / "bad" / "bad_date")
    assert "is not a date" in str(caught.value) and "1 error" in str(caught.value)


def test_one_date_option_quiet_and_verbose(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["evaluate", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"), "--period", "2025"]
    old = runner.invoke(main, [*args, "--today", "2026-09-01"])
    new = runner.invoke(main, [*args, "--at", "2026-09-01"])
    assert old.exit_code == new.exit_code == 0
    assert "--today устарел" in old.stderr and "--today" not in new.stderr
    assert old.stdout == new.stdout
    assert "… загрузка" in new.stderr
    assert re.search(r"загружено за \d+(,\d)? с: \d\u202f\d{3} строк", new.stderr)  # 3 125 строк: Russian typography
    quiet = runner.invoke(main, [*args, "--at", "2026-09-01", "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == new.stdout
    assert runner.invoke(main, ["-q", *args, "--at", "2026-09-01"]).stderr == ""
    assert "--today" not in runner.invoke(main, ["evaluate", "--help"]).output  # one date option shown


def test_csv_for_excel() -> None:
    runner = CliRunner()
    args = ["evaluate", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"), "--period", "2025",
            "--at", "2026-09-01", "--format", "csv", "-q"]
    plain = runner.invoke(main, args).stdout_bytes
    assert plain.startswith(b"\xef\xbb\xbfindicator,name,kind,period,")
    excel = runner.invoke(main, [*args, "--excel-csv"]).stdout_bytes.decode("cp1251")
    header, first = excel.splitlines()[:2]
    assert header.startswith("indicator;name;kind;period;") and ";2025;" in first
    value = first.split(";")[header.split(";").index("value")]
    assert "," in value and "." not in value  # decimal comma


def test_iom_for_an_unknown_person_exits_2() -> None:
    result = CliRunner().invoke(main, ["iom", "--data", str(EXAMPLES / "seryshevo"), "--person", "S9999999",
                                       "--at", "2026-09-01"])
    assert result.exit_code == 2 and "S9999999" in result.stderr and "Traceback" not in result.output


def test_generate_and_convert(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "gen"
    result = runner.invoke(main, ["generate", "--municipalities", "2", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "staff.csv").exists()
    stages = [line for line in result.stderr.splitlines() if line.startswith("… ")]
    assert stages[0].startswith("… муниципалитеты, организации, работники — ") and len(stages) >= 5  # progress
    assert stages[-1].startswith("… запись: ")
    assert " муниципалитета, " in result.stdout  # «2 муниципалитета»: counted in Russian
    result = runner.invoke(main, ["convert", "--data", str(out), "--out", str(tmp_path / "data.parquet"),
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
