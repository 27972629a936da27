"""Pytest fixtures for profile and plugin authors (``pytest11`` entry point ``methodnet``).

Installed with methodnet, so a plugin's own tests can use them without imports::

    def test_my_kind(methodnet_plugins, methodnet_profile, methodnet_dataset):
        plugins = methodnet_plugins(my_plugin_module)
        profile = methodnet_profile(PROFILE_YAML, plugins=plugins)
        data = methodnet_dataset({"staff": [...], ...}, plugins=plugins)
        result = methodnet.engine.evaluate.Engine(profile, data, plugins).evaluate("2025")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

#: The reference date fixtures validate data against, so tests do not age.
TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def methodnet_plugins() -> Callable[..., Any]:
    """``methodnet_plugins(*modules, entry_points=False)`` → a plugin registry with the core and ``modules``."""
    from methodnet.plugins.manager import build_registry

    def make(*plugins: Any, entry_points: bool = False, disabled: Iterable[str] = ()) -> Any:
        return build_registry(plugins, use_entry_points=entry_points, disabled=disabled)

    return make


@pytest.fixture
def methodnet_profile(tmp_path: Path) -> Callable[..., Any]:
    """``methodnet_profile(yaml_text, plugins=None)`` → a loaded profile (extends shipped ones)."""
    from methodnet.profile.loader import load_profile

    def make(text: str, plugins: Any = None) -> Any:
        import yaml

        pid = yaml.safe_load(text)["id"]
        path = tmp_path / f"{pid}.yaml"
        path.write_text(text, encoding="utf-8")
        return load_profile(path, plugins=plugins)

    return make


@pytest.fixture
def methodnet_dataset() -> Callable[..., Any]:
    """``methodnet_dataset({table: [records]}, plugins=None)`` → a validated Dataset."""
    from methodnet import Dataset, LoadOptions

    def make(records: Mapping[str, Any], plugins: Any = None) -> Any:
        registry = plugins.table_registry() if plugins is not None else None
        return Dataset.from_records(records, registry=registry, options=LoadOptions(today=TODAY))

    return make


# --------------------------------------------------------------------------- rule cases as data

#: Places every rule case starts from; a case adds the tables it needs.
BASE_RECORDS: dict[str, list[dict[str, Any]]] = {
    "municipality": [{"id": "m1", "name": "Тестовый округ", "region": "Тестовая область"}],
    "organization": [
        {"id": "o1", "name": "Школа № 1", "municipality_id": "m1", "kind": "school"},
        {"id": "o2", "name": "Детский сад № 1", "municipality_id": "m1", "kind": "kindergarten"},
    ],
    "competency": [{"id": "K1", "name": "Предметные", "threshold": 60.0},
                   {"id": "K2", "name": "Методические", "threshold": 60.0}],
}


def load_rule_cases(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(case id, case) pairs of a rule-case file: ``rule``, ``at``, shared ``records``, and ``cases``."""
    import yaml

    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = []
    for case in spec["cases"]:
        merged = {**spec, **case, "records": {**spec.get("records", {}), **case.get("records", {})}}
        merged.pop("cases", None)
        out.append((f"{Path(path).stem}:{case['name']}", merged))
    return out


def run_rule_case(case: Mapping[str, Any], plugins: Any = None) -> list[Any]:
    """Findings of the case's one rule on ``BASE_RECORDS`` plus the case's records."""
    from methodnet import Dataset, LoadOptions
    from methodnet.profile.model import Profile, RoadmapItem, RuleEntry
    from methodnet.rules.check import check

    at = case.get("at", TODAY)
    at = at if isinstance(at, dt.date) else dt.date.fromisoformat(str(at))
    records = {**BASE_RECORDS, **case.get("records", {})}
    registry = plugins.table_registry() if plugins is not None else None
    dataset = Dataset.from_records(records, registry=registry, options=LoadOptions(today=max(at, TODAY)))
    rule = RuleEntry(**{"severity": "warning", **case["rule"]})
    profile = Profile(id="case", name="case", rules=[rule],
                      roadmap=[RoadmapItem(**item) for item in case.get("roadmap", [])],
                      vocabularies=case.get("vocabularies", {}),
                      indicators=case.get("indicators", []), period=case.get("period"))
    return list(check(profile, dataset, at, plugins))


def assert_rule_case(case: Mapping[str, Any], plugins: Any = None) -> None:
    """The case's findings must name exactly the ``expect`` subjects (``[]``: no findings)."""
    findings = run_rule_case(case, plugins)
    found = sorted(f.subject for f in findings)
    expected = sorted(str(e) for e in case.get("expect", []))
    assert found == expected, f"{case['rule']['kind']}: findings for {found}, expected {expected}: " + \
        "; ".join(f.message for f in findings)
