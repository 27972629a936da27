"""The analytical note from hand-made stored monitorings: content, Russian, recommendations, DOCX, PDF.

Expected sentences are written out here from the fixture's numbers (tests/spravka_fixture.py).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from methodnet.errors import MethodnetError
from methodnet.spravka import russian as ru
from methodnet.spravka.api import make_note, write_spravka
from methodnet.spravka.errors import SpravkaError
from spravka_fixture import PROFILE_FILE, current, previous, profile

TODAY = dt.date(2026, 1, 20)
docx = pytest.importorskip("docx")


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def note():  # type: ignore[no-untyped-def]
    return make_note(current(), previous(), profile=profile(), today=TODAY)


# ------------------------------------------------------------------------------ Russian


@pytest.mark.parametrize("n, nom, dat, gen, acc_f", [
    (1, "1 показатель", "1 показателю", "1 показателя", "1 организацию"),
    (2, "2 показателя", "2 показателям", "2 показателей", "2 организации"),
    (5, "5 показателей", "5 показателям", "5 показателей", "5 организаций"),
    (11, "11 показателей", "11 показателям", "11 показателей", "11 организаций"),
    (14, "14 показателей", "14 показателям", "14 показателей", "14 организаций"),
    (21, "21 показатель", "21 показателю", "21 показателя", "21 организацию"),
    (22, "22 показателя", "22 показателям", "22 показателей", "22 организации"),
    (111, "111 показателей", "111 показателям", "111 показателей", "111 организаций"),
    (0, "0 показателей", "0 показателям", "0 показателей", "0 организаций"),
])
def test_counts_agree_in_case_and_number(n, nom, dat, gen, acc_f):  # type: ignore[no-untyped-def]
    assert ru.counted(n, "показатель") == nom
    assert format(ru.Counted(n, "показатель"), "дат") == dat
    assert format(ru.Counted(n, "показатель"), "род") == gen
    assert format(ru.Counted(n, "организация"), "вин") == acc_f
    assert format(ru.Counted(n, "человек"), "им") == {1: "1 человек", 2: "2 человека", 21: "21 человек",
                                                        22: "22 человека"}.get(n, f"{n} человек")


@pytest.mark.parametrize("phrase, dative, genitive", [
    ("Управление системы образования администрации Серышевского муниципального округа",
     "Управлению системы образования администрации Серышевского муниципального округа",
     "Управления системы образования администрации Серышевского муниципального округа"),
    ("Отдел образования Администрации Октябрьского района", "Отделу образования Администрации Октябрьского района",
     "Отдела образования Администрации Октябрьского района"),
    ("Управление образования администрации города-курорта Кисловодска",
     "Управлению образования администрации города-курорта Кисловодска",
     "Управления образования администрации города-курорта Кисловодска"),
    ("Муниципальное казённое учреждение «Информационно-методический центр»",
     "Муниципальному казённому учреждению «Информационно-методический центр»",
     "Муниципального казённого учреждения «Информационно-методический центр»"),
    ("Комитет по образованию", "Комитету по образованию", "Комитета по образованию"),
    ("Муниципальная методическая служба", "Муниципальной методической службе", "Муниципальной методической службы"),
    ("Городской методический центр", "Городскому методическому центру", "Городского методического центра"),
    ("Информационно-методический центр", "Информационно-методическому центру", "Информационно-методического центра"),
    ("Руководители образовательных организаций", "Руководителям образовательных организаций",
     "Руководителей образовательных организаций"),
    ("Педагогические работники", "Педагогическим работникам", "Педагогических работников"),
    ("МКУ «ИМЦ»", "МКУ «ИМЦ»", "МКУ «ИМЦ»"),
])
def test_addressee_cases(phrase, dative, genitive):  # type: ignore[no-untyped-def]
    assert ru.dative(phrase) == dative
    assert ru.genitive(phrase) == genitive


def test_numbers_periods_and_dates_in_russian():  # type: ignore[no-untyped-def]
    assert plain(ru.number(1234567.891)) == "1 234 567,9"
    assert ru.number(43.478) == "43,5" and ru.number(20.0) == "20" and ru.number(-2.0) == "−2"
    assert plain(ru.with_unit(56.41, "%")) == "56,4 %" and plain(ru.with_unit(7, "ед.")) == "7 ед."
    assert ru.with_unit(100.0, "да/нет", 1) == "да" and ru.with_unit(0.0, "да/нет", 1) == "нет"
    assert plain(ru.change(-28.64, "%")) == "−28,6 п. п." and plain(ru.change(2, "ед.")) == "+2 ед."
    assert ru.change(0.01, "%") == "0"
    assert ru.period_for("2025") == "за 2025 год"
    assert ru.period_for("2025-H1") == "за I полугодие 2025 года"
    assert ru.period_for("2024/2025") == "за 2024/2025 учебный год"
    assert plain(ru.date_long(dt.date(2024, 5, 13))) == "13 мая 2024 г."
    assert ru.sentence("отклонение −5 п.\u00a0п.") == "отклонение −5 п.\u00a0п."


# ------------------------------------------------------------------------------ content


def test_results_rows_and_sentences(note):  # type: ignore[no-untyped-def]
    assert [s.title for s in note.sections] == [
        "Диагностика профессиональных дефицитов", "Индивидуальные образовательные маршруты",
        "Наставничество и сопровождение молодых педагогов", "Конкурсы, мероприятия и распространение опыта",
        "Удовлетворённость, документы и мониторинги"]
    rows = {r.number: r for s in note.sections for r in s.rows}
    assert rows[1].cells == {"unit": "%", "target": "80", "fact": "75", "deviation": "−5", "previous": "50",
                             "change": "+25"}
    assert rows[4].cells == {"unit": "ед.", "target": "3", "fact": "2", "deviation": "−1", "previous": "3",
                             "change": "−1"}
    assert plain(rows[1].sentence) == ("Показатель 1 «Доля педагогов, прошедших диагностику дефицитов» не выполнен: "
                                       "75 % при цели 80 %, отклонение −5 п. п. По сравнению с 2024 г. (50 %) — "
                                       "улучшение на 25 п. п.")
    assert plain(rows[2].sentence) == ("Показатель 2 «Доля педагогов с ИОМ» выполнен: 30 % при цели 30 %. "
                                       "По сравнению с 2024 г. (10 %) — улучшение на 20 п. п.")
    assert plain(rows[4].sentence) == ("Показатель 4 «Количество конкурсов профессионального мастерства» не выполнен: "
                                       "2 ед. при цели 3 ед., отклонение −1 ед. По сравнению с 2024 г. (3 ед.) — "
                                       "ухудшение на 1 ед.")
    assert rows[5].sentence == ("По показателю 5 «Удовлетворённость работой ММС» данных нет "
                                "(нет данных: survey_response).")
    assert rows[5].fact == "—" and rows[5].status == "нет данных"


def test_summary_ranking_conclusions(note):  # type: ignore[no-untyped-def]
    assert [(c.code, c.n) for c in note.counts] == [("met", 2), ("not_met", 2), ("no_data", 1)]
    assert note.summary_sentence == "Всего 5 показателей: выполнено — 2; не выполнено — 2; нет данных — 1."
    assert [(r.place, r.organization, r.met, r.not_met, plain(r.share), r.risk) for r in note.ranking] == [
        (1, "МБОУ СОШ № 1", 2, 1, "66,7 %", False), (2, "МБОУ СОШ № 2", 1, 2, "33,3 %", True)]
    assert [r.organization for r in note.risk_zone] == ["МБОУ СОШ № 2"]
    assert [plain(c) for c in note.conclusions] == [
        "Из 4 показателей с установленной на 2025 г. целью и данными выполнено 2 (50 %).",
        "Наибольшее отставание от цели: № 1 (−5 п. п.).",
        "По сравнению с 2024 г.: улучшение — 3, ухудшение — 1, без изменений — 0.",
        "Нет данных по 1 показателю: № 5 «Удовлетворённость работой ММС»; отсутствие данных не приравнивается к нулю.",
        "В зоне риска 1 организация: МБОУ СОШ № 2."]
    assert [[plain(c) for c in d.cells] for d in note.dynamics][:2] == [
        ["50 % / 50 %", "75 % / 80 %", "— / 90 %"], ["10 % / 10 %", "30 % / 30 %", "— / 40 %"]]
    assert note.years == ["2024", "2025", "2026"]


EXPECTED_RECOMMENDATIONS = [
    ("Отделу образования администрации Тестовского округа", [
        "Рассмотреть на совещании руководителей образовательных организаций причины невыполнения 2 показателей "
        "(№ 1 «Доля педагогов, прошедших диагностику дефицитов», № 4 «Количество конкурсов профессионального "
        "мастерства») и утвердить меры по достижению целевых значений к следующему мониторингу.",
        "Взять на контроль 1 организацию из зоны риска (МБОУ СОШ № 2) и заслушать отчёты о принятых мерах."]),
    ("Муниципальной методической службе", [
        "Разработать адресные мероприятия методического сопровождения по 2 показателям с недостигнутой целью: "
        "№ 1 «Доля педагогов, прошедших диагностику дефицитов», № 4 «Количество конкурсов профессионального мастерства».",
        "Организовать сбор данных по 1 показателю без сведений: № 5 «Удовлетворённость работой ММС»; "
        "внести их до следующего мониторинга.",
        "Разработать индивидуальные образовательные маршруты педагогам с выявленными дефицитами, у которых маршрута "
        "нет (1 человек).",
        "Устранить замечания проверки «gmo_missing» (1 замечание): утвердите положение о ГМО."]),
    ("Руководителям образовательных организаций", [
        "МБОУ СОШ № 1: проанализировать причины отставания по 1 показателю (№ 2 — 20 % при цели 30 %) и включить "
        "меры по их устранению в план методической работы.",
        "МБОУ СОШ № 2: проанализировать причины отставания по 2 показателям (№ 1 — 60 % при цели 80 %; № 3 — 0 % "
        "при цели 50 %) и включить меры по их устранению в план методической работы."]),
    ("Руководителям методических объединений", [
        "Включить в планы работы методических объединений вопросы по 1 показателю с недостигнутой целью: "
        "№ 4 «Количество конкурсов профессионального мастерства»."]),
    ("Педагогическим работникам", [
        "Пройти повышение квалификации по дополнительным профессиональным программам (более трёх лет без повышения "
        "квалификации: 3 человека); руководителям организаций включить их в план-график."]),
]


def test_addressed_recommendations(note):  # type: ignore[no-untyped-def]
    got = [(r.addressee, [plain(s) for s in r.sentences]) for r in note.recommendations]
    assert got == EXPECTED_RECOMMENDATIONS


def test_measures_and_their_effect(note):  # type: ignore[no-untyped-def]
    assert [(m.measure, m.deadline, m.indicators, m.done) for m in note.measures] == [
        ("Провести диагностику в МБОУ СОШ № 2", "31.05.2025", "№ 1", "20.05.2025"),
        ("Организовать анкетирование удовлетворённости", "01.03.2026", "№ 5", "—")]
    assert [(e.measure, e.done, plain(e.changes), e.effect) for e in note.effects] == [
        ("Провести диагностику в МБОУ СОШ № 2", "выполнена в срок (20.05.2025)", "№ 1: 50 % → 75 % (+25 п. п.)",
         "положительный"),
        ("Увеличить число конкурсов", "не выполнена (срок 01.12.2025)", "№ 4: 3 ед. → 2 ед. (−1 ед.)", "отрицательный")]
    assert note.effects_sentence == ("Мер, принятых по результатам предыдущего мониторинга: 2; выполнено — 1, "
                                     "с положительным эффектом — 1.")


def test_changed_definition_is_shown_not_compared():  # type: ignore[no-untyped-def]
    import polars as pl
    from dataclasses import replace

    old = previous()
    changed = old.values.with_columns(pl.when(pl.col("indicator") == "iom_share").then(pl.lit("iom_share-def-2"))
                                      .otherwise(pl.col("definition_sha256")).alias("definition_sha256"))
    n = make_note(current(), replace(old, values=changed), profile=profile(), today=TODAY)
    iom = next(r for s in n.sections for r in s.rows if r.indicator == "iom_share")
    assert iom.delta is None and iom.cells["change"] == "опр. изм."
    assert iom.sentence.endswith("По сравнению с 2024\u00a0г. не сравнивается: определение показателя изменилось.")


def test_without_previous_an_earlier_period_of_the_same_monitoring_is_compared():  # type: ignore[no-untyped-def]
    import polars as pl
    from dataclasses import replace

    both = current()
    merged = pl.concat([previous().values, both.values])
    stored = replace(both, values=merged, header=replace(both.header, periods=("2024", "2025")))
    n = make_note(stored, None, profile=profile(), today=TODAY)
    first = n.sections[0].rows[0]
    assert first.cells["previous"] == "50" and first.cells["change"] == "+25"
    assert n.effects == [] and n.previous_label is not None and "2024" in n.previous_label


def test_bad_sentence_template_is_a_located_error(tmp_path):  # type: ignore[no-untyped-def]
    from methodnet.api import load_profile

    text = PROFILE_FILE.read_text(encoding="utf-8") + (
        "spravka:\n  recommendations:\n    service_no_data: 'Собрать данные по {indicatorz:дат}.'\n")
    path = tmp_path / "testville.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpravkaError) as err:
        make_note(current(), previous(), profile=load_profile(path), today=TODAY)
    assert err.value.code == "spravka_template_field"
    assert "spravka.recommendations.service_no_data" in str(err.value) and "{indicatorz" in str(err.value)
    assert isinstance(err.value, MethodnetError)
    path.write_text(PROFILE_FILE.read_text(encoding="utf-8") + (
        "spravka:\n  recommendations:\n    service_no_data: 'Собрать данные по {indicators:дательный}.'\n"),
        encoding="utf-8")
    with pytest.raises(SpravkaError, match="падеж"):
        make_note(current(), previous(), profile=load_profile(path), today=TODAY)


def test_municipal_wording_overrides_single_keys(tmp_path):  # type: ignore[no-untyped-def]
    from methodnet.api import load_profile

    path = tmp_path / "testville.yaml"
    path.write_text(PROFILE_FILE.read_text(encoding="utf-8") + (
        "spravka:\n  addressees: {department: Управлению образования Тестовска}\n"
        "  recommendations:\n    service_no_data: 'Запросить у школ сведения по {indicators:дат}.'\n"), encoding="utf-8")
    n = make_note(current(), previous(), profile=load_profile(path), today=TODAY)
    by = {r.addressee_key: r for r in n.recommendations}
    assert by["department"].addressee == "Управлению образования Тестовска"
    assert "Запросить у школ сведения по 1 показателю." in by["service"].sentences
    assert len(by["organizations"].sentences) == 2  # the rest still comes from base


# ------------------------------------------------------------------------------ DOCX


@pytest.fixture(scope="module")
def written(tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("spravka") / "справка.docx"
    write_spravka(current(), out, previous=previous(), profile=profile(), today=TODAY)
    return out


def _tables(document):  # type: ignore[no-untyped-def]
    return [[[plain(c.text) for c in row.cells] for row in t.rows] for t in document.tables]


def test_docx_headings_tables_recommendations_picture(written):  # type: ignore[no-untyped-def]
    document = docx.Document(str(written))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Общие сведения", "2. Показатели и методика", "3. Результаты по направлениям",
                        "4. Сводка выполнения", "5. Динамика за период программы", "6. Образовательные организации",
                        "7. Выводы", "8. Адресные рекомендации", "9. Меры и управленческие решения",
                        "Приложение 1. Показатели по образовательным организациям",
                        "Приложение 2. Паспорт мониторинга"]
    sub = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert sub[:2] == ["3.1. Диагностика профессиональных дефицитов", "3.2. Индивидуальные образовательные маршруты"]
    assert "Анализ эффективности принятых мер" in sub
    texts = [plain(p.text) for p in document.paragraphs]
    assert texts[0] == "Отдел образования администрации Тестовского округа"
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in texts and "20.01.2026 № ______" in texts
    assert "О результатах мониторинга показателей методической службы за 2025 год" in texts
    tables = _tables(document)
    results = [t for t in tables if t[0][:2] == ["№", "Показатель"] and "Изм." in t[0]]
    assert results[0][1] == ["1", "Доля педагогов, прошедших диагностику дефицитов", "%", "80", "75", "−5",
                             "не выполнен", "50", "+25"]
    assert results[3][1] == ["4", "Количество конкурсов профессионального мастерства", "ед.", "3", "2", "−1",
                             "не выполнен", "3", "−1"]
    ranking = next(t for t in tables if t[0][0] == "Место")
    assert ranking[1:] == [["1", "МБОУ СОШ № 1", "2", "1", "66,7 %", "нет"], ["2", "МБОУ СОШ № 2", "1", "2", "33,3 %", "да"]]
    dynamics = next(t for t in tables if t[0][:2] == ["№", "Показатель"] and "2026" in t[0])
    assert dynamics[0] == ["№", "Показатель", "2024", "2025", "2026"]
    assert dynamics[1][2:] == ["50 % / 50 %", "75 % / 80 %", "— / 90 %"]
    from docx.oxml.ns import qn

    grid = next(t for t in document.tables if plain(t.rows[0].cells[-1].text) == "2026")._tbl.tblGrid
    widths_cm = [int(c.get(qn("w:w"))) / 567 for c in grid.findall(qn("w:gridCol"))]
    assert len(widths_cm) == 5 and min(widths_cm[2:]) > 1.5 and sum(widths_cm) <= 16.6  # a column per year
    for table in document.tables:  # no table row split across pages; header rows repeat on the next page
        rows = table._tbl.findall(qn("w:tr"))
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    passport = next(t for t in tables if t[0] == ["Сведение", "Значение"])
    assert ["Идентификатор мониторинга", "mon-2025"] in passport and ["Версия", "1"] in passport
    assert ["Дата данных", "31.12.2025"] in passport
    for addressee, sentences in EXPECTED_RECOMMENDATIONS:
        start = texts.index(addressee + ":")
        assert texts[start + 1: start + 1 + len(sentences)] == [f"{i}) {s}" for i, s in enumerate(sentences, 1)]
    assert len(document.inline_shapes) >= 5  # one chart per direction with numbers, and the summary
    # ГОСТ layout: A4, margins, Times New Roman 14 in the text
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0
    assert document.styles["Normal"].font.name == "Times New Roman" and document.styles["Normal"].font.size.pt == 14
    assert document.styles["Таблица текст"].font.size.pt == 12


def test_custom_template_named_by_the_profile(tmp_path):  # type: ignore[no-untyped-def]
    from methodnet.api import load_profile
    from methodnet.spravka.docx import DEFAULT_TEMPLATE

    letterhead = docx.Document(str(DEFAULT_TEMPLATE))
    first = letterhead.paragraphs[0]
    first.insert_paragraph_before("БЛАНК ТЕСТОВСКОГО ОКРУГА — {{ place }}")
    letterhead.save(str(tmp_path / "бланк.docx"))
    path = tmp_path / "testville.yaml"
    path.write_text(PROFILE_FILE.read_text(encoding="utf-8") + "spravka:\n  template: бланк.docx\n", encoding="utf-8")
    out = write_spravka(current(), tmp_path / "out.docx", previous=previous(), profile=load_profile(path), today=TODAY)
    assert docx.Document(str(out)).paragraphs[0].text == "БЛАНК ТЕСТОВСКОГО ОКРУГА — Тестовский муниципальный округ"


@pytest.mark.parametrize("text, code, words", [
    ("Итог: {{ title ", "spravka_template_tag", "незакрытый тег"),
    ("{{ title | | }}", "spravka_template_tag", "ошибка в выражении"),
    ("{%p if notes %}", "spravka_template_tag", "не закрыт"),
    ("{%p endfor %}", "spravka_template_tag", "лишний"),
    ("Поле: {{ no_such_field }}", "spravka_template_field", "неизвестное поле"),
])
def test_broken_template_tag_is_located(tmp_path, text, code, words):  # type: ignore[no-untyped-def]
    from methodnet.spravka.docx import DEFAULT_TEMPLATE

    broken = docx.Document(str(DEFAULT_TEMPLATE))
    broken.paragraphs[3].insert_paragraph_before(text)
    path = tmp_path / "broken.docx"
    broken.save(str(path))
    with pytest.raises(SpravkaError) as err:
        write_spravka(current(), tmp_path / "out.docx", previous=previous(), profile=profile(), template=path)
    assert err.value.code == code
    assert words in str(err.value)
    assert str(path) in str(err.value) and "абзац 4" in str(err.value)
    assert not (tmp_path / "out.docx").exists()


def test_unreadable_template_and_bad_suffix(tmp_path):  # type: ignore[no-untyped-def]
    fake = tmp_path / "not.docx"
    fake.write_text("это не docx", encoding="utf-8")
    with pytest.raises(SpravkaError) as err:
        write_spravka(current(), tmp_path / "out.docx", profile=profile(), template=fake)
    assert err.value.code == "spravka_template_unreadable"
    with pytest.raises(SpravkaError) as err:
        write_spravka(current(), tmp_path / "out.odt", profile=profile())
    assert err.value.code == "spravka_format" and ".docx" in str(err.value)


# ------------------------------------------------------------------------------ PDF (LibreOffice)


def _office_or_skip() -> None:
    from methodnet.spravka.pdf import find_soffice

    if find_soffice() is None or shutil.which("pdftotext") is None:
        if os.environ.get("METHODNET_REQUIRE_OFFICE"):
            pytest.fail("METHODNET_REQUIRE_OFFICE is set but LibreOffice (soffice) or pdftotext is missing")
        pytest.skip("LibreOffice or poppler-utils not installed")


def test_pdf_through_libreoffice_has_the_key_numbers(tmp_path):  # type: ignore[no-untyped-def]
    _office_or_skip()
    out = write_spravka(current(), tmp_path / "справка.pdf", previous=previous(), profile=profile(), today=TODAY)
    assert out.read_bytes().startswith(b"%PDF")
    text = plain(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
    assert "О результатах мониторинга показателей методической службы за 2025 год" in " ".join(text.split())
    flat = " ".join(text.split())
    for key in ("75 % при цели 80 %, отклонение −5 п. п.", "Отделу образования администрации Тестовского округа",
                "МБОУ СОШ № 2", "66,7 %", "33,3 %", "mon-2025", "50 % → 75 % (+25 п. п.)",
                "Всего 5 показателей: выполнено — 2; не выполнено — 2;"):
        assert key in flat, key
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "A4" in pages


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("METHODNET_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(SpravkaError) as err:
        write_spravka(current(), tmp_path / "справка.pdf", previous=previous(), profile=profile(), today=TODAY)
    assert err.value.code == "spravka_no_office" and "libreoffice-writer-nogui" in str(err.value)
    assert not (tmp_path / "справка.pdf").exists()


def test_yes_no_indicator_reads_as_words():  # type: ignore[no-untyped-def]
    from methodnet.spravka.content import _cell_change, _sentence

    row = {"name": "Наличие плана работы ММС", "unit": "да/нет", "status": "met", "value": 100.0, "denominator": 1.0,
           "target": 100.0, "gap": 0.0, "comparator": "min", "period": "2025", "note": None}
    before = {**row, "value": 0.0, "status": "not_met"}
    assert _sentence(3, row, before, "2024", True, None) == (
        "Показатель 3 «Наличие плана работы ММС» выполнен (да). По сравнению с 2024\u00a0г. (нет) — улучшение.")
    assert _cell_change(100.0, "да/нет", True) == "нет → да" and _cell_change(0.0, "да/нет", True) == "0"
    assert _cell_change(None, "%", False) == "опр. изм."


def test_profile_from_the_stored_text():  # type: ignore[no-untyped-def]
    from dataclasses import replace

    import yaml

    from methodnet.spravka.api import profile_for

    own = profile()
    data = own.model_dump(mode="json", exclude={"file"})  # as the store keeps it: resolved, self-contained
    got = profile_for(replace(current(), profile_text=yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))
    assert got.id == "testville" and got.act.issuer == "Отдел образования администрации Тестовского округа"
    assert got.spravka == own.spravka
    data.pop("spravka")  # recorded before the note's settings existed: base's settings are used
    older = profile_for(replace(current(), profile_text=yaml.safe_dump(data, allow_unicode=True)))
    assert older.spravka.recommendations == own.spravka.recommendations
    with pytest.raises(SpravkaError) as err:  # nothing stored and «testville» is not installed
        profile_for(replace(current(), profile_text=""))
    assert err.value.code == "spravka_profile" and "testville" in str(err.value)


def test_word_units_agree_and_hidden_indicators_stay_out(tmp_path):  # type: ignore[no-untyped-def]
    from methodnet.api import load_profile

    assert [plain(ru.with_unit(v, "балл")) for v in (1, 3, 5, 21, 2.5)] == [
        "1 балл", "3 балла", "5 баллов", "21 балл", "2,5 балла"]
    text = PROFILE_FILE.read_text(encoding="utf-8").replace(
        "    name: Доля педагогов с ИОМ\n", "    name: Доля педагогов с ИОМ\n    hidden: true\n")
    path = tmp_path / "testville.yaml"
    path.write_text(text, encoding="utf-8")
    n = make_note(current(), previous(), profile=load_profile(path), today=TODAY)
    shown = [r.indicator for s in n.sections for r in s.rows]
    assert "iom_share" not in shown and len(shown) == 4
    assert all("iom_share" not in (o.name or "") for o in n.appendix) and n.summary_sentence.startswith("Всего 4 ")


def test_target_range_is_written_as_a_range():  # type: ignore[no-untyped-def]
    from methodnet.spravka.content import _target_text

    row = {"unit": "%", "target": 60.0, "target_max": 80.0}
    assert plain(_target_text(row, plain=False)) == "60–80 %" and _target_text(row, plain=True) == "60–80"
    assert plain(_target_text({**row, "target": None}, plain=False)) == "до 80 %"
    assert plain(_target_text({"unit": "%", "target": 75.0}, plain=False)) == "75 %"


def test_cli_command_is_registered():  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from methodnet.cli import main

    result = CliRunner().invoke(main, ["spravka", "--help"])
    assert result.exit_code == 0 and "--compare-with" in result.output and "--template" in result.output
    result = CliRunner().invoke(main, ["spravka", "x", "--out", "a.docx", "--date", "31/12/2025"])
    assert result.exit_code == 2 and "ГГГГ-ММ-ДД" in result.output


def test_a_monitoring_without_values_is_a_clear_error():  # type: ignore[no-untyped-def]
    from dataclasses import replace

    empty = current()
    empty = replace(empty, values=empty.values.clear())
    with pytest.raises(SpravkaError) as err:
        make_note(empty, None, profile=profile(), today=TODAY)
    assert err.value.code == "spravka_empty" and "mon-2025" in str(err.value)


def test_open_ended_and_every_year_targets_in_the_dynamics():  # type: ignore[no-untyped-def]
    import polars as pl
    from dataclasses import replace

    from methodnet.history.model import TARGET_COLUMNS

    stored = current()
    targets = pl.DataFrame([{"indicator": "diagnostics_share", "key": "2024", "target": 50.0, "comparator": "min"},
                            {"indicator": "diagnostics_share", "key": "2025+", "target": 80.0, "comparator": "min"},
                            {"indicator": "iom_share", "key": "*", "target": 30.0, "comparator": "min"}],
                           schema=TARGET_COLUMNS)
    n = make_note(replace(stored, targets=targets), previous(), profile=profile(), today=TODAY)
    rows = {d.number: [plain(c) for c in d.cells] for d in n.dynamics}
    assert rows[1] == ["50 % / 50 %", "75 % / 80 %", "— / 80 %"]
    assert rows[2] == ["10 % / 30 %", "30 % / 30 %", "— / 30 %"]


def test_charts_have_value_labels_target_line_and_decimal_comma(note):  # type: ignore[no-untyped-def]
    import struct

    from methodnet.spravka import charts

    first = note.sections[0].chart
    assert [s.facts for s in first.series] == [[50.0, 75.0, None]] and [s.targets for s in first.series] == [
        [50.0, 80.0, 90.0]]
    fig = charts.trajectory_figure(first)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["50", "75"]  # a label on every recorded bar, none for 2026
    (line,) = ax.get_lines()
    assert list(line.get_ydata()) == [50.0, 80.0, 90.0] and line.get_linestyle() == "--"
    assert ax.yaxis.get_major_formatter()(12.5, 0) == "12,5"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024", "2025", "2026"]
    summary = charts.achievement_figure(note.dynamics_chart)
    labels = [t.get_text() for t in summary.axes[0].texts]
    assert plain(labels[0]) == "93,8 %"  # diagnostics: 75 of 80
    png = charts.render_chart(first)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", png[16:20])[0] == round(16.5 / 2.54 * 130)
    assert charts.png_data_uri(png).startswith("data:image/png;base64,iVBOR")


def test_without_a_breakdown_the_sections_renumber(tmp_path):  # type: ignore[no-untyped-def]
    import polars as pl
    from dataclasses import replace

    stored = current()
    totals_only = replace(stored, values=stored.values.filter(pl.col("group_by").is_null()))
    out = write_spravka(totals_only, tmp_path / "n.docx", previous=previous(), profile=profile(), today=TODAY)
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert headings[5:] == ["6. Выводы", "7. Адресные рекомендации", "8. Меры и управленческие решения",
                            "Приложение 1. Паспорт мониторинга"]
