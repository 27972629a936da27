"""The core, registered as a plugin named ``core`` through the same hooks as any other.

Registering the core's tables and kinds this way proves the plugin interface: a
regional pack can do anything the core does.
"""

from __future__ import annotations

from methodnet.plugins.hookspecs import hookimpl
from methodnet.plugins.registry import PluginRegistrar


@hookimpl
def methodnet_add_tables(registry: PluginRegistrar) -> None:
    from methodnet.model import entities  # noqa: F401  (declaring them fills core_entity)
    from methodnet.model.base import core_entity

    for entity in core_entity.entities:
        registry.add_table(entity)


@hookimpl
def methodnet_add_indicator_kinds(registry: PluginRegistrar) -> None:
    from methodnet.engine.kinds import CORE_KINDS

    for name, (compute, evaluation, description, tables) in CORE_KINDS.items():
        registry.add_indicator_kind(name, compute, description=description, evaluation=evaluation, tables=tables)


@hookimpl
def methodnet_add_rule_kinds(registry: PluginRegistrar) -> None:
    from methodnet.rules.core import CORE_RULES

    for name, (check, params, description, tables) in CORE_RULES.items():
        registry.add_rule_kind(name, check, params=params, description=description, tables=tables)


@hookimpl
def methodnet_add_profile_folders(registry: PluginRegistrar) -> None:
    from methodnet.profile.paths import PROFILE_DIR

    registry.add_profile_folder(PROFILE_DIR)
