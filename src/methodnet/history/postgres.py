"""The regional store: PostgreSQL through psycopg 3 (extra ``server``).

Many municipalities write to one database. The database itself keeps the promises the
Python code makes (schema 2): UPDATE, DELETE and TRUNCATE are rejected by triggers; rows
can be added to a monitoring only by the transaction that created it; row-level security
lets a municipality's role record and read only its own territory, and the region's role
read everything. Bulk rows go in with ``COPY``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl

from methodnet.errors import require
from methodnet.history.model import StoredMonitoring
from methodnet.history.sql import SqlStore
from methodnet.history.sqlrows import HEADER_COLUMNS
from methodnet.history.store import HistoryError

#: The COPY text for NULL: a control character no value of ours contains.
NULL_MARK = "\x01N"
_LOCK = 0x6D6E6873  # "mnhs": serialises the first opening (schema migration) of a database


class PostgresStore(SqlStore):
    dialect = "postgres"
    param = "%s"

    def _connect(self) -> Any:
        psycopg = require("psycopg", "server")
        try:
            return psycopg.connect(self.uri, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise HistoryError("store_unreachable", f"сервер PostgreSQL недоступен: {str(exc).strip()}",
                               where=self.label, hint="проверьте адрес, пользователя и что сервер запущен") from None

    def _tables_present(self, cur: Any) -> set[str]:
        cur.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'p')")
        return {r[0] for r in cur.fetchall()}

    def _lock_schema(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))

    @contextmanager
    def _write(self) -> Iterator[Any]:
        psycopg = require("psycopg", "server")
        try:
            with self.conn.transaction():
                with self.conn.cursor() as cur:
                    yield cur
        except psycopg.Error as exc:
            raise _translate(exc, self.label) from None

    def _insert_monitoring(self, cur: Any, row: tuple) -> int:
        cur.execute(f"INSERT INTO monitoring ({', '.join(HEADER_COLUMNS)}, values_ipc) VALUES ({', '.join(['%s'] * len(row))}) "
                    "RETURNING key", row)
        return int(cur.fetchone()[0])

    def _extra_child_columns(self, stored: StoredMonitoring) -> dict[str, Any]:
        return {"territory": stored.header.territory}

    def _bulk(self, cur: Any, table: str, columns: list[str], frame: pl.DataFrame) -> None:
        """COPY the rows; roles under row-level security (COPY refuses them) go through a temporary table."""
        names = ", ".join(f'"{c}"' for c in columns)
        buffer = io.BytesIO()
        # Polars writes floats in their shortest exact form, so PostgreSQL reads back the same double.
        frame.write_csv(buffer, include_header=False, null_value=NULL_MARK, quote_style="non_numeric")
        target = table if self._bypass_rls(cur) else f"methodnet_load_{table}"
        if target != table:
            cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {target} (LIKE {table}) ON COMMIT DELETE ROWS")
        with cur.copy(f"COPY {target} ({names}) FROM STDIN WITH (FORMAT csv, NULL '{NULL_MARK}')") as copy:
            copy.write(buffer.getvalue())
        if target != table:
            cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target}")

    def _read_frame(self, text: str, params: tuple, schema: dict[str, pl.DataType]) -> pl.DataFrame:
        """Rows streamed with ``COPY (SELECT …) TO STDOUT`` and parsed by Polars: no Python object per value.

        PostgreSQL (≥ 12) prints floats in their shortest exact form, so the doubles read back equal.
        """
        psycopg = require("psycopg", "server")
        buffer = io.BytesIO()
        with psycopg.ClientCursor(self.conn) as cur:
            query = cur.mogrify(self.sql(text), params)  # the values inlined, as COPY takes no parameters
            with cur.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, NULL '{NULL_MARK}')") as copy:
                for block in copy:
                    buffer.write(block)
        if not buffer.tell():
            return pl.DataFrame(schema=schema)
        return pl.read_csv(buffer.getvalue(), has_header=False, new_columns=list(schema), schema=schema,
                           null_values=NULL_MARK, quote_char='"')

    def _bypass_rls(self, cur: Any) -> bool:
        if not hasattr(self, "_bypass"):
            cur.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
            row = cur.fetchone()
            self._bypass = bool(row and row[0])
        return self._bypass

def _translate(exc: Any, where: str) -> HistoryError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    state = getattr(exc, "sqlstate", None) or ""
    if "immutable" in text:
        return HistoryError("immutable", "сохранённый мониторинг и журнал событий не изменяются и не удаляются "
                            "(запрещено базой данных)", where=where,
                            hint="исправление — новая версия: methodnet history correct ID --reason …")
    if "sealed" in text:
        return HistoryError("sealed", "строки можно добавить в мониторинг только при его записи", where=where)
    if "permission denied for" in text:
        return HistoryError("permission_denied", f"у роли нет права на это действие ({text})", where=where,
                            hint="роли methodnet только читают и добавляют; изменять и удалять нельзя никому")
    if state == "42501" or "row-level security" in text or "another territory" in text:
        return HistoryError("territory_denied", f"нет прав на эту территорию или действие ({text})", where=where,
                            hint="роль муниципалитета записывает и читает только свою территорию")
    if state == "23505":
        if "series" in text:
            return HistoryError("already_recorded", "эта серия (профиль, территория, периоды, разрез) уже записана",
                                where=where, hint="новая версия — methodnet history correct ID --reason …")
        if "supersedes" in text:
            return HistoryError("already_corrected", "эта версия уже исправлена другой", where=where,
                                hint="исправляйте последнюю версию серии")
        if "monitoring_id_key" in text:
            return HistoryError("duplicate_id", "мониторинг с таким id уже есть", where=where)
        return HistoryError("duplicate", f"запись уже есть ({text})", where=where)
    return HistoryError("store_failed", f"ошибка PostgreSQL: {text}", where=where)
