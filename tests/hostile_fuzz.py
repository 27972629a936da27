"""Run the property tests at the issue's scale with random seeds (not part of the suite).

    python tests/hostile_fuzz.py            # ~3 minutes: 6,000 expressions, 2,000 evaluations, 1,800 CSV, ...

CI runs the same properties derandomized with few examples (tests/test_hostile_properties.py);
this script is how the figures in docs/hostile-input.md were obtained.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_hostile_properties as T  # noqa: E402


def _scaled(test, strategy, n: int):  # type: ignore[no-untyped-def]
    @settings(max_examples=n, deadline=None, database=None, derandomize=False)
    @given(strategy)
    def run(value):  # type: ignore[no-untyped-def]
        test.hypothesis.inner_test(value)

    return run


RUNS = [
    ("expressions through the checker", T.test_expression_checker_raises_only_expression_errors, T._expressions(), 6000),
    ("conditions evaluated by the Engine", T.test_what_validates_evaluates, st.one_of(T._typed(), T._expressions()), 2000),
    ("mutated CSV files", T.test_mutated_csv_loads_or_reports, T._mutated(), 1800),
    ("mutated profiles", T.test_mutated_profile_loads_or_reports, T._mutated_profile(), 800),
    ("mutated profiles evaluated", T.test_a_mutated_profile_that_loads_evaluates, T._mutated_profile(), 300),
    ("random workbooks", T.test_random_workbook_loads_or_reports, T._workbook(), 300),
]


def main() -> int:
    failed = 0
    for name, test, strategy, n in RUNS:
        before = len(T._EVALUATED)
        started = time.perf_counter()
        try:
            _scaled(test, strategy, n)()
            evaluated = len(T._EVALUATED) - before
            extra = f", {evaluated} validated and evaluated" if evaluated else ""
            print(f"{n} {name}: no failure ({time.perf_counter() - started:.0f} s{extra})", flush=True)
        except Exception:  # noqa: BLE001 — report every property, then fail
            failed += 1
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
