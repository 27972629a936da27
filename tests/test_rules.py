"""Every rule kind has a positive and a negative case in tests/rules/*.yaml (data plugin authors reuse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from methodnet.plugins.manager import build_registry
from methodnet.testing import assert_rule_case, load_rule_cases

CASE_DIR = Path(__file__).parent / "rules"
CASES = [case for path in sorted(CASE_DIR.glob("*.yaml")) for case in load_rule_cases(path)]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_rule_case(case: dict) -> None:
    assert_rule_case(case)


def test_every_installed_rule_kind_has_positive_and_negative_cases() -> None:
    kinds = set(build_registry().rule_kinds)
    covered: dict[str, list[list]] = {}
    for _, case in CASES:
        covered.setdefault(case["rule"]["kind"], []).append(case.get("expect", []))
    assert kinds <= set(covered), f"no cases for {sorted(kinds - set(covered))}"
    for kind, expectations in covered.items():
        assert any(expectations) and any(not e for e in expectations), f"{kind}: needs a positive and a negative case"
