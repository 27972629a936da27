"""What a stored monitoring is: the shared vocabulary of the history store and the documents made from it.

A monitoring is one evaluation a methodist signs (values, the target trajectory, rule
findings, measures), recorded once and never changed: a correction is a new version that
names the one it supersedes. Only aggregates are stored, never personal records.
The store (:mod:`methodnet.history.store`) writes and reads these; the analytical note
(:mod:`methodnet.spravka`) and comparisons read them, never recomputing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

MonitoringState = Literal["draft", "approved"]

#: Columns of ``StoredMonitoring.values`` — one row per indicator × period × group, as
#: :class:`methodnet.engine.result.IndicatorResult` has them, plus the indicator's definition hash.
VALUE_COLUMNS: dict[str, pl.DataType] = {
    "indicator": pl.String(), "name": pl.String(), "kind": pl.String(), "period": pl.String(),
    "group_by": pl.String(), "group": pl.String(), "group_name": pl.String(),
    "numerator": pl.Float64(), "denominator": pl.Float64(), "value": pl.Float64(), "unit": pl.String(),
    "target": pl.Float64(), "comparator": pl.String(), "status": pl.String(), "gap": pl.Float64(),
    "source": pl.String(), "note": pl.String(), "definition_sha256": pl.String(),
    # added with the engine's ranges and own targets: the upper bound of a range target, the
    # municipality's own target and its status, the level (municipality / region) of the row
    "target_max": pl.Float64(), "target_own": pl.Float64(), "status_own": pl.String(), "level": pl.String(),
}
#: The target trajectory of every indicator for every year (or other key) the profile gives.
TARGET_COLUMNS: dict[str, pl.DataType] = {
    "indicator": pl.String(), "key": pl.String(), "target": pl.Float64(), "comparator": pl.String(),
    # a range target («от 60 до 80 %») keeps its upper bound here; own = the municipality's own target
    "target_max": pl.Float64(), "own": pl.Boolean(),
}
#: Rule findings (people by id only, as the check gives them).
FINDING_COLUMNS: dict[str, pl.DataType] = {
    "rule": pl.String(), "severity": pl.String(), "subject_kind": pl.String(), "subject": pl.String(),
    "message": pl.String(), "source": pl.String(), "action": pl.String(),
    # added with the rules' aggregated findings: where, for which period, how many people or rows
    # (their ids stay with the check, shown only when asked), as of which date
    "organization": pl.String(), "group": pl.String(), "period": pl.String(), "count": pl.Int64(),
    "as_of": pl.String(),
}
#: Measures (управленческие решения) decided after a monitoring, checked by the next one.
MEASURE_COLUMNS: dict[str, pl.DataType] = {
    "measure": pl.String(), "responsible": pl.String(), "deadline": pl.Date(),
    "indicators": pl.List(pl.String()), "done_on": pl.Date(),
}


@dataclass(frozen=True)
class TableFingerprint:
    """One table of the dataset a monitoring was computed on: its size and content hash."""

    table: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class Monitoring:
    """The passport of a stored monitoring (no values): what ``history list`` shows."""

    id: str
    series: str  # profile id / territory / periods / breakdown, e.g. "seryshevo/2822/2025/organization"
    version: int
    supersedes: str | None
    reason: str | None
    state: MonitoringState
    recorded_at: dt.datetime  # UTC
    recorded_by: str | None
    note: str | None
    methodnet_version: str
    profile_id: str
    profile_name: str
    profile_sha256: str
    territory: str | None  # municipality id(s), or None for a region-wide monitoring
    periods: tuple[str, ...]
    by: str | None
    data_date: dt.date | None  # the dataset's as-of date (DESIGN §4)
    data_label: str | None  # a name for the data, never a path
    data_fingerprint: str
    tables: tuple[TableFingerprint, ...]
    content_sha256: str
    approved_at: dt.datetime | None = None  # from the event log: approval is an event, not an update
    approved_by: str | None = None
    extra: dict = field(default_factory=dict)  # rules date, language… (in the content hash)

    @property
    def approved(self) -> bool:
        return self.state == "approved"


#: What the event log records (append-only).
EventKind = Literal["recorded", "corrected", "approved", "exported", "imported", "verified"]


@dataclass(frozen=True)
class Event:
    """One line of the append-only event log: who did what to which monitoring, when."""

    monitoring_id: str
    kind: EventKind
    at: dt.datetime  # UTC
    actor: str | None
    comment: str | None = None


@dataclass(frozen=True)
class StoredMonitoring:
    """A monitoring with its contents, as read back from a store."""

    header: Monitoring
    profile_text: str
    values: pl.DataFrame  # VALUE_COLUMNS
    targets: pl.DataFrame  # TARGET_COLUMNS
    findings: pl.DataFrame  # FINDING_COLUMNS
    measures: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MEASURE_COLUMNS))
    events: tuple[Event, ...] = ()

    @property
    def id(self) -> str:
        return self.header.id

    def to_polars(self) -> pl.DataFrame:
        """The stored values (VALUE_COLUMNS)."""
        return self.values
