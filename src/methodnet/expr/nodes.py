"""The typed syntax tree the checker builds and the compiler reads, and the checker's error.

Kept apart from :mod:`methodnet.expr.parser` so the tree's shape is one small module;
the parser re-exports every name, so ``from methodnet.expr.parser import Col`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from methodnet.errors import MethodnetError
from methodnet.expr.scope import Relation


class ExpressionError(MethodnetError):
    """A problem in an expression; ``hint`` suggests the fix.

    ``code`` is the short kind (``syntax``, ``type``, ``limit``…; problems in profiles
    carry it as ``expression_<code>``); ``offset`` the 1-based character position when known.
    """

    def __init__(self, message: str, hint: str | None = None, code: str = "expression",
                 offset: int | None = None) -> None:
        super().__init__(message + (f" ({hint})" if hint else ""))
        self.message = message
        self.hint = hint
        self.code = code
        self.offset = offset


#: Range of an integer literal: polars computes in 64 bits.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


# ---------------------------------------------------------------------------- typed nodes


@dataclass(frozen=True)
class Node:
    kind: str  # str int float bool date list null


@dataclass(frozen=True)
class Col(Node):
    path: tuple[str, ...]  # ("category",) or ("organization", "kind")
    allowed: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class DerivedRef(Node):
    name: str


@dataclass(frozen=True)
class Lit(Node):
    value: Any


@dataclass(frozen=True)
class ListLit(Node):
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Cmp(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class In(Node):
    item: Node
    container: Node
    negate: bool


@dataclass(frozen=True)
class BoolOp(Node):
    op: str  # and / or
    values: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    value: Node


@dataclass(frozen=True)
class Arith(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg(Node):
    value: Node


@dataclass(frozen=True)
class Aggregate(Node):
    func: str  # exists / count
    relation: Relation
    condition: "Expression | None"


@dataclass(frozen=True)
class Func(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Expression:
    """A checked expression over one table, ready to compile."""

    text: str
    table: str
    root: Node
    columns: frozenset[str] = field(default_factory=frozenset)  # reference paths used

    @property
    def kind(self) -> str:
        return self.root.kind


def walk(node: Node | None) -> Iterator[Node]:
    """Every node of a tree, depth first from ``node`` (aggregates' conditions are separate trees).

    Public because profile loading, the requirements of a profile, the template and
    ``explain`` all read which columns and literals an expression uses.
    """
    if node is None:
        return
    yield node
    for value in vars(node).values():
        if isinstance(value, Node):
            yield from walk(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield from walk(item)
