"""The words of the intake form: what each sheet is for and how to fill a column, in Russian.

Kept apart from the workbook code so a methodist's wording can be improved without
touching layout. Plugin tables without an entry here are described by their Russian
name alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from methodnet.model.spec import ColumnSpec

#: table → what a methodist puts on its sheet.
SHEETS: dict[str, str] = {
    "dataset_info": "одна строка: на какую дату собраны данные (обязательно) и подпись набора",
    "municipality": "муниципальные районы, округа, города — владельцы методической службы",
    "organization": "образовательные организации (школы, детские сады, ДОД…) и органы управления образованием",
    "staff": "педагогические и руководящие работники; персональные данные — в отчёты попадают только итоги",
    "role": "роли работников на срок: региональный методист, тьютор, эксперт, член жюри…",
    "competency": "компетенции, по которым проводится диагностика; балл ниже порога — дефицит",
    "diagnostic": "проведённые диагностики профессиональных компетенций: кто и когда",
    "diagnostic_result": "баллы каждой диагностики по компетенциям",
    "program": "программы ДПО из каталога: повышение квалификации и переподготовка",
    "training": "прохождение курсов: кто, какую программу, когда, чем закончилось",
    "iom": "индивидуальные образовательные маршруты (ИОМ) работников",
    "iom_step": "шаги ИОМ и дефициты (компетенции), которые они закрывают",
    "mentorship": "наставнические пары «наставник — наставляемый»",
    "association": "методические объединения: ШМО, ГМО, РМО",
    "association_member": "кто в каком методическом объединении",
    "event": "мероприятия: конкурсы, конференции, семинары, открытые уроки…",
    "participation": "участие работников и организаций в мероприятиях: роль и результат",
    "document": "локальные акты и планы: положения, планы-графики, программы, справки мониторинга",
    "attestation": "аттестация: присвоенные квалификационные категории и даты",
    "survey_response": "ответы анкетирования удовлетворённости (балл по шкале)",
    "statistic": "показатели из внешней отчётности (например, охват детей 5–18 лет ДОД, %)",
    "roadmap_status": "отметки о выполнении мероприятий дорожной карты акта",
    "profile_class": "профильные классы (группы) школ по учебным годам",
    "methodist_assignment": "закрепление педагогов за региональными методистами",
    "adaptation_survey": "мониторинг адаптации молодых педагогов",
}

KIND_WORDS = {"str": "текст", "int": "целое число", "float": "число (дробная часть — через запятую)",
              "bool": "да или нет (из списка)", "date": "дата ДД.ММ.ГГГГ", "list": "несколько значений через «;»"}


def column_note(col: ColumnSpec, reference_sheet: str | None, by_name: bool) -> str:
    """The comment on a header cell: required or not, what to write, where a reference points."""
    parts = ["обязательный столбец" if col.required else "можно не заполнять"]
    if col.vocabulary is not None:
        parts.append("значение из выпадающего списка")
    elif reference_sheet and by_name:
        parts.append(f"выберите из списка наименование с листа «{reference_sheet}» (или впишите его идентификатор)")
    elif reference_sheet:
        parts.append(f"идентификатор записи с листа «{reference_sheet}»")
    else:
        parts.append(KIND_WORDS[col.kind])
    if col.ge is not None:
        parts.append(f"не меньше {col.ge:g}".replace(".", ","))
    if col.le is not None:
        parts.append(f"не больше {col.le:g}".replace(".", ","))
    return f"{col.ru}: " + "; ".join(parts)


def instructions(profile_name: str, sheets: list[tuple[str, str]], rows: int,
                 added: Sequence[str] = ()) -> list[str]:
    """The lines of the «Инструкция» sheet, for a methodist who has not seen methodnet.

    ``added``: one line per column whose list has values the profile adds («ЦНППМ»), so a
    methodist knows they exist (and that the form is for this profile's data).
    """
    from methodnet.russian import number

    return [
        f"Форма сбора данных для профиля «{profile_name}»",
        "",
        "Как заполнять",
        "1. Каждый лист — одна таблица, одна строка — одна запись. Первую строку (заголовки) не меняйте.",
        "2. Столбец «Идентификатор» — короткий код записи, свой у каждой (например, S001, ОО-12). "
        "По нему другие листы ссылаются на запись.",
        "3. Там, где есть выпадающий список, выберите значение из него. В ссылках на другие листы "
        "(организация, работник, программа…) список показывает наименования с идентификатором в скобках, "
        "например «МБОУ СОШ № 1 (O0001)» — так однофамильцы и одноимённые школы не спутаются. "
        "Сначала заполните лист, на который ссылаетесь.",
        "4. Даты вводите как ДД.ММ.ГГГГ (например, 01.09.2025); числа — с запятой (12,5).",
        "5. Несколько значений в одной ячейке (предметы, компетенции) разделяйте точкой с запятой «;».",
        "6. Обязательные столбцы выделены жирным; у каждого заголовка есть примечание — наведите на него мышь.",
        "7. Листы, которые вам не нужны, оставьте пустыми — это не ошибка.",
        f"8. На каждом листе подготовлено {number(rows)} строк со списками и форматами; "
        "больше строк можно добавить, скопировав последнюю.",
        "",
        "Проверка",
        "Заполненную книгу проверяет методист, который ведёт мониторинг (программа methodnet): "
        "ошибки называются с листом, строкой и столбцом, а по желанию возвращается копия книги, "
        "в которой неверные ячейки выделены красным и снабжены примечанием, как исправить.",
        "",
        "Листы книги",
        *[f"• {title} — {text}" for title, text in sheets],
        *(["", "Значения, добавленные профилем к спискам", *added] if added else []),
    ]
