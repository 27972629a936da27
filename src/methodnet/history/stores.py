"""Open the history store a URI names: SQLite, PostgreSQL, or a scheme a package registers.

The URI comes from the argument, else ``METHODNET_STORE``, else ``./methodnet-history.sqlite``
(mlflow's order). A plain file path or ``sqlite:///path`` is the embedded SQLite store;
``postgresql://…`` is the regional PostgreSQL service (extra ``server``). A third-party store
registers its scheme through the entry-point group ``methodnet.history_store`` (a callable
taking the URI), as regional packs register through ``methodnet``. Kept apart from
:mod:`methodnet.history.store` (the interface the backends implement), so nothing below
the backends imports them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.metadata import entry_points

from methodnet.history.store import HistoryError, HistoryStore, store_uri

ENTRY_POINTS = "methodnet.history_store"


_SCHEMES: dict[str, Callable[[str], HistoryStore]] = {}


def register_scheme(scheme: str, factory: Callable[[str], HistoryStore]) -> None:
    """Make ``scheme://…`` URIs open with ``factory`` (for code; packages use the entry point)."""
    _SCHEMES[scheme] = factory


def _sqlite(uri: str) -> HistoryStore:
    from methodnet.history.sqlite import SqliteStore

    return SqliteStore(uri)


def _postgres(uri: str) -> HistoryStore:
    from methodnet.history.postgres import PostgresStore

    return PostgresStore(uri)


register_scheme("sqlite", _sqlite)
register_scheme("postgresql", _postgres)
register_scheme("postgres", _postgres)


def open_store(uri: str | os.PathLike[str] | None = None) -> HistoryStore:
    """Open (creating or upgrading its schema if needed) the store at ``uri``."""
    text = store_uri(uri)
    scheme, sep, _ = text.partition("://")
    if not sep or len(scheme) == 1:  # a plain path (or a Windows drive letter)
        return _sqlite(text)
    factory = _SCHEMES.get(scheme.lower())
    if factory is None:
        for ep in entry_points(group=ENTRY_POINTS):
            if ep.name == scheme.lower():
                factory = ep.load()
                break
    if factory is None:
        known = sorted({*_SCHEMES, *(ep.name for ep in entry_points(group=ENTRY_POINTS))})
        raise HistoryError("unknown_scheme", f"неизвестный вид хранилища «{scheme}://»",
                           hint="файл .sqlite, sqlite:///путь или postgresql://…; известны: " + ", ".join(known))
    return factory(text)
