"""methodnet: municipal methodological services in education, as data.

Load a municipality's or a region's data into a validated :class:`Dataset`, evaluate
the indicators of its municipal act from a YAML profile, check its rules, propose
individual routes and write reports::

    import methodnet

    ds = methodnet.load("examples/seryshevo")
    result = methodnet.evaluate("seryshevo", ds, ["2024", "2025"], by="organization")
    findings = methodnet.check("seryshevo", ds)
    routes = methodnet.build_routes(ds, profile="seryshevo")
    report = methodnet.make_report("seryshevo", ds)
    methodnet.write_report(report, "report.html")

Every function takes ``at`` (the date things are judged on; today by default); every
result prints in Russian, renders in Jupyter and has ``to_polars()`` / ``to_pandas()``.

Names are imported on first use, so ``methodnet --help`` starts without loading polars.
"""

from __future__ import annotations

import datetime as dt
import warnings
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from methodnet.version import __version__

_LAZY = {
    # data
    "Dataset": "methodnet.dataset",
    "LoadOptions": "methodnet.io.validate",
    "Summary": "methodnet.summary",
    # profiles
    "Profile": "methodnet.profile.model",
    "ProfileError": "methodnet.profile.loader",
    # the steps
    "load_profile": "methodnet.api",
    "evaluate": "methodnet.api",
    "check": "methodnet.api",
    "build_routes": "methodnet.api",
    "make_report": "methodnet.api",
    "explain": "methodnet.api",
    "write_report": "methodnet.report.render",
    # results
    "Evaluation": "methodnet.engine.result",
    "IndicatorResult": "methodnet.engine.result",
    "Explanation": "methodnet.api",
    "Findings": "methodnet.rules.check",
    "Finding": "methodnet.plugins.registry",
    "Routes": "methodnet.iom.routes",
    "Route": "methodnet.iom.builder",
    "Step": "methodnet.iom.builder",
    "MonitoringReport": "methodnet.report.render",
    # errors
    "Limits": "methodnet.limits",
    "DataError": "methodnet.errors",
    "MethodnetError": "methodnet.errors",
    "MissingDependencyError": "methodnet.errors",
    "UnknownPersonError": "methodnet.errors",
    "Problem": "methodnet.errors",
    "ProblemReport": "methodnet.errors",
}

if TYPE_CHECKING:
    from methodnet.api import Explanation, build_routes, check, evaluate, explain, load_profile, make_report
    from methodnet.dataset import Dataset
    from methodnet.engine.result import Evaluation, IndicatorResult
    from methodnet.errors import (DataError, MethodnetError, MissingDependencyError, Problem, ProblemReport,
                                  UnknownPersonError)
    from methodnet.iom.builder import Route, Step
    from methodnet.iom.routes import Routes
    from methodnet.io.validate import LoadOptions
    from methodnet.plugins.registry import Finding
    from methodnet.profile.loader import ProfileError
    from methodnet.profile.model import Profile
    from methodnet.report.render import MonitoringReport, write_report
    from methodnet.rules.check import Findings
    from methodnet.summary import Summary
    from methodnet.limits import Limits


def __getattr__(name: str) -> Any:
    if name == "Report":  # the problems of loading, renamed so the report document is not confused with it
        warnings.warn("methodnet.Report is deprecated: use methodnet.ProblemReport (problems of loading) or "
                      "methodnet.MonitoringReport (the report document)", DeprecationWarning, stacklevel=2)
        name = "ProblemReport"
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'methodnet' has no attribute {name!r}")


def load(path: str | Path, *, at: dt.date | None = None, options: "LoadOptions | None" = None,
         **kwargs: Any) -> "Dataset":
    """Load and validate a folder of CSV/Parquet/JSON/YAML files, a workbook, or one JSON/YAML file.

    ``at``: the dataset's date (as ``--at``): overrides the data's own «Сведения о данных»;
    without either it is today. Dates after it are "in the future". Raises
    :class:`DataError` with every problem located (file, sheet, row, column) when the data
    are invalid; nothing loads partially. See :meth:`Dataset.load`.
    """
    from methodnet.dataset import Dataset
    from methodnet.io.validate import LoadOptions

    if options is None and at is not None:
        options = LoadOptions(as_of=at)
    return Dataset.load(path, options=options, **kwargs)


__all__ = ["DataError", "Dataset", "Evaluation", "Explanation", "Finding", "Findings", "IndicatorResult",
           "LoadOptions", "MethodnetError", "MissingDependencyError", "MonitoringReport", "Problem", "ProblemReport",
           "Profile", "ProfileError", "Route", "Routes", "Step", "Summary", "UnknownPersonError", "__version__",
           "build_routes", "check", "evaluate", "explain", "load", "load_profile", "make_report", "write_report"]
