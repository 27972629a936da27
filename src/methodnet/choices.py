"""The named choices methodnet offers — breakdowns, data formats, report formats — one list each.

The engine, the writers and the report renderers implement exactly these, and the CLI's
option lists (``--by``, ``--format``) are built from them. A module that imports nothing,
so ``methodnet --help`` builds its options without loading polars.
"""

from __future__ import annotations

#: Breakdowns of results (``--by``): :mod:`methodnet.engine.groups` finds each one's key.
GROUPINGS = ("municipality", "organization", "organization_kind", "level")

#: Formats a dataset is written in (``convert``/``generate --format``): :mod:`methodnet.io.writers`.
DATA_FORMATS = ("csv", "xlsx", "parquet", "json", "yaml")

#: Formats of the monitoring report (``report --format``): :mod:`methodnet.report.render`.
REPORT_FORMATS = ("html", "md", "json", "csv", "xlsx")
