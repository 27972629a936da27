"""mypy on ``src/methodnet`` passes: the type hints are checked, not decoration.

This is how type checking runs in CI (``.ci/run`` runs the README's test command). The
settings are those of ``[tool.mypy]`` in pyproject.toml (check_untyped_defs,
warn_unused_ignores, no_implicit_optional, the pydantic plugin).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api", reason="mypy comes with the dev extra: pip install -e '.[dev]'")

ROOT = Path(__file__).resolve().parents[1]


def _mypy(*args: str) -> tuple[str, str, int]:
    # mypy's cache outside the work tree: it only speeds up the next run, its content never changes a verdict
    cache = Path(tempfile.gettempdir()) / "methodnet-mypy-cache"
    return api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(cache),
                    "--no-error-summary", "--hide-error-context", *args])


def test_mypy_passes_on_src() -> None:
    out, err, status = _mypy()
    assert status == 0, f"mypy found errors in src/methodnet:\n{out}{err}"


def test_mypy_reports_a_wrong_type(tmp_path: Path) -> None:
    """The check can fail: a wrong type in code using methodnet is reported with its code."""
    bad = tmp_path / "bad.py"
    bad.write_text("from methodnet.plugins import Finding\n\n"
                   "f: Finding = Finding('r', 'warning', 'person', 's', 'm')\n"
                   "n: int = f.message\n", encoding="utf-8")
    out, _, status = _mypy(str(bad))
    assert status == 1
    assert "bad.py:4: error: Incompatible types in assignment" in out and "[assignment]" in out


def test_mypy_passes_on_the_example_plugin() -> None:
    """A third-party plugin type-checks against the public API (KindContext, PluginRegistrar…)."""
    out, err, status = _mypy(str(ROOT / "examples" / "plugin-example" / "src" / "methodnet_enskaya"))
    assert status == 0, f"mypy found errors in the example plugin:\n{out}{err}"


PLUGIN = '''
from __future__ import annotations

from pydantic import BaseModel

from methodnet import KindContext, RuleContext
from methodnet.plugins import Finding, PluginRegistrar, Population
from methodnet.profile.model import PluginIndicator, RuleEntry


class Topics(BaseModel):
    topics: list[str] = []


class Other(BaseModel):
    limit: int = 1


def share(ctx: KindContext, ind: PluginIndicator, params: Topics) -> Population:
    lf, groups = ctx.population("staff", ctx.parse('category == "pedagogue"', "staff"))
    return Population(lf, "staff", "count", groups)


def check(ctx: RuleContext, rule: RuleEntry, params: Topics) -> list[Finding]:
    return [Finding(rule.id, rule.severity, "profile", ctx.profile.id, "сообщение")]


def register(registry: PluginRegistrar) -> None:
    registry.add_indicator_kind("x.ok", share, params=Topics)
    registry.add_rule_kind("x.ok", check, params=Topics)
    registry.add_indicator_kind("x.wrong_params", share, params=Other)
    registry.add_rule_kind("x.no_model", check)
    registry.add_indicator_kind("x.check_as_kind", check, params=Topics)


def label(ctx: KindContext) -> str:
    return ctx.period  # a Period, not its label
'''


def test_mypy_checks_what_a_plugin_registers(tmp_path: Path) -> None:
    """compute's and check's params are tied to ``params=``, a rule's check is no kind's compute, and the
    contexts' members are typed."""
    plugin = tmp_path / "plugin.py"
    plugin.write_text(PLUGIN, encoding="utf-8")
    out, _, status = _mypy(str(plugin))
    errors = sorted({int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line})
    lines = PLUGIN.splitlines()
    expected = [i + 1 for i, text in enumerate(lines)
                if any(wrong in text for wrong in ("x.wrong_params", "x.no_model", "x.check_as_kind",
                                                   "return ctx.period"))]
    assert status == 1 and errors == expected, out
