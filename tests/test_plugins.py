"""Plugin contract: loading, registration, failures named by plugin, documented hooks."""

from __future__ import annotations

import inspect
import re
import types
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from pydantic import BaseModel

from methodnet.model.base import Entity, TableMeta, column
from methodnet.plugins import PluginError, Population, hookimpl, hookspecs
from methodnet.plugins import manager
from methodnet.plugins.manager import HOOKS, build_registry
from methodnet.api import load_profile
from methodnet.profile.loader import ProfileError

from conftest import ROOT


def _plugin(name: str, **hooks) -> types.ModuleType:  # type: ignore[no-untyped-def]
    module = types.ModuleType(name)
    module.PLUGIN_NAME = name  # type: ignore[attr-defined]
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    return module


def test_core_and_regional_packs_register_through_entry_points() -> None:
    registry = build_registry()
    assert registry.plugins[:1] == ["core"]
    assert {"amur", "penza", "rostov", "saratov", "stavropol"} <= set(registry.plugins)
    assert registry.indicator_kinds["share"].plugin == "core"
    assert registry.indicator_kinds["amur.profile_classes_share"].plugin == "amur"
    assert registry.tables["profile_class"][1] == "amur"
    assert registry.rule_kinds["stavropol.shmo_formation"].plugin == "stavropol"


def test_plugin_registered_in_code() -> None:
    class Params(BaseModel):
        threshold: int = 1

    def compute(ctx, ind, params):  # type: ignore[no-untyped-def]
        lf, groups = ctx.population("staff")
        return Population(lf, "staff", "count", groups)

    plugin = _plugin("testland", methodnet_add_indicator_kinds=lambda registry: registry.add_indicator_kind(
        "testland.headcount", compute, params=Params))
    registry = build_registry([plugin])
    assert registry.indicator_kinds["testland.headcount"].params is Params


# ------------------------------------------------------------------ failures (each names the plugin)


def test_plugin_that_fails_to_import(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = EntryPoint(name="brokenland", value="methodnet_no_such_module_xyz", group="methodnet")
    monkeypatch.setattr(manager, "entry_points", lambda group: [broken])
    with pytest.raises(PluginError) as caught:
        build_registry()
    assert caught.value.plugin == "brokenland" and "methodnet_no_such_module_xyz" in str(caught.value)


def test_plugin_passing_the_wrong_type() -> None:
    plugin = _plugin("wrongland", methodnet_add_tables=lambda registry: registry.add_table("not a class"))
    with pytest.raises(PluginError) as caught:
        build_registry([plugin], use_entry_points=False)
    assert caught.value.plugin == "wrongland" and "Entity" in str(caught.value)


def test_plugin_returning_a_value() -> None:
    plugin = _plugin("returnland", methodnet_add_profile_folders=lambda registry: ["/tmp"])
    with pytest.raises(PluginError) as caught:
        build_registry([plugin], use_entry_points=False)
    assert caught.value.plugin == "returnland" and "registry.add_" in str(caught.value)


def test_plugin_that_raises() -> None:
    def boom(registry):  # type: ignore[no-untyped-def]
        raise RuntimeError("деление на ноль")

    with pytest.raises(PluginError) as caught:
        build_registry([_plugin("boomland", methodnet_add_rule_kinds=boom)], use_entry_points=False)
    assert caught.value.plugin == "boomland" and "деление на ноль" in str(caught.value)


def test_duplicate_name_names_both_plugins() -> None:
    def add(registry):  # type: ignore[no-untyped-def]
        registry.add_indicator_kind("share", lambda *a: None)

    with pytest.raises(PluginError) as caught:
        build_registry([_plugin("core2", methodnet_add_indicator_kinds=add)], use_entry_points=False)
    # "share" belongs to the core; the second plugin must also name its kinds "<plugin>.…"
    assert caught.value.plugin == "core2"

    class Twin(Entity):
        meta = TableMeta("staff", "Двойник")
        id: str = column("Идентификатор")

    with pytest.raises(PluginError) as caught:
        build_registry([_plugin("twinland", methodnet_add_tables=lambda registry: registry.add_table(Twin))],
                       use_entry_points=False)
    assert (caught.value.plugin, caught.value.other) == ("twinland", "core")
    assert "twinland" in str(caught.value) and "core" in str(caught.value)


def test_misspelled_hook_is_rejected() -> None:
    plugin = types.ModuleType("typoland")
    plugin.methodnet_add_tablez = hookimpl(lambda registry: None)  # type: ignore[attr-defined]
    with pytest.raises(PluginError):
        build_registry([plugin], use_entry_points=False)


def test_profile_needing_a_missing_plugin_fails_naming_it() -> None:
    without_amur = build_registry(disabled={"amur"})
    with pytest.raises(ProfileError) as caught:
        load_profile("seryshevo", plugins=without_amur)
    problems = caught.value.report.problems
    assert {p.code for p in problems} == {"missing_plugin"}
    assert all("«amur»" in p.message for p in problems)
    assert problems[0].file.endswith("seryshevo.yaml") and problems[0].row is not None
    # With it installed the profile loads and its plugin indicators evaluate.
    assert load_profile("seryshevo").indicator("profile_classes_share").kind == "amur.profile_classes_share"


def test_disabled_entry_point_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METHODNET_DISABLE_PLUGINS", "stavropol")
    registry = build_registry()
    assert "stavropol" not in registry.plugins
    with pytest.raises(ProfileError) as caught:
        load_profile("kislovodsk", plugins=registry)
    assert "stavropol" in str(caught.value)


def test_plugin_params_are_checked_with_location(tmp_path: Path) -> None:
    path = tmp_path / "paramland.yaml"
    path.write_text("id: paramland\nextends: base\nindicators:\n  - id: classes\n    name: Классы\n"
                    "    kind: amur.profile_classes_share\n    params: {classes: [underwater]}\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    problem = caught.value.report.problems[0]
    # The generated schema carries the kind's params, so the schema check already catches it.
    assert problem.code in ("plugin_params", "profile_schema") and problem.row == 7
    assert "underwater" in problem.message


def test_profile_schema_includes_plugin_params() -> None:
    import json

    schema = json.loads((ROOT / "schemas" / "profile.schema.json").read_text(encoding="utf-8"))
    conditions = schema["$defs"]["IndicatorEntry"]["allOf"]
    kinds = {c["if"]["properties"]["kind"]["const"] for c in conditions}
    assert {"amur.profile_classes_share", "saratov.participation_by_level"} <= kinds


# ------------------------------------------------------------------ documentation


def test_every_hook_is_documented_with_its_signature() -> None:
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    specs = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("methodnet_")]
    assert sorted(specs) == sorted(HOOKS)
    for name in specs:
        sig = inspect.signature(getattr(hookspecs, name))
        params = ", ".join(f"{p.name}: {str(p.annotation).strip(chr(39) + chr(34))}" for p in sig.parameters.values())
        signature = f"{name}({params}) -> {sig.return_annotation}"
        assert f"`{signature}`" in doc, f"docs/plugins.md must document `{signature}`"
        assert getattr(hookspecs, name).__doc__, f"{name} needs a docstring"


def test_every_hook_has_a_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8") + (ROOT / "tests" / "test_plugin_example.py").read_text(
        encoding="utf-8")
    for name in HOOKS:
        assert re.search(rf"\b{name}\b", source), f"no test uses {name}"
