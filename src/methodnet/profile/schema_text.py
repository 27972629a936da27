"""JSON Schema errors of a profile, as short Russian messages that never dump a whole value.

A schema error on a big mapping would otherwise print all of it; these helpers pick the
most specific reason (for ``anyOf``/``oneOf``), name unknown keys with a "did you mean",
and cut quoted values to a few dozen characters.
"""

from __future__ import annotations

from typing import Any

import jsonschema


def _hint(word: str, candidates: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5) if len(word) <= 100 else []
    return f"возможно, «{match[0]}»" if match else None


def flatten_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Every problem inside an anyOf/oneOf whose intended branch is clear — a list that may also be
    null, say — so all of them are reported at once, not only the first."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    # a branch that failed only on the value's type (e.g. "null") was not the one meant
    meant = [b for b in branches.values() if not all(e.validator == "type" and not e.relative_path for e in b)]
    if len(meant) == 1:
        return [flat for inner in meant[0] for flat in flatten_errors(inner)]
    return [_most_specific(error)]


def _most_specific(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf/oneOf, the reason from the branch that got deepest into the value."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator not in ("type", "anyOf")))
    return error


def jsonable(data: Any) -> Any:
    """YAML gives dates as objects; JSON Schema checks the text form (format: date)."""
    import datetime as dt

    if isinstance(data, dict):
        return {k: jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [jsonable(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def schema_message(error: jsonschema.ValidationError) -> str:
    """The validator's message, without dumping a whole (possibly long) value."""
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})] \
            if isinstance(error.instance, dict) else []
        return "неизвестный ключ: " + ", ".join(map(str, extra))
    if error.validator == "type":
        return f"ожидается {error.validator_value}, а значение {_short(error.instance)}"
    if error.validator == "required":
        return error.message
    return f"{error.validator}: значение {_short(error.instance)} не подходит ({_short(error.validator_value)})"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def schema_hint(error: jsonschema.ValidationError) -> str | None:
    if error.validator == "additionalProperties" and isinstance(error.schema, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        if extra:
            return _hint(extra[0], allowed) or "допустимые ключи: " + ", ".join(allowed)
    if error.validator == "type":
        return "проверьте тип значения (в YAML «да»/«yes» без кавычек — логическое значение)"
    return None


