"""JSON Schema files generated from the model, committed under ``schemas/``.

Editors and other tools validate data files against them. They are generated, never
edited by hand: ``methodnet schemas`` rewrites them, and a test fails when the
committed copies no longer match the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from methodnet.model.spec import TableRegistry
from methodnet.plugins.registry import PluginRegistry

#: Where the schemas live inside the installed package (``schemas/`` in a checkout links here).
SCHEMA_DIR = Path(__file__).parent / "schemas"


def generated(registry: TableRegistry | None = None, plugins: PluginRegistry | None = None) -> dict[str, dict[str, Any]]:
    """Relative path → schema, for every file the model defines (the installed plugins' by default)."""
    from methodnet.dataset import tables_of
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.loader import profile_schema

    plugins = plugins if plugins is not None else load_registry()
    registry = registry or tables_of(plugins)
    files = {"dataset.schema.json": registry.json_schema(), "profile.schema.json": profile_schema(plugins)}
    for spec in registry:
        files[f"data/{spec.name}.schema.json"] = spec.json_schema()
    return files


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(target: Path = SCHEMA_DIR) -> list[Path]:
    written = []
    for relative, schema in generated().items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(schema), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(target: Path = SCHEMA_DIR) -> list[str]:
    """Schema files that are missing or differ from what the model generates."""
    stale = []
    for relative, schema in generated().items():
        path = target / relative
        if not path.exists() or path.read_text(encoding="utf-8") != _dump(schema):
            stale.append(relative)
    return stale
