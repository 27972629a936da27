"""CSV files as Russian office software exports them.

Excel and LibreOffice in a Russian locale write Windows-1251 or UTF-8 (often with a
BOM), separate fields with ``;`` (because ``,`` is the decimal separator) and write
dates as ``ДД.ММ.ГГГГ``. The reader detects the encoding and the separator; the
values are parsed by the common pipeline in :mod:`methodnet.io.validate`.

The encoding is decided for the whole file: a UTF-8 file with one bad byte is an error
at that line, never re-read as Windows-1251 (which would turn every letter into
mojibake); a file valid in neither is an error with its line. Binary files (gzip, ZIP,
an ``.xls`` renamed), CR-only line ends and unclosed quotes are recognised, and no
message quotes the file's content.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import Any

import polars as pl

from methodnet.errors import Problem, ProblemReport
from methodnet.io.frames import row_numbers
from methodnet.io.validate import RawTable, Source
from methodnet.limits import DEFAULT_LIMITS, Limits
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


def _ragged_line(text: str, separator: str) -> tuple[int, int | str, int | str] | None:
    """(line, fields, expected) of the first row longer than the header (``"?"`` where unreadable)."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    expected = None
    try:
        for record in reader:
            if expected is None:
                expected = len(record)
            elif len(record) > expected:
                return reader.line_num, len(record), expected
    except csv.Error:
        return reader.line_num, "?", expected or "?"
    return None


class _NotUtf8(Exception):
    pass


class _Ragged(Exception):
    def __init__(self, separator: str) -> None:
        self.separator = separator


class _Unparsable(Exception):
    def __init__(self, separator: str) -> None:
        self.separator = separator


#: Magic numbers of files that are not CSV, and what to tell the user.
_MAGIC = ((b"\x1f\x8b", "сжатый файл gzip: распакуйте его"),
          (b"PK\x03\x04", "архив ZIP (возможно, книга XLSX): дайте файлу расширение .xlsx или распакуйте"),
          (b"\xd0\xcf\x11\xe0", "книга Excel 97–2003 (.xls): сохраните её как .xlsx или CSV"),
          (b"%PDF", "документ PDF"),
          (b"PAR1", "файл Parquet: дайте ему расширение .parquet"))


def binary_kind(head: bytes) -> str | None:
    """What a file is when it is not text (None for text)."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if b"\x00" in head:
        return "в файле нулевые байты (двоичный файл или UTF-16): сохраните как CSV в UTF-8"
    return None


def decide_encoding(data: bytes) -> tuple[str | None, str, int]:
    """(text, code, line): the whole file decoded, or None with the problem code and line.

    Called when the file is not valid UTF-8. If it has more valid multi-byte UTF-8
    characters than bad bytes it is a damaged UTF-8 file (``mixed_encoding``); otherwise
    it is read as Windows-1251, which fails only on byte 0x98 (``bad_encoding``).
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return data.decode("utf-8"), "", 0
    sample = data[: 8 << 20]  # the first 8 MB tell which encoding the file was meant to be in
    good = sum(1 for _ in re.finditer(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}",
                                      sample))
    bad = sample.decode("utf-8", errors="replace").count("\ufffd")
    if good > bad:
        return None, "mixed_encoding", _line_at(data, first_bad)
    try:
        return data.decode("cp1251"), "", 0
    except UnicodeDecodeError as exc:
        return None, "bad_encoding", _line_at(data, exc.start)


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def unclosed_quote_line(text: str, separator: str) -> int | None:
    """The line where a field opens a quote that never closes (None if every quote closes)."""
    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        return start
    return None


def _header(head: bytes, separator: str) -> list[str | None]:
    # polars skips the header line, so its encoding is checked here (a cut-off last
    # character of the chunk is not an encoding problem).
    try:
        line = head.split(b"\n", 1)[0].decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise _NotUtf8 from exc
    try:
        first = next(csv.reader(io.StringIO(line), delimiter=separator), [])
    except csv.Error:  # a NUL or a stray line break in the header: split it plainly
        first = line.split(separator)
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
    options: dict[str, Any] = dict(has_header=False, skip_rows=1, infer_schema=False, separator=separator, encoding="utf8",
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
        if "could not parse" in message:
            raise _Unparsable(separator) from exc
        raise
    return frame, headers, separator


def _report_ragged(ragged: _Ragged, data: bytes, spec: TableSpec, source: Source, report: ProblemReport) -> None:
    found = _ragged_line(data.decode("utf-8", errors="replace"), ragged.separator)
    line, fields, expected = found if found else (None, "?", "?")
    report.add(Problem("ragged_row", file=source.file, table=spec.name, row=line,
                       params={"detail": f"{fields} вместо {expected}"},
                       hint=f"возьмите в кавычки значения, содержащие разделитель «{ragged.separator}»"))
    return None


def read_csv_table(path: Path, spec: TableSpec, report: ProblemReport,
                   limits: Limits = DEFAULT_LIMITS) -> RawTable | None:
    """Read one CSV file as a raw table; ``None`` (with a problem reported) if unreadable."""
    source = Source(file=str(path))

    def problem(code: str, row: int | None = None, hint: str | None = None, **params: object) -> None:
        report.add(Problem(code, file=source.file, table=spec.name, row=row, hint=hint, params=dict(params)))

    size = path.stat().st_size
    if size > limits.max_file_bytes:
        problem("limit_file_size", size=size, limit=limits.max_file_bytes,
                hint="разделите файл или увеличьте Limits.max_file_bytes")
        return None
    if _is_blank(path):
        problem("empty_file", hint="удалите файл, если данных нет, или добавьте строку заголовков")
        return None
    with path.open("rb") as fh:
        head = fh.read(_CHUNK)
    what = binary_kind(head)
    if what:
        problem("binary_file", detail=what)
        return None
    payload: Path | bytes = path
    if re.search(rb"\r(?!\n)", head):  # classic Mac line ends (or a mix): polars sees one line
        payload = re.sub(rb"\r(?!\n)", b"\n", path.read_bytes())
    try:
        try:
            frame, headers, separator = _read(payload, spec)
        except _NotUtf8:
            data = payload if isinstance(payload, bytes) else path.read_bytes()
            text, code, line = decide_encoding(data)
            if text is None:
                problem(code, row=line, hint="сохраните файл целиком в одной кодировке (лучше UTF-8)")
                return None
            payload = text.encode("utf-8")
            frame, headers, separator = _read(payload, spec)
    except _Ragged as ragged:
        data = payload if isinstance(payload, bytes) else path.read_bytes()
        _report_ragged(ragged, data, spec, source, report)
        return None
    except _Unparsable as unparsable:
        data = payload if isinstance(payload, bytes) else path.read_bytes()
        quote_line = unclosed_quote_line(data.decode("utf-8", errors="replace"), unparsable.separator)
        if quote_line is not None:
            problem("unclosed_quote", row=quote_line, hint="закройте кавычку или уберите её из значения")
        else:
            problem("unreadable_file", detail="строки CSV не разбираются", hint="сохраните файл заново как CSV")
        return None
    except _NotUtf8:
        problem("bad_encoding", hint="сохраните файл целиком в одной кодировке (лучше UTF-8)")
        return None
    except (pl.exceptions.PolarsError, OSError) as exc:
        # The library's message may quote the file's content: only its kind is shown.
        problem("unreadable_file", detail=f"CSV не читается ({type(exc).__name__})",
                hint="сохраните файл заново как CSV (UTF-8, разделитель «;» или «,»)")
        return None
    if frame.width < len(headers):  # a header-only file: no data columns were read
        frame = pl.DataFrame({f"column_{i}": pl.Series([], dtype=pl.String) for i in range(len(headers))})
    from methodnet.io.formulas import restore_frame

    # Line numbers as an editor shows them: the header is line 1.
    return RawTable(spec, headers, restore_frame(frame), row_numbers(frame.height, first=2), source)


def write_csv_table(frame: pl.DataFrame, path: Path, *, separator: str = ",", encoding: str = "utf-8",
                    headers: list[str] | None = None) -> None:
    """Write a typed table; lists are joined with ``; ``, dates written as ISO, formulas neutralized."""
    from methodnet.io.validate import LIST_SEPARATOR

    from methodnet.io.formulas import neutralize_frame

    out = neutralize_frame(frame).with_columns(
        pl.col(c).list.join(LIST_SEPARATOR + " ") for c, t in frame.schema.items() if isinstance(t, pl.List)
    )
    if headers:
        out = out.rename(dict(zip(out.columns, headers)))
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        out.write_csv(path, separator=separator, include_bom=encoding.lower().endswith("sig"))
    else:
        path.write_bytes(out.write_csv(separator=separator).encode(encoding))
