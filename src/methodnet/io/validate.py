"""One pipeline from raw columns to validated, typed tables.

Every source — CSV, XLSX, JSON/YAML, Python records, DataFrames — becomes a
:class:`RawTable` (headers as written, columns as read, the row number a person would
see) and goes through :func:`coerce_tables` (then :func:`methodnet.io.integrity.check_dataset`). The checks are
columnar: a bad column of a million rows costs one vectorised pass, and only the first
few bad cells per check become :class:`~methodnet.errors.Problem` objects; the rest
are counted.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

import polars as pl

from methodnet.errors import Problem, Report
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
from methodnet.model.vocab import normalize_label

__all__ = ["LIST_SEPARATOR", "ROW", "LoadOptions", "RawTable", "Source", "coerce_tables"]

#: Name of the hidden column carrying each row's human-facing number during loading.
ROW = "__row__"



@dataclass(frozen=True)
class Source:
    """Where a table came from, for locating problems."""

    file: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class LoadOptions:
    """Knobs of validation.

    ``today`` anchors "in the future" checks when the data do not state their own date
    (fix it for reproducible results); ``as_of`` states the dataset's date (DESIGN §4) and
    overrides the one the data carry in ``dataset_info`` — it is the ``--at`` option;
    ``limit`` bounds the problems kept per load, ``per_check`` the examples kept per
    (table, column, code) so one broken column does not hide the others.
    """

    today: dt.date = field(default_factory=dt.date.today)
    as_of: dt.date | None = None
    max_future_years: int = 10
    earliest: dt.date = dt.date(1900, 1, 1)
    limit: int = 200
    per_check: int = 20

    @property
    def far_future(self) -> dt.date:
        try:
            return self.today.replace(year=self.today.year + self.max_future_years)
        except ValueError:  # 29 February
            return self.today.replace(year=self.today.year + self.max_future_years, day=28)


@dataclass
class RawTable:
    """A table as read: headers as written, positional columns, human row numbers.

    ``merged`` holds the positions of header cells the reader knows to be merged.
    """

    spec: TableSpec
    headers: list[str | None]
    frame: pl.DataFrame
    rows: pl.Series
    source: Source
    merged: dict[int, str] = field(default_factory=dict)


class _Ctx:
    """Problem factory for one table: fills in the location and applies the caps."""

    def __init__(self, raw: RawTable, report: Report, options: LoadOptions) -> None:
        self.spec = raw.spec
        self.source = raw.source
        self.report = report
        self.options = options
        self.errors = 0  # errors reported for this table (problems beyond the caps included)

    def uncounted(self, code: str, n: int) -> None:
        """``n`` more errors of ``code`` that were counted but not built as problems."""
        self.errors += max(n, 0)
        self.report.add_uncounted(code, "error", n)

    def problem(self, code: str, *, row: int | None = None, column: str | None = None,
                value: Any = None, hint: str | None = None, severity: str = "error",
                **params: Any) -> None:
        self.errors += severity == "error"
        self.report.add(Problem(code=code, severity=severity,  # type: ignore[arg-type]
                                file=self.source.file, sheet=self.source.sheet, table=self.spec.name,
                                row=row, column=column, value=value, hint=hint, params=params))


def closest(word: str, candidates: list[str]) -> str | None:
    match = difflib.get_close_matches(normalize_label(word), candidates, n=1, cutoff=0.5)
    return match[0] if match else None


# ---------------------------------------------------------------------------- headers


def _map_headers(raw: RawTable, ctx: _Ctx) -> tuple[dict[str, int], bool]:
    """Column name → position in the raw frame; the flag is False when a header is unusable."""
    spec = raw.spec
    mapping: dict[str, int] = {}
    ok = True
    spellings = list(spec.header_lookup)
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
            ctx.problem("unknown_column", column=text, value=text, hint=hint)
            ok = False
        elif name in mapping:
            ctx.problem("duplicate_column", column=text, hint=f"оставьте один столбец «{name}»")
            ok = False
        else:
            mapping[name] = position
    for col in spec.columns:
        if col.required and col.name not in mapping:
            ctx.problem("missing_column", column=col.name,
                        hint=f"добавьте столбец «{col.name}» (или «{col.ru}»)")
            ok = False
    return mapping, ok


# ---------------------------------------------------------------------------- values


@dataclass
class _Check:
    """One vectorised check: ``expr`` is true on bad rows; ``value`` names the column to quote."""

    code: str
    column: str
    expr: pl.Expr
    value: str
    hint: Callable[[Any], str | None]
    params: dict[str, Any] = field(default_factory=dict)
    other: str | None = None  # for date_order: the earlier column


def _vocabulary_hint(col: ColumnSpec) -> Callable[[Any], str]:
    lookup = col.value_lookup()
    spellings = list(lookup)
    allowed = ", ".join(col.allowed)

    def hint(value: Any) -> str:
        guess = closest(str(value), spellings)
        return f"возможно, «{lookup[guess]}»; допустимо: {allowed}" if guess else f"допустимо: {allowed}"

    return hint


def _fixed(text: str) -> Callable[[Any], str]:
    return lambda _value: text


def _column_checks(col: ColumnSpec, raw: str, text: str | None) -> list[_Check]:
    from methodnet.messages import label

    name = col.name
    present = pl.col(text).is_not_null() if text else pl.col(raw).is_not_null()
    shown = text or raw
    checks: list[_Check] = []
    failure = None
    if col.kind == "date":
        failure = _Check("invalid_date", name, pl.lit(False), shown, _fixed("пишите дату как ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"))
    elif col.kind in ("int", "float", "bool"):
        expected = label({"int": "integer", "float": "number", "bool": "boolean"}[col.kind])
        failure = _Check("invalid_type", name, pl.lit(False), shown, _fixed(f"ожидается {expected}"),
                         {"expected": expected})
    elif col.vocabulary is not None:
        failure = _Check("not_in_vocabulary", name, pl.lit(False), shown, _vocabulary_hint(col))
    if failure:
        failure.expr = present & pl.col(name).is_null()
        checks.append(failure)
    if col.kind == "list":
        return checks
    if not col.nullable and col.default is None:
        checks.append(_Check("missing_value", name, ~present, shown, _fixed(f"заполните «{col.ru}»")))
    value = pl.col(name)
    if col.ge is not None:
        checks.append(_Check("below_minimum", name, value < col.ge, name,
                             _fixed(f"значение не может быть меньше {col.ge:g}"), {"limit": col.ge}))
    if col.le is not None:
        checks.append(_Check("above_maximum", name, value > col.le, name,
                             _fixed(f"значение не может быть больше {col.le:g}"), {"limit": col.le}))
    return checks


def _date_checks(col: ColumnSpec, options: LoadOptions) -> list[_Check]:
    value = pl.col(col.name)
    checks = [_Check("date_too_old", col.name, value < options.earliest, col.name, _fixed("проверьте год"),
                     {"limit": options.earliest})]
    if col.past:
        checks.append(_Check("date_in_future", col.name, value > options.today, col.name,
                             _fixed("дата события не может быть позже сегодняшней; проверьте год"),
                             {"limit": options.today}))
    else:
        checks.append(_Check("date_far_future", col.name, value > options.far_future, col.name,
                             _fixed("проверьте год"), {"limit": options.far_future}))
    return checks


def _row_checks(spec: TableSpec) -> list[_Check]:
    checks = []
    for earlier, later in spec.meta.date_order:
        checks.append(_Check("date_order", later, pl.col(later) < pl.col(earlier), later,
                             _fixed(f"«{later}» не может быть раньше «{earlier}»"), {"other": earlier},
                             other=earlier))
    for group in spec.meta.one_of:
        checks.append(_Check("missing_value", " / ".join(group), pl.all_horizontal(pl.col(c).is_null() for c in group),
                             group[0], _fixed("заполните одно из: " + ", ".join(group))))
    return checks


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

    ctx: _Ctx
    frame: pl.DataFrame
    plans: list[tuple[ColumnSpec, str]]
    headers_ok: bool
    pre: dict[str, Any] = field(default_factory=dict)
    formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checks: list[_Check] = field(default_factory=list)
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
    ctx = _Ctx(raw, report, options)
    mapping, headers_ok = _map_headers(raw, ctx)
    # Raw columns get internal names so they never collide with the typed ones.
    frame = raw.frame.rename({c: f"__raw{i}" for i, c in enumerate(raw.frame.columns)})
    frame = frame.with_columns(raw.rows.alias(ROW))
    plans = [(raw.spec.column(n), f"__raw{mapping[n]}") for n in raw.spec.column_names if n in mapping]
    return _TableJob(ctx, frame, plans, headers_ok)


def coerce_tables(raws: list[RawTable], report: Report, options: LoadOptions) -> list[tuple[pl.DataFrame, bool]]:
    """Typed tables (every declared column plus :data:`ROW`) and whether each is valid.

    Each table's parsing and checks are one lazy polars query, and the queries of all
    tables run together (``collect_all``), so columns and tables share the cores. Value
    problems do not stop other columns being checked: one pass shows everything wrong.
    An invalid table is still returned so its keys can be checked too.
    """
    jobs = [_start(raw, report, options) for raw in raws]
    for job, pre in zip(jobs, pl.collect_all([_prepass(j.frame, j.plans) for j in jobs])):
        job.pre = pre.row(0, named=True)
        job.formats = {col.name: detect_date_formats(job.pre.get("d:" + col.name) or []) for col, _ in job.plans
                       if col.kind == "date"}
    for job, out in zip(jobs, pl.collect_all([job.query() for job in jobs])):
        job.take(out)
    for job in jobs:
        retry = job.dates_to_retry()
        if retry:  # rare: parse those columns with every format
            job.formats.update({name: DATE_FORMATS + DATETIME_FORMATS for name in retry})
            job.take(job.query().collect())
    results = []
    for job in jobs:
        for i, (check, n) in enumerate(zip(job.checks, job.counts)):
            if n:
                _report_examples(job.ctx, job.out, check, f"__check{i}", n)  # type: ignore[arg-type]
        typed = job.out.select(ROW, *job.ctx.spec.column_names)  # type: ignore[union-attr]
        results.append((typed, job.headers_ok and job.ctx.errors == 0))
    return results


def _main_query(spec: TableSpec, frame: pl.DataFrame, plans: list[tuple[ColumnSpec, str]], pre: dict[str, Any],
                formats: dict[str, tuple[str, ...]], options: LoadOptions) -> tuple[pl.LazyFrame, list[_Check]]:
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
            expr = expr.fill_null(pl.lit(col.default, col.dtype))
        typed.append(expr.alias(col.name))
        checks += _column_checks(col, raw, text)
    mapped = {col.name for col, _ in plans}
    for col in spec.columns:
        if col.name not in mapped:  # absent optional column: its default
            default = pl.lit([], col.dtype) if col.kind == "list" else pl.lit(col.default, col.dtype)
            typed.append(default.alias(col.name))
        if col.kind == "date":
            checks += _date_checks(col, options)
    checks += _row_checks(spec)
    flags = [c.expr.fill_null(False).alias(f"__check{i}") for i, c in enumerate(checks)]
    return frame.lazy().with_columns(texts).with_columns(typed).with_columns(flags), checks


def _report_examples(ctx: _Ctx, out: pl.DataFrame, check: _Check, flag: str, n: int) -> None:
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
