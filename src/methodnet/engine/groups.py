"""Breakdowns: which column of a table carries a grouping's key, and the human names of keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from methodnet.choices import GROUPINGS
from methodnet.expr.scope import Scope
from methodnet.model.spec import TableRegistry
from methodnet.model.vocab import Level

if TYPE_CHECKING:
    from methodnet.dataset import Dataset

__all__ = ["GROUPINGS", "group_path", "labels"]

#: Where to find a grouping's key from a table, tried in order.
_GROUP_PATHS = {
    "municipality": ("municipality_id", "organization.municipality_id", "event.municipality_id",
                     "staff.organization.municipality_id", "diagnostic.staff.organization.municipality_id"),
    "organization": ("organization_id", "staff.organization_id", "diagnostic.staff.organization_id"),
    "organization_kind": ("organization.kind", "staff.organization.kind"),
    "level": ("level", "event.level"),
}
_OWN_KEY = {("municipality", "municipality"): "id", ("organization", "organization"): "id",
            ("organization", "organization_kind"): "kind"}

#: What a row without a key is called in a breakdown.
UNASSIGNED = "не указано"


def group_path(table: str, grouping: str, registry: TableRegistry) -> str | None:
    """Column (or reference path) of ``table`` that carries ``grouping``'s key, if any."""
    if (table, grouping) in _OWN_KEY:
        return _OWN_KEY[(table, grouping)]
    for path in _GROUP_PATHS[grouping]:
        scope = Scope(table, registry)
        parts = path.split(".")
        ok = True
        for part in parts[:-1]:
            target = scope.reference(part)
            if target is None:
                ok = False
                break
            scope = Scope(target, registry)
        if ok and scope.column(parts[-1]) is not None:
            return path
    return None


def labels(dataset: "Dataset", grouping: str) -> pl.DataFrame:
    """``group`` → ``group_name`` for every key of a grouping."""
    if grouping == "municipality":
        frame = dataset["municipality"].select(pl.col("id").alias("group"), pl.col("name").alias("group_name"))
    elif grouping == "organization":
        frame = dataset["organization"].select(pl.col("id").alias("group"),
                                               pl.coalesce("short_name", "name").alias("group_name"))
    else:
        # the data's own column: it also holds the kinds a profile added («ЦНППМ»)
        members = dataset.registry["organization"].column("kind").members if grouping == "organization_kind" \
            else Level.members()
        frame = pl.DataFrame({"group": [m.code for m in members], "group_name": [m.ru for m in members]},
                             schema={"group": pl.String, "group_name": pl.String})
    return frame.with_columns(pl.lit(grouping).alias("group_by"))
