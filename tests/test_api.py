"""The public API: one import, the same shapes, results that show themselves and convert."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings

import pandas as pd
import polars as pl
import pytest

import methodnet
from methodnet.engine.evaluate import Engine

from conftest import EXAMPLE_TODAY, EXAMPLES


@pytest.fixture(scope="module")
def ds() -> methodnet.Dataset:
    return methodnet.load(EXAMPLES / "seryshevo", at=EXAMPLE_TODAY)


def test_import_is_lazy() -> None:
    code = "import sys, methodnet; print('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_evaluate_defaults_to_the_program_years_up_to_at(ds) -> None:  # type: ignore[no-untyped-def]
    result = methodnet.evaluate("seryshevo", ds, at=dt.date(2025, 6, 1))
    assert isinstance(result, methodnet.Evaluation)
    assert sorted({r.period for r in result}) == ["2024", "2025"]  # the program starts in 2024
    direct = Engine(methodnet.load_profile("seryshevo"), ds).evaluate(["2024", "2025"])
    assert result.to_polars().equals(direct.to_polars())
    assert isinstance(result.to_pandas(), pd.DataFrame) and "<table" in result._repr_html_()


def test_explain_names_its_period_and_agrees_with_the_value(ds) -> None:  # type: ignore[no-untyped-def]
    result = methodnet.evaluate("seryshevo", ds, ["2024", "2025"])
    row = result.get("diagnostics_share", "2025")
    why = methodnet.explain(result, "diagnostics_share", "2025")
    assert (why.period, why.start, why.end) == ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert why.counted == row.numerator and len(why) == row.denominator
    assert "за 2025 (01.01.2025–31.12.2025)" in repr(why) and "2025" in why._repr_html_()
    assert methodnet.explain(result, "diagnostics_share").period == "2024"  # the first period, named
    assert why.to_polars().columns[:2] == ["id", "counted"] and isinstance(why.to_pandas(), pd.DataFrame)


def test_check_routes_and_report(ds) -> None:  # type: ignore[no-untyped-def]
    findings = methodnet.check("seryshevo", ds, at=EXAMPLE_TODAY)
    assert isinstance(findings, methodnet.Findings)
    assert f"на 01.09.2026: {len(findings)} " in repr(findings)
    assert findings.to_pandas().shape == findings.to_polars().shape == (len(findings) + len(findings.unchecked), 12)
    assert "<table" in findings._repr_html_()
    routes = methodnet.build_routes(ds, at=EXAMPLE_TODAY, profile="seryshevo")
    assert isinstance(routes, methodnet.Routes) and all(isinstance(r, methodnet.Route) for r in routes)
    steps = routes.to_polars()
    assert steps.height == sum(len(r.steps) for r in routes) and steps["hours"].sum() == routes.hours
    assert repr(routes).startswith(f"<Routes: {len(routes)} на 01.09.2026") and "<table" in routes._repr_html_()
    assert routes.to_pandas().shape == steps.shape
    one = methodnet.build_routes(ds, [routes[0].staff_id], at=EXAMPLE_TODAY, profile="seryshevo")
    assert [r.staff_id for r in one] == [routes[0].staff_id]
    with pytest.raises(methodnet.UnknownPersonError) as caught:
        methodnet.build_routes(ds, ["S9999999"], at=EXAMPLE_TODAY)
    assert caught.value.code == "unknown_person" and caught.value.ids == ["S9999999"]
    report = methodnet.make_report("seryshevo", ds, "2025", at=EXAMPLE_TODAY, by="organization")
    assert isinstance(report, methodnet.MonitoringReport) and report.periods == ["2025"]
    assert report.routes is not None and report.routes.routes == len(routes)
    assert "<table" in report._repr_html_() and report.to_polars().equals(report.evaluation.to_polars())
    summary = ds.summary()
    rows = summary.to_polars()
    assert dict(zip(rows["table"], rows["rows"])) == ds.counts() and summary.to_pandas().shape == rows.shape


def test_problem_report_renamed_with_a_deprecated_alias(ds) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(ds.report, methodnet.ProblemReport)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert methodnet.Report is methodnet.ProblemReport
    assert caught and caught[0].category is DeprecationWarning
    frame = ds.report.to_polars()
    assert isinstance(frame, pl.DataFrame) and "header" in frame.columns
