"""Run the hostile-input corpus (tests/data/hostile/<class>/<case>/expected.yaml).

A case is data: input files (or the name of a generator in :mod:`hostile_gen` that
writes them at test time — bombs and huge workbooks are not committed) and
``expected.yaml``::

    description: what the attacker or the careless user does
    base: good                 # start data/ from tests/data/good (optional)
    generate: xlsx_far_cell    # hostile_gen.<name>(tmp) writes more input (optional)
    run: load                  # load | profile | cli | api
    target: data               # load/profile: path inside the case
    args: [report, --out, "{tmp}/r.pdf"]   # cli ("{tmp}", "{good}" substituted)
    call: rows_not_mappings    # api: hostile_gen.<name>(tmp) makes the call
    expect:
      exit: 2                  # 2 = a located error in the MethodnetError family, 0 = loads/runs
      codes: [limit_yaml_aliases]        # reported codes that must be present
      problem: {code: ..., file: ..., row: ..., column: ..., sheet: ...}  # one problem like this
      output_contains: [...]   # cli output
      absent: ["Иванова"]      # never in any message or output

``python tests/hostile_cases.py [--src PATH]`` runs every case in its own process with
a time and memory limit and prints the outcome counts per class (traceback, hang,
silent, leak, located); ``--src`` measures another checkout's ``src`` (the "before").
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "hostile"
GOOD = HERE / "data" / "good"
TODAY = dt.date(2026, 9, 1)


def cases(klass: str | None = None) -> list[Path]:
    root = CORPUS / klass if klass else CORPUS
    return sorted(p.parent for p in root.rglob("expected.yaml"))


@dataclass
class Outcome:
    exit: int
    error: str | None = None          # type name of the exception raised (None: nothing raised)
    in_family: bool = True
    codes: set[str] = field(default_factory=set)
    problems: list[dict[str, Any]] = field(default_factory=list)
    output: str = ""


def prepare(case: Path, tmp: Path) -> dict[str, Any]:
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    if spec.get("base") == "good":
        shutil.copytree(GOOD, tmp / "data")
    for name in spec.get("remove", []):
        (tmp / "data" / name).unlink()
    for item in case.iterdir():
        if item.name == "expected.yaml":
            continue
        dest = tmp / item.name
        if item.is_dir():
            shutil.copytree(item, dest, dirs_exist_ok=True)
        else:
            shutil.copy2(item, dest)
    if spec.get("generate"):
        gen = importlib.import_module("hostile_gen")
        for name in str(spec["generate"]).split():
            getattr(gen, name)(tmp)
    return spec


def _limits(spec: dict[str, Any]) -> Any:
    from methodnet.limits import Limits

    return Limits(**spec.get("limits", {}))


def execute(spec: dict[str, Any], tmp: Path) -> Outcome:
    from methodnet.errors import MethodnetError

    run = spec["run"]
    try:
        if run == "cli":
            return _cli(spec, tmp)
        if run == "load":
            from methodnet import Dataset, LoadOptions

            kwargs = {"limits": _limits(spec)} if spec.get("limits") else {}
            Dataset.load(tmp / spec.get("target", "data"), options=LoadOptions(today=TODAY, **kwargs))
        elif run == "profile":
            from methodnet.api import load_profile

            kwargs = {"limits": _limits(spec)} if spec.get("limits") else {}
            load_profile(tmp / spec.get("target", "profile.yaml"), **kwargs)
        elif run == "api":
            getattr(importlib.import_module("hostile_gen"), spec["call"])(tmp)
        else:
            raise ValueError(run)
    except MethodnetError as exc:
        report = getattr(exc, "report", None)
        problems = [p.to_dict() for p in report.problems] if report is not None else []
        codes = report.codes() if report is not None else {getattr(exc, "code", type(exc).__name__)}
        text = str(exc) + "".join(str(p) for p in (report.problems if report is not None else []))
        return Outcome(2, type(exc).__name__, True, set(codes), problems, text)
    except AssertionError as exc:  # an api case found an unsafe output (a live formula, a leak)
        return Outcome(1, "AssertionError", True, output=f"unsafe output: {exc}")
    except Exception as exc:  # noqa: BLE001 — what the corpus is looking for
        return Outcome(2, type(exc).__name__, False, output=f"{type(exc).__name__}: {exc}")
    return Outcome(0)


def _cli(spec: dict[str, Any], tmp: Path) -> Outcome:
    from click.testing import CliRunner

    from methodnet.cli import main

    args = [str(a).replace("{tmp}", str(tmp)).replace("{good}", str(GOOD)) for a in spec["args"]]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    raised = result.exception is not None and not isinstance(result.exception, SystemExit)
    return Outcome(result.exit_code, type(result.exception).__name__ if raised else None, not raised,
                   output=output)


def _matches(problem: dict[str, Any], want: dict[str, Any]) -> bool:
    for key, value in want.items():
        got = problem.get(key)
        if key == "file":
            if not got or Path(got).name != value:
                return False
        elif got != value:
            return False
    return True


def judge(spec: dict[str, Any], outcome: Outcome) -> list[str]:
    """What is wrong with ``outcome`` (empty when the case passes)."""
    expect = spec.get("expect", {})
    wrong = []
    if not outcome.in_family:
        wrong.append(f"traceback: {outcome.output[:300]}")
    if outcome.exit != expect.get("exit", 2):
        wrong.append(f"exit {outcome.exit}, expected {expect.get('exit', 2)}: {outcome.output[:400]}")
    missing = set(expect.get("codes", [])) - outcome.codes
    if missing:
        wrong.append(f"codes {sorted(missing)} not reported; got {sorted(outcome.codes)}: {outcome.output[:400]}")
    if expect.get("problem") and not any(_matches(p, expect["problem"]) for p in outcome.problems):
        wrong.append(f"no problem like {expect['problem']}; got {outcome.problems[:5]}")
    for text in expect.get("output_contains", []):
        if text not in outcome.output:
            wrong.append(f"output lacks {text!r}: {outcome.output[:400]}")
    everything = outcome.output + json.dumps(outcome.problems, ensure_ascii=False, default=str)
    for text in expect.get("absent", []):
        if text in everything:
            wrong.append(f"leak: {text!r} appears in a message")
    return wrong


def classify(spec: dict[str, Any], outcome: Outcome) -> str:
    """One word for the measurement table."""
    expect = spec.get("expect", {})
    everything = outcome.output + json.dumps(outcome.problems, ensure_ascii=False, default=str)
    if outcome.error in ("ModuleNotFoundError", "ImportError") or outcome.error == "TypeError" and (
            "extends_files" in outcome.output or "limits" in outcome.output):
        return "n/a"  # the case uses an API that did not exist in the measured code
    if not outcome.in_family:
        return "traceback"
    if outcome.error == "AssertionError":
        return "silent"
    if any(text in everything for text in expect.get("absent", [])):
        return "leak"
    if expect.get("exit", 2) == 2 and outcome.exit == 0:
        return "silent"
    if expect.get("exit", 2) == 0 and outcome.exit != 0:
        return "rejected"
    return "located" if not judge(spec, outcome) else "other"


def run_one(case: Path) -> tuple[dict[str, Any], Outcome]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as name:
        tmp = Path(name)
        spec = prepare(case, tmp)
        return spec, execute(spec, tmp)


def _child(case: str) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    try:
        spec, outcome = run_one(Path(case))
        word = classify(spec, outcome)
    except MemoryError:
        word = "hang"
    print(json.dumps({"case": case, "outcome": word}))


def measure(src: str | None, timeout: float = 30.0) -> dict[str, dict[str, int]]:
    import os
    import subprocess
    from collections import Counter, defaultdict

    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src + os.pathsep + str(HERE)
    else:
        env["PYTHONPATH"] = str(HERE)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases():
        klass = case.relative_to(CORPUS).parts[0]
        try:
            done = subprocess.run([sys.executable, __file__, "--child", str(case)], env=env, capture_output=True,
                                  text=True, timeout=timeout)
            lines = [l for l in done.stdout.splitlines() if l.startswith("{")]
            word = json.loads(lines[-1])["outcome"] if lines else ("hang" if done.returncode < 0 else "traceback")
        except subprocess.TimeoutExpired:
            word = "hang"
        table[klass][word] += 1
        print(f"{klass:<12} {case.name:<40} {word}", file=sys.stderr)
    return {k: dict(v) for k, v in table.items()}


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        src = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else None
        print(json.dumps(measure(src), ensure_ascii=False, indent=1))
