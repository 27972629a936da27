"""What the SQLite and PostgreSQL stores share: the tables, the queries, writing and reading back.

A backend supplies the connection, a write transaction, a bulk insert (``executemany`` for
SQLite, ``COPY`` for PostgreSQL) and the translation of its errors. Rows of a monitoring's
parts are keyed ``monitoring.key * 2**32 + position``: one range per monitoring, read with a
range scan, written in order. The schema migrations are in :mod:`methodnet.history.migrate`,
the conversions of frames and headers to SQL rows in :mod:`methodnet.history.sqlrows`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl

from methodnet.history.canonical import normalise, row_hashes
from methodnet.history.factor import CONSTANT, restore, split
from methodnet.history.migrate import SchemaMigrations
from methodnet.history.model import Event, Monitoring, StoredMonitoring
from methodnet.history.record import PARTS, seal
from methodnet.history.sqlrows import (
    HEADER_COLUMNS,
    from_sql,
    header_from_row,
    header_row,
    parse_time,
    quote_column,
    sql_type,
    to_sql,
)
from methodnet.history.store import HistoryError, uri_label

SHIFT = 32
TABLES = {"values": "monitoring_value", "targets": "monitoring_target", "findings": "monitoring_finding",
          "measures": "monitoring_measure"}


class SqlStore(SchemaMigrations):
    """A history store in a SQL database (see the subclasses for the dialects)."""

    dialect = "sql"
    param = "?"

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.conn: Any = self._connect()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ backend hooks

    def _connect(self) -> Any:
        raise NotImplementedError

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """A write transaction yielding a cursor; errors are translated to :class:`HistoryError`."""
        raise NotImplementedError
        yield

    def _bulk(self, cur: Any, table: str, columns: list[str], frame: pl.DataFrame) -> None:
        raise NotImplementedError

    def _insert_monitoring(self, cur: Any, row: tuple) -> int:
        raise NotImplementedError

    def _tables_present(self, cur: Any) -> set[str]:
        raise NotImplementedError

    def _extra_child_columns(self, stored: StoredMonitoring) -> dict[str, Any]:
        """Columns a backend adds to every part row (PostgreSQL: the territory, for row-level security)."""
        return {}

    # ------------------------------------------------------------------ helpers

    def sql(self, text: str) -> str:
        return text if self.param == "?" else text.replace("?", self.param)

    def query(self, text: str, params: tuple = ()) -> list[tuple]:
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(text), params)
            return cur.fetchall()
        finally:
            cur.close()
            self._end_read()

    def _read_frame(self, text: str, params: tuple, schema: dict[str, pl.DataType]) -> pl.DataFrame:
        """A query's rows as a frame (PostgreSQL streams them with COPY instead)."""
        return pl.DataFrame(self.query(text, params), schema=schema, orient="row")

    def _end_read(self) -> None:
        """Close the implicit read transaction a backend may have opened."""

    @property
    def label(self) -> str:
        return uri_label(self.uri)

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> "SqlStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def add(self, stored: StoredMonitoring, hashes: dict[str, Any] | None = None, *,
            event: str = "recorded", actor: str | None = None, comment: str | None = None,
            events: tuple[Event, ...] = ()) -> Monitoring:
        """Append a sealed monitoring, its parts and its events in one transaction."""
        if hashes is None:
            stored, hashes = seal(stored)
        h = stored.header
        row = header_row(stored)
        extra = self._extra_child_columns(stored)
        with self._write() as cur:
            key = self._insert_monitoring(cur, row)
            for part, table in TABLES.items():
                frame = getattr(stored, part)
                if frame.height == 0:
                    continue
                if part == "values":
                    frame, constants = split(frame)
                    self._rows(cur, "monitoring_indicator", key, constants, None, extra)
                self._rows(cur, table, key, frame, hashes[part], extra)
            for past in events:
                self._insert_event(cur, past.monitoring_id, past.kind, past.at, past.actor, past.comment, h.territory)
            self._insert_event(cur, h.id, event, _now(), actor, comment, h.territory)
        return self.header(h.id)

    def _rows(self, cur: Any, table: str, key: int, frame: pl.DataFrame, hashes: Any, extra: dict[str, Any]) -> None:
        """Rows of one part, keyed ``key * 2**32 + position``, with their hashes (if the part has them)."""
        added = [pl.int_range(0, frame.height, dtype=pl.Int64).add(key << SHIFT).alias("row_key"),
                 *(pl.lit(v, dtype=pl.String).alias(k) for k, v in extra.items())]
        if hashes is not None:
            added.append(pl.Series("row_sha256", hashes, dtype=pl.String))
        frame = to_sql(frame).with_columns(added)
        columns = ["row_key", *(c for c in frame.columns if c not in ("row_key", "row_sha256", *extra)),
                   *(["row_sha256"] if hashes is not None else []), *extra]
        self._bulk(cur, table, columns, frame.select(columns))

    def _insert_event(self, cur: Any, monitoring_id: str, kind: str, at: dt.datetime, actor: str | None,
                      comment: str | None, territory: str | None) -> None:
        cur.execute(self.sql("INSERT INTO monitoring_event (monitoring_id, kind, at, actor, comment, territory) "
                             "VALUES (?, ?, ?, ?, ?, ?)"), (monitoring_id, kind, at.isoformat(), actor, comment,
                                                           territory))

    def log(self, monitoring_id: str, kind: str, *, actor: str | None = None, comment: str | None = None) -> Event:
        header = self.header(monitoring_id)
        at = _now()
        with self._write() as cur:
            self._insert_event(cur, monitoring_id, kind, at, actor, comment, header.territory)
        return Event(monitoring_id, kind, at, actor, comment)  # type: ignore[arg-type]

    def approve(self, monitoring_id: str, *, actor: str | None = None, comment: str | None = None) -> Event:
        header = self.header(monitoring_id)
        if header.approved:
            raise _approved_twice(header)
        try:
            return self.log(monitoring_id, "approved", actor=actor, comment=comment)
        except HistoryError as exc:
            if exc.code == "duplicate":
                raise _approved_twice(self.header(monitoring_id)) from None
            raise

    # ------------------------------------------------------------------ reading

    _HEADER_SQL = ("SELECT key, " + ", ".join(quote_column(c) for c in HEADER_COLUMNS) +
                   ", (SELECT at FROM monitoring_event e WHERE e.monitoring_id = m.id AND e.kind = 'approved')"
                   ", (SELECT actor FROM monitoring_event e WHERE e.monitoring_id = m.id AND e.kind = 'approved')"
                   " FROM monitoring m")

    def _key(self, monitoring_id: str) -> tuple[int, Monitoring]:
        rows = self.query(self._HEADER_SQL + " WHERE id = ?", (monitoring_id,))
        if not rows:
            rows = self.query(self._HEADER_SQL + " WHERE id LIKE ?", (f"{monitoring_id}%",)) \
                if len(monitoring_id) >= 6 else []
            if len(rows) > 1:
                raise HistoryError("ambiguous_id", f"начало id «{monitoring_id}» подходит к {len(rows)} мониторингам",
                                   where=self.label, hint="укажите id полностью")
        if not rows:
            raise HistoryError("unknown_id", f"нет мониторинга с id «{monitoring_id}»", where=self.label,
                               hint="methodnet history list покажет сохранённые")
        return rows[0][0], header_from_row(rows[0][1:])

    def header(self, monitoring_id: str) -> Monitoring:
        return self._key(monitoring_id)[1]

    def list(self, *, profile: str | None = None, territory: str | None = None, period: str | None = None,
             state: str | None = None) -> list[Monitoring]:
        where, params = [], []
        if profile:
            where.append("profile_id = ?")
            params.append(profile)
        if territory:
            where.append("territory = ?")
            params.append(territory)
        text = self._HEADER_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY recorded_at, key"
        found = [header_from_row(r[1:]) for r in self.query(text, tuple(params))]
        return [m for m in found if (period is None or period in m.periods) and (state is None or m.state == state)]

    def successor(self, monitoring_id: str) -> str | None:
        rows = self.query("SELECT id FROM monitoring WHERE supersedes = ?", (monitoring_id,))
        return rows[0][0] if rows else None

    def events(self, monitoring_id: str | None = None) -> list[Event]:
        text = "SELECT monitoring_id, kind, at, actor, comment FROM monitoring_event"
        rows = self.query(text + " WHERE monitoring_id = ? ORDER BY id", (monitoring_id,)) if monitoring_id else \
            self.query(text + " ORDER BY id")
        return [Event(r[0], r[1], parse_time(r[2]), r[3], r[4]) for r in rows]  # type: ignore[arg-type]

    def _part(self, key: int, part: str, *, limit: int | None = None, columns: list[str] | None = None,
              with_hash: bool = False) -> pl.DataFrame:
        schema = PARTS[part]
        wanted = columns or list(schema)
        asked = wanted
        if part == "values" and set(wanted) & set(CONSTANT) and "indicator" not in wanted:
            wanted = ["indicator", *wanted]  # the constants are found by indicator
        names = [*wanted, "row_sha256"] if with_hash else wanted
        low = key << SHIFT
        high = low + (limit if limit is not None else (1 << SHIFT)) - 1
        sql_schema = {c: sql_type(schema[c]) for c in wanted}
        if with_hash:
            sql_schema["row_sha256"] = pl.String()
        frame = self._read_frame(f"SELECT {', '.join(quote_column(c) for c in names)} FROM {TABLES[part]} "
                                 "WHERE row_key BETWEEN ? AND ? ORDER BY row_key", (low, high), sql_schema)
        typed = {c: schema[c] for c in wanted}
        if with_hash:
            typed["row_sha256"] = pl.String()
        frame = from_sql(frame, typed)
        if part == "values" and "indicator" in frame.columns and set(wanted) & set(CONSTANT):
            present = [c for c in CONSTANT if c in wanted]
            constants = self._read_frame(
                f"SELECT indicator, {', '.join(quote_column(c) for c in present)} FROM monitoring_indicator "
                "WHERE row_key BETWEEN ? AND ?", (key << SHIFT, ((key + 1) << SHIFT) - 1),
                {"indicator": pl.String(), **{c: schema[c] for c in present}})
            frame = restore(frame, constants)
        return frame.select(*asked, *(["row_sha256"] if with_hash else []))

    def values(self, monitoring_id: str, *, totals_only: bool = False,
               columns: list[str] | None = None) -> pl.DataFrame:
        """The stored values (all, or only the totals, which are stored first), without reading the rest.

        Read from the monitoring's columnar copy (one block instead of a row per value); the rows
        themselves are read only when the copy is missing.
        """
        key, header = self._key(monitoring_id)
        limit = int(header.extra.get("totals", 0)) if totals_only else None
        if limit is not None and limit < 5000:
            return self._part(key, "values", limit=limit, columns=columns)
        block = self.values_block(key)
        if block is None:
            return self._part(key, "values", limit=limit, columns=columns)
        frame = pl.read_ipc(io.BytesIO(block), columns=columns or list(PARTS["values"]))
        return frame.head(limit) if limit is not None else frame

    def columnar(self, monitoring_id: str) -> pl.DataFrame | None:
        """The columnar copy of the values as stored (``verify`` checks it against the rows)."""
        key, _ = self._key(monitoring_id)
        block = self.values_block(key)
        return None if block is None else pl.read_ipc(io.BytesIO(block))

    def values_block(self, key: int) -> bytes | None:
        rows = self.query("SELECT values_ipc FROM monitoring WHERE key = ?", (key,))
        return bytes(rows[0][0]) if rows and rows[0][0] is not None else None

    def part(self, monitoring_id: str, part: str) -> pl.DataFrame:
        """One part (values, targets, findings, measures) of a stored monitoring."""
        key, _ = self._key(monitoring_id)
        return self._part(key, part)

    def get(self, monitoring_id: str) -> StoredMonitoring:
        key, header = self._key(monitoring_id)
        text = self.query("SELECT profile_text FROM monitoring WHERE key = ?", (key,))[0][0]
        parts = {part: self._part(key, part) for part in PARTS}
        return StoredMonitoring(header=header, profile_text=text, events=tuple(self.events(header.id)), **parts)

    def row_hashes(self, monitoring_id: str) -> dict[str, list[tuple[str, str]]]:
        key, _ = self._key(monitoring_id)
        found = {}
        for part in PARTS:
            frame = self._part(key, part, with_hash=True)
            stored = frame["row_sha256"].to_list()
            found[part] = list(zip(stored, row_hashes(normalise(frame.drop("row_sha256"), PARTS[part]))))
        return found

    def profile_text(self, monitoring_id: str) -> str:
        key, _ = self._key(monitoring_id)
        return self.query("SELECT profile_text FROM monitoring WHERE key = ?", (key,))[0][0]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _approved_twice(header: Monitoring) -> HistoryError:
    when = f" {header.approved_at:%d.%m.%Y %H:%M} UTC" if header.approved_at else ""
    who = f" ({header.approved_by})" if header.approved_by else ""
    return HistoryError("already_approved", f"версия {header.version} уже утверждена{when}{who}", where=header.id,
                        hint="утверждённую версию можно только исправить новой: methodnet history correct ID --reason …")

