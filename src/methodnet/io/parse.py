"""Polars expressions that turn raw columns into typed ones.

Each builder returns an expression over one raw column; :mod:`methodnet.io.validate`
puts all of a table's expressions into one lazy query, so polars runs the columns in
parallel and reads each value once. Vocabulary and yes/no columns are mapped through a
dictionary built from the column's distinct values (a handful), not row by row.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from methodnet.model.spec import ColumnSpec
from methodnet.model.vocab import normalize_label

LIST_SEPARATOR = ";"
# Day first, as Russians write dates; these are also what polars' CSV reader accepts.
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")

_LIST_ITEM = r"[^;\s](?:[^;]*[^;\s])?"

_TRUE = ("true", "1", "да", "д", "yes", "y", "истина", "+", "x", "✓")
_FALSE = ("false", "0", "нет", "н", "no", "n", "ложь", "-")
BOOL_LOOKUP = {**{t: True for t in _TRUE}, **{f: False for f in _FALSE}}


def text_expr(name: str, dtype: pl.DataType) -> pl.Expr:
    """Trimmed text with empty strings as null, from any column."""
    expr = pl.col(name)
    if dtype == pl.Date:
        expr = expr.dt.to_string("%Y-%m-%d")
    elif isinstance(dtype, pl.Datetime):
        expr = expr.dt.date().dt.to_string("%Y-%m-%d")
    elif isinstance(dtype, pl.List):
        expr = expr.cast(pl.List(pl.String)).list.join(LIST_SEPARATOR + " ")
    elif dtype != pl.String:
        expr = expr.cast(pl.String)
    expr = expr.str.strip_chars()
    return pl.when(expr != "").then(expr)


def detect_date_formats(sample: Iterable[str]) -> tuple[str, ...]:
    """The date formats seen in a sample of a column (ISO first); all of them if unsure."""
    seen = []
    for value in sample:
        value = value.strip()
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            fmt = DATE_FORMATS[0] if len(value) == 10 else None
        elif len(value) == 10 and value[2] == value[5] and value[2] in "./":
            fmt = DATE_FORMATS[1] if value[2] == "." else DATE_FORMATS[2]
        else:
            fmt = None
        if fmt is None:
            return DATE_FORMATS + DATETIME_FORMATS
        if fmt not in seen:
            seen.append(fmt)
    return tuple(seen) or DATE_FORMATS


def date_expr(text: pl.Expr, formats: tuple[str, ...]) -> pl.Expr:
    parsed = [
        text.str.to_datetime(fmt, strict=False).dt.date() if "%H" in fmt else text.str.to_date(fmt, strict=False)
        for fmt in formats
    ]
    return parsed[0] if len(parsed) == 1 else pl.coalesce(parsed)


def mapping_for(col: ColumnSpec, uniques: Iterable[str]) -> dict[str, object]:
    """Distinct raw values of a vocabulary or yes/no column → the value they stand for (or None)."""
    if col.kind == "bool":
        return {u: BOOL_LOOKUP.get(normalize_label(u)) for u in uniques}
    allowed = set(col.allowed)
    lookup = col.value_lookup()
    return {u: u if u in allowed else lookup.get(normalize_label(u)) for u in uniques}


def typed_expr(col: ColumnSpec, source: str, dtype: pl.DataType, text: str | None,
               mapping: dict[str, object] | None, date_formats: tuple[str, ...]) -> pl.Expr:
    """The typed value of ``col`` from raw column ``source`` (``text`` = its trimmed-text column)."""
    raw = pl.col(source)
    t = pl.col(text) if text else None
    kind = col.kind
    if kind == "list":
        if isinstance(dtype, pl.List):
            items = raw.cast(pl.List(pl.String)).list.eval(pl.element().str.strip_chars()).list.eval(
                pl.element().filter(pl.element().is_not_null() & (pl.element() != "")))
        else:  # one regex pass: the trimmed, non-empty pieces between separators
            items = t.str.extract_all(_LIST_ITEM)  # type: ignore[union-attr]
        return items.fill_null(pl.lit([], pl.List(pl.String)))
    if kind == "date":
        if dtype == pl.Date:
            return raw
        if isinstance(dtype, pl.Datetime):
            return raw.dt.date()
        return date_expr(t, date_formats)  # type: ignore[arg-type]
    if kind == "int":
        if dtype.is_integer():  # UInt64 beyond Int64 becomes null and is reported, never an overflow
            return raw.cast(pl.Int64, strict=False)
        if dtype.is_numeric():  # whole floats/decimals (3.0) are integers; 3.5, NaN, inf and 1e30 are not
            number = raw if dtype.is_float() else raw.cast(pl.Float64, strict=False)
            return pl.when(number.is_finite() & (number == number.round(0))).then(number).cast(pl.Int64, strict=False)
        return t.str.replace_all(r"[\s\u00a0]", "").cast(pl.Int64, strict=False)  # type: ignore[union-attr]
    if kind == "float":
        if dtype.is_numeric():
            return raw.cast(pl.Float64, strict=False)
        cleaned = t.str.replace_all(r"[\s\u00a0]", "").str.replace(",", ".", literal=True)  # type: ignore[union-attr]
        return cleaned.cast(pl.Float64, strict=False)
    if kind == "bool" and dtype == pl.Boolean:
        return raw
    if mapping is not None:
        return t.replace_strict(mapping, default=None, return_dtype=col.dtype)  # type: ignore[union-attr]
    return t  # type: ignore[return-value]


def needs_text(col: ColumnSpec, dtype: pl.DataType) -> bool:
    """Whether ``col`` is parsed from text (rather than used in its own type)."""
    if col.kind == "str":
        return True
    if col.kind == "list":
        return not isinstance(dtype, pl.List)
    if col.kind == "date":
        return not (dtype == pl.Date or isinstance(dtype, pl.Datetime))
    if col.kind in ("int", "float"):
        return not dtype.is_numeric()
    return dtype != pl.Boolean

