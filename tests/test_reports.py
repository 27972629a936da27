"""Reports in every format, and the Excel intake template filled and loaded back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from methodnet import DataError, Dataset, LoadOptions
from methodnet.io.template import sheet_title, tables_needed, write_template
from methodnet.plugins.manager import default_plugins
from methodnet.profile.loader import load_profile
from methodnet.report import make_report, write_report

from conftest import EXAMPLE_TODAY, EXAMPLES, ROOT

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def seryshevo() -> Dataset:
    return Dataset.load(EXAMPLES / "seryshevo", options=LoadOptions(today=EXAMPLE_TODAY))


@pytest.fixture(scope="module")
def report(seryshevo):  # type: ignore[no-untyped-def]
    return make_report(load_profile("seryshevo"), seryshevo, ["2024", "2025", "2026"], at=EXAMPLE_TODAY)


def test_html_report_is_self_contained(report, seryshevo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = write_report(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "приказ № 183 от 13.05.2024" in text
    assert text.count("<tr><td>") >= 14 and text.count('class="chart"') >= 10
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text  # offline
    assert "выполнен" in text and "числитель/знаменатель" in text
    names = seryshevo["staff"]["full_name"].drop_nulls().to_list()
    assert not any(name in text for name in names)  # aggregates only: no person by name


@pytest.mark.parametrize("suffix", ["md", "json", "csv", "xlsx"])
def test_other_formats(report, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = write_report(report, tmp_path / f"r.{suffix}")
    if suffix == "md":
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Серышевский МО") and "## Показатели" in text and "## Замечания" in text
        assert "| 2024 | 2025 | 2026 |" in text
    elif suffix == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["act"]["number"] == "183" and data["periods"] == ["2024", "2025", "2026"]
        assert len(data["indicators"]) == 16 * 3 and data["findings"]  # 14 of sections III–IV, 2 of the passport
    elif suffix == "csv":
        assert path.read_text(encoding="utf-8").splitlines()[0].startswith("indicator,name,kind,period")
    else:
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == ["Сводка", "Показатели", "Замечания", "Акт"]
        assert wb["Показатели"].max_row == 1 + 16 * 3
        assert wb["Показатели"]["B1"].value == "Показатель"


def test_report_command_and_demo(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from methodnet.cli import main

    runner = CliRunner()
    out = tmp_path / "k.html"
    result = runner.invoke(main, ["report", "--profile", "kislovodsk", "--data", str(EXAMPLES / "kislovodsk"),
                                  "--out", str(out), "--at", "2024-12-31", "--period", "2023", "--period", "2024"])
    assert result.exit_code == 0, result.output
    assert "Кисловодск" in out.read_text(encoding="utf-8")
    demo = runner.invoke(main, ["demo", "--out", str(tmp_path / "demo")])
    assert demo.exit_code == 0, demo.output
    assert (tmp_path / "demo" / "seryshevo-report.html").exists() and "отчёт:" in demo.output


# ------------------------------------------------------------------ Excel intake


def _fill(template: Path, dataset: Dataset, tables: list[str]) -> Path:
    """Fill the template as a methodist would: Russian labels, dates in date cells, lists with «;»."""
    registry = dataset.registry
    wb = openpyxl.load_workbook(template)
    for name in tables:
        spec = registry[name]
        sheet = wb[sheet_title(spec)]
        headers = [c.value for c in sheet[1]]
        assert headers == [c.ru for c in spec.columns]
        for r, row in enumerate(dataset[name].iter_rows(named=True), start=2):
            for i, col in enumerate(spec.columns, start=1):
                value = row[col.name]
                if col.vocabulary is not None and value is not None:
                    value = col.vocabulary(value).ru if hasattr(col.vocabulary(value), "ru") else value
                elif col.kind == "bool" and value is not None:
                    value = "да" if value else "нет"
                elif col.kind == "list":
                    value = "; ".join(value) or None
                sheet.cell(row=r, column=i, value=value)
    filled = template.with_name("filled.xlsx")
    wb.save(filled)
    return filled


def test_template_filled_and_loaded_back_is_the_same_dataset(seryshevo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile("seryshevo")
    registry = default_plugins().table_registry()
    tables = write_template(profile, registry, tmp_path / "form.xlsx")
    assert tables == tables_needed(profile, registry)
    assert {"staff", "diagnostic", "training", "program", "document", "profile_class"} <= set(tables)
    wb = openpyxl.load_workbook(tmp_path / "form.xlsx")
    assert wb.sheetnames[0] == "Инструкция"
    staff = wb[sheet_title(registry["staff"])]
    assert any("pedagogue" not in str(v.formula1) and "педагогический работник" in str(v.formula1)
               for v in staff.data_validations.dataValidation)
    filled = _fill(tmp_path / "form.xlsx", seryshevo, tables)
    loaded = Dataset.load(filled, options=LoadOptions(today=EXAMPLE_TODAY))
    for name in tables:
        assert loaded[name].equals(seryshevo[name]), name


def test_template_filled_wrongly_gives_located_errors(seryshevo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile("seryshevo")
    registry = default_plugins().table_registry()
    tables = write_template(profile, registry, tmp_path / "form.xlsx")
    filled = _fill(tmp_path / "form.xlsx", seryshevo, tables)
    wb = openpyxl.load_workbook(filled)
    sheet = wb[sheet_title(registry["staff"])]
    column = [c.value for c in sheet[1]].index("Категория") + 1
    sheet.cell(row=3, column=column, value="педагок")
    wb.save(filled)
    with pytest.raises(DataError) as caught:
        Dataset.load(filled, options=LoadOptions(today=EXAMPLE_TODAY))
    problem = caught.value.report.errors[0]
    assert (problem.code, problem.sheet, problem.row, problem.column) == ("not_in_vocabulary", "Работники", 3,
                                                                          "category")


# ------------------------------------------------------------------ the browser


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_report_in_headless_chromium(report, tmp_path: Path, record_property) -> None:  # type: ignore[no-untyped-def]
    browser = _chromium()
    if browser is None:
        if os.environ.get("METHODNET_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (.ci/run installs it)")
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    page = write_report(report, tmp_path / "report.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", "--window-size=1300,1900"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert '<table id="indicators">' in dom.stdout and '<table id="findings">' in dom.stdout
    assert dom.stdout.count("<svg") >= 10 and dom.stdout.count('class="bar"') >= 20
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-screenshot.png"
    subprocess.run([browser, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000
    record_property("screenshot", str(shot))
    print(f"\nscreenshot of the HTML report: {shot}")
