"""Helpers for the history-store tests: stores on both backends, hand-made monitorings."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest

from methodnet.history.model import (
    FINDING_COLUMNS,
    MEASURE_COLUMNS,
    TARGET_COLUMNS,
    VALUE_COLUMNS,
    Monitoring,
    StoredMonitoring,
)
from methodnet.history.record import seal, series_of

PG_ENV = "METHODNET_TEST_POSTGRES"
REQUIRE_ENV = "METHODNET_REQUIRE_POSTGRES"


def postgres_dsn() -> str:
    """The test server's DSN, or skip (fail when METHODNET_REQUIRE_POSTGRES=1)."""
    dsn = os.environ.get(PG_ENV)
    reason = None
    if not dsn:
        reason = f"{PG_ENV} is not set (eval \"$(.ci/postgres.sh)\" starts a server)"
    else:
        try:
            import psycopg

            psycopg.connect(dsn, connect_timeout=5).close()
        except Exception as exc:  # noqa: BLE001 - any failure to reach the server
            reason = f"PostgreSQL at {dsn} is unreachable: {exc}"
    if reason:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(reason)
        pytest.skip(reason)
    return dsn  # type: ignore[return-value]


def with_database(dsn: str, name: str) -> str:
    base, _, _ = dsn.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh database on the test server (dropped afterwards); yields its DSN."""
    import psycopg

    dsn = postgres_dsn()
    name = "mn_" + uuid.uuid4().hex[:12]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield with_database(dsn, name)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgres"])
def store_uri(request: Any, tmp_path: Any) -> str:
    """The contract suite runs on both backends."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite")
    return request.getfixturevalue("pg_database")


def value_row(indicator: str, period: str, value: float | None, *, unit: str = "%", target: float | None = None,
              status: str = "no_target", group_by: str | None = None, group: str | None = None,
              numerator: float | None = None, denominator: float | None = None,
              definition: str = "d1") -> dict[str, Any]:
    return {"indicator": indicator, "name": f"Показатель {indicator}", "kind": "share" if unit == "%" else "count",
            "period": period, "group_by": group_by, "group": group, "group_name": f"ОО {group}" if group else None,
            "numerator": numerator, "denominator": denominator, "value": value, "unit": unit, "target": target,
            "comparator": "min", "status": status, "gap": None if target is None or value is None else value - target,
            "source": "акт, п. 1", "note": None, "definition_sha256": definition}


def hand_made(values: list[dict[str, Any]], *, targets: dict[str, dict[str, Any]] | None = None,
              profile_id: str = "demo", territory: str | None = "t1", by: str | None = None,
              version: int = 1, supersedes: str | None = None, reason: str | None = None,
              profile_text: str = "id: demo\nname: Демо\nperiod: {start: 2024, end: 2026}\n",
              data_date: dt.date | None = None, fingerprint: str = "f" * 64,
              measures: list[dict[str, Any]] | None = None,
              recorded_at: dt.datetime | None = None) -> tuple[StoredMonitoring, dict[str, list[str]]]:
    """A sealed monitoring from rows written in the test (no engine involved)."""
    frame = pl.DataFrame(values, schema=VALUE_COLUMNS)
    frame = frame.with_row_index("__i").sort([pl.col("group_by").is_not_null(), "__i"]).drop("__i")
    periods = tuple(dict.fromkeys(frame["period"].to_list()))
    target_rows = [{"indicator": i, "key": k, "target": t[0] if isinstance(t, tuple) else t, "comparator": "min",
                    "target_max": t[1] if isinstance(t, tuple) else None, "own": False}
                   for i, goals in (targets or {}).items() for k, t in goals.items()]
    parts = {"values": frame, "targets": pl.DataFrame(target_rows, schema=TARGET_COLUMNS),
             "findings": pl.DataFrame([{"rule": "r1", "severity": "warning", "subject_kind": "organization",
                                        "subject": "o1", "message": "нет плана", "source": None, "action": None}],
                                      schema=FINDING_COLUMNS),
             "measures": pl.DataFrame(measures or [], schema=MEASURE_COLUMNS)}
    header = Monitoring(
        id=str(uuid.uuid4()), series=series_of(profile_id, territory, periods, by), version=version,
        supersedes=supersedes, reason=reason, state="draft",
        recorded_at=recorded_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0), recorded_by="тест",
        note=None, methodnet_version="0.1.0", profile_id=profile_id, profile_name="Демо", profile_sha256="",
        territory=territory, periods=periods, by=by, data_date=data_date, data_label="demo",
        data_fingerprint=fingerprint, tables=(), content_sha256="",
        extra={"totals": int(frame["group_by"].is_null().sum()), "rows": {k: v.height for k, v in parts.items()}})
    return seal(StoredMonitoring(header=header, profile_text=profile_text, **parts))
