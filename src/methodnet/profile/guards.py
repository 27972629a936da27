"""Checks that keep a hostile or careless profile from passing validation and failing later.

*Validate is the gate* (DESIGN §5): anything the engine would reject at evaluation time
is found when the profile loads. These are the checks of that kind that JSON Schema and
pydantic do not make: numbers that are NaN, infinite or absurdly large (a target of
``.nan``, ``lookback_years: 10**12``, a program starting in year 1), derived formulas with
operators the engine does not evaluate (``**``, conditionals, calls), and ``extends``
values that are paths rather than profile ids.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator
from typing import Any

from methodnet.limits import DEFAULT_LIMITS, Limits

#: What ``extends`` may name: a profile id (a file stem in a profile folder), never a path.
_PROFILE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")

#: Years the engine handles (dates before 1900 are rejected on load as well).
MIN_YEAR, MAX_YEAR = 1900, 9000
#: Any other number in a profile: beyond this it is a typo or an attack, not a parameter.
MAX_ABS_NUMBER = 10**12
MAX_LOOKBACK_YEARS = 100


def is_profile_id(text: str) -> bool:
    return bool(_PROFILE_ID.fullmatch(text))


def check_numbers(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, what is wrong) for every number in the document out of the range it may take."""
    stack: list[tuple[tuple, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in enumerate(value))
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        elif isinstance(value, float) and not math.isfinite(value):
            yield where, f"число {value} (не конечное) недопустимо"
        elif abs(value) > MAX_ABS_NUMBER:
            yield where, f"число слишком большое (больше {MAX_ABS_NUMBER:.0e} по модулю)"
        elif where and where[-1] == "lookback_years" and not 1 <= value <= MAX_LOOKBACK_YEARS:
            yield where, f"lookback_years — от 1 до {MAX_LOOKBACK_YEARS} лет"
        elif len(where) >= 2 and where[-2] == "period" and where[-1] in ("start", "end") \
                and not MIN_YEAR <= value <= MAX_YEAR:
            yield where, f"год программы — от {MIN_YEAR} до {MAX_YEAR}"


_ALLOWED = (ast.Expression, ast.Name, ast.Load, ast.Constant, ast.UnaryOp, ast.USub, ast.UAdd, ast.BinOp,
            ast.Add, ast.Sub, ast.Mult, ast.Div)


def check_formula(formula: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """What is wrong with a derived formula (empty when the engine can evaluate it)."""
    text = str(formula)
    if len(text) > limits.expr_max_chars:
        return [f"формула длиннее {limits.expr_max_chars} символов"]
    if _nesting(text) > limits.expr_max_depth:
        return [f"вложенность скобок больше {limits.expr_max_depth}"]
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:
        return [f"синтаксическая ошибка в формуле: {getattr(exc, 'msg', exc)}"]
    except (RecursionError, MemoryError):
        return [f"формула слишком сложная (вложенность больше {limits.expr_max_depth})"]
    nodes = list(ast.walk(tree))
    if len(nodes) > limits.expr_max_nodes:
        return [f"в формуле больше {limits.expr_max_nodes} элементов"]
    problems = []
    for node in nodes:
        if not isinstance(node, _ALLOWED):
            problems.append(f"в формуле недопустима конструкция «{type(node).__name__}»")
        elif isinstance(node, ast.UAdd):
            problems.append("в формуле недопустим унарный плюс")
        elif isinstance(node, ast.Constant) and (isinstance(node.value, bool) or
                                                 not isinstance(node.value, (int, float))):
            problems.append(f"в формуле допустимы только числа, а не {type(node.value).__name__}")
        elif isinstance(node, ast.Constant) and (not math.isfinite(float(node.value))
                                                 if abs(node.value) < 10**300 else True):
            problems.append("число в формуле вне допустимого диапазона")
    return problems[:3]


def _nesting(text: str) -> int:
    """Deepest bracket nesting of ``text`` (before Python's parser sees it and recurses)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest
