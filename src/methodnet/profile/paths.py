"""Where the shipped profiles live (kept apart so finding them imports nothing heavy)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: Profiles shipped with the package (``profiles/`` in a checkout links here).
PROFILE_DIR = Path(str(files("methodnet") / "profiles"))
