"""Compare two stored monitorings, read from the store and never recomputed.

Per indicator × group: both values, the change (percentage points for shares), both
statuses. A comparison is honest about what differs besides the numbers: another profile
text, another definition of an indicator (its rows are shown but not given a change), other
data (fingerprint) or another data date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from methodnet.history.model import Monitoring
from methodnet.history.store import HistoryStore

_ROW = ["indicator", "period", "group_by", "group", "value", "status"]
_TOTAL = ["indicator", "period", "name", "unit", "target", "definition_sha256"]
_KEY = ["indicator", "group_by", "group", "pair"]
STATUS_RU = {"met": "выполнен", "not_met": "не выполнен", "in_progress": "в процессе", "no_target": "нет цели",
             "no_data": "нет данных", "unavailable": "недоступен"}


def change_unit(unit: str | None) -> str:
    """Shares change in percentage points; other values in their own unit."""
    return "п.п." if unit == "%" else (unit or "")


@dataclass(frozen=True)
class Comparison:
    """``b`` against ``a`` (``a`` is usually the earlier monitoring)."""

    a: Monitoring
    b: Monitoring
    rows: pl.DataFrame
    flags: dict[str, bool] = field(default_factory=dict)
    changed_definitions: tuple[str, ...] = ()

    def to_polars(self) -> pl.DataFrame:
        return self.rows

    def to_dict(self) -> dict:
        return {"a": self.a.id, "b": self.b.id, "flags": self.flags,
                "changed_definitions": list(self.changed_definitions), "rows": self.rows.to_dicts()}

    def to_text(self, *, totals_only: bool = True) -> str:
        """A table a methodist reads: the totals by default (groups in CSV/JSON)."""
        lines = [f"Сравнение: {self.a.series} v{self.a.version} ({', '.join(self.a.periods)}) → "
                 f"{self.b.series} v{self.b.version} ({', '.join(self.b.periods)})"]
        notes = {"profile_changed": "профиль (текст акта в methodnet) различается",
                 "data_changed": "данные различаются (отпечаток набора данных)",
                 "data_date_changed": "дата данных различается",
                 "definitions_changed": "определения показателей изменились: "
                                        + ", ".join(self.changed_definitions)}
        for flag, text in notes.items():
            if self.flags.get(flag):
                lines.append(f"  ! {text}")
        rows = self.rows.filter(pl.col("group_by").is_null()) if totals_only else self.rows
        lines.append("")
        lines.append(f"{'Показатель':<40} {'Было':>9} {'Стало':>9} {'Изменение':>12}  Статус")
        for r in rows.iter_rows(named=True):
            name = (r["name"] or r["indicator"])[:40]
            if r["group_by"] is not None:
                name = f"  {r['group_name'] or r['group']}"[:40]
            change = "опр. изм." if r["definition_changed"] else _num(r["change"], r["change_unit"], sign=True)
            status = STATUS_RU.get(r["status_a"], r["status_a"] or "—")
            if r["status_b"] != r["status_a"]:
                status += " → " + STATUS_RU.get(r["status_b"], r["status_b"] or "—")
            lines.append(f"{name:<40} {_num(r['value_a'], ''):>9} {_num(r['value_b'], ''):>9} {change:>12}  {status}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _num(value: float | None, unit: str | None, *, sign: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}" if sign else f"{value:.1f}"
    text = text.replace(".", ",").replace(",0", "") if text.endswith(",0") or text.endswith(".0") else \
        text.replace(".", ",")
    return f"{text} {unit}".strip()


def _pairs(a: Monitoring, b: Monitoring) -> dict[str, dict[str, int]]:
    """Which period of ``a`` meets which of ``b``: the same period, else in order (2024 ↔ 2025)."""
    if set(a.periods) == set(b.periods):
        order = {p: i for i, p in enumerate(sorted(a.periods))}
        return {"a": order, "b": order}
    return {"a": {p: i for i, p in enumerate(sorted(a.periods))},
            "b": {p: i for i, p in enumerate(sorted(b.periods))}}


def compare(store: HistoryStore, a_id: str, b_id: str) -> Comparison:
    """``b`` against ``a`` from the stored values of both.

    Per row only the numbers and keys are read; names, units, targets and definition hashes
    (the same for every group of an indicator and period) come from the totals, which are
    stored first — a national comparison reads a third of the bytes.
    """
    a, b = store.header(a_id), store.header(b_id)
    pairs = _pairs(a, b)
    sides = {}
    for side, header in (("a", a), ("b", b)):
        rows = store.values(header.id, columns=_ROW + (["group_name"] if side == "b" else []))
        totals = store.values(header.id, totals_only=True, columns=_TOTAL)
        rows = rows.join(totals, on=["indicator", "period"], how="left", maintain_order="left")
        rows = rows.with_columns(pl.col("period").replace_strict(pairs[side], default=None, return_dtype=pl.Int64)
                                 .alias("pair")).filter(pl.col("pair").is_not_null())
        keep = ("indicator", "group_by", "group", "pair")
        sides[side] = rows.rename({c: f"{c}_{side}" for c in rows.columns if c not in keep})
    joined = sides["a"].join(sides["b"], on=_KEY, how="full", coalesce=True, nulls_equal=True,
                             maintain_order="left")
    joined = joined.with_columns(
        pl.coalesce("name_b", "name_a").alias("name"), pl.col("group_name_b").alias("group_name"),
        pl.coalesce("unit_b", "unit_a").alias("unit"),
        (pl.col("definition_sha256_a").is_not_null() & pl.col("definition_sha256_b").is_not_null()
         & (pl.col("definition_sha256_a") != pl.col("definition_sha256_b"))).alias("definition_changed"),
    )
    joined = joined.with_columns(
        pl.when(pl.col("definition_changed")).then(None).otherwise(pl.col("value_b") - pl.col("value_a"))
        .alias("change"),
        pl.when(pl.col("unit") == "%").then(pl.lit("п.п.")).otherwise(pl.col("unit").fill_null("")).alias("change_unit"),
        (pl.col("status_a").fill_null("") != pl.col("status_b").fill_null("")).alias("status_changed"),
    )
    rows = joined.select("indicator", "name", "group_by", "group", "group_name", "period_a", "period_b", "value_a",
                         "value_b", "unit", "change", "change_unit", "target_a", "target_b", "status_a", "status_b",
                         "status_changed", "definition_changed")
    changed = tuple(sorted(set(rows.filter(pl.col("definition_changed"))["indicator"].to_list())))
    flags = {"profile_changed": a.profile_sha256 != b.profile_sha256,
             "data_changed": a.data_fingerprint != b.data_fingerprint,
             "data_date_changed": a.data_date != b.data_date,
             "definitions_changed": bool(changed)}
    return Comparison(a, b, rows, flags, changed)
