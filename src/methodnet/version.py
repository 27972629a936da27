"""The installed version of methodnet, for what records it (the history store, bundles).

A module of its own at the bottom, so recording a version does not import the package's
top (``methodnet/__init__.py`` loads datasets).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("methodnet")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
