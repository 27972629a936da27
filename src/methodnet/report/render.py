"""Reports from an evaluation and findings: Markdown, self-contained HTML, JSON, CSV, XLSX.

The HTML page needs no network: styles are inline and the charts are SVG drawn here
(value against target per indicator and year). People never appear by name — findings
are counted per rule, with subjects by id only.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from methodnet.engine.result import STATUS_RU, Evaluation, IndicatorResult
from methodnet.report.act import act_html, act_json, act_markdown, act_sheet
from methodnet.rules.check import SEVERITY_RU, SUBJECT_RU, Findings

STATUS_COLOUR = {"met": "#2e7d32", "not_met": "#c62828", "in_progress": "#1565c0", "no_target": "#607d8b",
                 "no_data": "#9e9e9e", "unavailable": "#9e9e9e"}
STATUS_FILL = {"met": "#e8f5e9", "not_met": "#ffebee", "in_progress": "#e3f2fd", "no_target": "#eceff1",
               "no_data": "#f5f5f5", "unavailable": "#f5f5f5"}


@dataclass
class Report:
    evaluation: Evaluation
    findings: Findings | None
    generated: dt.date

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


def fmt(value: float | None, unit: str = "", denominator: float | None = None) -> str:
    if value is None:
        return "—"
    if unit == "да/нет" and denominator == 1:
        return "да" if value >= 100 - 1e-9 else "нет"
    text = f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}".replace(".", ",")
    return f"{text} %" if unit == "%" else text


def _act_line(profile: Any) -> str:
    act = profile.act
    if not act:
        return ""
    parts = [act.kind or "", f"№ {act.number}" if act.number else "", f"от {act.date:%d.%m.%Y}" if act.date else ""]
    return " ".join(p for p in parts if p) + f" «{act.title}»"


# --------------------------------------------------------------------------- Markdown


def to_markdown(report: Report) -> str:
    profile = report.profile
    lines = [f"# {profile.name}", "", _act_line(profile), "",
             f"Отчёт сформирован {report.generated:%d.%m.%Y}. Периоды: {', '.join(report.periods)}.", "",
             "## Показатели", "",
             "| № | Показатель | " + " | ".join(report.periods) + " | Статус |",
             "|---|---|" + "---|" * len(report.periods) + "---|"]
    for n, first, by_period, last in report.indicator_rows():
        cells = []
        for row in by_period:
            if row is None:
                cells.append("")
                continue
            target = f" (цель {fmt(row.target, row.unit, row.denominator)})" if row.target is not None else ""
            cells.append(fmt(row.value, row.unit, row.denominator) + target)
        status = STATUS_RU.get(last.status, last.status) if last else ""
        lines.append(f"| {n} | {first.name} | " + " | ".join(cells) + f" | {status} |")
    lines += ["", "## Замечания", ""]
    lines += _findings_markdown(report.findings)
    lines += ["", "## Источники", ""]
    for n, first, _, _ in report.indicator_rows():
        lines.append(f"{n}. {first.name} — {first.source or 'источник не указан'}")
    lines += [""] + act_markdown(report)  # the act itself: stages, roadmap, bodies, notes
    return "\n".join(lines).rstrip("\n") + "\n"


def _findings_markdown(findings: Findings | None) -> list[str]:
    if findings is None:
        return ["Правила не проверялись."]
    unchecked = [f"- {u.rule}: {u.message}" for u in findings.unchecked]
    if unchecked:
        unchecked = ["", f"Не проверено (нет данных, замечания не выносятся) на {findings.at:%d.%m.%Y}:", ""] + unchecked
    if not len(findings):
        return [f"Замечаний нет (проверка на {findings.at:%d.%m.%Y})."] + unchecked
    lines = [f"Проверка правил на {findings.at:%d.%m.%Y}.", "",
             "| Правило | Уровень | Замечаний | Пример | Что сделать |", "|---|---|---|---|---|"]
    for rule, n in findings.by_rule().items():
        example = next(f for f in findings if f.rule == rule)
        subject = f"{SUBJECT_RU.get(example.subject_kind, example.subject_kind)} {example.subject}"
        lines.append(f"| {rule} | {SEVERITY_RU.get(example.severity, example.severity)} | {n} | "
                     f"{subject}: {example.message} | {example.action or ''} |")
    return lines + unchecked


# --------------------------------------------------------------------------- HTML

CSS = """
body{font-family:"PT Sans","Segoe UI",Arial,sans-serif;margin:0;color:#212121;background:#fafafa}
header{background:#1a4f7a;color:#fff;padding:28px 40px}header h1{margin:0 0 8px;font-size:26px}
header p{margin:4px 0;opacity:.9}main{padding:24px 40px;max-width:1280px}
h2{border-bottom:2px solid #1a4f7a;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #ddd;padding:6px 8px;vertical-align:top}th{background:#eef3f8;text-align:left}
td.v{text-align:right;white-space:nowrap}td.v small{display:block;color:#616161}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;color:#fff;font-size:12px}
.summary span{margin-right:16px}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:16px}
figure{background:#fff;border:1px solid #ddd;margin:0;padding:8px}figcaption{font-size:13px;margin-bottom:4px}
.legend{font-size:12px;color:#616161}
"""


def chart_svg(name: str, rows: list[IndicatorResult], width: int = 300, height: int = 170) -> str:
    """Bars of value per period, a dash for the target, coloured by status; a tooltip per bar."""
    values = [r.value for r in rows if r.value is not None] + [r.target for r in rows if r.target is not None]
    top = max(values + [1.0]) * 1.15
    left, bottom, inner_w, inner_h = 34, 24, width - 44, height - 40
    step = inner_w / max(len(rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{html.escape(name)}" class="chart">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 6}" y2="{height - bottom}" stroke="#9e9e9e"/>',
             f'<text x="{left - 4}" y="{height - bottom - inner_h + 4}" font-size="10" text-anchor="end">'
             f'{fmt(top / 1.15)}</text>']
    for i, row in enumerate(rows):
        x = left + i * step + step * 0.2
        w = step * 0.6
        if row.value is not None:
            h = inner_h * row.value / top
            y = height - bottom - h
            tip = f"{row.period}: {fmt(row.value, row.unit, row.denominator)}"
            if row.numerator is not None and row.denominator is not None:
                tip += f" ({fmt(row.numerator)} из {fmt(row.denominator)})"
            if row.target is not None:
                tip += f"; цель {fmt(row.target, row.unit, row.denominator)}"
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                         f'fill="{STATUS_COLOUR.get(row.status, "#9e9e9e")}"><title>{html.escape(tip)}</title></rect>')
        if row.target is not None:
            ty = height - bottom - inner_h * row.target / top
            parts.append(f'<line class="target" x1="{x - 3:.1f}" y1="{ty:.1f}" x2="{x + w + 3:.1f}" y2="{ty:.1f}" '
                         'stroke="#212121" stroke-width="2" stroke-dasharray="4 2"/>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">'
                     f'{html.escape(row.period)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(report: Report) -> str:
    profile = report.profile
    e = html.escape
    counts = report.status_counts()
    summary = " ".join(f'<span><span class="badge" style="background:{STATUS_COLOUR[s]}">{e(STATUS_RU[s])}</span> '
                       f'{n}</span>' for s, n in counts.items())
    rows_html = []
    charts = []
    for n, first, by_period, last in report.indicator_rows():
        cells = []
        for row in by_period:
            if row is None:
                cells.append("<td></td>")
                continue
            detail = ""
            if row.numerator is not None and row.denominator is not None and row.kind not in ("statistic", "derived"):
                detail = f"{fmt(row.numerator)} / {fmt(row.denominator)}"
            target = f"цель {fmt(row.target, row.unit, row.denominator)}" if row.target is not None else ""
            tip = f"числитель/знаменатель: {detail}" if detail else (row.note or "")
            cells.append(f'<td class="v" style="background:{STATUS_FILL.get(row.status, "#fff")}" title="{e(tip)}">'
                         f'{e(fmt(row.value, row.unit, row.denominator))}<small>{e(target)}</small>'
                         f'<small>{e(detail)}</small></td>')
        badge = (f'<span class="badge" style="background:{STATUS_COLOUR.get(last.status, "#9e9e9e")}">'
                 f'{e(STATUS_RU.get(last.status, last.status))}</span>') if last else ""
        rows_html.append(f"<tr><td>{n}</td><td>{e(first.name)}<br><small>{e(first.source or '')}</small></td>"
                         + "".join(cells) + f"<td>{badge}</td></tr>")
        ordered = [row for row in by_period if row is not None]
        if any(r.value is not None for r in ordered):
            charts.append(f"<figure><figcaption>{n}. {e(first.name)}</figcaption>{chart_svg(first.name, ordered)}"
                          "</figure>")
    findings = _findings_html(report.findings)
    header_periods = "".join(f"<th>{e(p)}</th>" for p in report.periods)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{e(profile.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>
<body><header><h1>{e(profile.name)}</h1><p>{e(_act_line(profile))}</p>
<p>{e(profile.municipality or "")} {e(profile.region or "")} · отчёт сформирован {report.generated:%d.%m.%Y} ·
периоды: {e(", ".join(report.periods))}</p></header>
<main><h2>Итоги за {e(report.periods[-1])}</h2><p class="summary">{summary}</p>
<h2>Показатели</h2>
<table id="indicators"><thead><tr><th>№</th><th>Показатель</th>{header_periods}<th>Статус</th></tr></thead>
<tbody>{"".join(rows_html)}</tbody></table>
<p class="legend">В ячейке: значение, цель и числитель/знаменатель (подсказка при наведении). Цвет — статус.</p>
<h2>Значения и цели по годам</h2>
<p class="legend">Столбец — значение (цвет — статус), пунктир — цель.</p>
<div class="charts" id="charts">{"".join(charts)}</div>
<h2>Замечания</h2>{findings}
{act_html(report)}
</main></body></html>
"""


def _findings_html(findings: Findings | None) -> str:
    e = html.escape
    if findings is None:
        return "<p>Правила не проверялись.</p>"
    unchecked = "".join(f"<li>{e(u.rule)}: {e(u.message)}</li>" for u in findings.unchecked)
    if unchecked:
        unchecked = f'<p>Не проверено (нет данных, замечания не выносятся):</p><ul id="unchecked">{unchecked}</ul>'
    if not len(findings):
        return f"<p>Замечаний нет (проверка на {findings.at:%d.%m.%Y}).</p>" + unchecked
    rows = []
    for rule, n in findings.by_rule().items():
        example = next(f for f in findings if f.rule == rule)
        subject = f"{SUBJECT_RU.get(example.subject_kind, example.subject_kind)} {example.subject}"
        rows.append(f"<tr><td>{e(rule)}</td><td>{e(SEVERITY_RU.get(example.severity, example.severity))}</td>"
                    f"<td class='v'>{n}</td><td>{e(subject)}: {e(example.message)}</td><td>{e(example.action or '')}</td>"
                    f"<td>{e(example.source or '')}</td></tr>")
    return (f"<p>Проверка правил на {findings.at:%d.%m.%Y}.</p>" '<table id="findings"><thead><tr><th>Правило</th><th>Уровень</th><th>Замечаний</th><th>Пример</th>'
            "<th>Что сделать</th><th>Источник</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            + unchecked)


# --------------------------------------------------------------------------- JSON, CSV, XLSX


def to_json(report: Report) -> str:
    profile = report.profile
    act = profile.act.model_dump(mode="json") if profile.act else None
    return json.dumps({"profile": profile.id, "name": profile.name, "act": act,
                       "generated": report.generated.isoformat(), "periods": report.periods,
                       "indicators": report.evaluation.to_dicts(),
                       "findings": report.findings.to_dicts() if report.findings else None,
                       "unchecked": report.findings.unchecked_dicts() if report.findings is not None else None,
                       "act_sections": act_json(report)},
                      ensure_ascii=False, indent=2)


def to_csv(report: Report) -> str:
    from methodnet.io.formulas import neutralize_frame

    return neutralize_frame(report.evaluation.to_polars()).write_csv()


def to_xlsx(report: Report, path: Path) -> None:
    from methodnet.errors import require

    openpyxl = require("openpyxl", "excel")
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Сводка"
    profile = report.profile
    for line in (profile.name, _act_line(profile), f"Отчёт сформирован {report.generated:%d.%m.%Y}",
                 "Периоды: " + ", ".join(report.periods)):
        cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([])
    cover.append(["Статус", "Показателей"])
    for status, n in report.status_counts().items():
        cover.append([STATUS_RU.get(status, status), n])
    cover.column_dimensions["A"].width = 100

    sheet = wb.create_sheet("Показатели")
    header = ["№", "Показатель", "Период", "Значение", "Единица", "Цель", "Статус", "Числитель", "Знаменатель",
              "Отклонение", "Источник"]
    sheet.append(header)
    numbers = {ind.id: i for i, ind in enumerate(profile.indicators, start=1)}
    for row in report.evaluation.rows:
        if row.group_by is not None:
            continue
        sheet.append([numbers.get(row.indicator), row.name, row.period, row.value, row.unit, row.target,
                      STATUS_RU.get(row.status, row.status), row.numerator, row.denominator, row.gap, row.source])
        fill = PatternFill("solid", fgColor=STATUS_FILL.get(row.status, "#ffffff").lstrip("#"))
        for cell in sheet[sheet.max_row][3:7]:
            cell.fill = fill
    for col, width in zip("ABCDEFGHIJK", (5, 70, 10, 11, 9, 8, 13, 11, 12, 11, 40)):
        sheet.column_dimensions[col].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    sheet.freeze_panes = "C2"

    grouped = [r for r in report.evaluation.rows if r.group_by is not None]
    if grouped:
        by = wb.create_sheet("Разрезы")
        by.append(["Показатель", "Период", "Разрез", "Группа", "Значение", "Цель", "Статус", "Числитель",
                   "Знаменатель"])
        for row in grouped:
            by.append([row.name, row.period, row.group_by, row.group_name or row.group, row.value, row.target,
                       STATUS_RU.get(row.status, row.status), row.numerator, row.denominator])
        by.column_dimensions["A"].width = 60

    notes = wb.create_sheet("Замечания")
    notes.append(["Правило", "Уровень", "Объект", "Идентификатор", "Замечание", "Что сделать", "Источник",
                  "Предмет, цикл, группа", "Число", "На дату"])
    at = report.findings.at if report.findings is not None else None
    for f in report.findings or []:
        notes.append([f.rule, SEVERITY_RU.get(f.severity, f.severity), SUBJECT_RU.get(f.subject_kind, f.subject_kind),
                      f.subject, f.message, f.action, f.source, f.group, f.count, at])
    for u in report.findings.unchecked if report.findings is not None else []:
        notes.append([u.rule, "не проверено", "правило", u.rule, u.message, None, u.source, None, None, at])
    notes.column_dimensions["E"].width = 70
    for ws in (notes,):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    act_sheet(wb, report)
    from methodnet.io.formulas import protect_workbook

    protect_workbook(wb)  # names from the data (an organization called "=HYPERLINK(...)") stay text
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


FORMATS = ("html", "md", "json", "csv", "xlsx")


def write_report(report: Report, path: Path, format: str | None = None) -> Path:
    format = format or (path.suffix.lstrip(".").lower() or "html")
    if format == "markdown":
        format = "md"
    if format not in FORMATS:
        raise ValueError(f"формат отчёта: {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if format == "xlsx":
        to_xlsx(report, path)
    else:
        text = {"html": to_html, "md": to_markdown, "json": to_json, "csv": to_csv}[format](report)
        path.write_text(text, encoding="utf-8")
    return path
