"""methodnet: municipal methodological services in education, as data.

Load a municipality's or a region's data into a validated :class:`Dataset`, evaluate
the indicators of its municipal act from a YAML profile, check its rules, propose
individual routes and write reports.

Names are imported on first use, so ``methodnet --help`` starts without loading polars.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("methodnet")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

_LAZY = {
    "Dataset": "methodnet.dataset",
    "LoadOptions": "methodnet.io.validate",
    "Limits": "methodnet.limits",
    "DataError": "methodnet.errors",
    "MethodnetError": "methodnet.errors",
    "MissingDependencyError": "methodnet.errors",
    "Problem": "methodnet.errors",
    "Report": "methodnet.errors",
}

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.errors import DataError, MethodnetError, MissingDependencyError, Problem, Report
    from methodnet.io.validate import LoadOptions
    from methodnet.limits import Limits


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'methodnet' has no attribute {name!r}")


def load(path, **kwargs) -> "Dataset":  # type: ignore[no-untyped-def]
    """Load a dataset from a folder, a workbook or a JSON/YAML file. See :meth:`Dataset.load`."""
    from methodnet.dataset import Dataset

    return Dataset.load(path, **kwargs)


__all__ = ["DataError", "Dataset", "LoadOptions", "MethodnetError", "MissingDependencyError", "Problem", "Report",
           "__version__", "load"]
