"""The analytical note for a municipality: how long one note takes (DOCX; PDF separately).

    python benchmarks/spravka.py

Target (issue 21): one note for a municipality under 3 s for the DOCX. Серышево, 14 indicators,
9 organizations, two monitorings (2024 and 2025, by organization, with measures) recorded into a
throw-away SQLite store; then, from the store: the note's content in process, the DOCX in
process (warm: matplotlib and docxtpl imported), the whole ``methodnet spravka … --out F.docx``
as a fresh process, and the same with ``--out F.pdf`` (adds LibreOffice). Wall-clock medians,
with CPU time beside them (the machine may be shared); results in benchmarks/results/spravka.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


def timed(run, repeat: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall_s": round(statistics.median(walls), 3), "cpu_s": round(statistics.median(cpus), 3)}


def cli(args: list[str], repeat: int) -> dict[str, float]:
    exe = str(Path(sys.executable).with_name("methodnet"))
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run([exe, *args], check=True, capture_output=True)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"wall_s": round(statistics.median(walls), 3), "cpu_s": round(statistics.median(cpus), 3)}


def main() -> None:
    import methodnet
    from methodnet.engine.evaluate import Engine
    from methodnet.history.api import record
    from methodnet.history.measures import read_measures
    from methodnet.history.stores import open_store
    from methodnet.api import load_profile
    from methodnet.rules.check import check
    from methodnet.spravka.api import make_note, write_spravka
    from methodnet.spravka.pdf import find_soffice

    at = dt.date(2026, 9, 1)
    dataset = methodnet.load(ROOT / "examples" / "seryshevo", options=methodnet.LoadOptions(today=at))
    profile = load_profile("seryshevo")
    engine = Engine(profile, dataset)
    measures = read_measures(ROOT / "examples" / "seryshevo-measures.csv", [i.id for i in profile.indicators])
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "history.sqlite"
        store = open_store(str(store_path))
        ids = []
        for period, frame in (("2024", measures), ("2025", None)):
            evaluation = engine.evaluate([period], ["organization"])
            ids.append(record(store, evaluation, profile, dataset, findings=check(profile, dataset, at, evaluation=evaluation),
                              measures=frame, author="benchmark").id)
        before, after = store.get(ids[0]), store.get(ids[1])
        store.close()
        write_spravka(after, Path(tmp) / "warm-up.docx", previous=before)  # imports matplotlib, docxtpl
        results = {
            "content_in_process": timed(lambda: make_note(after, before), 5),
            "docx_in_process": timed(lambda: write_spravka(after, Path(tmp) / "n.docx", previous=before), 5),
            "docx_cli_cold": cli(["spravka", ids[1], "--compare-with", ids[0], "--store", str(store_path),
                                  "--out", str(Path(tmp) / "c.docx")], 3),
        }
        if find_soffice():
            results["pdf_cli_cold"] = cli(["spravka", ids[1], "--compare-with", ids[0], "--store", str(store_path),
                                           "--out", str(Path(tmp) / "c.pdf")], 3)
        from docx import Document

        document = Document(str(Path(tmp) / "n.docx"))
        results["document"] = {"paragraphs": len(document.paragraphs), "tables": len(document.tables),
                               "pictures": len(document.inline_shapes)}
    results["load_average_1min"] = round(os.getloadavg()[0], 2)
    results["cpus"] = os.cpu_count()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "spravka.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
