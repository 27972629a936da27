"""Raw tables from in-memory data: Python records and Polars or pandas DataFrames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

import polars as pl
from pydantic import BaseModel

from methodnet.io.validate import LIST_SEPARATOR, RawTable, Source
from methodnet.model.spec import TableSpec


def row_numbers(n: int, first: int = 1) -> pl.Series:
    return pl.int_range(first, first + n, dtype=pl.Int64, eager=True)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    return str(value)


def _series(name: str, values: list[Any]) -> pl.Series:
    """A column from Python values; mixed types fall back to text and are parsed later."""
    values = [v.value if isinstance(v, Enum) else v for v in values]
    try:
        return pl.Series(name, values, strict=True)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        return pl.Series(name, [_text(v) for v in values], dtype=pl.String)


def raw_from_records(spec: TableSpec, records: Iterable[Mapping[str, Any] | BaseModel],
                     source: Source = Source()) -> RawTable:
    """A raw table from dicts or pydantic objects (keys are headers, in first-seen order)."""
    dicts = [r.model_dump() if isinstance(r, BaseModel) else dict(r) for r in records]
    headers = list(dict.fromkeys(key for d in dicts for key in d))
    frame = pl.DataFrame([_series(h, [d.get(h) for d in dicts]) for h in headers])
    return RawTable(spec, list(headers), frame, row_numbers(len(dicts)), source)


def to_polars(frame: Any) -> pl.DataFrame:
    """A Polars DataFrame from a Polars or pandas one (pandas needs the ``pandas`` extra)."""
    if isinstance(frame, pl.DataFrame):
        return frame
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if type(frame).__module__.startswith("pandas"):
        from methodnet.errors import require

        require("pyarrow", "pandas")
        return pl.from_pandas(frame)
    raise TypeError(f"expected a Polars or pandas DataFrame, got {type(frame).__name__}")


def raw_from_frame(spec: TableSpec, frame: Any, source: Source = Source()) -> RawTable:
    df = to_polars(frame)
    return RawTable(spec, list(df.columns), df, row_numbers(df.height), source)
