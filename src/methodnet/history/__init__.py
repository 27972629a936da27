"""The history of monitorings: every evaluation a methodist signs, kept, versioned and compared.

    from methodnet.history import open_store
    from methodnet.history.api import approve, correct, record
    from methodnet.history.compare import compare
    from methodnet.history.trend import trend
    store = open_store()                       # METHODNET_STORE or ./methodnet-history.sqlite
    m = record(store, evaluation, profile, dataset, findings=findings, author="Петрова")
    approve(store, m.id)
    trend(store, profile.id).to_polars()

Names are imported on first use (the CLI starts without polars). ``record``, ``compare``,
``trend`` and ``rollup`` are imported from their modules (modules of the package share those names).
See docs/history.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "open_store": "methodnet.history.stores", "HistoryStore": "methodnet.history.store",
    "HistoryError": "methodnet.history.store", "register_scheme": "methodnet.history.stores",
    "correct": "methodnet.history.api", "approve": "methodnet.history.api",
    "Comparison": "methodnet.history.compare", "Trend": "methodnet.history.trend",
    "Rollup": "methodnet.history.rollup",
    "verify": "methodnet.history.bundle", "export_bundle": "methodnet.history.bundle",
    "import_bundle": "methodnet.history.bundle", "monitorings_frame": "methodnet.history.show",
    "Monitoring": "methodnet.history.model", "StoredMonitoring": "methodnet.history.model",
    "Event": "methodnet.history.model", "TableFingerprint": "methodnet.history.model",
    "stored_profile": "methodnet.history.record", "build_monitoring": "methodnet.history.record",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'methodnet.history' has no attribute {name!r}")


__all__ = sorted(_LAZY)
