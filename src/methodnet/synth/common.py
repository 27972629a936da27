"""Shared pieces of the generator: the seeded random source, id and date helpers (scales: :mod:`.places`)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

DEFAULT_TODAY = dt.date(2026, 9, 1)
FIRST_YEAR = 2021


class Gen:
    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = np.random.default_rng(seed)
        self.today = np.datetime64(today, "D")
        self.first = np.datetime64(f"{FIRST_YEAR}-01-01", "D")

    def days(self, n: int, start: np.datetime64, end: np.datetime64 | np.ndarray) -> np.ndarray:
        """Uniform dates in [start, end] (``start``/``end`` scalars or arrays)."""
        span = (np.asarray(end) - np.asarray(start)).astype("int64")
        return np.asarray(start) + (self.rng.random(n) * (np.maximum(span, 0) + 1)).astype("int64")

    def pick(self, values: list | tuple | np.ndarray, n: int, p: list[float] | np.ndarray | None = None) -> np.ndarray:
        if p is not None:
            p = np.asarray(p, dtype=float) / np.sum(p)
        return np.asarray(values, dtype=object)[self.rng.choice(len(values), size=n, p=p)]

    def chance(self, n: int, p: float | np.ndarray) -> np.ndarray:
        return self.rng.random(n) < p


def make_ids(prefix: str, n: int, width: int, start: int = 1) -> pl.Series:
    """``prefix`` + zero-padded numbers, e.g. ``S0000001``."""
    number = pl.int_range(start, start + n, dtype=pl.Int64).cast(pl.String).str.zfill(width)
    return pl.select((pl.lit(prefix) + number).alias("id")).to_series()


def date_series(name: str, values: np.ndarray) -> pl.Series:
    return pl.Series(name, values.astype("datetime64[D]"), dtype=pl.Date)


def nullable_dates(name: str, values: np.ndarray, mask: np.ndarray) -> pl.Series:
    """Dates where ``mask`` is true, null elsewhere."""
    series = date_series(name, values)
    return pl.select(pl.when(pl.Series(mask)).then(series).otherwise(None).alias(name)).to_series()
