"""Schema migrations of the SQL history stores: numbered scripts, applied once, in order.

A mixin of :class:`methodnet.history.sql.SqlStore`, kept apart so the store's module holds
only the store operations. The scripts live in ``history/schema/<dialect>/NNN_*.sql``; the
table ``schema_version`` records which have run. Opening refuses a foreign database (tables
but no ``schema_version``) and a store written by a newer methodnet (a schema number this
version does not know), rather than writing into either.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from importlib.resources import files
from typing import Any, Callable

from methodnet.history.store import HistoryError


class SchemaMigrations:
    """Bring a SQL store's schema up to date; the store supplies the connection and the hooks below."""

    dialect: str
    conn: Any
    label: str
    query: Callable[..., list[tuple]]
    sql: Callable[[str], str]
    _write: Callable[[], AbstractContextManager[Any]]
    _tables_present: Callable[[Any], set[str]]
    _end_read: Callable[[], None]

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
