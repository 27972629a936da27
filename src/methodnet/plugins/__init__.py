"""Plugins: the hook specifications, the registry and the manager.

Write a plugin by implementing hooks of :mod:`methodnet.plugins.hookspecs` with
``@hookimpl``; see ``docs/plugins.md`` and ``examples/plugin-example/``. Building the
registry of installed plugins is :func:`methodnet.plugins.manager.load_registry` — the top
layer's job; this package (what plugins import) does not import the manager.
"""

from methodnet.plugins.hookspecs import hookimpl
from methodnet.plugins.registry import (
    Finding,
    IndicatorKind,
    PluginError,
    PluginRegistrar,
    PluginRegistry,
    Population,
    RuleKind,
)

__all__ = ["Finding", "IndicatorKind", "PluginError", "PluginRegistrar", "PluginRegistry", "Population",
           "RuleKind", "hookimpl"]

