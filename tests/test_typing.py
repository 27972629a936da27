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
