"""methodnet: municipal methodological services in education, as data.

Load a municipality's or a region's data into a validated :class:`Dataset`, then (in
later modules) evaluate the indicators of its municipal act from a YAML profile.
"""

from importlib.metadata import PackageNotFoundError, version

from methodnet.dataset import Dataset
from methodnet.errors import DataError, MethodnetError, MissingDependencyError, Problem, Report
from methodnet.io.validate import LoadOptions

try:
    __version__ = version("methodnet")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"


def load(path, **kwargs) -> Dataset:  # type: ignore[no-untyped-def]
    """Load a dataset from a folder, a workbook or a JSON/YAML file. See :meth:`Dataset.load`."""
    return Dataset.load(path, **kwargs)


__all__ = [
    "DataError",
    "Dataset",
    "LoadOptions",
    "MethodnetError",
    "MissingDependencyError",
    "Problem",
    "Report",
    "__version__",
    "load",
]
