"""The domain model: entity declarations, vocabularies, table specs and derived facts."""

from methodnet.model.base import Entity, TableMeta, column
from methodnet.model.spec import ColumnSpec, TableRegistry, TableSpec, core_registry

__all__ = ["ColumnSpec", "Entity", "TableMeta", "TableRegistry", "TableSpec", "column", "core_registry"]
