"""Proposed routes as one object: a list of :class:`Route` that shows itself and converts.

What :func:`methodnet.build_routes` returns. A notebook shows a table of routes (person
id, dates, deficits, hours, steps); ``to_polars`` gives one row per step, which is how
the routes load back as the ``iom_step`` table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from methodnet.iom.builder import Route, routes_to_records

STEP_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {"staff_id": pl.String, "diagnostic_id": pl.String, "route_start": pl.Date, "route_end": pl.Date,
               "step": pl.Int64, "kind": pl.String, "title": pl.String, "program_id": pl.String,
               "competencies": pl.List(pl.String), "start": pl.Date, "end": pl.Date, "hours": pl.Int64}


class Routes(list[Route]):
    """Routes proposed as of ``at``; ``competency_names`` turns deficit codes into words."""

    def __init__(self, routes: list[Route], at: dt.date, competency_names: dict[str, str] | None = None) -> None:
        super().__init__(routes)
        self.at = at
        self.competency_names = competency_names or {}

    @property
    def hours(self) -> int:
        return sum(r.hours for r in self)

    def to_polars(self) -> pl.DataFrame:
        """One row per step, with its route's person and dates."""
        rows = [{"staff_id": r.staff_id, "diagnostic_id": r.diagnostic_id, "route_start": r.start, "route_end": r.end,
                 "step": i, "kind": s.kind, "title": s.title, "program_id": s.program_id,
                 "competencies": list(s.competencies), "start": s.start, "end": s.end, "hours": s.hours}
                for r in self for i, s in enumerate(r.steps, start=1)]
        return pl.DataFrame(rows, schema=STEP_SCHEMA)

    def to_pandas(self) -> Any:
        return self.to_polars().to_pandas()

    def to_records(self, developed: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
        """``{"iom": [...], "iom_step": [...]}``: the routes as rows of the data tables."""
        return routes_to_records(list(self), developed or self.at)

    def to_text(self) -> str:
        return "\n\n".join(r.to_text(self.competency_names) for r in self)

    def _overview(self) -> pl.DataFrame:
        names = self.competency_names
        return pl.DataFrame([{"staff_id": r.staff_id, "start": r.start, "end": r.end,
                              "deficits": ", ".join(names.get(d, d) for d in r.deficits), "steps": len(r.steps),
                              "hours": r.hours, "uncovered": ", ".join(names.get(d, d) for d in r.uncovered)}
                             for r in self],
                            schema={"staff_id": pl.String, "start": pl.Date, "end": pl.Date, "deficits": pl.String,
                                    "steps": pl.Int64, "hours": pl.Int64, "uncovered": pl.String})

    def __repr__(self) -> str:
        return f"<Routes: {len(self)} на {self.at:%d.%m.%Y}, шагов {sum(len(r.steps) for r in self)}, часов ДПО {self.hours}>"

    def _repr_html_(self) -> str:
        from methodnet.russian import count

        return (f"<p>{count(len(self), 'route')} на {self.at:%d.%m.%Y}; {count(self.hours, 'hour')} ДПО</p>"
                + self._overview()._repr_html_())
