"""One pipeline from raw columns to validated, typed tables.

Every source — CSV, XLSX, JSON/YAML, Python records, DataFrames — becomes a
:class:`RawTable` (headers as written, columns as read, the row number a person would
see) and goes through :func:`coerce_table` and :func:`check_dataset`. The checks are
columnar: a bad column of a million rows costs one vectorised pass, and only the first
few bad cells per check become :class:`~methodnet.errors.Problem` objects; the rest
are counted.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from methodnet.errors import Problem, Report
from methodnet.model.spec import ColumnSpec, TableRegistry, TableSpec
from methodnet.model.vocab import normalize_label

#: Name of the hidden column carrying each row's human-facing number during loading.
ROW = "__row__"

_TRUE = ("true", "1", "да", "д", "yes", "y", "истина", "+", "x", "✓")
_FALSE = ("false", "0", "нет", "н", "no", "n", "ложь", "-", "")
_BOOL_LOOKUP = {**{t: True for t in _TRUE}, **{f: False for f in _FALSE if f}}
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Source:
    """Where a table came from, for locating problems."""

    file: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class LoadOptions:
    """Knobs of validation.

    ``today`` anchors "in the future" checks (fix it for reproducible results);
    ``limit`` bounds the problems kept per load, ``per_check`` the examples kept per
    (table, column, code) so one broken column does not hide the others.
    """

    today: dt.date = field(default_factory=dt.date.today)
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

    def problem(self, code: str, *, row: int | None = None, column: str | None = None,
                value: Any = None, hint: str | None = None, severity: str = "error",
                **params: Any) -> None:
        self.report.add(Problem(code=code, severity=severity,  # type: ignore[arg-type]
                                file=self.source.file, sheet=self.source.sheet, table=self.spec.name,
                                row=row, column=column, value=value, hint=hint, params=params))

    def cells(self, code: str, frame: pl.DataFrame, mask: pl.Series, column: str,
              values: pl.Series, *, hint_for=None, severity: str = "error", **params: Any) -> int:
        """Report the cells where ``mask`` is true; return how many there were."""
        bad = mask.fill_null(False)
        n = int(bad.sum())
        if not n:
            return 0
        index = bad.arg_true().head(self.options.per_check)
        rows = frame[ROW].gather(index).to_list()
        for row, value in zip(rows, values.gather(index).to_list()):
            hint = hint_for(value) if hint_for else None
            self.problem(code, row=row, column=column, value=value, hint=hint, severity=severity, **params)
        self.report.add_uncounted(code, severity, n - len(rows))  # type: ignore[arg-type]
        return n


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


def _normalized_text(s: pl.Series) -> pl.Series:
    return s.str.to_lowercase().str.replace_all("ё", "е").str.replace_all(r"\s+", " ").str.strip_chars()


def _via_uniques(s: pl.Series, convert, dtype: pl.DataType) -> pl.Series:
    """Apply a Python ``convert`` to each distinct value only (vocabularies, booleans)."""
    uniques = s.drop_nulls().unique().to_list()
    mapping = {u: convert(u) for u in uniques}
    return s.replace_strict(mapping, default=None, return_dtype=dtype)


def _as_text(s: pl.Series) -> pl.Series:
    """Any column as trimmed text with empty strings as null."""
    if s.dtype == pl.Date:
        s = s.dt.to_string("%Y-%m-%d")
    elif s.dtype == pl.Datetime or isinstance(s.dtype, pl.Datetime):
        s = s.dt.date().dt.to_string("%Y-%m-%d")
    elif isinstance(s.dtype, pl.List):
        s = s.cast(pl.List(pl.String)).list.join(LIST_SEPARATOR + " ")
    elif s.dtype != pl.String:
        s = s.cast(pl.String)
    s = s.str.strip_chars()
    return pl.select(pl.when(s == "").then(None).otherwise(s).alias(s.name)).to_series()


def _parse(col: ColumnSpec, s: pl.Series, text: pl.Series | None) -> tuple[pl.Series, str | None]:
    """Convert one column to its kind; return it and the problem code for failed cells.

    ``text`` is ``s`` already passed through :func:`_as_text` when ``s`` holds text.
    """
    kind = col.kind
    if kind == "list":
        if isinstance(s.dtype, pl.List):
            out = s.cast(pl.List(pl.String))
        else:
            out = text.str.split(LIST_SEPARATOR)  # type: ignore[union-attr]
        out = out.list.eval(pl.element().str.strip_chars()).list.eval(
            pl.element().filter(pl.element().is_not_null() & (pl.element() != ""))
        )
        return out.fill_null(pl.lit([], pl.List(pl.String))), None
    if kind == "date":
        if s.dtype == pl.Date:
            return s, "invalid_date"
        if isinstance(s.dtype, pl.Datetime):
            return s.dt.date(), "invalid_date"
        text = text if text is not None else _as_text(s)
        out = text.str.to_date(_DATE_FORMATS[0], strict=False)
        for fmt in _DATE_FORMATS[1:]:
            out = out.fill_null(text.str.to_date(fmt, strict=False) if "%H" not in fmt
                                else text.str.to_datetime(fmt, strict=False).dt.date())
        return out, "invalid_date"
    if kind == "int":
        if s.dtype.is_integer():
            return s.cast(pl.Int64), "invalid_type"
        if s.dtype.is_float():  # whole floats (3.0) are integers; 3.5 is not
            return pl.select(pl.when(s == s.round(0)).then(s).otherwise(None)).to_series().cast(pl.Int64), "invalid_type"
        text = (text if text is not None else _as_text(s)).str.replace_all(r"[\s\u00a0]", "")
        return text.cast(pl.Int64, strict=False), "invalid_type"
    if kind == "float":
        if s.dtype.is_numeric():
            return s.cast(pl.Float64), "invalid_type"
        text = (text if text is not None else _as_text(s)).str.replace_all(r"[\s\u00a0]", "")
        text = text.str.replace(",", ".", literal=True)
        return text.cast(pl.Float64, strict=False), "invalid_type"
    if kind == "bool":
        if s.dtype == pl.Boolean:
            return s, "invalid_type"
        text = _normalized_text(text if text is not None else _as_text(s))
        return _via_uniques(text, _BOOL_LOOKUP.get, pl.Boolean()), "invalid_type"
    # text, possibly from a vocabulary
    text = text if text is not None else _as_text(s)
    if col.vocabulary is None:
        return text, None
    lookup = col.value_lookup()
    allowed = set(col.allowed)
    return _via_uniques(text, lambda v: v if v in allowed else lookup.get(normalize_label(v)), pl.String()), "not_in_vocabulary"


_EXPECTED = {"int": "integer", "float": "number", "bool": "boolean", "date": "date", "str": "text"}


def _vocabulary_hint(col: ColumnSpec):
    spellings = list(col.value_lookup())

    def hint(value: Any) -> str:
        guess = closest(str(value), spellings)
        allowed = ", ".join(col.allowed)
        if guess:
            return f"возможно, «{col.value_lookup()[guess]}»; допустимо: {allowed}"
        return f"допустимо: {allowed}"

    return hint


def _check_column(col: ColumnSpec, raw: pl.Series, frame: pl.DataFrame, ctx: _Ctx) -> pl.Series:
    from methodnet.messages import label

    # Text columns (CSV, XLSX) are trimmed once; typed columns (frames) are used as they are.
    needs_text = raw.dtype == pl.String or col.kind == "str" or (
        col.kind == "list" and not isinstance(raw.dtype, pl.List))
    text = _as_text(raw) if needs_text else None
    parsed, failure = _parse(col, raw, text)
    parsed = parsed.alias(col.name)
    present = text.is_not_null() if text is not None else raw.is_not_null()
    if failure and col.kind != "list":
        hint_for = None
        params: dict[str, Any] = {}
        if failure == "not_in_vocabulary":
            hint_for = _vocabulary_hint(col)
        elif failure == "invalid_date":
            hint_for = lambda _v: "пишите дату как ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"  # noqa: E731
        else:
            params["expected"] = label(_EXPECTED[col.kind])
            hint_for = lambda _v: f"ожидается {params['expected']}"  # noqa: E731
        ctx.cells(failure, frame, present & parsed.is_null(), col.name, raw, hint_for=hint_for, **params)
    if col.kind == "list":
        return parsed
    if not col.nullable:
        missing = parsed.is_null() & ~present
        if col.default is not None:
            parsed = parsed.fill_null(col.default)
        else:
            ctx.cells("missing_value", frame, missing, col.name, raw,
                      hint_for=lambda _v: f"заполните «{col.ru}»")
    if col.ge is not None:
        ctx.cells("below_minimum", frame, parsed < col.ge, col.name, parsed, limit=col.ge,
                  hint_for=lambda _v: f"значение не может быть меньше {col.ge}")
    if col.le is not None:
        ctx.cells("above_maximum", frame, parsed > col.le, col.name, parsed, limit=col.le)
    if col.kind == "date":
        opts = ctx.options
        ctx.cells("date_too_old", frame, parsed < opts.earliest, col.name, parsed, limit=opts.earliest,
                  hint_for=lambda _v: "проверьте год")
        if col.past:
            ctx.cells("date_in_future", frame, parsed > opts.today, col.name, parsed, limit=opts.today,
                      hint_for=lambda _v: "дата события не может быть позже сегодняшней; проверьте год")
        else:
            ctx.cells("date_far_future", frame, parsed > opts.far_future, col.name, parsed,
                      limit=opts.far_future, hint_for=lambda _v: "проверьте год")
    return parsed


def coerce_table(raw: RawTable, report: Report, options: LoadOptions) -> tuple[pl.DataFrame, bool]:
    """Typed table with every declared column (plus :data:`ROW`), and whether it is valid.

    Value problems are reported but do not stop the other columns being checked, so
    one pass shows everything wrong with a file; an invalid table is still returned so
    its keys can be checked too.
    """
    ctx = _Ctx(raw, report, options)
    before = report.error_count
    mapping, headers_ok = _map_headers(raw, ctx)
    frame = raw.frame.with_columns(raw.rows.alias(ROW))
    columns: list[pl.Series] = [frame[ROW]]
    for col in raw.spec.columns:
        if col.name in mapping:
            columns.append(_check_column(col, raw.frame.to_series(mapping[col.name]), frame, ctx))
        elif col.kind == "list":
            columns.append(pl.Series(col.name, [[]] * frame.height, dtype=col.dtype))
        else:
            columns.append(pl.repeat(col.default, frame.height, dtype=col.dtype, eager=True).alias(col.name))
    typed = pl.DataFrame(columns)
    _check_rows(typed, ctx)
    return typed, headers_ok and report.error_count == before


def _check_rows(typed: pl.DataFrame, ctx: _Ctx) -> None:
    meta = ctx.spec.meta
    for earlier, later in meta.date_order:
        mask = typed[later] < typed[earlier]
        n = int(mask.fill_null(False).sum())
        if n:
            bad = typed.filter(mask.fill_null(False)).head(ctx.options.per_check)
            for row in bad.iter_rows(named=True):
                ctx.problem("date_order", row=row[ROW], column=later, value=row[later], other=earlier,
                            other_value=row[earlier], hint=f"«{later}» не может быть раньше «{earlier}»")
            ctx.report.add_uncounted("date_order", "error", n - bad.height)
    for group in meta.one_of:
        mask = pl.all_horizontal([typed[c].is_null() for c in group])
        ctx.cells("missing_value", typed, typed.select(mask).to_series(), " / ".join(group),
                  typed[group[0]], hint_for=lambda _v, g=group: "заполните одно из: " + ", ".join(g))


# ---------------------------------------------------------------------------- dataset


@dataclass
class LoadedTable:
    frame: pl.DataFrame
    source: Source


def check_dataset(tables: dict[str, LoadedTable], registry: TableRegistry, report: Report,
                  options: LoadOptions, skip_targets: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Unique keys and resolvable references across tables.

    References into ``skip_targets`` (tables that failed to load) are not checked: every
    one of them would look dangling and bury the real problem.
    """
    contexts = {name: _Ctx(RawTable(registry[name], [], t.frame, t.frame[ROW], t.source), report, options)
                for name, t in tables.items()}
    for name, loaded in tables.items():
        _check_keys(registry[name], loaded.frame, contexts[name])
    for name, loaded in tables.items():
        spec, ctx = registry[name], contexts[name]
        for col in spec.references:
            if col.ref in skip_targets:
                continue
            target = registry[col.ref]  # type: ignore[index]
            keys = tables[col.ref].frame[target.key[0]] if col.ref in tables else pl.Series([], dtype=pl.String)
            values = loaded.frame[col.name]
            mask = values.is_not_null() & ~values.is_in(keys.implode())
            key_list = keys.head(5000).to_list()  # hints look at a sample: enough for typos
            ctx.cells("dangling_reference", loaded.frame, mask, col.name, values, target=col.ref,
                      hint_for=lambda v, t=col.ref, kl=key_list: _reference_hint(v, t, kl))


def _reference_hint(value: Any, target: str, keys: list[str]) -> str:
    guess = difflib.get_close_matches(str(value), keys, n=1, cutoff=0.6)
    if guess:
        return f"возможно, «{guess[0]}»"
    return f"добавьте запись в таблицу «{target}» или исправьте ссылку"


def _check_keys(spec: TableSpec, frame: pl.DataFrame, ctx: _Ctx) -> None:
    key = list(spec.key)
    if frame.is_empty():
        return
    dup = frame.select(pl.struct(key).is_first_distinct().not_()).to_series()
    n = int(dup.sum())
    if not n:
        return
    firsts = frame.group_by(key).agg(pl.col(ROW).min().alias("__first__"))
    bad = frame.filter(dup).head(ctx.options.per_check).join(firsts, on=key, how="left")
    for row in bad.iter_rows(named=True):
        value = " / ".join(str(row[k]) for k in key)
        ctx.problem("duplicate_id", row=row[ROW], column=", ".join(key), value=value,
                    first_row=row["__first__"], hint="у каждой записи должен быть свой идентификатор")
    ctx.report.add_uncounted("duplicate_id", "error", n - bad.height)
