"""The monitoring cycle in code: record, correct, approve (the CLI calls exactly these).

A correction is a new version of the same series that names the version it supersedes
and gives a reason; only the latest version of a series can be corrected; an approved
version is locked (it can be corrected, never changed).
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.history.model import Event, Monitoring
from methodnet.history.record import build_monitoring
from methodnet.history.store import HistoryError, HistoryStore

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile
    from methodnet.engine.result import Evaluation
    from methodnet.rules.check import Findings


def default_author() -> str | None:
    """Who is recording, when not said: the login name."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return None


def record(store: HistoryStore, evaluation: Evaluation, profile: "Profile", dataset: "Dataset", *,
           findings: Findings | None = None,
           measures: pl.DataFrame | None = None, author: str | None = None, note: str | None = None,
           territory: str | None = None, data_label: str | None = None,
           extra: dict[str, Any] | None = None) -> Monitoring:
    """Record a new series (version 1). A series already recorded is corrected, not recorded again."""
    author = author or default_author()
    stored, hashes = build_monitoring(evaluation, profile, dataset, findings=findings, measures=measures,
                                      author=author, note=note, territory=territory, data_label=data_label,
                                      extra=extra)
    existing = [m for m in store.list(profile=profile.id) if m.series == stored.header.series]
    if existing:
        latest = max(existing, key=lambda m: m.version)
        raise HistoryError("already_recorded", f"серия «{stored.header.series}» уже записана (последняя версия "
                           f"{latest.version}, id {latest.id})", where=getattr(store, "label", store.uri),
                           hint=f"исправление — methodnet history correct {latest.id} --reason …")
    return store.add(stored, hashes, event="recorded", actor=author, comment=note)


def correct(store: HistoryStore, monitoring_id: str, evaluation: Evaluation, profile: "Profile", dataset: "Dataset",
            *, reason: str | None, findings: Findings | None = None, measures: pl.DataFrame | None = None,
            author: str | None = None, note: str | None = None, territory: str | None = None,
            data_label: str | None = None, extra: dict[str, Any] | None = None) -> Monitoring:
    """A new version superseding ``monitoring_id``; ``reason`` is required."""
    if not reason or not reason.strip():
        raise HistoryError("reason_required", "исправление без причины не записывается", where=monitoring_id,
                           hint="укажите --reason «что исправлено и почему»")
    old = store.header(monitoring_id)
    newer = store.successor(old.id)
    if newer is not None:
        raise HistoryError("not_latest", f"версия {old.version} уже исправлена версией {newer}", where=old.id,
                           hint=f"исправляйте последнюю версию: methodnet history correct {newer} …")
    author = author or default_author()
    stored, hashes = build_monitoring(evaluation, profile, dataset, findings=findings, measures=measures,
                                      author=author, note=note, territory=territory if territory is not None
                                      else old.territory, data_label=data_label, version=old.version + 1,
                                      supersedes=old.id, reason=reason.strip(), extra=extra)
    if stored.header.series != old.series:
        raise HistoryError("series_mismatch", f"исправление относится к другой серии: «{stored.header.series}» "
                           f"вместо «{old.series}»", where=old.id,
                           hint="тот же профиль, территория, периоды и разрез, что у исправляемой версии")
    return store.add(stored, hashes, event="corrected", actor=author, comment=reason.strip())


def approve(store: HistoryStore, monitoring_id: str, *, author: str | None = None,
            comment: str | None = None) -> Event:
    """Lock a version: it stays as it is; a later change is a correction (a new version)."""
    return store.approve(monitoring_id, actor=author or default_author(), comment=comment)
