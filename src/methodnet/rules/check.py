"""Run a profile's rules on a dataset as of a date: findings, and the rules that could not check.

A finding is a charge against a school a methodist forwards to its head, so it must be
true as of its date and must not stand in for missing data: a rule without the data it
needs yields one note «не проверено: нет данных о …» (:class:`Unchecked`), never findings.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.plugins.registry import Finding, PluginError
from methodnet.rules.context import NotChecked, RuleContext

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile

SEVERITY_RU = {"error": "ошибка", "warning": "предупреждение", "info": "сведения", "unchecked": "не проверено"}
SUBJECT_RU = {"person": "работник", "organization": "организация", "municipality": "муниципалитет",
              "profile": "профиль", "iom_step": "шаг ИОМ", "rule": "правило"}
#: Columns of the findings table (CSV, XLSX, history); ``rows`` (people's ids) only when asked.
COLUMNS = ("rule", "severity", "subject_kind", "subject", "organization", "group", "period", "count", "message",
           "source", "action", "as_of")


@dataclass(frozen=True)
class Unchecked:
    """A rule that could not check: which, and what data it lacked."""

    rule: str
    kind: str
    about: str
    tables: tuple[str, ...] = ()
    source: str | None = None

    @property
    def message(self) -> str:
        about = self.about
        preposition = "об" if about[:1].lower() in "аоуэиы" else "о"
        return f"не проверено: нет данных {preposition} {about}"


class Findings:
    """The findings of one check as of ``at``, and the rules that could not check.

    People appear by id only, and only in ``rows`` (``explain``, ``ids=True``): reports count them.
    """

    def __init__(self, findings: list[Finding], profile: "Profile", at: dt.date,
                 unchecked: list[Unchecked] | None = None, dataset: "Dataset | None" = None) -> None:
        self.findings = findings
        self.profile = profile
        self.at = at
        self.unchecked = unchecked or []
        self.dataset = dataset
        data_date = getattr(dataset, "as_of", None)
        #: general caveats of the check (a check date after the data's date)
        self.notes: list[str] = [
            f"данные собраны на {data_date:%d.%m.%Y}, проверка на {at:%d.%m.%Y}: что произошло после "
            f"{data_date:%d.%m.%Y}, данным неизвестно"] if data_date and at > data_date else []

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        return counts

    def to_dicts(self, ids: bool = False) -> list[dict[str, Any]]:
        """One dict per finding with its check date; ``ids=True`` adds the ids behind it."""
        out = []
        for f in self.findings:
            d = asdict(f)
            rows, table = d.pop("rows"), d.pop("table")
            d["as_of"] = self.at.isoformat()
            if ids:
                d["rows"], d["table"] = list(rows), table
            out.append(d)
        return out

    def unchecked_dicts(self) -> list[dict[str, Any]]:
        return [{"rule": u.rule, "kind": u.kind, "message": u.message, "tables": list(u.tables),
                 "source": u.source} for u in self.unchecked]

    def to_polars(self, ids: bool = False) -> pl.DataFrame:
        """Findings, then one row per unchecked rule (severity ``unchecked``), as one table."""
        schema: dict[str, Any] = {k: pl.String for k in COLUMNS}
        schema["count"] = pl.Int64
        rows = [{k: d.get(k) for k in COLUMNS} for d in self.to_dicts()]
        rows += [{"rule": u.rule, "severity": "unchecked", "subject_kind": "rule", "subject": u.rule,
                  "message": u.message, "source": u.source, "as_of": self.at.isoformat()} for u in self.unchecked]
        frame = pl.DataFrame([{k: r.get(k) for k in COLUMNS} for r in rows], schema=schema)
        if ids:
            people = [";".join(f.rows) for f in self.findings] + [None] * len(self.unchecked)
            frame = frame.with_columns(pl.Series("rows", people, pl.String))
        return frame

    def to_pandas(self) -> Any:
        return self.to_polars().to_pandas()

    def __repr__(self) -> str:
        return (f"<Findings {self.profile.id} на {self.at:%d.%m.%Y}: {len(self.findings)} "
                f"(ошибок {len(self.errors)}), по правилам {self.by_rule()}>")

    def _repr_html_(self) -> str:
        """Counts per rule, not the list of people: what a notebook should show first."""
        from methodnet.russian import count

        frame = pl.DataFrame({"rule": list(self.by_rule()), "findings": list(self.by_rule().values())},
                             schema={"rule": pl.String, "findings": pl.Int64})
        return (f"<p>{self.profile.name}: проверка на {self.at:%d.%m.%Y} — {count(len(self), 'finding')}</p>"
                + frame._repr_html_())

    def to_json(self, ids: bool = False) -> str:
        return json.dumps({"profile": self.profile.id, "at": self.at.isoformat(), "findings": self.to_dicts(ids),
                           "unchecked": self.unchecked_dicts(), "notes": self.notes}, ensure_ascii=False, indent=2)

    def to_text(self, limit_per_rule: int = 10, ids: bool = False) -> str:
        from methodnet.rules.names import rule_name
        from methodnet.russian import count

        plugins = self.dataset.plugins if self.dataset is not None else None
        lines = [f"{self.profile.name}: проверка на {self.at:%d.%m.%Y} — {count(len(self.findings), 'finding')} "
                 f"(из них {count(len(self.errors), 'error')})" + (f", не проверено правил: {len(self.unchecked)}"
                                                                    if self.unchecked else "")]
        lines += [f"внимание: {note}" for note in self.notes]
        for rule, n in self.by_rule().items():
            items = [f for f in self.findings if f.rule == rule]
            name = rule_name(self.profile, rule, plugins)
            lines.append(f"\n[{SEVERITY_RU.get(items[0].severity, items[0].severity)}] {name} "
                         f"({rule}): {n}"
                         + (f" — {items[0].source}" if items[0].source else ""))
            one_fix = len({f.action for f in items}) == 1
            for f in items[:limit_per_rule]:
                lines.append(f"  {SUBJECT_RU.get(f.subject_kind, f.subject_kind)} {f.subject}: {f.message}"
                             + (f" [{', '.join(f.rows)}]" if ids and f.rows else ""))
                if not one_fix and f.action:
                    lines.append(f"    что сделать: {f.action}")
            if n > limit_per_rule:
                lines.append(f"  … и ещё {n - limit_per_rule}")
            if one_fix and items[0].action:
                lines.append(f"  что сделать: {items[0].action}")
        if self.unchecked:
            lines.append("\nНе проверено (замечания по этим правилам не выносятся):")
            lines += [f"  {u.rule}: {u.message}" for u in self.unchecked]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    # ------------------------------------------------------------------ explain

    def select(self, rule: str, subject: str | None = None, group: str | None = None) -> list[Finding]:
        """Findings of ``rule`` (optionally about ``subject`` and ``group``)."""
        return [f for f in self.findings if f.rule == rule and subject in (None, f.subject)
                and group in (None, f.group)]

    def explain(self, rule: str, subject: str | None = None, group: str | None = None, *,
                names: bool = False) -> pl.DataFrame:
        """The rows behind findings, as for an indicator: finding's subject, group, and each row's id.

        ``names=True`` adds ``full_name`` for staff rows (ask for it only when you must).
        """
        chosen = self.select(rule, subject, group)
        if not chosen and rule not in {f.rule for f in self.findings}:
            from methodnet.errors import MethodnetError

            known = ", ".join(sorted(set(self.by_rule()))) or "нет замечаний"
            raise MethodnetError(f"нет замечаний по правилу «{rule}» (есть: {known})", code="unknown_rule_findings",
                                 hint="укажите id правила из вывода check, например shmo_formation:kislovodsk-05")
        records = [{"subject": f.subject, "group": f.group, "table": f.table, "id": r}
                   for f in chosen for r in (self._indicator_rows(f) if f.table == "indicator" else f.rows)]
        frame = pl.DataFrame(records, schema={"subject": pl.String, "group": pl.String, "table": pl.String,
                                              "id": pl.String})
        if names and self.dataset is not None and frame.height:
            staff = self.dataset["staff"].select(pl.col("id"), pl.col("full_name"))
            frame = frame.join(staff, on="id", how="left").with_columns(
                pl.when(pl.col("table") == "staff").then(pl.col("full_name")).alias("full_name"))
        return frame

    def _indicator_rows(self, f: Finding) -> tuple[str, ...]:
        """An indicator finding's rows: the members its indicator did not count (the engine's explain)."""
        from methodnet.engine.evaluate import Engine
        from methodnet.errors import MethodnetError

        if self.dataset is None or f.group is None or f.period is None:
            return ()
        by_group = f.subject_kind != "profile"
        try:
            members = Engine(self.profile, self.dataset).explain(
                f.group, f.period, group=f.subject if by_group else None, group_by=f.subject_kind if by_group else None)
        except MethodnetError:  # kinds without a population (ratio, derived…): nothing to list
            return ()
        return tuple(members.filter(~pl.col("counted"))["id"].cast(pl.String).to_list())


def check(profile: "Profile", dataset: "Dataset", at: dt.date | None = None, plugins: Any = None,
          evaluation: Any = None) -> Findings:
    """Run every rule of ``profile`` on ``dataset`` as of ``at`` (the dataset's date by default).

    ``evaluation``: an evaluation of the same profile already at hand; rules about
    indicators use its rows instead of evaluating again. The rule kinds come from
    ``plugins``, by default the registry the dataset was loaded with.
    """
    plugins = plugins if plugins is not None else dataset.plugins
    at = at or getattr(dataset, "as_of", None) or dt.date.today()
    ctx = RuleContext(dataset, profile, at, plugins, evaluation)
    findings: list[Finding] = []
    unchecked: list[Unchecked] = []
    for rule in profile.rules:
        kind = plugins.rule_kinds.get(rule.kind)
        if kind is None:
            raise PluginError(rule.kind.split(".")[0] if "." in rule.kind else "core",
                              f"вид правила «{rule.kind}» не установлен")
        params = kind.params.model_validate(rule.params) if kind.params else rule.params
        try:
            findings += kind.check(ctx, rule, params)
        except NotChecked as gap:
            unchecked.append(Unchecked(rule.id, rule.kind, gap.about, gap.tables, ctx.source(rule)))
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(kind.plugin, f"правило «{rule.id}» ({rule.kind}): {type(exc).__name__}: {exc}") from exc
    return Findings(findings, profile, at, unchecked, dataset)
