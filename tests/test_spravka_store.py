"""The analytical note from a real store: record the bundled examples, then `methodnet spravka` (DOCX and PDF).

Numbers in the note are checked against the stored monitoring (read back from the store),
so the test holds whatever the example data are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from methodnet.cli import main
from methodnet.spravka import russian as ru

docx = pytest.importorskip("docx")
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {"seryshevo": ("2024", "2025"), "kislovodsk": ("2022", "2023"), "kuznetsk": ("2024", "2025"),
            "oktyabrsky": ("2022", "2023"), "petrovsk": ("2024", "2025")}


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def record(store: Path, example: str, period: str, *extra: str) -> str:
    out = run("record", "--profile", example, "--data", str(ROOT / "examples" / example), "--period", period,
              "--by", "organization", "--store", str(store), "--author", "Тест", *extra)
    return out.strip().splitlines()[-1]


def office() -> bool:
    from methodnet.spravka.pdf import find_soffice

    if find_soffice() is None or shutil.which("pdftotext") is None:
        if os.environ.get("METHODNET_REQUIRE_OFFICE"):
            pytest.fail("METHODNET_REQUIRE_OFFICE is set but LibreOffice (soffice) or pdftotext is missing")
        return False
    return True


@pytest.fixture(scope="module")
def seryshevo(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("store")
    store = folder / "history.sqlite"
    first = record(store, "seryshevo", "2024", "--measures", str(ROOT / "examples" / "seryshevo-measures.csv"))
    second = record(store, "seryshevo", "2025")
    return store, first, second, folder


def test_seryshevo_two_monitorings_change_of_every_indicator_and_effect_of_measures(seryshevo):  # type: ignore[no-untyped-def]
    from methodnet.history.stores import open_store

    store, first, second, folder = seryshevo
    out = folder / "справка.docx"
    assert "записано" in run("spravka", second, "--compare-with", first, "--store", str(store), "--out", str(out),
                             "--date", "20.01.2026")
    opened = open_store(str(store))
    before, after = opened.get(first), opened.get(second)
    opened.close()
    totals = {r["indicator"]: r for r in after.values.to_dicts() if r["group_by"] is None}
    old = {r["indicator"]: r for r in before.values.to_dicts() if r["group_by"] is None}
    document = docx.Document(str(out))
    rows = [[plain(c.text) for c in r.cells] for t in document.tables if plain(t.rows[0].cells[-1].text) == "Изм."
            for r in t.rows[1:]]
    assert len(rows) == len(totals)  # every indicator of the monitoring is in the results
    names = {r["name"]: r for r in totals.values()}
    for cells in rows:
        row, prev = names[cells[1]], old[names[cells[1]]["indicator"]]
        assert cells[4] == plain(ru.plain(row["value"], row["unit"], row["denominator"]))
        if row["value"] is not None and prev["value"] is not None and row["unit"] != "да/нет":
            assert cells[8] == plain(ru.change_plain(row["value"] - prev["value"]))  # the change, for every indicator
    effects = next([[plain(c.text) for c in r.cells] for r in t.rows] for t in document.tables
                   if plain(t.rows[0].cells[-1].text) == "Эффект")
    seminar = effects[1]
    d0, d1 = old["diagnostics_share"]["value"], totals["diagnostics_share"]["value"]
    assert seminar[1].startswith("Семинар для заместителей директоров")
    assert seminar[3] == "выполнена в срок (20.02.2025)"
    assert f"№ 1: {plain(ru.with_unit(d0, '%'))} → {plain(ru.with_unit(d1, '%'))} ({plain(ru.change(d1 - d0, '%'))})" \
        in seminar[4]
    assert seminar[5] == ("положительный" if d1 > d0 else "отрицательный")
    passport = next([[plain(c.text) for c in r.cells] for r in t.rows] for t in document.tables
                    if plain(t.rows[0].cells[0].text) == "Сведение")
    assert ["Идентификатор мониторинга", second] in passport and ["Версия", "1"] in passport
    assert ["Сравнение с", f"{first}, версия 1, 2024"] in passport


def test_cli_bad_input_exits_2_with_a_message(seryshevo):  # type: ignore[no-untyped-def]
    store, first, second, folder = seryshevo
    runner = CliRunner()
    for args, words in ((["no-such-id"], "no-such-id"), ([second, "--out", str(folder / "x.odt")], ".docx"),
                        ([second, "--template", str(folder / "нет.docx")], "шаблона не найден")):
        argv = ["spravka", *args, "--store", str(store)]
        if "--out" not in args:
            argv += ["--out", str(folder / "x.docx")]
        result = runner.invoke(main, argv)
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_every_bundled_example_docx_and_pdf(example, tmp_path):  # type: ignore[no-untyped-def]
    store = tmp_path / "history.sqlite"
    earlier, later = EXAMPLES[example]
    first = record(store, example, earlier)
    second = record(store, example, later)
    out = tmp_path / f"{example}.docx"
    run("spravka", second, "--compare-with", first, "--store", str(store), "--out", str(out))
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Общие сведения" and "Адресные рекомендации" in " ".join(headings)
    assert len(document.inline_shapes) >= 1
    if example == "seryshevo":  # a custom template: the default one with a letterhead line
        from methodnet.spravka.docx import DEFAULT_TEMPLATE

        letterhead = docx.Document(str(DEFAULT_TEMPLATE))
        letterhead.paragraphs[0].insert_paragraph_before("БЛАНК: {{ place }}")
        letterhead.save(str(tmp_path / "бланк.docx"))
        run("spravka", second, "--store", str(store), "--template", str(tmp_path / "бланк.docx"),
            "--out", str(tmp_path / "custom.docx"))
        assert docx.Document(str(tmp_path / "custom.docx")).paragraphs[0].text == "БЛАНК: Серышевский муниципальный округ"
    if office():
        pdf = tmp_path / f"{example}.pdf"
        run("spravka", second, "--compare-with", first, "--store", str(store), "--out", str(pdf))
        text = plain(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text and second in text


def test_the_demo_records_two_monitorings_and_writes_the_note(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)  # the demo reads the bundled example and its measures from a checkout
    output = run("demo", "--out", str(tmp_path))
    note = tmp_path / "seryshevo-spravka.docx"
    assert "справка:" in output and note.exists() and (tmp_path / "methodnet-history.sqlite").exists()
    document = docx.Document(str(note))
    effects = [t for t in document.tables if plain(t.rows[0].cells[-1].text) == "Эффект"]
    assert effects and plain(effects[0].rows[1].cells[3].text) == "выполнена в срок (20.02.2025)"
