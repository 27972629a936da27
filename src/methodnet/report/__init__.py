"""Reports: what a methodist sends to the education department, in the formats people use."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from methodnet.report.render import FORMATS, MonitoringReport, to_html, to_json, to_markdown, write_report

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile

__all__ = ["FORMATS", "MonitoringReport", "make_report", "to_html", "to_json", "to_markdown", "write_report"]


def default_periods(profile: Profile, at: dt.date) -> list[str]:
    """Every program year up to the year of ``at`` (just that year when the profile has no program period)."""
    first = profile.period.start if profile.period else at.year
    last = min(profile.period.end or at.year, at.year) if profile.period else at.year
    return [str(y) for y in range(first, max(first, last) + 1)]


def make_report(profile: Profile, dataset: Dataset, periods: list[str] | None = None, *, at: dt.date | None = None,
                by: list[str] | str | None = None, with_findings: bool = True,
                with_routes: bool = True) -> MonitoringReport:
    """Evaluate ``profile`` on ``dataset``, check its rules and sum up the proposed routes.

    ``periods`` defaults to every program year up to ``at`` (the dataset's date by default); ``by``
    adds a table per organization, municipality… Routes are proposed as of ``at`` with
    the profile's thresholds of a young teacher, and only their totals are reported.
    """
    from methodnet.engine.evaluate import Engine
    from methodnet.rules.check import check

    at = at or getattr(dataset, "as_of", None) or dt.date.today()
    periods = list(periods) if periods else default_periods(profile, at)
    evaluation = Engine(profile, dataset).evaluate(periods, by=by)
    findings = check(profile, dataset, at, evaluation=evaluation) if with_findings else None
    routes = None
    if with_routes:
        from methodnet.iom import BuilderOptions, IomBuilder
        from methodnet.report.sections import route_summary

        p = profile.parameters
        builder = IomBuilder(dataset, BuilderOptions(young_max_age=p.young_max_age, young_max_years=p.young_max_years))
        routes = route_summary(builder.build(at), builder.competency_names)
    return MonitoringReport(evaluation, findings, at, routes)
