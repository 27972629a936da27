"""Hand-over between levels: a monitoring as one JSON file with its hashes; and ``verify``.

A municipality exports a monitoring; the region imports it, keeping its id, version, events
and hashes. Import recomputes every row hash and the content hash before writing anything:
a bundle changed on the way is refused, naming the rows. Importing the same bundle twice
changes nothing. ``verify`` does the same for every monitoring already in a store.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from methodnet.history.canonical import canonical_json, content_hash, normalise, row_hashes, sha256_text
from methodnet.history.model import Event, Monitoring, StoredMonitoring, TableFingerprint
from methodnet.history.record import PARTS, header_dict
from methodnet.history.store import HistoryError, HistoryStore

FORMAT = "methodnet-monitoring"
FORMAT_VERSION = 1
_LOCATE = {"values": ("indicator", "period", "group"), "targets": ("indicator", "key"),
           "findings": ("rule", "subject"), "measures": ("measure",)}


@dataclass(frozen=True)
class Tampered:
    """One thing ``verify`` found changed: which monitoring, which part and row, what."""

    monitoring_id: str
    part: str
    position: int | None  # 1-based row of the part; None for the header
    where: str
    problem: str

    def __str__(self) -> str:
        row = f", строка {self.position}" if self.position is not None else ""
        return f"{self.monitoring_id} [{self.part}{row}] {self.where}: {self.problem}"


@dataclass(frozen=True)
class Verification:
    checked: int
    tampered: tuple[Tampered, ...]

    @property
    def ok(self) -> bool:
        return not self.tampered

    def to_polars(self) -> pl.DataFrame:
        schema = {"monitoring_id": pl.String, "part": pl.String, "position": pl.Int64, "where": pl.String,
                  "problem": pl.String}
        return pl.DataFrame([asdict(t) for t in self.tampered], schema=schema)

    def to_text(self) -> str:
        if self.ok:
            return f"проверено мониторингов: {self.checked}; все хэши совпадают"
        lines = [f"проверено мониторингов: {self.checked}; найдены изменения ({len(self.tampered)}):"]
        lines += [f"  {t}" for t in self.tampered[:50]]
        if len(self.tampered) > 50:
            lines.append(f"  … и ещё {len(self.tampered) - 50}")
        return "\n".join(lines)


def _where(part: str, row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={row.get(k)}" for k in _LOCATE[part] if row.get(k) is not None)


def check_monitoring(stored: StoredMonitoring, stored_hashes: dict[str, list[str]]) -> list[Tampered]:
    """Everything in ``stored`` that does not match its hashes (empty: intact)."""
    mid = stored.header.id
    found: list[Tampered] = []
    recomputed: dict[str, list[str]] = {}
    for part in PARTS:
        frame = normalise(getattr(stored, part), PARTS[part])
        fresh = row_hashes(frame)
        recomputed[part] = fresh
        kept = stored_hashes.get(part, [])
        for i, (old, new) in enumerate(zip(kept, fresh)):
            if old != new:
                found.append(Tampered(mid, part, i + 1, _where(part, frame.row(i, named=True)),
                                      "строка изменена: хэш не совпадает"))
        expected = stored.header.extra.get("rows", {}).get(part)
        if expected is not None and expected != len(fresh):
            found.append(Tampered(mid, part, None, "", f"строк {len(fresh)}, а записано {expected}"))
    if sha256_text(stored.profile_text) != stored.header.profile_sha256:
        found.append(Tampered(mid, "profile", None, stored.header.profile_id, "текст профиля изменён"))
    if content_hash(header_dict(stored.header), recomputed) != stored.header.content_sha256:
        found.append(Tampered(mid, "header", None, stored.header.series,
                              "хэш содержимого не совпадает (паспорт, строки или их хэши изменены)"))
    return found


def _check_copy(monitoring_id: str, copy: pl.DataFrame, kept: list[str]) -> list[Tampered]:
    """The columnar copy (what compare and trend read) must hold exactly the hashed rows."""
    try:
        frame = normalise(copy, PARTS["values"])
    except pl.exceptions.PolarsError as exc:
        return [Tampered(monitoring_id, "values_copy", None, "", f"колоночная копия не читается: {exc}")]
    fresh = row_hashes(frame)
    found = [Tampered(monitoring_id, "values_copy", i + 1, _where("values", frame.row(i, named=True)),
                      "колоночная копия значений расходится со строками")
             for i, (old, new) in enumerate(zip(kept, fresh)) if old != new]
    if len(fresh) != len(kept):
        found.append(Tampered(monitoring_id, "values_copy", None, "",
                              f"в колоночной копии {len(fresh)} строк, а строк значений {len(kept)}"))
    return found


def verify(store: HistoryStore, ids: list[str] | None = None) -> Verification:
    """Recompute every content hash in the store (or of ``ids``) and name what changed."""
    headers = [store.header(i) for i in ids] if ids else store.list()
    tampered: list[Tampered] = []
    for header in headers:
        pairs = store.row_hashes(header.id)
        kept = {p: [old for old, _ in v] for p, v in pairs.items()}
        tampered += check_monitoring(store.get(header.id), kept)
        copy = store.columnar(header.id) if hasattr(store, "columnar") else None
        if copy is not None:
            tampered += _check_copy(header.id, copy, kept["values"])
    return Verification(len(headers), tuple(tampered))


# ---------------------------------------------------------------------------- bundles


def _json_rows(frame: pl.DataFrame) -> list[list[Any]]:
    return [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in frame.iter_rows()]


def to_bundle(store: HistoryStore, monitoring_id: str) -> dict[str, Any]:
    """The monitoring as a JSON-ready dict: passport, profile text, parts with row hashes, events."""
    stored = store.get(monitoring_id)
    hashes = {p: [old for old, _ in v] for p, v in store.row_hashes(stored.header.id).items()}
    header = json.loads(canonical_json(header_dict(stored.header)))
    header["content_sha256"] = stored.header.content_sha256
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "monitoring": header,
            "profile_text": stored.profile_text,
            "parts": {p: {"columns": list(PARTS[p]), "rows": _json_rows(getattr(stored, p)), "row_sha256": hashes[p]}
                      for p in PARTS},
            "events": [{"kind": e.kind, "at": e.at.isoformat(), "actor": e.actor, "comment": e.comment}
                       for e in stored.events]}


def export_bundle(store: HistoryStore, monitoring_id: str, out: Path, *, actor: str | None = None) -> Path:
    bundle = to_bundle(store, monitoring_id)
    out.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    store.log(bundle["monitoring"]["id"], "exported", actor=actor, comment=out.name)
    return out


def _bad(path: str, detail: str) -> HistoryError:
    return HistoryError("bundle_invalid", f"это не пакет мониторинга methodnet: {detail}", where=path,
                        hint="пакет создаёт methodnet history export ID --out файл.json")


def from_bundle(bundle: Any, where: str = "пакет") -> tuple[StoredMonitoring, dict[str, list[str]]]:
    """Rebuild a monitoring from a bundle, checking its format and every hash."""
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise _bad(where, "нет отметки формата")
    if int(bundle.get("format_version", 0)) > FORMAT_VERSION:
        raise HistoryError("bundle_too_new", "пакет создан более новой версией methodnet", where=where,
                           hint="обновите methodnet")
    try:
        h = bundle["monitoring"]
        header = Monitoring(
            id=h["id"], series=h["series"], version=int(h["version"]), supersedes=h["supersedes"],
            reason=h["reason"], state="draft", recorded_at=dt.datetime.fromisoformat(h["recorded_at"]),
            recorded_by=h["recorded_by"], note=h["note"], methodnet_version=h["methodnet_version"],
            profile_id=h["profile_id"], profile_name=h["profile_name"], profile_sha256=h["profile_sha256"],
            territory=h["territory"], periods=tuple(h["periods"]), by=h["by"],
            data_date=dt.date.fromisoformat(h["data_date"]) if h["data_date"] else None,
            data_label=h["data_label"], data_fingerprint=h["data_fingerprint"],
            tables=tuple(TableFingerprint(t, int(n), s) for t, n, s in h["tables"]),
            content_sha256=h["content_sha256"], extra=h.get("extra") or {})
        parts, hashes = {}, {}
        for part, schema in PARTS.items():
            body = bundle["parts"][part]
            raw = pl.DataFrame(body["rows"], schema={c: _json_type(schema[c]) for c in body["columns"]},
                               orient="row")
            parts[part] = normalise(_typed(raw, schema), schema)
            hashes[part] = [str(x) for x in body["row_sha256"]]
        events = tuple(Event(header.id, e["kind"], dt.datetime.fromisoformat(e["at"]), e.get("actor"),
                             e.get("comment")) for e in bundle.get("events", []))
        text = bundle["profile_text"]
    except (KeyError, TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise _bad(where, f"{type(exc).__name__}: {exc}") from None
    stored = StoredMonitoring(header=header, profile_text=text, events=events, **parts)
    problems = check_monitoring(stored, hashes)
    if problems:
        raise HistoryError("bundle_hash_mismatch", "хэши пакета не совпадают: " + "; ".join(map(str, problems[:5]))
                           + (f" … и ещё {len(problems) - 5}" if len(problems) > 5 else ""), where=where,
                           hint="пакет изменён после выгрузки: запросите его заново")
    return stored, hashes


def _json_type(dtype: pl.DataType) -> pl.DataType:
    return pl.String() if dtype == pl.Date() else dtype


def _typed(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return frame.with_columns(pl.col(c).str.to_date("%Y-%m-%d") for c, t in schema.items()
                              if t == pl.Date() and c in frame.columns)


def import_bundle(store: HistoryStore, path: Path, *, actor: str | None = None) -> tuple[Monitoring, bool]:
    """Import a bundle; ``(monitoring, False)`` when it was already there with the same content."""
    try:
        bundle = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(str(path), f"{type(exc).__name__}: {exc}") from None
    stored, hashes = from_bundle(bundle, str(path))
    try:
        existing = store.header(stored.header.id)
    except HistoryError as exc:
        if exc.code != "unknown_id":
            raise
        existing = None
    if existing is not None:
        if existing.content_sha256 == stored.header.content_sha256:
            return existing, False
        raise HistoryError("bundle_conflict", "в хранилище уже есть мониторинг с этим id, но другим содержимым",
                           where=str(path), hint="пакет или хранилище изменены: methodnet history verify")
    kept = tuple(e for e in stored.events if e.kind in ("recorded", "corrected", "approved"))
    stored = replace(stored, events=())
    return store.add(stored, hashes, event="imported", actor=actor, comment=Path(path).name, events=kept), True
