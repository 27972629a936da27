"""The whole analytical note: the content, the conclusions and advice, measures, the passport.

Assembles what :mod:`.content` (the builder), :mod:`.advice`, :mod:`.measures` and
:mod:`.passport` compute; kept above them so they see the builder only as a type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from methodnet.history.model import StoredMonitoring
from methodnet.spravka import russian as ru
from methodnet.spravka.advice import conclusions, recommendations
from methodnet.spravka.content import NoteBuilder
from methodnet.spravka.measures import effects, measures
from methodnet.spravka.model import Note
from methodnet.spravka.passport import general, passport


def build_note(current: StoredMonitoring, previous: StoredMonitoring | None = None, *, profile: Any,
               today: dt.date | None = None) -> Note:
    """The whole note for ``current`` (compared with ``previous`` when given), per ``profile``'s settings."""
    if current.values.is_empty():
        from methodnet.spravka.errors import SpravkaError

        raise SpravkaError("spravka_empty", "в мониторинге нет ни одного значения показателя",
                           where=f"мониторинг {current.header.id}",
                           hint="запишите мониторинг по профилю с показателями (methodnet record …)")
    builder = NoteBuilder(current, previous, profile)
    sections = builder.sections()
    counts = builder.counts()
    years = builder.years()
    ranking = builder.ranking()
    risk = [r for r in ranking if r.risk]
    info = general(builder, today or dt.date.today())
    effect_rows, effect_sentence = effects(builder)
    total = sum(c.n for c in counts)
    summary = f"Всего {ru.counted(total, 'показатель')}: " + "; ".join(f"{c.label} — {c.n}" for c in counts) + "."
    if ranking:
        risk_sentence = (f"В зоне риска {ru.counted(len(risk), 'организация')} из {len(ranking)} "
                         f"(не выполнено не менее {ru.number(builder.settings.risk_share * 100)} % оцениваемых показателей)."
                         if risk else "Организаций в зоне риска нет.")
    else:
        risk_sentence = ""
    return Note(
        **info, sections=sections, counts=counts, summary_sentence=summary, years=years,
        dynamics=builder.dynamics(years), dynamics_chart=builder.summary_chart(sections),
        by_organization=bool(ranking), ranking=ranking, risk_zone=risk, risk_sentence=risk_sentence,
        conclusions=conclusions(builder, sections, counts, risk),
        recommendations=recommendations(builder, sections, ranking),
        measures=measures(builder.cur.stored.measures, builder.numbers), effects=effect_rows,
        effects_sentence=effect_sentence, appendix=builder.appendix(), passport=passport(builder))
