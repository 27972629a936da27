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

#: Where the schemas live inside the installed package (``schemas/`` in a checkout links here).
SCHEMA_DIR = Path(__file__).parent / "schemas"


def generated(registry: TableRegistry | None = None) -> dict[str, dict[str, Any]]:
    """Relative path → schema, for every file the model defines."""
    from methodnet.dataset import default_registry

    registry = registry or default_registry()
    from methodnet.profile.loader import profile_schema

    files = {"dataset.schema.json": registry.json_schema(), "profile.schema.json": profile_schema()}
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
