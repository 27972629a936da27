"""The intake workbook a methodist fills in: ``methodnet template --profile ID --out form.xlsx``.

One sheet per table the profile needs (found from its expressions, indicator kinds and
rules, plus the tables those reference), Russian headers, drop-down lists for
vocabularies and yes/no, drop-downs of names for references, date-formatted columns and
a Russian instructions sheet. The filled workbook is read by the normal XLSX loader, so
anything filled wrongly gets the same located errors as any other input. A layer above
``profile`` and ``io``: it reads what a profile needs and writes what the loader reads.

Why the lists live on a hidden sheet: Excel limits a list written inside a validation to
255 characters (the organization kinds alone take 268), so every list is a column of
the hidden sheet «Списки» with a named range, and validations refer to the name.
References show the target's names (``name``, ``title``, ``full_name``) because a
methodist knows «МБОУ СОШ № 1», not ``O0012``; the loader maps a chosen name back to the
id (:func:`methodnet.io.integrity.display_column`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from methodnet.errors import require
from methodnet.model.spec import TableRegistry, TableSpec
from methodnet.plugins.registry import PluginRegistry
from methodnet.profile.requirements import tables_needed

if TYPE_CHECKING:
    from methodnet.profile.model import Profile
    from openpyxl import Workbook

ROWS = 10_000  # rows prepared with validations and formats (Серышево alone has 1 040 diagnostic results)
LISTS_SHEET = "Списки"


def sheet_title(spec: TableSpec) -> str:
    """The Russian name, cut at a word with «…» to fit Excel's 31 characters (the loader reads it back)."""
    if len(spec.ru) <= 31:
        return spec.ru
    cut = spec.ru[:30].rsplit(" ", 1)[0]
    return cut + "…"


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Lists:
    """Columns of the hidden sheet «Списки», each behind a named range validations use."""

    def __init__(self, workbook: Workbook) -> None:
        from openpyxl.workbook.defined_name import DefinedName

        self._defined = DefinedName
        self.workbook = workbook
        self.sheet = workbook.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.names: dict[tuple[str, ...], str] = {}

    def name_for(self, key: str, heading: str, options: list[str]) -> str:
        """The named range holding ``options`` (one per distinct list: equal lists share it)."""
        from openpyxl.utils import get_column_letter

        if tuple(options) in self.names:
            return self.names[tuple(options)]
        column = len(self.names) + 1
        letter = get_column_letter(column)
        self.sheet.cell(row=1, column=column, value=heading)
        for row, option in enumerate(options, start=2):
            self.sheet.cell(row=row, column=column, value=option)
        name = f"list_{key}"
        self.define(name, f"{_quoted(LISTS_SHEET)}!${letter}$2:${letter}${len(options) + 1}")
        self.names[tuple(options)] = name
        return name

    def labels(self, table: str, title: str, key_letter: str, name_letter: str, rows: int) -> str:
        """A column of «name (id)» computed from a sheet, behind a named range: what references offer.

        The id in brackets keeps namesakes apart (two «Иванова Анна Петровна»; a «МБОУ СОШ № 1»
        in every district); the loader reads the id back. Empty rows give empty text.
        """
        from openpyxl.utils import get_column_letter

        column = len(self.names) + 1
        letter = get_column_letter(column)
        self.names[("__ref__", table)] = f"ref_{table}"
        self.sheet.cell(row=1, column=column, value=title)
        src = _quoted(title)
        for row in range(2, rows + 2):
            key, name = f"{src}!${key_letter}{row}", f"{src}!${name_letter}{row}"
            self.sheet.cell(row=row, column=column,
                            value=f'=IF({key}="","",IF({name}="",{key},{name}&" ("&{key}&")"))')
        self.define(f"ref_{table}", f"{_quoted(LISTS_SHEET)}!${letter}$2:${letter}${rows + 1}")
        return f"ref_{table}"

    def define(self, name: str, ref: str) -> None:
        self.workbook.defined_names[name] = self._defined(name, attr_text=ref)


def write_template(profile: Profile, plugins: PluginRegistry, path: Path, *, rows: int = ROWS,
                   registry: TableRegistry | None = None) -> list[str]:
    """Write the form for ``profile`` to ``path``; returns the tables it has a sheet for.

    ``plugins``: the registry whose kinds and rules the profile uses (they declare the
    tables they read); ``registry`` its tables by default.
    """
    registry = registry if registry is not None else plugins.table_registry()
    openpyxl = require("openpyxl", "excel")
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from methodnet.io.guide import SHEETS, column_note, instructions
    from methodnet.io.integrity import display_column

    if getattr(profile, "extensions", None):  # drop-downs list the kinds the profile adds («ЦНППМ»)
        registry = registry.extended(profile.extensions)
    tables = tables_needed(profile, plugins, registry)
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Инструкция"
    sheets = [(sheet_title(registry[t]), SHEETS.get(t, registry[t].ru.lower())) for t in tables]
    added = [f"• лист «{sheet_title(registry[t])}», столбец «{col.ru}»: " + ", ".join(m.ru for m in col.extra)
             for t in tables for col in registry[t].columns if col.extra]
    for line in instructions(profile.name, sheets, rows, added):
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    for cell in guide["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if cell.value in ("Как заполнять", "Проверка", "Листы книги"):
            cell.font = Font(bold=True, size=12)
    guide.column_dimensions["A"].width = 110
    lists = _Lists(wb)
    # Reference targets: «name (id)» where the table has names, else the ids themselves.
    referenced = {col.ref for t in tables for col in registry[t].references if col.ref in tables}
    targets: dict[str, str] = {}
    for name in (t for t in tables if t in referenced):
        spec = registry[name]
        key_letter = get_column_letter(spec.column_names.index(spec.key[0]) + 1)
        column = display_column(spec)
        if column:
            name_letter = get_column_letter(spec.column_names.index(column) + 1)
            targets[name] = lists.labels(name, sheet_title(spec), key_letter, name_letter, rows)
        else:
            targets[name] = f"ref_{name}"
            lists.define(targets[name], f"{_quoted(sheet_title(spec))}!${key_letter}$2:${key_letter}${rows + 1}")

    bold, header_fill = Font(bold=True), PatternFill("solid", fgColor="EEF3F8")
    for name in tables:
        spec = registry[name]
        sheet = wb.create_sheet(sheet_title(spec), index=len(wb.sheetnames) - 1)
        sheet.append([c.ru for c in spec.columns])
        for i, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(i)
            cell = sheet.cell(row=1, column=i)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col.required:
                cell.font = bold
            target = col.ref if col.ref in tables else None
            by_name = bool(target and display_column(registry[target]))
            cell.comment = Comment(column_note(col, sheet_title(registry[target]) if target else None, by_name),
                                   "methodnet", width=300, height=120)
            sheet.column_dimensions[letter].width = max(14, min(40, len(col.ru) + 4))
            cells = f"{letter}2:{letter}{rows + 1}"
            source = None
            if col.vocabulary is not None:  # the members the profile added (registry.extended) are listed too
                source = lists.name_for(f"{name}_{col.name}", col.ru, [m.ru for m in col.members])
                error = "Выберите значение из списка"
            elif col.kind == "bool":
                source, error = lists.name_for("yes_no", "да/нет", ["да", "нет"]), "Выберите «да» или «нет»"
            elif target:
                source = targets[target]
                error = f"Выберите запись с листа «{sheet_title(registry[target])}»"
            if source:
                # References may also be typed as ids, so a value outside the list is only a warning there.
                validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                                            errorStyle="warning" if target else "stop",
                                            errorTitle="Значение не из списка", error=error)
                sheet.add_data_validation(validation)
                validation.add(cells)
            elif col.kind == "date":
                validation = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                            showErrorMessage=True, errorTitle="Не дата",
                                            error="Введите дату в виде ДД.ММ.ГГГГ")
                sheet.add_data_validation(validation)
                validation.add(cells)
                sheet.column_dimensions[letter].number_format = "DD.MM.YYYY"
            elif col.kind in ("int", "float") and (col.ge is not None or col.le is not None):
                low = col.ge if col.ge is not None else -1e15
                high = col.le if col.le is not None else 1e15
                validation = DataValidation(type="whole" if col.kind == "int" else "decimal", operator="between",
                                            formula1=f"{low:g}", formula2=f"{high:g}", allow_blank=True,
                                            showErrorMessage=True, errorTitle="Число вне границ",
                                            error=column_note(col, None, False))
                sheet.add_data_validation(validation)
                validation.add(cells)
        sheet.freeze_panes = "A2"
    from methodnet.io.formulas import protect_workbook

    protect_workbook(wb)  # labels from the profile stay text
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return tables
