"""Dataset-level integrity: unique keys and resolvable references across tables.

Runs after every table is typed (:mod:`methodnet.io.validate`). Both checks are one
batch for polars — a duplicate count per table and one anti-join per referenced table
— and rows are only looked at where something is wrong.
"""

from __future__ import annotations

import difflib
from typing import Any

import polars as pl

from methodnet.errors import Report
from methodnet.io.validate import ROW, LoadedTable, LoadOptions, RawTable, ValidationContext  # noqa: F401  (LoadedTable: also its former place)
from methodnet.model.spec import TableRegistry, TableSpec

#: Columns that name a record for people, in the order tried: a reference may be given
#: by this name instead of the id (the intake form's drop-downs show names).
DISPLAY_COLUMNS = ("name", "title", "full_name")


def display_column(spec: TableSpec) -> str | None:
    """The column people know a record by (``name``, ``title``, ``full_name``), if the table has one."""
    return next((c for c in DISPLAY_COLUMNS if c in spec.column_names and c not in spec.key), None)


def check_dataset(tables: dict[str, LoadedTable], registry: TableRegistry, report: Report,
                  options: LoadOptions, skip_targets: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Unique keys and resolvable references across tables.

    References into ``skip_targets`` (tables that failed to load) are not checked: every
    one of them would look dangling and bury the real problem.
    """
    contexts = {name: ValidationContext(RawTable(registry[name], t.headers, t.frame, t.frame[ROW], t.source), report, options)
                for name, t in tables.items()}
    # One batch for polars: a duplicate count per table and an anti-join per reference
    # (hash-based, parallel). Rows are only looked at where something is wrong.
    names = [n for n, t in tables.items() if t.frame.height]
    # Distinct hashes are cheap to count: equal keys hash equally, so no repeated hash
    # proves the keys unique; a repeated hash (or a rare collision) gets the exact check.
    duplicates = [tables[n].frame.lazy().select(
        (pl.len() - pl.struct(registry[n].key).hash().n_unique()).alias("dup")) for n in names]
    refs = [(name, col) for name in tables for col in registry[name].references
            if col.ref not in skip_targets]
    # References grouped by target table: one anti-join per target, so the target's key
    # hash is built once however many tables point at it (a dozen point at staff).
    by_target: dict[str, list[int]] = {}
    for i, (_, col) in enumerate(refs):
        by_target.setdefault(col.ref, []).append(i)  # type: ignore[arg-type]
    queries = []
    for target, members in by_target.items():
        key = registry[target].key[0]
        keys = (tables[target].frame.lazy() if target in tables else registry[target].empty().lazy()) \
            .select(pl.col(key).alias("__key"))
        values = pl.concat([tables[refs[i][0]].frame.lazy()
                            .select(pl.lit(i, pl.Int32).alias("__ref"), ROW, pl.col(refs[i][1].name).alias("__value"))
                            .filter(pl.col("__value").is_not_null()) for i in members])
        queries.append(values.join(keys, left_on="__value", right_on="__key", how="anti"))
    results = pl.collect_all(duplicates + queries)
    for name, dup in zip(names, results[: len(names)]):
        if dup.item():
            _check_keys(registry[name], tables[name].frame, contexts[name])
    for target, dangling in zip(by_target, results[len(names):]):
        if not dangling.height:
            continue
        dangling = _resolve_names(dangling, target, refs, tables, registry)
        if not dangling.height:
            continue
        target_frame = tables[target].frame if target in tables else registry[target].empty()
        key_list = target_frame[registry[target].key[0]].head(5000).to_list()
        shown = display_column(registry[target])
        namesakes = set(target_frame.filter(pl.len().over(shown) > 1)[shown].drop_nulls().to_list()) if shown else set()
        for (ref_index,), found in dangling.group_by("__ref", maintain_order=True):
            name, col = refs[ref_index]
            ctx = contexts[name]
            for row, value in found.select(ROW, "__value").head(options.per_check).iter_rows():
                hint = _reference_hint(value, registry[target].ru, key_list, namesakes)
                ctx.problem("dangling_reference", row=row, column=col.name, value=_masked(value, target),
                            target=registry[target].ru, hint=hint)
            ctx.uncounted("dangling_reference", found.height - min(found.height, options.per_check))
    from methodnet.io.facts import check_facts

    check_facts(tables, contexts, skip_targets)


#: «Лебедева Ирина Александровна (S0000012)»: what the form's reference drop-downs offer.
LABELLED_ID = r"\(([^()]+)\)\s*$"


def _resolve_names(dangling: pl.DataFrame, target: str, refs: list[tuple[str, Any]],
                   tables: dict[str, LoadedTable], registry: TableRegistry) -> pl.DataFrame:
    """Replace references written as «name (id)» or as a record's name by the id; return what still dangles.

    «name (id)» resolves when the id exists; a bare name only when exactly one record
    has it (namesakes stay dangling and the hint asks for the id). Tables are updated
    in place.
    """
    if target not in tables:
        return dangling
    key = registry[target].key[0]
    ids = tables[target].frame.select(pl.col(key).alias("__id"))
    labelled = dangling.with_columns(pl.col("__value").str.extract(LABELLED_ID, 1).str.strip_chars().alias("__id")) \
        .join(ids, on="__id", how="inner")
    column = display_column(registry[target])
    named = dangling.join(labelled.select("__ref", ROW), on=["__ref", ROW], how="anti")
    if column is not None:
        names = tables[target].frame.select(pl.col(column).alias("__value"), pl.col(key).alias("__id")) \
            .drop_nulls().filter(pl.len().over("__value") == 1)
        named = named.join(names, on="__value", how="inner")
    else:
        named = named.clear().with_columns(pl.lit(None, pl.String).alias("__id"))
    found = pl.concat([labelled.select("__ref", ROW, "__id"), named.select("__ref", ROW, "__id")])
    if not found.height:
        return dangling
    for (ref_index,), rows in found.group_by("__ref"):
        name, col = refs[ref_index]
        frame = tables[name].frame.join(rows.select(ROW, "__id"), on=ROW, how="left", maintain_order="left")
        tables[name].frame = frame.with_columns(pl.coalesce("__id", col.name).alias(col.name)).drop("__id")
    return dangling.join(found.select("__ref", ROW), on=["__ref", ROW], how="anti")


def _masked(value: Any, target: str) -> Any:
    """A reference to a person written as a name is personal data: quote only its first letter."""
    if target == "staff" and isinstance(value, str) and " " in value.strip():
        return value.strip()[0] + "…"
    return value


def _reference_hint(value: Any, target: str, keys: list[str], namesakes: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    if value in namesakes:
        return "такое наименование у нескольких записей: выберите из списка вариант с идентификатором в скобках"
    # difflib is quadratic in the word: a 5 MB cell would take minutes; real keys are short
    guess = difflib.get_close_matches(str(value), keys, n=1, cutoff=0.6) if len(str(value)) <= 100 else []
    if guess:
        return f"возможно, «{guess[0]}»"
    return f"добавьте запись в «{target}» или исправьте ссылку"


def _check_keys(spec: TableSpec, frame: pl.DataFrame, ctx: ValidationContext) -> None:
    """Report repeated keys (called only when a table has some)."""
    key = list(spec.key)
    first = pl.col(key[0]).is_first_distinct() if len(key) == 1 else pl.struct(key).is_first_distinct()
    dup = frame.select(first.not_()).to_series()
    n = int(dup.sum())
    if not n:
        return
    firsts = frame.group_by(key).agg(pl.col(ROW).min().alias("__first__"))
    bad = frame.filter(dup).head(ctx.options.per_check).join(firsts, on=key, how="left")
    for row in bad.iter_rows(named=True):
        value = " / ".join(str(row[k]) for k in key)
        ctx.problem("duplicate_id", row=row[ROW], column=", ".join(key), value=value,
                    first_row=row["__first__"], hint="у каждой записи должен быть свой идентификатор")
    ctx.uncounted("duplicate_id", n - bad.height)
