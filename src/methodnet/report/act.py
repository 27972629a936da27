"""The act in the report: how it was read, its stages, roadmap, bodies and officials.

A methodist hands the report to the department as the monitoring of the act, so besides
the indicator table it shows what the act itself says: the notes (how vague places were
read), the goal and tasks, the stages with their content and results and whether each is
over, the roadmap measures with their status on the dataset's date, the bodies and
officials the act names, and its glossary. Everything comes from the profile and the
``roadmap_status`` table; the renderers call :func:`act_markdown`, :func:`act_html`,
:func:`act_json` and :func:`act_sheet` with a few lines each.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from methodnet.profile.roadmap import ROADMAP_STATUS_RU, Progress, progress

if TYPE_CHECKING:
    from openpyxl import Workbook
    from methodnet.profile.model import Stage
    from methodnet.report.sections import ReportDocument

STAGE_STATUS_RU = {"over": "завершён", "current": "идёт", "ahead": "впереди"}


@dataclass(frozen=True)
class RoadmapRow:
    """A roadmap measure with its status in each municipality of the dataset."""

    item: Any
    progress: list[Progress]

    @property
    def label(self) -> str:
        if self.item.repeats:  # the repeated measure carries the status
            return f"повтор пункта {self.item.repeats}"
        counts: dict[str, int] = {}
        for p in self.progress:
            counts[p.status] = counts.get(p.status, 0) + 1
        if len(counts) == 1 and len(self.progress) == 1:
            return ROADMAP_STATUS_RU[next(iter(counts))]
        return "; ".join(f"{ROADMAP_STATUS_RU[s]} — {n}" for s, n in counts.items())

    @property
    def deadlines(self) -> str:
        dates = [d for d, _ in self.progress[0].deadlines] if self.progress else []
        return ", ".join(f"{d:%d.%m.%Y}" for d in dates)


def as_of(report: ReportDocument) -> dt.date:
    """The dataset's date (``Dataset.as_of`` when the dataset has one), else the report's date."""
    dataset = report.evaluation.engine.dataset
    return getattr(dataset, "as_of", None) or report.generated


def stage_status(stage: Stage, on: dt.date) -> str:
    if on.year > stage.end:
        return "over"
    return "current" if stage.start <= on.year else "ahead"


def roadmap_rows(report: ReportDocument) -> list[RoadmapRow]:
    """Each measure of the profile's roadmap with its status per municipality on :func:`as_of`."""
    profile = report.profile
    if not profile.roadmap:
        return []
    dataset = report.evaluation.engine.dataset
    done: dict[tuple[str, str], list[dt.date | None]] = {}
    try:
        status = dataset["roadmap_status"]
    except KeyError:
        status = None
    if status is not None and status.height:
        for measure, municipality, state, completed in status.select(
                "measure", "municipality_id", "status", "completed_on").iter_rows():
            if state == "done":
                done.setdefault((measure, municipality), []).append(completed)
    municipalities = dataset["municipality"]["id"].to_list() or [None]
    on = as_of(report)
    return [RoadmapRow(item, [progress(item, profile.period, done.get((item.id, m), []), on) for m in municipalities])
            for item in profile.roadmap]


def _stage_line(stage: Stage) -> str:
    years = f"{stage.start}" if stage.start == stage.end else f"{stage.start}–{stage.end}"
    return f"{stage.name} ({years})"


# --------------------------------------------------------------------------- Markdown


def act_markdown(report: ReportDocument) -> list[str]:
    """Markdown lines of the «Акт» part of the report (empty when the profile says nothing)."""
    profile = report.profile
    on = as_of(report)
    lines: list[str] = []
    act = profile.act
    if act and (act.adopted or act.basis):
        lines += ["## Акт", ""]
        if act.adopted:
            lines.append(f"- {act.adopted}")
        lines += [f"- Основание: {b}" for b in act.basis]
        lines.append("")
    purpose = profile.purpose
    if purpose:
        lines += ["## Цель и задачи", ""]
        if purpose.goal:
            lines += [f"Цель: {purpose.goal}", ""]
        for title, items in (("Задачи", purpose.tasks), ("Функции", purpose.functions),
                             ("Направления деятельности", purpose.directions),
                             ("Ожидаемые результаты", purpose.expected_results)):
            if items:
                lines += [f"{title}:", ""] + [f"{i}. {text}" for i, text in enumerate(items, 1)] + [""]
    if profile.bodies or profile.officials:
        lines += ["## Органы и ответственные", ""]
        for body in profile.bodies:
            name = body.name + (f" ({body.short_name})" if body.short_name else "")
            lines.append(f"- {name}: {'; '.join(body.roles)}" if body.roles else f"- {name}")
        for official in profile.officials:
            lines.append(f"- {official.position}: {official.duty}")
        lines.append("")
    if profile.organizations:
        lines += ["Организации — исполнители акта: " + "; ".join(o.name for o in profile.organizations) + ".", ""]
    if profile.stages:
        lines += [f"## Этапы (на {on:%d.%m.%Y})", "", "| Этап | Статус | Содержание | Результаты |", "|---|---|---|---|"]
        for stage in profile.stages:
            lines.append(f"| {_stage_line(stage)} | {STAGE_STATUS_RU[stage_status(stage, on)]} | "
                         f"{'; '.join(stage.content)} | {'; '.join(stage.results)} |")
        lines.append("")
    rows = roadmap_rows(report)
    if rows:
        results = any(row.item.expected_result for row in rows)  # the column only when the act has it
        lines += [f"## Дорожная карта (на {on:%d.%m.%Y})", "",
                  "| Пункт | Мероприятие | Срок | Ответственные | " + ("Ожидаемый результат | " if results else "")
                  + "Статус |", "|---|---|---|---|" + ("---|" if results else "") + "---|"]
        for row in rows:
            item = row.item
            item_no = item.source.item if item.source and item.source.item else item.id
            deadline = item.deadline or ""
            if row.deadlines:
                deadline += f" ({row.deadlines})" if deadline else row.deadlines
            repeat = f" (повторяет {item.repeats})" if item.repeats else ""
            result = f"{item.expected_result or ''} | " if results else ""
            lines.append(f"| {item_no} | {item.title}{repeat} | {deadline} | {item.responsible or ''} | "
                         f"{result}{row.label} |")
        lines.append("")
    if profile.notes:
        lines += ["## Как прочитан акт", ""] + [f"{i}. {note}" for i, note in enumerate(profile.notes, 1)] + [""]
    if profile.glossary:
        lines += ["## Понятия акта", ""] + [f"- **{t.term}** — {t.definition}" for t in profile.glossary] + [""]
    return lines


# --------------------------------------------------------------------------- HTML


def act_html(report: ReportDocument) -> str:
    """The «Акт» part of the HTML report: the same sections as :func:`act_markdown`."""
    e = html.escape
    profile = report.profile
    on = as_of(report)
    parts: list[str] = []
    act = profile.act
    if act and (act.adopted or act.basis):
        items = ([act.adopted] if act.adopted else []) + [f"Основание: {b}" for b in act.basis]
        parts.append('<h2>Акт</h2><ul id="act-details">' + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>")
    purpose = profile.purpose
    if purpose:
        block = [f"<p>Цель: {e(purpose.goal)}</p>"] if purpose.goal else []
        for title, items in (("Задачи", purpose.tasks), ("Функции", purpose.functions),
                             ("Направления деятельности", purpose.directions),
                             ("Ожидаемые результаты", purpose.expected_results)):
            if items:
                block.append(f"<p>{title}:</p><ol>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ol>")
        parts.append('<h2>Цель и задачи</h2><div id="purpose">' + "".join(block) + "</div>")
    if profile.bodies or profile.officials:
        rows = [f"<tr><td>{e(b.name)}{' (' + e(b.short_name) + ')' if b.short_name else ''}</td>"
                f"<td>{e('; '.join(b.roles))}</td></tr>" for b in profile.bodies]
        rows += [f"<tr><td>{e(o.position)}</td><td>{e(o.duty)}</td></tr>" for o in profile.officials]
        parts.append('<h2>Органы и ответственные</h2><table id="bodies"><thead><tr><th>Орган, должность</th>'
                     "<th>Роль по акту</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    if profile.organizations:
        parts.append('<p id="executors">Организации — исполнители акта: '
                     + e("; ".join(o.name for o in profile.organizations)) + ".</p>")
    if profile.stages:
        rows = [f"<tr><td>{e(_stage_line(s))}</td><td>{e(STAGE_STATUS_RU[stage_status(s, on)])}</td>"
                f"<td>{e('; '.join(s.content))}</td><td>{e('; '.join(s.results))}</td></tr>" for s in profile.stages]
        parts.append(f"<h2>Этапы (на {on:%d.%m.%Y})</h2><table id=\"stages\"><thead><tr><th>Этап</th><th>Статус</th>"
                     "<th>Содержание</th><th>Результаты</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    roadmap = roadmap_rows(report)
    if roadmap:
        results = any(row.item.expected_result for row in roadmap)
        rows = []
        for row in roadmap:
            item = row.item
            item_no = item.source.item if item.source and item.source.item else item.id
            deadline = (item.deadline or "") + (f" ({row.deadlines})" if row.deadlines else "")
            repeat = f" (повторяет {item.repeats})" if item.repeats else ""
            result = f"<td>{e(item.expected_result or '')}</td>" if results else ""
            rows.append(f'<tr data-status="{e(",".join(p.status for p in row.progress))}"><td>{e(item_no)}</td>'
                        f"<td>{e(item.title + repeat)}</td><td>{e(deadline)}</td><td>{e(item.responsible or '')}</td>"
                        f"{result}<td>{e(row.label)}</td></tr>")
        parts.append(f"<h2>Дорожная карта (на {on:%d.%m.%Y})</h2><table id=\"roadmap\"><thead><tr><th>Пункт</th>"
                     "<th>Мероприятие</th><th>Срок</th><th>Ответственные</th>"
                     + ("<th>Ожидаемый результат</th>" if results else "")
                     + "<th>Статус</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    if profile.notes:
        parts.append('<h2>Как прочитан акт</h2><ol id="notes">' + "".join(f"<li>{e(n)}</li>" for n in profile.notes)
                     + "</ol>")
    if profile.glossary:
        parts.append('<h2>Понятия акта</h2><dl id="glossary">'
                     + "".join(f"<dt>{e(t.term)}</dt><dd>{e(t.definition)}</dd>" for t in profile.glossary) + "</dl>")
    return "".join(parts)


# --------------------------------------------------------------------------- JSON, XLSX


def act_json(report: ReportDocument) -> dict[str, Any]:
    """The act's sections as data (for the JSON report)."""
    profile = report.profile
    on = as_of(report)
    return {
        "as_of": on.isoformat(),
        "purpose": profile.purpose.model_dump(mode="json") if profile.purpose else None,
        "bodies": [b.model_dump(mode="json") for b in profile.bodies],
        "officials": [o.model_dump(mode="json") for o in profile.officials],
        "organizations": [o.model_dump(mode="json") for o in profile.organizations],
        "stages": [{**s.model_dump(mode="json"), "status": stage_status(s, on)} for s in profile.stages],
        "roadmap": [{"id": r.item.id, "title": r.item.title, "deadline": r.item.deadline,
                     "deadlines": [d.isoformat() for d, _ in (r.progress[0].deadlines if r.progress else ())],
                     "responsible": r.item.responsible, "expected_result": r.item.expected_result,
                     "repeats": r.item.repeats, "status": [p.status for p in r.progress]}
                    for r in roadmap_rows(report)],
        "notes": list(profile.notes),
        "glossary": [t.model_dump(mode="json") for t in profile.glossary],
    }


def act_sheet(workbook: Workbook, report: ReportDocument) -> None:
    """A sheet «Акт»: notes, stages, roadmap with statuses, bodies and officials."""
    profile = report.profile
    if not (profile.stages or profile.roadmap or profile.bodies or profile.officials or profile.notes):
        return  # the act says nothing besides its indicators
    on = as_of(report)
    sheet = workbook.create_sheet("Акт")
    sheet.append([f"Состояние на {on:%d.%m.%Y}"])
    if profile.stages:
        sheet.append([])
        sheet.append(["Этап", "Статус", "Содержание", "Результаты"])
        for s in profile.stages:
            sheet.append([_stage_line(s), STAGE_STATUS_RU[stage_status(s, on)], "; ".join(s.content),
                          "; ".join(s.results)])
    rows = roadmap_rows(report)
    if rows:
        sheet.append([])
        sheet.append(["Пункт", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат", "Статус"])
        for r in rows:
            item = r.item
            sheet.append([item.source.item if item.source and item.source.item else item.id, item.title,
                          (item.deadline or "") + (f" ({r.deadlines})" if r.deadlines else ""),
                          item.responsible, item.expected_result, r.label])
    if profile.bodies or profile.officials:
        sheet.append([])
        sheet.append(["Орган, должность", "Роль по акту"])
        for b in profile.bodies:
            sheet.append([b.name, "; ".join(b.roles)])
        for o in profile.officials:
            sheet.append([o.position, o.duty])
    if profile.notes:
        sheet.append([])
        sheet.append(["Как прочитан акт"])
        for note in profile.notes:
            sheet.append([note])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 70
