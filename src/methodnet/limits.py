"""Resource limits for hostile input: sizes, YAML aliases, XLSX dimensions, expression size.

A service that takes uploads must not be knocked over by a file of a few kilobytes (a
YAML alias bomb, a zip that inflates to gigabytes, a condition of 5,000 ``or`` terms).
Every reader checks the relevant limit *before* doing the expensive work and reports a
located :class:`~methodnet.errors.Problem` (code ``limit_*``) when it is exceeded.

The defaults are generous for real data — a region of a million staff rows, profiles of
hundreds of indicators — and can be changed per load with
``LoadOptions(limits=Limits(max_file_bytes=...))`` or per profile with
``load_profile(ref, limits=Limits(...))``. This module imports nothing heavy, so the
expression parser and the profile loader can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds applied while reading input. ``None`` nowhere: every limit is a number."""

    #: Largest input file read (CSV, JSON, YAML, Parquet, XLSX on disk).
    max_file_bytes: int = 2048 * MiB
    #: Largest YAML file (profiles, data in YAML); profiles are ~50 KB, big data belong in CSV.
    max_yaml_bytes: int = 32 * MiB
    #: Alias uses (``*name``) in one YAML document.
    yaml_max_aliases: int = 1_000
    #: Nodes of a YAML document once every alias is expanded (billion laughs stops here).
    yaml_max_nodes: int = 2_000_000
    #: Nesting depth of a YAML document (mappings and lists inside each other).
    yaml_max_depth: int = 64
    #: Decompressed size of one part (sheet, shared strings) of an XLSX workbook.
    xlsx_max_part_bytes: int = 1024 * MiB
    #: Compression ratio of a part above ``xlsx_ratio_from_bytes``: real sheets compress
    #: about 10:1, a zip bomb 1000:1.
    xlsx_max_ratio: int = 200
    xlsx_ratio_from_bytes: int = 16 * MiB
    #: Decompressed size of the whole workbook.
    xlsx_max_total_bytes: int = 2048 * MiB
    #: Cells a sheet may *declare* (its dimension) beyond what a sparse read can handle.
    xlsx_max_cells: int = 200_000_000
    #: Characters of one expression (a condition in a profile).
    expr_max_chars: int = 20_000
    #: Syntax-tree nodes of one expression.
    expr_max_nodes: int = 2_000
    #: Nesting depth of one expression (parentheses, ``not``, operators).
    expr_max_depth: int = 50


DEFAULT_LIMITS = Limits()
