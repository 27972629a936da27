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

_CHUNK = 1 << 20
_SEPARATORS = (";", ",", "\t")


def is_utf8(path: Path) -> bool:
    """Whether the file decodes as UTF-8, checked in chunks so big files cost no memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


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


def read_csv_table(path: Path, spec: TableSpec, report: Report) -> RawTable | None:
    """Read one CSV file as a raw table; ``None`` (with a problem reported) if unreadable."""
    source = Source(file=str(path))
    if _is_blank(path):
        report.add(Problem("empty_file", file=source.file, table=spec.name,
                           hint="удалите файл, если данных нет, или добавьте строку заголовков"))
        return None
    utf8 = is_utf8(path)
    if utf8:
        with path.open("rb") as fh:
            head = fh.read(_CHUNK)
        payload: Path | bytes = path
    else:
        # Windows-1251 is what Russian Excel writes when not told otherwise.
        payload = path.read_bytes().decode("cp1251").encode("utf-8")
        head = payload[:_CHUNK]
    separator = sniff_separator(_first_line(head))
    try:
        frame = pl.read_csv(payload, has_header=False, infer_schema=False, separator=separator,
                            encoding="utf8", raise_if_empty=False)
    except pl.exceptions.ComputeError as exc:
        text = (path.read_bytes() if utf8 else payload).decode("utf-8", errors="replace")  # type: ignore[union-attr]
        found = _ragged_line(text, separator)
        if found:
            line, fields, expected = found
            report.add(Problem("ragged_row", file=source.file, table=spec.name, row=line,
                               params={"detail": f"{fields} вместо {expected}"},
                               hint="возьмите в кавычки значения, содержащие разделитель «" + separator + "»"))
        else:
            report.add(Problem("unreadable_file", file=source.file, table=spec.name,
                               params={"detail": str(exc).splitlines()[0]}))
        return None
    if frame.height == 0:
        report.add(Problem("empty_file", file=source.file, table=spec.name,
                           hint="добавьте строку заголовков"))
        return None
    headers = [None if v is None else str(v) for v in frame.row(0)]
    data = frame.slice(1)
    # Line numbers as an editor shows them: the header is line 1.
    return RawTable(spec, headers, data, row_numbers(data.height, first=2), source)


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
