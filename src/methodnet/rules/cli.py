"""What ``methodnet check`` prints and the exit code it returns (kept out of cli.py so it stays small).

Exit codes: 0 — done; 1 — ``--strict`` and an error-level finding, or ``--strict-data`` and a
rule that could not check for lack of data; 2 — bad input (an unknown rule in ``--explain``).
"""

from __future__ import annotations

import click

from methodnet.errors import MethodnetError
from methodnet.rules.check import Findings

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def echo_findings(findings: Findings, fmt: str, *, ids: bool = False, explain: str | None = None,
                  strict: bool = False, strict_data: bool = False) -> int:
    """Print ``findings`` in ``fmt`` (and the rows behind ``explain``); return the exit code."""
    from methodnet.io.formulas import neutralize_frame  # CSV text never starts a spreadsheet formula

    if explain:
        rule, _, subject = explain.partition(":")
        try:
            frame = findings.explain(rule, subject or None)
        except MethodnetError as exc:
            click.echo(f"ошибка: {exc}" + (f" (подсказка: {exc.hint})" if exc.hint else ""), err=True)
            return EXIT_BAD_INPUT
        if fmt == "json":
            click.echo(frame.write_json())
        elif fmt == "csv":
            click.echo(neutralize_frame(frame).write_csv(), nl=False)
        else:
            click.echo(f"{rule}{':' + subject if subject else ''}: строк за замечаниями — {frame.height}")
            for row in frame.iter_rows(named=True):
                group = f" [{row['group']}]" if row["group"] else ""
                click.echo(f"  {row['subject']}{group}: {row['table']} {row['id']}")
    elif fmt == "json":
        click.echo(findings.to_json(ids=ids))
    elif fmt == "csv":
        click.echo(neutralize_frame(findings.to_polars(ids=ids)).write_csv(), nl=False)
    else:
        click.echo(findings.to_text(ids=ids))
    if strict and findings.errors:
        return EXIT_FINDINGS
    if strict_data and findings.unchecked:
        return EXIT_FINDINGS
    return 0
