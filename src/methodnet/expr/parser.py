"""Parse and type-check expressions without ``eval``.

The text is parsed by Python's own parser into a syntax tree and then rebuilt node by
node from a whitelist: comparisons, ``and``/``or``/``not``, ``in``, arithmetic,
literals, names, reference paths (``organization.kind``) and the functions in
:data:`FUNCTIONS`. Anything else — attribute tricks, subscripts, lambdas, dunder names,
calls of anything not listed — is rejected with a message. Names are checked against
the table's :class:`~methodnet.expr.scope.Scope` with a "did you mean" hint, and
literals against vocabularies (``category == "teacher"`` is an error: allowed values
are ``pedagogue``, ``manager``).

What validates must evaluate: the checker rejects everything polars would fail on
later — lists of mixed types or an empty list, a list anywhere but right of ``in``,
``None`` (``is_null(x)`` says what ``x == None`` meant), integers beyond 64 bits,
non-finite numbers, a date compared with a text column. Hostile input is bounded
(:class:`~methodnet.limits.Limits`): length, nesting depth and node count are checked
before anything recursive runs.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from methodnet.expr.bounds import parse_bounded
from methodnet.expr.nodes import (  # noqa: F401 — re-exported: the compiler imports the tree from here
    INT_MAX,
    INT_MIN,
    Aggregate,
    Arith,
    BoolOp,
    Cmp,
    Col,
    DerivedRef,
    Expression,
    ExpressionError,
    Func,
    In,
    ListLit,
    Lit,
    Neg,
    Node,
    Not,
)
from methodnet.expr.scope import PERIOD_NAMES, Scope
from methodnet.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from methodnet.model.spec import TableRegistry

FUNCTIONS = {
    "exists": "exists(relation[, condition]) — есть ли связанные записи (за период), удовлетворяющие условию",
    "count": "count(relation[, condition]) — число связанных записей (за период)",
    "len": "len(list) — число элементов списка (например, предметов)",
    "year": "year(date) — год даты",
    "date": "date(\"ГГГГ-ММ-ДД\") — дата-константа",
    "is_null": "is_null(x) — значение не заполнено",
}


NUMERIC = ("int", "float")
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _suggest(word: str, candidates: list[str]) -> str | None:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5) if len(word) <= 100 else []
    return f"возможно, «{match[0]}»" if match else None


def _extensible(column: Col) -> str | None:
    """«новое значение — в vocabularies.event_kinds профиля» when a profile may add to the column's vocabulary."""
    from methodnet.model.extensions import EXTENSIBLE

    allowed = set(column.allowed)
    for name, enum in EXTENSIBLE.items():
        if {m.value for m in enum} <= allowed:  # the column holds this vocabulary (and maybe added members)
            return f"новое значение добавьте в vocabularies.{name} профиля"
    return None


class _Checker:
    def __init__(self, text: str, scope: Scope, limits: Limits = DEFAULT_LIMITS, *, positions: bool = True) -> None:
        self.text = text
        self.scope = scope
        self.limits = limits
        self.paths: set[str] = set()
        #: whether node positions are positions in the text as written (not in a condition re-parsed
        #: from an aggregate's argument: its errors take the aggregate's position)
        self.positions = positions

    # -------------------------------------------------------------- entry

    def check(self) -> Expression:
        tree = parse_bounded(self.text, self.limits)
        root = self.node(tree.body)
        return Expression(self.text, self.scope.table, root, frozenset(self.paths))

    def position(self, n: ast.expr) -> int:
        """1-based position of ``n`` in the text as written (ast counts UTF-8 bytes from the stripped text)."""
        lines = self.text.strip().split("\n")
        line = lines[n.lineno - 1]
        before = sum(len(earlier) + 1 for earlier in lines[: n.lineno - 1])
        column = len(line.encode("utf-8")[: n.col_offset].decode("utf-8", errors="ignore"))
        return before + column + 1 + len(self.text) - len(self.text.lstrip())

    # -------------------------------------------------------------- nodes

    @contextmanager
    def located(self, n: ast.AST) -> Iterator[None]:
        """An error raised inside carries ``n``'s position (unless a construct inside ``n`` gave its own)."""
        try:
            yield
        except ExpressionError as exc:
            if exc.offset is None and self.positions and isinstance(n, ast.expr):
                exc.offset = self.position(n)
            raise

    def node(self, n: ast.AST) -> Node:
        """The checked node; an error in it carries the position of the innermost construct at fault."""
        with self.located(n):
            return self._node(n)

    def _node(self, n: ast.AST) -> Node:
        if isinstance(n, ast.BoolOp):
            values = tuple(self.boolean(v) for v in n.values)
            return BoolOp("bool", "and" if isinstance(n.op, ast.And) else "or", values)
        if isinstance(n, ast.UnaryOp):
            if isinstance(n.op, ast.Not):
                return Not("bool", self.boolean(n.operand))
            if isinstance(n.op, ast.USub):
                if isinstance(n.operand, ast.Constant) and isinstance(n.operand.value, (int, float)) \
                        and not isinstance(n.operand.value, bool):
                    return self.constant(-n.operand.value)
                value = self.node(n.operand)
                with self.located(n.operand):
                    self.expect(value, NUMERIC, "унарный минус")
                return Neg(value.kind, value)
            raise self.forbidden(n)
        if isinstance(n, ast.Compare):
            return self.compare(n)
        if isinstance(n, ast.BinOp):
            if type(n.op) not in _ARITH:
                raise self.forbidden(n)
            left, right = self.node(n.left), self.node(n.right)
            with self.located(n.left):
                self.expect(left, NUMERIC, "арифметика")
            with self.located(n.right):
                self.expect(right, NUMERIC, "арифметика")
            op = _ARITH[type(n.op)]
            kind = "float" if op == "/" or "float" in (left.kind, right.kind) else "int"
            return Arith(kind, op, left, right)
        if isinstance(n, ast.Constant):
            return self.constant(n.value)
        if isinstance(n, (ast.List, ast.Tuple)):
            raise ExpressionError("список констант допускается только справа от «in»: x in [\"a\", \"b\"]",
                                  code="type")
        if isinstance(n, ast.Name):
            return self.name((n.id,))
        if isinstance(n, ast.Attribute):
            return self.name(self.dotted(n))
        if isinstance(n, ast.Call):
            return self.call(n)
        raise self.forbidden(n)

    def forbidden(self, n: ast.AST) -> ExpressionError:
        return ExpressionError(f"конструкция «{type(n).__name__}» в выражениях не допускается",
                               "используйте сравнения, and/or/not, in, арифметику и функции: "
                               + ", ".join(FUNCTIONS), "forbidden")

    def boolean(self, n: ast.AST) -> Node:
        node = self.node(n)
        with self.located(n):
            self.expect(node, ("bool",), "логическое условие")
        return node

    def expect(self, node: Node, kinds: tuple[str, ...], where: str) -> None:
        if node.kind not in kinds and node.kind != "null":
            raise ExpressionError(f"{where}: ожидается {'/'.join(kinds)}, а «{self.describe(node)}» — {node.kind}",
                                  code="type")

    def describe(self, node: Node) -> str:
        if isinstance(node, Col):
            return node.name
        if isinstance(node, DerivedRef):
            return node.name
        if isinstance(node, Lit):
            return repr(node.value)
        return type(node).__name__

    def list_literal(self, n: ast.List | ast.Tuple) -> ListLit:
        """A list of constants of one kind (ints and floats mix), not empty."""
        if not n.elts:
            raise ExpressionError("пустой список после «in»", "перечислите значения: x in [\"a\", \"b\"]",
                                  "type")
        lits = [self.constant_value(e) for e in n.elts]
        kinds = {lit.kind for lit in lits}
        if len(kinds) > 1 and not kinds <= set(NUMERIC):
            raise ExpressionError("в списке значения разных типов: " + ", ".join(sorted(kinds)),
                                  "все значения списка — одного типа (все строки или все числа)", "type")
        kind = "float" if kinds == {"int", "float"} else kinds.pop()
        if kind not in ("str", *NUMERIC, "bool"):
            raise ExpressionError(f"список значений типа {kind} не допускается", code="type")
        values = tuple(float(lit.value) if kind == "float" else lit.value for lit in lits)
        return ListLit("list", values)

    def constant_value(self, n: ast.AST) -> Lit:
        if isinstance(n, ast.Constant):
            return self.constant(n.value)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and isinstance(n.operand, ast.Constant) \
                and isinstance(n.operand.value, (int, float)) and not isinstance(n.operand.value, bool):
            return self.constant(-n.operand.value)
        raise ExpressionError("в списке допускаются только константы", code="forbidden")

    def constant(self, value: Any) -> Lit:
        if value is None:
            raise ExpressionError("None в выражениях не допускается: пустое значение проверяет is_null(x)",
                                  "вместо x == None пишите is_null(x), вместо x != None — not is_null(x)",
                                  "forbidden")
        if isinstance(value, bool):
            return Lit("bool", value)
        if isinstance(value, int):
            if not INT_MIN <= value <= INT_MAX:
                raise ExpressionError("целое число вне 64-битного диапазона", "проверьте число", "type")
            return Lit("int", value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise ExpressionError("число вне допустимого диапазона", "проверьте число", "type")
            return Lit("float", value)
        if isinstance(value, str):
            return Lit("str", value)
        raise ExpressionError(f"константа типа {type(value).__name__} не допускается", code="forbidden")

    # -------------------------------------------------------------- names

    def dotted(self, n: ast.AST) -> tuple[str, ...]:
        parts: list[str] = []
        while isinstance(n, ast.Attribute):
            parts.append(n.attr)
            n = n.value
        if not isinstance(n, ast.Name):
            raise ExpressionError("обращение к атрибутам допускается только по ссылкам: organization.kind",
                                  code="forbidden")
        parts.append(n.id)
        return tuple(reversed(parts))

    def name(self, path: tuple[str, ...]) -> Node:
        for part in path:
            if part.startswith("_"):
                raise ExpressionError(f"имя «{part}» не допускается (имена с «_» в начале запрещены)",
                                      code="forbidden")
        scope = self.scope
        if ".".join(path) in PERIOD_NAMES and scope.reference("period") is None:
            return DerivedRef("date", ".".join(path))
        for i, part in enumerate(path[:-1]):
            target = scope.reference(part)
            if target is None:
                refs = [c.name[:-3] for c in scope.spec.references if c.name.endswith("_id")]
                raise ExpressionError(f"в таблице «{scope.table}» нет ссылки «{part}»",
                                      _suggest(part, refs) or ("ссылки: " + ", ".join(refs) if refs else None),
                                      "unknown_name")
            scope = Scope(target, scope.registry)
        last = path[-1]
        col = scope.column(last)
        if col is not None:
            if len(path) > 1:
                self.paths.add(".".join(path))
            kind = col.kind
            return Col(kind, path, col.allowed)
        derived = scope.derived(last)
        if derived is not None and len(path) == 1:
            return DerivedRef(derived.kind, last)
        if scope.relation(last) is not None:
            raise ExpressionError(f"«{last}» — связанные записи; используйте exists({last}) или count({last})",
                                  code="type")
        hint = _suggest(last, scope.names() + list(scope.relations()))
        raise ExpressionError(f"в таблице «{scope.table}» нет поля «{'.'.join(path)}»", hint, "unknown_name")

    # -------------------------------------------------------------- operators

    def compare(self, n: ast.Compare) -> Node:
        if len(n.ops) != 1:  # a < b < c: written out with and
            parts = []
            left = n.left
            for op, right in zip(n.ops, n.comparators):
                parts.append(self.compare(ast.Compare(left=left, ops=[op], comparators=[right])))
                left = right
            return BoolOp("bool", "and", tuple(parts))
        op, left_ast, right_ast = n.ops[0], n.left, n.comparators[0]
        if isinstance(op, (ast.Is, ast.IsNot)):
            raise ExpressionError("«is» в выражениях не допускается",
                                  "пустое значение проверяет is_null(x), заполненное — not is_null(x); "
                                  "значения сравнивает ==", "forbidden")
        lhs = self.node(left_ast)
        if isinstance(op, (ast.In, ast.NotIn)):
            listed = self.list_literal(right_ast) if isinstance(right_ast, (ast.List, ast.Tuple)) \
                else self.node(right_ast)
            return self.membership(lhs, listed, isinstance(op, ast.NotIn))
        rhs = self.node(right_ast)
        symbol = _CMP[type(op)]
        self.compatible(lhs, rhs, symbol)
        return Cmp("bool", symbol, lhs, rhs)

    def compatible(self, left: Node, right: Node, op: str) -> None:
        kinds = {left.kind, right.kind} - {"null"}
        if len(kinds) <= 1 or kinds <= set(NUMERIC):
            pass
        elif kinds == {"date", "str"}:
            for side in (left, right):  # a date written as text: "2024-09-01"
                if side.kind != "str":
                    continue
                if not isinstance(side, Lit):
                    raise ExpressionError(f"нельзя сравнить дату с текстовым полем «{self.describe(side)}»",
                                          "сравнивайте дату с датой: поле-дата или date(\"ГГГГ-ММ-ДД\")", "type")
                self.date_literal(side.value)
        else:
            raise ExpressionError(f"нельзя сравнить «{self.describe(left)}» ({left.kind}) и "
                                  f"«{self.describe(right)}» ({right.kind})", code="type")
        if op in ("<", "<=", ">", ">=") and kinds & {"bool", "list"}:
            raise ExpressionError(f"«{op}» не применяется к {'/'.join(sorted(kinds))}", code="type")
        if "list" in kinds:
            raise ExpressionError("списки не сравниваются через == и !=",
                                  "используйте «\"a\" in subjects» или len(subjects)", "type")
        self.vocabulary(left, right)
        self.vocabulary(right, left)

    def vocabulary(self, column: Node, literal: Node) -> None:
        if isinstance(column, Col) and column.allowed:
            values = literal.values if isinstance(literal, ListLit) else (
                (literal.value,) if isinstance(literal, Lit) and literal.kind == "str" else ())
            for value in values:
                if value not in column.allowed:
                    hint = "; ".join(filter(None, (_suggest(value, list(column.allowed)),
                                                   "допустимо: " + ", ".join(column.allowed), _extensible(column))))
                    raise ExpressionError(f"«{value}» не входит в значения поля «{column.name}»", hint, "vocabulary")

    def date_literal(self, value: str) -> None:
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ExpressionError(f"«{value}» — не дата", "пишите дату как ГГГГ-ММ-ДД", "type") from exc

    def membership(self, item: Node, container: Node, negate: bool) -> Node:
        if isinstance(container, ListLit):
            first = container.values[0]
            element = "str" if isinstance(first, str) else "bool" if isinstance(first, bool) else "float"
            compatible = item.kind == element or (item.kind in NUMERIC and element == "float")
            if not compatible:
                raise ExpressionError(f"«{self.describe(item)}» ({item.kind}) ищется в списке значений "
                                      f"другого типа ({element})", "значения списка — того же типа, что и поле",
                                      "type")
            if item.kind == "int":  # polars compares a list with the column's own dtype only
                if any(float(v) != int(v) for v in container.values):
                    raise ExpressionError(f"«{self.describe(item)}» — целое, а в списке дробные числа",
                                          code="type")
                container = ListLit("list", tuple(int(v) for v in container.values))
            elif item.kind == "float":
                container = ListLit("list", tuple(float(v) for v in container.values))
            self.vocabulary(item, container)
        elif container.kind == "list":
            self.expect(item, ("str",), "элемент списка")
        else:
            raise ExpressionError("справа от «in» должен быть список: [\"a\", \"b\"] или поле-список (subjects)",
                                  code="type")
        return In("bool", item, container, negate)

    # -------------------------------------------------------------- calls

    def call(self, n: ast.Call) -> Node:
        if not isinstance(n.func, ast.Name) or n.func.id not in FUNCTIONS:
            name = n.func.id if isinstance(n.func, ast.Name) else type(n.func).__name__
            raise ExpressionError(f"функция «{name}» не допускается",
                                  _suggest(name, list(FUNCTIONS)) or "функции: " + ", ".join(FUNCTIONS), "forbidden")
        if n.keywords:
            raise ExpressionError("именованные аргументы не допускаются", code="forbidden")
        name = n.func.id
        if name in ("exists", "count"):
            return self.aggregate(name, n.args)
        args = tuple(self.node(a) for a in n.args)
        if len(args) != 1:
            raise ExpressionError(f"{name}() принимает один аргумент", code="type")
        if name == "len":
            self.expect(args[0], ("list",), "len()")
            if args[0].kind != "list":
                raise ExpressionError("len() принимает поле-список, например len(subjects)", code="type")
            return Func("int", name, args)
        if name == "year":
            self.expect(args[0], ("date",), "year()")
            if args[0].kind != "date":
                raise ExpressionError("year() принимает дату", code="type")
            return Func("int", name, args)
        if name == "date":
            if not isinstance(args[0], Lit) or args[0].kind != "str":
                raise ExpressionError("date() принимает строку \"ГГГГ-ММ-ДД\"", code="type")
            self.date_literal(args[0].value)
            return Lit("date", dt.date.fromisoformat(args[0].value))
        return Func("bool", name, args)  # is_null

    def aggregate(self, func: str, args: list[ast.expr]) -> Node:
        if not args or len(args) > 2 or not isinstance(args[0], ast.Name):
            raise ExpressionError(f"{func}(связь[, условие]): первым аргументом — имя связи, например trainings",
                                  code="type")
        relation = self.scope.relation(args[0].id)
        if relation is None:
            raise ExpressionError(f"у таблицы «{self.scope.table}» нет связи «{args[0].id}»",
                                  _suggest(args[0].id, list(self.scope.relations())) or
                                  "связи: " + ", ".join(self.scope.relations()), "unknown_name")
        condition = None
        if len(args) == 2:
            inner = _Checker(ast.unparse(args[1]), Scope(relation.table, self.scope.registry), self.limits,
                             positions=False)
            condition = inner.check()
            if condition.kind != "bool":
                raise ExpressionError(f"условие в {func}() должно быть логическим", code="type")
        return Aggregate("bool" if func == "exists" else "int", func, relation, condition)


def parse_expression(text: str, table: str, registry: TableRegistry, *, expect: str | None = "bool",
                     limits: Limits = DEFAULT_LIMITS) -> Expression:
    """Check ``text`` against ``table``'s scope; raise :class:`ExpressionError` when it is wrong."""
    if table not in registry:
        raise ExpressionError(f"нет таблицы «{table}»", _suggest(table, registry.names), "unknown_name")
    expression = _Checker(str(text), Scope(table, registry), limits).check()
    if expect and expression.kind != expect and expression.kind != "null":
        raise ExpressionError(f"выражение должно быть логическим условием, а оно — {expression.kind}",
                              code="type")
    return expression
