"""Shared fixtures. Test data lives in tests/data; examples in examples/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from methodnet import LoadOptions

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXAMPLES = ROOT / "examples"
#: The date the bundled examples were generated for (methodnet.synth.DEFAULT_TODAY).
EXAMPLE_TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def options() -> LoadOptions:
    """Validation anchored to a fixed date, so tests do not age."""
    return LoadOptions(today=EXAMPLE_TODAY)
