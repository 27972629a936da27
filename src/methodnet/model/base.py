"""How an entity is declared: one pydantic class per table, with column metadata.

An entity class is the single declaration of a table. Its fields say the type, whether
a value is required, the Russian header and its synonyms, references to other tables
and bounds. :mod:`methodnet.model.spec` derives from it the columnar schema used for
bulk loading and the JSON Schema of data files, so the three never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class TableMeta:
    """Table-level facts: its name, Russian name, file/sheet aliases and constraints.

    ``key`` is the primary key (one column or several). ``date_order`` lists pairs
    ``(earlier, later)`` that must not be reversed; ``one_of`` lists groups of columns of
    which at least one must be filled.

    ``span`` names the columns (or reference paths such as ``event.start``) giving a row's
    time span, start and end (``None``: an instant, or no end). Indicators use it: an
    ``entity`` (staff, organizations) counts if it is active at the period's end; any
    other row counts if its span overlaps the period. No span: always counts.
    """

    name: str
    ru: str
    aliases: tuple[str, ...] = ()
    key: tuple[str, ...] = ("id",)
    date_order: tuple[tuple[str, str], ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    description: str = ""
    span: tuple[str, str | None] | None = None
    entity: bool = False
    #: whether an empty end means "still going" (staff who have not left) rather than
    #: "the same day as the start" (a one-day event)
    open_ended: bool = True


def column(
    ru: str,
    default: Any = ...,
    *,
    aliases: tuple[str, ...] = (),
    ref: str | None = None,
    ge: float | None = None,
    le: float | None = None,
    past: bool = False,
    description: str | None = None,
) -> Any:
    """Declare a column.

    ``ru`` is the Russian header (also accepted on input, like every alias); ``ref``
    names the table whose key this column points to; ``past`` marks dates that cannot
    lie in the future (birth, start of work, a diagnostic that happened).
    """
    extra: dict[str, Any] = {"x-ru": ru}
    if aliases:
        extra["x-aliases"] = list(aliases)
    if ref:
        extra["x-ref"] = ref
    if past:
        extra["x-past"] = True
    return Field(default, title=ru, description=description, ge=ge, le=le, json_schema_extra=extra)


class Entity(BaseModel):
    """Base of every record model. Unknown fields are rejected, enums stored as plain codes."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=True,
        str_strip_whitespace=True,
    )

    meta: ClassVar[TableMeta]


@dataclass
class _Registry:
    """Ordered list of declared entity classes, in the order tables should be loaded."""

    entities: list[type[Entity]] = field(default_factory=list)

    def __call__(self, cls: type[Entity]) -> type[Entity]:
        self.entities.append(cls)
        return cls


#: Decorator collecting the core entities (see :mod:`methodnet.model.entities`).
core_entity = _Registry()
