"""The requisites, general information and passport of a note: who, on what basis, from which record.

The passport ties the document to the record it was made from (id, version, hashes,
data date), so anyone can check that the numbers are the ones signed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from methodnet.spravka import russian as ru
from methodnet.spravka.model import PassportRow

if TYPE_CHECKING:
    from methodnet.spravka.content import NoteBuilder
    from methodnet.profile.model import Act

DEFAULT_HEADING = "О результатах мониторинга показателей методической службы {period}"
DEFAULT_GOAL = ("оценка достижения целевых значений показателей, установленных актом, выявление проблем "
                "и подготовка адресных рекомендаций")
STATE_WORDS = {"approved": "утверждён", "draft": "черновик (не утверждён)"}


def act_line(act: Act | None) -> str:
    """«приказ Управления … от 13.05.2024 № 183 «…»» — the act as ГОСТ writes a reference to it."""
    if act is None:
        return "акт не указан в профиле"
    parts = [act.kind or "акт"]
    if act.issuer:
        parts.append(ru.genitive_issuer(act.issuer))
    if act.date:
        parts.append(f"от {ru.date_short(act.date)}")
    if act.number:
        parts.append(f"№\u00a0{act.number}")
    return " ".join(parts) + f" «{act.title.strip('«»')}»"


def _organizations(builder: "NoteBuilder") -> int:
    groups = {r["group"] for r in builder.cur.rows if r["group_by"] == "organization" and r["group"] is not None}
    if groups:
        return len(groups)
    tables = {t.table: t.rows for t in builder.cur.stored.header.tables}
    return tables.get("organization", len(builder.profile.organizations))


def general(builder: "NoteBuilder", today: dt.date) -> dict[str, Any]:
    """The fields of :class:`~methodnet.spravka.model.Note` that are not results."""
    header = builder.cur.stored.header
    profile, settings = builder.profile, builder.settings
    period = builder.period
    author = settings.author or (profile.act.issuer if profile.act and profile.act.issuer else None) \
        or profile.municipality or profile.name
    heading = (settings.heading or DEFAULT_HEADING).format(period=ru.period_for(period),
                                                           municipality=profile.municipality or "")
    tables = {t.table: t.rows for t in header.tables}
    staff = tables.get("staff")
    n_orgs = _organizations(builder)
    participants = f"{ru.counted(n_orgs, 'организация')}" if n_orgs else "организации не указаны"
    if staff:
        participants += f"; записей о работниках в данных: {staff}"
    label = header.data_label or "данные муниципальной методической службы"
    sources = f"{label}; таблицы: " + ", ".join(f"{t.table} ({t.rows})" for t in header.tables) \
        if header.tables else label
    previous = None
    if builder.prev is not None:
        ph = builder.prev.stored.header
        previous = f"мониторинг {ru.period_for(builder.prev.last)} (id {ph.id}, версия {ph.version})"
    elif builder.prev_period is not None:
        previous = f"период {ru.period_short(builder.prev_period)} того же мониторинга"
    method = [f"Показатели вычислены methodnet {header.methodnet_version} по профилю «{profile.name}» "
              f"и записаны в хранилище мониторингов; справка составлена по записанным значениям без пересчёта.",
              "Статус «выполнен» означает достижение целевого значения на конец периода; «нет данных» — "
              "в данных нет сведений, по которым считается показатель (не ноль); «нет цели» — акт не "
              "устанавливает целевое значение на период."]
    if builder.prev_period is not None:
        method.append(f"Динамика — изменение по сравнению с {ru.period_short(builder.prev_period)} "
                      "(для долей — в процентных пунктах, п. п.).")
    return dict(
        author=author, title=ru.capitalize(heading),
        doc_date=ru.date_short(today), doc_number="",
        place=profile.municipality or "", basis=act_line(profile.act),
        goal=settings.goal or DEFAULT_GOAL, period=ru.period_words(period),
        object=f"муниципальная методическая служба{' (' + profile.municipality + ')' if profile.municipality else ''}",
        participants=participants, data_sources=sources, data_date=ru.date_short(header.data_date),
        monitoring_id=header.id, version=str(header.version), previous_label=previous,
        notes=list(profile.notes), method=method,
        signer=settings.signer or "Руководитель муниципальной методической службы")


def passport(builder: "NoteBuilder") -> list[PassportRow]:
    """The monitoring's passport (appendix): identity, versions, hashes, data date."""
    h = builder.cur.stored.header
    rows = [("Идентификатор мониторинга", h.id), ("Серия", h.series), ("Версия", str(h.version)),
            ("Заменяет версию", h.supersedes or "—"), ("Причина исправления", h.reason or "—"),
            ("Состояние", STATE_WORDS.get(h.state, h.state)),
            ("Записан", f"{h.recorded_at:%d.%m.%Y %H:%M} UTC"), ("Записал", h.recorded_by or "—"),
            ("Примечание", h.note or "—"), ("Версия methodnet", h.methodnet_version),
            ("Профиль", f"{h.profile_name} ({h.profile_id})"), ("SHA-256 профиля", h.profile_sha256),
            ("Территория", h.territory or "—"), ("Периоды", ", ".join(h.periods)),
            ("Разрез", {"organization": "по организациям"}.get(h.by or "", h.by or "без разреза")),
            ("Дата данных", ru.date_short(h.data_date)), ("Данные", h.data_label or "—"),
            ("Отпечаток данных", h.data_fingerprint), ("SHA-256 содержания", h.content_sha256)]
    rows += [(f"Таблица {t.table}", f"{ru.counted(t.rows, 'строка')}, SHA-256 {t.sha256[:16]}…") for t in h.tables]
    if builder.prev is not None:
        p = builder.prev.stored.header
        rows.append(("Сравнение с", f"{p.id}, версия {p.version}, {', '.join(p.periods)}"))
    return [PassportRow(label, value) for label, value in rows]
