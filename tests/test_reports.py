"""Reports in every format, and the Excel intake template filled and loaded back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import re

from methodnet import Dataset, LoadOptions
from methodnet.engine.result import IndicatorResult
from methodnet.iom import BuilderOptions, IomBuilder
from methodnet.api import load_profile
from methodnet.report import make_report, write_report
from methodnet.report.render import _value_cell, to_html, to_markdown

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
        assert len(data["indicators"]) == 16 * 3 and data["findings"]
        assert sum(r["count"] for r in data["findings_by_rule"]) == len(data["findings"])
        assert data["routes"]["routes"] == report.routes.routes and data["act_sections"]["notes"] == list(report.profile.notes)
        assert {type(r["period"]) for r in data["indicators"]} == {str}
    elif suffix == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel opens the Cyrillic correctly
        assert raw.decode("utf-8-sig").splitlines()[0].startswith("indicator,name,kind,period")
    else:
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == ["Сводка", "Показатели", "Замечания", "Замечания по объектам", "Акт"]
        sheet = wb["Показатели"]
        assert sheet.max_row == 1 + 16 * 3 and sheet["B1"].value == "Показатель"
        assert sheet.auto_filter.ref == "A1:K49" and sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        value = sheet["D2"]
        assert isinstance(value.value, float) and value.number_format == "#,##0.0"
        rules = wb["Замечания"]
        assert rules["A1"].value == "Правило" and rules.auto_filter.ref.startswith("A1:G")
        assert rules["A2"].value == "Молодые педагоги без наставника и других форм сопровождения"
        assert rules["C2"].value == 2 and rules["C2"].number_format == "#,##0"


def test_report_speaks_to_a_methodist(report, seryshevo) -> None:  # type: ignore[no-untyped-def]
    """Russian rule names with counts, advice in words, routes summed up, the act's notes, a clean header."""
    text = to_html(report)
    header = re.search(r"<header>(.*?)</header>", text, re.S).group(1)  # type: ignore[union-attr]
    assert "<p>Серышевский муниципальный округ, Амурская область · отчёт сформирован 01.09.2026 ·" in header
    assert "<p> ·" not in header and "<p>·" not in header
    findings = re.search(r'<table id="findings">(.*?)</table>', text, re.S).group(1)  # type: ignore[union-attr]
    assert "Молодые педагоги без наставника" in findings and "young_teacher" not in findings
    assert "Нет повышения квалификации за последние 3 года" in findings
    assert "methodnet " not in findings and "--" not in findings  # advice in words, not commands
    people = seryshevo["staff"]["id"].to_list()
    assert not any(pid in findings for pid in people)  # people are counted, not listed
    by_rule = report.findings.by_rule()
    young = next(r for r in report.profile.rules if r.kind == "young_teacher_unsupported").id
    people_young = sum(f.count or 1 for f in report.findings if f.rule == young)
    assert f"<td class='v'>{by_rule[young]}</td><td>{by_rule[young]} организации ({people_young} работника)</td>" \
        in findings  # «2 организации (2 работника)»: counted, in Russian
    org = next(f for f in report.findings if f.rule == young).subject
    org_name = seryshevo["organization"].filter(seryshevo["organization"]["id"] == org)["name"][0]
    assert f"организация «{html_escape(org_name)}»" in findings  # organizations by name
    # Routes: as many as the builder proposes as of the report's date, in aggregate only.
    p = report.profile.parameters
    routes = IomBuilder(seryshevo, BuilderOptions(young_max_age=p.young_max_age,
                                                   young_max_years=p.young_max_years)).build(EXAMPLE_TODAY)
    assert report.routes.routes == len(routes) and report.routes.hours == sum(r.hours for r in routes)
    assert f"Предложено {len(routes)} маршрутов" in text
    assert report.profile.notes and all(html_escape(n) in text for n in report.profile.notes)
    md = to_markdown(report)
    assert "## Как прочитан акт" in md and "## Предложенные ИОМ" in md
    assert f"Проверка правил на 01.09.2026: {len(report.findings)} замечани" in md


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_numbers_and_charts(report) -> None:  # type: ignore[no-untyped-def]
    text = to_html(report)
    words = re.sub(r"<[^>]+>", " ", text)
    assert "43,5\u202f%" in words and "43.5" not in words  # decimal comma, narrow space before %
    charts = re.findall(r'<svg[^>]*class="chart">.*?</svg>', text, re.S)
    assert len(charts) >= 10
    for chart in charts:
        bars = chart.count('class="bar"')
        assert chart.count('class="value"') == bars  # every bar carries its value
        assert chart.count('class="tick"') == 3  # 0, half, top
        baseline = re.search(r'class="baseline" x1="\d+" y1="([\d.]+)"', chart).group(1)  # type: ignore[union-attr]
        assert baseline == "156"  # the same frame in every chart: baselines line up
    first = charts[0]
    assert ">43,5\u202f%</text>" in first and ">100 %</text>" in first  # value label; the axis top


def test_a_period_in_progress_says_so() -> None:
    row = IndicatorResult("x", "Доля", "share", "2026", None, None, None, 45.0, 100.0, 45.0, "%", 80.0, "min",
                          "in_progress", None, None)
    cell = _value_cell(row)
    assert "в процессе" in cell and "45\u202f%" in cell and "#e3f2fd" in cell


def test_by_organization_gives_a_table_per_organization(seryshevo) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile("seryshevo")
    plain = make_report(profile, seryshevo, ["2025", "2026"], at=EXAMPLE_TODAY, with_routes=False)
    by = make_report(profile, seryshevo, ["2025", "2026"], at=EXAMPLE_TODAY, by=["organization"], with_routes=False)
    page, md = to_html(by), to_markdown(by)
    assert page != to_html(plain)
    sections = re.findall(r'<section class="group" data-by="organization"><h3>(.*?)</h3>', page)
    organizations = {r.group_name for r in by.evaluation.rows if r.group_by == "organization"}
    assert set(sections) == {html_escape(n) for n in organizations} and len(sections) == len(organizations) >= 7
    assert "## Показатели по организациям" in md and md.count("\n### ") == len(organizations)
    # A cell of an organization's table is that organization's value.
    row = next(r for r in by.evaluation.rows if r.group_by == "organization" and r.period == "2026"
               and r.value is not None and r.unit == "%")
    section = page.split(f"<h3>{html_escape(row.group_name)}</h3>")[1].split("</section>")[0]
    line = next(tr for tr in section.split("<tr>") if f"<td>{html_escape(row.name)}</td>" in tr)
    assert f"{row.value:.1f}".replace(".", ",").removesuffix(",0") + "\u202f%" in line


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


def test_by_organization_and_print_layout_in_headless_chromium(seryshevo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The --by organization page renders its tables; printed, it is A4 with no chart cut across pages."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("METHODNET_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (.ci/run installs it)")
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    # The base profile: 26 indicators, so the charts run over more than one printed page.
    by = make_report(load_profile("base"), seryshevo, ["2024", "2025", "2026"], at=EXAMPLE_TODAY,
                     by=["organization"])
    page = write_report(by, tmp_path / "by.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    organizations = {r.group_name for r in by.evaluation.rows if r.group_by == "organization"}
    assert dom.stdout.count('<table class="by-group">') == len(organizations) >= 7
    assert "Показатели по организациям" in dom.stdout
    pdf = tmp_path / "by.pdf"
    subprocess.run([browser, *flags, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert 3 <= pages <= 40
    # Every chart whole on one page: its caption, its axis top and its period labels share a page.
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    charts = re.findall(r"<figcaption>(\d+)\. ", page.read_text(encoding="utf-8"))
    assert len(charts) >= 10
    print_css = re.search(r"@media print\{(.*?)\n\}", page.read_text(encoding="utf-8"), re.S).group(1)  # type: ignore[union-attr]
    assert re.search(r"(^|[,}\n])tr,figure,\.group\{break-inside:avoid", print_css)
    start = next(i for i, text in enumerate(texts) if "Значения и цели по годам" in text)
    end = next(i for i, text in enumerate(texts) if i >= start and re.search(r"^\s*Замечания\s*$", text, re.M))
    with_charts = 0
    for n in range(start, end + 1):
        text = texts[n]
        if n == end:
            text = re.split(r"^\s*Замечания\s*$", text, flags=re.M)[0]
        elif n == start:
            text = text.split("Значения и цели по годам")[1]
        lines = [line for line in text.splitlines() if line.strip()]
        if n == end and not lines:
            continue  # the findings start a new page
        with_charts += 1
        # a page of charts ends with a row of period labels, never with a caption or an axis cut off
        assert lines and "2024" in lines[-1] and "2026" in lines[-1], (n, lines[-3:])
    assert with_charts >= 2  # the charts run over a page break here, and none is cut by it


def test_report_command_honours_by(tmp_path: Path) -> None:
    """The complaint of the hand-over issue: --by organization gave a page byte-identical to the plain one."""
    from click.testing import CliRunner

    from methodnet.cli import main

    runner = CliRunner()
    base = ["report", "--profile", "seryshevo", "--data", str(EXAMPLES / "seryshevo"), "--period", "2025", "-q",
            "--no-rules"]
    for suffix in ("html", "md"):
        plain, by = tmp_path / f"plain.{suffix}", tmp_path / f"by.{suffix}"
        assert runner.invoke(main, [*base, "--out", str(plain)]).exit_code == 0
        assert runner.invoke(main, [*base, "--by", "organization", "--out", str(by)]).exit_code == 0
        text = by.read_text(encoding="utf-8")
        assert text != plain.read_text(encoding="utf-8") and "по организациям" in text
        assert "МАОУ СОШ №1 пгт Серышево" in text


def test_mark_errors_needs_a_workbook(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from methodnet.cli import main

    result = CliRunner().invoke(main, ["summary", str(EXAMPLES / "seryshevo"), "--mark-errors",
                                       str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "нужна книга XLSX" in result.stderr and not (tmp_path / "x.xlsx").exists()
