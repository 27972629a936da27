"""The embedded store: one SQLite file through the standard library.

WAL lets readers work while one process writes; a busy timeout makes a second writer wait
for the first instead of failing, so two processes recording at once both succeed; every
monitoring is one ``BEGIN IMMEDIATE`` … ``COMMIT``, so a killed process leaves no half
monitoring. Triggers in the schema reject UPDATE and DELETE.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

from methodnet.history.sql import SqlStore
from methodnet.history.store import HistoryError

BUSY_TIMEOUT_S = 60.0


def sqlite_path(uri: str) -> str:
    """``sqlite:///rel/path``, ``sqlite:////abs/path`` or a plain path → the file's path."""
    if uri.startswith("sqlite://"):
        rest = uri[len("sqlite://"):]
        return rest[1:] if rest.startswith("/") else rest
    return uri


class SqliteStore(SqlStore):
    dialect = "sqlite"

    def _connect(self) -> Any:
        path = sqlite_path(self.uri)
        if path != ":memory:" and Path(path).is_dir():
            raise HistoryError("not_a_store", "это папка, а не файл хранилища", where=path,
                               hint="укажите файл, например methodnet-history.sqlite")
        if path != ":memory:" and not Path(path).parent.exists():
            raise HistoryError("store_unreachable", "нет папки для файла хранилища", where=path,
                               hint="создайте папку или укажите другой путь")
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # durable at every checkpoint; WAL keeps it consistent
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise HistoryError("not_a_store", f"файл не является базой SQLite ({exc})", where=path,
                               hint="укажите файл хранилища мониторингов или новый файл") from None
        return conn

    def _tables_present(self, cur: Any) -> set[str]:
        try:
            cur.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        except sqlite3.DatabaseError as exc:
            raise HistoryError("not_a_store", f"файл не является базой SQLite ({exc})", where=self.label,
                               hint="укажите файл хранилища мониторингов или новый файл") from None
        return {r[0] for r in cur.fetchall()}

    @contextmanager
    def _write(self) -> Iterator[Any]:
        cur = self.conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            cur.close()
            raise HistoryError("busy", f"хранилище занято другим процессом дольше {BUSY_TIMEOUT_S:.0f} с ({exc})",
                               where=self.label, hint="повторите позже") from None
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException as exc:
            cur.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc, self.label) from None
            raise
        finally:
            cur.close()

    def _run_script(self, cur: Any, text: str) -> None:
        statement = ""
        for line in text.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                cur.execute(statement)
                statement = ""

    def _insert_monitoring(self, cur: Any, row: tuple) -> int:
        from methodnet.history.sqlrows import HEADER_COLUMNS

        cur.execute(f"INSERT INTO monitoring ({', '.join(HEADER_COLUMNS)}, values_ipc) VALUES ({', '.join('?' * len(row))})", row)
        return int(cur.lastrowid)

    def _bulk(self, cur: Any, table: str, columns: list[str], frame: pl.DataFrame) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", frame.rows())


def _translate(exc: sqlite3.Error, where: str) -> HistoryError:
    text = str(exc)
    if "immutable" in text or "append-only" in text:
        return HistoryError("immutable", "сохранённый мониторинг и журнал событий не изменяются и не удаляются",
                            where=where, hint="исправление — новая версия: methodnet history correct ID --reason …")
    if "UNIQUE" in text and "series" in text:
        return HistoryError("already_recorded", "эта серия (профиль, территория, периоды, разрез) уже записана",
                            where=where, hint="новая версия — methodnet history correct ID --reason …")
    if "UNIQUE" in text and "supersedes" in text:
        return HistoryError("already_corrected", "эта версия уже исправлена другой", where=where,
                            hint="исправляйте последнюю версию серии")
    if "UNIQUE" in text and "monitoring.id" in text:
        return HistoryError("duplicate_id", "мониторинг с таким id уже есть", where=where)
    if "UNIQUE" in text:
        return HistoryError("duplicate", f"запись уже есть ({text})", where=where)
    if "locked" in text or "busy" in text:
        return HistoryError("busy", f"хранилище занято другим процессом ({text})", where=where, hint="повторите позже")
    return HistoryError("store_failed", f"ошибка хранилища SQLite: {text}", where=where)
