"""Measures (управленческие решения) and, from the second monitoring on, their effect.

A measure is recorded with the monitoring after which it was decided (``measures`` of
:class:`~methodnet.history.model.StoredMonitoring`). The next monitoring checks it: the
change of each indicator it targets between the two monitorings, and whether it was done
by its deadline. The date it was done is taken from the later monitoring's measures
(the same wording, ``done_on`` filled in) or, failing that, from the earlier record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.spravka import russian as ru
from methodnet.spravka.model import EffectRow, MeasureRow

if TYPE_CHECKING:
    from methodnet.spravka.content import NoteBuilder


def _indicator_list(ids: list[str] | None, numbers: dict[str, int]) -> str:
    return ", ".join(f"№ {numbers[i]}" if i in numbers else i for i in ids or []) or "—"


def _done(deadline: dt.date | None, done_on: dt.date | None, as_of: dt.date) -> str:
    if done_on is not None:
        if deadline is None or done_on <= deadline:
            return f"выполнена в срок ({ru.date_short(done_on)})"
        return f"выполнена с опозданием ({ru.date_short(done_on)}, срок {ru.date_short(deadline)})"
    if deadline is not None and deadline >= as_of:
        return "срок не наступил"
    return "не выполнена" + (f" (срок {ru.date_short(deadline)})" if deadline else "")


def measures(frame: pl.DataFrame, numbers: dict[str, int]) -> list[MeasureRow]:
    """The measures recorded with this monitoring, as the table «мера | ответственный | срок | показатели»."""
    out = []
    for n, row in enumerate(frame.to_dicts(), start=1):
        out.append(MeasureRow(n, row["measure"], row["responsible"] or "—", ru.date_short(row["deadline"]),
                              _indicator_list(row["indicators"], numbers),
                              ru.date_short(row["done_on"]) if row["done_on"] else "—"))
    return out


def _effect(changes: list[bool | None], known: int) -> str:
    if known == 0:
        return "нет данных"
    if all(c is None for c in changes):
        return "без изменений"
    if all(c is not False for c in changes):
        return "положительный"
    if all(c is not True for c in changes):
        return "отрицательный"
    return "неоднозначный"


def effects(builder: "NoteBuilder") -> tuple[list[EffectRow], str]:
    """Each earlier measure: done by its deadline or not, the change of its indicators, the verdict."""
    from methodnet.spravka.model import improved

    if builder.prev is None or builder.prev.stored.measures.is_empty():
        return [], ""
    later = {r["measure"]: r for r in builder.cur.stored.measures.to_dicts()}
    as_of = builder.cur.stored.header.data_date or dt.date.today()
    rows, verdicts = [], []
    for n, m in enumerate(builder.prev.stored.measures.to_dicts(), start=1):
        done_on = (later.get(m["measure"]) or {}).get("done_on") or m["done_on"]
        parts, moves, known = [], [], 0
        for ind in m["indicators"] or []:
            before, after = builder.prev_totals.get(ind), builder.totals.get(ind)
            label = f"№ {builder.numbers[ind]}" if ind in builder.numbers else ind
            if before is None or after is None or before["value"] is None or after["value"] is None:
                parts.append(f"{label}: нет данных для сравнения")
                continue
            if not builder.comparable(ind, after):
                parts.append(f"{label}: определение изменилось, не сравнивается")
                continue
            known += 1
            unit = after["unit"]
            delta = after["value"] - before["value"]
            moves.append(improved(delta, after["comparator"]))
            shift = "" if unit == "да/нет" else f" ({ru.change(delta, unit)})"
            parts.append(f"{label}: {ru.with_unit(before['value'], unit, before['denominator'])} → "
                         f"{ru.with_unit(after['value'], unit, after['denominator'])}{shift}")
        effect = _effect(moves, known)
        verdicts.append(effect)
        rows.append(EffectRow(n, m["measure"], ru.date_short(m["deadline"]), _done(m["deadline"], done_on, as_of),
                              "; ".join(parts) or "показатели не указаны", effect))
    positive = verdicts.count("положительный")
    done = sum(1 for r in rows if r.done.startswith("выполнена"))
    sentence = (f"Мер, принятых по результатам предыдущего мониторинга: {len(rows)}; выполнено — {done}, "
                f"с положительным эффектом — {positive}.")
    return rows, sentence


def measures_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A measures frame (MEASURE_COLUMNS) from plain dicts — for fixtures and the intake of a file."""
    from methodnet.history.model import MEASURE_COLUMNS

    return pl.DataFrame(rows, schema=MEASURE_COLUMNS)
