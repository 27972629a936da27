"""Reports: what a methodist sends to the education department, in the formats people use."""

from methodnet.report.render import FORMATS, Report, to_html, to_json, to_markdown, write_report

__all__ = ["FORMATS", "Report", "make_report", "to_html", "to_json", "to_markdown", "write_report"]


def make_report(profile, dataset, periods=None, *, at=None, by=None, with_findings=True):  # type: ignore[no-untyped-def]
    """Evaluate ``profile`` on ``dataset`` (all program years up to ``at`` by default) and run its rules."""
    import datetime as dt

    from methodnet.engine.evaluate import Engine
    from methodnet.rules.check import check

    at = at or dt.date.today()
    if periods is None:
        first = profile.period.start if profile.period else at.year
        last = min(profile.period.end or at.year, at.year) if profile.period else at.year
        periods = [str(y) for y in range(first, max(first, last) + 1)]
    evaluation = Engine(profile, dataset).evaluate(periods, by=by)
    findings = check(profile, dataset, at) if with_findings else None
    return Report(evaluation, findings, at)
