"""Pytest fixtures for profile and plugin authors (``pytest11`` entry point ``methodnet``).

Installed with methodnet, so a plugin's own tests can use them without imports::

    def test_my_kind(methodnet_plugins, methodnet_profile, methodnet_dataset):
        plugins = methodnet_plugins(my_plugin_module)
        profile = methodnet_profile(PROFILE_YAML, plugins=plugins)
        data = methodnet_dataset({"staff": [...], ...}, plugins=plugins)
        result = methodnet.engine.evaluate.Engine(profile, data, plugins).evaluate("2025")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

#: The reference date fixtures validate data against, so tests do not age.
TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def methodnet_plugins() -> Callable[..., Any]:
    """``methodnet_plugins(*modules, entry_points=False)`` → a plugin registry with the core and ``modules``."""
    from methodnet.plugins.manager import build_registry

    def make(*plugins: Any, entry_points: bool = False, disabled: Iterable[str] = ()) -> Any:
        return build_registry(plugins, use_entry_points=entry_points, disabled=disabled)

    return make


@pytest.fixture
def methodnet_profile(tmp_path: Path) -> Callable[..., Any]:
    """``methodnet_profile(yaml_text, plugins=None)`` → a loaded profile (extends shipped ones)."""
    from methodnet.profile.loader import load_profile

    def make(text: str, plugins: Any = None) -> Any:
        import yaml

        pid = yaml.safe_load(text)["id"]
        path = tmp_path / f"{pid}.yaml"
        path.write_text(text, encoding="utf-8")
        return load_profile(path, plugins=plugins)

    return make


@pytest.fixture
def methodnet_dataset() -> Callable[..., Any]:
    """``methodnet_dataset({table: [records]}, plugins=None)`` → a validated Dataset."""
    from methodnet import Dataset, LoadOptions

    def make(records: Mapping[str, Any], plugins: Any = None) -> Any:
        registry = plugins.table_registry() if plugins is not None else None
        return Dataset.from_records(records, registry=registry, options=LoadOptions(today=TODAY))

    return make
