"""The hooks a methodnet plugin may implement (project ``methodnet``, entry-point group ``methodnet``).

Every hook receives a registry object and returns nothing: the plugin calls
``registry.add_…`` for what it contributes. methodnet calls each plugin's hook on its
own, so every contribution — and every failure — is attributed to the plugin by name.

A plugin is a module (or object) with functions marked ``@methodnet.plugins.hookimpl``
and named like the hooks below; it needs to implement only the hooks it uses.
Register it with an entry point::

    [project.entry-points.methodnet]
    myregion = "methodnet_myregion.plugin"

or in code with ``build_registry(plugins=[module])`` (services, tests).

The hooks are called in the order they are defined here (tables first: kinds and loaders
may use them); :data:`methodnet.plugins.manager.HOOKS` is read from this module. The
functions a plugin registers are typed: ``compute(ctx: KindContext, indicator, params)``
and ``check(ctx: RuleContext, rule, params)`` (:class:`methodnet.KindContext`,
:class:`methodnet.RuleContext`); mypy checks a plugin's calls against
:class:`~methodnet.plugins.PluginRegistrar`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from methodnet.plugins.registry import PluginRegistrar

PROJECT = "methodnet"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def methodnet_add_tables(registry: "PluginRegistrar") -> None:
    """Contribute tables: ``registry.add_table(EntityClass)``.

    ``EntityClass`` subclasses :class:`methodnet.model.Entity` with a ``meta = TableMeta(...)``;
    its pydantic fields declare the columns, exactly like the core tables. Datasets then
    load, validate and write the table, and expressions can use it.

    :param registry: the registry bound to this plugin; ``registry.add_table`` records each table
        under the plugin's name (a table declared twice names both plugins).
    """


@hookspec
def methodnet_add_indicator_kinds(registry: "PluginRegistrar") -> None:
    """Contribute indicator kinds: ``registry.add_indicator_kind(name, compute, params=Model)``.

    ``name`` is ``"<plugin>.<kind>"`` for plugins (the core's kinds are unqualified).
    ``params`` is a pydantic model of the indicator's ``params:`` in a profile; profiles
    are checked against it when they load, and the generated profile schema includes it.
    ``compute(ctx, indicator, params)`` returns a :class:`methodnet.plugins.Population`:
    ``ctx`` is a :class:`methodnet.KindContext` (frames of the period, ``ctx.population``,
    ``ctx.parse``), ``indicator`` the profile's :class:`~methodnet.profile.model.PluginIndicator`,
    ``params`` an instance of ``Model``.

    :param registry: the registry bound to this plugin; ``registry.add_indicator_kind`` checks the
        name's prefix, that ``compute`` is callable and ``params`` a pydantic model.
    """


@hookspec
def methodnet_add_rule_kinds(registry: "PluginRegistrar") -> None:
    """Contribute rule kinds: ``registry.add_rule_kind(name, check, params=Model)``.

    ``check(ctx, rule, params)`` returns a list of :class:`methodnet.plugins.Finding`:
    ``ctx`` is a :class:`methodnet.RuleContext` (rows as of the check date, ``ctx.need``),
    ``rule`` the profile's :class:`~methodnet.profile.model.RuleEntry`, ``params`` an instance
    of ``Model`` (the rule's raw ``params`` dict when the kind has no model).

    :param registry: the registry bound to this plugin; ``registry.add_rule_kind`` records each kind.
    """


@hookspec
def methodnet_add_profile_folders(registry: "PluginRegistrar") -> None:
    """Contribute folders of profile YAML files: ``registry.add_profile_folder(path)``.

    Profiles there are found by id like the shipped ones (``methodnet profiles`` lists them).

    :param registry: the registry bound to this plugin; ``registry.add_profile_folder`` checks that
        the folder exists.
    """


@hookspec
def methodnet_add_loaders(registry: "PluginRegistrar") -> None:
    """Contribute data loaders: ``registry.add_loader(suffix, read)``.

    ``read(path, tables, report)`` returns a list of raw tables (see
    :func:`methodnet.io.frames.raw_from_frame`) for files with that suffix, e.g. ``.dbf``:
    ``tables`` is the dataset's :class:`~methodnet.model.spec.TableRegistry`, ``report`` the
    :class:`~methodnet.errors.ProblemReport` its located problems go to.

    :param registry: the registry bound to this plugin; ``registry.add_loader`` refuses a suffix
        another plugin reads.
    """
