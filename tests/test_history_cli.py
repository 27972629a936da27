"""The issue's done-when, from the command line: record, approve, correct, compare, trend, hand over, verify."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from methodnet.cli import main

from conftest import EXAMPLES
from historykit import pg_database, store_uri  # noqa: F401 - fixtures

TODAY = ["--today", "2026-09-01"]


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (args, result.output, result.stderr if hasattr(result, "stderr") else "")
    assert "Traceback" not in result.output
    return result.stdout


def totals(store: str, monitoring_id: str) -> dict[tuple[str, str], float | None]:
    data = json.loads(run("history", "show", monitoring_id, "--store", store, "--format", "json"))
    return {(v["indicator"], v["period"]): v["value"] for v in data["values"] if v["group_by"] is None}


def test_monitoring_cycle_from_the_cli(tmp_path: Path, store_uri: str) -> None:
    """The municipality's store on SQLite and on PostgreSQL; the region's is a SQLite file."""
    data = tmp_path / "seryshevo"
    shutil.copytree(EXAMPLES / "seryshevo", data)
    store, region = store_uri, str(tmp_path / "region.sqlite")
    common = ["--profile", "seryshevo", "--data", str(data), "--store", store, *TODAY]
    y2024 = run("record", *common, "--period", "2024", "--by", "organization", "--author", "Петрова").strip()
    y2025 = run("record", *common, "--period", "2025", "--by", "organization", "--note", "итоги года").strip()
    before = totals(store, y2024)

    run("history", "approve", y2024, "--store", store, "--author", "Начальник")
    run("history", "approve", y2024, "--store", store, code=2)  # approving twice is refused
    run("history", "correct", y2024, *common, "--period", "2024", "--by", "organization", code=2)  # no reason
    fixed = run("history", "correct", y2024, *common, "--period", "2024", "--by", "organization",
                "--reason", "уточнён список ОО").strip()
    run("history", "approve", fixed, "--store", store)
    run("history", "approve", y2025, "--store", store)

    listed = json.loads(run("history", "list", "--store", store, "--format", "json"))
    assert [(m["id"], m["version"], m["state"]) for m in listed] == [
        (y2024, 1, "approved"), (y2025, 1, "approved"), (fixed, 2, "approved")]
    assert listed[2]["supersedes"] == y2024 and listed[2]["reason"] == "уточнён список ОО"
    assert listed[0]["data_label"] == "синтетические данные methodnet" and listed[0]["data_date"] == "2026-09-01"

    compared = json.loads(run("compare", fixed, y2025, "--store", store, "--format", "json"))
    after = totals(store, y2025)
    share = next(r for r in compared["rows"] if r["indicator"] == "diagnostics_share" and r["group_by"] is None)
    assert share["change"] == pytest.approx(after[("diagnostics_share", "2025")] - before[("diagnostics_share", "2024")])
    assert share["change_unit"] == "п.п." and compared["flags"]["profile_changed"] is False

    trend = json.loads(run("trend", "--profile", "seryshevo", "--store", store, "--format", "json"))
    diag = [r for r in trend["rows"] if r["indicator"] == "diagnostics_share"]
    assert [r["period"] for r in diag] == ["2024", "2025", "2026", "2027"]  # every year of the program
    assert diag[0]["monitoring_id"] == fixed and diag[0]["trajectory"] == 80.0 and diag[1]["trajectory"] == 85.0
    assert diag[2]["position"] == "no_monitoring"
    book = tmp_path / "trend.xlsx"
    run("trend", "--profile", "seryshevo", "--store", store, "--format", "xlsx", "--out", str(book))
    import openpyxl

    sheet = openpyxl.load_workbook(book).active
    from methodnet.history.trend import POSITION_RU

    assert sheet.max_row == len(trend["rows"]) + 1 and sheet["C2"].value == trend["rows"][0]["period"]
    assert sheet["I2"].value == POSITION_RU[trend["rows"][0]["position"]]
    shown = run("history", "show", fixed, "--store", store)
    assert f"исправляет {y2024}: уточнён список ОО" in shown and "утверждён" in shown and "Журнал:" in shown
    table = run("compare", fixed, y2025, "--store", store, "--format", "csv")
    assert table.splitlines()[0].startswith("indicator,name,group_by,group,group_name,period_a,period_b")
    page = tmp_path / "trend.html"
    run("trend", "--profile", "seryshevo", "--store", store, "--format", "html", "--out", str(page))
    assert "Динамика показателей" in page.read_text(encoding="utf-8")

    report = tmp_path / "report.html"
    run("report", "--profile", "seryshevo", "--data", str(data), "--period", "2025", "--out", str(report),
        "--store", store, "--no-rules")
    section = report.read_text(encoding="utf-8").split("id='trend'")[1]
    assert "Динамика по утверждённым мониторингам" in section
    assert section.count("<table>") == len({r["indicator"] for r in trend["rows"]}) > 10

    bundle = tmp_path / "2025.json"
    run("history", "export", y2025, "--out", str(bundle), "--store", store)
    assert "загружен" in run("history", "import", str(bundle), "--store", region)
    assert "уже в хранилище" in run("history", "import", str(bundle), "--store", region)  # idempotent
    assert totals(region, y2025) == after
    rolled = json.loads(run("history", "rollup", "--profile", "seryshevo", "--period", "2025", "--store", region,
                            "--format", "json"))
    mine = next(r for r in rolled if r["indicator"] == "diagnostics_share" and r["territory"] == "seryshevo")
    assert mine["rank"] == 1 and mine["value"] == after[("diagnostics_share", "2025")]
    assert "все хэши совпадают" in run("history", "verify", "--store", store)
    assert "все хэши совпадают" in run("history", "verify", "--store", region)

    # the data folder changes afterwards: the stored numbers do not
    staff = data / "staff.csv"
    lines = staff.read_text(encoding="utf-8").splitlines()
    staff.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    assert totals(store, y2024) == before and totals(store, y2025) == after
    fresh = run("record", *common, "--period", "2024", "--by", "organization", code=2)  # series exists
    assert fresh == ""


def test_verify_names_a_row_changed_behind_the_store(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite")
    mid = run("record", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"), "--period", "2025",
              "--store", store, "--no-rules", *TODAY).strip()
    with sqlite3.connect(store) as conn:
        conn.execute("DROP TRIGGER monitoring_value_no_update")
        conn.execute("UPDATE monitoring_value SET value = 100 WHERE indicator = 'iom_share'")
    result = CliRunner().invoke(main, ["history", "verify", "--store", store])
    assert result.exit_code == 1
    assert f"{mid} [values, строка 2] indicator=iom_share, period=2025" in result.stdout


@pytest.mark.parametrize("args,code", [
    (["history", "show", "nope-nope-nope"], "unknown_id"),
    (["history", "approve", "00000000"], "unknown_id"),
    (["compare", "a", "b"], "unknown_id"),
    (["trend", "--profile", "seryshevo"], "no_approved"),
])
def test_refusals_exit_2_with_a_code(tmp_path: Path, args: list[str], code: str) -> None:
    result = CliRunner().invoke(main, [*args, "--store", str(tmp_path / "h.sqlite")])
    assert result.exit_code == 2 and f"[{code}]" in result.stderr and "Traceback" not in result.output


def test_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"this is not a database at all, just text " * 100)
    result = CliRunner().invoke(main, ["history", "list", "--store", str(junk)])
    assert result.exit_code == 2 and "[not_a_store]" in result.stderr
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    result = CliRunner().invoke(main, ["history", "list", "--store", str(other)])
    assert result.exit_code == 2 and "[not_a_store]" in result.stderr and "customers" in result.stderr
    assert "customers" in [r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")]


def test_store_uri_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from methodnet.history.store import DEFAULT_STORE, store_uri
    from methodnet.history.stores import open_store

    monkeypatch.setenv("METHODNET_STORE", str(tmp_path / "env.sqlite"))
    assert store_uri(None) == str(tmp_path / "env.sqlite") and store_uri("x.sqlite") == "x.sqlite"
    open_store().close()
    assert (tmp_path / "env.sqlite").exists()
    monkeypatch.delenv("METHODNET_STORE")
    monkeypatch.chdir(tmp_path)
    assert store_uri(None) == DEFAULT_STORE
    result = CliRunner().invoke(main, ["history", "list", "--store", "ftp://host/x"])
    assert result.exit_code == 2 and "[unknown_scheme]" in result.stderr


def test_a_third_party_store_registers_a_scheme(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from importlib.metadata import EntryPoint

    import methodnet.history.stores as stores
    from methodnet.history.sqlite import SqliteStore

    opened: list[str] = []

    def fake_entry_points(group: str):  # type: ignore[no-untyped-def]
        assert group == "methodnet.history_store"
        return [EntryPoint("memo", "tests_memo:open", group)]

    def factory(uri: str):  # type: ignore[no-untyped-def]
        opened.append(uri)
        return SqliteStore(str(tmp_path / "memo.sqlite"))

    monkeypatch.setattr(stores, "entry_points", fake_entry_points)
    monkeypatch.setattr(EntryPoint, "load", lambda self: factory)
    store = stores.open_store("memo://region/amur")
    assert opened == ["memo://region/amur"] and store.list() == []
    store.close()


@pytest.mark.parametrize("text,where", [
    ("measure,responsible,deadline,indicators\nСеминар,ИМЦ,31.02.2025,iom_share\n", "measures.csv:2, столбец «deadline»"),
    ("measure,who\nСеминар,ИМЦ\n", "measures.csv:2"),
    ("measure,indicators\nСеминар,iom_shar\n", "measures.csv:2, столбец «indicators»"),
    ("measure,indicators\n,iom_share\n", "measures.csv:2, столбец «measure»"),
])
def test_bad_measures_are_located(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "measures.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["record", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"),
                                       "--period", "2025", "--measures", str(path), "--store",
                                       str(tmp_path / "h.sqlite"), *TODAY])
    assert result.exit_code == 2 and "[invalid_measure]" in result.stderr and where in result.stderr
    assert not (tmp_path / "h.sqlite").exists() or "мониторингов нет" in run("history", "list", "--store",
                                                                             str(tmp_path / "h.sqlite"))
