"""How stored monitorings and trends look to people: text, a self-contained HTML page, XLSX."""

from __future__ import annotations

import html
from pathlib import Path

from methodnet.errors import require
from methodnet.history.compare import STATUS_RU
from methodnet.history.model import StoredMonitoring
from methodnet.history.trend import POSITION_RU, Trend

EVENT_RU = {"recorded": "записан", "corrected": "исправлен (новая версия)", "approved": "утверждён",
            "exported": "выгружен", "imported": "загружен", "verified": "проверен"}
POSITION_COLOUR = {"ahead": "#1b5e20", "on_track": "#2e7d32", "behind": "#c62828", "in_progress": "#ef6c00",
                   "no_data": "#757575",
                   "no_target": "#607d8b", "no_monitoring": "#9e9e9e"}


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}".replace(".", ",")


def show_text(stored: StoredMonitoring) -> str:
    h = stored.header
    lines = [f"Мониторинг {h.id}", f"  серия: {h.series}, версия {h.version}"
             + (f" (исправляет {h.supersedes}: {h.reason})" if h.supersedes else ""),
             f"  состояние: {'утверждён' if h.approved else 'черновик'}"
             + (f" {h.approved_at:%d.%m.%Y %H:%M} UTC ({h.approved_by or '—'})" if h.approved_at else ""),
             f"  профиль: {h.profile_id} — {h.profile_name}", f"  профиль sha256: {h.profile_sha256}",
             f"  территория: {h.territory or 'все'}; периоды: {', '.join(h.periods)}; разрез: {h.by or 'нет'}",
             f"  данные: {h.data_label or '—'}, дата данных {f'{h.data_date:%d.%m.%Y}' if h.data_date else '—'}, отпечаток {h.data_fingerprint[:16]}…,"
             f" таблиц {len(h.tables)}, строк {sum(t.rows for t in h.tables)}",
             f"  записал: {h.recorded_by or '—'} {h.recorded_at:%d.%m.%Y %H:%M} UTC, methodnet {h.methodnet_version}",
             f"  хэш содержимого: {h.content_sha256}"]
    if h.note:
        lines.append(f"  примечание: {h.note}")
    lines.append(f"  значений {stored.values.height}, замечаний {stored.findings.height}, мер {stored.measures.height}")
    lines.append("\nЖурнал:")
    for e in stored.events:
        lines.append(f"  {e.at:%d.%m.%Y %H:%M} {EVENT_RU.get(e.kind, e.kind)} — {e.actor or '—'}"
                     + (f": {e.comment}" if e.comment else ""))
    lines.append("\nИтоги:")
    for r in stored.values.filter(stored.values["group_by"].is_null()).iter_rows(named=True):
        lines.append(f"  {r['period']:<8} {(r['name'] or r['indicator'])[:60]:<60} {_num(r['value']):>7} "
                     f"/ {_num(r['target']):>5}  {STATUS_RU.get(r['status'], r['status'])}")
    if stored.measures.height:
        lines.append("\nМеры:")
        for r in stored.measures.iter_rows(named=True):
            deadline = f"{r['deadline']:%d.%m.%Y}" if r["deadline"] else "—"
            lines.append(f"  {r['measure']} — {r['responsible'] or '—'}, срок {deadline}, "
                         f"показатели: {', '.join(r['indicators'] or []) or '—'}"
                         + (f", выполнено {r['done_on']:%d.%m.%Y}" if r["done_on"] else ""))
    return "\n".join(lines)


def trend_section(result: Trend) -> str:
    """The trend as an HTML fragment (a section of the report, or the body of a page)."""
    parts = ["<section id='trend'><h2>Динамика по утверждённым мониторингам</h2>",
             "<p class='legend'>Утверждённые мониторинги против траектории целей программы; значения взяты из "
             "хранилища, не пересчитаны.</p>"]
    for (indicator,), part in result.rows.group_by("indicator", maintain_order=True):
        name = part["name"][0] or indicator
        parts.append(f"<h3>{html.escape(name)}</h3><table><tr><th>Период</th><th>Значение</th><th>Траектория</th>"
                     "<th>Следующая цель</th><th>Положение</th><th>Версия</th></tr>")
        for r in part.iter_rows(named=True):
            colour = POSITION_COLOUR.get(r["position"], "#000")
            parts.append(f"<tr><td>{html.escape(r['period'])}</td><td>{_num(r['value'])}</td>"
                         f"<td>{_num(r['trajectory'])}</td><td>{_num(r['next_target'])}</td>"
                         f"<td style='color:{colour}'>{POSITION_RU.get(r['position'], r['position'])}</td>"
                         f"<td>{'v' + str(r['version']) if r['version'] else '—'}</td></tr>")
        parts.append("</table>")
    parts.append("</section>")
    return "\n".join(parts)


def trend_html(result: Trend) -> str:
    """A page that needs no network: one table per indicator, coloured by position."""
    title = html.escape(result.profile_id) + (f", {html.escape(result.territory)}" if result.territory else "")
    return ("<!doctype html><html lang='ru'><head><meta charset='utf-8'>"
            f"<title>Динамика: {title}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
            "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th{background:#f5f5f5}"
            "td:first-child{text-align:left}</style></head><body>"
            f"<h1>Динамика показателей: {title}</h1>{trend_section(result)}</body></html>")


def add_trend_section(page: Path, store_uri: str | None, profile_id: str, territory: str | None = None) -> bool:
    """Put the store's trend into an HTML report (before its end); False when nothing is approved yet."""
    from methodnet.history.store import HistoryError
    from methodnet.history.stores import open_store
    from methodnet.history.trend import trend

    try:
        with open_store(store_uri) as store:
            fragment = trend_section(trend(store, profile_id, territory=territory))
            added = True
    except HistoryError as exc:
        if exc.code not in ("no_approved",):
            raise
        fragment = ("<section id='trend'><h2>Динамика по утверждённым мониторингам</h2>"
                    f"<p>{html.escape(str(exc))}</p></section>")
        added = False
    text = page.read_text(encoding="utf-8")
    marker = "</main>" if "</main>" in text else "</body>"
    page.write_text(text.replace(marker, fragment + marker, 1), encoding="utf-8")
    return added


def trend_xlsx(result: Trend, path: Path) -> Path:
    openpyxl = require("openpyxl", "excel")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Динамика"
    sheet.append(["Показатель", "Наименование", "Период", "Значение", "Ед.", "Траектория", "Следующая цель",
                  "Статус", "Положение", "Версия", "id мониторинга"])
    for r in result.rows.iter_rows(named=True):
        sheet.append([r["indicator"], r["name"], r["period"], r["value"], r["unit"], r["trajectory"],
                      r["next_target"], STATUS_RU.get(r["status"], r["status"]),
                      POSITION_RU.get(r["position"], r["position"]), r["version"], r["monitoring_id"]])
    book.save(path)
    return path


def monitorings_frame(headers: list) -> "pl.DataFrame":  # type: ignore[type-arg]
    """Passports as a table (what ``history list`` prints), for notebooks."""
    import polars as pl

    rows = [{"id": h.id, "series": h.series, "version": h.version, "state": h.state, "supersedes": h.supersedes,
             "reason": h.reason, "recorded_at": h.recorded_at, "recorded_by": h.recorded_by,
             "profile_id": h.profile_id, "territory": h.territory, "periods": list(h.periods), "by": h.by,
             "data_date": h.data_date, "data_label": h.data_label, "content_sha256": h.content_sha256}
            for h in headers]
    return pl.DataFrame(rows, schema={"id": pl.String, "series": pl.String, "version": pl.Int64,
                                      "state": pl.String, "supersedes": pl.String, "reason": pl.String,
                                      "recorded_at": pl.Datetime("us", "UTC"), "recorded_by": pl.String,
                                      "profile_id": pl.String, "territory": pl.String,
                                      "periods": pl.List(pl.String), "by": pl.String, "data_date": pl.Date,
                                      "data_label": pl.String, "content_sha256": pl.String})
