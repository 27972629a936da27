"""Bounds on an expression before anything recursive sees it.

Python's parser and the checker recurse once per nesting level, and the engine builds
one polars expression per node: 10,000 parentheses raise ``RecursionError``, 5,000
``or`` terms make an evaluation run for minutes. :func:`parse_bounded` checks length
and bracket depth on the text, then node count and depth on the tree, against
:class:`~methodnet.limits.Limits`, and raises a located :class:`ExpressionError`.
"""

from __future__ import annotations

import ast

from methodnet.expr.nodes import ExpressionError
from methodnet.limits import DEFAULT_LIMITS, Limits


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def _tree_depth(tree: ast.AST) -> int:
    """Depth of a syntax tree, without recursion."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node)
                     if not isinstance(child, (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)))
    return deepest


def parse_bounded(text: str, limits: Limits = DEFAULT_LIMITS) -> ast.Expression:
    """Python's parser on ``text``, after the limits that keep it from recursing or growing without bound."""
    limit_hint = "разбейте условие на части или упростите его; пределы задаёт Limits (expr_max_*)"
    if len(text) > limits.expr_max_chars:
        raise ExpressionError(f"выражение длиннее {limits.expr_max_chars} символов", limit_hint, "limit")
    if _bracket_depth(text) > limits.expr_max_depth:
        raise ExpressionError(f"скобки вложены глубже {limits.expr_max_depth} уровней", limit_hint, "limit")
    stripped = text.strip()
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        # 1-based position in ``text`` as written (a YAML block may span lines); Python says 0 when
        # the expression ends too early (``students >``): the position is then just after its end
        before = sum(len(line) + 1 for line in stripped.split("\n")[: (exc.lineno or 1) - 1])
        position = before + exc.offset if exc.offset else len(stripped) + 1
        raise ExpressionError(f"синтаксическая ошибка в выражении: {exc.msg}",
                              "проверьте скобки, кавычки и операторы (and, or, not, ==)", "syntax",
                              position + len(text) - len(text.lstrip())) from exc
    except ValueError as exc:  # a NUL character
        raise ExpressionError("в выражении недопустимый символ (NUL)", "удалите управляющие символы",
                              "syntax") from exc
    except (RecursionError, MemoryError) as exc:
        raise ExpressionError(f"выражение вложено глубже {limits.expr_max_depth} уровней", limit_hint,
                              "limit") from exc
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > limits.expr_max_nodes:
        raise ExpressionError(f"в выражении {nodes} элементов, больше предела {limits.expr_max_nodes}",
                              limit_hint, "limit")
    if _tree_depth(tree) > limits.expr_max_depth:
        raise ExpressionError(f"выражение вложено глубже {limits.expr_max_depth} уровней", limit_hint, "limit")
    return tree
