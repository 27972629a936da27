"""User-facing message templates, Russian and English, kept in one place.

Every problem methodnet reports has a stable ``code``; the text shown to people is
rendered from the template for that code in the current language. Tests assert on
codes and locations, never on these strings, so wording can improve freely.

The language comes from ``METHODNET_LANG`` (``ru`` by default, ``en`` available) or
from :func:`set_language`.
"""

from __future__ import annotations

import os

#: code -> (Russian template, English template). Placeholders are ``str.format`` fields.
TEMPLATES: dict[str, tuple[str, str]] = {
    # files
    "empty_file": (
        "файл пуст (0 байт или только пробелы)",
        "the file is empty (0 bytes or only whitespace)",
    ),
    "corrupt_file": (
        "файл повреждён или обрезан: {detail}",
        "the file is damaged or truncated: {detail}",
    ),
    "unreadable_file": ("файл не читается: {detail}", "the file cannot be read: {detail}"),
    "ragged_row": (
        "в строке другое число полей, чем в заголовке: {detail}",
        "a row has a different number of fields than the header: {detail}",
    ),
    "unknown_table": ("неизвестная таблица «{value}»", "unknown table '{value}'"),
    "duplicate_table": (
        "таблица «{table}» задана дважды: {value}",
        "table '{table}' is given twice: {value}",
    ),
    "no_rows": ("в таблице нет строк данных", "the table has no data rows"),
    # headers
    "unknown_column": ("неизвестный столбец «{value}»", "unknown column '{value}'"),
    "missing_column": (
        "нет обязательного столбца «{column}»",
        "required column '{column}' is missing",
    ),
    "duplicate_column": (
        "столбец «{column}» встречается дважды",
        "column '{column}' appears twice",
    ),
    "empty_header": (
        "пустой заголовок столбца, а в столбце есть данные",
        "a column has data but no header",
    ),
    "merged_header": (
        "объединённые ячейки в строке заголовка: {value}",
        "merged cells in the header row: {value}",
    ),
    # values
    "missing_value": ("пустое значение в обязательном поле", "empty value in a required field"),
    "invalid_type": (
        "значение «{value}» не является {expected}",
        "value '{value}' is not {expected}",
    ),
    "invalid_date": ("«{value}» не является датой", "'{value}' is not a date"),
    "not_in_vocabulary": (
        "значение «{value}» не входит в допустимые",
        "value '{value}' is not an allowed value",
    ),
    "below_minimum": (
        "значение {value} меньше допустимого минимума {limit}",
        "value {value} is below the minimum {limit}",
    ),
    "above_maximum": (
        "значение {value} больше допустимого максимума {limit}",
        "value {value} is above the maximum {limit}",
    ),
    "date_far_future": (
        "дата {value} слишком далеко в будущем (позже {limit})",
        "date {value} is too far in the future (after {limit})",
    ),
    "date_in_future": (
        "дата {value} ещё не наступила (позже {limit})",
        "date {value} has not happened yet (after {limit})",
    ),
    "date_too_old": (
        "дата {value} слишком ранняя (раньше {limit})",
        "date {value} is too early (before {limit})",
    ),
    "date_order": (
        "«{column}» ({value}) раньше, чем «{other}» ({other_value})",
        "'{column}' ({value}) is before '{other}' ({other_value})",
    ),
    "dataset_info_rows": (
        "в «Сведениях о данных» должна быть одна строка, а их {value}",
        "'dataset_info' must have one row, it has {value}",
    ),
    "completed_without_date": (
        "статус «завершён», но «{column}» не заполнена: считаю завершённым на дату данных {as_of}",
        "status 'completed' but '{column}' is empty: read as completed on the data date {as_of}",
    ),
    "status_stale": (
        "статус «{value}», но окончание ({end}) раньше даты данных {as_of}",
        "status '{value}' but the end ({end}) is before the data date {as_of}",
    ),
    "status_date_before_start": (
        "«{column}» ({value}) раньше начала ({start})",
        "'{column}' ({value}) is before the start ({start})",
    ),
    "status_date_without_status": (
        "заполнена «{column}» ({value}), но статус «{status}»",
        "'{column}' ({value}) is filled but the status is '{status}'",
    ),
    "terminal_without_date": (
        "статус «{value}» без даты «{column}»: считаю его наступившим на дату данных {as_of}",
        "status '{value}' without '{column}': read as of the data date {as_of}",
    ),
    "duplicate_id": (
        "идентификатор «{value}» повторяется (впервые в строке {first_row})",
        "id '{value}' is repeated (first seen on row {first_row})",
    ),
    "dangling_reference": (
        "ссылка «{value}» не найдена в таблице «{target}»",
        "reference '{value}' is not found in table '{target}'",
    ),
    "invalid_record": ("запись не прошла проверку: {detail}", "the record is invalid: {detail}"),
    # profiles
    "yaml_syntax": ("ошибка синтаксиса YAML: {detail}", "YAML syntax error: {detail}"),
    "profile_schema": ("не соответствует схеме профиля: {detail}", "does not match the profile schema: {detail}"),
    "profile_not_found": ("профиль «{detail}» не найден", "profile '{detail}' not found"),
    "extends_cycle": ("цикл в extends: {detail}", "extends cycle: {detail}"),
    "duplicate_indicator": ("показатель «{detail}» определён дважды", "indicator '{detail}' is defined twice"),
    "missing_indicator": ("нет показателя: {detail}", "no such indicator: {detail}"),
    "bad_target": ("непонятный ключ цели «{detail}»", "unclear target key '{detail}'"),
    "target_out_of_program": ("{detail}", "{detail}"),
    "roadmap_repeats_unknown": ("дорожная карта: {detail}", "roadmap: {detail}"),
    "roadmap_stage_unknown": ("дорожная карта: {detail}", "roadmap: {detail}"),
    "roadmap_recurrence": ("дорожная карта: {detail}", "roadmap: {detail}"),
    "unknown_tag": ("метка «{detail}» не описана в словаре профиля (vocabularies.tags)",
                    "tag '{detail}' is not in the profile's vocabulary (vocabularies.tags)"),
    "unknown_document_kind": ("вид документа «{detail}» не описан в словаре профиля",
                              "document kind '{detail}' is not in the profile's vocabulary"),
    "expression_syntax": ("{detail}", "{detail}"),
    "formula_syntax": ("{detail}", "{detail}"),
    "formula_construct": ("{detail}", "{detail}"),
    "formula_number": ("{detail}", "{detail}"),
    "formula_too_long": ("{detail}", "{detail}"),
    "formula_too_large": ("{detail}", "{detail}"),
    "formula_cycle": ("{detail}", "{detail}"),
    "bad_bands": ("{detail}", "{detail}"),
    "unknown_vocabulary": ("неизвестный словарь «{detail}»", "unknown vocabulary '{detail}'"),
    "vocabulary_bad_code": ("недопустимый код значения словаря — {detail}", "a bad vocabulary code: {detail}"),
    "vocabulary_member_exists": ("значение уже есть в словаре — {detail}", "the vocabulary already has it: {detail}"),
    "expression_forbidden": ("{detail}", "{detail}"),
    "expression_unknown_name": ("{detail}", "{detail}"),
    "expression_type": ("{detail}", "{detail}"),
    "expression_vocabulary": ("{detail}", "{detail}"),
    "expression_expression": ("{detail}", "{detail}"),
    "missing_plugin": ("{detail}", "{detail}"),
    "plugin_params": ("неверные параметры: {detail}", "wrong parameters: {detail}"),
    # hostile or broken input
    "limit_file_size": ("файл слишком большой: {size} байт при пределе {limit}",
                        "the file is too large: {size} bytes, the limit is {limit}"),
    "limit_yaml_aliases": ("слишком много ссылок (алиасов *) в YAML: больше {limit}",
                           "too many aliases (*) in YAML: more than {limit}"),
    "limit_yaml_nodes": ("YAML после раскрытия алиасов слишком велик: больше {limit} узлов",
                         "YAML expands to too many nodes: more than {limit}"),
    "limit_yaml_depth": ("слишком глубокая вложенность YAML: больше {limit} уровней",
                         "YAML is nested too deeply: more than {limit} levels"),
    "limit_json_depth": ("слишком глубокая вложенность JSON: больше {limit} уровней",
                         "JSON is nested too deeply: more than {limit} levels"),
    "limit_xlsx_size": ("книга XLSX распаковывается в слишком большой объём: {detail}",
                        "the XLSX workbook decompresses to too much data: {detail}"),
    "limit_xlsx_cells": ("лист объявляет слишком много ячеек: {detail}",
                         "the sheet declares too many cells: {detail}"),
    "xlsx_entities": ("книга XLSX содержит объявления DTD/сущностей (Excel их не пишет)",
                      "the XLSX workbook contains DTD/entity declarations (Excel never writes them)"),
    "binary_file": ("файл не текстовый: {detail}", "the file is not text: {detail}"),
    "bad_encoding": ("файл не читается ни как UTF-8, ни как Windows-1251",
                     "the file is neither UTF-8 nor Windows-1251"),
    "mixed_encoding": ("файл в UTF-8, но в строке есть байты не UTF-8",
                       "the file is UTF-8 but a line has bytes that are not UTF-8"),
    "unclosed_quote": ("незакрытая кавычка: поле начинается в этой строке и не заканчивается",
                       "an unclosed quote: a field starts on this line and never ends"),
    "no_header_row": ("нет строки заголовков: ни одно значение первой строки не название столбца",
                      "no header row: no value of the first row names a column"),
    "unsupported_format": ("формат «{value}» не читается", "format '{value}' is not read"),
    "not_a_file": ("«{value}» — папка, а не файл таблицы", "'{value}' is a folder, not a table file"),
    "not_finite": ("значение не является конечным числом (NaN или бесконечность)",
                   "the value is not a finite number (NaN or infinity)"),
    "excel_error": ("в ячейке ошибка Excel «{value}»", "the cell holds an Excel error '{value}'"),
    "nul_character": ("в значении есть нулевой символ (NUL)", "the value contains a NUL character"),
    "formula_without_value": ("формула без сохранённого значения (ячейка {value})",
                              "a formula without a cached value (cell {value})"),
    "merged_cells": ("объединённые ячейки в данных: {value}", "merged cells in the data: {value}"),
    "nested_value": ("в ячейке вложенная структура (словарь или список)",
                     "the cell holds a nested structure (a mapping or a list)"),
    "unsupported_dtype": ("столбец типа {detail} не читается", "a column of type {detail} cannot be read"),
    "not_a_record": ("запись не является словарём «поле: значение»",
                     "the record is not a mapping 'field: value'"),
    "number_too_large": ("число вне допустимого диапазона", "the number is out of range"),
    "self_reference": ("«{column}» совпадает с «{other}»", "'{column}' equals '{other}'"),
    "score_above_max": ("балл {value} больше максимального балла компетенции {limit}",
                        "score {value} is above the competency's maximum score {limit}"),
    "profile_forbidden_path": ("{detail}", "{detail}"),
    "profile_encoding": ("файл профиля не в кодировке UTF-8", "the profile file is not UTF-8"),
    "profile_empty": ("{detail}", "{detail}"),
    "profile_range": ("{detail}", "{detail}"),
    "expression_limit": ("{detail}", "{detail}"),
    "bad_period": ("{detail}", "{detail}"),
    "bad_grouping": ("{detail}", "{detail}"),
    "bad_output": ("{detail}", "{detail}"),
    "bad_option": ("{detail}", "{detail}"),
    "internal_error": ("внутренняя ошибка methodnet: {detail}", "methodnet internal error: {detail}"),
    "missing_dependency": (
        "нужен необязательный пакет «{value}»",
        "the optional package '{value}' is needed",
    ),
}

#: Labels used around messages (location words, report headings).
LABELS: dict[str, tuple[str, str]] = {
    "file": ("файл", "file"),
    "sheet": ("лист", "sheet"),
    "row": ("строка", "row"),
    "column": ("столбец", "column"),
    "hint": ("подсказка", "hint"),
    "error": ("ошибка", "error"),
    "warning": ("предупреждение", "warning"),
    # {n}, {errors}, {warnings}: counted nouns from :func:`counted` («1 ошибка», «5 ошибок»)
    "more": ("не показано ещё: {n}", "{n} more not shown"),
    "load_failed": (
        "данные не загружены: {errors}, {warnings}",
        "data not loaded: {errors}, {warnings}",
    ),
    "integer": ("целым числом", "an integer"),
    "number": ("числом", "a number"),
    "boolean": ("логическим значением (да/нет)", "a boolean (yes/no)"),
    "text": ("текстом", "text"),
    "date": ("датой", "a date"),
}

_LANGUAGES = ("ru", "en")
_language = os.environ.get("METHODNET_LANG", "ru").lower()[:2]
if _language not in _LANGUAGES:
    _language = "ru"


def set_language(language: str) -> None:
    """Switch the language of messages (``"ru"`` or ``"en"``)."""
    global _language
    if language not in _LANGUAGES:
        raise ValueError(f"language must be one of {_LANGUAGES}, not {language!r}")
    _language = language


def get_language() -> str:
    return _language


def _pick(pair: tuple[str, str]) -> str:
    return pair[_LANGUAGES.index(_language)]


def render(code: str, **params: object) -> str:
    """The message for ``code`` in the current language, with ``params`` filled in."""
    template = _pick(TEMPLATES[code]) if code in TEMPLATES else code
    try:
        return template.format(**params)
    except (KeyError, IndexError):  # a template asks for a field the caller did not give
        return template


def label(key: str, **params: object) -> str:
    return _pick(LABELS[key]).format(**params)


def counted(n: int, noun: str) -> str:
    """``n`` with its noun in the current language: «1 ошибка», «4 ошибки» / "4 errors"."""
    from methodnet.russian import count

    return count(n, noun, english=_language == "en")
