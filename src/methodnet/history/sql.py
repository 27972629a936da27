"""What the SQLite and PostgreSQL stores share: the tables, the queries, migrations, reading back.

A backend supplies the connection, a write transaction, a bulk insert (``executemany`` for
SQLite, ``COPY`` for PostgreSQL) and the translation of its errors. Rows of a monitoring's
parts are keyed ``monitoring.key * 2**32 + position``: one range per monitoring, read with a
range scan, written in order.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

import polars as pl

from methodnet.history.canonical import normalise, row_hashes
from methodnet.history.factor import CONSTANT, restore, split
from methodnet.history.model import Event, Monitoring, StoredMonitoring, TableFingerprint
from methodnet.history.record import PARTS, seal
from methodnet.history.store import HistoryError, uri_label

SHIFT = 32
TABLES = {"values": "monitoring_value", "targets": "monitoring_target", "findings": "monitoring_finding",
          "measures": "monitoring_measure"}
HEADER_COLUMNS = ("id", "series", "version", "supersedes", "reason", "recorded_at", "recorded_by", "note",
                  "methodnet_version", "profile_id", "profile_name", "profile_sha256", "profile_text", "territory",
                  "periods", "breakdown", "data_date", "data_label", "data_fingerprint", "tables", "extra",
                  "content_sha256")

def _quote(column: str) -> str:
    return f'"{column}"'


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


class SqlStore:
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

    # ------------------------------------------------------------------ schema

    def migrations(self) -> list[tuple[int, str]]:
        folder = files("methodnet.history") / "schema" / self.dialect
        found = []
        for entry in folder.iterdir():
            if entry.name.endswith(".sql"):
                found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
        return sorted(found)

    def schema_version(self) -> int:
        rows = self.query("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def _migrate(self) -> None:
        """Bring the schema up to date; refuse a foreign database and a store from a newer methodnet."""
        known = self.migrations()
        latest = known[-1][0] if known else 0
        cur = self.conn.cursor()
        try:
            present = self._tables_present(cur)
            current = self._version(cur) if "schema_version" in present else None
        finally:
            cur.close()
            self._end_read()
        if current is not None and current == latest:
            return
        self._check_version(current, latest)
        with self._write() as cur:
            self._lock_schema(cur)
            present = self._tables_present(cur)  # again, under the lock: another process may have done it
            if "schema_version" not in present:
                if present - {"sqlite_sequence"}:
                    raise HistoryError("not_a_store", "это не хранилище мониторингов methodnet: в базе есть чужие "
                                       f"таблицы ({', '.join(sorted(present)[:5])})", where=self.label,
                                       hint="укажите новый файл или пустую базу данных")
                cur.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, "
                            "methodnet_version TEXT)")
            current = self._version(cur)
            self._check_version(current, latest)
            from methodnet.version import __version__

            for number, text in known:
                if number <= current:
                    continue
                self._run_script(cur, text)
                cur.execute(self.sql("INSERT INTO schema_version VALUES (?, ?, ?)"),
                            (number, dt.datetime.now(dt.timezone.utc).isoformat(), __version__))

    def _check_version(self, current: int | None, latest: int) -> None:
        if current is not None and current > latest:
            raise HistoryError("store_too_new", f"хранилище создано более новой версией methodnet (схема {current}, "
                               f"эта версия знает до {latest})", where=self.label,
                               hint="обновите methodnet: pip install -U methodnet")

    def _version(self, cur: Any) -> int:
        cur.execute("SELECT max(version) FROM schema_version")
        return int(cur.fetchone()[0] or 0)

    def _lock_schema(self, cur: Any) -> None:
        """Serialise concurrent first openings (SQLite's write transaction already does)."""

    def _run_script(self, cur: Any, text: str) -> None:
        cur.execute(text)

    # ------------------------------------------------------------------ writing

    def add(self, stored: StoredMonitoring, hashes: dict[str, Any] | None = None, *,
            event: str = "recorded", actor: str | None = None, comment: str | None = None,
            events: tuple[Event, ...] = ()) -> Monitoring:
        """Append a sealed monitoring, its parts and its events in one transaction."""
        if hashes is None:
            stored, hashes = seal(stored)
        h = stored.header
        block = io.BytesIO()
        stored.values.write_ipc(block, compression="zstd")
        row = (h.id, h.series, h.version, h.supersedes, h.reason, h.recorded_at.isoformat(), h.recorded_by, h.note,
               h.methodnet_version, h.profile_id, h.profile_name, h.profile_sha256, stored.profile_text, h.territory,
               json.dumps(list(h.periods), ensure_ascii=False), h.by,
               h.data_date.isoformat() if h.data_date else None, h.data_label, h.data_fingerprint,
               json.dumps([[t.table, t.rows, t.sha256] for t in h.tables], ensure_ascii=False),
               json.dumps(h.extra, ensure_ascii=False, sort_keys=True), h.content_sha256, block.getvalue())
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
        frame = _to_sql(frame).with_columns(added)
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

    _HEADER_SQL = ("SELECT key, " + ", ".join(_quote(c) for c in HEADER_COLUMNS) +
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
        return rows[0][0], _header(rows[0][1:])

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
        found = [_header(r[1:]) for r in self.query(text, tuple(params))]
        return [m for m in found if (period is None or period in m.periods) and (state is None or m.state == state)]

    def successor(self, monitoring_id: str) -> str | None:
        rows = self.query("SELECT id FROM monitoring WHERE supersedes = ?", (monitoring_id,))
        return rows[0][0] if rows else None

    def events(self, monitoring_id: str | None = None) -> list[Event]:
        text = "SELECT monitoring_id, kind, at, actor, comment FROM monitoring_event"
        rows = self.query(text + " WHERE monitoring_id = ? ORDER BY id", (monitoring_id,)) if monitoring_id else \
            self.query(text + " ORDER BY id")
        return [Event(r[0], r[1], _time(r[2]), r[3], r[4]) for r in rows]  # type: ignore[arg-type]

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
        sql_schema = {c: _sql_type(schema[c]) for c in wanted}
        if with_hash:
            sql_schema["row_sha256"] = pl.String()
        frame = self._read_frame(f"SELECT {', '.join(_quote(c) for c in names)} FROM {TABLES[part]} "
                                 "WHERE row_key BETWEEN ? AND ? ORDER BY row_key", (low, high), sql_schema)
        typed = {c: schema[c] for c in wanted}
        if with_hash:
            typed["row_sha256"] = pl.String()
        frame = _from_sql(frame, typed)
        if part == "values" and "indicator" in frame.columns and set(wanted) & set(CONSTANT):
            present = [c for c in CONSTANT if c in wanted]
            constants = self._read_frame(
                f"SELECT indicator, {', '.join(_quote(c) for c in present)} FROM monitoring_indicator "
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


def _header(r: tuple) -> Monitoring:
    (id_, series, version, supersedes, reason, recorded_at, recorded_by, note, mversion, profile_id, profile_name,
     profile_sha, _text, territory, periods, by, data_date, data_label, fingerprint, tables, extra, content,
     approved_at, approved_by) = r
    return Monitoring(
        id=id_, series=series, version=int(version), supersedes=supersedes, reason=reason,
        state="approved" if approved_at else "draft", recorded_at=_time(recorded_at),  # type: ignore[arg-type]
        recorded_by=recorded_by, note=note, methodnet_version=mversion, profile_id=profile_id,
        profile_name=profile_name, profile_sha256=profile_sha, territory=territory,
        periods=tuple(json.loads(periods)), by=by, data_date=dt.date.fromisoformat(data_date) if data_date else None,
        data_label=data_label, data_fingerprint=fingerprint,
        tables=tuple(TableFingerprint(t, int(n), s) for t, n, s in json.loads(tables)), content_sha256=content,
        approved_at=_time(approved_at), approved_by=approved_by, extra=json.loads(extra))


def _sql_type(dtype: pl.DataType) -> pl.DataType:
    if dtype == pl.Boolean():
        return pl.Int64()
    return pl.String() if dtype == pl.Date() or isinstance(dtype, pl.List) else dtype


def _to_sql(frame: pl.DataFrame) -> pl.DataFrame:
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


def _from_sql(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    out = []
    for name, dtype in schema.items():
        if dtype == pl.Date():
            out.append(pl.col(name).str.to_date("%Y-%m-%d"))
        elif isinstance(dtype, pl.List):
            out.append(pl.col(name).str.json_decode(dtype))
        else:
            out.append(pl.col(name).cast(dtype))
    return frame.select(out)
