"""Plugins: the hook specifications, the registry and the manager.

Write a plugin by implementing hooks of :mod:`methodnet.plugins.hookspecs` with
``@hookimpl``; see ``docs/plugins.md`` and ``examples/plugin-example/``.
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
           "RuleKind", "hookimpl", "load_registry"]


def load_registry() -> PluginRegistry:
    """The registry of the core and every installed plugin (cached): what the top layer passes down.

    Libraries below the top (engine, rules, profile loading) never call this; they take the
    registry from the :class:`~methodnet.dataset.Dataset` or an explicit argument.
    """
    from methodnet.plugins.manager import load_registry as load

    return load()
