"""Shared behaviour of the ``methodnet`` commands: how much they say, dates, data paths, CSV for Excel.

Kept out of :mod:`methodnet.cli` so the commands stay a list of commands. Imports only
click (and polars inside :func:`echo_csv`), so ``methodnet --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile

EXIT_BAD_INPUT = 2

#: 0 with --quiet (results only), 1 by default (stages of long runs), 2 with --verbose (warnings too).
_verbosity = 1


def set_verbosity(level: int) -> None:
    global _verbosity
    _verbosity = level


def progress(message: str, level: int = 1) -> None:
    """Stages of long runs, on stderr (stdout stays clean for --format json/csv)."""
    if _verbosity >= level:
        click.echo(f"… {message}", err=True)


def deprecated_today(today: dt.date | None, at: dt.date | None) -> dt.date | None:
    """``--today`` was the second date option; it still works for now, as ``--at``."""
    if today is not None:
        click.echo("--today устарел и будет удалён: используйте --at (дата данных берётся из таблицы "
                   "«Сведения о данных»)", err=True)
    return at or today


def data_path(path: Path | None, data: Path | None) -> Path:
    """PATH or --data (one of them, as every command takes --data)."""
    if path is not None and data is not None and path != data:
        raise click.UsageError("укажите данные один раз: PATH или --data")
    if path is None and data is None:
        raise click.UsageError("укажите данные: --data ПАПКА_ИЛИ_ФАЙЛ")
    return path or data  # type: ignore[return-value]


def echo_csv(frame: Any, excel: bool) -> None:
    """CSV on stdout for Excel: UTF-8 with a BOM, or «;», cp1251 and decimal commas with --excel-csv."""
    if excel:
        import polars as pl

        # Russian Excel reads «;»-separated files with decimal commas.
        frame = frame.with_columns(pl.col(c).cast(pl.String).str.replace(".", ",", literal=True)
                                   for c, dtype in frame.schema.items() if dtype.is_float())
        sys.stdout.flush()
        sys.stdout.buffer.write(frame.write_csv(separator=";").encode("cp1251", errors="replace"))
        sys.stdout.buffer.flush()
    else:
        click.echo("\ufeff" + frame.write_csv(), nl=False)


def _verbosity_callback(level: int) -> Any:
    def callback(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            set_verbosity(level)

    return callback


def add_verbosity_options(group: click.Group) -> None:
    """--quiet / --verbose also after the command name (``methodnet evaluate -q …``), as people type them."""
    for command in group.commands.values():
        command.params += [
            click.Option(["--quiet", "-q"], is_flag=True, expose_value=False, callback=_verbosity_callback(0),
                         help="Только результат: без хода работы на stderr."),
            click.Option(["--verbose", "-v"], is_flag=True, expose_value=False, callback=_verbosity_callback(2),
                         help="Подробно: время этапов и предупреждения о данных."),
        ]


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """``--at``/``--today``: a date as ГГГГ-ММ-ДД or ДД.ММ.ГГГГ, within the years methodnet accepts."""
    from methodnet.cliguard import check_year

    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return check_year(dt.datetime.strptime(value, fmt).date(), _param.opts[0] if _param else "--at")
        except ValueError:
            continue
    raise click.BadParameter("дата в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def load_profile_or_exit(ref: str) -> Profile:
    """Load a profile or exit with code 2 and every located problem on stderr."""
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError

    try:
        return load_profile(ref)
    except ProfileError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)


def load_dataset_or_exit(path: Path, today: dt.date | None, *, strict: bool = False,
                         tables: Iterable[str] | None = None, profile: Profile | None = None) -> Dataset:
    """Load a dataset or exit with code 2 and the located problems on stderr.

    ``today`` states the dataset's date (overriding the data's own ``dataset_info``);
    ``strict`` turns warnings (statuses that contradict their dates…) into errors; ``tables``
    loads only those (what a profile needs); ``profile`` accepts the members it adds to vocabularies.
    """
    import time

    from methodnet import DataError, Dataset, LoadOptions

    options = LoadOptions(as_of=today) if today else LoadOptions()
    started = time.perf_counter()
    progress(f"загрузка и проверка данных: {path}")
    try:
        dataset = Dataset.load(path, options=options, tables=tables, profile=profile)
        from methodnet.russian import count, number

        progress(f"загружено за {number(time.perf_counter() - started)} с: "
                  f"{count(sum(dataset.counts().values()), 'row')}")
        for warning in dataset.report.warnings:
            progress(f"предупреждение: {warning}", level=2)
    except DataError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if strict and dataset.report.warnings:
        from methodnet.errors import DataError as StrictError

        click.echo(str(StrictError(dataset.report.as_errors())), err=True)
        sys.exit(EXIT_BAD_INPUT)
    return dataset
