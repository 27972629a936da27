"""Look inside an XLSX file before trusting it: sizes, DTDs, merges, formulas without values.

An XLSX workbook is a ZIP of XML parts. A hostile one inflates to gigabytes, declares
a dimension of 17 billion cells for one formatted cell, or carries an entity bomb in a
DTD (Excel never writes a DTD); a careless one has formulas whose values were never
calculated (written by a script, not saved by Excel: they read as empty) or merged
cells in the body (only the top-left cell has the value). This module reads the ZIP
directory and the worksheet parts within :class:`~methodnet.limits.Limits` and returns
the facts the reader needs, or the problems that stop it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from methodnet.errors import Problem
from methodnet.limits import Limits

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_COORD = re.compile(r"([A-Z]+)(\d+)")


@dataclass
class SheetFacts:
    """What the raw XML of one worksheet says."""

    title: str
    part: str
    merged: list[str] = field(default_factory=list)
    formulas_without_value: list[str] = field(default_factory=list)


def split_ref(ref: str) -> tuple[int, int]:
    """``"C12"`` → (row 12, column 3)."""
    match = _COORD.fullmatch(ref)
    if not match:
        return 0, 0
    letters, row = match.groups()
    col = 0
    for char in letters:
        col = col * 26 + ord(char) - 64
    return int(row), col


def inspect_workbook(path: Path, limits: Limits) -> tuple[dict[str, SheetFacts], list[Problem]]:
    """Facts per sheet title, or problems (then the workbook must not be opened)."""
    where = str(path)

    def fail(code: str, detail: str = "", hint: str | None = None, sheet: str | None = None) -> tuple[dict, list]:
        return {}, [Problem(code, file=where, sheet=sheet, params={"detail": detail}, hint=hint)]

    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # noqa: BLE001 — any failure to open an untrusted ZIP means "corrupt"
        return fail("corrupt_file", type(exc).__name__, "файл обрезан или не является книгой XLSX; сохраните его заново")
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.xlsx_max_total_bytes:
            return fail("limit_xlsx_size", f"{total} байт при пределе {limits.xlsx_max_total_bytes}",
                        "разделите книгу или увеличьте Limits.xlsx_max_total_bytes")
        for info in infos:
            if info.file_size > limits.xlsx_max_part_bytes:
                return fail("limit_xlsx_size", f"часть {info.filename}: {info.file_size} байт при пределе "
                            f"{limits.xlsx_max_part_bytes}", "разделите книгу или увеличьте Limits.xlsx_max_part_bytes")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.xlsx_ratio_from_bytes and ratio > limits.xlsx_max_ratio:
                return fail("limit_xlsx_size", f"часть {info.filename} сжата в {ratio:.0f} раз (предел "
                            f"{limits.xlsx_max_ratio}): так сжимается пустота, а не данные",
                            "сохраните книгу заново из Excel; предел задаёт Limits.xlsx_max_ratio")
        try:
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(info) as fh:
                        prolog = fh.read(65536)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        return fail("xlsx_entities", hint="сохраните книгу заново из Excel или LibreOffice")
            parts = _sheet_parts(archive)
            facts: dict[str, SheetFacts] = {}
            for title, part in parts.items():
                data = archive.read(part)
                cells = data.count(b"<c ") + data.count(b"<c>")
                if cells > limits.xlsx_max_cells:
                    return fail("limit_xlsx_cells", f"{cells} ячеек при пределе {limits.xlsx_max_cells}",
                                "разделите лист или увеличьте Limits.xlsx_max_cells", sheet=title)
                facts[title] = _inspect_sheet(data, title, part)
        except Exception as exc:  # noqa: BLE001 — zlib, zipfile and expat errors on untrusted bytes
            return fail("corrupt_file", type(exc).__name__, "книга повреждена; сохраните её заново из Excel")
    return facts, []


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → path of its XML part, from workbook.xml and its relationships."""
    names = set(archive.namelist())
    workbook = "xl/workbook.xml"
    if workbook not in names:  # an unusual layout: openpyxl finds its way; merges and formulas go unchecked
        return {}
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in names:
        for rel in ElementTree.fromstring(archive.read(rels_name)).iter(f"{_NS_PKG}Relationship"):
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            targets[rel.get("Id", "")] = full
    parts = {}
    for sheet in ElementTree.fromstring(archive.read(workbook)).iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_REL}id", ""))
        if part in names:
            parts[sheet.get("name", "")] = part
    return parts


def _inspect_sheet(data: bytes, title: str, part: str) -> SheetFacts:
    facts = SheetFacts(title, part)
    facts.merged = [m.decode() for m in _MERGE.findall(data)]
    if _FORMULA.search(data):
        for attrs, body in _CELL.findall(data):
            if body and _FORMULA.search(body) and _no_value(attrs, body):
                ref = _REF.search(attrs)
                if ref:
                    facts.formulas_without_value.append(ref.group(1).decode())
    return facts


def _no_value(attrs: bytes, body: bytes) -> bool:
    """A formula cell without a cached value: no ``<v>``, or an empty one outside a text result.

    Excel stores an empty-text result as ``t="str"`` with ``<v></v>``; scripts (openpyxl)
    write an empty ``<v>`` for every formula, the value never calculated.
    """
    found = _VALUE.search(body)
    if found is None:
        return True
    return not (found.group(1) or b"").strip() and b't="str"' not in attrs
