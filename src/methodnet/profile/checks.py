"""Checks of a profile's meaning, after its schema: kinds, targets, bands, rules, vocabularies,
indicators and their expressions.

A mixin of the profile loader (:mod:`methodnet.profile.loader`): each check reports through the
loader's ``problem`` with the file and line of the entry, so every problem is collected.
"""

from __future__ import annotations

from math import inf
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from methodnet.errors import Problem, ProblemReport
from methodnet.expr.formula import Formula, FormulaError, dependency_order, parse_formula
from methodnet.expr.parser import ExpressionError, parse_expression
from methodnet.limits import Limits
from methodnet.model.extensions import EXTENSIBLE_RU
from methodnet.model.spec import TableRegistry
from methodnet.plugins.registry import PluginRegistry
from methodnet.profile.model import (
    DerivedIndicator,
    Indicator,
    OfIndicator,
    PresenceIndicator,
    Profile,
    TargetRange,
    indicator_expressions,
)
from methodnet.profile.vocabularies import param_value_problems, tags_in
from methodnet.profile.yamlloc import Located

if TYPE_CHECKING:
    from methodnet.expr.parser import Expression


class MeaningChecks:
    """The loader's checks of meaning (see the module's docstring)."""

    registry: TableRegistry
    plugins: PluginRegistry
    search: list[Path]
    report: ProblemReport
    limits: Limits

    def problem(self, code: str, doc: Located | None, path: tuple = (), detail: str = "",
                hint: str | None = None, severity: str = "error") -> None:
        raise NotImplementedError  # the loader's

    def check_kinds(self, ind: Indicator, doc: Located, path: tuple) -> None:
        """The kind must be installed; a plugin kind's params must match its model."""
        kind = self.plugins.indicator_kind(ind.kind)
        if kind is None:
            plugin = ind.plugin or ind.kind.split(".")[0]
            self.problem("missing_plugin", doc, (*path, "kind"),
                         f"{ind.id}: вид показателя «{ind.kind}» даёт плагин «{plugin}», он не установлен",
                         f"установите пакет с плагином «{plugin}» (entry point группы methodnet) или уберите показатель; "
                         f"установлены: {', '.join(self.plugins.plugins)}")
            return
        if kind.params is not None:
            try:
                kind.params.model_validate(getattr(ind, "params", None) or {})
            except ValidationError as exc:
                for error in exc.errors():
                    self.problem("plugin_params", doc, (*path, "params", *error["loc"]),
                                 f"{ind.id}: {error['msg']}", f"параметры вида «{ind.kind}» (плагин «{kind.plugin}»)")
            else:
                for field, detail, hint in param_value_problems(kind.params, getattr(ind, "params", None) or {},
                                                                self.registry):
                    self.problem("plugin_params", doc, (*path, "params", field), f"{ind.id}: {detail}", hint)

    def check_targets(self, profile: Profile, ind: Indicator, targets: dict, doc: Located, path: tuple) -> None:
        for key, value in targets.items():
            year = target_year(key)
            if year is None:
                self.problem("bad_target", doc, (*path, key), key,
                             "ключ цели — год (2025), учебный год (2024/2025), полугодие (2025-H1), квартал "
                             "(2025-Q1), месяц (2025-03), «2021+» (с этого года) или «*» (ежегодно)")
            elif year and profile.period and not profile.period.contains(year):
                end = profile.period.end or "…"
                self.problem("target_out_of_program", doc, (*path, key),
                             f"{ind.id}: цель на {key} вне срока программы {profile.period.start}–{end}",
                             "исправьте год или срок программы (period)")
            if isinstance(value, TargetRange) and value.min is not None and value.max is not None \
                    and value.min > value.max:
                self.problem("bad_target", doc, (*path, key), f"{key}: min {value.min} > max {value.max}",
                             "нижняя граница диапазона должна быть не больше верхней")
            number = [value] if isinstance(value, (int, float)) else [value.min, value.max]
            if any(v is not None and (v != v or abs(v) == float("inf")) for v in number):
                self.problem("bad_target", doc, (*path, key), f"{key}: {value}", "цель — конечное число")

    def check_bands(self, ind: Indicator, doc: Located, path: tuple) -> None:
        """Score bands must not overlap and level bands must rise: each value gets one score and one level."""
        bands = getattr(ind, "bands", None) or []
        for i, band in enumerate(bands):
            for other in bands[i + 1:]:
                low = max(band.min if band.min is not None else -inf, other.min if other.min is not None else -inf)
                high = min(band.max if band.max is not None else inf, other.max if other.max is not None else inf)
                if low < high:
                    self.problem("bad_bands", doc, (*path, "bands", i),
                                 f"{ind.id}: полосы баллов пересекаются ({low}–{high})",
                                 "у каждой полосы свой диапазон [min, max)")
        mins = [band.min for band in ind.levels]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            self.problem("bad_bands", doc, (*path, "levels"), f"{ind.id}: уровни не по убыванию min",
                         "перечислите уровни от высшего к низшему с разными min")

    def check_rules(self, profile: Profile, doc: Located) -> None:
        for i, rule in enumerate(profile.rules):
            kind = self.plugins.rule_kinds.get(rule.kind)
            path = ("rules", i)
            if kind is None:
                plugin = rule.kind.split(".")[0] if "." in rule.kind else "core"
                self.problem("missing_plugin", doc, (*path, "kind"),
                             f"{rule.id}: вид правила «{rule.kind}» даёт плагин «{plugin}», он не установлен",
                             "установленные виды правил: " + ", ".join(self.plugins.rule_kinds))
            elif kind.params is not None:
                try:
                    kind.params.model_validate(rule.params)
                except ValidationError as exc:
                    for error in exc.errors():
                        self.problem("plugin_params", doc, (*path, "params", *error["loc"]),
                                     f"{rule.id}: {error['msg']}", f"параметры правила «{rule.kind}»")
                else:
                    for field, detail, hint in param_value_problems(kind.params, rule.params, self.registry):
                        self.problem("plugin_params", doc, (*path, "params", field), f"{rule.id}: {detail}", hint)

    def check_meaning(self, profile: Profile, indicators: list[tuple[Indicator, Located, tuple]]) -> None:
        ids = {ind.id for ind in profile.indicators}
        if not profile.indicators and not self.report.error_count:
            self.report.add(Problem("profile_empty", file=profile.file, row=1, column="indicators",
                                    params={"detail": f"{profile.id}: в профиле нет ни одного показателя"},
                                    hint="добавьте indicators или inherit_indicators: true"))
        formulas: dict[str, Formula | tuple[str, ...]] = {}
        located: dict[str, tuple[Located, tuple]] = {}
        self.check_indicators(profile, indicators, ids, formulas, located)
        try:  # indicators computed from others may use each other in any order, but not in a circle
            dependency_order(formulas)
        except FormulaError as exc:
            doc, path = located[exc.cycle[0]]
            field = "formula" if isinstance(formulas[exc.cycle[0]], Formula) else "of"
            self.problem(exc.code, doc, (*path, field), exc.message, exc.hint)

    def check_vocabularies(self, profile: Profile, doc: Located) -> None:
        for name in profile.vocabularies:
            if name not in VOCABULARIES:
                self.problem("unknown_vocabulary", doc, ("vocabularies", name), name,
                             did_you_mean(name, sorted(VOCABULARIES)) or "словари: " + ", ".join(sorted(VOCABULARIES)))

    def check_indicators(self, profile: Profile, indicators: list[tuple[Indicator, Located, tuple]], ids: set[str],
                         formulas: dict[str, Formula | tuple[str, ...]],
                         located: dict[str, tuple[Located, tuple]]) -> None:
        document_kinds = set(profile.vocabularies.get("document_kinds", {}))
        tags = set(profile.vocabularies.get("tags", {}))
        for ind, doc, path in indicators:
            self.check_kinds(ind, doc, path)
            for field, targets in (("targets", ind.targets), ("own_targets", ind.own_targets)):
                self.check_targets(profile, ind, targets, doc, (*path, field))
            if isinstance(ind, OfIndicator):
                formulas[ind.id] = (ind.of,)
                located[ind.id] = (doc, path)
                if ind.of not in ids:
                    self.problem("missing_indicator", doc, (*path, "of"),
                                 f"{ind.id}: ссылается на «{ind.of}», такого показателя нет", did_you_mean(ind.of, sorted(ids)))
            self.check_bands(ind, doc, path)
            for field_path, text, table in indicator_expressions(ind):
                try:
                    parsed = parse_expression(text, table, self.registry,
                                              expect="bool" if field_path[-1] != "distinct" else None,
                                              limits=self.limits)
                except ExpressionError as exc:
                    at = f" (символ {exc.offset} выражения)" if exc.offset else ""
                    self.problem(f"expression_{exc.code}", doc, (*path, *field_path), f"{ind.id}: {exc.message}{at}",
                                 exc.hint)
                    continue
                for kind in document_kinds_in(parsed) - document_kinds:  # a typo would silently give 0 %
                    self.problem("unknown_document_kind", doc, (*path, *field_path), f"{ind.id}: {kind}",
                                 did_you_mean(kind, sorted(document_kinds)) or "добавьте вид в vocabularies.document_kinds")
                for tag in (tags_in(parsed) - tags) if tags else ():  # declared tags are checked like kinds
                    self.problem("unknown_tag", doc, (*path, *field_path), f"{ind.id}: {tag}",
                                 did_you_mean(tag, sorted(tags)) or "добавьте метку в vocabularies.tags")
            if isinstance(ind, DerivedIndicator):
                try:
                    formulas[ind.id] = formula = parse_formula(ind.formula)
                except FormulaError as exc:
                    self.problem(exc.code, doc, (*path, "formula"), f"{ind.id}: {exc.message}", exc.hint)
                    continue
                located[ind.id] = (doc, path)
                for name in formula.names:
                    if name not in ids:
                        self.problem("missing_indicator", doc, (*path, "formula"),
                                     f"{ind.id}: формула ссылается на «{name}», такого показателя нет",
                                     did_you_mean(name, sorted(ids)))
            if isinstance(ind, PresenceIndicator) and ind.document_kind not in document_kinds:
                self.problem("unknown_document_kind", doc, (*path, "document_kind"), ind.document_kind,
                             did_you_mean(ind.document_kind, sorted(document_kinds)) or
                             "добавьте вид в vocabularies.document_kinds")


def target_year(key: str) -> int | None:
    """The year of a target key (``2025``, ``2024/2025``, ``2025-Q1``, ``2021+``), None if not understood;
    ``*`` (every year) is 0."""
    from methodnet.profile.targets import key_year, valid_key

    if not valid_key(key):
        return None
    return key_year(key) or 0


#: Vocabularies a profile may define, and what each is for.
VOCABULARIES = {
    "document_kinds": "виды документов (локальные акты, планы, мониторинги)",
    "contests": "конкурсы профессионального мастерства",
    "subject_cycles": "циклы предметов (для ШМО): цикл → предметы через запятую",
    "competency_areas": "области компетенций",
    "competencies": "компетенции рамки",
    "tags": "метки программ и мероприятий",
    **EXTENSIBLE_RU,  # members added to the data's closed vocabularies (methodnet.model.extensions)
}


def document_kinds_in(expression: Expression) -> set[str]:
    """Document kinds an expression compares ``kind`` with, over the document table (at any depth)."""
    from methodnet.expr.nodes import walk
    from methodnet.expr.parser import Aggregate, Cmp, Col, In, ListLit, Lit

    found: set[str] = set()

    def visit(expr: Any) -> None:
        for node in walk(expr.root):
            if isinstance(node, Aggregate) and node.condition is not None:
                visit(node.condition)
            if expr.table != "document":
                continue
            if isinstance(node, Cmp) and node.op in ("==", "!="):
                for column, literal in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(column, Col) and column.path == ("kind",) and isinstance(literal, Lit):
                        found.add(str(literal.value))
            if isinstance(node, In) and isinstance(node.item, Col) and node.item.path == ("kind",) \
                    and isinstance(node.container, ListLit):
                found.update(str(v) for v in node.container.values)

    visit(expression)
    return found


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5) if len(word) <= 100 else []
    return f"возможно, «{match[0]}»" if match else None
