"""Shared fixtures. Test data lives in tests/data; examples in examples/."""

from __future__ import annotations

import datetime as dt
import os
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from methodnet import LoadOptions

# Hermetic: the suite sees methodnet's own plugins only, whatever else is installed here (the
# example plugin, a region's pack). Tests that need a third-party plugin register it in code or
# install it into a fresh environment, and clear this for that environment.
_FOREIGN = sorted(ep.name for ep in entry_points(group="methodnet") if ep.dist is None or ep.dist.name != "methodnet")
os.environ["METHODNET_DISABLE_PLUGINS"] = ",".join(
    p for p in [*os.environ.get("METHODNET_DISABLE_PLUGINS", "").split(","), *_FOREIGN] if p)

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXAMPLES = ROOT / "examples"
#: The date the bundled examples were generated for (methodnet.synth.DEFAULT_TODAY).
EXAMPLE_TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def options() -> LoadOptions:
    """Validation anchored to a fixed date, so tests do not age."""
    return LoadOptions(today=EXAMPLE_TODAY)
