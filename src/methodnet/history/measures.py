"""Measures (управленческие решения) decided after a monitoring: read from CSV, YAML or XLSX.

Columns: ``measure``, ``responsible``, ``deadline``, ``indicators`` (ids, comma-separated),
``done_on`` — or the Russian headers «мера», «ответственный», «срок», «показатели»,
«выполнено». They are stored with the monitoring, so the next analytical note can look at
what the measures changed. Every problem names the file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from methodnet.errors import require
from methodnet.history.model import MEASURE_COLUMNS
from methodnet.history.store import HistoryError

ALIASES = {"measure": "measure", "мера": "measure", "мероприятие": "measure", "responsible": "responsible",
           "ответственный": "responsible", "deadline": "deadline", "срок": "deadline", "indicators": "indicators",
           "показатели": "indicators", "done_on": "done_on", "выполнено": "done_on", "дата выполнения": "done_on"}
HINT = "столбцы: measure, responsible, deadline, indicators, done_on (или мера, ответственный, срок, показатели, выполнено)"


def _date(value: Any, where: str, column: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise HistoryError("invalid_measure", f"«{text[:40]}» не дата", where=f"{where}, столбец «{column}»",
                       hint="дата в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            data = data.get("measures", [])
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise HistoryError("invalid_measure", "ожидается список мер (measure: …, responsible: …)", where=str(path),
                               hint=HINT)
        return [(i + 1, r) for i, r in enumerate(data)]
    if suffix == ".xlsx":
        openpyxl = require("openpyxl", "excel")
        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        return [(i + 2, dict(zip(header, r))) for i, r in enumerate(rows[1:]) if any(v is not None for v in r)]
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    return [(i + 2, r) for i, r in enumerate(reader)]


def read_measures(path: str | Path, indicators: list[str] | None = None) -> pl.DataFrame:
    """The measures in a file as a MEASURE_COLUMNS frame; ``indicators``: the ids that may be named."""
    path = Path(path)
    try:
        records = _records(path)
    except (OSError, UnicodeDecodeError, csv.Error, yaml.YAMLError) as exc:
        raise HistoryError("invalid_measure", f"файл мер не читается: {exc}", where=str(path), hint=HINT) from None
    rows = []
    for line, record in records:
        where = f"{path}:{line}"
        fields: dict[str, Any] = {}
        for key, value in record.items():
            name = ALIASES.get(str(key or "").strip().lower())
            if name is None:
                guess = difflib.get_close_matches(str(key).lower(), list(ALIASES), n=1)
                raise HistoryError("invalid_measure", f"неизвестный столбец «{key}»", where=where,
                                   hint=(f"возможно, «{guess[0]}»; " if guess else "") + HINT)
            fields[name] = value
        measure = str(fields.get("measure") or "").strip()
        if not measure:
            raise HistoryError("invalid_measure", "пустая мера", where=f"{where}, столбец «measure»", hint=HINT)
        named = fields.get("indicators") or []
        ids = [s.strip() for s in (named.split(",") if isinstance(named, str) else named) if str(s).strip()]
        for ind in ids:
            if indicators is not None and ind not in indicators:
                guess = difflib.get_close_matches(ind, indicators, n=1)
                raise HistoryError("invalid_measure", f"нет показателя «{ind}» в профиле",
                                   where=f"{where}, столбец «indicators»",
                                   hint=f"возможно, «{guess[0]}»" if guess else "id показателей профиля через запятую")
        responsible = fields.get("responsible")
        rows.append({"measure": measure, "responsible": str(responsible).strip() if responsible else None,
                     "deadline": _date(fields.get("deadline"), where, "deadline"), "indicators": ids,
                     "done_on": _date(fields.get("done_on"), where, "done_on")})
    return pl.DataFrame(rows, schema=MEASURE_COLUMNS)
