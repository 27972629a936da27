"""A profile's ``vocabularies:``: its own (document kinds, contests…) and members it adds to the data's.

After ``extends`` the vocabularies are merged (a child adds to, or relabels, what its
parent added); here each added member is checked — a code in snake_case latin, not a
member the vocabulary already has, no label or synonym that already means another
member (loading would become ambiguous) — and every problem is located in the file
that declares the member. The result is the profile's code → label mappings plus the
synonyms of added members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from methodnet.model.extensions import EXTENSIBLE, member_problems, taken_spellings
from methodnet.profile.yamlloc import Located

#: A problem of an added member: code, the document and path to locate it, detail, hint.
VocabularyProblem = tuple[str, Located, tuple, str, str]


def resolve_vocabularies(raw: Mapping[str, Any], docs: list[Located]
                         ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, list[str]]], list[VocabularyProblem]]:
    """(code → label per vocabulary, synonyms of added members, problems) from the merged ``vocabularies``."""
    labels: dict[str, dict[str, str]] = {}
    synonyms: dict[str, dict[str, list[str]]] = {}
    problems: list[VocabularyProblem] = []
    for name, entries in raw.items():
        if not isinstance(entries, Mapping):
            continue
        labels[name] = {}
        taken = taken_spellings(name) if name in EXTENSIBLE else {}
        for code, value in entries.items():
            label, spellings = _term(value)
            if name not in EXTENSIBLE:
                labels[name][str(code)] = label
                continue
            path = ("vocabularies", name, code)
            found = member_problems(name, str(code), label, spellings, taken)
            for problem_code, detail, hint in found:
                problems.append((problem_code, _declaring(docs, path), path, detail, hint))
            if not found:  # a member in error is not added (it would only repeat the error elsewhere)
                labels[name][str(code)] = label
                if spellings:
                    synonyms.setdefault(name, {})[str(code)] = spellings
    return labels, synonyms, problems


def _term(value: Any) -> tuple[str, list[str]]:
    """A label (``cnppm: ЦНППМ``) or a label with synonyms (``{label: …, synonyms: […]}``)."""
    if isinstance(value, Mapping):
        return str(value.get("label", "")), [str(s) for s in value.get("synonyms") or ()]
    return str(value), []


def _declaring(docs: list[Located], path: tuple) -> Located:
    """The nearest file of the ``extends`` chain that declares ``path`` (the profile's own file if none)."""
    for doc in docs:
        data: Any = doc.data
        for key in path:
            data = data.get(key) if isinstance(data, Mapping) else None
        if data is not None:
            return doc
    return docs[0]


def tags_in(expression: Any) -> set[str]:
    """Tags an expression tests for (``"gifted_children" in program.tags``), at any depth.

    Tags are free text in the data; when the profile declares ``vocabularies.tags`` a tag
    it does not declare is a typo that would silently count nothing, so the loader reports it.
    """
    from methodnet.expr.nodes import Aggregate, Col, In, Lit, walk

    found: set[str] = set()

    def visit(expr: Any) -> None:
        for node in walk(expr.root):
            if isinstance(node, Aggregate) and node.condition is not None:
                visit(node.condition)
            if isinstance(node, In) and isinstance(node.container, Col) and node.container.path[-1] == "tags" \
                    and isinstance(node.item, Lit) and isinstance(node.item.value, str):
                found.add(node.item.value)

    visit(expression)
    return found


def param_value_problems(model: Any, params: Mapping[str, Any], registry: Any) -> list[tuple[str, str, str]]:
    """Values of a kind's params that must be codes of a data column (``x-column`` on the field), but are not.

    ``categories: [pedagogu]`` would silently count nobody; checked against the registry the
    profile's expressions use, so members the profile adds are accepted. ``(field, detail, hint)``.
    """
    import difflib

    found = []
    for name, field in getattr(model, "model_fields", {}).items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        target = extra.get("x-column")
        if not isinstance(target, str) or name not in params:
            continue
        table, column = target.split(".")
        if table not in registry or column not in registry[table].by_name:
            continue
        allowed = list(registry[table].column(column).allowed)
        values = params[name] if isinstance(params[name], list) else [params[name]]
        for value in values:
            if str(value) not in allowed:
                guess = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5)
                found.append((name, f"«{value}» не входит в значения {target}",
                               (f"возможно, «{guess[0]}»; " if guess else "") + "допустимо: " + ", ".join(allowed)))
    return found
