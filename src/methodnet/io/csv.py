"""CSV files as Russian office software exports them.

Excel and LibreOffice in a Russian locale write Windows-1251 or UTF-8 (often with a
BOM), separate fields with ``;`` (because ``,`` is the decimal separator) and write
dates as ``ДД.ММ.ГГГГ``. The reader detects the encoding and the separator; the
values are parsed by the common pipeline in :mod:`methodnet.io.validate`.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import polars as pl

from methodnet.errors import Problem, Report
from methodnet.io.frames import row_numbers
from methodnet.io.validate import RawTable, Source
from methodnet.model.spec import TableSpec
from methodnet.model.vocab import normalize_label

_CHUNK = 1 << 20
_SEPARATORS = (";", ",", "\t")


def sniff_separator(first_line: str) -> str:
    """The separator used most in the header line (``;`` wins ties: Russian Excel's choice)."""
    counts = {sep: first_line.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def _is_blank(path: Path) -> bool:
    """0 bytes, or only whitespace and a BOM (looked at in chunks)."""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if chunk.replace(codecs.BOM_UTF8, b"").strip():
                return False
    return True


def _first_line(data: bytes) -> str:
    return data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")


def _ragged_line(text: str, separator: str) -> tuple[int, int, int] | None:
    """(line, fields, expected) of the first row longer than the header."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    expected = None
    for record in reader:
        if expected is None:
            expected = len(record)
        elif len(record) > expected:
            return reader.line_num, len(record), expected
    return None


class _NotUtf8(Exception):
    pass


class _Ragged(Exception):
    def __init__(self, separator: str) -> None:
        self.separator = separator


def _header(head: bytes, separator: str) -> list[str | None]:
    # polars skips the header line, so its encoding is checked here (a cut-off last
    # character of the chunk is not an encoding problem).
    try:
        line = head.split(b"\n", 1)[0].decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise _NotUtf8 from exc
    first = next(csv.reader(io.StringIO(line), delimiter=separator), [])
    return [cell if cell.strip() else None for cell in first]


def _typed_overrides(headers: list[str | None], spec: TableSpec) -> dict[str, pl.DataType]:
    """Dtypes polars can parse itself while reading (numbers, yes/no, dates)."""
    overrides = {}
    for i, header in enumerate(headers):
        name = spec.header_lookup.get(normalize_label(header or ""))
        if name and spec.column(name).kind in ("int", "float", "bool", "date"):
            overrides[f"column_{i}"] = spec.column(name).dtype
    return overrides


def _read(payload: Path | bytes, spec: TableSpec) -> tuple[pl.DataFrame, list[str | None], str]:
    """Parse with polars; the header row is read separately so odd headers can be reported.

    Fast path: polars' multi-threaded reader parses numbers and dates itself. If any value
    does not parse, the file is read again as text and the common pipeline finds and
    locates every bad value.
    """
    if isinstance(payload, Path):
        with payload.open("rb") as fh:
            head = fh.read(_CHUNK)
    else:
        head = payload[:_CHUNK]
    separator = sniff_separator(_first_line(head))
    headers = _header(head, separator)
    options = dict(has_header=False, skip_rows=1, infer_schema=False, separator=separator, encoding="utf8",
                   raise_if_empty=False)
    try:
        try:
            frame = pl.read_csv(payload, schema_overrides=_typed_overrides(headers, spec), **options)
        except pl.exceptions.ComputeError as exc:
            if "could not parse" not in str(exc):
                raise
            frame = pl.read_csv(payload, **options)
    except pl.exceptions.ComputeError as exc:
        message = str(exc).lower()
        if "utf-8" in message or "utf8" in message:
            raise _NotUtf8 from exc
        if "more fields" in message or "ragged" in message:
            raise _Ragged(separator) from exc
        raise
    return frame, headers, separator


def _report_ragged(ragged: _Ragged, data: bytes, spec: TableSpec, source: Source, report: Report) -> None:
    found = _ragged_line(data.decode("utf-8", errors="replace"), ragged.separator)
    line, fields, expected = found if found else (None, "?", "?")
    report.add(Problem("ragged_row", file=source.file, table=spec.name, row=line,
                       params={"detail": f"{fields} вместо {expected}"},
                       hint=f"возьмите в кавычки значения, содержащие разделитель «{ragged.separator}»"))
    return None


def read_csv_table(path: Path, spec: TableSpec, report: Report) -> RawTable | None:
    """Read one CSV file as a raw table; ``None`` (with a problem reported) if unreadable."""
    source = Source(file=str(path))
    if _is_blank(path):
        report.add(Problem("empty_file", file=source.file, table=spec.name,
                           hint="удалите файл, если данных нет, или добавьте строку заголовков"))
        return None
    try:
        frame, headers, separator = _read(path, spec)
    except _NotUtf8:
        # Windows-1251 is what Russian Excel writes when not told otherwise.
        payload = path.read_bytes().decode("cp1251").encode("utf-8")
        try:
            frame, headers, separator = _read(payload, spec)
        except _Ragged as ragged:
            return _report_ragged(ragged, payload, spec, source, report)
    except _Ragged as ragged:
        return _report_ragged(ragged, path.read_bytes(), spec, source, report)
    except pl.exceptions.PolarsError as exc:
        report.add(Problem("unreadable_file", file=source.file, table=spec.name,
                           params={"detail": str(exc).splitlines()[0]}))
        return None
    if frame.width < len(headers):  # a header-only file: no data columns were read
        frame = pl.DataFrame({f"column_{i}": pl.Series([], dtype=pl.String) for i in range(len(headers))})
    # Line numbers as an editor shows them: the header is line 1.
    return RawTable(spec, headers, frame, row_numbers(frame.height, first=2), source)


def write_csv_table(frame: pl.DataFrame, path: Path, *, separator: str = ",", encoding: str = "utf-8",
                    headers: list[str] | None = None) -> None:
    """Write a typed table; lists are joined with ``; `` and dates written as ISO."""
    from methodnet.io.validate import LIST_SEPARATOR

    out = frame.with_columns(
        pl.col(c).list.join(LIST_SEPARATOR + " ") for c, t in frame.schema.items() if isinstance(t, pl.List)
    )
    if headers:
        out = out.rename(dict(zip(out.columns, headers)))
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        out.write_csv(path, separator=separator, include_bom=encoding.lower().endswith("sig"))
    else:
        path.write_bytes(out.write_csv(separator=separator).encode(encoding))
