"""Load plugins — the core first, then entry points one by one — and build the registry.

This is the top of the plugin machinery: only the top layer (the CLI, :mod:`methodnet.api`,
``methodnet.load``) calls :func:`load_registry`; everything below receives the registry it
works with — a :class:`~methodnet.dataset.Dataset` carries the one it was loaded with.

Order, as in pytest: the host registers its own defaults as a plugin (``core``, loaded by
its module name like any plugin, so this module does not import the engine or rules), then
the entry points of group ``methodnet`` (each loaded on its own, so one broken plugin is
reported by name instead of breaking the others' import), then plugins given in code,
then ``check_pending()`` rejects hook implementations with misspelled names.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

import pluggy

from methodnet.plugins import hookspecs
from methodnet.plugins.registry import PluginError, PluginRegistrar, PluginRegistry

GROUP = "methodnet"
#: The core's plugin, by module name: it sits above the engine and rules it registers.
CORE_PLUGIN = "methodnet.plugins.core"
#: The hooks, in the order they are called: those :mod:`methodnet.plugins.hookspecs` declares.
HOOKS = tuple(name for name, obj in vars(hookspecs).items()
              if name.startswith(f"{hookspecs.PROJECT}_") and inspect.isfunction(obj))


def _disabled_from_env() -> frozenset[str]:
    """``METHODNET_DISABLE_PLUGINS=amur,penza`` leaves those entry points out."""
    return frozenset(p.strip() for p in os.environ.get("METHODNET_DISABLE_PLUGINS", "").split(",") if p.strip())


def plugin_manager(plugins: Iterable[Any] = (), *, use_entry_points: bool = True,
                   disabled: Iterable[str] = ()) -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(import_module(CORE_PLUGIN), name="core")
    skip = set(disabled) | _disabled_from_env()
    if use_entry_points:
        for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
            if ep.name in skip or pm.has_plugin(ep.name):
                continue
            try:
                module = ep.load()
            except Exception as exc:  # an import error, or anything the module raises at import
                raise PluginError(ep.name, f"не загружается ({ep.value}): {type(exc).__name__}: {exc}") from exc
            _register(pm, module, ep.name)
    for plugin in plugins:
        name = getattr(plugin, "PLUGIN_NAME", None) or getattr(plugin, "__name__", None) or repr(plugin)
        _register(pm, plugin, name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(getattr(exc, "plugin_name", "?"), f"неизвестный хук: {exc}") from exc
    return pm


def _register(pm: pluggy.PluginManager, plugin: Any, name: str) -> None:
    try:
        pm.register(plugin, name=name)
    except ValueError as exc:  # pluggy: the name or object is already registered
        raise PluginError(name, f"уже зарегистрирован: {exc}", other=name) from exc
    except pluggy.PluginValidationError as exc:
        raise PluginError(name, f"неверная реализация хука: {exc}") from exc


def build_registry(plugins: Iterable[Any] = (), *, use_entry_points: bool = True,
                   disabled: Iterable[str] = ()) -> PluginRegistry:
    """Registry of the core, the installed entry points (minus ``disabled``) and ``plugins``."""
    pm = plugin_manager(plugins, use_entry_points=use_entry_points, disabled=disabled)
    registry = PluginRegistry(plugins=[name for name, _ in pm.list_name_plugin()])
    for hook_name in HOOKS:
        caller = getattr(pm.hook, hook_name)
        # Each plugin's hook on its own, oldest registration first (the core before the rest).
        for impl in caller.get_hookimpls():
            registrar = PluginRegistrar(registry, impl.plugin_name)
            try:
                result = impl.function(registry=registrar)
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(impl.plugin_name, f"{hook_name} выдал ошибку {type(exc).__name__}: {exc}") from exc
            if result is not None:
                raise PluginError(impl.plugin_name, f"{hook_name} должен ничего не возвращать, а вернул "
                                                    f"{type(result).__name__}; используйте registry.add_…")
    return registry


@lru_cache(maxsize=1)
def load_registry() -> PluginRegistry:
    """The registry of everything installed (cached for the process): the top layer's default."""
    return build_registry()
