"""Municipality scale: in-process evaluation of Серышево, and the CLI's cold start.

    python benchmarks/municipality.py

Targets: one full profile evaluation in process < 20 ms (issue 10; < 50 ms before);
``methodnet --help`` < 0.3 s and ``methodnet evaluate`` on the example < 1.5 s end to end.
Timings are medians of repeated runs; results go to benchmarks/results/municipality.json.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


def median_seconds(run, repeat: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    import methodnet
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    dataset = methodnet.load(ROOT / "examples" / "seryshevo", options=methodnet.LoadOptions(today=dt.date(2026, 9, 1)))
    profile = load_profile("seryshevo")
    Engine(profile, dataset).evaluate("2025")  # warm-up: imports, plugin registry
    engine_s, engine_runs = median_seconds(lambda: Engine(profile, dataset).evaluate("2025"), 30)
    four_s, _ = median_seconds(lambda: Engine(profile, dataset).evaluate(["2024", "2025", "2026", "2027"]), 10)

    exe = shutil.which("methodnet") or str(Path(sys.executable).parent / "methodnet")
    help_s, _ = median_seconds(lambda: subprocess.run([exe, "--help"], capture_output=True, check=True), 7)
    command = [exe, "evaluate", "--profile", "seryshevo", "--data", str(ROOT / "examples" / "seryshevo"),
               "--period", "2025"]
    evaluate_s, _ = median_seconds(lambda: subprocess.run(command, capture_output=True, check=True), 5)

    rows = [("in-process evaluation, 1 period (target < 0.020 s)", engine_s),
            ("in-process evaluation, 4 periods", four_s),
            ("methodnet --help, cold start (target < 0.3 s)", help_s),
            ("methodnet evaluate on the example, end to end (target < 1.5 s)", evaluate_s)]
    for label, seconds in rows:
        print(f"{label:<66} {seconds:8.3f} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "municipality.json").write_text(json.dumps({
        "evaluate_in_process_s": engine_s, "evaluate_in_process_runs": engine_runs, "evaluate_4_periods_s": four_s,
        "cli_help_s": help_s, "cli_evaluate_s": evaluate_s}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
