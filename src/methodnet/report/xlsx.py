"""The report as an Excel workbook the education department can filter, sort and print.

Sheets: «Сводка» (the act, the status counts, proposed routes), «Показатели» (every
indicator and period), «Разрезы» (each breakdown asked for), «Замечания» (per rule, then
every finding with its subject's id) and «Акт» (:mod:`methodnet.report.act`). Numbers stay numbers
with Russian formats (0,0), every table has an autofilter and frozen header, and every
sheet is set up for A4 landscape, one page wide, the header row repeated on each page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from methodnet.errors import require
from methodnet.report.charts import STATUS_FILL
from methodnet.report.sections import BY_RU, rule_rows
from methodnet.rules.check import SEVERITY_RU, SUBJECT_RU

if TYPE_CHECKING:
    from methodnet.report.sections import ReportDocument

# Excel's codes are locale-free: "," groups thousands and "." is the decimal point; Russian Excel
# and LibreOffice show them as «1 234,5».
VALUE_FORMAT = "#,##0.0"
COUNT_FORMAT = "#,##0"


def _table(sheet: Any, header: list[str], widths: list[int], formats: dict[int, str]) -> None:
    """Bold wrapped header, widths, number formats by column, autofilter, frozen header, print setup."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column in formats and isinstance(cell.value, (int, float)):
                cell.number_format = formats[cell.column]
            elif isinstance(cell.value, str) and len(cell.value) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 2)}"
    sheet.freeze_panes = "A2"
    _page(sheet)
    sheet.print_title_rows = "1:1"


def _page(sheet: Any) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "&P / &N"


def to_xlsx(report: "ReportDocument", path: Path) -> None:
    openpyxl = require("openpyxl", "excel")
    from openpyxl.styles import Font, PatternFill

    from methodnet.report.text import act_line, place_line, status_ru

    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Сводка"
    profile = report.profile
    for line in (profile.name, act_line(profile), place_line(profile), f"Отчёт сформирован {report.generated:%d.%m.%Y}",
                 "Периоды: " + ", ".join(report.periods)):
        if line:
            cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([])
    cover.append([f"Статусы показателей за {report.periods[-1]}", "Показателей"])
    cover.cell(row=cover.max_row, column=1).font = Font(bold=True)
    for status, n in report.status_counts().items():
        cover.append([status_ru(status), n])
    if report.routes is not None:
        cover.append([])
        cover.append(["Предложенные ИОМ"])
        cover.cell(row=cover.max_row, column=1).font = Font(bold=True)
        for line in report.routes.lines():
            cover.append([line])
    cover.column_dimensions["A"].width = 100
    cover.column_dimensions["B"].width = 14
    _page(cover)

    sheet = wb.create_sheet("Показатели")
    header = ["№", "Показатель", "Период", "Значение", "Единица", "Цель", "Статус", "Числитель", "Знаменатель",
              "Отклонение", "Источник"]
    sheet.append(header)
    numbers = {ind.id: i for i, ind in enumerate(profile.indicators, start=1)}
    for row in report.evaluation.rows:
        if row.group_by is not None:
            continue
        sheet.append([numbers.get(row.indicator), row.name, row.period, row.value, row.unit, row.target,
                      status_ru(row.status), row.numerator, row.denominator, row.gap, row.source])
        fill = PatternFill("solid", fgColor=STATUS_FILL.get(row.status, "#ffffff").lstrip("#"))
        for cell in sheet[sheet.max_row][3:7]:
            cell.fill = fill
    _table(sheet, header, [5, 70, 10, 11, 9, 8, 13, 11, 12, 11, 40],
           {4: VALUE_FORMAT, 6: VALUE_FORMAT, 8: COUNT_FORMAT, 9: COUNT_FORMAT, 10: VALUE_FORMAT})

    grouped = [r for r in report.evaluation.rows if r.group_by is not None]
    if grouped:
        by = wb.create_sheet("Разрезы")
        header = ["№", "Показатель", "Период", "Разрез", "Группа", "Значение", "Цель", "Статус", "Числитель",
                  "Знаменатель"]
        by.append(header)
        for row in grouped:
            by.append([numbers.get(row.indicator), row.name, row.period, BY_RU.get(row.group_by, row.group_by) if row.group_by else None,
                       row.group_name or row.group or "не указано", row.value, row.target, status_ru(row.status),
                       row.numerator, row.denominator])
        _table(by, header, [5, 60, 10, 18, 40, 11, 8, 13, 11, 12],
               {6: VALUE_FORMAT, 7: VALUE_FORMAT, 9: COUNT_FORMAT, 10: COUNT_FORMAT})

    notes = wb.create_sheet("Замечания")
    header = ["Правило", "Уровень", "Замечаний", "Кого касается", "Пример", "Что сделать", "Источник"]
    notes.append(header)
    for r in rule_rows(report):
        notes.append([r.name, r.severity, r.count, r.subjects, r.example, r.action, r.source])
    _table(notes, header, [40, 14, 11, 24, 60, 50, 40], {3: COUNT_FORMAT})

    findings = report.findings
    if findings is not None and (len(findings) or findings.unchecked):
        items = wb.create_sheet("Замечания по объектам")
        header = ["Правило", "Уровень", "Объект", "Идентификатор", "Замечание", "Что сделать", "Источник",
                  "Предмет, цикл, группа", "Число", "На дату"]
        items.append(header)
        names = {r.rule: r.name for r in rule_rows(report)}
        for f in findings:
            items.append([names.get(f.rule, f.rule), SEVERITY_RU.get(f.severity, f.severity),
                          SUBJECT_RU.get(f.subject_kind, f.subject_kind), f.subject, f.message, f.action, f.source,
                          f.group, f.count, findings.at])
        for u in findings.unchecked:
            items.append([u.rule, "не проверено", "правило", u.rule, u.message, None, u.source, None, None, findings.at])
        _table(items, header, [40, 14, 14, 16, 70, 50, 40, 20, 8, 11], {9: COUNT_FORMAT})
        for cell in items["J"][1:]:
            cell.number_format = "DD.MM.YYYY"
    from methodnet.report.act import act_sheet

    act_sheet(wb, report)  # «Акт»: notes, stages, roadmap with statuses, bodies
    if "Акт" in wb.sheetnames:
        _page(wb["Акт"])
    from methodnet.io.formulas import protect_workbook

    protect_workbook(wb)  # names from the data (an organization called "=HYPERLINK(...)") stay text
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
