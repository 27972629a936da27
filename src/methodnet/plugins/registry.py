"""What plugins contribute, collected in one registry.

:class:`PluginRegistry` holds every table, indicator kind, rule kind, profile folder and
loader, each tagged with the plugin that gave it. Hooks never see it directly: each gets
a :class:`PluginRegistrar` bound to its plugin's name, so a duplicate is reported with
both plugins' names and a wrong argument with the offending plugin's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar, overload

import polars as pl
from pydantic import BaseModel

from methodnet.errors import MethodnetError
from methodnet.model.base import Entity

if TYPE_CHECKING:  # for the signatures only: the registry does not use io or profiles at run time
    from methodnet.errors import ProblemReport
    from methodnet.io.validate import RawTable
    from methodnet.model.spec import TableRegistry
    from methodnet.profile.model import RuleEntry


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


#: The indicator a compute function gets: a profile's indicator model (``PluginIndicator`` for a
#: plugin's kind, whose ``params`` the plugin's model checks; the core's kinds get their own models).
IndicatorT = TypeVar("IndicatorT", bound=BaseModel)
#: The parameters a kind's function gets: an instance of the ``params=`` model it was registered with.
ParamsT = TypeVar("ParamsT", bound=BaseModel)



class KindContextShape(Protocol):
    """What the registry knows of the context a kind's ``compute`` gets — :class:`methodnet.KindContext`,
    defined by the engine above this module: enough for mypy to tell it from a rule's context."""

    @property
    def periods(self) -> Sequence[object]: ...

    @property
    def by(self) -> Sequence[str]: ...


class RuleContextShape(Protocol):
    """What the registry knows of the context a rule's ``check`` gets — :class:`methodnet.RuleContext`."""

    @property
    def at(self) -> dt.date: ...

    def need(self, *tables: str) -> None: ...


#: The context a plugin's function annotates (:class:`methodnet.KindContext`, :class:`methodnet.RuleContext`).
KindContextT = TypeVar("KindContextT", bound=KindContextShape)
RuleContextT = TypeVar("RuleContextT", bound=RuleContextShape)

_C = TypeVar("_C")
_I = TypeVar("_I")
_P = TypeVar("_P")
#: ``compute(ctx, indicator, params) -> Population``, typed by the context, indicator and params models.
Compute: TypeAlias = Callable[[_C, _I, _P], Population]
#: ``check(ctx, rule, params) -> [Finding]``: a rule kind's check.
Check: TypeAlias = Callable[[_C, "RuleEntry", _P], list[Finding]]
#: ``read(path, tables, report) -> [RawTable]``: a loader of files with one suffix.
Read: TypeAlias = Callable[[Path, "TableRegistry", "ProblemReport"], Iterable["RawTable"]]


@dataclass(frozen=True)
class IndicatorKind:
    """A registered indicator kind. ``compute`` is None for kinds the engine evaluates itself
    (ratio, derived…); its indicator and params types are erased here (one registry holds all
    kinds): the engine passes the indicator as loaded and params checked by ``params``."""

    name: str
    compute: Callable[[Any, Any, Any], Population] | None
    params: type[BaseModel] | None
    plugin: str
    description: str = ""
    evaluation: str = "population"  # population / ratio / derived (the last two: handled by the engine)
    #: tables the kind reads beyond those its expressions name (None: not declared — every
    #: table of its plugin is then taken as needed)
    tables: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RuleKind:
    """A registered rule kind; ``check`` gets params checked by ``params`` (the raw dict without one)."""

    name: str
    check: Callable[[Any, "RuleEntry", Any], list[Finding]]
    params: type[BaseModel] | None
    plugin: str
    description: str = ""
    #: tables the rule reads (None: not declared — every table of its plugin is then taken as needed)
    tables: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Loader:
    suffix: str
    read: Read
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

    def table_registry(self) -> TableRegistry:
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


def _check_name(plugin: str, what: str, name: object, qualified: bool) -> None:
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
        """Add a table: an :class:`~methodnet.model.Entity` subclass with ``meta = TableMeta(...)``."""
        if not (isinstance(entity, type) and issubclass(entity, Entity) and hasattr(entity, "meta")):
            raise PluginError(self.plugin, f"add_table ожидает класс-наследник Entity с meta, получено {entity!r}")
        name = entity.meta.name
        if name in self._registry.tables:
            raise PluginError(self.plugin, f"таблица «{name}» уже объявлена", other=self._registry.tables[name][1])
        self._registry.tables[name] = (entity, self.plugin)

    @overload
    def add_indicator_kind(self, name: str, compute: Compute[KindContextT, IndicatorT, ParamsT], *,
                           params: type[ParamsT],
                           description: str = "", evaluation: str = "population",
                           tables: Iterable[str] | None = None) -> None: ...

    @overload
    def add_indicator_kind(self, name: str, compute: Compute[KindContextT, IndicatorT, None] | None,
                           *, params: None = None, description: str = "", evaluation: str = "population",
                           tables: Iterable[str] | None = None) -> None: ...

    def add_indicator_kind(self, name: str, compute: Compute[Any, Any, Any] | None, *,
                           params: type[BaseModel] | None = None, description: str = "",
                           evaluation: str = "population", tables: Iterable[str] | None = None) -> None:
        """Register an indicator kind ``name`` (``"<plugin>.<kind>"``).

        :param compute: ``compute(ctx, indicator, params)`` returns the :class:`Population`; None for a
            kind the engine evaluates itself (``evaluation`` other than ``"population"``).
        :param params: the pydantic model of the indicator's ``params:``; ``compute`` gets an instance
            (None without a model).
        :param description: a Russian line for ``methodnet plugins`` and the profile schema.
        :param evaluation: ``population`` (through ``compute``), or the engine's own ``ratio``/``derived``/``result``.
        :param tables: the tables it reads beyond its expressions' (the intake form gets a sheet for
            each, and an evaluation loads them).
        """
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

    @overload
    def add_rule_kind(self, name: str, check: Check[RuleContextT, ParamsT], *, params: type[ParamsT],
                      description: str = "", tables: Iterable[str] | None = None) -> None: ...

    @overload
    def add_rule_kind(self, name: str, check: Check[RuleContextT, dict[str, Any]], *, params: None = None,
                      description: str = "", tables: Iterable[str] | None = None) -> None: ...

    def add_rule_kind(self, name: str, check: Check[Any, Any], *, params: type[BaseModel] | None = None,
                      description: str = "", tables: Iterable[str] | None = None) -> None:
        """Register a rule kind ``name`` (``"<plugin>.<kind>"``).

        :param check: ``check(ctx, rule, params)`` returns the rule's findings (a list of :class:`Finding`).
        :param params: the pydantic model of the rule's ``params:``; without one ``check`` gets the dict.
        :param description: a Russian line for ``methodnet plugins`` and the profile schema.
        :param tables: the tables its check reads (for the form and loading).
        """
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
        """Add a folder of profile YAML files (searched after the core's and the earlier plugins')."""
        folder = Path(path)
        if not folder.is_dir():
            raise PluginError(self.plugin, f"папки профилей «{folder}» нет")
        self._registry.profile_folders.append((folder, self.plugin))

    def add_loader(self, suffix: str, read: Read) -> None:
        """Read files ending in ``suffix`` (``".dbf"``) with ``read(path, tables, report)``.

        :param read: returns raw tables (:func:`methodnet.io.frames.raw_from_records`/``raw_from_frame``);
            ``tables`` is the dataset's table registry, ``report`` collects located problems.
        """
        if not isinstance(suffix, str) or not suffix.startswith("."):
            raise PluginError(self.plugin, f"расширение загрузчика должно начинаться с точки, а не {suffix!r}")
        if not callable(read):
            raise PluginError(self.plugin, f"загрузчик «{suffix}»: read должен быть функцией")
        if suffix in self._registry.loaders:
            raise PluginError(self.plugin, f"загрузчик «{suffix}» уже зарегистрирован",
                              other=self._registry.loaders[suffix].plugin)
        self._registry.loaders[suffix] = Loader(suffix, read, self.plugin)
