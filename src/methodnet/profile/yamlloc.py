"""YAML with locations: every value remembers the line it came from.

Profiles are checked by JSON Schema, by pydantic and by meaning; each of those reports
a path (``indicators / 3 / condition``). :class:`Located` maps such a path back to the
line of the file so every message says ``file:line``. Duplicate keys, which plain
PyYAML silently overwrites, are errors here; so are keys that are not scalars (a list
used as a key). Reading is bounded by :mod:`methodnet.io.yamlsafe` (size, encoding,
aliases, expanded size, depth).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from methodnet.io.yamlsafe import YamlError, compose, read_yaml_text
from methodnet.limits import DEFAULT_LIMITS, Limits

__all__ = ["Located", "YamlError", "load_located", "load_located_file"]

PathKey = tuple[str | int, ...]


@dataclass
class Located:
    """A parsed YAML document and the line (1-based) of each path in it."""

    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    file: str | None = None

    def line(self, path: PathKey) -> int | None:
        """Line of ``path`` or of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _construct(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("ключ должен быть строкой, а не списком или словарём", key_node.start_mark.line + 1)
            key = loader.construct_object(key_node)
            if key in result:
                raise YamlError(f"повторяющийся ключ «{key}»", key_node.start_mark.line + 1)
            result[key] = _construct(value_node, (*path, key), lines, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node)


def load_located(text: str, file: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Located:
    """Parse one YAML document; raise :class:`YamlError` with the line on bad syntax or a limit."""
    node, loader = compose(text, file, limits)
    try:
        lines: dict[PathKey, int] = {}
        data = _construct(node, (), lines, loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"синтаксис YAML: {exc.problem or exc}", mark.line + 1 if mark else None, file=file) from exc
    except (TypeError, ValueError, OverflowError) as exc:  # a value PyYAML cannot build (a date out of range)
        raise YamlError(f"значение не читается ({type(exc).__name__})", None, file=file) from exc
    finally:
        loader.dispose()
    return Located(data, lines, file)


def load_located_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Located:
    return load_located(read_yaml_text(path, limits, encoding_code="profile_encoding"), str(path), limits)
