"""``methodnet spravka``: the analytical note of a recorded monitoring, as DOCX or PDF.

Registered from :mod:`methodnet.cli`; imports only click at start-up (the heavy parts
load when the command runs). Exit code 2 with a located message for any bad input.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

EXIT_BAD_INPUT = 2


@click.command("spravka")
@click.argument("monitoring_id")
@click.option("--compare-with", "compare_with", default=None, metavar="ID",
              help="Мониторинг для сравнения (прошлый период): динамика и эффект принятых мер.")
@click.option("--store", default=None, metavar="URI",
              help="Хранилище мониторингов (по умолчанию METHODNET_STORE или ./methodnet-history.sqlite).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Свой шаблон DOCX (бланк); по умолчанию — шаблон профиля или встроенный.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Файл справки: .docx или .pdf (PDF — через LibreOffice).")
@click.option("--date", "today", default=None, help="Дата справки (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ; по умолчанию сегодня).")
def spravka(monitoring_id: str, compare_with: str | None, store: str | None, template: Path | None, out: Path,
            today: str | None) -> None:
    """Аналитическая справка по записанному мониторингу (DOCX или PDF).

    MONITORING_ID — идентификатор из «methodnet record» / «methodnet history list».
    """
    from methodnet.errors import MethodnetError

    started = time.perf_counter()
    try:
        from methodnet.spravka.api import spravka as make

        written = make(monitoring_id, out, compare_with=compare_with, store=store, template=template,
                       today=_parse_date(today))
    except MethodnetError as exc:
        click.echo(f"ошибка: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"записано: {written} ({time.perf_counter() - started:.1f} с)")


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter("дата в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ", param_hint="--date")
