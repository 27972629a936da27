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
        assert len(data["indicators"]) == 14 * 3 and data["findings"]
    elif suffix == "csv":
        assert path.read_text(encoding="utf-8").splitlines()[0].startswith("indicator,name,kind,period")
    else:
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == ["Сводка", "Показатели", "Замечания"]
        assert wb["Показатели"].max_row == 1 + 14 * 3
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
