"""Hand-made stored monitorings for the analytical note's tests (numbers small enough to check by hand).

Testville, two schools (o1, o2), five indicators; 2024 is the previous monitoring, 2025
the current one, with an organization breakdown, rule findings and measures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from methodnet.history.model import (FINDING_COLUMNS, MEASURE_COLUMNS, TARGET_COLUMNS, VALUE_COLUMNS, Monitoring,
                                     StoredMonitoring, TableFingerprint)
from methodnet.api import load_profile

PROFILE_FILE = Path(__file__).parent / "data" / "spravka" / "testville.yaml"
NAMES = {"diagnostics_share": "Доля педагогов, прошедших диагностику дефицитов", "iom_share": "Доля педагогов с ИОМ",
         "mentoring_model_orgs_share": "Доля организаций с моделью наставничества",
         "contests_count": "Количество конкурсов профессионального мастерства",
         "satisfaction_share": "Удовлетворённость работой ММС"}
ORGS = {"o1": "МБОУ СОШ № 1", "o2": "МБОУ СОШ № 2"}


def profile():  # type: ignore[no-untyped-def]
    return load_profile(PROFILE_FILE)


def value(indicator: str, period: str, numerator: float | None, denominator: float | None, value: float | None,
          target: float | None, status: str, *, group: str | None = None, unit: str = "%", note: str | None = None,
          definition: str = "def-1") -> dict:
    gap = None if value is None or target is None else value - target
    kind = "count" if unit == "ед." else ("survey" if indicator == "satisfaction_share" else "share")
    return {"indicator": indicator, "name": NAMES[indicator], "kind": kind, "period": period,
            "group_by": "organization" if group else None, "group": group, "group_name": ORGS.get(group or ""),
            "numerator": numerator, "denominator": denominator, "value": value, "unit": unit, "target": target,
            "comparator": "min", "status": status, "gap": gap, "source": "Тестовский МО № 7", "note": note,
            "definition_sha256": f"{indicator}-{definition}"}


def targets() -> pl.DataFrame:
    rows = [{"indicator": ind.id, "key": k, "target": float(t), "comparator": "min"}
            for ind in profile().indicators for k, t in ind.targets.items()]
    return pl.DataFrame(rows, schema=TARGET_COLUMNS)


def header(mid: str, periods: tuple[str, ...], data_date: dt.date, version: int = 1) -> Monitoring:
    return Monitoring(
        id=mid, series=f"testville/T1/{'+'.join(periods)}/organization", version=version, supersedes=None, reason=None,
        state="approved", recorded_at=dt.datetime(2026, 1, 15, 9, 30), recorded_by="Петрова А. А.", note=None,
        methodnet_version="0.1.0", profile_id="testville", profile_name="Тестовский МО — программа развития",
        profile_sha256="a" * 64, territory="T1", periods=periods, by="organization", data_date=data_date,
        data_label="Тестовский МО, сведения ММС", data_fingerprint="b" * 64,
        tables=(TableFingerprint("organization", 2, "c" * 64), TableFingerprint("staff", 40, "d" * 64)),
        content_sha256="e" * 64)


def previous() -> StoredMonitoring:
    """2024: diagnostics 50 % (met), IOM 10 % (met), mentoring and contests without a 2024 target, no survey."""
    rows = [value("diagnostics_share", "2024", 20, 40, 50.0, 50.0, "met"),
            value("iom_share", "2024", 4, 40, 10.0, 10.0, "met"),
            value("mentoring_model_orgs_share", "2024", 0, 2, 0.0, None, "no_target"),
            value("contests_count", "2024", 3, None, 3.0, None, "no_target", unit="ед."),
            value("satisfaction_share", "2024", None, None, None, None, "no_data", note="нет данных: survey_response")]
    measures = pl.DataFrame([
        {"measure": "Провести диагностику в МБОУ СОШ № 2", "responsible": "ММС", "deadline": dt.date(2025, 5, 31),
         "indicators": ["diagnostics_share"], "done_on": None},
        {"measure": "Увеличить число конкурсов", "responsible": "Отдел образования", "deadline": dt.date(2025, 12, 1),
         "indicators": ["contests_count"], "done_on": None}], schema=MEASURE_COLUMNS)
    return StoredMonitoring(header("mon-2024", ("2024",), dt.date(2024, 12, 31)), "",
                            pl.DataFrame(rows, schema=VALUE_COLUMNS), targets(),
                            pl.DataFrame(schema=FINDING_COLUMNS), measures)


def current() -> StoredMonitoring:
    """2025: diagnostics 75 % of 80 (not met), IOM 30 % (met), mentoring 50 % (met), contests 2 of 3, no survey."""
    rows = [value("diagnostics_share", "2025", 30, 40, 75.0, 80.0, "not_met"),
            value("iom_share", "2025", 12, 40, 30.0, 30.0, "met"),
            value("mentoring_model_orgs_share", "2025", 1, 2, 50.0, 50.0, "met"),
            value("contests_count", "2025", 2, None, 2.0, 3.0, "not_met", unit="ед."),
            value("satisfaction_share", "2025", None, None, None, 70.0, "no_data", note="нет данных: survey_response"),
            value("diagnostics_share", "2025", 18, 20, 90.0, 80.0, "met", group="o1"),
            value("iom_share", "2025", 4, 20, 20.0, 30.0, "not_met", group="o1"),
            value("mentoring_model_orgs_share", "2025", 1, 1, 100.0, 50.0, "met", group="o1"),
            value("diagnostics_share", "2025", 12, 20, 60.0, 80.0, "not_met", group="o2"),
            value("iom_share", "2025", 8, 20, 40.0, 30.0, "met", group="o2"),
            value("mentoring_model_orgs_share", "2025", 0, 1, 0.0, 50.0, "not_met", group="o2")]
    findings = pl.DataFrame(
        [{"rule": "no_recent_training", "severity": "warning", "subject_kind": "person", "subject": p,
          "message": "нет завершённого повышения квалификации", "source": None,
          "action": "включите в план-график повышения квалификации"} for p in ("p1", "p2", "p3")]
        + [{"rule": "deficit_without_iom", "severity": "warning", "subject_kind": "person", "subject": "p2",
            "message": "дефициты выявлены", "source": None, "action": "разработайте ИОМ"},
           {"rule": "indicator_below_target", "severity": "warning", "subject_kind": "profile",
            "subject": "diagnostics_share", "message": "ниже цели", "source": None, "action": None},
           {"rule": "gmo_missing", "severity": "warning", "subject_kind": "organization", "subject": "o2",
            "message": "нет положения о ГМО", "source": None, "action": "утвердите положение о ГМО"}],
        schema=FINDING_COLUMNS)
    measures = pl.DataFrame([
        {"measure": "Провести диагностику в МБОУ СОШ № 2", "responsible": "ММС", "deadline": dt.date(2025, 5, 31),
         "indicators": ["diagnostics_share"], "done_on": dt.date(2025, 5, 20)},
        {"measure": "Организовать анкетирование удовлетворённости", "responsible": "ММС",
         "deadline": dt.date(2026, 3, 1), "indicators": ["satisfaction_share"], "done_on": None}],
        schema=MEASURE_COLUMNS)
    return StoredMonitoring(header("mon-2025", ("2025",), dt.date(2025, 12, 31)), "",
                            pl.DataFrame(rows, schema=VALUE_COLUMNS), targets(), findings, measures)
