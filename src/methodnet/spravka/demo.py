"""The demo's last step: record two monitorings of the example and write their analytical note.

Called by ``methodnet demo`` so the main job's path ends with the document a department
receives: 2024 (with the measures decided after it) and 2025 are recorded into a store in
the demo's folder, and the 2025 note compares them (dynamics, effect of the measures).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

PERIODS = ("2024", "2025")


def demo_note(profile: Any, dataset: Any, out: Path, at: dt.date, measures: Path | None = None) -> Path:
    """Record ``PERIODS`` by organization into ``out/methodnet-history.sqlite`` (made anew); write the note."""
    from methodnet.engine.evaluate import Engine
    from methodnet.history.api import record
    from methodnet.history.stores import open_store
    from methodnet.rules.check import check
    from methodnet.spravka.api import write_spravka

    store_path = out / "methodnet-history.sqlite"
    for leftover in out.glob("methodnet-history.sqlite*"):  # the demo's own store: a rerun starts clean
        leftover.unlink()
    frame = None
    if measures is not None and measures.is_file():
        from methodnet.history.measures import read_measures

        frame = read_measures(measures, [i.id for i in profile.indicators])
    engine = Engine(profile, dataset)
    store = open_store(str(store_path))
    try:
        ids = []
        for period, decided in zip(PERIODS, (frame, None)):
            evaluation = engine.evaluate([period], ["organization"])
            findings = check(profile, dataset, at, evaluation=evaluation)
            ids.append(record(store, evaluation, profile, dataset, findings=findings, measures=decided,
                              author="methodnet demo").id)
        previous, current = store.get(ids[0]), store.get(ids[1])
    finally:
        store.close()
    return write_spravka(current, out / "seryshevo-spravka.docx", previous=previous, profile=profile, today=at)


def run_demo_note(profile: Any, dataset: Any, out: Path, at: dt.date) -> None:
    """The demo's step with its messages; without the ``docx`` extra it says what to install."""
    import click

    from methodnet.errors import MissingDependencyError

    measures = Path.cwd() / "examples" / "seryshevo-measures.csv"  # run from a checkout: the bundled measures
    click.echo("… мониторинги 2024 и 2025 записываются, справка составляется", err=True)
    try:
        note = demo_note(profile, dataset, out, at, measures)
    except MissingDependencyError as exc:
        click.echo(f"справка не составлена: {exc}", err=True)
        return
    click.echo(f"справка: {note.resolve()} (мониторинги — в {(out / 'methodnet-history.sqlite').resolve()})")
