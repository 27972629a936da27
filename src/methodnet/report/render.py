"""Reports from an evaluation and findings: Markdown, self-contained HTML, JSON, CSV, XLSX.

The HTML page needs no network: styles are inline and the charts are SVG drawn here
(value against target per indicator and year), and it prints on A4 with no chart cut
across pages. People never appear by name — findings are counted per rule, proposed
routes are summed up, breakdowns go down to organizations.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from methodnet.choices import REPORT_FORMATS
from methodnet.engine.result import Evaluation, IndicatorResult
from methodnet.report.act import act_html, act_json, act_markdown
from methodnet.report.charts import STATUS_COLOUR, STATUS_FILL, chart_svg
from methodnet.report.sections import BY_RU, RouteSummary, group_tables, rule_rows
from methodnet.report.text import act_line, fmt, place_line, status_ru  # noqa: F401  (also the former place)
from methodnet.rules.check import Findings
from methodnet.russian import count, number


@dataclass
class MonitoringReport:
    """The report document a methodist submits: an evaluation, its findings and the proposed routes.

    (Named apart from :class:`methodnet.errors.ProblemReport`, the problems of loading.)
    """

    evaluation: Evaluation
    findings: Findings | None
    generated: dt.date
    routes: RouteSummary | None = field(default=None)

    @property
    def profile(self) -> Any:
        return self.evaluation.engine.profile

    @property
    def periods(self) -> list[str]:
        return list(dict.fromkeys(r.period for r in self.evaluation.rows))

    def totals(self) -> dict[str, dict[str, IndicatorResult]]:
        """indicator id → period → its whole-dataset row, in the profile's order."""
        table: dict[str, dict[str, IndicatorResult]] = {}
        for row in self.evaluation.rows:
            if row.group_by is None:
                table.setdefault(row.indicator, {})[row.period] = row
        return table

    def indicator_rows(self) -> list[tuple[int, IndicatorResult, list[IndicatorResult | None], IndicatorResult | None]]:
        """(number, a row for the name and source, the row of each period or None, the last period's row)."""
        out = []
        for n, periods in enumerate(self.totals().values(), start=1):
            by_period = [periods.get(p) for p in self.periods]
            out.append((n, next(iter(periods.values())), by_period, by_period[-1]))
        return out

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        last = self.periods[-1]
        for periods in self.totals().values():
            row = periods.get(last)
            if row:
                counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    def to_polars(self) -> Any:
        """The indicator rows of the report (what its CSV holds)."""
        return self.evaluation.to_polars()

    def to_pandas(self) -> Any:
        return self.evaluation.to_pandas()

    def _repr_html_(self) -> str:
        return to_html(self)


#: Deprecated name of :class:`MonitoringReport` (kept so existing code keeps working).
Report = MonitoringReport


def _dates(report: MonitoringReport) -> str:
    """«отчёт сформирован 01.09.2026» and, when it differs, the date the data were collected."""
    text = f"отчёт сформирован {report.generated:%d.%m.%Y}"
    as_of = getattr(report.evaluation, "as_of", None)
    return text + (f", данные на {as_of:%d.%m.%Y}" if as_of and as_of != report.generated else "")


def _cell_text(row: IndicatorResult | None) -> str:
    if row is None:
        return ""
    target = f" (цель {fmt(row.target, row.unit, row.denominator)})" if row.target is not None else ""
    progress = " — в процессе" if row.status == "in_progress" else ""
    return fmt(row.value, row.unit, row.denominator) + target + progress


# --------------------------------------------------------------------------- Markdown


def to_markdown(report: MonitoringReport) -> str:
    profile = report.profile
    lines = [f"# {profile.name}", ""]
    lines += [x for x in (act_line(profile), place_line(profile)) if x]
    lines += ["", f"{_dates(report).capitalize()}. Периоды: {', '.join(report.periods)}.", "",
              "## Показатели", "",
              "| № | Показатель | " + " | ".join(report.periods) + " | Статус |",
              "|---|---|" + "---|" * len(report.periods) + "---|"]
    for n, first, by_period, last in report.indicator_rows():
        status = status_ru(last.status) if last else ""
        lines.append(f"| {n} | {_md(first.name)} | " + " | ".join(_md(_cell_text(r)) for r in by_period)
                     + f" | {status} |")
    by = None
    for table in group_tables(report):
        if table.by != by:
            by = table.by
            lines += ["", f"## Показатели {BY_RU.get(by, by)}"]
        lines += ["", f"### {_md(table.name)}", "",
                  "| № | Показатель | " + " | ".join(report.periods) + " |",
                  "|---|---|" + "---|" * len(report.periods)]
        for n, first, by_period in table.rows:
            lines.append(f"| {n} | {_md(first.name)} | " + " | ".join(_md(_cell_text(r)) for r in by_period) + " |")
    lines += ["", "## Замечания", ""]
    lines += _findings_markdown(report)
    if report.routes is not None:
        lines += ["", "## Предложенные ИОМ", ""] + report.routes.lines()
    lines += ["", "## Источники", ""]
    for n, first, _, _ in report.indicator_rows():
        lines.append(f"{n}. {first.name} — {first.source or 'источник не указан'}")
    lines += [""] + act_markdown(report)  # the act itself: stages, roadmap, bodies, notes
    return "\n".join(lines).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _findings_markdown(report: MonitoringReport) -> list[str]:
    if report.findings is None:
        return ["Правила не проверялись."]
    findings = report.findings
    unchecked = [f"- {u.rule}: {u.message}" for u in findings.unchecked]
    if unchecked:
        unchecked = ["", f"Не проверено (нет данных, замечания не выносятся) на {findings.at:%d.%m.%Y}:", ""] + unchecked
    rows = rule_rows(report)
    if not rows:
        return [f"Замечаний нет (проверка на {findings.at:%d.%m.%Y})."] + unchecked
    lines = [f"Проверка правил на {findings.at:%d.%m.%Y}: {count(len(findings), 'finding')}.", "",
             "| Правило | Уровень | Замечаний | Кого касается | Пример | Что сделать |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {_md(r.name)} | {r.severity} | {number(r.count)} | {r.subjects} | {_md(r.example)} | "
                     f"{_md(r.action)} |")
    return lines + unchecked


# --------------------------------------------------------------------------- HTML

CSS = """
body{font-family:"PT Sans","Segoe UI",Arial,sans-serif;margin:0;color:#212121;background:#fafafa}
header{background:#1a4f7a;color:#fff;padding:28px 40px}header h1{margin:0 0 8px;font-size:26px}
header p{margin:4px 0;opacity:.9}main{padding:24px 40px;max-width:1280px}
h2{border-bottom:2px solid #1a4f7a;padding-bottom:4px;margin-top:32px}h3{margin:20px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #ddd;padding:6px 8px;vertical-align:top}th{background:#eef3f8;text-align:left}
td.v{text-align:right;white-space:nowrap}td.v small{display:block;color:#616161}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;color:#fff;font-size:12px}
.summary span{margin-right:16px}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(310px,1fr));gap:16px}
figure{background:#fff;border:1px solid #ddd;margin:0;padding:8px;display:flex;flex-direction:column;
break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:13px;height:3.9em;line-height:1.3em;overflow:hidden;margin-bottom:4px}
.legend{font-size:12px;color:#616161}
@page{size:A4;margin:14mm 12mm}
@media print{
body{background:#fff;font-size:11px}header{background:#fff;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
main{padding:0;max-width:none}table{font-size:10px}th,td{padding:3px 4px}
tr,figure,.group{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
h2,h3,p.legend{break-after:avoid;page-break-after:avoid}#charts-title{break-before:page;page-break-before:always}
.charts{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.badge{color:#000;border:1px solid #000}
}
"""


def _value_cell(row: IndicatorResult | None) -> str:
    e = html.escape
    if row is None:
        return "<td></td>"
    detail = ""
    if row.numerator is not None and row.denominator is not None and row.kind not in ("statistic", "derived"):
        detail = f"{number(row.numerator)} из {number(row.denominator)}"
    target = f"цель {fmt(row.target, row.unit, row.denominator)}" if row.target is not None else ""
    if row.status == "in_progress":
        target = (target + ", " if target else "") + "в процессе"
    tip = f"числитель/знаменатель: {detail}" if detail else (row.note or "")
    return (f'<td class="v" style="background:{STATUS_FILL.get(row.status, "#fff")}" title="{e(tip)}">'
            f'{e(fmt(row.value, row.unit, row.denominator))}<small>{e(target)}</small><small>{e(detail)}</small></td>')


def _badge(row: IndicatorResult | None) -> str:
    if row is None:
        return ""
    return (f'<span class="badge" style="background:{STATUS_COLOUR.get(row.status, "#9e9e9e")}">'
            f'{html.escape(status_ru(row.status))}</span>')


def to_html(report: MonitoringReport) -> str:
    profile = report.profile
    e = html.escape
    counts = report.status_counts()
    summary = " ".join(f'<span>{_badge_of(s)} {number(n)}</span>' for s, n in counts.items())
    rows_html = []
    charts = []
    for n, first, by_period, last in report.indicator_rows():
        rows_html.append(f"<tr><td>{n}</td><td>{e(first.name)}<br><small>{e(first.source or '')}</small></td>"
                         + "".join(_value_cell(r) for r in by_period) + f"<td>{_badge(last)}</td></tr>")
        ordered = [row for row in by_period if row is not None]
        if any(r.value is not None for r in ordered):
            charts.append(f"<figure><figcaption>{n}. {e(first.name)}</figcaption>{chart_svg(first.name, ordered)}"
                          "</figure>")
    header_periods = "".join(f"<th>{e(p)}</th>" for p in report.periods)
    meta = " · ".join(x for x in (place_line(profile), _dates(report), "периоды: " + ", ".join(report.periods)) if x)
    groups = _groups_html(report, header_periods)
    routes = ""
    if report.routes is not None:
        routes = '<h2>Предложенные ИОМ</h2><div id="routes">' + "".join(
            f"<p>{e(line)}</p>" for line in report.routes.lines()) + "</div>"
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{e(profile.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>
<body><header><h1>{e(profile.name)}</h1><p>{e(act_line(profile))}</p>
<p>{e(meta)}</p></header>
<main><h2>Итоги за {e(report.periods[-1])}</h2><p class="summary">{summary}</p>
<h2>Показатели</h2>
<table id="indicators"><thead><tr><th>№</th><th>Показатель</th>{header_periods}<th>Статус</th></tr></thead>
<tbody>{"".join(rows_html)}</tbody></table>
<p class="legend">В ячейке: значение, цель и «сколько из скольких». Цвет — статус; «в процессе» — период ещё не
закончился, значение на дату данных.</p>
{groups}
<h2 id="charts-title">Значения и цели по годам</h2>
<p class="legend">Столбец — значение (цвет — статус, число над столбцом), пунктир — цель.</p>
<div class="charts" id="charts">{"".join(charts)}</div>
<h2>Замечания</h2>{_findings_html(report)}
{routes}
{act_html(report)}
</main></body></html>
"""


def _badge_of(status: str) -> str:
    return (f'<span class="badge" style="background:{STATUS_COLOUR.get(status, "#9e9e9e")}">'
            f'{html.escape(status_ru(status))}</span>')


def _groups_html(report: MonitoringReport, header_periods: str) -> str:
    """A table per organization / municipality / … of each breakdown asked for."""
    e = html.escape
    tables = group_tables(report)
    if not tables:
        return ""
    out = []
    by = None
    for table in tables:
        if table.by != by:
            by = table.by
            out.append(f'<h2>Показатели {e(BY_RU.get(by, by))}</h2>')
        body = "".join(f"<tr><td>{n}</td><td>{e(first.name)}</td>" + "".join(_value_cell(r) for r in cells)
                       + f"<td>{_badge(cells[-1])}</td></tr>" for n, first, cells in table.rows)
        out.append(f'<section class="group" data-by="{e(table.by)}"><h3>{e(table.name)}</h3>'
                   f'<table class="by-group"><thead><tr><th>№</th><th>Показатель</th>{header_periods}'
                   f'<th>Статус</th></tr></thead><tbody>{body}</tbody></table></section>')
    return "".join(out)


def _findings_html(report: MonitoringReport) -> str:
    e = html.escape
    if report.findings is None:
        return "<p>Правила не проверялись.</p>"
    findings = report.findings
    unchecked = "".join(f"<li>{e(u.rule)}: {e(u.message)}</li>" for u in findings.unchecked)
    if unchecked:
        unchecked = f'<p>Не проверено (нет данных, замечания не выносятся):</p><ul id="unchecked">{unchecked}</ul>'
    rows = rule_rows(report)
    if not rows:
        return f"<p>Замечаний нет (проверка на {findings.at:%d.%m.%Y}).</p>" + unchecked
    body = "".join(f"<tr><td>{e(r.name)}</td><td>{e(r.severity)}</td><td class='v'>{number(r.count)}</td>"
                   f"<td>{e(r.subjects)}</td><td>{e(r.example)}</td><td>{e(r.action)}</td><td>{e(r.source)}</td></tr>"
                   for r in rows)
    return (f"<p>Проверка правил на {findings.at:%d.%m.%Y}: {e(count(len(findings), 'finding'))}.</p>"
            '<table id="findings"><thead><tr><th>Правило</th><th>Уровень</th><th>Замечаний</th><th>Кого касается</th>'
            "<th>Пример</th><th>Что сделать</th><th>Источник</th></tr></thead><tbody>" + body + "</tbody></table>"
            + unchecked)


# --------------------------------------------------------------------------- JSON, CSV, XLSX


def to_json(report: MonitoringReport) -> str:
    profile = report.profile
    act = profile.act.model_dump(mode="json") if profile.act else None
    return json.dumps({"profile": profile.id, "name": profile.name, "act": act,
                       "generated": report.generated.isoformat(), "periods": report.periods,
                       "indicators": report.evaluation.to_dicts(),
                       "findings": report.findings.to_dicts() if report.findings else None,
                       "findings_by_rule": [{"rule": r.rule, "name": r.name, "severity": r.severity, "count": r.count}
                                            for r in rule_rows(report)] if report.findings is not None else None,
                       "unchecked": report.findings.unchecked_dicts() if report.findings is not None else None,
                       "routes": _routes_json(report.routes), "act_sections": act_json(report)},
                      ensure_ascii=False, indent=2)


def _routes_json(routes: RouteSummary | None) -> dict[str, Any] | None:
    if routes is None:
        return None
    return {"routes": routes.routes, "steps": routes.steps, "hours": routes.hours,
            "deficits": [{"competency": name, "people": n} for name, n in routes.deficits],
            "uncovered": [{"competency": name, "people": n} for name, n in routes.uncovered],
            "people_with_uncovered": routes.people_uncovered}


def to_csv(report: MonitoringReport) -> str:
    """The indicator rows for Excel: UTF-8 with a BOM, so Excel opens the Cyrillic correctly; no text is a formula."""
    from methodnet.io.formulas import neutralize_frame

    return "\ufeff" + neutralize_frame(report.evaluation.to_polars()).write_csv()


def to_xlsx(report: MonitoringReport, path: Path) -> None:
    """The XLSX report (:mod:`methodnet.report.xlsx`; kept here for callers of the former place)."""
    from methodnet.report.xlsx import to_xlsx as write

    write(report, path)


FORMATS = REPORT_FORMATS


def write_report(report: MonitoringReport, path: Path, format: str | None = None) -> Path:
    format = format or (path.suffix.lstrip(".").lower() or "html")
    if format == "markdown":
        format = "md"
    if format not in FORMATS:
        raise ValueError(f"формат отчёта: {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if format == "xlsx":
        from methodnet.report.xlsx import to_xlsx

        to_xlsx(report, path)
    else:
        text = {"html": to_html, "md": to_markdown, "json": to_json, "csv": to_csv}[format](report)
        path.write_text(text, encoding="utf-8")
    return path
