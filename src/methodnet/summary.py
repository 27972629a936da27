"""A dataset at a glance: aggregates only, never a list of people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.model.derived import (YOUNG_MAX_AGE, YOUNG_MAX_YEARS, age_expr, employed_on_expr,
                                     is_young_teacher_expr)
from methodnet.russian import number

if TYPE_CHECKING:
    from methodnet.model.tables import Tables


@dataclass
class Summary:
    at: dt.date
    rows: dict[str, int]
    municipalities: list[str]
    organizations_by_kind: dict[str, int]
    staff_by_category: dict[str, int]
    facts: dict[str, Any] = field(default_factory=dict)
    table_names: dict[str, str] = field(default_factory=dict)
    #: code → Russian label of the organization kinds and staff categories (a profile's added ones too)
    kind_labels: dict[str, str] = field(default_factory=dict)
    category_labels: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "rows": self.rows,
            "municipalities": self.municipalities,
            "organizations_by_kind": self.organizations_by_kind,
            "staff_by_category": self.staff_by_category,
            "facts": self.facts,
        }

    def to_polars(self) -> pl.DataFrame:
        """Rows per table (``table``, ``name`` in Russian, ``rows``): the part of the summary that is a table."""
        return pl.DataFrame({"table": list(self.rows), "name": [self.table_names.get(n, n) for n in self.rows],
                             "rows": list(self.rows.values())},
                            schema={"table": pl.String, "name": pl.String, "rows": pl.Int64})

    def to_pandas(self) -> Any:
        return self.to_polars().to_pandas()

    def __str__(self) -> str:
        lines = [f"Сводка данных на {self.at:%d.%m.%Y}"]
        if self.municipalities:
            shown = ", ".join(self.municipalities[:5])
            more = f" и ещё {len(self.municipalities) - 5}" if len(self.municipalities) > 5 else ""
            lines.append(f"Муниципалитеты ({len(self.municipalities)}): {shown}{more}")
        lines.append("")
        lines.append("Организации по типам:")
        for kind, n in self.organizations_by_kind.items():
            lines.append(f"  {self.kind_labels.get(kind, kind):<45} {number(n):>9}")
        lines.append("Работающие на дату:")
        for cat, n in self.staff_by_category.items():
            lines.append(f"  {self.category_labels.get(cat, cat):<45} {number(n):>9}")
        for name, value in self.facts.items():
            lines.append(f"  {name:<45} {number(value):>9}")
        lines.append("")
        lines.append("Записей в таблицах:")
        for name, n in self.rows.items():
            if n:
                lines.append(f"  {self.table_names.get(name, name):<45} {number(n):>9}")
        return "\n".join(lines)


def _counts(frame: pl.DataFrame, column: str, members: Any) -> dict[str, int]:
    """Rows per value, in the vocabulary's order (members a profile added included)."""
    found = dict(frame.group_by(column).len().iter_rows()) if frame.height else {}
    return {m.code: int(found[m.code]) for m in members if m.code in found}


def summarize(dataset: "Tables", at: dt.date) -> Summary:
    staff = dataset["staff"].filter(employed_on_expr(at))
    young = staff.filter((pl.col("category") == "pedagogue") & is_young_teacher_expr(at))
    facts: dict[str, Any] = {f"молодые педагоги (< {YOUNG_MAX_AGE} лет, стаж < {YOUNG_MAX_YEARS} лет)": young.height}
    if staff.height:
        facts["средний возраст, лет"] = round(float(staff.select(age_expr(at).mean()).item()), 1)
    kinds = dataset.registry["organization"].column("kind").members
    categories = dataset.registry["staff"].column("category").members
    return Summary(
        at=at,
        rows=dataset.counts(),
        municipalities=dataset["municipality"].get_column("name").to_list(),
        organizations_by_kind=_counts(dataset["organization"], "kind", kinds),
        staff_by_category=_counts(staff, "category", categories),
        kind_labels={m.code: m.ru for m in kinds}, category_labels={m.code: m.ru for m in categories},
        facts=facts,
        table_names={spec.name: spec.ru for spec in dataset.registry},
    )
