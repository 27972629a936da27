"""Findings addressed to an organization: people counted, not listed (their ids kept for ``explain``).

A head of a school acts on «3 молодых педагога без наставника», not on three lines with
three ids; the ids stay in :attr:`Finding.rows` and are shown only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from methodnet.plugins.registry import Finding


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 педагог», «3 педагога», «5 педагогов»: the Russian form for ``n`` (:mod:`methodnet.russian`)."""
    from methodnet.russian import plural_form

    return plural_form(n, one, few, many)


def people(n: int) -> str:
    """«1 работник», «2 работника», «5 работников»."""
    return f"{n} {plural(n, 'работник', 'работника', 'работников')}"


def per_organization(rule: Any, source: str | None, frame: pl.DataFrame, message: Callable[[int, Any], str],
                     action: str, *, id_column: str = "id", group: str | None = None,
                     table: str = "staff") -> list[Finding]:
    """One finding per organization (and ``group`` value) of ``frame``'s rows.

    ``frame`` holds ``organization_id`` and ``id_column`` (the ids counted); ``message(n, group)``
    words the finding for ``n`` distinct ids.
    """
    keys = ["organization_id"] + ([group] if group else [])
    counted = (frame.group_by(keys).agg(pl.col(id_column).drop_nulls().cast(pl.String).unique().sort().alias("ids"))
               .sort(keys, nulls_last=True))
    out = []
    for row in counted.iter_rows(named=True):
        ids = tuple(row["ids"])
        org = row["organization_id"]
        value = row.get(group) if group else None
        out.append(Finding(rule.id, rule.severity, "organization", org or "—", message(len(ids), value), source,
                           action, organization=org, group=None if value is None else str(value),
                           count=len(ids), rows=ids, table=table))
    return out
