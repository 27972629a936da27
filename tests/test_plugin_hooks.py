"""One test per hook, named ``test_hook_<hook>`` (datasette's convention), each running what the hook adds.

A plugin written in code (``testland``) contributes through every hook; each test uses the
contribution — computes the indicator, runs the rule, loads the file — and checks values
counted by hand from the few records below. ``test_every_hook_has_a_test_named_after_it``
fails when a hook of :mod:`methodnet.plugins.hookspecs` has no such test.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict

from methodnet import Dataset, KindContext, LoadOptions, RuleContext
from methodnet.engine.evaluate import Engine
from methodnet.errors import ProblemReport
from methodnet.io.frames import raw_from_records
from methodnet.io.validate import RawTable, Source
from methodnet.model.base import Entity, TableMeta, column
from methodnet.model.spec import TableRegistry
from methodnet.plugins import Finding, PluginRegistrar, Population, hookimpl
from methodnet.plugins.manager import HOOKS, build_registry
from methodnet.plugins.registry import PluginRegistry
from methodnet.profile.loader import load_profile
from methodnet.profile.model import PluginIndicator, RuleEntry
from methodnet.rules.check import check

from conftest import EXAMPLE_TODAY, ROOT


class Visit(Entity):
    """A visit of a methodist to a pedagogue's lesson (the plugin's own table)."""

    meta = TableMeta("visit", "Посещения уроков", ("посещения",), span=("date", None))
    id: str = column("Идентификатор")
    staff_id: str = column("Педагог", ref="staff")
    date: dt.date = column("Дата")
    score: int = column("Оценка", ge=0, le=10)


class CategoryParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str = "pedagogue"


def visited_share(ctx: KindContext, ind: PluginIndicator, params: CategoryParams) -> Population:
    """Share of staff of ``params.category`` with a visit in the period."""
    staff = ctx.parse(f"category == {params.category!r}".replace("'", '"'), "staff")
    visited = ctx.parse("exists(visits)", "staff")
    lf, groups = ctx.population("staff", staff, [visited])
    return Population(lf.with_columns(ctx.compile(visited).fill_null(False).alias("__hit")), "staff", "share", groups)


def unvisited(ctx: RuleContext, rule: RuleEntry, params: CategoryParams) -> list[Finding]:
    """One finding per employed staff member of the category never visited."""
    staff = ctx.staff().filter(pl.col("category") == params.category)
    seen = ctx.dataset["visit"]["staff_id"].implode()
    return [Finding(rule.id, rule.severity, "person", person, f"урок не посещён: {person}")
            for person in staff.filter(~pl.col("id").is_in(seen))["id"].sort().to_list()]


def read_visits(path: Path, tables: TableRegistry, report: ProblemReport) -> list[RawTable]:
    """``*.visits``: one visit a line, ``staff;DD.MM.YYYY;score``."""
    rows = [dict(zip(("staff_id", "date", "score"), line.split(";")), id=f"v{i}")
            for i, line in enumerate(path.read_text(encoding="utf-8").split(), start=1)]
    return [raw_from_records(tables["visit"], rows, Source(str(path)))]


def _testland(profiles: Path | None = None) -> types.ModuleType:
    plugin = types.ModuleType("testland")
    plugin.PLUGIN_NAME = "testland"  # type: ignore[attr-defined]

    def tables(registry: PluginRegistrar) -> None:
        registry.add_table(Visit)

    def kinds(registry: PluginRegistrar) -> None:
        registry.add_indicator_kind("testland.visited_share", visited_share, params=CategoryParams)

    def rules(registry: PluginRegistrar) -> None:
        registry.add_rule_kind("testland.unvisited", unvisited, params=CategoryParams)

    def folders(registry: PluginRegistrar) -> None:
        if profiles is not None:
            registry.add_profile_folder(profiles)

    def loaders(registry: PluginRegistrar) -> None:
        registry.add_loader(".visits", read_visits)

    for hook, function in (("methodnet_add_tables", tables), ("methodnet_add_indicator_kinds", kinds),
                           ("methodnet_add_rule_kinds", rules), ("methodnet_add_profile_folders", folders),
                           ("methodnet_add_loaders", loaders)):
        setattr(plugin, hook, hookimpl(function))
    return plugin


RECORDS: dict[str, list[dict[str, Any]]] = {
    "municipality": [{"id": "m1", "name": "Тестовый округ", "region": "Тестовая область"}],
    "organization": [{"id": "o1", "name": "Школа № 1", "municipality_id": "m1", "kind": "school"}],
    "staff": [
        {"id": "s1", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1980, 1, 1)},
        {"id": "s2", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1985, 1, 1)},
        {"id": "s3", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1990, 1, 1)},
        {"id": "s4", "organization_id": "o1", "category": "manager", "position": "директор",
         "birth_date": dt.date(1970, 1, 1)},
    ],
    # s1 visited in 2025 (twice), s2 in 2024 only, s3 and s4 never
    "visit": [{"id": "v1", "staff_id": "s1", "date": dt.date(2025, 3, 1), "score": 8},
              {"id": "v2", "staff_id": "s1", "date": dt.date(2025, 10, 1), "score": 9},
              {"id": "v3", "staff_id": "s2", "date": dt.date(2024, 5, 1), "score": 7}],
}

PROFILE = """\
id: testland_town
extends: base
name: Тестовый город
period: {start: 2024, end: 2025}
indicators:
  - {id: visited, name: Посещённые педагоги, kind: testland.visited_share, plugin: testland,
     params: {category: pedagogue}, targets: {"2025": 50}}
rules:
  - {id: unvisited_pedagogues, kind: testland.unvisited, params: {category: pedagogue}}
"""


def _dataset(plugins: PluginRegistry) -> Dataset:
    return Dataset.from_records(RECORDS, plugins=plugins, options=LoadOptions(today=EXAMPLE_TODAY))


def _profile(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    (folder / "testland_town.yaml").write_text(PROFILE, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ one test per hook


def test_hook_methodnet_add_tables() -> None:
    plugins = build_registry([_testland()], use_entry_points=False)
    assert plugins.tables["visit"] == (Visit, "testland")
    data = _dataset(plugins)
    assert data["visit"].sort("id")["score"].to_list() == [8, 9, 7]
    # the table joins the expression language: its reference to staff is a relation of staff
    spec = plugins.table_registry()["visit"]
    assert [c.name for c in spec.references] == ["staff_id"]


def test_hook_methodnet_add_indicator_kinds(tmp_path: Path) -> None:
    plugins = build_registry([_testland(_profile(tmp_path))], use_entry_points=False)
    profile = load_profile("testland_town", plugins=plugins)
    result = Engine(profile, _dataset(plugins), plugins).evaluate(["2024", "2025"])
    # pedagogues s1, s2, s3: visited in 2025 only s1 (1 of 3); in 2024 only s2 (1 of 3)
    y2025, y2024 = result.get("visited", "2025"), result.get("visited", "2024")
    assert (y2025.numerator, y2025.denominator, round(y2025.value, 2), y2025.status) == (1, 3, 33.33, "not_met")
    assert (y2024.numerator, y2024.denominator) == (1, 3)


def test_hook_methodnet_add_rule_kinds(tmp_path: Path) -> None:
    plugins = build_registry([_testland(_profile(tmp_path))], use_entry_points=False)
    profile = load_profile("testland_town", plugins=plugins)
    findings = check(profile, _dataset(plugins), dt.date(2026, 1, 15), plugins)
    mine = [f for f in findings if f.rule == "unvisited_pedagogues"]
    # s1 and s2 were visited; s3 never; s4 is a manager
    assert [(f.subject, f.message, f.severity) for f in mine] == [("s3", "урок не посещён: s3", "warning")]


def test_hook_methodnet_add_profile_folders(tmp_path: Path) -> None:
    folder = _profile(tmp_path)
    plugins = build_registry([_testland(folder)], use_entry_points=False)
    assert (folder, "testland") in plugins.profile_folders
    profile = load_profile("testland_town", plugins=plugins)
    assert profile.name == "Тестовый город" and profile.indicator("visited").kind == "testland.visited_share"
    assert "testland_town" not in {p.stem for f, _ in build_registry(use_entry_points=False).profile_folders
                                   for p in f.glob("*.yaml")}


def test_hook_methodnet_add_loaders(tmp_path: Path) -> None:
    plugins = build_registry([_testland()], use_entry_points=False)
    data = tmp_path / "data"
    data.mkdir()
    for table in ("municipality", "organization", "staff"):
        (data / f"{table}.json").write_text(json.dumps(RECORDS[table], default=str, ensure_ascii=False),
                                            encoding="utf-8")
    (data / "lessons.visits").write_text("s1;01.03.2025;8\ns3;02.03.2025;6\n", encoding="utf-8")
    loaded = Dataset.load(data, plugins=plugins, options=LoadOptions(today=EXAMPLE_TODAY))
    visits = loaded["visit"].sort("id")
    assert visits["staff_id"].to_list() == ["s1", "s3"]
    assert visits["date"].to_list() == [dt.date(2025, 3, 1), dt.date(2025, 3, 2)]
    assert visits["score"].to_list() == [8, 6]


# ------------------------------------------------------------------ every hook has its test


def hooks_without_tests(hooks: Iterable[str], sources: Iterable[str]) -> list[str]:
    """Hooks with no test function ``test_hook_<hook>`` defined in ``sources`` (module code, parsed:
    a name in a docstring, a comment or a string does not count)."""
    defined = {node.name for source in sources for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    return [hook for hook in hooks if f"test_hook_{hook}" not in defined]


def _test_sources() -> list[str]:
    files = [*(ROOT / "tests").glob("test_*.py"), *(ROOT / "examples" / "plugin-example" / "tests").glob("test_*.py")]
    return [f.read_text(encoding="utf-8") for f in files]


def test_every_hook_has_a_test_named_after_it() -> None:
    assert HOOKS, "no hooks found in methodnet.plugins.hookspecs"
    assert hooks_without_tests(HOOKS, _test_sources()) == []


def test_the_check_is_not_fooled_by_a_docstring() -> None:
    only_mentioned = '"""test_hook_methodnet_add_loaders is tested elsewhere."""\n' \
                     '# def test_hook_methodnet_add_loaders(): ...\n' \
                     'NAME = "test_hook_methodnet_add_loaders"\n' \
                     'def test_hook_methodnet_add_tables():\n    pass\n'
    assert hooks_without_tests(["methodnet_add_tables", "methodnet_add_loaders"], [only_mentioned]) == [
        "methodnet_add_loaders"]


def test_every_hook_documents_each_argument() -> None:
    """The hookspecs say what each argument is (``:param name:``), with no ``Any`` in their signatures."""
    import inspect

    from methodnet.plugins import hookspecs

    for name in HOOKS:
        spec = getattr(hookspecs, name)
        doc = inspect.getdoc(spec) or ""
        for parameter in inspect.signature(spec).parameters.values():
            assert f":param {parameter.name}:" in doc, f"{name}: no :param {parameter.name}: in its docstring"
            assert parameter.annotation not in (inspect.Parameter.empty, "Any") and "Any" not in str(
                parameter.annotation), f"{name}({parameter.name}) must be typed, and not with Any"
