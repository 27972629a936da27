"""The monitoring-cycle commands: ``record``, ``history …``, ``compare``, ``trend``.

Registered on the main ``methodnet`` group by :func:`register`. Every command takes
``--store`` (else ``METHODNET_STORE``, else ./methodnet-history.sqlite). Exit codes: 0 done,
1 ``verify`` found changes, 2 bad input or a refused operation (a clear message, never a
traceback).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from methodnet.choices import GROUPINGS

if TYPE_CHECKING:
    from methodnet.history.store import HistoryStore

EXIT_TAMPERED = 1
EXIT_BAD_INPUT = 2

store_option = click.option("--store", "store_uri", default=None, metavar="URI",
                            help="Хранилище: файл .sqlite, sqlite:///путь или postgresql://… "
                                 "(по умолчанию METHODNET_STORE или ./methodnet-history.sqlite).")


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Refusals and bad input: the message on stderr and exit code 2."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        from methodnet.errors import MethodnetError

        try:
            return func(*args, **kwargs)
        except MethodnetError as exc:
            code = getattr(exc, "code", None)
            click.echo(f"ошибка{f' [{code}]' if code else ''}: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return run


def _open(uri: str | None) -> HistoryStore:
    from methodnet.history.stores import open_store

    return open_store(uri)


def _evaluate(profile_ref: str, data: Path, periods: tuple[str, ...], by: tuple[str, ...], today: dt.date | None,
              at: dt.date | None, no_rules: bool, measures: Path | None) -> dict[str, Any]:
    """Load, evaluate and check, as ``evaluate`` and ``check`` do; the pieces a record needs."""
    from methodnet.cli_support import load_dataset_or_exit as _load
    from methodnet.cli_support import load_profile_or_exit as _profile
    from methodnet.cli_support import progress as _progress
    from methodnet.engine.evaluate import Engine
    from methodnet.model.periods import parse_period
    from methodnet.history.record import dataset_label

    try:
        parsed = [parse_period(p) for p in periods]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from exc
    profile = _profile(profile_ref)
    measure_frame = None
    if measures is not None:
        from methodnet.history.measures import read_measures

        measure_frame = read_measures(measures, [i.id for i in profile.indicators])
    dataset = _load(data, today, profile=profile)
    _progress(f"вычисление {len(profile.indicators)} показателей за {', '.join(map(str, parsed))}")
    evaluation = Engine(profile, dataset).evaluate(parsed, list(by))
    findings = None
    when = at or today or getattr(dataset, "as_of", None) or dt.date.today()
    if not no_rules:
        from methodnet.rules.check import check

        findings = check(profile, dataset, when, evaluation=evaluation)
    return {"evaluation": evaluation, "profile": profile, "dataset": dataset, "findings": findings,
            "measures": measure_frame,
            "data_label": dataset_label(dataset) or (data.stem if data.is_file() else data.resolve().name),
            "extra": {"rules_at": when.isoformat()} if not no_rules else {}}


def _cli_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    from methodnet.cli_support import date_option

    return date_option(ctx, param, value)


def evaluation_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options of ``record`` (shared by ``history correct``)."""
    for option in reversed([
        click.option("--profile", "profile_ref", required=True, help="id профиля или путь к YAML."),
        click.option("--data", "data", required=True, type=click.Path(exists=True, path_type=Path),
                     help="Данные: папка, книга XLSX или файл JSON/YAML."),
        click.option("--period", "periods", multiple=True, required=True,
                     help="Период: 2025, 2024/2025, 2025-H1 (можно несколько)."),
        click.option("--by", "by", multiple=True, type=click.Choice(GROUPINGS), help="Разрез (можно несколько)."),
        click.option("--author", default=None, help="Кто записывает (по умолчанию имя пользователя)."),
        click.option("--note", default=None, help="Примечание к мониторингу."),
        click.option("--measures", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                     help="Меры (CSV, YAML или XLSX): measure, responsible, deadline, indicators, done_on."),
        click.option("--territory", default=None, help="Территория (по умолчанию — муниципалитет данных)."),
        click.option("--today", callback=_cli_date, default=None,
                     help="Дата данных (вместо указанной в «Сведениях о данных»)."),
        click.option("--at", callback=_cli_date, default=None, help="Дата проверки правил (по умолчанию дата данных)."),
        click.option("--no-rules", is_flag=True, help="Не проверять правила (без замечаний)."),
        store_option,
    ]):
        func = option(func)
    return func


@click.command()
@evaluation_options
@_guarded
def record(profile_ref: str, data: Path, periods: tuple[str, ...], by: tuple[str, ...], author: str | None,
           note: str | None, measures: Path | None, territory: str | None, today: dt.date | None,
           at: dt.date | None, no_rules: bool, store_uri: str | None) -> None:
    """Вычислить показатели и записать мониторинг в хранилище (печатает id)."""
    from methodnet.history import api

    parts = _evaluate(profile_ref, data, periods, by, today, at, no_rules, measures)
    with _open(store_uri) as store:
        header = api.record(store, parts["evaluation"], parts["profile"], parts["dataset"],
                            findings=parts["findings"], measures=parts["measures"], author=author, note=note,
                            territory=territory, data_label=parts["data_label"], extra=parts["extra"])
    click.echo(f"записан мониторинг {header.series} v{header.version}", err=True)
    click.echo(header.id)


@click.group()
def history() -> None:
    """История мониторингов: список, просмотр, утверждение, исправление, проверка, передача."""


def _header_json(header: Any) -> dict[str, Any]:
    from methodnet.history.canonical import canonical_json
    from methodnet.history.record import header_dict

    data = json.loads(canonical_json(header_dict(header)))
    data.update(state=header.state, content_sha256=header.content_sha256,
                approved_at=header.approved_at.isoformat() if header.approved_at else None,
                approved_by=header.approved_by)
    return data


@history.command("list")
@click.option("--profile", default=None, help="Только этого профиля.")
@click.option("--territory", default=None, help="Только этой территории.")
@click.option("--period", default=None, help="Только с этим периодом.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@_guarded
def list_(profile: str | None, territory: str | None, period: str | None, fmt: str, store_uri: str | None) -> None:
    """Сохранённые мониторинги (паспорта, без значений)."""
    with _open(store_uri) as store:
        found = store.list(profile=profile, territory=territory, period=period)
    if fmt == "json":
        click.echo(json.dumps([_header_json(h) for h in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo("мониторингов нет")
    for h in found:
        state = "утверждён" if h.approved else "черновик"
        click.echo(f"{h.id}  {h.series:<45} v{h.version}  {state:<10} {h.recorded_at:%d.%m.%Y %H:%M}  "
                   f"{h.recorded_by or ''}")


@history.command()
@click.argument("monitoring_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@_guarded
def show(monitoring_id: str, fmt: str, store_uri: str | None) -> None:
    """Паспорт мониторинга, журнал событий и итоговые значения."""
    from methodnet.history.show import show_text

    with _open(store_uri) as store:
        stored = store.get(monitoring_id)
    if fmt == "json":
        data = _header_json(stored.header)
        data["events"] = [{"kind": e.kind, "at": e.at.isoformat(), "actor": e.actor, "comment": e.comment}
                          for e in stored.events]
        data["values"] = stored.values.to_dicts()
        data["measures"] = [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                            for r in stored.measures.to_dicts()]
        data["findings"] = len(stored.findings)
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(show_text(stored))


@history.command()
@click.argument("monitoring_id")
@click.option("--author", default=None, help="Кто утверждает (по умолчанию имя пользователя).")
@click.option("--comment", default=None)
@store_option
@_guarded
def approve(monitoring_id: str, author: str | None, comment: str | None, store_uri: str | None) -> None:
    """Утвердить версию: после этого она только исправляется новой версией."""
    from methodnet.history import api

    with _open(store_uri) as store:
        event = api.approve(store, monitoring_id, author=author, comment=comment)
        header = store.header(event.monitoring_id)
    click.echo(f"утверждён: {header.id} ({header.series} v{header.version})")


@history.command()
@click.argument("monitoring_id")
@click.option("--reason", default=None, help="Причина исправления (обязательно).")
@evaluation_options
@_guarded
def correct(monitoring_id: str, reason: str | None, profile_ref: str, data: Path, periods: tuple[str, ...],
            by: tuple[str, ...], author: str | None, note: str | None, measures: Path | None,
            territory: str | None, today: dt.date | None, at: dt.date | None, no_rules: bool,
            store_uri: str | None) -> None:
    """Исправить мониторинг: новая версия с причиной (печатает её id)."""
    from methodnet.history import api
    from methodnet.history.store import HistoryError

    if not reason or not reason.strip():
        raise HistoryError("reason_required", "исправление без причины не записывается", where=monitoring_id,
                           hint="укажите --reason «что исправлено и почему»")
    with _open(store_uri) as store:
        store.header(monitoring_id)  # an unknown id fails before the evaluation
        parts = _evaluate(profile_ref, data, periods, by, today, at, no_rules, measures)
        header = api.correct(store, monitoring_id, parts["evaluation"], parts["profile"], parts["dataset"],
                             reason=reason, findings=parts["findings"], measures=parts["measures"], author=author,
                             note=note, territory=territory, data_label=parts["data_label"], extra=parts["extra"])
    click.echo(f"записана версия {header.version} серии {header.series}", err=True)
    click.echo(header.id)


@history.command()
@click.argument("ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@_guarded
def verify(ids: tuple[str, ...], fmt: str, store_uri: str | None) -> None:
    """Пересчитать все хэши и назвать изменённые строки (код выхода 1, если они есть)."""
    from methodnet.history.bundle import verify as run

    with _open(store_uri) as store:
        result = run(store, list(ids) or None)
    if fmt == "json":
        click.echo(json.dumps({"checked": result.checked, "tampered": result.to_polars().to_dicts()},
                              ensure_ascii=False, indent=1))
    else:
        click.echo(result.to_text())
    if not result.ok:
        sys.exit(EXIT_TAMPERED)


@history.command("export")
@click.argument("monitoring_id")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Файл .json.")
@click.option("--author", default=None)
@store_option
@_guarded
def export_(monitoring_id: str, out: Path, author: str | None, store_uri: str | None) -> None:
    """Выгрузить мониторинг в пакет JSON (с хэшами) для передачи в регион."""
    from methodnet.history.api import default_author
    from methodnet.history.bundle import export_bundle

    with _open(store_uri) as store:
        export_bundle(store, monitoring_id, out, actor=author or default_author())
    click.echo(f"записано: {out}")


@history.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--author", default=None)
@store_option
@_guarded
def import_(files: tuple[Path, ...], author: str | None, store_uri: str | None) -> None:
    """Загрузить пакеты мониторингов (хэши проверяются; повторная загрузка ничего не меняет)."""
    from methodnet.history.api import default_author
    from methodnet.history.bundle import import_bundle

    with _open(store_uri) as store:
        for path in files:
            header, added = import_bundle(store, path, actor=author or default_author())
            click.echo(f"{'загружен' if added else 'уже в хранилище'}: {header.id} ({header.series} v{header.version})")


@click.command()
@click.argument("a_id")
@click.argument("b_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--groups", is_flag=True, help="В тексте показать и разрезы (в CSV/JSON они всегда есть).")
@store_option
@_guarded
def compare(a_id: str, b_id: str, fmt: str, groups: bool, store_uri: str | None) -> None:
    """Сравнить два сохранённых мониторинга (без пересчёта): значения, изменения, статусы."""
    from methodnet.history.compare import compare as run

    with _open(store_uri) as store:
        result = run(store, a_id, b_id)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(result.to_polars().write_csv(), nl=False)
    else:
        click.echo(result.to_text(totals_only=not groups))


@click.command()
@click.option("--profile", "profile_id", required=True, help="id профиля (как записан в хранилище).")
@click.option("--territory", default=None, help="Территория (если в хранилище их несколько).")
@click.option("--indicator", "indicators", multiple=True, help="Только эти показатели.")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "xlsx", "csv", "json"]), default="text",
              show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Файл (для html и xlsx обязателен).")
@store_option
@_guarded
def trend(profile_id: str, territory: str | None, indicators: tuple[str, ...], fmt: str, out: Path | None,
          store_uri: str | None) -> None:
    """Динамика утверждённых мониторингов против траектории целей: опережает, по плану, отстаёт."""
    from methodnet.history.show import trend_html, trend_xlsx
    from methodnet.history.trend import trend as run

    with _open(store_uri) as store:
        result = run(store, profile_id, territory=territory, indicators=list(indicators) or None)
    if fmt in ("html", "xlsx") and out is None:
        raise click.UsageError(f"для --format {fmt} укажите --out файл")
    if fmt == "html":
        out.write_text(trend_html(result), encoding="utf-8")  # type: ignore[union-attr]
    elif fmt == "xlsx":
        trend_xlsx(result, out)  # type: ignore[arg-type]
    else:
        text = {"json": lambda: json.dumps(result.to_dict(), ensure_ascii=False, indent=1),
                "csv": lambda: result.to_polars().write_csv(), "text": result.to_text}[fmt]()
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=fmt != "csv")
            return
    click.echo(f"записано: {out}")


@_guarded
def add_trend(page: Path, store_uri: str, profile_id: str) -> None:
    """For ``methodnet report --store``: the trend section in the HTML report."""
    from methodnet.history.show import add_trend_section

    add_trend_section(page, store_uri, profile_id)


def register(main: click.Group) -> None:
    """Add the commands to the ``methodnet`` group."""
    main.add_command(record)
    main.add_command(history)
    main.add_command(compare)
    main.add_command(trend)


@history.command()
@click.option("--profile", "profile_id", required=True, help="id профиля.")
@click.option("--period", required=True, help="Период, например 2025.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@store_option
@_guarded
def rollup(profile_id: str, period: str, fmt: str, store_uri: str | None) -> None:
    """Свод по территориям и рейтинг (утверждённые мониторинги, например загруженные пакеты)."""
    from methodnet.history.rollup import rollup as run

    with _open(store_uri) as store:
        result = run(store, profile_id, period)
    if fmt == "json":
        click.echo(json.dumps(result.to_polars().to_dicts(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(result.to_polars().write_csv(), nl=False)
    else:
        click.echo(result.to_text())
