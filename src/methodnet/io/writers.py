"""Write a Dataset back to files, losslessly: reading the output gives an equal Dataset.

Formats: ``csv`` (a folder, a file per table), ``xlsx`` (one workbook, a sheet per
table), ``parquet`` (a folder), ``json`` / ``yaml`` (one file ``{table: [records]}``).
Only tables with rows are written; absent tables load as empty ones.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl
import yaml

from methodnet.choices import DATA_FORMATS
from methodnet.errors import require
from methodnet.io.csv import write_csv_table
from methodnet.io.formulas import is_formula_like
from methodnet.io.validate import LIST_SEPARATOR

if TYPE_CHECKING:
    from methodnet.model.tables import Tables

FORMATS = DATA_FORMATS
Headers = Literal["en", "ru"]


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("yml",):
        return "yaml"
    if suffix in FORMATS:
        return suffix
    return "csv"


def write_dataset(dataset: "Tables", path: Path, format: str | None = None, *,
                  separator: str = ",", encoding: str = "utf-8", headers: Headers = "en") -> Path:
    """Write ``dataset`` to ``path``; ``headers="ru"`` writes Russian headers and sheet names."""
    format = format or guess_format(path)
    tables = {n: df for n, df in dataset.tables.items() if df.height}
    if format == "csv":
        path.mkdir(parents=True, exist_ok=True)
        for name, df in tables.items():
            spec = dataset.spec(name)
            names = [c.ru for c in spec.columns] if headers == "ru" else None
            stem = spec.ru if headers == "ru" else name
            write_csv_table(df, path / f"{stem}.csv", separator=separator, encoding=encoding, headers=names)
    elif format == "parquet":
        path.mkdir(parents=True, exist_ok=True)
        for name, df in tables.items():
            df.write_parquet(path / f"{name}.parquet")
    elif format in ("json", "yaml"):
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {name: [_plain(r) for r in df.to_dicts()] for name, df in tables.items()}
        with path.open("w", encoding="utf-8") as fh:
            if format == "json":
                json.dump(data, fh, ensure_ascii=False, indent=1)
            else:
                yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False, width=120)
    elif format == "xlsx":
        write_workbook(dataset, path, headers=headers)
    else:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    return path


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """JSON/YAML-friendly record: dates as ISO strings, nulls left out."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in record.items() if v is not None}


def _text_cell(openpyxl: Any, sheet: Any, value: Any) -> Any:
    """Text starting with "=" (or +, -, @) stays text: openpyxl would otherwise write a formula."""
    if is_formula_like(value):
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_workbook(dataset: "Tables", path: Path, *, headers: Headers = "ru") -> None:
    """One sheet per non-empty table; dates as date cells, lists joined with ``; ``."""
    openpyxl = require("openpyxl", "excel")
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name, df in dataset.tables.items():
        if not df.height:
            continue
        spec = dataset.spec(name)
        sheet = workbook.create_sheet(spec.ru if headers == "ru" else name)
        titles = [c.ru if headers == "ru" else c.name for c in spec.columns]
        for i, title in enumerate(titles, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(title) + 2))
        sheet.freeze_panes = "A2"
        header_cells = []
        for title in titles:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        out = df.with_columns(
            pl.col(c).list.join(LIST_SEPARATOR + " ") for c, t in df.schema.items() if isinstance(t, pl.List)
        )
        for row in out.iter_rows():
            sheet.append([_text_cell(openpyxl, sheet, v) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
