"""The public functions: one call per step of a methodist's work, the same shapes throughout.

Every function takes a profile as an object or an id (``"seryshevo"``), a dataset, and
``at`` — the date things are judged on — defaulting to the dataset's date (its «Сведения о
данных», else the day it was loaded). They return result
objects that print in Russian, render in Jupyter and convert with ``to_polars()`` /
``to_pandas()``. ``import methodnet`` stays cheap: this module is imported on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from methodnet.dataset import Dataset
    from methodnet.engine.result import Evaluation
    from methodnet.iom.routes import Routes
    from methodnet.profile.model import Profile
    from methodnet.plugins.registry import PluginRegistry
    from methodnet.report.render import MonitoringReport
    from methodnet.rules.check import Findings

ProfileRef = "Profile | str"


def load_profile(ref: "Profile | str | Path", *, plugins: "PluginRegistry | None" = None,
                 **options: Any) -> "Profile":
    """A profile by id (``"seryshevo"``) or path to its YAML; raises ``ProfileError`` listing every problem.

    ``plugins``: the plugin registry whose kinds and profile folders are used — the
    installed plugins by default (this is the top layer: the default is built here).
    ``options`` go to :func:`methodnet.profile.loader.load_profile` (``search``, ``limits``,
    ``extends_files``, ``registry``).
    """
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.loader import load_profile as _load
    from methodnet.profile.model import Profile

    if isinstance(ref, Profile):
        return ref
    return _load(ref if isinstance(ref, Path) else str(ref),
                 plugins=plugins if plugins is not None else load_registry(), **options)


def tables_for(profile: "Profile", plugins: "PluginRegistry | None" = None, *, rules: bool = True) -> list[str]:
    """The tables an evaluation of ``profile`` (and, unless ``rules=False``, a check of its rules)
    reads: load only these with ``Dataset.load(..., tables=…)``.

    From the profile's expressions and the tables its kinds and rules declare, with the
    installed plugins unless ``plugins`` is given.
    """
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.requirements import tables_to_load

    return tables_to_load(profile, plugins if plugins is not None else load_registry(), rules=rules)


def _periods(profile: "Profile", periods: Any, at: dt.date | None) -> list[Any]:
    from methodnet.report import default_periods

    if periods is None:
        return list(default_periods(profile, at or dt.date.today()))
    return [periods] if isinstance(periods, (str, int)) or not isinstance(periods, Sequence) else list(periods)


def evaluate(profile: "Profile | str", dataset: "Dataset", periods: str | Sequence[str] | None = None, *,
             by: str | Sequence[str] | None = None, at: dt.date | None = None) -> "Evaluation":
    """Every indicator of ``profile`` for each period, in total and by each grouping in ``by``.

    ``periods``: ``"2025"``, ``"2024/2025"``, ``"2025-H1"``, ``"2025-01-01..2025-06-30"`` or a
    list; by default every program year up to the year of ``at`` (today).
    """
    from methodnet.engine.evaluate import Engine

    profile = load_profile(profile, plugins=dataset.plugins)
    return Engine(profile, dataset).evaluate(_periods(profile, periods, at or _as_of(dataset)), by)


def _as_of(dataset: "Dataset") -> dt.date:
    """The dataset's date (DESIGN §4): what ``at`` defaults to."""
    return getattr(dataset, "as_of", None) or dt.date.today()


def check(profile: "Profile | str", dataset: "Dataset", *, at: dt.date | None = None) -> "Findings":
    """The profile's rules as of ``at`` (the dataset's date): findings with severity, subject (people by id), source, advice."""
    from methodnet.rules.check import check as _check

    return _check(load_profile(profile, plugins=dataset.plugins), dataset, at or _as_of(dataset))


def build_routes(dataset: "Dataset", people: Sequence[str] | None = None, *, at: dt.date | None = None,
                 profile: "Profile | str | None" = None, hours_per_year: int = 144) -> "Routes":
    """Proposed IOM from each person's latest diagnostic as of ``at`` (everyone with deficits by default).

    ``profile`` supplies the thresholds of a young teacher (mentoring steps). Raises
    :class:`~methodnet.errors.UnknownPersonError` for an id that is not a working person.
    """
    from methodnet.iom import BuilderOptions, IomBuilder
    from methodnet.iom.routes import Routes

    at = at or _as_of(dataset)
    options = BuilderOptions(hours_per_year=hours_per_year)
    if profile is not None:
        p = load_profile(profile, plugins=dataset.plugins).parameters
        options = BuilderOptions(hours_per_year=hours_per_year, young_max_age=p.young_max_age,
                                 young_max_years=p.young_max_years)
    if people:
        _known_people(dataset, people)
    builder = IomBuilder(dataset, options)
    return Routes(builder.build(at, list(people) if people else None), at, builder.competency_names)


def routes_dataset(routes: "Routes", dataset: "Dataset") -> "Dataset":
    """The proposed routes as a Dataset of ``iom`` and ``iom_step`` (what ``methodnet iom --out`` writes).

    Built with ``dataset``'s tables and plugins, so the files load back as data.
    """
    import polars as pl

    from methodnet.dataset import Dataset

    records = routes.to_records()
    frames = {name: pl.DataFrame(rows, schema=dataset.spec(name).schema) if rows else dataset.spec(name).empty()
              for name, rows in records.items()}
    return Dataset(frames, registry=dataset.registry, plugins=dataset.plugins, as_of=routes.at)


def _known_people(dataset: "Dataset", people: Sequence[str]) -> None:
    from methodnet.errors import UnknownPersonError

    known = set(dataset["staff"]["id"].to_list())
    missing = [pid for pid in people if pid not in known]
    if missing:
        raise UnknownPersonError(missing)


def make_report(profile: "Profile | str", dataset: "Dataset", periods: str | Sequence[str] | None = None, *, at: dt.date | None = None,
                by: str | Sequence[str] | None = None, findings: bool = True,
                routes: bool = True) -> "MonitoringReport":
    """The report a methodist submits: indicators against targets, findings per rule, routes in aggregate.

    Write it with :func:`methodnet.report.write_report` (``.html``, ``.md``, ``.xlsx``, ``.json``,
    ``.csv``); in Jupyter it shows as the HTML page.
    """
    from methodnet.report import make_report as _make

    profile = load_profile(profile, plugins=dataset.plugins)
    at = at or _as_of(dataset)
    by_list = [by] if isinstance(by, str) else (list(by) if by else None)
    return _make(profile, dataset, _periods(profile, periods, at) if periods is not None else None, at=at,
                 by=by_list, with_findings=findings, with_routes=routes)


@dataclass(frozen=True)
class Explanation:
    """Who was in an indicator's population for a period and whether each counted (ids only by default).

    ``frame``: ``id``, ``counted`` and the population's own columns the indicator's
    condition reads; ``period`` is the period used (the first evaluated one unless asked).
    """

    indicator: str
    name: str
    period: str
    start: dt.date
    end: dt.date
    frame: "pl.DataFrame"
    columns: tuple[str, ...]

    @property
    def counted(self) -> int:
        return int(self.frame["counted"].sum())

    def to_polars(self) -> "pl.DataFrame":
        return self.frame

    def to_pandas(self) -> Any:
        return self.frame.to_pandas()

    def __len__(self) -> int:
        return self.frame.height

    def __repr__(self) -> str:
        return (f"<Explanation {self.indicator} за {self.period} ({self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}): "
                f"учтено {self.counted} из {self.frame.height}; столбцы: {', '.join(self.columns) or '—'}>")

    def _repr_html_(self) -> str:
        import html

        return (f"<p>{html.escape(self.name)} — период {html.escape(self.period)} "
                f"({self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}): учтено {self.counted} из {self.frame.height}</p>"
                + self.frame._repr_html_())


def explain(evaluation: "Evaluation", indicator: str, period: str | None = None, *, group: str | None = None,
            group_by: str | None = None, names: bool = False) -> Explanation:
    """Why an indicator has its value: the population as of the period's end and whether each counted.

    Names the period it used (the evaluation's first unless ``period`` is given) and adds
    the population table's columns the indicator's condition reads, so the decision can
    be checked row by row. People appear by id unless ``names=True``.
    """
    from methodnet.model.periods import parse_period

    used = str(period) if period is not None else evaluation.rows[0].period
    frame = evaluation.engine.explain(indicator, used, group=group, group_by=group_by, names=names)
    ind = evaluation.engine.profile.indicator(indicator)
    columns, table = _condition_columns(ind, evaluation.engine.dataset, evaluation.engine.registry)
    if columns and table:
        spec = evaluation.engine.dataset.spec(table)
        extra = evaluation.engine.dataset[table].select(pl_col(spec.key[0]).alias("id"), *columns)
        frame = frame.join(extra, on="id", how="left", maintain_order="left")
    parsed = parse_period(used)
    return Explanation(indicator, ind.name, used, parsed.start, parsed.end, frame, tuple(columns))


def pl_col(name: str) -> Any:
    import polars as pl

    return pl.col(name)


def _condition_columns(ind: Any, dataset: "Dataset", registry: Any = None) -> tuple[list[str], str | None]:
    """Columns of the population table named directly in the indicator's expressions."""
    from methodnet.expr.nodes import walk
    from methodnet.expr.parser import Col, parse_expression
    from methodnet.profile.model import indicator_expressions

    found: list[str] = []
    table = None
    for _path, text, expr_table in indicator_expressions(ind):
        table = table or expr_table
        if expr_table != table:
            continue
        try:
            expression = parse_expression(text, expr_table, registry or dataset.registry, expect=None)
        except Exception:  # noqa: BLE001 - a plugin kind's expression the core cannot read: no extra columns
            continue
        spec = dataset.spec(expr_table)
        for node in walk(expression.root):
            if isinstance(node, Col) and len(node.path) == 1 and node.path[0] in spec.column_names \
                    and node.path[0] not in found and node.path[0] not in spec.key:
                found.append(node.path[0])
    return found, table
