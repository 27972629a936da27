"""Synthetic datasets: deterministic, realistic, from one municipality to a country.

Names are imported on first use: the CLI builds its ``--scale``/``--example`` choices from
:mod:`methodnet.synth.places` without loading the generator (numpy, polars).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {"DEFAULT_TODAY": "methodnet.synth.common", "SCALES": "methodnet.synth.places",
         "EXAMPLES": "methodnet.synth.places", "generate": "methodnet.synth.generator",
         "generate_tables": "methodnet.synth.generator"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'methodnet.synth' has no attribute {name!r}")


__all__ = sorted(_LAZY)
