"""XLSX workbooks: one sheet per table, headers in Russian or English.

Needs the ``excel`` extra (openpyxl). Cells are turned into text exactly (dates as ISO,
whole numbers without ``.0``) and parsed by the same pipeline as CSV, so a workbook and
a folder of CSV files with the same content give the same Dataset.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import polars as pl

from methodnet.errors import Problem, Report, require
from methodnet.io.validate import RawTable, Source, closest
from methodnet.model.spec import TableRegistry, TableSpec
from methodnet.model.vocab import normalize_label

#: Sheets that hold explanations, not data (the intake template has one).
SERVICE_SHEETS = {"инструкция", "instructions", "readme", "справочники", "списки", "lists", "vocabularies"}

#: Workbooks above this size are read in streaming mode (no merged-cell information).
STREAMING_ABOVE_BYTES = 20 * 1024 * 1024


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def open_workbook(path: Path, report: Report, read_only: bool | None = None) -> Any:
    openpyxl = require("openpyxl", "excel")
    if read_only is None:
        read_only = path.stat().st_size > STREAMING_ABOVE_BYTES
    if path.stat().st_size == 0:
        report.add(Problem("empty_file", file=str(path), hint="сохраните книгу заново из Excel"))
        return None
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        report.add(Problem("corrupt_file", file=str(path), params={"detail": type(exc).__name__},
                           hint="файл обрезан или не является книгой XLSX; сохраните его заново"))
        return None


def read_workbook(path: Path, registry: TableRegistry, report: Report) -> list[RawTable]:
    workbook = open_workbook(path, report)
    if workbook is None:
        return []
    tables = []
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
        raw = _read_sheet(sheet, registry[name], Source(str(path), title))
        if raw is not None:
            tables.append(raw)
    workbook.close()
    return tables


def _shortened(title: str, registry: TableRegistry) -> str | None:
    """A sheet named by the start of a table's Russian name and «…» (Excel allows 31 characters)."""
    if not title.endswith("…"):
        return None
    start = normalize_label(title[:-1])
    found = [spec.name for spec in registry if normalize_label(spec.ru).startswith(start)]
    return found[0] if len(found) == 1 else None


def _read_sheet(sheet: Any, spec: TableSpec, source: Source) -> RawTable | None:
    rows = sheet.iter_rows(values_only=True)
    header_row = 0
    headers: list[Any] | None = None
    for header_row, values in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in values):
            headers = list(values)
            break
    if headers is None:
        return RawTable(spec, [], pl.DataFrame(), pl.Series([], dtype=pl.Int64), source)
    width = len(headers)
    data: list[list[str | None]] = [[] for _ in range(width)]
    numbers: list[int] = []
    for number, values in enumerate(rows, start=header_row + 1):
        texts = [_cell_text(v) for v in values[:width]]
        if all(t is None or not t.strip() for t in texts):
            continue  # formatted but empty rows at the end of a sheet
        texts += [None] * (width - len(texts))
        for i, t in enumerate(texts):
            data[i].append(t)
        numbers.append(number)
    frame = pl.DataFrame({f"c{i}": pl.Series(col, dtype=pl.String) for i, col in enumerate(data)})
    merged: dict[int, str] = {}
    # Streaming (read-only) sheets carry no merge information; empty headers still get caught.
    for cells in sheet.merged_cells.ranges if hasattr(sheet, "merged_cells") else ():
        if cells.min_row <= header_row <= cells.max_row and cells.max_col > cells.min_col:
            for col in range(cells.min_col, cells.max_col + 1):
                merged[col - 1] = cells.coord
    header_texts = [_cell_text(h) for h in headers]
    return RawTable(spec, header_texts, frame, pl.Series(numbers, dtype=pl.Int64), source, merged)
