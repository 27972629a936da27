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
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.loader import load_profile

    def make(text: str, plugins: Any = None) -> Any:
        import yaml

        pid = yaml.safe_load(text)["id"]
        path = tmp_path / f"{pid}.yaml"
        path.write_text(text, encoding="utf-8")
        return load_profile(path, plugins=plugins if plugins is not None else load_registry())

    return make


@pytest.fixture
def methodnet_dataset() -> Callable[..., Any]:
    """``methodnet_dataset({table: [records]}, plugins=None)`` → a validated Dataset."""
    from methodnet import Dataset, LoadOptions

    def make(records: Mapping[str, Any], plugins: Any = None) -> Any:
        return Dataset.from_records(records, plugins=plugins, options=LoadOptions(today=TODAY))

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


def run_rule_check(case: Mapping[str, Any], plugins: Any = None) -> Any:
    """The :class:`~methodnet.rules.check.Findings` of the case's one rule on ``BASE_RECORDS`` plus its records.

    ``at`` is the check date; ``data_date`` (optional) the day the data were collected
    (terminal statuses without a date happened then), by default the later of ``at`` and
    :data:`TODAY`. A table the case sets to ``null`` is left out of the data altogether.
    """
    from methodnet import Dataset, LoadOptions
    from methodnet.profile.model import Profile, RoadmapItem, RuleEntry
    from methodnet.rules.check import check

    at = _day(case.get("at", TODAY))
    data_date = _day(case.get("data_date") or max(at, TODAY))
    records = {k: v for k, v in {**BASE_RECORDS, **case.get("records", {})}.items() if v is not None}
    dataset = Dataset.from_records(records, plugins=plugins,
                                   options=LoadOptions(today=max(at, data_date), as_of=data_date))
    rule = RuleEntry(**{"severity": "warning", **case["rule"]})
    profile = Profile(id="case", name="case", rules=[rule],
                      roadmap=[RoadmapItem(**item) for item in case.get("roadmap", [])],
                      vocabularies=case.get("vocabularies", {}), parameters=case.get("parameters", {}),
                      indicators=case.get("indicators", []), period=case.get("period"))
    return check(profile, dataset, at, plugins)


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def run_rule_case(case: Mapping[str, Any], plugins: Any = None) -> list[Any]:
    """Findings of the case's one rule (see :func:`run_rule_check`)."""
    return list(run_rule_check(case, plugins))


def _matches(finding: Any, expected: Any) -> bool:
    """A finding matches ``expected``: its subject, or every field a mapping names (``message``: a part of it)."""
    if not isinstance(expected, Mapping):
        return finding.subject == str(expected)
    for key, want in expected.items():
        got = getattr(finding, key)
        if key == "message":
            if str(want) not in got:
                return False
        elif key == "rows":
            if sorted(got) != sorted(str(w) for w in want):
                return False
        elif (str(got) if got is not None else None) != (str(want) if want is not None else None):
            return False
    return True


def assert_rule_case(case: Mapping[str, Any], plugins: Any = None) -> None:
    """The case's findings must be exactly ``expect`` (``[]``: none), its notes exactly ``unchecked``.

    An ``expect`` item is a subject id, or a mapping of finding fields (``subject``, ``group``,
    ``count``, ``rows``, ``organization``; ``message``: a part of it) that one finding must have.
    ``unchecked`` lists parts of the «не проверено» notes expected (``[]`` or absent: none).
    """
    result = run_rule_check(case, plugins)
    findings = list(result)
    expected = list(case.get("expect", []))
    described = "; ".join(f"{f.subject}/{f.group}/{f.count}/{sorted(f.rows)}: {f.message}" for f in findings)
    kind = case["rule"]["kind"]
    assert len(findings) == len(expected), \
        f"{kind}: {len(findings)} findings, expected {len(expected)}: {described or 'none'}"
    left = list(findings)
    for want in expected:
        hit = next((f for f in left if _matches(f, want)), None)
        assert hit is not None, f"{kind}: no finding like {want}; found: {described}"
        left.remove(hit)
    notes = [u.message for u in result.unchecked]
    wanted = list(case.get("unchecked", []))
    assert len(notes) == len(wanted) and all(any(w in n for n in notes) for w in wanted), \
        f"{kind}: unchecked notes {notes}, expected {wanted}"
