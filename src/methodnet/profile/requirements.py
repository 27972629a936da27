"""Which tables a profile reads: for the intake form, and to load only what an evaluation needs.

Found from the indicators' expressions (their tables, references and relations), their
kinds and the profile's rules, plus the tables those reference.
"""

from __future__ import annotations

from typing import Any

from methodnet.expr.compile import _walk
from methodnet.expr.parser import Aggregate, Col, Expression, parse_expression
from methodnet.expr.scope import Scope
from methodnet.model.spec import TableRegistry
from methodnet.profile.model import indicator_expressions

BASE_TABLES = ("dataset_info", "municipality", "organization", "staff")
KIND_TABLES = {"presence": ("document",), "survey": ("survey_response",), "statistic": ("statistic",),
               "deficit_closure": ("diagnostic", "diagnostic_result", "competency"),
               "expert": ("expert_assessment",)}
RULE_TABLES = {
    "young_teacher_unsupported": ("mentorship", "association", "association_member", "event", "participation"),
    "no_recent_training": ("training", "program"), "attestation_expiring": ("attestation",),
    "deficit_without_iom": ("diagnostic", "diagnostic_result", "competency", "iom"),
    "iom_step_without_deficit": ("iom", "iom_step"), "iom_overdue": ("iom",), "audience_mismatch": ("training", "program"),
    "document_missing": ("document",), "roadmap_overdue": ("roadmap_status",), "monitoring_frequency": ("document",),
    "stavropol.shmo_formation": ("association",),
}

#: Tables the regional packs' kinds read (a kind's compute function does not say which).
PLUGIN_KIND_TABLES = {
    "amur.profile_classes_share": ("profile_class",),
    "amur.institute_trainings": ("training", "program"),
    "penza.assigned_per_methodist": ("role", "methodist_assignment"),
    "rostov.competence_area_share": ("training", "program"),
    "rostov.young_teacher_adaptation": ("adaptation_survey",),
    "saratov.participation_by_level": ("participation", "event"),
    "saratov.roles_by_level": ("role", "participation", "event"),
}


def _expression_tables(expression: Expression, registry: TableRegistry) -> set[str]:
    found = {expression.table}
    for node in _walk(expression.root):
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


def tables_needed(profile: Any, registry: TableRegistry, *, rules: bool = True) -> list[str]:
    """Tables a profile's indicators (and rules, unless ``rules=False``) read, with what they
    reference, in registry order."""
    if getattr(profile, "extensions", None):  # its expressions may compare with members it adds
        registry = registry.extended(profile.extensions)
    needed = set(BASE_TABLES)
    for ind in profile.indicators:
        needed |= set(KIND_TABLES.get(ind.kind, ()))
        for path, text, table in indicator_expressions(ind):
            needed |= _expression_tables(parse_expression(text, table, registry, expect=None), registry)
        if ind.kind == "ratio":
            needed |= {ind.numerator.table, ind.denominator.table}
        population = getattr(ind, "population", None)
        if population is not None:
            needed.add(population.table)
        needed |= set(PLUGIN_KIND_TABLES.get(ind.kind, ())) & set(registry.names)
    for rule in profile.rules if rules else ():
        needed |= set(RULE_TABLES.get(rule.kind, ()))
    if profile.roadmap:  # the report shows each measure's status
        needed.add("roadmap_status")
    changed = True
    while changed:  # required references pull their tables in
        changed = False
        for name in list(needed):
            for col in registry[name].references:
                if col.ref not in needed and not col.nullable:
                    needed.add(col.ref)
                    changed = True
    return [name for name in registry.names if name in needed]


def tables_to_load(profile: Any, registry: TableRegistry, *, rules: bool = True) -> list[str]:
    """What an evaluation of ``profile`` (and a check of its rules, unless ``rules=False``) reads:
    :func:`tables_needed`, the dataset's own date, and every table a plugin adds (a plugin's kind
    does not say which tables it reads)."""
    from methodnet.model.spec import core_registry

    core = set(core_registry().names)
    plugin_tables = [t for t in registry.names if t not in core]
    return list(dict.fromkeys(["dataset_info", *tables_needed(profile, registry, rules=rules), *plugin_tables]))
