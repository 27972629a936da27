"""Turn a path into raw tables: a folder of files, an XLSX workbook, or one JSON/YAML file.

In a folder, each file is one table named by its stem (files starting with ``_`` are skipped) (English, Russian or an alias:
``staff.csv``, ``Работники.csv``). A JSON or YAML file holds either a list of records
(one table, named by the file) or a mapping ``{table: [records]}`` (a whole dataset).

Nothing in a data folder is skipped without a word: a folder named like a table
(``staff.csv/``) and a workbook in a format that is not read (``staff.xls``, ``.xlsb``,
``.ods``) are reported. Every file is bounded by :class:`~methodnet.limits.Limits`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.errors import Problem, Report
from methodnet.io.csv import read_csv_table
from methodnet.io.frames import raw_from_frame, raw_from_records
from methodnet.io.validate import RawTable, Source
from methodnet.model.vocab import closest
from methodnet.io.yamlsafe import YamlError, load_yaml
from methodnet.limits import DEFAULT_LIMITS, Limits
from methodnet.model.spec import TableRegistry, TableSpec

if TYPE_CHECKING:
    from methodnet.plugins.registry import Loader

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
TEXT_SUFFIXES = {".json", ".yaml", ".yml"}
DATA_SUFFIXES = CSV_SUFFIXES | TEXT_SUFFIXES | {".parquet", ".xlsx"}
#: Formats people put in a data folder that are not read, and what to do instead.
UNSUPPORTED = {".xls": "книга Excel 97–2003: сохраните её как .xlsx", ".xlsb": "двоичная книга Excel: сохраните как .xlsx",
               ".xlsm": "книга с макросами: сохраните как .xlsx", ".ods": "книга LibreOffice: сохраните как .xlsx",
               ".gz": "сжатый файл: распакуйте его", ".zip": "архив: распакуйте его",
               ".numbers": "книга Numbers: экспортируйте в .xlsx"}


def read_path(path: Path, registry: TableRegistry, report: Report,
              tables: set[str] | None = None, limits: Limits = DEFAULT_LIMITS,
              loaders: Mapping[str, Loader] | None = None) -> list[RawTable]:
    """Raw tables from ``path``; with ``tables``, files of other known tables in a folder are not read.

    ``loaders`` (suffix → the plugins' :class:`~methodnet.plugins.registry.Loader`) read the
    formats plugins add; the caller passes its plugin registry's (``Dataset.load`` does).
    """
    return list(iter_path(path, registry, report, tables, limits, loaders))


def iter_path(path: Path, registry: TableRegistry, report: Report,
              tables: set[str] | None = None, limits: Limits = DEFAULT_LIMITS,
              loaders: Mapping[str, Loader] | None = None) -> Iterator[RawTable]:
    """:func:`read_path` one file at a time, so each table can be validated and its raw columns
    freed before the next is read.

    The dataset's own date (``dataset_info``) comes first, since every other table's date checks
    depend on it: files holding several tables (a workbook, one JSON) are read first, with their
    ``dataset_info`` ahead, then the files of one table each, one by one.
    """
    loaders = loaders or {}
    if not path.exists():
        report.add(Problem("unreadable_file", file=str(path), params={"detail": "нет такого файла или папки"}))
        return
    if not path.is_dir():
        yield from _info_first(read_file(path, registry, report, single=True, limits=limits, loaders=loaders))
        return
    # Files starting with "_" or "." are notes, not tables (like sheets starting with "_").
    children = sorted(p for p in path.iterdir() if not p.name.startswith(("_", ".")))
    children = [c for c in children if tables is None or registry.resolve(c.stem) in (None, *tables)]
    several = [c for c in children if registry.resolve(c.stem) in (None, "dataset_info")]
    yield from _info_first([raw for child in several for raw in _read_child(child, registry, report, limits, loaders)])
    for child in children:
        if child not in several:
            yield from _read_child(child, registry, report, limits, loaders)


def _info_first(raws: list[RawTable]) -> list[RawTable]:
    return sorted(raws, key=lambda raw: raw.spec.name != "dataset_info")


def _read_child(child: Path, registry: TableRegistry, report: Report, limits: Limits,
                loaders: Mapping[str, Loader]) -> list[RawTable]:
    """The tables of one entry of a data folder (none, with a problem, if it cannot be a table)."""
    suffix = child.suffix.lower()
    suffixes = DATA_SUFFIXES | set(loaders)
    if suffix in suffixes and not child.is_file():
        report.add(Problem("not_a_file", file=str(child), value=child.name,
                           hint="таблица — файл; переименуйте папку или начните её имя с «_»"))
    elif suffix in UNSUPPORTED and child.is_file():
        report.add(Problem("unsupported_format", file=str(child), value=suffix,
                           hint=UNSUPPORTED[suffix] + " (или начните имя файла с «_», чтобы его пропускать)"))
    elif suffix in suffixes:
        return read_file(child, registry, report, single=False, limits=limits, loaders=loaders)
    return []


def _table_for(path: Path, registry: TableRegistry, report: Report) -> TableSpec | None:
    name = registry.resolve(path.stem)
    if name is None:
        guess = closest(path.stem, registry.spellings())
        report.add(Problem("unknown_table", file=str(path), value=path.stem,
                           hint=f"назовите файл по таблице, например «{registry.resolve(guess)}{path.suffix}»"
                           if guess else "таблицы: " + ", ".join(registry.names)))
        return None
    return registry[name]


def read_file(path: Path, registry: TableRegistry, report: Report, *, single: bool,
              limits: Limits = DEFAULT_LIMITS, loaders: Mapping[str, Loader] | None = None) -> list[RawTable]:
    suffix = path.suffix.lower()
    loader = (loaders or {}).get(suffix)
    if loader is not None:  # a format a plugin reads; its tables go through the same validation
        from methodnet.errors import MethodnetError

        try:
            return list(loader.read(path, registry, report))
        except MethodnetError:
            raise
        except Exception as exc:  # noqa: BLE001 — a plugin's bug on a user's file: name the plugin, no traceback
            report.add(Problem("unreadable_file", file=str(path),
                               params={"detail": f"загрузчик «{suffix}» плагина «{loader.plugin}» упал "
                                                 f"({type(exc).__name__})"},
                               hint=f"сообщите авторам плагина «{loader.plugin}»"))
            return []
    if suffix in UNSUPPORTED:
        report.add(Problem("unsupported_format", file=str(path), value=suffix, hint=UNSUPPORTED[suffix]))
        return []
    try:
        size = path.stat().st_size
    except OSError as exc:
        report.add(Problem("unreadable_file", file=str(path), params={"detail": exc.strerror or type(exc).__name__}))
        return []
    if size > limits.max_file_bytes:
        report.add(Problem("limit_file_size", file=str(path), params={"size": size, "limit": limits.max_file_bytes},
                           hint="разделите файл или увеличьте Limits.max_file_bytes"))
        return []
    if suffix == ".xlsx":
        from methodnet.io.xlsx import read_workbook

        return read_workbook(path, registry, report, limits)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path, registry, report, single=single, limits=limits)
    spec = _table_for(path, registry, report)
    if spec is None:
        return []
    if suffix == ".parquet":
        try:
            return [raw_from_frame(spec, pl.read_parquet(path), Source(str(path)))]
        except (pl.exceptions.PolarsError, OSError) as exc:
            report.add(Problem("corrupt_file", file=str(path), table=spec.name,
                               params={"detail": str(exc).splitlines()[0][:120]}))
            return []
    raw = read_csv_table(path, spec, report, limits)
    return [raw] if raw is not None else []


def _read_text(path: Path, registry: TableRegistry, report: Report, *, single: bool,
               limits: Limits = DEFAULT_LIMITS) -> list[RawTable]:
    data_bytes = path.read_bytes()
    try:
        text = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add(Problem("bad_encoding", file=str(path), row=data_bytes[: exc.start].count(b"\n") + 1,
                           hint="файлы JSON и YAML — в кодировке UTF-8"))
        return []
    if not text.strip():
        report.add(Problem("empty_file", file=str(path)))
        return []
    is_json = path.suffix.lower() == ".json"
    if not is_json and len(data_bytes) > limits.max_yaml_bytes:
        report.add(Problem("limit_file_size", file=str(path), params={"size": len(data_bytes),
                                                                      "limit": limits.max_yaml_bytes},
                           hint="для больших данных используйте CSV или Parquet"))
        return []
    try:
        data: Any = json.loads(text) if is_json else load_yaml(text, str(path), limits)
    except json.JSONDecodeError as exc:
        report.add(Problem("corrupt_file", file=str(path), row=exc.lineno, params={"detail": exc.msg}))
        return []
    except RecursionError:
        report.add(Problem("limit_json_depth", file=str(path), params={"limit": sys.getrecursionlimit()},
                           hint="в файле данных записи — плоские словари «поле: значение»"))
        return []
    except ValueError as exc:  # json: an integer literal too long for Python to convert
        report.add(Problem("corrupt_file", file=str(path), params={"detail": type(exc).__name__}))
        return []
    except YamlError as exc:
        code = exc.code if exc.code.startswith("limit_") else "corrupt_file"
        report.add(Problem(code, file=str(path), row=exc.line,
                           params={"detail": exc.params.get("detail", exc.message), **exc.params}))
        return []
    if isinstance(data, list):
        spec = _table_for(path, registry, report)
        return [raw_from_records(spec, _records(data, path, report), Source(str(path)))] if spec else []
    if isinstance(data, dict) and single:
        raws = []
        for key, rows in data.items():
            name = registry.resolve(str(key))
            if name is None:
                guess = closest(str(key), registry.spellings())
                report.add(Problem("unknown_table", file=str(path), value=key,
                                   hint=f"возможно, «{registry.resolve(guess)}»" if guess else None))
                continue
            raws.append(raw_from_records(registry[name], _records(rows, path, report), Source(str(path))))
        return raws
    report.add(Problem("corrupt_file", file=str(path),
                       params={"detail": "ожидается список записей или словарь {таблица: [записи]}"}))
    return []


def _records(rows: Any, path: Path, report: Report) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        report.add(Problem("corrupt_file", file=str(path), params={"detail": "записи должны быть списком словарей"}))
        return []
    bad = [i for i, r in enumerate(rows, start=1) if not isinstance(r, dict)]
    for i in bad[:20]:
        report.add(Problem("not_a_record", file=str(path), row=i, hint="каждая запись — словарь «поле: значение»"))
    report.add_uncounted("not_a_record", "error", len(bad) - 20)
    return [r for r in rows if isinstance(r, dict)] if not bad else []
