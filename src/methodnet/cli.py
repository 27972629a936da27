"""The ``methodnet`` command.

Heavy modules (polars, the loaders) are imported inside commands, so ``methodnet
--help`` starts fast. Exit codes: 0 success, 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from methodnet.choices import DATA_FORMATS, GROUPINGS, REPORT_FORMATS
from methodnet.cli_support import (EXIT_BAD_INPUT, add_verbosity_options, data_path, date_option, deprecated_today,
                                   echo_csv, load_dataset_or_exit, load_profile_or_exit, progress, set_verbosity)
from methodnet.cliguard import GuardedGroup, check_encoding, check_output, check_separator, parse_periods
from methodnet.synth.places import EXAMPLES, SCALES


_date = date_option
_profile = load_profile_or_exit
_load = load_dataset_or_exit


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="methodnet")
@click.option("--quiet", "-q", is_flag=True, help="Только результат: без хода работы на stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Подробно: время этапов и предупреждения о данных.")
@click.option("--lang", default=None, hidden=True)  # removed: the interface is Russian (see README)
def main(quiet: bool, verbose: bool, lang: str | None) -> None:
    """methodnet: показатели и данные муниципальной методической службы."""
    set_verbosity(0 if quiet else 2 if verbose else 1)
    if lang:
        click.echo("--lang больше не поддерживается: интерфейс и отчёты на русском "
                   "(сообщения о данных по-английски: METHODNET_LANG=en)", err=True)


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--data", "data", type=click.Path(exists=True, path_type=Path), default=None,
              help="Данные (вместо PATH): папка, книга XLSX или файл JSON/YAML.")
@click.option("--at", callback=_date, help="Дата, на которую считать работающих (по умолчанию сегодня).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: итог проверки (valid, ошибки с листом, строкой, столбцом) и сводка — для программ.")
@click.option("--mark-errors", "marked", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Для книги XLSX: записать её копию с выделенными неверными ячейками и примечаниями.")
@click.option("--strict", is_flag=True, help="Предупреждения считать ошибками (код выхода 2).")
@click.option("--profile", "profile_ref", default=None,
              help="Профиль, для которого собраны данные: принимаются значения, добавленные им к словарям.")
def summary(path: Path | None, data: Path | None, at: dt.date | None, fmt: str, marked: Path | None,
            strict: bool, profile_ref: str | None) -> None:
    """Загрузить и проверить данные, показать сводку (только агрегаты).

    PATH (или --data) — папка с CSV/Parquet/JSON/YAML, книга XLSX или файл JSON/YAML.
    """
    from methodnet.summary_command import run_summary

    profile = _profile(profile_ref) if profile_ref else None
    sys.exit(run_summary(data_path(path, data), at, fmt, marked, echo=click.echo, strict=strict, profile=profile))


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--data", "data", type=click.Path(exists=True, path_type=Path), default=None,
              help="Данные (вместо PATH).")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Куда записать: папка (csv, parquet) или файл (.xlsx, .json, .yaml).")
@click.option("--format", "fmt", type=click.Choice(DATA_FORMATS), default=None,
              help="Формат (по умолчанию по расширению OUT; папка — csv).")
@click.option("--headers", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Заголовки столбцов и имена листов/файлов: английские или русские.")
@click.option("--separator", default=",", show_default=True, callback=check_separator, help="Разделитель полей CSV.")
@click.option("--encoding", default="utf-8", show_default=True, callback=check_encoding,
              help="Кодировка CSV (utf-8, utf-8-sig, cp1251).")
def convert(path: Path | None, data: Path | None, out: Path, fmt: str | None, headers: str, separator: str,
            encoding: str) -> None:
    """Проверить данные и записать их в другом формате без потерь."""
    source = data_path(path, data)
    _check_data_out(out, fmt)
    dataset = _load(source, None)
    written = dataset.write(out, fmt, headers=headers, separator=separator, encoding=encoding)
    click.echo(f"записано: {written}")


@main.command()
@click.option("--scale", type=click.Choice(list(SCALES)), default="municipality",
              show_default=True, help="Масштаб: один муниципалитет, регион или страна.")
@click.option("--example", type=click.Choice(list(EXAMPLES)),
              default=None, help="Муниципалитет примера (названные в акте организации) вместо случайного.")
@click.option("--municipalities", type=click.IntRange(min=1), default=None,
              help="Число муниципалитетов (вместо --scale).")
@click.option("--seed", type=int, default=1, show_default=True, help="Зерно: одинаковое зерно — одинаковые данные.")
@click.option("--at", callback=_date, default=None, help="Опорная дата данных (по умолчанию 2026-09-01).")
@click.option("--today", callback=_date, default=None, hidden=True)
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Папка или файл результата.")
@click.option("--format", "fmt", type=click.Choice(DATA_FORMATS), default=None)
@click.option("--headers", type=click.Choice(["en", "ru"]), default="en", show_default=True)
@click.option("--separator", default=",", show_default=True, callback=check_separator)
@click.option("--encoding", default="utf-8", show_default=True, callback=check_encoding)
def generate(scale: str, example: str | None, municipalities: int | None, seed: int, at: dt.date | None,
             today: dt.date | None, out: Path, fmt: str | None, headers: str, separator: str, encoding: str) -> None:
    """Сгенерировать синтетический набор данных (детерминированно)."""
    import time

    from methodnet.russian import count, number
    from methodnet.synth import DEFAULT_TODAY, generate as make

    at = deprecated_today(today, at)
    _check_data_out(out, fmt)
    places = [EXAMPLES[example]] if example else municipalities or SCALES[scale].municipalities
    started = time.perf_counter()
    say = lambda stage: progress(f"{stage} — {number(time.perf_counter() - started)} с")  # noqa: E731
    dataset = make(municipalities=places, seed=seed, today=at or DEFAULT_TODAY, progress=say)
    say(f"запись: {out}")
    written = dataset.write(out, fmt, headers=headers, separator=separator, encoding=encoding)
    counts = dataset.counts()
    click.echo(f"записано: {written} — {count(counts['municipality'], 'municipality')}, "
               f"{count(counts['organization'], 'organization')}, {count(counts['staff'], 'person')}, "
               f"всего {count(sum(counts.values()), 'row')}")


@main.command()
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Папка для схем (по умолчанию schemas/ пакета).")
@click.option("--check", is_flag=True, help="Не писать, а проверить, что схемы актуальны (код выхода 1, если нет).")
def schemas(out: Path | None, check: bool) -> None:
    """Записать JSON Schema файлов данных (генерируются из модели)."""
    from methodnet.jsonschemas import SCHEMA_DIR, stale_schemas, write_schemas

    target = out or SCHEMA_DIR
    if out is not None:
        check_output(out, folder=True)
    if check:
        stale = stale_schemas(target)
        if stale:
            click.echo("устарели: " + ", ".join(stale) + "; выполните: methodnet schemas", err=True)
            sys.exit(1)
        click.echo("схемы актуальны")
        return
    for path in write_schemas(target):
        click.echo(f"записано: {path}")


@main.command()
def profiles() -> None:
    """Список профилей (встроенных и из METHODNET_PROFILES)."""
    from methodnet.api import load_profile
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.loader import ProfileError, available_profiles, search_path

    for pid, path in available_profiles(search_path(load_registry())).items():
        try:
            profile = load_profile(pid)
            summary = f"{profile.name} — показателей: {len(profile.indicators)}"
        except ProfileError as exc:
            summary = f"ОШИБКИ ({exc.report.error_count}): methodnet validate {pid}"
        click.echo(f"{pid:<12} {summary}")


@main.command()
@click.argument("profile")
def validate(profile: str) -> None:
    """Проверить профиль (id или путь к YAML): все ошибки с файлом и строкой."""

    loaded = _profile(profile)
    click.echo(f"{loaded.id}: профиль корректен — показателей {len(loaded.indicators)}, "
               f"мероприятий дорожной карты {len(loaded.roadmap)}, правил {len(loaded.rules)}")


@main.command()
@click.option("--profile", "profile_ref", required=True, help="id профиля или путь к YAML.")
@click.option("--data", "data", required=True, type=click.Path(exists=True, path_type=Path),
              help="Данные: папка, книга XLSX или файл JSON/YAML.")
@click.option("--period", "periods", multiple=True, required=True,
              help="Период: 2025, 2024/2025, 2025-H1, 2025-01-01..2025-06-30 (можно несколько).")
@click.option("--by", "by", multiple=True, type=click.Choice(GROUPINGS), help="Разрез (можно несколько).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="json и csv описаны в docs/output.md; csv — UTF-8 с BOM для Excel (или --excel-csv).")
@click.option("--excel-csv", is_flag=True, help="CSV для русского Excel: разделитель «;», кодировка cp1251.")
@click.option("--at", callback=_date, default=None,
              help="Дата данных, если не указана в них (таблица «Сведения о данных»); по умолчанию сегодня.")
@click.option("--today", callback=_date, default=None, hidden=True)
@click.option("--strict", is_flag=True, help="Предупреждения о данных считать ошибками (код выхода 2).")
def evaluate(profile_ref: str, data: Path, periods: tuple[str, ...], by: tuple[str, ...], fmt: str,
             excel_csv: bool, at: dt.date | None, today: dt.date | None, strict: bool) -> None:
    """Вычислить показатели профиля на данных (читаются только нужные профилю таблицы)."""
    today = deprecated_today(today, at)
    from methodnet.api import evaluate as run_evaluate
    from methodnet.api import tables_for
    from methodnet.io.formulas import neutralize_frame

    parsed = parse_periods(periods)
    profile = _profile(profile_ref)
    dataset = _load(data, today, strict=strict, tables=tables_for(profile, rules=False), profile=profile)
    progress(f"вычисление {len(profile.indicators)} показателей за {', '.join(map(str, parsed))}")
    result = run_evaluate(profile, dataset, parsed, by=list(by))
    if fmt == "json":
        click.echo(result.to_json())
    elif fmt == "csv":
        echo_csv(neutralize_frame(result.to_polars()), excel_csv)
    else:
        click.echo(result.to_text())
        for grouping in by:
            click.echo("")
            click.echo(result.to_text(group_by=grouping))


EXIT_FINDINGS = 1


@main.command()
@click.option("--profile", "profile_ref", required=True, help="id профиля или путь к YAML.")
@click.option("--data", "data", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--period", "periods", multiple=True, help="Периоды (по умолчанию все годы программы до текущего).")
@click.option("--by", "by", multiple=True, type=click.Choice(GROUPINGS))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Файл отчёта: .html, .md, .json, .csv или .xlsx.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
              help="Формат (по умолчанию по расширению).")
@click.option("--at", callback=_date, default=None, help="Дата отчёта и проверки правил (по умолчанию сегодня).")
@click.option("--no-rules", is_flag=True, help="Не проверять правила.")
@click.option("--store", "store_uri", default=None, help="Хранилище мониторингов: добавить в HTML раздел динамики.")
def report(profile_ref: str, data: Path, periods: tuple[str, ...], by: tuple[str, ...], out: Path, fmt: str | None,
           at: dt.date | None, no_rules: bool, store_uri: str | None) -> None:
    """Отчёт: показатели против целей, графики, замечания (HTML, Markdown, JSON, CSV, XLSX)."""
    from methodnet.report import FORMATS, make_report, write_report

    check_output(out, folder=False, suffixes=None if fmt else (*FORMATS, "markdown"))
    parse_periods(periods)
    profile = _profile(profile_ref)
    dataset = _load(data, None, profile=profile)  # the data's own date; --at is the report's date
    progress("вычисление показателей, проверка правил, ИОМ")
    result = make_report(profile, dataset, list(periods) or None, at=at or dataset.as_of, by=list(by) or None,
                         with_findings=not no_rules)
    written = write_report(result, out, fmt)
    if store_uri and written.suffix == ".html":  # the trend of the stored, approved monitorings
        from methodnet.cli_history import add_trend

        add_trend(written, store_uri, profile.id)
    click.echo(f"отчёт: {written.resolve()}")


@main.command()
@click.option("--profile", "profile_ref", required=True, help="id профиля или путь к YAML.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Файл .xlsx.")
def template(profile_ref: str, out: Path) -> None:
    """Книга Excel для заполнения методистом: листы таблиц профиля, списки, даты, инструкция."""
    from methodnet.plugins.manager import load_registry
    from methodnet.template import write_template

    check_output(out, folder=False, suffixes=("xlsx",))
    from methodnet.template import sheet_title
    from methodnet.russian import count

    profile = _profile(profile_ref)
    plugins = load_registry()
    registry = plugins.table_registry()
    tables = write_template(profile, plugins, out, registry=registry)
    click.echo(f"записано: {out} — {count(len(tables), 'sheet')} для заполнения: "
               + ", ".join(sheet_title(registry[t]) for t in tables))


@main.command()
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("methodnet-demo"), show_default=True,
              help="Папка для отчёта.")
def demo(out: Path) -> None:
    """Весь путь на примере Серышево: данные → показатели → правила → ИОМ → отчёт HTML."""
    from methodnet.api import load_profile
    from methodnet.iom import IomBuilder
    from methodnet.report import make_report, write_report
    from methodnet.synth import DEFAULT_TODAY, EXAMPLES, generate

    check_output(out, folder=True)
    at = DEFAULT_TODAY
    examples = Path.cwd() / "examples" / "seryshevo"  # run from a checkout: the bundled example
    if examples.is_dir():
        dataset = _load(examples, at)
    else:  # installed without the repository: the same example, generated
        progress("пример Серышево генерируется (seed 1)")
        dataset = generate(municipalities=[EXAMPLES["seryshevo"]], seed=1, today=at)
    profile = load_profile("seryshevo")
    progress("показатели 2024–2026, правила, ИОМ")
    result = make_report(profile, dataset, ["2024", "2025", "2026"], at=at)
    routes = IomBuilder(dataset).build(at)
    out.mkdir(parents=True, exist_ok=True)
    html_path = write_report(result, out / "seryshevo-report.html")
    write_report(result, out / "seryshevo-report.xlsx")
    counts = result.status_counts()
    from methodnet.engine.result import STATUS_RU
    from methodnet.russian import count

    statuses = ", ".join(f"{STATUS_RU.get(s, s)} — {n}" for s, n in counts.items())
    click.echo(f"Серышево: {count(len(profile.indicators), 'indicator')}; за 2026: {statuses}; "
               f"{count(len(result.findings or []), 'finding')}; предложено ИОМ: {len(routes)}")
    click.echo(f"отчёт: {html_path.resolve()} (и .xlsx рядом) — откройте в браузере")
    from methodnet.spravka.demo import run_demo_note

    run_demo_note(profile, dataset, out, at)


@main.command()
@click.option("--profile", "profile_ref", required=True, help="id профиля или путь к YAML.")
@click.option("--data", "data", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--at", callback=_date, default=None, help="Дата проверки (по умолчанию сегодня).")
@click.option("--strict", is_flag=True, help="Код выхода 1, если есть замечания с уровнем «ошибка».")
@click.option("--strict-data", is_flag=True, help="Код выхода 1, если какое-то правило не проверено (нет данных).")
@click.option("--ids", is_flag=True, help="Показать id работников и строк за каждым замечанием.")
@click.option("--explain", "explain", default=None, metavar="ПРАВИЛО[:ОБЪЕКТ]",
              help="Вывести строки (id) за замечаниями правила, например shmo_formation:kislovodsk-05.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--excel-csv", is_flag=True, help="CSV для русского Excel: разделитель «;», кодировка cp1251.")
@click.option("--today", callback=_date, default=None, hidden=True)
def check(profile_ref: str, data: Path, at: dt.date | None, strict: bool, strict_data: bool, ids: bool,
          explain: str | None, fmt: str, excel_csv: bool, today: dt.date | None) -> None:
    """Проверить правила профиля на дату (по умолчанию — дату данных): замечания и непроверенные правила."""
    from methodnet.errors import MethodnetError
    from methodnet.rules.check import check as run_check
    from methodnet.rules.cli import echo_findings

    deprecated_today(today, None)  # --today stated the data's date; the data now carry it
    profile = _profile(profile_ref)
    dataset = _load(data, today, profile=profile)
    progress(f"проверка {len(profile.rules)} правил")
    try:
        findings = run_check(profile, dataset, at or today or dataset.as_of)
    except MethodnetError as exc:  # a rule kind that fails names its plugin and rule; no traceback
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if fmt == "csv" and not explain:  # CSV for Excel: a BOM, or «;» and cp1251 with --excel-csv
        from methodnet.io.formulas import neutralize_frame

        echo_csv(neutralize_frame(findings.to_polars(ids=ids)), excel_csv)
        sys.exit(EXIT_FINDINGS if (strict and findings.errors) or (strict_data and findings.unchecked) else 0)
    sys.exit(echo_findings(findings, fmt, ids=ids, explain=explain, strict=strict, strict_data=strict_data))


@main.command()
@click.option("--data", "data", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--person", "people", multiple=True, help="id работника (можно несколько).")
@click.option("--all", "everyone", is_flag=True, help="Для всех, у кого по последней диагностике есть дефициты.")
@click.option("--profile", "profile_ref", default=None, help="Профиль: пороги «молодого педагога».")
@click.option("--at", callback=_date, default=None, help="Дата, с которой строится маршрут (по умолчанию сегодня).")
@click.option("--hours-per-year", type=click.IntRange(min=1), default=144, show_default=True,
              help="Предел часов ДПО в год.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Папка: записать iom.csv и iom_step.csv (загружаются как данные).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--today", callback=_date, default=None, hidden=True)
def iom(data: Path, people: tuple[str, ...], everyone: bool, profile_ref: str | None, at: dt.date | None,
        hours_per_year: int, out: Path | None, fmt: str, today: dt.date | None) -> None:
    """Предложить ИОМ по дефицитам последней диагностики."""
    from methodnet.api import build_routes, routes_dataset
    from methodnet.errors import UnknownPersonError

    if not people and not everyone:
        raise click.UsageError("укажите --person ID или --all")
    if out:
        check_output(out, folder=True)
    profile = _profile(profile_ref) if profile_ref else None
    deprecated_today(today, None)  # --today stated the data's date; the data now carry it
    dataset = _load(data, today, profile=profile)
    try:
        routes = build_routes(dataset, list(people) or None, at=at or today or dataset.as_of, profile=profile,
                              hours_per_year=hours_per_year)
    except UnknownPersonError as exc:
        click.echo(f"ошибка: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for pid in sorted(set(people) - {r.staff_id for r in routes}):
        click.echo(f"{pid}: ИОМ не нужен — нет дефицитов по последней диагностике (или не работает на дату)",
                   err=True)
    if out:
        written = routes_dataset(routes, dataset)
        written.write(out, "csv")
        click.echo(f"записано: {out} — ИОМ: {written.counts()['iom']}, шагов: {written.counts()['iom_step']}")
    elif fmt == "json":
        click.echo(json.dumps(routes.to_records(), ensure_ascii=False, indent=1, default=str))
    else:
        for route in routes:
            click.echo(route.to_text(routes.competency_names) + "\n")


def _check_data_out(out: Path, fmt: str | None) -> None:
    """``--out`` of convert/generate: a folder for csv/parquet, a file for the others."""
    from methodnet.errors import InputError
    from methodnet.io.writers import FORMATS, guess_format

    if fmt is None and out.suffix and out.suffix.lower().lstrip(".") not in (*FORMATS, "yml"):
        raise InputError.of("bad_output", f"--out {out}: неизвестное расширение «{out.suffix}»",
                            "файл .xlsx, .json, .yaml или папка (csv, parquet); формат можно задать --format")
    check_output(out, folder=(fmt or guess_format(out)) in ("csv", "parquet"))


@main.command("new-profile")
@click.argument("profile_id")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Куда записать (по умолчанию ./<ID>.yaml).")
@click.option("--name", default=None, help="Наименование профиля.")
def new_profile(profile_id: str, out: Path | None, name: str | None) -> None:
    """Создать заготовку профиля с комментариями для заполнения по акту."""
    import re

    from methodnet.jsonschemas import SCHEMA_DIR
    from methodnet.profile.scaffold import render_profile

    if not re.fullmatch(r"[a-z][a-z0-9_-]*", profile_id):
        raise click.BadParameter("латиница в нижнем регистре, цифры, «_» и «-»: например, novograd",
                                 param_hint="PROFILE_ID")
    target = out or Path(f"{profile_id}.yaml")
    if not target.exists():
        check_output(target, folder=False, suffixes=("yaml", "yml"))
    if target.exists():
        click.echo(f"{target} уже существует", err=True)
        sys.exit(EXIT_BAD_INPUT)
    target.write_text(render_profile(profile_id, name, str(SCHEMA_DIR / "profile.schema.json")), encoding="utf-8")
    click.echo(f"записано: {target}; проверьте: methodnet validate {target}")


@main.command()
@click.option("--profile", "profile_ref", default=None, help="Со значениями, которые профиль добавляет к словарям.")
def tables(profile_ref: str | None) -> None:
    """Справочник таблиц и столбцов (Markdown), как в docs/tables.md."""
    from methodnet.dataset import default_registry
    from methodnet.model.reference import render_tables

    registry = _profile(profile_ref).table_registry(default_registry()) if profile_ref else default_registry()
    click.echo(render_tables(registry), nl=False)


@main.command()
def expressions() -> None:
    """Справочник языка выражений (Markdown), как в docs/expressions.md."""
    from methodnet.dataset import default_registry
    from methodnet.expr.reference import render_expressions

    click.echo(render_expressions(default_registry()), nl=False)


# The analytical note (issue 21): its own module, registered here.
from methodnet.spravka.cli import spravka as _spravka  # noqa: E402

main.add_command(_spravka)

# The monitoring cycle (record, history, compare, trend) lives in its own module.
from methodnet.cli_history import register as _register_history  # noqa: E402

_register_history(main)

add_verbosity_options(main)  # --quiet / --verbose also after the command name


if __name__ == "__main__":  # pragma: no cover
    main()
