"""The command line never shows a traceback: errors become located messages and exit code 2.

:class:`GuardedGroup` runs every command inside one handler: a
:class:`~methodnet.errors.MethodnetError` prints its message, an ``OSError`` while
writing (a full disk, a vanished folder) says what could not be written, and anything
else — a bug — prints one line naming the error (``METHODNET_DEBUG=1`` shows the
traceback). Outputs are checked *before* the computing starts (:func:`check_output`),
so ``report --out r.pdf`` fails in a second, not after the whole evaluation.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

EXIT_BAD_INPUT = 2
MIN_YEAR, MAX_YEAR = 1900, 9000


class GuardedGroup(click.Group):
    """A click group whose commands exit 2 with a message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from methodnet.errors import MethodnetError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except MethodnetError as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            if os.environ.get("METHODNET_DEBUG"):
                raise
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            click.echo(f"ошибка ввода-вывода: {exc.strerror or type(exc).__name__}{where}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except Exception as exc:  # noqa: BLE001 — the last line of defence: a message, never a traceback
            if os.environ.get("METHODNET_DEBUG"):
                raise
            click.echo(f"внутренняя ошибка methodnet ({type(exc).__name__}); сообщите о ней разработчикам, "
                       "приложив команду (METHODNET_DEBUG=1 покажет подробности)", err=True)
            sys.exit(EXIT_BAD_INPUT)


def _fail(detail: str, hint: str | None = None) -> None:
    from methodnet.errors import InputError

    raise InputError.of("bad_output", detail, hint)


def check_output(path: Path, *, folder: bool, suffixes: Iterable[str] | None = None) -> None:
    """Raise a located error unless ``path`` can be written (a folder or a file of a known suffix)."""
    if suffixes is not None and not folder:
        allowed = tuple(suffixes)
        if path.suffix.lower().lstrip(".") not in allowed:
            _fail(f"--out {path}: неизвестное расширение «{path.suffix or '(нет)'}»",
                  "допустимо: " + ", ".join("." + s for s in allowed))
    if path.exists():
        if folder and not path.is_dir():
            _fail(f"--out {path}: это файл, а нужна папка")
        if not folder and path.is_dir():
            _fail(f"--out {path}: это папка, а нужен файл", f"укажите файл, например {path / ('out' + path.suffix)}")
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    for parent in [path.parent, *path.parent.parents]:
        if parent.exists() and not parent.is_dir():
            _fail(f"--out {path}: «{parent}» — файл, внутри него нельзя ничего записать")
    if ancestor.exists() and not os.access(ancestor, os.W_OK | os.X_OK):
        _fail(f"--out {path}: нет права записи в «{ancestor}»")
    if path.exists() and not path.is_dir() and not os.access(path, os.W_OK):
        _fail(f"--out {path}: файл защищён от записи")


def check_encoding(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        codecs.lookup(value)
        "a;".encode(value)
    except (LookupError, UnicodeError, TypeError) as exc:
        raise click.BadParameter(f"неизвестная кодировка «{value}»: utf-8, utf-8-sig или cp1251") from exc
    return value


def check_separator(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if len(value) != 1 or value in "\"'\r\n" or (value.isalnum() and value.isascii()):
        raise click.BadParameter("разделитель — один символ, например «;», «,» или табуляция")
    return value


def check_year(value: dt.date, option: str) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise click.BadParameter(f"год {value.year} вне диапазона {MIN_YEAR}–{MAX_YEAR}", param_hint=option)
    return value


def parse_periods(values: Iterable[str], option: str = "--period") -> list[Any]:
    """Periods from the command line, in the range the engine handles, or a usage error."""
    from methodnet.model.periods import parse_period

    parsed = []
    for text in values:
        try:
            period = parse_period(text)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=option) from exc
        if not (MIN_YEAR <= period.start.year and period.end.year <= MAX_YEAR):
            raise click.BadParameter(f"период {text}: годы от {MIN_YEAR} до {MAX_YEAR}", param_hint=option)
        parsed.append(period)
    return parsed
