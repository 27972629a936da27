"""The ``methodnet summary`` command: check the data, then print the summary or every problem.

Kept apart from :mod:`methodnet.summary` (what a summary holds): this is the top layer,
it loads the data (with the installed plugins) and may mark the bad cells of a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from methodnet.profile.model import Profile


def run_summary(path: str | Path, at: dt.date | None, fmt: str, marked: str | Path | None,
                *, echo: Callable[..., None], strict: bool = False, profile: Profile | None = None) -> int:
    """The ``summary`` command: check the data, print the summary or the problems; the exit code.

    With ``fmt="json"`` stdout is one JSON object either way — ``valid``, counts,
    every problem located (sheet, row, column and the header as written), and the
    summary when the data loaded — so a program can act on a methodist's form. ``profile``:
    the data were collected for it (the members it adds to vocabularies are accepted).
    """
    import json

    from methodnet.dataset import Dataset
    from methodnet.errors import DataError
    from methodnet.io.validate import LoadOptions
    from methodnet.russian import count

    full = marked is not None  # marking wants every bad cell, not the first few per column
    options = LoadOptions(limit=20_000, per_check=10_000) if full else LoadOptions()
    dataset: Dataset | None
    try:
        loaded = Dataset.load(path, options=options, profile=profile)
    except DataError as exc:
        report, dataset = exc.report, None
    else:
        dataset = loaded
        report = loaded.report
        if strict and report.warnings:  # --strict: warnings count as errors
            report, dataset = report.as_errors(), None
    if marked is not None:
        if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
            echo("--mark-errors: нужна книга XLSX", err=True)
            return 2
        from methodnet.dataset import default_registry
        from methodnet.io.marks import mark_errors

        registry = dataset.registry if dataset is not None else \
            profile.table_registry(default_registry()) if profile is not None else default_registry()
        cells = mark_errors(Path(path), report, Path(marked), registry)
        echo(f"отмечено: {count(cells, 'cell')} — {Path(marked).resolve()}", err=True)
    if fmt == "json":
        out = report.to_dict()
        out["summary"] = dataset.summary(at).to_dict() if dataset is not None else None
        echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif dataset is None:
        echo(str(DataError(report)), err=True)
    else:
        echo(str(dataset.summary(at)))
        for warning in report.warnings:
            echo(f"предупреждение: {warning}", err=True)
    return 0 if dataset is not None else 2
