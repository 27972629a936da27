"""The filled workbook handed back with its wrong cells marked: ``summary form.xlsx --mark-errors OUT``.

A methodist fixes a form faster in the form itself than from a list of «лист, строка,
столбец». Each located problem colours its cell (red for errors, yellow for warnings)
and puts the message and the hint in the cell's note; a problem of a whole column
marks the header, one of a whole sheet its first cell. The input file is never changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from methodnet.errors import Problem, ProblemReport, require
from methodnet.model.spec import TableRegistry
from methodnet.model.vocab import normalize_label

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


def _column_index(sheet: Any, problem: Problem, registry: TableRegistry) -> int | None:
    """The 1-based column of the problem's column on the sheet, found by its header."""
    if not problem.column:
        return None
    wanted = {normalize_label(problem.header)} if problem.header else set()
    if problem.table in registry.names:
        spec = registry[problem.table]
        for name in problem.column.split(" / ")[0].split(", ")[:1]:
            if name in spec.column_names:
                wanted |= {normalize_label(h) for h in spec.column(name).headers}
    for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
        if cell.value is not None and normalize_label(str(cell.value)) in wanted:
            return cell.column
    return None


def mark_errors(workbook: Path, report: ProblemReport, out: Path, registry: TableRegistry) -> int:
    """Write a copy of ``workbook`` to ``out`` with each located problem marked; returns cells marked."""
    openpyxl = require("openpyxl", "excel")
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    wb = openpyxl.load_workbook(workbook)
    notes: dict[tuple[str, int, int], list[Problem]] = {}
    for problem in report.problems:
        if not problem.sheet or problem.sheet not in wb.sheetnames:
            continue
        sheet = wb[problem.sheet]
        column = _column_index(sheet, problem, registry) or 1
        row = problem.row or 1
        notes.setdefault((problem.sheet, row, column), []).append(problem)
    for (title, row, column), problems in notes.items():
        cell = wb[title].cell(row=row, column=column)
        worst = "error" if any(p.severity == "error" for p in problems) else "warning"
        colour = ERROR_FILL if worst == "error" else WARNING_FILL
        cell.fill = PatternFill("solid", fgColor=colour)
        text = "\n".join(p.message + (f" — {p.hint}" if p.hint else "") for p in problems)
        cell.comment = Comment(text[:2000], "methodnet", width=320, height=140)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return len(notes)
