"""The tuned baselines (benchmarks/baseline_duckdb.py, baseline_polars.py) against hand-computed
values on the edge-case dataset, and methodnet against both baselines (edge cases, seryshevo).

The hand values follow SEMANTICS (as of each period's end, dataset date T = 2026-06-30); each is
derived in the comments of methodnet.synth.edge_cases and below. Small data only: a few seconds.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest

from methodnet.synth.edge_cases import AS_OF, write_edge_cases

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import baseline_duckdb  # noqa: E402
import baseline_polars  # noqa: E402
from compare_values import by_indicator, methodnet_values, mismatches  # noqa: E402

BASELINES = {"duckdb": baseline_duckdb.compute, "polars": baseline_polars.compute}
YEARS = [2024, 2025, 2026, 2027]

#: Totals (numerator, denominator) for 2024, 2025, 2026, 2027, worked out by hand.
#: Staff employed at the year's end: 9, 9, 8, 8 (S4 leaves 2025-06-15, S5 2025-06-30, S11
#: 2026-03-31; S7, S8 hired 2025-03-01); pedagogues 5 each year; managers 4, 4, 3, 3.
TOTALS = {
    # first diagnostics: S1, S4 2024; S2 2024-11; S7 2025; S3 on 2025-12-31
    "diagnostics_share": [(3, 9), (4, 9), (4, 8), (4, 8)],
    "diagnostics_share_pedagogues": [(3, 5), (3, 5), (3, 5), (3, 5)],
    "diagnostics_share_managers": [(0, 4), (1, 4), (1, 3), (1, 3)],
    # with a diagnostic, not cancelled by the year's end: I1 S1, I2 S2 (cancelled 2025-05-01), I3 S4, I5 S7
    "iom_share": [(3, 9), (2, 9), (2, 8), (2, 8)],
    # any route not cancelled: + I7 S10 (2023); I6 S8 cancelled without a date → at T (2026)
    "iom_share_pedagogues": [(4, 5), (4, 5), (3, 5), (3, 5)],
    "iom_share_managers": [(0, 4), (1, 4), (1, 3), (1, 3)],
    # completed by the year's end: I3 (2024-12-31), I7; I1 2025-02-15; I5 without a date → T
    "iom_completed_share": [(2, 4), (2, 4), (3, 3), (3, 3)],
    # deficits D1/K1, D4/K1 (explicit), D4/K2, D6/K1; + D7/K1 2025; + D5/K2 2026 (D2/K2 explicit no;
    # D8/K2 at the threshold no); closed: D1/K1 by D3 2025 (not by same-day D2), D4/K1 by D5 2026
    "deficit_closure_share": [(0, 4), (1, 5), (2, 6), (2, 6)],
    # completion date in the year: T2, T7 2024; T1 (ends 2025-01-20), T5 2025; T9 (2026-01-10),
    # T4 (no end → T) 2026; T3 dropped never
    "pd_share": [(2, 9), (2, 9), (2, 8), (0, 8)],
    "advanced_training_share": [(0, 5), (1, 5), (2, 5), (0, 5)],
    "retraining_share": [(1, 5), (0, 5), (0, 5), (0, 5)],
    "federal_registry_training_share": [(0, 5), (1, 5), (1, 5), (0, 5)],
    # open school/kindergarten/additional: O1 O2 O5 in 2024, O1 O3 O5 after; O2's manager 2024, O1's from 2025
    "management_team_orgs_share": [(1, 3), (1, 3), (1, 3), (1, 3)],
    # any kind, in the year, any status: O2 and O4 (a dropped course) 2024, O1 2025
    "management_teams_count": [(2, None), (1, None), (0, None), (0, None)],
    # schools O1 (mentor S1 from 2024-09) and O3 (from 2025, no mentor)
    "mentoring_model_orgs_share": [(1, 1), (1, 2), (1, 2), (1, 2)],
    # young pedagogues: S2 2024–2026, S7 2025–2027; MN1 (S2) to 2026-08-31, MN2 (S7) in 2025 only;
    # S7 in the multi-year school of young teachers (E2) and an association to 2026-02-01
    "young_supported_share": [(1, 1), (2, 2), (2, 2), (1, 1)],
    "young_mentored_share": [(1, 1), (2, 2), (1, 2), (0, 1)],
    "regional_methodists_share": [(1, 5), (0, 5), (0, 5), (0, 5)],
    # pedagogues / regional methodists of any category (S1 in 2024, the manager S3 from 2026)
    "pedagogues_per_regional_methodist": [(5, 1), (5, 0), (5, 1), (5, 1)],
    # S5 jury 2024; S10 tutor from 2025-06
    "tutors_experts_jury_share": [(1, 5), (1, 5), (1, 5), (1, 5)],
    # S1 in 2024; S2 (empty role = participant) and S10 (a regional contest) in 2025
    "contest_participation_share": [(1, 9), (2, 9), (0, 8), (0, 8)],
    # O1 via S1 and O5 itself (E4 over New Year) 2024; O1 via S2, O5 2025
    "orgs_contest_share": [(2, 3), (2, 3), (0, 3), (0, 3)],
    # O1 took part in, O3 organized the master class of 2026
    "orgs_experience_share": [(0, 3), (0, 3), (2, 3), (0, 3)],
    # distinct named municipal contests: E1 + E4 2024; E3 + E4 2025; E7 has no name
    "contests_count": [(2, None), (2, None), (0, None), (0, None)],
    # municipal, not meetings: E1 E4; E2 E3 E4; E2 E5 E7; E2
    "municipal_events_count": [(2, None), (3, None), (3, None), (1, None)],
    # 2025: 4/5, 4/(empty = 5), 8/10 satisfied; 2026: 5/5 yes, 7/10 no
    "satisfaction_share": [(0, 0), (3, 3), (1, 2), (0, 0)],
}


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edge cases with every column (cancelled_on, dropped_on, dataset_info) whatever the loader knows."""
    return write_edge_cases(tmp_path_factory.mktemp("edge-complete"), complete=True)


def _value(frame: pl.DataFrame, indicator: str, period: str, group: str) -> tuple:
    row = frame.filter((pl.col("indicator") == indicator) & (pl.col("period") == period)
                       & (pl.col("group") == group))
    assert row.height == 1, (indicator, period, group, row)
    num, den = row.row(0)[3:5]
    return (None if num is None else int(num), None if den is None else int(den))


@pytest.mark.parametrize("name", list(BASELINES))
def test_baseline_totals_by_hand(name: str, complete: Path) -> None:
    frame = BASELINES[name](complete, years=YEARS)  # T from dataset_info
    got = {ind: [_value(frame, ind, str(y), "*") for y in YEARS] for ind in TOTALS}
    assert got == TOTALS


@pytest.mark.parametrize("name", list(BASELINES))
def test_baseline_breakdown_and_unassigned_rows(name: str, complete: Path) -> None:
    frame = BASELINES[name](complete, years=YEARS)
    # every municipality gets a row, M3 (no organizations) with 0 / 0
    assert frame.filter(pl.col("group") != "?").height == 26 * 4 * 4
    assert _value(frame, "diagnostics_share", "2025", "M3") == (0, 0)
    assert _value(frame, "contests_count", "2025", "M3") == (0, None)
    # deficits by the person's municipality: S7 (O3, M2) has the 2025 deficit
    assert _value(frame, "deficit_closure_share", "2026", "M1") == (2, 5)
    assert _value(frame, "deficit_closure_share", "2026", "M2") == (0, 1)
    # E4 (M2) crosses New Year: counted in both years
    assert _value(frame, "municipal_events_count", "2025", "M2") == (2, None)
    # «не указано» only where an indicator has such records: a survey answer and a contest of 2026
    unassigned = frame.filter(pl.col("group") == "?").sort("indicator")
    assert unassigned.select("indicator", "period", "numerator", "denominator").rows() == [
        ("contests_count", "2026", 0.0, None), ("municipal_events_count", "2026", 1.0, None),
        ("satisfaction_share", "2026", 1.0, 1.0)]


@pytest.mark.parametrize("name", list(BASELINES))
def test_baseline_missing_table_is_no_data(name: str, complete: Path, tmp_path: Path) -> None:
    folder = tmp_path / "no-roles"
    shutil.copytree(complete, folder)
    (folder / "role.csv").unlink()
    frame = BASELINES[name](folder, years=YEARS)
    for indicator in ("regional_methodists_share", "pedagogues_per_regional_methodist", "tutors_experts_jury_share"):
        assert _value(frame, indicator, "2024", "*") == (None, None)
        assert _value(frame, indicator, "2024", "M1") == (None, None)
    assert _value(frame, "pd_share", "2024", "*") == (2, 9)


@pytest.mark.parametrize("name", list(BASELINES))
def test_baseline_without_new_columns_uses_T(name: str, complete: Path, tmp_path: Path) -> None:
    """An older export (no cancelled_on, no dataset_info): a cancelled route counts as cancelled
    from T, given as ``at``."""
    folder = tmp_path / "old"
    shutil.copytree(complete, folder)
    (folder / "dataset_info.csv").unlink()
    iom = pl.read_csv(folder / "iom.csv", separator=";", infer_schema=False).drop("cancelled_on")
    iom.write_csv(folder / "iom.csv", separator=";")
    frame = BASELINES[name](folder, at=AS_OF, years=YEARS)
    # I2 (S2) now cancelled only at T = 2026-06-30: still counts in 2025
    assert [_value(frame, "iom_share", str(y), "*") for y in YEARS] == [(3, 9), (3, 9), (2, 8), (2, 8)]


def _engine_vs_baselines(data: Path, at: dt.date) -> None:
    mine = methodnet_values(data, at, YEARS)
    reports = []
    for name, compute in BASELINES.items():
        diff = mismatches(mine, compute(data, at=at, years=YEARS), ("methodnet", name))
        if not diff.is_empty():
            reports.append(f"methodnet vs {name}:\n" + by_indicator(diff, ("methodnet", name)))
    assert not reports, "\n".join(reports)


def test_engine_equals_baselines_on_edge_cases(tmp_path: Path) -> None:
    _engine_vs_baselines(write_edge_cases(tmp_path / "edge"), AS_OF)


def test_engine_equals_baselines_on_seryshevo() -> None:
    _engine_vs_baselines(ROOT / "examples" / "seryshevo", dt.date(2026, 9, 1))


def test_engine_equals_baselines_with_missing_and_empty_tables(tmp_path: Path) -> None:
    """Absent tables (role, survey answers, participation) and header-only ones (mentorship,
    events): no data for the indicators that read them, the same in all three."""
    folder = write_edge_cases(tmp_path / "sparse")
    for table in ("role", "survey_response", "participation"):
        (folder / f"{table}.csv").unlink()
    for table in ("mentorship", "event"):
        path = folder / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    frame = baseline_polars.compute(folder, years=YEARS)
    assert _value(frame, "young_mentored_share", "2025", "*") == (None, None)
    assert _value(frame, "municipal_events_count", "2025", "M1") == (None, None)
    _engine_vs_baselines(folder, AS_OF)
