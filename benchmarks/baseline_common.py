"""What the two tuned baselines share: reading the folder's shape, the dataset date, the periods.

Only the plumbing lives here (which files exist, their separator and header, the dataset's
date T, the output shape); the semantics of the 26 indicators are written twice, once in
DuckDB SQL (baseline_duckdb.py) and once in lazy Polars (baseline_polars.py), so that the
value check compares two independent implementations with methodnet.

Output of both baselines: one row per (indicator, period, group) with ``group`` = ``"*"`` for
the total, ``"?"`` for «не указано» (records without a municipality, only where such records
exist), else the municipality id; ``numerator`` and ``denominator`` are floats or null (null
for both when a table the indicator reads is absent or empty: no data, not zero).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: The 26 indicators of profiles/base.yaml, in the profile's order.
INDICATORS = [
    "diagnostics_share", "diagnostics_share_pedagogues", "diagnostics_share_managers", "iom_share",
    "iom_share_pedagogues", "iom_share_managers", "iom_completed_share", "deficit_closure_share", "pd_share",
    "advanced_training_share", "retraining_share", "federal_registry_training_share",
    "management_team_orgs_share", "management_teams_count", "mentoring_model_orgs_share",
    "young_supported_share", "young_mentored_share", "regional_methodists_share",
    "pedagogues_per_regional_methodist", "tutors_experts_jury_share", "contest_participation_share",
    "orgs_contest_share", "orgs_experience_share", "contests_count", "municipal_events_count",
    "satisfaction_share",
]

#: Tables each indicator reads (population, condition, references). SEMANTICS: if any is absent
#: or empty, the indicator has no data (numerator and denominator null), never zero.
REQUIRES: dict[str, tuple[str, ...]] = {
    "diagnostics_share": ("staff", "diagnostic"),
    "diagnostics_share_pedagogues": ("staff", "diagnostic"),
    "diagnostics_share_managers": ("staff", "diagnostic"),
    "iom_share": ("staff", "iom"),
    "iom_share_pedagogues": ("staff", "iom"),
    "iom_share_managers": ("staff", "iom"),
    "iom_completed_share": ("staff", "iom"),
    "deficit_closure_share": ("diagnostic_result", "diagnostic"),
    "pd_share": ("staff", "training"),
    "advanced_training_share": ("staff", "training", "program"),
    "retraining_share": ("staff", "training", "program"),
    "federal_registry_training_share": ("staff", "training", "program"),
    "management_team_orgs_share": ("organization", "staff", "training", "program"),
    "management_teams_count": ("organization", "staff", "training", "program"),
    "mentoring_model_orgs_share": ("organization", "staff", "mentorship"),
    "young_supported_share": ("staff", "mentorship", "participation", "event", "association_member"),
    "young_mentored_share": ("staff", "mentorship"),
    "regional_methodists_share": ("staff", "role"),
    "pedagogues_per_regional_methodist": ("staff", "role"),
    "tutors_experts_jury_share": ("staff", "role", "participation"),
    "contest_participation_share": ("staff", "participation", "event"),
    "orgs_contest_share": ("organization", "participation", "event", "staff"),
    "orgs_experience_share": ("organization", "participation", "event"),
    "contests_count": ("event",),
    "municipal_events_count": ("event",),
    "satisfaction_share": ("survey_response",),
}

#: Indicators whose window runs from 1900-01-01 (base has no program period).
CUMULATIVE = {"diagnostics_share", "diagnostics_share_pedagogues", "diagnostics_share_managers", "iom_share",
              "iom_share_pedagogues", "iom_share_managers", "iom_completed_share", "deficit_closure_share",
              "management_team_orgs_share", "mentoring_model_orgs_share"}
#: Indicators with a numerator only (the denominator is null).
COUNTS = {"management_teams_count", "contests_count", "municipal_events_count"}

CUMULATIVE_START = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Source:
    """One CSV file of the folder: where it is, its separator and its header."""

    path: Path
    separator: str
    header: tuple[str, ...]
    has_rows: bool


def sources(folder: str | Path) -> dict[str, Source]:
    """Every ``<table>.csv`` of the folder, with its separator sniffed from the header line."""
    found = {}
    for path in sorted(Path(folder).glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            separator = ";" if first.count(";") > first.count(",") else ","
            header = tuple(next(csv.reader([first], delimiter=separator)))
            has_rows = any(line.strip() for line in handle)
        found[path.stem] = Source(path, separator, header, has_rows)
    return found


def dataset_date(found: dict[str, Source], at: dt.date | None) -> dt.date:
    """T: dataset_info.as_of when the folder has it, else the ``--at`` date, else today (SEMANTICS:
    "Dataset.as_of -> that date, or the --at option, else today")."""
    info = found.get("dataset_info")
    if info is not None and info.has_rows:
        with info.path.open(encoding="utf-8-sig", newline="") as handle:
            row = next(csv.DictReader(handle, delimiter=info.separator))
        text = (row.get("as_of") or "").strip()
        if text:
            return dt.datetime.strptime(text, "%d.%m.%Y").date() if "." in text else dt.date.fromisoformat(text)
    return at or dt.date.today()


def periods(years: list[int]) -> list[tuple[str, dt.date, dt.date]]:
    """Calendar years as (label, first day, last day)."""
    return [(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]


def run_cli(compute, name: str) -> None:  # type: ignore[no-untyped-def]
    """``python baseline_X.py DATA [--at YYYY-MM-DD] [--years 2024 2027] [--out values.parquet]``.

    Prints one JSON line: seconds (in-process, from start to the values in memory), rows, and
    the peak RSS of this process (the parent also measures the whole process from outside).
    """
    import argparse
    import resource

    parser = argparse.ArgumentParser(prog=name)
    parser.add_argument("data")
    parser.add_argument("--at", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--years", type=int, nargs=2, default=[2024, 2027])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    start = time.perf_counter()
    frame = compute(args.data, at=args.at, years=list(range(args.years[0], args.years[1] + 1)))
    seconds = time.perf_counter() - start
    if args.out is not None:
        frame.write_parquet(args.out)
    print(json.dumps({"seconds": seconds, "rows": frame.height,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    sys.stdout.flush()
