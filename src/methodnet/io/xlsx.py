"""XLSX workbooks: one sheet per table, headers in Russian or English.

Needs the ``excel`` extra (openpyxl). Cells are turned into text exactly (dates as ISO,
whole numbers without ``.0``) and parsed by the same pipeline as CSV, so a workbook and
a folder of CSV files with the same content give the same Dataset.

Workbooks are untrusted: :mod:`methodnet.io.xlsxcheck` looks at sizes, DTDs, merged
cells and formulas without cached values first, and sheets are read sparsely (only the
cells present), so a declared dimension of a billion cells costs nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from methodnet.errors import Problem, Report, require
from methodnet.io.validate import RawTable, Source
from methodnet.model.vocab import closest
from methodnet.io.xlsxcheck import SheetFacts, inspect_workbook, split_ref
from methodnet.limits import DEFAULT_LIMITS, Limits
from methodnet.model.spec import TableRegistry, TableSpec
from methodnet.model.vocab import normalize_label

#: Sheets that hold explanations, not data (the intake template has one).
SERVICE_SHEETS = {"инструкция", "instructions", "readme", "справочники", "списки", "lists", "vocabularies"}

def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def open_workbook(path: Path, report: Report, read_only: bool = True) -> Any:
    """The workbook (streaming by default: sheets are read sparsely by :func:`read_workbook`)."""
    openpyxl = require("openpyxl", "excel")
    if path.stat().st_size == 0:
        report.add(Problem("empty_file", file=str(path), hint="сохраните книгу заново из Excel"))
        return None
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # noqa: BLE001 — a third-party parser on untrusted bytes: any failure is "corrupt"
        report.add(Problem("corrupt_file", file=str(path), params={"detail": type(exc).__name__},
                           hint="файл обрезан или не является книгой XLSX; сохраните его заново"))
        return None


def read_workbook(path: Path, registry: TableRegistry, report: Report,
                  limits: Limits = DEFAULT_LIMITS) -> list[RawTable]:
    facts, problems = inspect_workbook(path, limits)
    if problems:
        report.extend(problems)
        return []
    workbook = open_workbook(path, report)
    if workbook is None:
        return []
    tables = []
    try:
        for sheet in workbook.worksheets:
            title = sheet.title
            if normalize_label(title) in SERVICE_SHEETS or title.startswith("_"):
                continue
            name = registry.resolve(title) or _shortened(title, registry)
            if name is None:
                guess = closest(title, registry.spellings())
                report.add(Problem("unknown_table", file=str(path), sheet=title, value=title,
                                   hint=f"возможно, «{registry.resolve(guess)}»" if guess else
                                   "переименуйте лист по имени таблицы или начните имя с «_»"))
                continue
            try:
                raw = _read_sheet(sheet, registry[name], Source(str(path), title), facts.get(title))
            except Exception as exc:  # noqa: BLE001 — malformed sheet XML from an untrusted file
                report.add(Problem("corrupt_file", file=str(path), sheet=title, params={"detail": type(exc).__name__},
                                   hint="лист повреждён; сохраните книгу заново из Excel"))
                continue
            tables.append(raw)
    finally:
        workbook.close()
    return tables


def _shortened(title: str, registry: TableRegistry) -> str | None:
    """A sheet named by the start of a table's Russian name and «…» (Excel allows 31 characters)."""
    if not title.endswith("…"):
        return None
    start = normalize_label(title[:-1])
    found = [spec.name for spec in registry if normalize_label(spec.ru).startswith(start)]
    return found[0] if len(found) == 1 else None


def _sparse_rows(sheet: Any) -> Iterator[tuple[int, dict[int, Any]]]:
    """(row number, {column: value}) for rows with a value, never padding to the declared dimension.

    openpyxl's ``iter_rows`` pads every row to the sheet's declared width and fills the
    gaps between rows, so one formatted cell at XFD1048576 costs 17 billion cells; the
    sheet's parser yields only the cells that are present.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    parent = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=parent.epoch,
                                 date_formats=parent._date_formats, timedelta_formats=parent._timedelta_formats)
        for number, cells in parser.parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
            if values:
                yield number, values


def _read_sheet(sheet: Any, spec: TableSpec, source: Source, facts: SheetFacts | None) -> RawTable:
    rows = _sparse_rows(sheet)
    header_row = 0
    header_values: dict[int, Any] | None = None
    for header_row, values in rows:
        if any(str(v).strip() for v in values.values()):
            header_values = values
            break
    if header_values is None:
        return RawTable(spec, [], pl.DataFrame(), pl.Series([], dtype=pl.Int64), source)
    body: list[tuple[int, dict[int, str | None]]] = []
    width = max(header_values)
    for number, values in rows:
        texts = {c: _cell_text(v) for c, v in values.items()}
        if all(t is None or not t.strip() for t in texts.values()):
            continue  # formatted but empty rows at the end of a sheet
        width = max(width, max(texts))
        body.append((number, texts))
    data = [[texts.get(c) for _, texts in body] for c in range(1, width + 1)]
    frame = pl.DataFrame({f"c{i}": pl.Series(col, dtype=pl.String) for i, col in enumerate(data)})
    headers = [_cell_text(header_values.get(c)) for c in range(1, width + 1)]
    numbers = [number for number, _ in body]
    merged: dict[int, str] = {}
    problems: list[Problem] = []
    where = dict(file=source.file, sheet=source.sheet, table=spec.name)
    for ref in facts.merged if facts else ():
        (top, left), (bottom, right) = (split_ref(r) for r in (ref.split(":") + [ref])[:2])
        if top <= header_row <= bottom and right > left:
            for col in range(left, right + 1):
                merged[col - 1] = ref
        elif top > header_row:
            problems.append(Problem("merged_cells", row=top, value=ref, **where,
                                    hint="разъедините ячейки и впишите значение в каждую строку"))
    for ref in (facts.formulas_without_value if facts else ())[:20]:
        row, col = split_ref(ref)
        if row > header_row:
            header = headers[col - 1] if 0 < col <= len(headers) else None
            problems.append(Problem("formula_without_value", row=row, column=header, value=ref, **where,
                                    hint="откройте книгу в Excel и сохраните её (формулы будут вычислены) "
                                         "или замените формулы значениями"))
    return RawTable(spec, headers, frame, pl.Series(numbers, dtype=pl.Int64), source, merged, problems)
