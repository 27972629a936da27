"""The one interface every history store implements, its error, and which URI to use.

Opening a store by its URI (``open_store``) is :mod:`methodnet.history.stores`, above the backends.

The URI comes from the argument, else ``METHODNET_STORE``, else ``./methodnet-history.sqlite``
(mlflow's order). A plain file path or ``sqlite:///path`` is the embedded SQLite store;
``postgresql://…`` is the regional PostgreSQL service (extra ``server``). A third-party store
registers its scheme through the entry-point group ``methodnet.history_store`` (a callable
taking the URI), as regional packs register through ``methodnet``.
"""

from __future__ import annotations

import os
from typing import Any, Protocol, runtime_checkable

import polars as pl

from methodnet.errors import MethodnetError
from methodnet.history.model import Event, Monitoring, StoredMonitoring

DEFAULT_STORE = "methodnet-history.sqlite"
ENV = "METHODNET_STORE"


class HistoryError(MethodnetError):
    """A history-store operation refused or failed; ``code`` is stable, the message is Russian.

    ``hint`` says how to fix it; ``where`` names the store, monitoring or bundle concerned.
    """

    def __init__(self, code: str, message: str, *, hint: str | None = None, where: str | None = None) -> None:
        self.code = code
        self.hint = hint
        self.where = where
        text = f"{where}: {message}" if where else message
        if hint:
            text += f" (подсказка: {hint})"
        super().__init__(text)


@runtime_checkable
class HistoryStore(Protocol):
    """What every backend does. Nothing is updated or deleted: writes only append."""

    uri: str

    def add(self, stored: StoredMonitoring, hashes: dict[str, Any] | None = None, *,
            event: str = "recorded", actor: str | None = None, comment: str | None = None,
            events: tuple[Event, ...] = ()) -> Monitoring:
        """Append a sealed monitoring (one transaction) and its first event."""
        ...

    def header(self, monitoring_id: str) -> Monitoring: ...

    def get(self, monitoring_id: str) -> StoredMonitoring: ...

    def values(self, monitoring_id: str, *, totals_only: bool = False,
               columns: list[str] | None = None) -> pl.DataFrame: ...

    def part(self, monitoring_id: str, part: str) -> pl.DataFrame:
        """One part: ``values``, ``targets``, ``findings`` or ``measures``."""
        ...

    def profile_text(self, monitoring_id: str) -> str: ...

    def list(self, *, profile: str | None = None, territory: str | None = None,
             period: str | None = None, state: str | None = None) -> list[Monitoring]: ...

    def events(self, monitoring_id: str | None = None) -> list[Event]: ...

    def approve(self, monitoring_id: str, *, actor: str | None = None, comment: str | None = None) -> Event: ...

    def log(self, monitoring_id: str, kind: str, *, actor: str | None = None,
            comment: str | None = None) -> Event: ...

    def successor(self, monitoring_id: str) -> str | None: ...

    def row_hashes(self, monitoring_id: str) -> dict[str, list[tuple[str, str]]]:
        """Per part: (stored row hash, hash recomputed from the stored row), in order."""
        ...

    def close(self) -> None: ...


def store_uri(uri: str | os.PathLike[str] | None = None) -> str:
    """The URI to use: the argument, else ``METHODNET_STORE``, else the default file here."""
    if uri is not None and str(uri):
        return str(uri)
    return os.environ.get(ENV) or DEFAULT_STORE


def uri_label(uri: str) -> str:
    """The URI without a password (for messages)."""
    scheme, sep, rest = uri.partition("://")
    if sep and "@" in rest:
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return uri

