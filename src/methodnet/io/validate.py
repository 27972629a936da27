"""One pipeline from raw columns to validated, typed tables.

Every source — CSV, XLSX, JSON/YAML, Python records, DataFrames — becomes a
:class:`RawTable` (headers as written, columns as read, the row number a person would
see) and goes through :func:`coerce_tables` (then :func:`methodnet.io.integrity.check_dataset`). The checks are
columnar: a bad column of a million rows costs one vectorised pass, and only the first
few bad cells per check become :class:`~methodnet.errors.Problem` objects; the rest
are counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from methodnet.errors import Problem, Report
from methodnet.io.options import LoadOptions
from methodnet.io.checks import EXCEL_ERRORS, Check, column_checks, date_checks, row_checks  # noqa: F401
from methodnet.privacy import HIDDEN, looks_personal, quotable
from methodnet.io.parse import (
    DATE_FORMATS,
    DATETIME_FORMATS,
    LIST_SEPARATOR,
    detect_date_formats,
    mapping_for,
    needs_text,
    text_expr,
    typed_expr,
)
from methodnet.model.spec import ColumnSpec, TableSpec
from methodnet.model.vocab import closest, normalize_label

__all__ = ["LIST_SEPARATOR", "ROW", "LoadOptions", "RawTable", "Source", "coerce_tables"]

#: Name of the hidden column carrying each row's human-facing number during loading.
ROW = "__row__"




@dataclass(frozen=True)
class Source:
    """Where a table came from, for locating problems."""

    file: str | None = None
    sheet: str | None = None


@dataclass
class LoadedTable:
    """A table typed by :func:`coerce_tables`, with where it came from (for the integrity checks)."""

    frame: pl.DataFrame
    source: Source
    headers: list[str | None] = field(default_factory=list)


@dataclass
class RawTable:
    """A table as read: headers as written, positional columns, human row numbers.

    ``merged`` holds the positions of header cells the reader knows to be merged;
    ``problems`` what the reader found wrong with the cells themselves (nested values,
    merged body cells, formulas without values): they make the table invalid.
    """

    spec: TableSpec
    headers: list[str | None]
    frame: pl.DataFrame
    rows: pl.Series
    source: Source
    merged: dict[int, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class ValidationContext:
    """Problem factory for one table: fills in the location and applies the caps."""

    def __init__(self, raw: RawTable, report: Report, options: LoadOptions) -> None:
        self.spec = raw.spec
        self.source = raw.source
        self.report = report
        self.options = options
        self.errors = 0  # errors reported for this table (problems beyond the caps included)
        self.headers = header_labels(raw)  # column name → header as written, to name columns in messages

    def uncounted(self, code: str, n: int) -> None:
        """``n`` more errors of ``code`` that were counted but not built as problems."""
        self.errors += max(n, 0)
        self.report.add_uncounted(code, "error", n)

    def problem(self, code: str, *, row: int | None = None, column: str | None = None,
                value: Any = None, hint: str | None = None, severity: str = "error",
                header: str | None = None, **params: Any) -> None:
        self.errors += severity == "error"
        table = self.spec.name
        value = quotable(table, column, value, params.get("other"))
        if "other_value" in params:
            params["other_value"] = quotable(table, params.get("other"), params["other_value"], column)
        if value == HIDDEN and hint and "возможно" in hint:
            hint = None  # a "did you mean" built from a hidden value would echo it
        if "other" in params and params["other"] in self.headers:
            params["other_header"] = self.headers[params["other"]]
        self.report.add(Problem(code=code, severity=severity,  # type: ignore[arg-type]
                                file=self.source.file, sheet=self.source.sheet, table=table,
                                row=row, column=column, value=value, hint=hint, params=params,
                                header=header or (self.headers.get(column) if column else None)))


def header_labels(raw: RawTable) -> dict[str, str]:
    """Declared column name → the header the file uses for it, where the two differ."""
    lookup = raw.spec.header_lookup
    found: dict[str, str] = {}
    for header in raw.headers:
        text = (header or "").strip()
        name = lookup.get(normalize_label(text)) if text else None
        if name and name != text:
            found.setdefault(name, text)
    return found


# ---------------------------------------------------------------------------- headers


def _map_headers(raw: RawTable, ctx: ValidationContext) -> tuple[dict[str, int], bool]:
    """Column name → position in the raw frame; the flag is False when a header is unusable."""
    spec = raw.spec
    mapping: dict[str, int] = {}
    ok = True
    spellings = list(spec.header_lookup)
    texts = [(h or "").strip() for h in raw.headers]
    known = [t for t in texts if t and normalize_label(t) in spec.header_lookup]
    filled = [t for t in texts if t]
    if len(filled) >= 2 and not known:
        # The first row is data, not headers: say so once and quote none of it (it may be a person).
        ctx.problem("no_header_row", row=1, hint="добавьте первой строкой заголовки столбцов, например: "
                    + ", ".join(c.name for c in spec.columns if c.required))
        return {}, False
    for position, header in enumerate(raw.headers):
        text = (header or "").strip()
        if position in raw.merged:
            ctx.problem("merged_header", column=text or None, value=raw.merged[position],
                        hint="разъедините ячейки и дайте каждому столбцу свой заголовок")
            ok = False
            continue
        if not text:
            if raw.frame.to_series(position).drop_nulls().len():
                ctx.problem("empty_header", column=f"#{position + 1}",
                            hint="дайте столбцу заголовок или удалите его")
                ok = False
            continue
        name = spec.header_lookup.get(normalize_label(text))
        if name is None:
            guess = closest(text, spellings)
            hint = None
            if guess:
                col = spec.column(spec.header_lookup[guess])
                hint = f"возможно, «{col.name}» ({col.ru})"
            shown = HIDDEN if looks_personal(text) else text
            ctx.problem("unknown_column", column=shown, value=shown, hint=hint if shown != HIDDEN else None)
            ok = False
        elif name in mapping:
            ctx.problem("duplicate_column", column=text, hint=f"оставьте один столбец «{name}»")
            ok = False
        else:
            mapping[name] = position
    russian = any(any("а" <= ch <= "я" for ch in (h or "").lower()) for h in raw.headers)
    for col in spec.columns:
        if col.required and col.name not in mapping:
            ctx.problem("missing_column", column=col.name, header=col.ru if russian else None,
                        hint=f"добавьте столбец «{col.ru}» (или «{col.name}»)" if russian
                        else f"добавьте столбец «{col.name}» (или «{col.ru}»)")
            ok = False
    return mapping, ok


# ---------------------------------------------------------------------------- values


def _prepass(frame: pl.DataFrame, plans: list[tuple[ColumnSpec, str]]) -> pl.LazyFrame:
    """Facts about raw text columns that shape the main query, gathered in one cheap query.

    ``c:`` whether a column is clean (no value to trim, no blank strings: then it is used
    as read, without a copy); ``u:`` the distinct raw values of vocabulary and yes/no
    columns; ``d:`` a sample of a date column, to pick its formats.
    """
    exprs = [pl.len().alias("rows")]
    for col, raw in plans:
        dtype = frame.schema[raw]
        if not needs_text(col, dtype) or dtype != pl.String:
            continue
        # Leading/trailing whitespace or a blank cell; byte lengths before and after strip are
        # ~4x cheaper than the equivalent regex r"^\s|\s$|^$".
        untrimmed = pl.col(raw).str.len_bytes() != pl.col(raw).str.strip_chars().str.len_bytes()
        exprs.append((untrimmed | (pl.col(raw) == "")).any().not_().alias("c:" + col.name))
        if col.vocabulary is not None or col.kind == "bool":
            exprs.append(pl.col(raw).drop_nulls().unique().implode().alias("u:" + col.name))
        elif col.kind == "date":
            exprs.append(pl.col(raw).drop_nulls().head(500).implode().alias("d:" + col.name))
    return frame.lazy().select(exprs)


@dataclass
class _TableJob:
    """One table on its way from raw to typed: the state shared by the phases below."""

    ctx: ValidationContext
    frame: pl.DataFrame
    plans: list[tuple[ColumnSpec, str]]
    headers_ok: bool
    pre: dict[str, Any] = field(default_factory=dict)
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    out: pl.DataFrame | None = None
    counts: list[int] = field(default_factory=list)

    def query(self) -> pl.LazyFrame:
        lazy, self.checks = _main_query(self.ctx.spec, self.frame, self.plans, self.pre, self.formats,
                                        self.ctx.options)
        return lazy

    def take(self, out: pl.DataFrame) -> None:
        self.out = out
        self.counts = list(out.select(pl.col(f"__check{i}").sum() for i in range(len(self.checks))).row(0)) \
            if self.checks else []

    def dates_to_retry(self) -> list[str]:
        """Date columns whose sample missed a format used further down."""
        every = DATE_FORMATS + DATETIME_FORMATS
        return [c.column for c, n in zip(self.checks, self.counts)
                if n and c.code == "invalid_date" and self.formats.get(c.column) != every]


def _start(raw: RawTable, report: Report, options: LoadOptions) -> _TableJob:
    ctx = ValidationContext(raw, report, options)
    for problem in raw.problems:
        ctx.errors += problem.severity == "error"
        report.add(problem)
    mapping, headers_ok = _map_headers(raw, ctx)
    # Raw columns get internal names so they never collide with the typed ones.
    frame = raw.frame.rename({c: f"__raw{i}" for i, c in enumerate(raw.frame.columns)})
    frame = frame.with_columns(raw.rows.alias(ROW))
    plans = []
    for n in raw.spec.column_names:
        if n not in mapping:
            continue
        col, source = raw.spec.column(n), f"__raw{mapping[n]}"
        dtype = frame.schema[source]
        if isinstance(dtype, (pl.Duration, pl.Time)) or dtype == pl.Object:
            ctx.problem("unsupported_dtype", column=n, detail=str(dtype),
                        hint="дайте столбцу тип текста, числа или даты")
            frame = frame.with_columns(pl.lit(None, pl.String).alias(source))
        elif not _readable(col, dtype):
            ctx.problem("nested_value", column=n, hint="в ячейке — одно значение (текст, число, дата)")
            frame = frame.with_columns(pl.lit(None, pl.String).alias(source))
        plans.append((col, source))
    return _TableJob(ctx, frame, plans, headers_ok)


def _readable(col: ColumnSpec, dtype: pl.DataType) -> bool:
    """Whether a column of ``dtype`` (from a DataFrame or Parquet) can be parsed as ``col``."""
    if isinstance(dtype, (pl.Struct, pl.Array, pl.Object)) or dtype == pl.Binary:
        return False
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        return col.kind == "list" and not isinstance(inner, (pl.List, pl.Struct, pl.Array, pl.Object)) \
            and inner != pl.Binary
    return True


def coerce_tables(raws: list[RawTable], report: Report, options: LoadOptions, *,
                  consume: bool = False) -> list[tuple[pl.DataFrame, bool]]:
    """Typed tables (every declared column plus :data:`ROW`) and whether each is valid.

    Each table's parsing and checks are one lazy polars query, and the queries of all
    tables run together (``collect_all``), so columns and tables share the cores. Value
    problems do not stop other columns being checked: one pass shows everything wrong.
    An invalid table is still returned so its keys can be checked too. With ``consume``
    each raw table's frame is emptied once typed, so its memory is freed at once.
    """
    jobs = [_start(raw, report, options) for raw in raws]
    for job, pre in zip(jobs, pl.collect_all([_prepass(j.frame, j.plans) for j in jobs])):
        job.pre = pre.row(0, named=True)
        job.formats = {col.name: detect_date_formats(job.pre.get("d:" + col.name) or []) for col, _ in job.plans
                       if col.kind == "date"}
    results = []
    # One table at a time, its raw columns let go as soon as it is typed: the peak is the raw
    # tables plus one table's checks, not every table twice (a national load: 2.3 GB → 1.4 GB).
    # Polars still spreads each table's columns over the cores.
    for job, raw in zip(jobs, raws):
        job.take(job.query().collect())
        retry = job.dates_to_retry()
        if retry:  # rare: parse those columns with every format
            job.formats.update({name: DATE_FORMATS + DATETIME_FORMATS for name in retry})
            job.take(job.query().collect())
        for i, (check, n) in enumerate(zip(job.checks, job.counts)):
            if n:
                _report_examples(job.ctx, job.out, check, f"__check{i}", n)  # type: ignore[arg-type]
        typed = job.out.select(ROW, *job.ctx.spec.column_names)  # type: ignore[union-attr]
        results.append((typed, job.headers_ok and job.ctx.errors == 0))
        job.out = job.frame = None  # type: ignore[assignment]
        if consume:
            raw.frame = raw.frame.clear()
    return results


def _main_query(spec: TableSpec, frame: pl.DataFrame, plans: list[tuple[ColumnSpec, str]], pre: dict[str, Any],
                formats: dict[str, tuple[str, ...]], options: LoadOptions) -> tuple[pl.LazyFrame, list[Check]]:
    texts, typed, checks = [], [], []
    for col, raw in plans:
        dtype = frame.schema[raw]
        text = None
        if needs_text(col, dtype):
            if pre.get("c:" + col.name):
                text = raw  # clean text: used as read, no copy
            else:
                text = f"__text:{col.name}"
                texts.append(text_expr(raw, dtype).alias(text))
        uniques = pre.get("u:" + col.name)
        mapping = mapping_for(col, uniques) if uniques is not None else None
        # Vocabularies map the raw values (the mapping trims them itself).
        source_text = raw if mapping is not None else text
        expr = typed_expr(col, raw, dtype, source_text, mapping, formats.get(col.name, DATE_FORMATS))
        if not col.nullable and col.default is not None and col.kind != "list":
            # A default fills an EMPTY cell only: a value that does not parse stays null and is reported.
            given = pl.col(text).is_not_null() if text else pl.col(raw).is_not_null()
            expr = pl.when(given).then(expr).otherwise(pl.lit(col.default, col.dtype))
        typed.append(expr.alias(col.name))
        checks += column_checks(col, raw, text, dtype)
    mapped = {col.name for col, _ in plans}
    for col in spec.columns:
        if col.name not in mapped:  # absent optional column: its default
            default = pl.lit([], col.dtype) if col.kind == "list" else pl.lit(col.default, col.dtype)
            typed.append(default.alias(col.name))
        if col.kind == "date":
            checks += date_checks(col, options)
    checks += row_checks(spec)
    flags = [c.expr.fill_null(False).alias(f"__check{i}") for i, c in enumerate(checks)]
    return frame.lazy().with_columns(texts).with_columns(typed).with_columns(flags), checks


def _report_examples(ctx: ValidationContext, out: pl.DataFrame, check: Check, flag: str, n: int) -> None:
    """Turn the first few failing rows of a check into problems; count the rest."""
    columns = [ROW, check.value] + ([check.other] if check.other else [])
    sample = out.lazy().filter(pl.col(flag)).head(ctx.options.per_check).select(columns).collect()
    for row in sample.iter_rows():
        params = dict(check.params)
        value = row[1]
        if check.other:
            params["other_value"] = row[2]
        ctx.problem(check.code, row=row[0], column=check.column, value=value, hint=check.hint(value), **params)
    ctx.uncounted(check.code, n - sample.height)
