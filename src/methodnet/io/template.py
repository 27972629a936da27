"""The intake workbook a methodist fills in: ``methodnet template --profile ID --out form.xlsx``.

One sheet per table the profile needs (found from its expressions, indicator kinds and
rules, plus the tables those reference), Russian headers, drop-down lists for
vocabularies and yes/no, drop-downs of ids for references, date-formatted cells, and an
instructions sheet. The filled workbook is read by the normal XLSX loader, so anything
filled wrongly gets the same located errors as any other input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from methodnet.errors import require
from methodnet.model.spec import TableRegistry, TableSpec
from methodnet.profile.requirements import tables_needed

ROWS = 500  # rows prepared with validations and formats
def sheet_title(spec: TableSpec) -> str:
    """The Russian name when it fits Excel's 31 characters, else the English one (both load)."""
    return spec.ru if len(spec.ru) <= 31 else spec.name


def write_template(profile: Any, registry: TableRegistry, path: Path) -> list[str]:
    openpyxl = require("openpyxl", "excel")
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    tables = tables_needed(profile, registry)
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Инструкция"
    lines = [
        f"Форма сбора данных для профиля «{profile.name}»",
        "",
        "Как заполнять:",
        "• каждый лист — одна таблица; одна строка — одна запись; первая строка — заголовки, их не меняйте;",
        "• столбцы «Идентификатор» — коды записей (любые, но уникальные: например, S001); на них ссылаются другие листы;",
        "• даты — в ячейках-датах (ДД.ММ.ГГГГ); да/нет и значения справочников — из выпадающих списков;",
        "• несколько значений в одной ячейке (предметы, компетенции) — через «;»;",
        "• обязательные столбцы выделены жирным; пустые листы можно оставить пустыми;",
        "• проверка: methodnet summary form.xlsx — ошибки будут указаны с листом, строкой и столбцом.",
        "",
        "Листы:",
    ]
    lines += [f"• {sheet_title(registry[t])} — {(registry[t].model.__doc__ or '').strip().splitlines()[0]}" for t in tables]
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 120

    bold, header_fill = Font(bold=True), PatternFill("solid", fgColor="EEF3F8")
    for name in tables:
        spec = registry[name]
        sheet = wb.create_sheet(sheet_title(spec))
        sheet.append([c.ru for c in spec.columns])
        for i, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(i)
            cell = sheet.cell(row=1, column=i)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col.required:
                cell.font = bold
            note = f"{col.name}: " + ("обязательный; " if col.required else "") + {
                "str": "текст", "int": "целое число", "float": "число", "bool": "да/нет", "date": "дата",
                "list": "список через «;»"}[col.kind]
            if col.ref:
                note += f"; идентификатор из листа «{sheet_title(registry[col.ref])}»"
            cell.comment = Comment(note, "methodnet")
            sheet.column_dimensions[letter].width = max(14, min(40, len(col.ru) + 4))
            cells = f"{letter}2:{letter}{ROWS + 1}"
            options: list[str] | None = None
            if col.vocabulary is not None:
                options = [getattr(m, "ru", m.value) for m in col.vocabulary]
            elif col.kind == "bool":
                options = ["да", "нет"]
            if options:
                validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                            showErrorMessage=True, errorTitle="Значение не из списка",
                                            error="Выберите значение из списка")
                sheet.add_data_validation(validation)
                validation.add(cells)
            elif col.ref and col.ref in tables:
                target = sheet_title(registry[col.ref])
                validation = DataValidation(type="list", formula1=f"='{target}'!$A$2:$A${ROWS + 1}", allow_blank=True,
                                            showErrorMessage=False)
                sheet.add_data_validation(validation)
                validation.add(cells)
            elif col.kind == "date":
                validation = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                            showErrorMessage=True, error="Введите дату (ДД.ММ.ГГГГ)")
                sheet.add_data_validation(validation)
                validation.add(cells)
                for row in range(2, ROWS + 2):
                    sheet.cell(row=row, column=i).number_format = "DD.MM.YYYY"
        sheet.freeze_panes = "A2"
    from methodnet.io.formulas import protect_workbook

    protect_workbook(wb)  # labels from the profile stay text
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return tables
