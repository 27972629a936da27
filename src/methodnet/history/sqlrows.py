"""Frames and headers as the SQL history stores hold them, and back.

Both backends store dates as ISO text, booleans as integers and lists as JSON text, and a
monitoring's header as one row of ``monitoring`` in the order of :data:`HEADER_COLUMNS`;
these conversions are the one place that knows it, so that writing and reading agree.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import polars as pl

from methodnet.history.model import Monitoring, StoredMonitoring, TableFingerprint

HEADER_COLUMNS = ("id", "series", "version", "supersedes", "reason", "recorded_at", "recorded_by", "note",
                  "methodnet_version", "profile_id", "profile_name", "profile_sha256", "profile_text", "territory",
                  "periods", "breakdown", "data_date", "data_label", "data_fingerprint", "tables", "extra",
                  "content_sha256")


def quote_column(column: str) -> str:
    return f'"{column}"'


def parse_time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def header_row(stored: StoredMonitoring) -> tuple:
    """The ``monitoring`` row of a sealed monitoring: :data:`HEADER_COLUMNS`, then the values' columnar copy."""
    h = stored.header
    block = io.BytesIO()
    stored.values.write_ipc(block, compression="zstd")
    return (h.id, h.series, h.version, h.supersedes, h.reason, h.recorded_at.isoformat(), h.recorded_by, h.note,
            h.methodnet_version, h.profile_id, h.profile_name, h.profile_sha256, stored.profile_text, h.territory,
            json.dumps(list(h.periods), ensure_ascii=False), h.by,
            h.data_date.isoformat() if h.data_date else None, h.data_label, h.data_fingerprint,
            json.dumps([[t.table, t.rows, t.sha256] for t in h.tables], ensure_ascii=False),
            json.dumps(h.extra, ensure_ascii=False, sort_keys=True), h.content_sha256, block.getvalue())


def header_from_row(r: tuple) -> Monitoring:
    """A :class:`Monitoring` from a ``monitoring`` row as the header query reads it (with the approval)."""
    (id_, series, version, supersedes, reason, recorded_at, recorded_by, note, mversion, profile_id, profile_name,
     profile_sha, _text, territory, periods, by, data_date, data_label, fingerprint, tables, extra, content,
     approved_at, approved_by) = r
    return Monitoring(
        id=id_, series=series, version=int(version), supersedes=supersedes, reason=reason,
        state="approved" if approved_at else "draft", recorded_at=parse_time(recorded_at),  # type: ignore[arg-type]
        recorded_by=recorded_by, note=note, methodnet_version=mversion, profile_id=profile_id,
        profile_name=profile_name, profile_sha256=profile_sha, territory=territory,
        periods=tuple(json.loads(periods)), by=by, data_date=dt.date.fromisoformat(data_date) if data_date else None,
        data_label=data_label, data_fingerprint=fingerprint,
        tables=tuple(TableFingerprint(t, int(n), s) for t, n, s in json.loads(tables)), content_sha256=content,
        approved_at=parse_time(approved_at), approved_by=approved_by, extra=json.loads(extra))


def sql_type(dtype: pl.DataType) -> pl.DataType:
    if dtype == pl.Boolean():
        return pl.Int64()
    return pl.String() if dtype == pl.Date() or isinstance(dtype, pl.List) else dtype


def to_sql(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO text and lists as JSON text, as both backends store them."""
    out = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            out.append(pl.col(name).dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            out.append(pl.col(name).cast(pl.Int64))
        elif isinstance(dtype, pl.List):
            out.append(pl.col(name).map_elements(lambda v: json.dumps(list(v), ensure_ascii=False),
                                                 return_dtype=pl.String))
        else:
            out.append(pl.col(name))
    return frame.select(out)


def from_sql(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    out = []
    for name, dtype in schema.items():
        if dtype == pl.Date():
            out.append(pl.col(name).str.to_date("%Y-%m-%d"))
        elif isinstance(dtype, pl.List):
            out.append(pl.col(name).str.json_decode(dtype))
        else:
            out.append(pl.col(name).cast(dtype))
    return frame.select(out)
