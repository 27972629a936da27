"""What plugins contribute, collected in one registry.

:class:`PluginRegistry` holds every table, indicator kind, rule kind, profile folder and
loader, each tagged with the plugin that gave it. Hooks never see it directly: each gets
a :class:`PluginRegistrar` bound to its plugin's name, so a duplicate is reported with
both plugins' names and a wrong argument with the offending plugin's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel

from methodnet.errors import MethodnetError
from methodnet.model.base import Entity


class PluginError(MethodnetError):
    """A plugin failed to load or registered something wrong; the message names the plugin."""

    def __init__(self, plugin: str, message: str, other: str | None = None) -> None:
        self.plugin = plugin
        self.other = other
        who = f"плагин «{plugin}»" + (f" и плагин «{other}»" if other else "")
        super().__init__(f"{who}: {message}")


@dataclass
class Population:
    """What an indicator kind computes: population rows with a flag or a value, and group keys.

    ``frame`` has ``__hit`` (bool: the row counts) for ``mode="share"``, ``__value`` for
    ``"mean"``, ``"distinct"`` and ``"statistic"``, nothing extra for ``"count"``.
    ``groups`` maps a grouping (``municipality``, ``organization``…) to the column of
    ``frame`` holding its key; ``table`` names the table whose rows these are.
    """

    frame: pl.LazyFrame
    table: str
    mode: str
    groups: dict[str, str] = field(default_factory=dict)
    #: grouping → (list column of keys, list column of hits): a row counts once per key
    #: ("by level": a person is in every level's denominator and a hit where they took part)
    exploded: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)  # slots: a national check builds close to a million of them
class Finding:
    """A rule's finding: what is wrong, about whom, per which act, and what to do."""

    rule: str
    severity: str
    subject_kind: str  # person / organization / municipality / profile
    subject: str
    message: str
    source: str | None = None
    action: str | None = None
    #: the organization the finding is addressed to (its head acts on it), when there is one
    organization: str | None = None
    #: the subject, cycle, program or other group inside the organization it is about
    group: str | None = None
    #: how many people (or rows) it counts; their ids are in ``rows``, shown only when asked
    count: int | None = None
    #: ids of the rows behind the finding (``table``'s key), for ``explain``; never names
    rows: tuple[str, ...] = ()
    table: str | None = None
    #: the period judged (a year), when the finding is about one
    period: str | None = None


@dataclass(frozen=True)
class IndicatorKind:
    name: str
    compute: Callable[..., Any] | None
    params: type[BaseModel] | None
    plugin: str
    description: str = ""
    evaluation: str = "population"  # population / ratio / derived (the last two: handled by the engine)
    #: tables the kind reads beyond those its expressions name (None: not declared — every
    #: table of its plugin is then taken as needed)
    tables: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RuleKind:
    name: str
    check: Callable[..., list[Finding]]
    params: type[BaseModel] | None
    plugin: str
    description: str = ""
    #: tables the rule reads (None: not declared — every table of its plugin is then taken as needed)
    tables: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Loader:
    suffix: str
    read: Callable[..., Any]
    plugin: str


@dataclass(eq=False)  # compared and hashed by identity: one registry per loaded set of plugins
class PluginRegistry:
    """Everything the loaded plugins contribute (the core is one of them, ``core``)."""

    tables: dict[str, tuple[type[Entity], str]] = field(default_factory=dict)
    indicator_kinds: dict[str, IndicatorKind] = field(default_factory=dict)
    rule_kinds: dict[str, RuleKind] = field(default_factory=dict)
    profile_folders: list[tuple[Path, str]] = field(default_factory=list)
    loaders: dict[str, Loader] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)

    def table_registry(self):  # type: ignore[no-untyped-def]
        from methodnet.model.spec import TableRegistry

        return TableRegistry(entity for entity, _ in self.tables.values())

    def indicator_kind(self, name: str) -> IndicatorKind | None:
        return self.indicator_kinds.get(name)

    def plugin_tables(self, plugin: str) -> tuple[str, ...]:
        """The tables ``plugin`` registered."""
        return tuple(name for name, (_, owner) in self.tables.items() if owner == plugin)

    def kind_tables(self, kind: IndicatorKind | RuleKind) -> tuple[str, ...]:
        """The tables an indicator or rule kind reads: what it declared, else all its plugin's tables."""
        return kind.tables if kind.tables is not None else self.plugin_tables(kind.plugin)


def _tables(plugin: str, what: str, tables: Iterable[str] | None) -> tuple[str, ...] | None:
    if tables is None:
        return None
    if isinstance(tables, str) or not all(isinstance(t, str) and t for t in tables):
        raise PluginError(plugin, f"{what}: tables — список имён таблиц, а не {tables!r}")
    return tuple(tables)


def _check_name(plugin: str, what: str, name: Any, qualified: bool) -> None:
    if not isinstance(name, str) or not name:
        raise PluginError(plugin, f"имя {what} должно быть непустой строкой, а не {name!r}")
    if qualified and plugin != "core" and not name.startswith(plugin + "."):
        raise PluginError(plugin, f"имя {what} «{name}» должно начинаться с «{plugin}.»")


class PluginRegistrar:
    """The registry as one plugin sees it: every ``add_…`` is recorded under its name."""

    def __init__(self, registry: PluginRegistry, plugin: str) -> None:
        self._registry = registry
        self.plugin = plugin

    def add_table(self, entity: type[Entity]) -> None:
        if not (isinstance(entity, type) and issubclass(entity, Entity) and hasattr(entity, "meta")):
            raise PluginError(self.plugin, f"add_table ожидает класс-наследник Entity с meta, получено {entity!r}")
        name = entity.meta.name
        if name in self._registry.tables:
            raise PluginError(self.plugin, f"таблица «{name}» уже объявлена", other=self._registry.tables[name][1])
        self._registry.tables[name] = (entity, self.plugin)

    def add_indicator_kind(self, name: str, compute: Callable[..., Any] | None, *,
                           params: type[BaseModel] | None = None, description: str = "",
                           evaluation: str = "population", tables: Iterable[str] | None = None) -> None:
        """Register an indicator kind; ``tables`` — the tables it reads beyond its expressions'
        (the intake form gets a sheet for each, and an evaluation loads them)."""
        _check_name(self.plugin, "вида показателя", name, qualified=True)
        if compute is not None and not callable(compute):
            raise PluginError(self.plugin, f"вид показателя «{name}»: compute должен быть функцией")
        if params is not None and not (isinstance(params, type) and issubclass(params, BaseModel)):
            raise PluginError(self.plugin, f"вид показателя «{name}»: params должен быть моделью pydantic")
        if name in self._registry.indicator_kinds:
            raise PluginError(self.plugin, f"вид показателя «{name}» уже зарегистрирован",
                              other=self._registry.indicator_kinds[name].plugin)
        self._registry.indicator_kinds[name] = IndicatorKind(name, compute, params, self.plugin, description,
                                                             evaluation,
                                                             _tables(self.plugin, f"вид показателя «{name}»", tables))

    def add_rule_kind(self, name: str, check: Callable[..., list[Finding]], *,
                      params: type[BaseModel] | None = None, description: str = "",
                      tables: Iterable[str] | None = None) -> None:
        """Register a rule kind; ``tables`` — the tables its check reads (for the form and loading)."""
        _check_name(self.plugin, "вида правила", name, qualified=True)
        if not callable(check):
            raise PluginError(self.plugin, f"вид правила «{name}»: check должен быть функцией")
        if params is not None and not (isinstance(params, type) and issubclass(params, BaseModel)):
            raise PluginError(self.plugin, f"вид правила «{name}»: params должен быть моделью pydantic")
        if name in self._registry.rule_kinds:
            raise PluginError(self.plugin, f"вид правила «{name}» уже зарегистрирован",
                              other=self._registry.rule_kinds[name].plugin)
        self._registry.rule_kinds[name] = RuleKind(name, check, params, self.plugin, description,
                                                   _tables(self.plugin, f"вид правила «{name}»", tables))

    def add_profile_folder(self, path: str | Path) -> None:
        folder = Path(path)
        if not folder.is_dir():
            raise PluginError(self.plugin, f"папки профилей «{folder}» нет")
        self._registry.profile_folders.append((folder, self.plugin))

    def add_loader(self, suffix: str, read: Callable[..., Any]) -> None:
        if not isinstance(suffix, str) or not suffix.startswith("."):
            raise PluginError(self.plugin, f"расширение загрузчика должно начинаться с точки, а не {suffix!r}")
        if not callable(read):
            raise PluginError(self.plugin, f"загрузчик «{suffix}»: read должен быть функцией")
        if suffix in self._registry.loaders:
            raise PluginError(self.plugin, f"загрузчик «{suffix}» уже зарегистрирован",
                              other=self._registry.loaders[suffix].plugin)
        self._registry.loaders[suffix] = Loader(suffix, read, self.plugin)
