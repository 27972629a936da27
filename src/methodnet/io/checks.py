"""The vectorised value checks of loading: one polars expression per (column, problem).

:mod:`methodnet.io.validate` builds each table's query from these: a failed parse
(``invalid_type``, ``invalid_date``, ``not_in_vocabulary``), an empty required cell,
bounds, dates too old or in the future, dates in the wrong order, and the values that
are never data — Excel error codes, NUL characters, NaN and infinities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.model.spec import ColumnSpec, TableSpec

if TYPE_CHECKING:
    from methodnet.io.options import LoadOptions

#: What Excel (English and Russian) writes into a cell whose formula failed; never a value.
EXCEL_ERRORS = ("#N/A", "#Н/Д", "#VALUE!", "#ЗНАЧ!", "#REF!", "#ССЫЛКА!", "#DIV/0!", "#ДЕЛ/0!", "#NUM!",
                "#ЧИСЛО!", "#NAME?", "#ИМЯ?", "#NULL!", "#ПУСТО!", "#GETTING_DATA", "#SPILL!", "#CALC!")


@dataclass
class Check:
    """One vectorised check: ``expr`` is true on bad rows; ``value`` names the column to quote."""

    code: str
    column: str
    expr: pl.Expr
    value: str
    hint: Callable[[Any], str | None]
    params: dict[str, Any] = field(default_factory=dict)
    other: str | None = None  # for date_order: the earlier column


def _vocabulary_hint(col: ColumnSpec) -> Callable[[Any], str]:
    """«возможно, «педагог»; допустимо: …» — in the words of the form's drop-down (Russian labels)."""
    from methodnet.model.extensions import EXTENSIBLE

    lookup = col.value_lookup()
    spellings = list(lookup)
    labels = {m.code: m.ru for m in col.members}
    allowed = "; ".join(labels.values())
    # a value a profile adds («ЦНППМ») is accepted only when the data are loaded for that profile
    added = next((f"; или добавьте значение в vocabularies.{name} профиля и загружайте данные с ним (--profile)"
                  for name, enum in EXTENSIBLE.items() if enum is col.vocabulary), "")

    def hint(value: Any) -> str:
        from methodnet.model.vocab import closest

        guess = closest(str(value), spellings)
        if not guess:
            return f"выберите из списка: {allowed}{added}"
        # A Russian spelling is shown as matched («педагог»); a code by its label.
        shown = guess if any("а" <= ch <= "я" for ch in guess) else labels.get(lookup[guess], lookup[guess])
        return f"возможно, «{shown}»; допустимо: {allowed}{added}"

    return hint


def _fixed(text: str) -> Callable[[Any], str]:
    return lambda _value: text


def column_checks(col: ColumnSpec, raw: str, text: str | None, dtype: pl.DataType | None = None) -> list[Check]:
    from methodnet.messages import label

    name = col.name
    present = pl.col(text).is_not_null() if text else pl.col(raw).is_not_null()
    shown = text or raw
    checks: list[Check] = []
    failure = None
    if col.kind == "date":
        failure = Check("invalid_date", name, pl.lit(False), shown, _fixed("пишите дату как ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"))
    elif col.kind in ("int", "float", "bool"):
        expected = label({"int": "integer", "float": "number", "bool": "boolean"}[col.kind])
        failure = Check("invalid_type", name, pl.lit(False), shown, _fixed(f"ожидается {expected}"),
                         {"expected": expected})
    elif col.vocabulary is not None:
        failure = Check("not_in_vocabulary", name, pl.lit(False), shown, _vocabulary_hint(col))
    excel_error = pl.col(text).is_in(EXCEL_ERRORS) if text else pl.lit(False)
    if failure:
        failure.expr = present & pl.col(name).is_null() & ~excel_error
        checks.append(failure)
    if text:
        checks.append(Check("excel_error", name, excel_error, shown,
                             _fixed("в исходной книге формула вернула ошибку: исправьте её или впишите значение")))
    if text and col.kind in ("str", "list"):
        checks.append(Check("nul_character", name, pl.col(text).str.contains("\x00", literal=True), name,
                             _fixed("удалите управляющие символы (файл мог быть повреждён)")))
    if col.kind == "float":
        checks.append(Check("not_finite", name, pl.col(name).is_nan() | pl.col(name).is_infinite(), name,
                             _fixed("впишите число (NaN и бесконечность не допускаются)")))
    elif dtype is not None and dtype.is_float() and col.kind != "int":  # NaN would become the text "NaN"
        checks.append(Check("not_finite", name, pl.col(raw).is_nan() | pl.col(raw).is_infinite(), raw,
                             _fixed("впишите значение (NaN и бесконечность не допускаются)")))
    if col.kind == "list":
        return checks
    if not col.nullable and col.default is None:
        checks.append(Check("missing_value", name, ~present, shown, _fixed(f"заполните «{col.ru}»")))
    value = pl.col(name)
    if col.kind == "float":
        value = pl.when(value.is_finite()).then(value)  # NaN/inf are reported as not_finite
    if col.ge is not None:
        checks.append(Check("below_minimum", name, value < col.ge, name,
                             _fixed(f"значение не может быть меньше {col.ge:g}"), {"limit": col.ge}))
    if col.le is not None:
        checks.append(Check("above_maximum", name, value > col.le, name,
                             _fixed(f"значение не может быть больше {col.le:g}"), {"limit": col.le}))
    return checks


def date_checks(col: ColumnSpec, options: LoadOptions) -> list[Check]:
    value = pl.col(col.name)
    checks = [Check("date_too_old", col.name, value < options.earliest, col.name, _fixed("проверьте год"),
                     {"limit": options.earliest})]
    if col.past:
        checks.append(Check("date_in_future", col.name, value > options.today, col.name,
                             _fixed("дата события не может быть позже сегодняшней; проверьте год"),
                             {"limit": options.today}))
    else:
        checks.append(Check("date_far_future", col.name, value > options.far_future, col.name,
                             _fixed("проверьте год"), {"limit": options.far_future}))
    return checks


def row_checks(spec: TableSpec) -> list[Check]:
    checks = []
    for earlier, later in spec.meta.date_order:
        checks.append(Check("date_order", later, pl.col(later) < pl.col(earlier), later,
                             _fixed(f"«{spec.column(later).ru}» не может быть раньше «{spec.column(earlier).ru}»"),
                             {"other": earlier},
                             other=earlier))
    for group in spec.meta.one_of:
        checks.append(Check("missing_value", " / ".join(group), pl.all_horizontal(pl.col(c).is_null() for c in group),
                             group[0], _fixed("заполните одно из: " + ", ".join(group))))
    return checks


