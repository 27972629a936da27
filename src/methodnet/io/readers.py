"""Turn a path into raw tables: a folder of files, an XLSX workbook, or one JSON/YAML file.

In a folder, each file is one table named by its stem (files starting with ``_`` are skipped) (English, Russian or an alias:
``staff.csv``, ``Работники.csv``). A JSON or YAML file holds either a list of records
(one table, named by the file) or a mapping ``{table: [records]}`` (a whole dataset).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from methodnet.errors import Problem, Report
from methodnet.io.csv import read_csv_table
from methodnet.io.frames import raw_from_frame, raw_from_records
from methodnet.io.validate import RawTable, Source, closest
from methodnet.model.spec import TableRegistry, TableSpec

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
TEXT_SUFFIXES = {".json", ".yaml", ".yml"}
DATA_SUFFIXES = CSV_SUFFIXES | TEXT_SUFFIXES | {".parquet", ".xlsx"}


def read_path(path: Path, registry: TableRegistry, report: Report,
              tables: set[str] | None = None) -> list[RawTable]:
    """Raw tables from ``path``; with ``tables``, files of other known tables in a folder are not read."""
    if not path.exists():
        report.add(Problem("unreadable_file", file=str(path), params={"detail": "нет такого файла или папки"}))
        return []
    if path.is_dir():
        raws: list[RawTable] = []
        suffixes = DATA_SUFFIXES | set(_plugin_loaders())
        # Files starting with "_" or "." are notes, not tables (like sheets starting with "_").
        for child in sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes
                            and not p.name.startswith(("_", "."))):
            if tables is not None and registry.resolve(child.stem) not in (None, *tables):
                continue
            raws.extend(read_file(child, registry, report, single=False))
        return raws
    return read_file(path, registry, report, single=True)


def _table_for(path: Path, registry: TableRegistry, report: Report) -> TableSpec | None:
    name = registry.resolve(path.stem)
    if name is None:
        guess = closest(path.stem, registry.spellings())
        report.add(Problem("unknown_table", file=str(path), value=path.stem,
                           hint=f"назовите файл по таблице, например «{registry.resolve(guess)}{path.suffix}»"
                           if guess else "таблицы: " + ", ".join(registry.names)))
        return None
    return registry[name]


def _plugin_loaders() -> dict[str, Any]:
    from methodnet.plugins.manager import default_plugins

    return default_plugins().loaders


def read_file(path: Path, registry: TableRegistry, report: Report, *, single: bool) -> list[RawTable]:
    suffix = path.suffix.lower()
    loader = _plugin_loaders().get(suffix)
    if loader is not None:  # a format a plugin reads; its tables go through the same validation
        return list(loader.read(path, registry, report))
    if suffix == ".xlsx":
        from methodnet.io.xlsx import read_workbook

        return read_workbook(path, registry, report)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path, registry, report, single=single)
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
    raw = read_csv_table(path, spec, report)
    return [raw] if raw is not None else []


def _read_text(path: Path, registry: TableRegistry, report: Report, *, single: bool) -> list[RawTable]:
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        report.add(Problem("empty_file", file=str(path)))
        return []
    try:
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        report.add(Problem("corrupt_file", file=str(path), row=exc.lineno, params={"detail": exc.msg}))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(Problem("corrupt_file", file=str(path), row=mark.line + 1 if mark else None,
                           params={"detail": getattr(exc, "problem", None) or str(exc)}))
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
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        report.add(Problem("corrupt_file", file=str(path), params={"detail": "записи должны быть списком словарей"}))
        return []
    return rows
