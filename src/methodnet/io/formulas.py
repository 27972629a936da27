"""No text methodnet writes ever becomes a live formula in a spreadsheet.

An organization named ``=HYPERLINK("http://evil","click")`` or a person's position
``+cmd|' /C calc'!A0`` is data; a spreadsheet opening an output must show it as text.
XLSX cells are written with the string type (openpyxl would otherwise store any text
starting with ``=`` as a formula). CSV has no types, so text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, the
convention spreadsheets understand; methodnet's CSV reader removes exactly that
apostrophe again, so a dataset written and read back is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from openpyxl import Workbook

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_CLASS = r"[=+\-@\t\r]"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def neutralize(value: Any) -> Any:
    """``value`` with a leading apostrophe when it would start a formula in CSV."""
    return "'" + value if is_formula_like(value) else value


def neutralize_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column (and every text inside list columns) made safe for CSV."""
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            exprs.append(_safe(pl.col(name)).alias(name))
        elif isinstance(dtype, pl.List) and dtype.inner == pl.String:
            exprs.append(pl.col(name).list.eval(_safe(pl.element())).alias(name))
    return frame.with_columns(exprs) if exprs else frame


def _safe(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.contains("^" + _TRIGGER_CLASS)).then(pl.lit("'") + expr).otherwise(expr)


def restore_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Undo :func:`neutralize_frame` on text read from CSV: ``'=x`` → ``=x``."""
    if not frame.width or not any(t == pl.String for t in frame.schema.values()):
        return frame
    # One cheap pass over every text column finds the (rare) ones that need the rewrite.
    flagged = frame.select(pl.col(pl.String).str.starts_with("'").any()).row(0, named=True)
    exprs = [pl.when(pl.col(n).str.contains("^'" + _TRIGGER_CLASS)).then(pl.col(n).str.slice(1))
             .otherwise(pl.col(n)).alias(n) for n, hit in flagged.items() if hit]
    return frame.with_columns(exprs) if exprs else frame


def protect_workbook(workbook: Workbook) -> None:
    """Turn every formula cell of a (non-streaming) openpyxl workbook back into text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
