"""Shares and counts computed in one pass per table (methodnet.engine.masked) against the general
plan (population × period), and against values computed by hand on the fixture of test_asof.py.

The two plans are written independently: the general one crosses each population with the
periods and reads dated statuses from the period's end column; the one-pass plan computes
each period's membership as a boolean with that period's end as a fixed date. Equal frames
on every bundled example and on the edge cases mean neither drifted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from polars.testing import assert_frame_equal

from methodnet import Dataset, load
from methodnet.engine.evaluate import Engine
from methodnet.engine.masked import MaskedPlans, maskable
from methodnet.api import load_profile
from methodnet.synth.edge_cases import write_edge_cases
from tests.test_asof import PROFILE, RECORDS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PERIODS = ["2024", "2025", "2026", "2025-Q4", "2026-03"]
BY = ["municipality", "organization", "organization_kind"]


def _both(profile, dataset, periods=PERIODS, by=BY):  # type: ignore[no-untyped-def]
    frames = []
    for masks in (True, False):
        engine = Engine(profile, dataset)
        engine.masks = masks
        frames.append(engine.evaluate(periods, by=by).to_polars())
    return frames


@pytest.mark.parametrize("name", ["seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"])
def test_one_pass_equals_the_general_plan_on_the_examples(name: str) -> None:
    one_pass, general = _both(load_profile(name), load(EXAMPLES / name))
    assert one_pass.height > 100
    assert_frame_equal(one_pass, general)


def test_one_pass_equals_the_general_plan_on_the_edge_cases(tmp_path: Path) -> None:
    one_pass, general = _both(load_profile("base"), load(write_edge_cases(tmp_path / "edge")))
    assert_frame_equal(one_pass, general)


# ------------------------------------------------------------------ the fixture of test_asof.py

EXTRA = [
    # count() is not a mask: this one takes the general plan
    {"id": "twice", "name": "Два курса", "kind": "share", "population": {"table": "staff"},
     "condition": "count(trainings) >= 1"},
    # courses begun in the period: none in 2026 — a measured 0, not «нет данных»
    {"id": "begun", "name": "Начатые курсы", "kind": "count", "population": {"table": "training"},
     "records": "started"},
    # a ratio: its two counts run in the staff pass and are joined afterwards
    {"id": "per_trained", "name": "Работников на одного обученного", "kind": "ratio",
     "numerator": {"table": "staff"}, "denominator": {"table": "staff", "where": "exists(trainings, completed)"}},
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("profiles") / "masked.yaml"
    profile = {**PROFILE, "id": "masked", "indicators": [*PROFILE["indicators"], *EXTRA]}
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return Engine(load_profile(path), Dataset.from_records(RECORDS))


def test_which_indicators_take_one_pass(engine: Engine) -> None:
    taken = {i.id for i in engine.profile.indicators if maskable(engine, i)}
    assert taken == {"routes", "completed", "trained", "roles", "begun", "per_trained"}


def test_a_ratio_from_one_pass(engine: Engine) -> None:
    results = engine.evaluate(["2024", "2025"], by="municipality")
    # 4 people; trained: 2024 — p3; 2025 — p1 and p4
    assert (results.get("per_trained", "2024").numerator, results.get("per_trained", "2024").denominator,
            results.get("per_trained", "2024").value) == (4, 1, 4.0)
    assert results.get("per_trained", "2025").value == 2.0
    m1 = results.get("per_trained", "2025", group="m1", group_by="municipality")
    assert (m1.numerator, m1.denominator, m1.value) == (4, 2, 2.0)
    assert not any("\x00" in r.indicator for r in results.rows)


def test_indicators_with_the_same_windows_share_a_pass(engine: Engine) -> None:
    from methodnet.model.periods import parse_period

    periods = [parse_period("2024"), parse_period("2025")]
    plans = MaskedPlans(engine)
    for ind_id in ("routes", "completed", "trained"):
        ind = engine.profile.indicator(ind_id)
        plans.add(ind, [engine.window(ind, p) for p in periods], [])
    # routes and completed are cumulative (windows from 1900); trained looks at each year
    assert sorted([m.id for m in g.members] for g in plans.passes.values()) == [["routes", "completed"], ["trained"]]


def test_a_count_condition_takes_the_general_plan_with_the_same_semantics(engine: Engine) -> None:
    results = engine.evaluate(["2024", "2025"])
    # count(trainings) counts courses overlapping the year: 2024 — T1 (Dec), T2, T3; 2025 — T1, T4
    assert (results.get("twice", "2024").numerator, results.get("twice", "2024").denominator) == (3, 4)
    assert (results.get("twice", "2025").numerator, results.get("twice", "2025").denominator) == (2, 4)


def test_a_count_with_no_rows_in_any_period_is_zero(engine: Engine) -> None:
    results = engine.evaluate(["2026"])
    row = results.get("begun", "2026")
    assert (row.value, row.status) == (0.0, "no_target")
    assert engine.evaluate(["2024"]).get("begun", "2024").value == 3.0  # T1, T2, T3 begun in 2024


def test_more_periods_than_mask_bits(engine: Engine) -> None:
    months = [f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)]
    results = engine.evaluate(months)
    trained = {m: results.get("trained", m).numerator for m in months}
    # T3 ends 2024-02-10; T1 ends 2025-01-20; T4 has no end: read as finished on the dataset's date 2025-06-30
    assert {m for m, n in trained.items() if n} == {"2024-02", "2025-01", "2025-06"}
    assert {results.get("trained", m).denominator for m in months} == {4.0}
    # the 33rd month onwards comes from the second chunk and agrees with asking for it alone
    alone = engine.evaluate(months[32:])
    assert [alone.get("routes", m).numerator for m in months[32:]] == \
        [results.get("routes", m).numerator for m in months[32:]] == [3.0, 3.0, 3.0, 3.0]
