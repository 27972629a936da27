"""Formulas of derived indicators: arithmetic over other indicators' values.

A formula names indicator ids and numbers, joined by ``+ - * /``, unary minus and
parentheses — nothing else (no powers, calls, comparisons or conditionals). It is checked
when the profile loads (:func:`parse_formula`, :func:`dependency_order`), so an evaluation
never meets a formula it cannot compute; the engine compiles it to one polars expression
over a table with a column per indicator (:func:`formula_expr`). Division by zero and a
missing operand give *no data*.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

#: Bounds that keep a hostile formula from exhausting the parser.
MAX_LENGTH = 2000
MAX_NODES = 500


class FormulaError(ValueError):
    """A formula that is not plain arithmetic over indicator ids; ``code`` is stable."""

    def __init__(self, code: str, message: str, hint: str | None = None, cycle: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.cycle = cycle  # for formula_cycle: the indicators in the circle


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: tuple[str, ...]  # indicator ids, in order of first use


_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def parse_formula(text: str) -> Formula:
    """Check a formula and return it parsed; raise :class:`FormulaError` otherwise."""
    if len(text) > MAX_LENGTH:
        raise FormulaError("formula_too_long", f"формула длиннее {MAX_LENGTH} символов",
                           "разбейте её на вспомогательные показатели")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError("formula_syntax", f"формула «{text[:80]}» не разбирается",
                           "пишите id показателей, числа, + - * / и скобки") from None
    names: list[str] = []
    count = 0
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise FormulaError("formula_too_large", f"в формуле больше {MAX_NODES} элементов",
                               "разбейте её на вспомогательные показатели")
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            if abs(node.value) > 1e15:
                raise FormulaError("formula_number", f"число {node.value} в формуле слишком велико")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            stack.append(node.operand)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, _OPS):
            stack += [node.left, node.right]
        else:
            raise FormulaError("formula_construct", f"в формуле недопустимо: {_describe(node)}",
                               "допустимы id показателей, числа, + - * / и скобки")
    return Formula(text, tree, tuple(dict.fromkeys(names)))


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.BinOp):
        return {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//"}.get(type(node.op), type(node.op).__name__)
    if isinstance(node, ast.Constant):
        return repr(node.value)[:40]
    return type(node).__name__


def dependency_order(uses: Mapping[str, Formula | Iterable[str]]) -> list[str]:
    """Indicators computed from others' results, ordered so each comes after those it uses.

    ``uses`` maps an indicator to its formula (or to the ids it uses). Raises
    :class:`FormulaError` (``formula_cycle``) naming the indicators of a cycle.
    """
    needs = {name: tuple(u.names if isinstance(u, Formula) else u) for name, u in uses.items()}
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = path[path.index(name):] + (name,)
            raise FormulaError("formula_cycle", "показатели ссылаются друг на друга по кругу: " + " → ".join(cycle),
                               "уберите взаимную ссылку", cycle=cycle)
        state[name] = 1
        for used in needs[name]:
            if used in needs:
                visit(used, path + (name,))
        state[name] = 2
        order.append(name)

    for name in needs:
        visit(name, ())
    return order


def formula_expr(formula: Formula, column: Mapping[str, str] | None = None) -> pl.Expr:
    """The formula as a polars expression over columns named by indicator id (or ``column[id]``)."""
    def build(node: ast.expr) -> pl.Expr:
        if isinstance(node, ast.Name):
            return pl.col((column or {}).get(node.id, node.id)).cast(pl.Float64)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):  # checked: numbers only
            return pl.lit(float(node.value), pl.Float64)
        if isinstance(node, ast.UnaryOp):
            inner = build(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        assert isinstance(node, ast.BinOp)
        left, right = build(node.left), build(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return pl.when(right == 0).then(None).otherwise(left / right)

    return build(formula.tree)


def names_of(formulas: Iterable[Formula]) -> set[str]:
    return {name for f in formulas for name in f.names}
