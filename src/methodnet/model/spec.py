"""Table specifications derived from entity declarations.

:class:`TableSpec` is what loaders, writers and the engine use: column kinds, polars
dtypes, Russian headers and aliases, references, bounds. It is computed from the
pydantic entity class, so the record model, the columnar schema and the JSON Schema
of data files all come from one declaration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any, Literal, cast

import annotated_types
import polars as pl
from pydantic.fields import FieldInfo

from methodnet.model.base import Entity, TableMeta
from methodnet.model.extensions import Extensions
from methodnet.model.vocab import Member, Vocabulary, normalize_label

Kind = Literal["str", "int", "float", "bool", "date", "list"]

_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "list": pl.List(pl.String()),
}

_PY_KINDS: dict[type, Kind] = {str: "str", int: "int", float: "float", bool: "bool", dt.date: "date"}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table, as loaders and the engine see it."""

    name: str
    kind: Kind
    nullable: bool
    required: bool  # must appear as a column in input (no default)
    default: Any
    ru: str
    aliases: tuple[str, ...]
    vocabulary: type[Enum] | None
    ref: str | None
    ge: float | None
    le: float | None
    past: bool
    description: str | None
    #: members a profile added to the vocabulary (see :mod:`methodnet.model.extensions`)
    extra: tuple[Member, ...] = ()

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind]

    @property
    def members(self) -> tuple[Member, ...]:
        """The vocabulary's members (declared, then those the profile added); empty if any value is allowed."""
        if self.vocabulary is None:
            return ()
        if issubclass(self.vocabulary, Vocabulary):
            return self.vocabulary.members() + self.extra
        return tuple(Member(m.value, m.value) for m in self.vocabulary) + self.extra

    @property
    def allowed(self) -> tuple[str, ...]:
        """Allowed codes of a vocabulary column (empty when any value is allowed)."""
        return tuple(m.code for m in self.members)

    def label(self, code: str) -> str:
        """The Russian label of a code (the code itself if it is not a member)."""
        return next((m.ru for m in self.members if m.code == code), code)

    def value_lookup(self) -> dict[str, str]:
        """Accepted spellings of vocabulary values (code, Russian label, synonyms) → code."""
        lookup: dict[str, str] = {}
        for member in self.members:
            for spelling in member.spellings():
                lookup.setdefault(normalize_label(spelling), member.code)
        return lookup

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that names this column on input."""
        return (self.name, self.ru, *self.aliases)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True); anything else → (annotation, False)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return args[0], True
    return annotation, False


def _column_spec(name: str, info: FieldInfo) -> ColumnSpec:
    annotation, nullable = _unwrap(info.annotation)
    vocabulary = None
    if typing.get_origin(annotation) is list:
        kind: Kind = "list"
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        kind, vocabulary = "str", annotation
    elif annotation in _PY_KINDS:
        kind = _PY_KINDS[annotation]
    else:
        raise TypeError(f"column {name!r}: unsupported type {annotation!r}")
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    # column(ge=…, le=…) takes numbers, so the bounds pydantic keeps are numbers
    ge = cast("float | None", next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None))
    le = cast("float | None", next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None))
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    if isinstance(default, Enum):
        default = default.value
    return ColumnSpec(
        name=name,
        kind=kind,
        nullable=nullable,
        required=info.is_required(),
        default=default,
        ru=str(extra.get("x-ru", name)),
        aliases=tuple(extra.get("x-aliases", ())),  # type: ignore[arg-type]
        vocabulary=vocabulary,
        ref=extra.get("x-ref"),  # type: ignore[arg-type]
        ge=ge,
        le=le,
        past=bool(extra.get("x-past", False)),
        description=info.description,
    )


@dataclass(frozen=True)
class TableSpec:
    """A table: its entity model, columns and constraints."""

    model: type[Entity]
    #: members the profile added to vocabularies; the columns that use them accept them
    extensions: Extensions = Extensions()

    @property
    def meta(self) -> TableMeta:
        return self.model.meta

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def ru(self) -> str:
        return self.meta.ru

    @property
    def key(self) -> tuple[str, ...]:
        return self.meta.key

    @cached_property
    def columns(self) -> tuple[ColumnSpec, ...]:
        columns = tuple(_column_spec(n, f) for n, f in self.model.model_fields.items())
        if not self.extensions:
            return columns
        return tuple(dataclasses.replace(c, extra=self.extensions.of(c.vocabulary)) if c.vocabulary else c
                     for c in columns)

    @cached_property
    def by_name(self) -> dict[str, ColumnSpec]:
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> ColumnSpec:
        return self.by_name[name]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @cached_property
    def header_lookup(self) -> dict[str, str]:
        """Normalized header spelling → column name (English names, Russian headers, aliases)."""
        lookup: dict[str, str] = {}
        for col in self.columns:
            for header in col.headers:
                lookup.setdefault(normalize_label(header), col.name)
        return lookup

    @property
    def schema(self) -> pl.Schema:
        """The polars schema of this table."""
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)

    @property
    def references(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.ref]

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of a data file holding this table: an array of records."""
        item = self.model.model_json_schema()
        defs = item.pop("$defs", {})
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://methodnet.dev/schemas/data/{self.name}.schema.json",
            "title": f"{self.ru} ({self.name})",
            "description": (self.model.__doc__ or "").strip(),
            "type": "array",
            "items": item,
            "x-key": list(self.key),
        }
        if defs:
            schema["$defs"] = defs
        return schema


class TableRegistry:
    """The tables a Dataset can hold: the core ones plus those plugins contribute."""

    def __init__(self, entities: Iterable[type[Entity]] = ()) -> None:
        self._tables: dict[str, TableSpec] = {}
        for entity in entities:
            self.add(entity)

    def add(self, entity: type[Entity]) -> TableSpec:
        spec = TableSpec(entity)
        if spec.name in self._tables:
            raise ValueError(f"table {spec.name!r} is declared twice")
        self._tables[spec.name] = spec
        self.__dict__.pop("_lookup", None)  # the cached spellings now miss this table
        return spec

    def __getitem__(self, name: str) -> TableSpec:
        return self._tables[name]

    @property
    def extensions(self) -> Extensions:
        """The vocabulary members a profile added to these tables (none for a plain registry)."""
        return next((spec.extensions for spec in self), Extensions())

    def extended(self, extensions: Extensions) -> "TableRegistry":
        """The same tables whose vocabulary columns also accept ``extensions``' members.

        Used to load and check data for a profile that adds members (``cnppm`` to the
        organization kinds); ``self`` is not changed, so data loaded without the profile
        still reject them. Extending an extended registry adds to its members.
        """
        if not extensions:
            return self
        import copy

        combined = self.extensions.merged(extensions)
        registry = copy.copy(self)  # whatever else a registry carries stays; only the specs differ
        registry._tables = {name: TableSpec(spec.model, combined) for name, spec in self._tables.items()}
        registry.__dict__.pop("_lookup", None)
        return registry

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[TableSpec]:
        return iter(self._tables.values())

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def names(self) -> list[str]:
        return list(self._tables)

    @cached_property
    def _lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for spec in self:
            for alias in (spec.name, spec.ru, *spec.meta.aliases):
                lookup.setdefault(normalize_label(alias), spec.name)
        return lookup

    def resolve(self, name: str) -> str | None:
        """Table name for a file stem or sheet name (English, Russian or alias), else ``None``."""
        return self._lookup.get(normalize_label(name))

    def spellings(self) -> list[str]:
        return list(self._lookup)

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of a whole dataset in one file: ``{table: [records]}``."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://methodnet.dev/schemas/dataset.schema.json",
            "title": "methodnet dataset",
            "type": "object",
            "additionalProperties": False,
            "properties": {
                spec.name: {"$ref": f"data/{spec.name}.schema.json", "title": spec.ru} for spec in self
            },
        }


def core_registry() -> TableRegistry:
    """A new registry holding the core tables."""
    from methodnet.model import entities  # noqa: F401  (declaring the entities fills core_entity)
    from methodnet.model.base import core_entity

    return TableRegistry(core_entity.entities)
