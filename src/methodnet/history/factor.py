"""Store an indicator's constants once, not on each of its 250,000 rows.

An evaluation repeats per row what belongs to the indicator: its name, kind, unit,
comparator, source and definition hash — most of a row's bytes. The store keeps them in
``monitoring_indicator`` (one row per indicator) and leaves them empty in the value rows;
reading puts them back. A column is factored out only when every row of the indicator
has the same value (null included), so reading back gives exactly what was recorded, and
row hashes are always of the rows as recorded.
"""

from __future__ import annotations

import polars as pl

CONSTANT = ("name", "kind", "unit", "comparator", "source", "definition_sha256")


def split(values: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(value rows with the constants emptied, one row of constants per indicator)."""
    present = [c for c in CONSTANT if c in values.columns]
    constants = values.group_by("indicator", maintain_order=True).agg(
        pl.when(pl.col(c).n_unique() == 1).then(pl.col(c).first()).otherwise(None).alias(c) for c in present)
    joined = values.join(constants, on="indicator", how="left", suffix="__k", maintain_order="left")
    rows = joined.with_columns(pl.when(pl.col(f"{c}__k").is_not_null()).then(None).otherwise(pl.col(c)).alias(c)
                               for c in present).select(values.columns)
    return rows, constants


def restore(rows: pl.DataFrame, constants: pl.DataFrame) -> pl.DataFrame:
    """The value rows with their indicator's constants put back."""
    present = [c for c in CONSTANT if c in rows.columns and c in constants.columns]
    if not present or constants.height == 0:
        return rows
    joined = rows.join(constants.select("indicator", *present), on="indicator", how="left", suffix="__k",
                       maintain_order="left")
    return joined.with_columns(pl.coalesce(c, f"{c}__k").alias(c) for c in present).select(rows.columns)
