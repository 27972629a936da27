"""Raw tables from in-memory data: Python records and Polars or pandas DataFrames.

Records come from callers and from JSON/YAML files, so they are not trusted: a record
that is not a mapping, or a cell holding a mapping (nested JSON) or a list where one
value belongs, is reported with its position instead of being turned into text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

import polars as pl
from pydantic import BaseModel

from methodnet.errors import DataError, Place, Problem, ProblemReport
from methodnet.io.validate import LIST_SEPARATOR, RawTable, Source
from methodnet.model.spec import TableSpec
from methodnet.model.vocab import normalize_label


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
    problems: list[Problem] = []
    dicts: list[dict[str, Any]] = []
    where = Place(file=source.file, sheet=source.sheet, table=spec.name)
    if isinstance(records, (str, bytes, Mapping)) or records is None:
        items: list[Any] = [records]
    else:
        try:
            items = list(records)
        except TypeError:
            items = [records]
    for i, r in enumerate(items, start=1):
        if isinstance(r, BaseModel):
            dicts.append(r.model_dump())
        elif isinstance(r, Mapping):
            dicts.append({str(k): v for k, v in r.items()})
        else:
            problems.append(Problem("not_a_record", row=i, hint="каждая запись — словарь «поле: значение»", **where))
            dicts.append({})
    headers = list(dict.fromkeys(key for d in dicts for key in d))
    if not headers:  # nothing but non-records: no rows to check (their problems are reported)
        dicts = []
    for header in headers:
        name = spec.header_lookup.get(normalize_label(header))
        is_list = name is not None and spec.column(name).kind == "list"
        bad = [i for i, d in enumerate(dicts, start=1) if _nested(d.get(header), is_list)]
        for i in bad[:5]:
            problems.append(Problem("nested_value", row=i, column=name or header,
                                    hint="в ячейке — одно значение (текст, число, дата)"
                                    + ("" if is_list else "; список допустим только в поле-списке"), **where))
        if len(bad) > 5:
            problems.append(Problem("nested_value", row=bad[5], column=name or header,
                                    hint=f"и ещё строк с вложенными значениями: {len(bad) - 6}", **where))
        if bad:
            for d in dicts:
                d.pop(header, None) if _nested(d.get(header), is_list) else None
    frame = pl.DataFrame([_series(h, [d.get(h) for d in dicts]) for h in headers])
    return RawTable(spec, list(headers), frame, row_numbers(len(dicts)), source, problems=problems)


def _nested(value: Any, list_allowed: bool) -> bool:
    if isinstance(value, Mapping):
        return True
    if isinstance(value, (list, tuple, set)):
        return not list_allowed or any(isinstance(v, (Mapping, list, tuple, set)) for v in value)
    return False


def to_polars(frame: Any) -> pl.DataFrame:
    """A Polars DataFrame from a Polars or pandas one (pandas needs the ``pandas`` extra)."""
    if isinstance(frame, pl.DataFrame):
        return frame
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if type(frame).__module__.startswith("pandas"):
        from methodnet.errors import require

        require("pyarrow", "pandas")
        duplicates = sorted({str(c) for c in frame.columns if list(frame.columns).count(c) > 1})
        if duplicates:
            report = ProblemReport()
            for column in duplicates:
                report.add(Problem("duplicate_column", column=column, hint="оставьте один столбец с этим именем"))
            raise DataError(report)
        try:
            return pl.from_pandas(frame)
        except (TypeError, ValueError, pl.exceptions.PolarsError, ImportError, ArithmeticError) as exc:
            report = ProblemReport()
            report.add(Problem("invalid_record", params={"detail": f"таблица pandas не читается ({type(exc).__name__})"},
                               hint="столбцы — простые значения (текст, числа, даты)"))
            raise DataError(report) from exc
    report = ProblemReport()
    report.add(Problem("invalid_record", params={"detail": f"ожидается таблица Polars или pandas, а не "
                                                           f"{type(frame).__name__}"}))
    raise DataError(report)


def raw_from_frame(spec: TableSpec, frame: Any, source: Source = Source()) -> RawTable:
    df = to_polars(frame)
    return RawTable(spec, list(df.columns), df, row_numbers(df.height), source)
