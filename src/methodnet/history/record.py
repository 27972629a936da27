"""Build a monitoring from an evaluation: values, target trajectory, findings, measures, passport.

Only aggregates go in: the evaluation's rows (numerator, denominator, value, target, status),
the profile's targets, rule findings (people by id only, as the check gives them) and the
measures the department decided. The dataset contributes a fingerprint — rows and a hash per
table, a label that is never a path — and its as-of date, so a later comparison can say that
the data differed without keeping the data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import polars as pl
import yaml

from methodnet.history.canonical import (
    canonical_json,
    content_hash,
    frame_sha256,
    normalise,
    row_hash_series,
    sha256_text,
)
from methodnet.history.model import (
    FINDING_COLUMNS,
    MEASURE_COLUMNS,
    TARGET_COLUMNS,
    VALUE_COLUMNS,
    Monitoring,
    StoredMonitoring,
    TableFingerprint,
)

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile

#: The parts of a monitoring that are hashed row by row, with their columns.
PARTS: dict[str, dict[str, pl.DataType]] = {"values": VALUE_COLUMNS, "targets": TARGET_COLUMNS,
                                            "findings": FINDING_COLUMNS, "measures": MEASURE_COLUMNS}
#: Fields of an indicator that are not its definition (changing them does not change the numbers).
_NOT_DEFINITION = {"name", "targets", "source", "note", "by"}


def profile_text(profile: "Profile") -> str:
    """The resolved profile as YAML: self-contained (``extends`` applied), reloadable, hashable."""
    data = profile.model_dump(mode="json", exclude={"file"})
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: the same text, faster
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)


def stored_profile(stored: StoredMonitoring) -> "Profile":
    """The profile exactly as it was when the monitoring was recorded (from its stored text)."""
    from methodnet.profile.model import Profile

    return Profile.model_validate(yaml.safe_load(stored.profile_text))


def definition_sha256(profile: "Profile", indicator: Any) -> str:
    """Hash of how an indicator is computed (kind, population, condition… and the profile's parameters)."""
    body = indicator.model_dump(mode="json", exclude=_NOT_DEFINITION)
    return sha256_text(canonical_json({"indicator": body, "parameters": profile.parameters.model_dump(mode="json")}))


def targets_frame(profile: "Profile") -> pl.DataFrame:
    """The target trajectory of every indicator, as the profile gives it (year, period, ``2021+``, ``*``).

    A range keeps its lower bound in ``target`` and its upper one in ``target_max`` (as the
    engine's results do); the municipality's own targets are rows with ``own`` set.
    """
    from methodnet.profile.targets import bounds

    rows = []
    for ind in profile.indicators:
        for own, targets in ((False, ind.targets), (True, getattr(ind, "own_targets", None) or {})):
            for key, value in sorted(targets.items()):
                low, high = bounds(value, ind.comparator)
                ranged = not isinstance(value, (int, float))
                rows.append({"indicator": ind.id, "key": str(key), "target": low if low is not None else high,
                             "comparator": ind.comparator, "target_max": high if ranged else None, "own": own})
    return pl.DataFrame(rows, schema=TARGET_COLUMNS)


def fingerprint(dataset: "Dataset") -> tuple[TableFingerprint, ...]:
    """Rows and content hash of every non-empty table of the dataset."""
    return tuple(TableFingerprint(name, frame.height, frame_sha256(frame))
                 for name, frame in sorted(dataset.tables.items()) if frame.height)


def dataset_label(dataset: "Dataset") -> str | None:
    """The label the data give themselves («Сведения о данных»), if any."""
    if "dataset_info" in dataset and "label" in dataset["dataset_info"].columns and dataset["dataset_info"].height:
        value = dataset["dataset_info"]["label"][0]
        return str(value) if value else None
    return getattr(dataset, "label", None)


def territory_of(dataset: "Dataset") -> str | None:
    """The municipality a dataset is about, or None for several (a region-wide monitoring)."""
    if "municipality" not in dataset:
        return None
    ids = dataset["municipality"]["id"].drop_nulls().unique().to_list()
    return str(ids[0]) if len(ids) == 1 else None


def series_of(profile_id: str, territory: str | None, periods: Iterable[str], by: str | None) -> str:
    """The series a monitoring belongs to: its versions share it."""
    return "/".join([profile_id, territory or "*", "+".join(periods), by or "-"])


def values_frame(evaluation: Any, profile: "Profile") -> pl.DataFrame:
    """The evaluation's rows with each indicator's definition hash; totals first (trends read only them)."""
    frame = evaluation.to_polars()
    hashes = pl.DataFrame({"indicator": [i.id for i in profile.indicators],
                           "definition_sha256": [definition_sha256(profile, i) for i in profile.indicators]})
    frame = frame.join(hashes, on="indicator", how="left", maintain_order="left")
    total = pl.col("group_by").is_null()
    return normalise(pl.concat([frame.filter(total), frame.filter(~total)]), VALUE_COLUMNS)


def seal(stored: StoredMonitoring) -> tuple[StoredMonitoring, dict[str, pl.Series]]:
    """The monitoring with its content hash computed, and the row hashes of every part."""
    hashes = {name: row_hash_series(getattr(stored, name)) for name in PARTS}
    header = replace(stored.header, profile_sha256=sha256_text(stored.profile_text))
    header = replace(header, content_sha256=content_hash(header_dict(header), hashes))
    return replace(stored, header=header), hashes


def header_dict(header: Monitoring) -> dict[str, Any]:
    """The hashed fields of a passport (state and approval are events, not content)."""
    return {
        "id": header.id, "series": header.series, "version": header.version, "supersedes": header.supersedes,
        "reason": header.reason, "recorded_at": header.recorded_at, "recorded_by": header.recorded_by,
        "note": header.note, "methodnet_version": header.methodnet_version, "profile_id": header.profile_id,
        "profile_name": header.profile_name, "profile_sha256": header.profile_sha256,
        "territory": header.territory, "periods": list(header.periods), "by": header.by,
        "data_date": header.data_date, "data_label": header.data_label, "data_fingerprint": header.data_fingerprint,
        "tables": [[t.table, t.rows, t.sha256] for t in header.tables], "extra": header.extra,
    }


def build_monitoring(evaluation: Any, profile: "Profile", dataset: "Dataset", *, findings: Any = None,
                     measures: pl.DataFrame | None = None, author: str | None = None, note: str | None = None,
                     territory: str | None = None, data_label: str | None = None, version: int = 1,
                     supersedes: str | None = None, reason: str | None = None,
                     extra: Mapping[str, Any] | None = None) -> tuple[StoredMonitoring, dict[str, pl.Series]]:
    """A sealed monitoring (content hash computed) ready for :meth:`HistoryStore.add`."""
    from methodnet.version import __version__

    values = values_frame(evaluation, profile)
    periods = tuple(dict.fromkeys(values["period"].to_list()))
    groupings = [g for g in dict.fromkeys(values["group_by"].to_list()) if g is not None]
    by = ",".join(groupings) or None
    territory = territory if territory is not None else territory_of(dataset)
    tables = fingerprint(dataset)
    data_date = getattr(dataset, "as_of", None)
    if isinstance(data_date, dt.datetime):
        data_date = data_date.date()
    finding_frame = normalise(findings.to_polars(), FINDING_COLUMNS) if findings is not None else \
        pl.DataFrame(schema=FINDING_COLUMNS)
    measure_frame = normalise(measures, MEASURE_COLUMNS) if measures is not None else \
        pl.DataFrame(schema=MEASURE_COLUMNS)
    parts = {"values": values, "targets": targets_frame(profile), "findings": finding_frame,
             "measures": measure_frame}
    text = profile_text(profile)
    header = Monitoring(
        id=str(uuid.uuid4()), series=series_of(profile.id, territory, periods, by), version=version,
        supersedes=supersedes, reason=reason, state="draft",
        recorded_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0), recorded_by=author, note=note,
        methodnet_version=__version__, profile_id=profile.id, profile_name=profile.name, profile_sha256="",
        territory=territory, periods=periods, by=by, data_date=data_date,
        data_label=data_label or dataset_label(dataset),
        data_fingerprint=sha256_text(canonical_json([[t.table, t.rows, t.sha256] for t in tables])),
        tables=tables, content_sha256="",
        extra={"totals": int(values["group_by"].is_null().sum()),
               "rows": {name: frame.height for name, frame in parts.items()}, **(extra or {})},
    )
    stored = StoredMonitoring(header=header, profile_text=text, **parts)
    return seal(stored)
