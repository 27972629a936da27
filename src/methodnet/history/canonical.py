"""Content hashes of a monitoring: one per row, one over the whole record.

Why row hashes: ``verify`` must *name* a row changed behind the store's back, not only say
that something changed. The canonical text of a row is built by Polars in one vectorised
pass and hashed with :mod:`hashlib` (sha256), so 250,000 rows cost a fraction of a second.
A float is written as the 64 bits of its IEEE 754 value (exact and independent of how any
library prints numbers); ``-0.0`` and NaN are normalised before storing, because SQLite
cannot keep them apart from ``0`` and NULL. The header is canonical JSON (sorted keys).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

NULL = "\x00"
SEP = "\x1f"


def normalise(frame: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """The frame with exactly ``schema``'s columns and types; NaN → null, −0.0 → 0.0."""
    columns = []
    for name, dtype in schema.items():
        col = pl.col(name) if name in frame.columns else pl.lit(None)
        col = col.cast(dtype)
        if dtype == pl.Float64():
            col = (pl.when(col.is_nan()).then(None).otherwise(col) + 0.0).alias(name)
        columns.append(col.alias(name))
    return frame.select(columns)


def _text(series: pl.Series) -> pl.Series:
    if series.dtype == pl.Float64:
        filled = series.fill_null(0.0).to_numpy().view(np.uint64)
        text = pl.Series(series.name, filled, dtype=pl.UInt64).cast(pl.String)
        return pl.select(pl.when(series.is_null()).then(pl.lit(NULL)).otherwise(text).alias(series.name)).to_series()
    if series.dtype == pl.Date:
        return series.cast(pl.String).fill_null(NULL)
    if isinstance(series.dtype, pl.List):
        return series.list.join(",").fill_null(NULL)
    return series.cast(pl.String).fill_null(NULL)


def _joined(frame: pl.DataFrame) -> pl.Series:
    texts = pl.DataFrame([_text(frame[c]) for c in frame.columns])
    return texts.select(pl.concat_str(pl.all(), separator=SEP).alias("t"))["t"]


def row_hash_series(frame: pl.DataFrame) -> pl.Series:
    """sha256 (hex) of every row of a normalised frame, as a Series.

    With the optional ``polars-hash`` plugin (extra ``fast``) the hashing runs vectorised in
    Rust; without it, :mod:`hashlib` gives the same digests a row at a time.
    """
    if frame.height == 0:
        return pl.Series("row_sha256", [], dtype=pl.String)
    joined = _joined(frame)
    try:
        import polars_hash as plh
    except ImportError:
        sha = hashlib.sha256
        return pl.Series("row_sha256", [sha(t.encode()).hexdigest() for t in joined.to_list()], dtype=pl.String)
    return joined.to_frame().select(plh.col("t").chash.sha2_256().alias("row_sha256")).to_series()


def row_hashes(frame: pl.DataFrame) -> list[str]:
    """sha256 (hex) of every row of a normalised frame, in order."""
    return row_hash_series(frame).to_list()


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same text for the same content."""
    return json.dumps(_jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _lines(hashes: Sequence[str] | pl.Series) -> str:
    if isinstance(hashes, pl.Series):
        return hashes.str.join("\n").item() if len(hashes) else ""
    return "\n".join(hashes)


def content_hash(header: Mapping[str, Any], parts: Mapping[str, Sequence[str] | pl.Series]) -> str:
    """sha256 over the header (without its own hash) and the row hashes of every part, in order."""
    digest = hashlib.sha256()
    digest.update(canonical_json({k: v for k, v in header.items() if k != "content_sha256"}).encode())
    for name in sorted(parts):
        digest.update(f"\n#{name}\n".encode())
        digest.update(_lines(parts[name]).encode())
    return digest.hexdigest()


def frame_sha256(frame: pl.DataFrame) -> str:
    """Hash of a dataset table's content (its CSV text, lists joined): the data fingerprint of one table.

    CSV is the fastest exact text Polars writes (about 2.5 million rows a second here); the
    fingerprint only tells whether two monitorings saw the same data.
    """
    lists = [pl.col(c).cast(pl.List(pl.String)).list.join("\x1e") for c, t in frame.schema.items()
             if isinstance(t, pl.List)]
    buffer = io.BytesIO()
    (frame.with_columns(lists) if lists else frame).write_csv(buffer)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()
