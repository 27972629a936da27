"""One exception family and the problem report that bulk loading fills.

Every error methodnet raises derives from :class:`MethodnetError`. Loading does not
stop at the first bad cell: it collects :class:`Problem` objects (each with a stable
``code``, a location and a hint) into a :class:`ProblemReport`, bounded by a limit, and
raises :class:`DataError` carrying the report when any problem is an error.

Problems quote only the offending cell (cut to a short length), never a whole row:
staff records are personal data.
"""

from __future__ import annotations

import dataclasses

from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import Any, Literal

from methodnet.messages import counted, label, render

Severity = Literal["error", "warning"]

#: Longest cell value quoted in a message; longer values are cut.
MAX_VALUE_CHARS = 60


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[: MAX_VALUE_CHARS - 1] + "…"
    return value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the source allows.

    ``row`` is the number a person sees: the line of a CSV file (header = 1), the row
    of a worksheet, or the 1-based position of a record in a list.
    """

    code: str
    severity: Severity = "error"
    file: str | None = None
    sheet: str | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    hint: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    #: The column's header as written in the file or sheet (e.g. «Категория»); ``column``
    #: stays the declared name (``category``), which is what programs match on.
    header: str | None = None

    @property
    def column_label(self) -> str | None:
        """The column as the person who filled the file sees it: their header, else the name."""
        return self.header or self.column

    @property
    def shown_value(self) -> Any:
        """The value as a message may show it: never one of a personal column, nor a name."""
        from methodnet.privacy import quotable

        return _short(quotable(self.table, self.column, self.value, self.params.get("other")))

    @property
    def message(self) -> str:
        fields = {"value": self.shown_value, "column": self.column_label, "table": self.table, **self.params}
        if "other_value" in fields:
            from methodnet.privacy import quotable

            fields["other_value"] = quotable(self.table, self.params.get("other"), fields["other_value"], self.column)
        if self.params.get("other_header"):
            fields["other"] = self.params["other_header"]
        return render(self.code, **fields)

    @property
    def location(self) -> str:
        parts: list[str] = []
        if self.file and self.row is not None and not self.sheet and self.table is None and self.column:
            # a profile: file:line, then the path inside the document
            return f"{self.file}:{self.row} ({self.column})"
        if not self.file and not self.sheet and self.table:
            parts.append(self.table)
        if self.file:
            parts.append(self.file + (f":{self.row}" if self.row is not None and not self.sheet else ""))
        if self.sheet:
            parts.append(f"{label('sheet')} «{self.sheet}»")
            if self.row is not None:
                parts.append(f"{label('row')} {self.row}")
        elif self.row is not None and not self.file:
            parts.append(f"{label('row')} {self.row}")
        if self.column:
            parts.append(f"{label('column')} «{self.column_label}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" ({label('hint')}: {self.hint})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": _jsonable(self.shown_value),
            "hint": self.hint,
            "message": self.message,
        }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class ProblemReport:
    """Problems found while loading, bounded so a broken file of a million rows stays readable.

    ``limit`` caps how many problems are kept; ``dropped`` counts those beyond it, so the
    totals in :meth:`counts` stay exact.
    """

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self.problems: list[Problem] = []
        self.dropped = 0
        self._counts: Counter[str] = Counter()
        self._severities: Counter[str] = Counter()

    def add(self, problem: Problem) -> None:
        self._counts[problem.code] += 1
        self._severities[problem.severity] += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)
        else:
            self.dropped += 1

    def as_errors(self) -> "Report":
        """The same problems with every warning made an error (``--strict``)."""
        strict = Report(limit=self.limit)
        for problem in self.problems:
            strict.add(dataclasses.replace(problem, severity="error"))
        strict.dropped = self.dropped
        strict._counts = Counter(self._counts)
        strict._severities = Counter({"error": sum(self._severities.values())})
        return strict

    def add_uncounted(self, code: str, severity: Severity, n: int) -> None:
        """Count ``n`` more problems of ``code`` that were not built as objects (beyond a cap)."""
        if n > 0:
            self._counts[code] += n
            self._severities[severity] += n
            self.dropped += n

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        return self._severities["error"]

    @property
    def warning_count(self) -> int:
        return self._severities["warning"]

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    def counts(self) -> dict[str, int]:
        """Number of problems per code, including those beyond the limit."""
        return dict(self._counts)

    def codes(self) -> set[str]:
        return set(self._counts)

    def format(self, max_lines: int = 50) -> str:
        lines = [f"- {p.severity}: {p}" for p in self.problems[:max_lines]]
        hidden = len(self.problems) - len(lines) + self.dropped
        if hidden:
            lines.append("  " + label("more", n=counted(hidden, "problem")))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "counts": self.counts(),
            "dropped": self.dropped,
            "problems": [p.to_dict() for p in self.problems],
        }

    def __len__(self) -> int:
        return len(self.problems) + self.dropped

    def __repr__(self) -> str:
        return f"ProblemReport(errors={self.error_count}, warnings={self.warning_count})"

    def to_polars(self) -> Any:
        """One row per problem kept (see ``dropped`` for those beyond the limit)."""
        import polars as pl

        rows = [p.to_dict() for p in self.problems]
        schema = {k: (pl.Int64 if k == "row" else pl.String) for k in
                  ("code", "severity", "file", "sheet", "table", "row", "column", "header", "value", "hint", "message")}
        return pl.DataFrame([{k: (None if r[k] is None else (r[k] if k == "row" else str(r[k]))) for k in schema}
                             for r in rows], schema=schema)

    def to_pandas(self) -> Any:
        return self.to_polars().to_pandas()


#: The former name of :class:`ProblemReport` (``methodnet.Report`` warns that it is deprecated).
Report = ProblemReport


class MethodnetError(Exception):
    """Root of every error methodnet raises on purpose; ``code`` is stable, ``hint`` says how to fix."""

    code: str = "error"
    hint: str | None = None

    def __init__(self, *args: Any, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(*args)
        if code is not None:
            self.code = code
        if hint is not None:
            self.hint = hint


class InputError(MethodnetError):
    """One located problem raised on its own (a bad option, an unwritable output, a bad period)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem), code=problem.code, hint=problem.hint)

    @classmethod
    def of(cls, code: str, detail: str = "", hint: str | None = None, **where: Any) -> "InputError":
        return cls(Problem(code, hint=hint, params={"detail": detail}, **where))


class PeriodError(InputError, ValueError):
    """A period that cannot be read or is out of the supported range (1900–9000).

    Also a :class:`ValueError`, so callers that caught the engine's ``ValueError`` keep working.
    """


class DataError(MethodnetError):
    """Input data is invalid. ``report`` holds every problem found (up to its limit)."""

    def __init__(self, report: ProblemReport) -> None:
        self.report = report
        heading = label("load_failed", errors=counted(report.error_count, "error"),
                        warnings=counted(report.warning_count, "warning"))
        super().__init__(f"{heading}\n{report.format()}")


class UnknownPersonError(MethodnetError, LookupError):
    """Ids asked for that are not people of the dataset (``code`` = ``unknown_person``)."""

    code = "unknown_person"

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        from methodnet.russian import plural_form

        noun = plural_form(len(ids), "работника", "работников", "работников")
        super().__init__(f"нет {noun} с идентификатором: {', '.join(ids)} (проверьте лист «Работники»)")


class MissingDependencyError(MethodnetError, ImportError):
    """An optional dependency is needed for this feature; the message names the extra."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{render('missing_dependency', value=package)}: pip install 'methodnet[{extra}]'"
        )


def require(module: str, extra: str) -> Any:
    """Import an optional dependency or raise :class:`MissingDependencyError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module, extra) from exc
