"""The Dataset: validated columnar tables of one municipality or a whole region.

A Dataset is only ever built through validation: every table has exactly its declared
columns and types, keys are unique and references resolve. If anything is wrong the
constructor functions raise :class:`~methodnet.errors.DataError` with the whole report;
nothing loads partially. Warnings (e.g. a table with no rows) stay in ``report``.

A Dataset carries the plugin registry it was loaded with (``dataset.plugins``): the
tables it holds, the loaders that read it, and the indicator and rule kinds the engine
and the rules use on it. Without one given, the installed plugins are loaded here — this
module is a facade of the top layer; the layers below see a Dataset only as a type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel

from methodnet.errors import DataError, Problem, ProblemReport
from methodnet.io.frames import raw_from_frame, raw_from_records
from methodnet.io.consistency import check_consistency
from methodnet.io.integrity import LoadedTable, check_dataset
from methodnet.io.validate import ROW, LoadOptions, RawTable, coerce_tables
from methodnet.model.entities import Entity
from methodnet.model.spec import TableRegistry, TableSpec
from methodnet.plugins.manager import load_registry
from methodnet.plugins.registry import PluginRegistry

if TYPE_CHECKING:
    from methodnet.summary import Summary


def default_registry() -> TableRegistry:
    """Tables datasets hold by default: the core's and those of installed plugins."""
    return tables_of(load_registry())


@functools.cache
def tables_of(plugins: PluginRegistry) -> TableRegistry:
    """The tables of a plugin registry (built once per registry)."""
    return plugins.table_registry()


def _resolve(registry: TableRegistry | None, plugins: PluginRegistry | None,
             profile: Any = None) -> tuple[TableRegistry, PluginRegistry]:
    """The tables and plugins a dataset is built with: those given, else the installed plugins'.

    ``profile`` (a Profile, its id or path): the tables also accept the members it adds to
    vocabularies (``organization_kinds: {cnppm: ЦНППМ}``).
    """
    plugins = plugins if plugins is not None else load_registry()
    registry = registry if registry is not None else tables_of(plugins)
    if profile is None:
        return registry, plugins
    if isinstance(profile, (str, Path)):
        from methodnet.profile.loader import load_profile

        profile = load_profile(profile, plugins=plugins)
    return profile.table_registry(registry), plugins


def build(raws: Iterable[RawTable], *, registry: TableRegistry | None = None,
          options: LoadOptions | None = None, report: ProblemReport | None = None,
          tables: Iterable[str] | None = None, plugins: PluginRegistry | None = None) -> "Dataset":
    """Validate raw tables into a Dataset, or raise :class:`DataError` with every problem.

    ``raws`` is a list, or an iterator read one table at a time that yields ``dataset_info``
    (if any) first, as :func:`methodnet.io.readers.iter_path` does. ``tables`` keeps only those tables (the others are left empty and references into them
    are not checked): what an evaluation needs, without reading the rest.
    """
    registry, plugins = _resolve(registry, plugins)
    options = options or LoadOptions()
    report = report if report is not None else ProblemReport(limit=options.limit)
    selected = set(tables) if tables is not None else None
    stream = (r for r in raws if selected is None or r.spec.name in selected)
    if isinstance(raws, (list, tuple)):  # all in memory already: dataset_info may come anywhere
        head: list[RawTable] = list(stream)
        rest: Iterator[RawTable] = iter(())
    else:  # read one table at a time (read_path yields dataset_info first)
        head = [first] if (first := next(stream, None)) is not None else []
        rest = stream
    as_of, as_of_source = _dataset_date(head, report, options)
    options = dataclasses.replace(options, today=as_of)  # "in the future" means after the data's date
    loaded: dict[str, LoadedTable] = {}
    seen: dict[str, RawTable] = {}
    failed: set[str] = set()
    for raw in itertools.chain(head, rest):
        name = raw.spec.name
        if name == "dataset_info" and not any(raw is h for h in head):
            raise ValueError("a stream of raw tables must yield dataset_info first")
        if name in seen:
            earlier = seen[name].source
            report.add(Problem("duplicate_table", file=raw.source.file, sheet=raw.source.sheet, table=name,
                               value=f"{earlier.file or ''} {earlier.sheet or ''}".strip(),
                               hint="объедините данные в одну таблицу"))
            failed.add(name)
            continue
        seen[name] = raw
        # A header-only file is worth a warning; an unfilled sheet of the intake form is not
        # (the form has a sheet for every table the profile may use, most stay empty).
        if raw.frame.height == 0 and raw.headers and not raw.source.sheet:
            report.add(Problem("no_rows", severity="warning", file=raw.source.file,
                               sheet=raw.source.sheet, table=name))
        # Typed as soon as read, and its raw columns let go: the peak is the typed tables plus
        # one raw table, not every table twice (national scale: 2.3 GB → 1.2 GB).
        (typed, ok), = coerce_tables([raw], report, options, consume=True)
        loaded[name] = LoadedTable(typed, raw.source, raw.headers)
        if not ok:
            failed.add(name)
    unselected = set() if selected is None else set(registry.names) - selected
    check_dataset(loaded, registry, report, options, skip_targets=failed | unselected)
    if not failed:
        check_consistency(loaded, as_of, report)
    if not report.valid:
        raise DataError(report)
    return Dataset({n: t.frame.drop(ROW) for n, t in loaded.items()}, registry=registry, plugins=plugins,
                   report=report, as_of=as_of, as_of_source=as_of_source)


def _dataset_date(raws: list[RawTable], report: ProblemReport, options: LoadOptions) -> tuple[dt.date, str]:
    """The dataset's date: ``options.as_of`` (``--at``), else ``dataset_info.as_of``, else ``options.today``.

    ``dataset_info`` is validated here, first, because every other table's date checks
    depend on it. Returns the date and where it came from (``option``, ``data``, ``calendar``).
    """
    info = next((r for r in raws if r.spec.name == "dataset_info"), None)
    stated: dt.date | None = None
    if info is not None and info.frame.height:
        probe = ProblemReport(limit=options.limit)
        (typed, ok), = coerce_tables([info], probe, dataclasses.replace(options, max_future_years=100))
        if ok and typed.height == 1:
            stated = typed["as_of"][0]
        elif ok:
            report.add(Problem("dataset_info_rows", file=info.source.file, sheet=info.source.sheet,
                               table="dataset_info", value=str(typed.height),
                               hint="оставьте одну строку: дату, на которую собраны данные"))
    if options.as_of is not None:
        return options.as_of, "option"
    if stated is not None:
        return stated, "data"
    return options.today, "calendar"


class Dataset:
    """Validated tables. Build one with :meth:`load`, :meth:`from_records` or :meth:`from_frames`.

    Tables are Polars DataFrames (``dataset["staff"]``); every declared table is present,
    empty when the input did not have it. ``plugins`` is the plugin registry the data were
    loaded with (the installed plugins unless one is given); ``registry`` its tables.
    """

    def __init__(self, tables: Mapping[str, pl.DataFrame], *, registry: TableRegistry | None = None,
                 plugins: PluginRegistry | None = None, report: ProblemReport | None = None,
                 as_of: dt.date | None = None, as_of_source: str = "calendar") -> None:
        # Internal: callers pass frames that went through validation (see build()).
        self.registry, self.plugins = _resolve(registry, plugins)
        self.report = report or ProblemReport()
        self._tables = {spec.name: tables.get(spec.name, spec.empty()) for spec in self.registry}
        #: The day the data were collected (DESIGN §4): "in progress", consistency checks and
        #: statuses without a date of their own are read against it, never against the calendar.
        self.as_of: dt.date = as_of or dt.date.today()
        #: Where ``as_of`` came from: ``data`` (``dataset_info``), ``option`` (``--at``) or ``calendar``.
        self.as_of_source = as_of_source

    def provided(self, name: str) -> bool:
        """Whether the data hold any row of a table (an absent table and an empty one alike)."""
        return name in self._tables and self._tables[name].height > 0

    # ------------------------------------------------------------------ building

    @classmethod
    def from_records(cls, records: Mapping[str, Iterable[Mapping[str, Any] | BaseModel]], *,
                     registry: TableRegistry | None = None, options: LoadOptions | None = None,
                     plugins: PluginRegistry | None = None, profile: Any = None) -> "Dataset":
        """From ``{table: [dict or pydantic record, …]}`` (``profile``: see :meth:`load`)."""
        registry, plugins = _resolve(registry, plugins, profile)
        if not isinstance(records, Mapping):
            report = ProblemReport()
            report.add(Problem("not_a_record", hint="ожидается словарь {таблица: [записи]}"))
            raise DataError(report)
        return build([raw_from_records(_spec(registry, name), rows) for name, rows in records.items()],
                     registry=registry, options=options, plugins=plugins)

    @classmethod
    def from_frames(cls, frames: Mapping[str, Any], *, registry: TableRegistry | None = None,
                    options: LoadOptions | None = None, plugins: PluginRegistry | None = None,
                    profile: Any = None) -> "Dataset":
        """From ``{table: Polars or pandas DataFrame}`` (columns named in English, Russian or by alias)."""
        registry, plugins = _resolve(registry, plugins, profile)
        if not isinstance(frames, Mapping):
            report = ProblemReport()
            report.add(Problem("not_a_record", hint="ожидается словарь {таблица: DataFrame}"))
            raise DataError(report)
        return build([raw_from_frame(_spec(registry, name), df) for name, df in frames.items()],
                     registry=registry, options=options, plugins=plugins)

    @classmethod
    def load(cls, path: str | Path, *, registry: TableRegistry | None = None,
             options: LoadOptions | None = None, tables: Iterable[str] | None = None,
             plugins: PluginRegistry | None = None, profile: Any = None) -> "Dataset":
        """From a folder (CSV, Parquet, JSON or YAML files), an XLSX workbook, or one JSON/YAML file.

        ``tables`` loads only those (e.g. ``methodnet.api.tables_for(profile)``):
        files of other tables in a folder are not even read. ``plugins``: the plugin registry
        whose tables and loaders read the data (the installed plugins by default); the
        dataset carries it on to the engine and the rules. ``profile`` (a Profile, its id or
        path) accepts the members it adds to vocabularies (``organization_kinds: {cnppm: ЦНППМ}``);
        without it such values are errors like any value outside the vocabulary.
        """
        from methodnet.io.readers import iter_path

        registry, plugins = _resolve(registry, plugins, profile)
        options = options or LoadOptions()
        report = ProblemReport(limit=options.limit)
        selected = set(tables) if tables is not None else None
        raws = iter_path(Path(path), registry, report, selected, limits=options.limits, loaders=plugins.loaders)
        return build(raws, registry=registry, options=options, report=report, tables=selected, plugins=plugins)

    # ------------------------------------------------------------------ access

    def __getitem__(self, name: str) -> pl.DataFrame:
        if name not in self._tables:
            raise KeyError(f"no table {name!r}; tables: {', '.join(self._tables)}")
        return self._tables[name]

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    @property
    def tables(self) -> dict[str, pl.DataFrame]:
        return dict(self._tables)

    def spec(self, name: str) -> TableSpec:
        return self.registry[name]

    def records(self, name: str) -> list[Entity]:
        """The rows of a table as pydantic records (for small tables and services)."""
        model = self.registry[name].model
        return [model.model_validate(row) for row in self._tables[name].iter_rows(named=True)]

    def to_records(self) -> dict[str, list[dict[str, Any]]]:
        """Non-empty tables as lists of dicts (dates as ``datetime.date``)."""
        return {n: df.to_dicts() for n, df in self._tables.items() if df.height}

    def counts(self) -> dict[str, int]:
        return {n: df.height for n, df in self._tables.items()}

    def equals(self, other: "Dataset") -> bool:
        """Same tables with the same rows in the same order."""
        return self._tables.keys() == other._tables.keys() and all(
            df.equals(other._tables[n]) for n, df in self._tables.items()
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dataset) and self.equals(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        filled = {n: h for n, h in self.counts().items() if h}
        return f"Dataset({', '.join(f'{n}={h}' for n, h in filled.items())})"

    # ------------------------------------------------------------------ summary and writing

    def summary(self, at: dt.date | None = None) -> "Summary":
        from methodnet.summary import summarize

        return summarize(self, at or self.as_of)

    def write(self, path: str | Path, format: str | None = None, **options: Any) -> Path:
        """Write to ``csv``, ``xlsx``, ``parquet``, ``json`` or ``yaml`` (guessed from ``path``)."""
        from methodnet.io.writers import write_dataset

        return write_dataset(self, Path(path), format, **options)


def _spec(registry: TableRegistry, name: str) -> TableSpec:
    resolved = registry.resolve(name)
    if resolved is None:
        report = ProblemReport()
        from methodnet.model.vocab import closest

        guess = closest(name, registry.names)
        report.add(Problem("unknown_table", value=name, hint=f"возможно, «{guess}»" if guess else None))
        raise DataError(report)
    return registry[resolved]

