"""Synthetic datasets: deterministic, realistic, from one municipality to a country."""

from methodnet.synth.generator import DEFAULT_TODAY, SCALES, generate, generate_tables
from methodnet.synth.places import EXAMPLES

__all__ = ["DEFAULT_TODAY", "EXAMPLES", "SCALES", "generate", "generate_tables"]
