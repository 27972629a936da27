"""What names an expression may use, for a given table.

In the scope of a table an expression sees:

* the table's columns (``category``, ``birth_date``, ``subjects``…);
* derived facts (``age``, ``years_of_work``, ``young`` for staff; ``completed`` for
  trainings and IOMs) — computed at the period's end, never stored;
* columns of referenced tables through the reference: a column ``organization_id`` that
  points to ``organization`` makes ``organization.kind``, ``organization.municipality_id``
  (and further, ``organization.municipality.region``) available;
* relations — the rows of other tables that point here — for ``exists()`` and
  ``count()``: for staff, ``diagnostics``, ``trainings``, ``ioms``, ``roles``… A table
  that points here twice gives ``<table>s_as_<column>`` (``mentorships_as_mentee``).
"""

from __future__ import annotations

from dataclasses import dataclass

from methodnet.model.spec import ColumnSpec, TableRegistry, TableSpec

# kind of a value: str, int, float, bool, date, list (of str)


@dataclass(frozen=True)
class Derived:
    """A fact computed from columns; ``needs`` are the columns it reads."""

    name: str
    kind: str
    description: str
    needs: tuple[str, ...]


DERIVED: dict[str, dict[str, Derived]] = {
    "staff": {
        "age": Derived("age", "int", "возраст (полных лет) на конец периода", ("birth_date",)),
        "years_of_work": Derived("years_of_work", "int", "педагогический стаж (полных лет) на конец периода",
                                 ("career_start",)),
        "young": Derived("young", "bool", "молодой педагог: возраст и стаж меньше порогов профиля",
                         ("birth_date", "career_start")),
    },
    "training": {"completed": Derived("completed", "bool", "обучение завершено (status == \"completed\")",
                                      ("status",))},
    "iom": {"completed": Derived("completed", "bool", "ИОМ выполнен (status == \"completed\")", ("status",))},
    "diagnostic_result": {"is_deficit": Derived(
        "is_deficit", "bool", "дефицит: балл ниже порога компетенции (или отмечен явно)",
        ("score", "deficit", "competency.threshold"))},
}

#: The period being computed, seen from any table: ``period.start`` and ``period.end`` (dates),
#: the period's own first and last day (column names in the frames the engine builds).
PERIOD_NAMES = {"period.start": "__ps", "period.end": "__pe"}

_PLURAL = {"staff": "staff", "diagnostic_result": "diagnostic_results", "survey_response": "survey_responses",
           "roadmap_status": "roadmap_statuses", "association_member": "association_members"}


def plural(table: str) -> str:
    return _PLURAL.get(table, table + "s")


@dataclass(frozen=True)
class Relation:
    """Rows of ``table`` whose ``column`` points at the scope's key."""

    name: str
    table: str
    column: str


class Scope:
    """Names available to expressions over one table."""

    def __init__(self, table: str, registry: TableRegistry) -> None:
        self.table = table
        self.registry = registry
        self.spec: TableSpec = registry[table]

    def column(self, name: str) -> ColumnSpec | None:
        return self.spec.by_name.get(name)

    def derived(self, name: str) -> Derived | None:
        return DERIVED.get(self.table, {}).get(name)

    def reference(self, name: str) -> str | None:
        """The table a ``name.…`` path goes to (``organization`` for ``organization_id``)."""
        col = self.spec.by_name.get(f"{name}_id")
        return col.ref if col and col.ref else None

    def relations(self) -> dict[str, Relation]:
        found: dict[str, Relation] = {}
        for spec in self.registry:
            refs = [c for c in spec.references if c.ref == self.table]
            for col in refs:
                name = plural(spec.name) if len(refs) == 1 else f"{plural(spec.name)}_as_{col.name[:-3]}"
                found[name] = Relation(name, spec.name, col.name)
        return found

    def relation(self, name: str) -> Relation | None:
        return self.relations().get(name)

    def names(self) -> list[str]:
        """Every simple name (for "did you mean" hints)."""
        names = list(self.spec.column_names) + list(DERIVED.get(self.table, {}))
        names += [f"{c.name[:-3]}.…" for c in self.spec.references if c.name.endswith("_id")]
        return names
