"""Which tables a profile reads: for the intake form, and to load only what an evaluation needs.

Found from the indicators' expressions (their tables, references and relations), the
tables their kinds and the profile's rules declare when they are registered
(``add_indicator_kind(..., tables=…)``, ``add_rule_kind(..., tables=…)``), plus the tables
those reference. Nothing here names a kind: a regional pack declares its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from methodnet.expr.nodes import walk
from methodnet.expr.parser import Aggregate, Col, Expression, parse_expression
from methodnet.expr.scope import Scope
from methodnet.model.spec import TableRegistry
from methodnet.plugins.registry import PluginRegistry
from methodnet.profile.model import RatioIndicator, indicator_expressions

if TYPE_CHECKING:
    from methodnet.profile.model import Profile

BASE_TABLES = ("dataset_info", "municipality", "organization", "staff")


def _expression_tables(expression: Expression, registry: TableRegistry) -> set[str]:
    found = {expression.table}
    for node in walk(expression.root):
        if isinstance(node, Col) and len(node.path) > 1:
            scope = Scope(expression.table, registry)
            for part in node.path[:-1]:
                target = scope.reference(part)
                if target:
                    found.add(target)
                    scope = Scope(target, registry)
        elif isinstance(node, Aggregate):
            found.add(node.relation.table)
            if node.condition is not None:
                found |= _expression_tables(node.condition, registry)
    return found


def tables_needed(profile: Profile, plugins: PluginRegistry, registry: TableRegistry | None = None, *,
                  rules: bool = True) -> list[str]:
    """Tables a profile's indicators (and rules, unless ``rules=False``) read, with what they
    reference, in registry order.

    ``plugins`` is the registry whose kinds the profile uses (their declared tables);
    ``registry`` the tables (``plugins``' own by default).
    """
    registry = registry if registry is not None else plugins.table_registry()
    if getattr(profile, "extensions", None):  # its expressions may compare with members it adds
        registry = registry.extended(profile.extensions)
    needed = set(BASE_TABLES)
    for ind in profile.indicators:
        kind = plugins.indicator_kinds.get(ind.kind)
        if kind is not None:
            needed |= set(plugins.kind_tables(kind))
        for path, text, table in indicator_expressions(ind):
            needed |= _expression_tables(parse_expression(text, table, registry, expect=None), registry)
        if isinstance(ind, RatioIndicator):
            needed |= {ind.numerator.table, ind.denominator.table}
        population = getattr(ind, "population", None)
        if population is not None:
            needed.add(population.table)
    for rule in profile.rules if rules else ():
        rule_kind = plugins.rule_kinds.get(rule.kind)
        if rule_kind is not None:
            needed |= set(plugins.kind_tables(rule_kind))
    needed &= set(registry.names)
    if profile.roadmap:  # the report shows each measure's status
        needed.add("roadmap_status")
    changed = True
    while changed:  # required references pull their tables in
        changed = False
        for name in list(needed):
            for col in registry[name].references:
                if col.ref is not None and col.ref not in needed and not col.nullable:
                    needed.add(col.ref)
                    changed = True
    return [name for name in registry.names if name in needed]


def tables_to_load(profile: Profile, plugins: PluginRegistry, registry: TableRegistry | None = None, *,
                   rules: bool = True) -> list[str]:
    """What an evaluation of ``profile`` (and a check of its rules, unless ``rules=False``) reads:
    :func:`tables_needed` and the dataset's own date."""
    return list(dict.fromkeys(["dataset_info", *tables_needed(profile, plugins, registry, rules=rules)]))
