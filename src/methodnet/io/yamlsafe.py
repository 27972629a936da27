"""YAML parsing bounded against hostile documents, for profiles and data files alike.

PyYAML's ``safe_load`` runs no code, but it expands aliases without limit (a
"billion laughs" document of a few hundred bytes becomes gigabytes), recurses once per
nesting level (5,000 nested lists raise :class:`RecursionError`) and reads a file of any
size. Here the document is first *composed* (aliases stay shared nodes, nothing is
expanded), the node graph is measured without recursion — alias uses, nodes after
expansion, depth — and only a document within :class:`~methodnet.limits.Limits` is
constructed. Every failure is a :class:`YamlError` with a code and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from methodnet.errors import MethodnetError
from methodnet.limits import DEFAULT_LIMITS, Limits


class YamlError(MethodnetError):
    """A YAML document that cannot be read; ``code`` says why, ``line`` where (1-based)."""

    def __init__(self, message: str, line: int | None, code: str = "yaml_syntax", file: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        where = f"{file}:{line}" if file and line else (file or (f"строка {line}" if line else ""))
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.line = line
        self.code = code
        self.file = file
        self.params = params or {}


def read_yaml_text(path: Path, limits: Limits = DEFAULT_LIMITS, *, encoding_code: str = "bad_encoding") -> str:
    """The text of a YAML file: bounded in size, strictly UTF-8 (a BOM is allowed)."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise YamlError("это папка, а не файл YAML", None, "not_a_file", str(path), {"value": path.name})
        if size > limits.max_yaml_bytes:
            raise YamlError(f"файл YAML больше {limits.max_yaml_bytes} байт", None, "limit_file_size", str(path),
                            {"size": size, "limit": limits.max_yaml_bytes})
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(f"файл не читается: {exc.strerror or type(exc).__name__}", None, "unreadable_file",
                        str(path), {"detail": exc.strerror or type(exc).__name__}) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError("файл не в кодировке UTF-8 (сохраните его как UTF-8)", line, encoding_code, str(path)) from exc


#: libyaml's parser when PyYAML was built with it: ~10x faster, and it bounds nesting itself.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, file: str | None = None, limits: Limits = DEFAULT_LIMITS) -> tuple[yaml.Node | None, Any]:
    """The node graph of one document and the loader holding it (call ``loader.dispose()``)."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        loader.dispose()
        mark = exc.problem_mark or exc.context_mark
        if "nesting depth" in str(exc.problem or ""):  # libyaml's own bound on nesting
            raise YamlError(f"вложенность YAML больше {limits.yaml_max_depth} уровней", mark.line + 1 if mark else None,
                            "limit_yaml_depth", file, {"limit": limits.yaml_max_depth}) from exc
        raise YamlError(f"синтаксис YAML: {exc.problem or exc}", mark.line + 1 if mark else None,
                        file=file, params={"detail": str(exc.problem or exc)}) from exc
    except yaml.YAMLError as exc:
        loader.dispose()
        raise YamlError(f"синтаксис YAML: {exc}", None, file=file, params={"detail": str(exc)}) from exc
    except RecursionError as exc:
        loader.dispose()
        raise YamlError(f"вложенность YAML больше {limits.yaml_max_depth} уровней", None, "limit_yaml_depth",
                        file, {"limit": limits.yaml_max_depth}) from exc
    if node is not None:
        try:
            measure(node, limits, file)
        except YamlError:
            loader.dispose()
            raise
    return node, loader


def measure(root: yaml.Node, limits: Limits = DEFAULT_LIMITS, file: str | None = None) -> None:
    """Check alias uses, expanded size and depth of a composed document, without recursion.

    Nodes are visited in document order, so the first visit of a shared node is its
    anchor and every later one an alias, reported at the line of the node using it.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    on_stack: set[int] = set()
    aliases = 0
    # (node, post-order?, line of the parent: where an alias is used, not where its anchor is)
    stack: list[tuple[yaml.Node, bool, int]] = [(root, False, root.start_mark.line + 1)]
    while stack:
        node, done, used_at = stack.pop()
        key = id(node)
        if done:
            on_stack.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            line = node.start_mark.line + 1
            if sizes[key] > limits.yaml_max_nodes:
                raise YamlError(f"после раскрытия алиасов больше {limits.yaml_max_nodes} узлов", line,
                                "limit_yaml_nodes", file, {"limit": limits.yaml_max_nodes})
            if depths[key] > limits.yaml_max_depth:
                raise YamlError(f"вложенность больше {limits.yaml_max_depth} уровней", line, "limit_yaml_depth",
                                file, {"limit": limits.yaml_max_depth})
            continue
        if key in sizes:  # seen before: an alias
            aliases += 1
            if aliases > limits.yaml_max_aliases:
                raise YamlError(f"больше {limits.yaml_max_aliases} алиасов", used_at, "limit_yaml_aliases", file,
                                {"limit": limits.yaml_max_aliases})
            continue
        if key in on_stack:
            raise YamlError("алиас ссылается на узел, внутри которого стоит (рекурсия)", used_at,
                            file=file, params={"detail": "рекурсивный алиас"})
        if len(on_stack) >= limits.yaml_max_depth:
            raise YamlError(f"вложенность больше {limits.yaml_max_depth} уровней", node.start_mark.line + 1,
                            "limit_yaml_depth", file, {"limit": limits.yaml_max_depth})
        on_stack.add(key)
        stack.append((node, True, used_at))
        line = node.start_mark.line + 1
        stack.extend((child, False, line) for child in reversed(_children(node)))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load_yaml(text: str, file: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``yaml.safe_load`` within the limits; raise :class:`YamlError` with the line."""
    node, loader = compose(text, file, limits)
    try:
        if node is None:
            return None
        try:
            return loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise YamlError(f"YAML: {exc.problem or exc}", mark.line + 1 if mark else None, file=file,
                            params={"detail": str(exc.problem or exc)}) from exc
        except (TypeError, ValueError, OverflowError) as exc:  # e.g. a timestamp out of range
            raise YamlError(f"YAML: значение не читается ({type(exc).__name__})", node.start_mark.line + 1,
                            file=file, params={"detail": type(exc).__name__}) from exc
    finally:
        loader.dispose()
