"""The direction of dependencies (docs/architecture.md), checked on the code as it is.

* the import-linter contracts of ``pyproject.toml`` (layers; the core never imports the
  regional packs, the CLI or the reports) hold;
* the import graph of ``methodnet`` — imports inside functions included — has no cycle;
* no module imports another module's ``_private`` name;
* no regional id (``stavropol.…``, ``amur.…``) is written outside ``regions/`` and the profiles.

The checkers themselves are tested on a small package with a planted cycle and a planted
upward import, so a green run means the rules hold, not that the checks are blind.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "methodnet"
REGIONS = ("amur", "penza", "rostov", "saratov", "stavropol")




def import_cycles(package: str, *, type_checking: bool = False) -> list[list[str]]:
    """Every strongly connected set of modules (more than one, or one importing itself), each sorted.

    grimp counts imports inside functions; imports under ``TYPE_CHECKING`` are left out
    unless ``type_checking`` (they never run: annotations may name a type from above).
    """
    graph = grimp.build_graph(package, exclude_type_checking_imports=not type_checking, cache_dir=None)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (deep packages, no recursion limit)
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in edges[node]:
                        found.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    return found


def describe(package: str, cycle: list[str], *, type_checking: bool = False) -> str:
    """The imports inside a cycle, with their lines, so a failure says what to move."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=not type_checking, cache_dir=None)
    members = set(cycle)
    lines = []
    for module in cycle:
        for target in sorted(graph.find_modules_directly_imported_by(module) & members):
            at = [d["line_number"] for d in graph.get_import_details(importer=module, imported=target)]
            lines.append(f"  {module} -> {target} (line {', '.join(map(str, at))})")
    return "\n".join(lines)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the ``pyproject.toml`` in ``cwd`` (no cache: the tree may just have changed)."""
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--config", "pyproject.toml", "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


# ---------------------------------------------------------------------------- methodnet itself


def test_import_contracts_hold() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_no_import_cycles() -> None:
    cycles = import_cycles("methodnet")
    assert not cycles, "import cycles in methodnet:\n" + "\n\n".join(describe("methodnet", c) for c in cycles)


def test_no_cycles_through_annotations_either() -> None:
    """Counting ``TYPE_CHECKING`` imports too, there is no cycle: a part that names the type of its
    caller names a protocol below it (engine.protocol.EngineLike, report.sections.ReportDocument)."""
    cycles = import_cycles("methodnet", type_checking=True)
    assert not cycles, "import cycles through TYPE_CHECKING imports:\n" + "\n\n".join(
        describe("methodnet", c, type_checking=True) for c in cycles)


def private_imports(root: Path) -> list[str]:
    """``from methodnet.x import _name`` anywhere under ``root``: a private name used outside its module."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "methodnet":
                found += [f"{path.relative_to(root.parent)}:{node.lineno}: from {node.module} import {a.name}"
                          for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_private_name_is_imported_across_modules() -> None:
    assert private_imports(SRC) == []


def test_no_regional_id_outside_the_regional_packs() -> None:
    """The core names no regional kind: requirements and the template read what kinds declare."""
    pattern = re.compile(rf"\b(?:{'|'.join(REGIONS)})\.[a-z_]+")
    skip = {SRC / "regions", SRC / "profiles", SRC / "schemas"}  # schemas: generated from the installed kinds
    hits = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for path in sorted(SRC.rglob("*.py")) if not any(folder in path.parents for folder in skip)
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if pattern.search(line) and not re.search(r"methodnet\.regions\.", line)]
    assert hits == []


def test_regional_kinds_declare_the_tables_they_read() -> None:
    """Each regional kind says which tables it reads; the intake form and loading use exactly that."""
    from methodnet.plugins.manager import build_registry
    from methodnet.profile.model import Profile, RuleEntry
    from methodnet.profile.requirements import tables_needed, tables_to_load

    registry = build_registry()
    regional = {**{k: v for k, v in registry.indicator_kinds.items() if v.plugin in REGIONS},
                **{k: v for k, v in registry.rule_kinds.items() if v.plugin in REGIONS}}
    assert len(regional) == 8
    assert [name for name, kind in regional.items() if not kind.tables] == []
    assert registry.rule_kinds["stavropol.shmo_formation"].tables == ("association",)
    empty = Profile(id="x", name="x")
    shmo = Profile(id="x", name="x", rules=[RuleEntry(id="shmo", kind="stavropol.shmo_formation")])
    assert tables_needed(empty, registry) == ["dataset_info", "municipality", "organization", "staff"]
    assert set(tables_needed(shmo, registry)) - set(tables_needed(empty, registry)) == {"association"}
    assert tables_to_load(shmo, registry)[0] == "dataset_info"


# ---------------------------------------------------------------------------- the checkers can fail


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``archdemo``: ``low`` imports ``high`` inside a function (upward, and a cycle with ``high``)."""
    root = _package(tmp_path, {
        "archdemo/__init__.py": "",
        "archdemo/high.py": "from archdemo import low\n",
        "archdemo/low.py": """
            def late():
                from archdemo import high  # an import inside a function counts
                return high
            """,
        "archdemo/typed.py": """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from archdemo import high
            """,
        "pyproject.toml": """
            [tool.importlinter]
            root_package = "archdemo"
            exclude_type_checking_imports = true

            [[tool.importlinter.contracts]]
            name = "high above low"
            type = "layers"
            layers = ["archdemo.high", "archdemo.typed", "archdemo.low"]
            """,
    })
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setenv("PYTHONPATH", str(root))
    return root


def test_the_cycle_check_finds_a_cycle_through_a_function_level_import(planted: Path) -> None:
    cycles = import_cycles("archdemo")
    assert cycles == [["archdemo.high", "archdemo.low"]]
    assert "archdemo.low -> archdemo.high (line 3)" in describe("archdemo", cycles[0])


def test_the_layer_contract_breaks_on_an_upward_import(planted: Path) -> None:
    run = lint_imports(planted)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "archdemo.low is not allowed to import archdemo.high" in run.stdout
    assert "archdemo.typed" not in run.stdout.split("Broken contracts")[-1]  # TYPE_CHECKING imports do not count


@pytest.mark.parametrize("name", ["seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"])
def test_the_declared_tables_are_all_an_act_reads(name: str) -> None:
    """Loaded with only the tables its kinds and rules declare, each act's data give the same
    indicators and the same findings as loaded whole (so no kind reads an undeclared table)."""
    import methodnet
    from methodnet.api import tables_for

    from conftest import EXAMPLES

    profile = methodnet.load_profile(name)
    full = methodnet.load(EXAMPLES / name)
    needed = tables_for(profile)
    assert {t for t in full.tables if full.provided(t)} - set(needed)  # something is really left out
    part = methodnet.load(EXAMPLES / name, tables=needed)
    assert methodnet.evaluate(profile, part, ["2025"], by="organization").to_polars().equals(
        methodnet.evaluate(profile, full, ["2025"], by="organization").to_polars())
    assert methodnet.check(profile, part).to_dicts(ids=True) == methodnet.check(profile, full).to_dicts(ids=True)
