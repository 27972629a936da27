"""What the engine's parts see of the engine that calls them.

The kinds, the one-pass plans, the assembly of results and :class:`~methodnet.engine.result.Evaluation`
are called by :class:`methodnet.engine.evaluate.Engine` and read a few of its attributes. They
name this protocol rather than the class, so no part imports the module above it, not even
for annotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import polars as pl

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.expr.compile import Frames, Window
    from methodnet.expr.formula import Formula
    from methodnet.expr.nodes import Expression
    from methodnet.model.periods import Period
    from methodnet.model.spec import TableRegistry
    from methodnet.plugins.registry import IndicatorKind
    from methodnet.profile.model import Indicator, Profile


class EngineLike(Protocol):
    """A profile bound to a dataset, its expressions parsed (see :class:`~methodnet.engine.evaluate.Engine`)."""

    profile: Profile
    dataset: Dataset
    registry: TableRegistry
    expressions: dict[tuple[str, tuple[str, ...]], Expression]
    formulas: dict[str, Formula]
    modes: dict[str, str]
    result_order: list[str]
    _closures: pl.DataFrame | None

    def frames(self, windows: Window | Sequence[Window], records: str = "active") -> Frames: ...

    def kind(self, ind: Indicator) -> IndicatorKind | None: ...

    def explain(self, indicator: str, period: str | Period, *, group: str | None = None,
                group_by: str | None = None, names: bool = False) -> pl.DataFrame: ...
