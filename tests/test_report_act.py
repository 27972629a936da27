"""The act in the report: roadmap status on the dataset's date, stages, bodies, notes, glossary."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import openpyxl
import pytest

from methodnet import Dataset, LoadOptions
from methodnet.api import load_profile
from methodnet.profile.roadmap import occurrences, overdue, progress
from methodnet.report import make_report, write_report
from methodnet.report.render import to_html, to_markdown

D = dt.date
PERIOD = SimpleNamespace(start=2022, end=2023)


def _item(**kw: object) -> SimpleNamespace:
    return SimpleNamespace(**{"due": None, "recurrence": None, "deadline": None, "repeats": None, **kw})


def test_yearly_deadline_repeats_in_every_program_year() -> None:
    item = _item(due=D(2022, 3, 31), recurrence="yearly")
    assert occurrences(item, PERIOD) == [D(2022, 3, 31), D(2023, 3, 31)]
    assert occurrences(_item(due=D(2022, 1, 31)), PERIOD) == [D(2022, 1, 31)]
    assert occurrences(_item(), PERIOD) == []
    # a record of 2022 covers March 2022 only; a record without a date covers both
    assert overdue(item, PERIOD, [D(2022, 3, 10)], D(2023, 6, 1)) == [D(2023, 3, 31)]
    assert overdue(item, PERIOD, [None], D(2023, 6, 1)) == []


@pytest.mark.parametrize(("item", "done", "on", "status"), [
    (_item(due=D(2022, 3, 31), recurrence="yearly"), [D(2022, 3, 10)], D(2023, 6, 1), "overdue"),
    (_item(due=D(2022, 3, 31), recurrence="yearly"), [D(2022, 3, 10)], D(2023, 2, 1), "pending"),
    (_item(due=D(2022, 3, 31), recurrence="yearly"), [D(2022, 3, 10), D(2023, 3, 1)], D(2023, 6, 1), "done"),
    (_item(due=D(2023, 12, 31), deadline="В течение всего периода"), [], D(2023, 6, 1), "in_progress"),
    (_item(due=D(2023, 12, 31), deadline="В течение всего периода"), [], D(2024, 1, 15), "overdue"),
    (_item(deadline="В соответствии с графиком проведения"), [], D(2023, 6, 1), "scheduled"),
])
def test_progress_of_a_measure(item: SimpleNamespace, done: list, on: dt.date, status: str) -> None:
    assert progress(item, PERIOD, done, on).status == status


RECORDS = {
    "municipality": [{"id": "m1", "name": "Октябрьский район", "region": "Ростовская область"}],
    "organization": [{"id": "o1", "name": "Школа 1", "municipality_id": "m1", "kind": "school"}],
    "staff": [{"id": "s1", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
               "birth_date": D(1990, 1, 1), "career_start": D(2012, 9, 1), "hired": D(2012, 9, 1)}],
    "roadmap_status": [
        {"id": "rs1", "measure": "r07", "municipality_id": "m1", "status": "done", "completed_on": D(2022, 1, 20)},
        {"id": "rs2", "measure": "r08", "municipality_id": "m1", "status": "done", "completed_on": D(2022, 3, 25)},
        {"id": "rs3", "measure": "r12", "municipality_id": "m1", "status": "done", "completed_on": D(2022, 4, 20)},
        {"id": "rs4", "measure": "r12", "municipality_id": "m1", "status": "done", "completed_on": D(2023, 4, 18)},
    ],
}


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    dataset = Dataset.from_records(RECORDS, options=LoadOptions(today=D(2023, 6, 1)))
    return make_report(load_profile("oktyabrsky"), dataset, ["2023"], at=D(2023, 6, 1), with_findings=False)


def _roadmap_lines(text: str) -> dict[str, str]:
    part = text.split("## Дорожная карта (на 01.06.2023)")[1].split("\n## ")[0]
    rows = [line.split(" | ") for line in part.splitlines() if line.startswith("| ") and not line.startswith("| Пункт")]
    return {cells[0].lstrip("| "): cells[-1].rstrip(" |") for cells in rows}


def test_markdown_shows_each_measure_with_its_status_on_the_date(report) -> None:  # type: ignore[no-untyped-def]
    text = to_markdown(report)
    status = _roadmap_lines(text)
    assert len(status) == 20
    assert "| Пункт | Мероприятие | Срок | Ответственные | Статус |" in text
    assert status["7"] == "выполнено"                     # January 2022, done 20.01.2022
    assert status["8"] == "просрочено"                    # March 2022 done, March 2023 not
    assert status["12"] == "выполнено"                    # April of both years done
    assert status["9"] == "просрочено"                    # May 2022 passed with no record
    assert status["1"] == "выполняется (в течение периода)"
    assert status["16"] == "повтор пункта r14"
    assert status["19"] == "по графику (без фиксированного срока)"
    assert "март (31.03.2022, 31.03.2023)" in text
    assert "## Как прочитан акт" in text and "повторяется в каждый год программы" in text
    assert "заведующий МАУ «Информационно-методический кабинет»: обеспечить выполнение мероприятий" in text
    assert "**Школьное методическое объединение педагогов (ШМО)**" in text  # the act's definition


def test_html_json_and_xlsx_carry_the_act(report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = to_html(report)
    for section in ('id="roadmap"', 'id="bodies"', 'id="notes"', 'id="purpose"', 'id="glossary"'):
        assert section in page
    assert page.count('data-status="overdue"') == 4  # 8 (March 2023), 9, 10, 11 (May 2022)
    data = json.loads(write_report(report, tmp_path / "r.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in data["act_sections"]["roadmap"]}
    assert by_id["r08"]["deadlines"] == ["2022-03-31", "2023-03-31"] and by_id["r08"]["status"] == ["overdue"]
    assert data["act_sections"]["as_of"] == "2023-06-01"
    wb = openpyxl.load_workbook(write_report(report, tmp_path / "r.xlsx"))
    values = [c for row in wb["Акт"].iter_rows(values_only=True) for c in row if c]
    assert "Состояние на 01.06.2023" in values and "просрочено" in values


def test_stages_have_a_status_against_the_date() -> None:
    dataset = Dataset.from_records({k: RECORDS[k] for k in ("municipality", "organization", "staff")},
                                   options=LoadOptions(today=D(2025, 6, 1)))
    text = to_markdown(make_report(load_profile("seryshevo"), dataset, ["2025"], at=D(2025, 6, 1), with_findings=False))
    assert "| подготовительный (2024) | завершён | разработка локальных документов" in text
    assert "| практический (2025–2027) | идёт |" in text
    assert "| аналитический (2027) | впереди |" in text
    assert "Управление системы образования администрации Серышевского муниципального округа (УСО): издатель приказа" \
        in text
    assert "Организации — исполнители акта: МАОУ СОШ №1 пгт Серышево имени Сергея Бондарева;" in text
    # section VII gives an expected result for each measure; the Октябрьский roadmap has none
    assert "| Пункт | Мероприятие | Срок | Ответственные | Ожидаемый результат | Статус |" in text
    assert "| 2.6 | Выявление, изучение, оценка результативности педагогического опыта" in text
    assert "| Управление системы образования, руководители ОО | Диагностика | срок не наступил |" in text


def test_the_tables_the_acts_need_are_loaded() -> None:
    """Loading only what a profile needs keeps the regional kinds' tables and the roadmap's statuses."""
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.requirements import tables_needed

    registry = load_registry()
    assert {"role", "participation", "event"} <= set(tables_needed(load_profile("petrovsk"), registry))
    without_rules = load_profile("oktyabrsky").model_copy(update={"rules": []})
    assert "roadmap_status" in tables_needed(without_rules, registry)
    assert "roadmap_status" not in tables_needed(load_profile("kuznetsk"), registry)
