"""Run a profile's rules on a dataset: findings with severity, subject, message, source, action."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import polars as pl

from methodnet.plugins.registry import Finding, PluginError
from methodnet.rules.context import RuleContext

if TYPE_CHECKING:
    from methodnet.dataset import Dataset
    from methodnet.profile.model import Profile

SEVERITY_RU = {"error": "ошибка", "warning": "предупреждение", "info": "сведения"}
SUBJECT_RU = {"person": "работник", "organization": "организация", "municipality": "муниципалитет",
              "profile": "профиль", "iom_step": "шаг ИОМ"}


class Findings:
    """The findings of one check. People appear by id only: reports aggregate them."""

    def __init__(self, findings: list[Finding], profile: "Profile", at: dt.date) -> None:
        self.findings = findings
        self.profile = profile
        self.at = at

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

    def to_dicts(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.findings]

    def to_polars(self) -> pl.DataFrame:
        schema = {k: pl.String for k in ("rule", "severity", "subject_kind", "subject", "message", "source", "action")}
        return pl.DataFrame(self.to_dicts(), schema=schema)

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

    def to_json(self) -> str:
        return json.dumps({"profile": self.profile.id, "at": self.at.isoformat(), "findings": self.to_dicts()},
                          ensure_ascii=False, indent=2)

    def to_text(self, limit_per_rule: int = 10) -> str:
        from methodnet.report.sections import rule_name
        from methodnet.russian import count

        lines = [f"{self.profile.name}: проверка на {self.at:%d.%m.%Y} — {count(len(self.findings), 'finding')} "
                 f"(из них {count(len(self.errors), 'error')})"]
        for rule, n in self.by_rule().items():
            items = [f for f in self.findings if f.rule == rule]
            lines.append(f"\n[{SEVERITY_RU.get(items[0].severity, items[0].severity)}] {rule_name(self.profile, rule)} "
                         f"({rule}): {n}"
                         + (f" — {items[0].source}" if items[0].source else ""))
            for f in items[:limit_per_rule]:
                lines.append(f"  {SUBJECT_RU.get(f.subject_kind, f.subject_kind)} {f.subject}: {f.message}")
            if n > limit_per_rule:
                lines.append(f"  … и ещё {n - limit_per_rule}")
            if items[0].action:
                lines.append(f"  что сделать: {items[0].action}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def check(profile: "Profile", dataset: "Dataset", at: dt.date | None = None, plugins: Any = None,
          evaluation: Any = None) -> Findings:
    """Run every rule of ``profile`` on ``dataset`` as of ``at`` (today by default).

    ``evaluation``: an evaluation of the same profile already at hand; rules about
    indicators use its rows instead of evaluating again.
    """
    from methodnet.plugins.manager import default_plugins

    plugins = plugins or default_plugins()
    at = at or dt.date.today()
    ctx = RuleContext(dataset, profile, at, plugins, evaluation)
    findings: list[Finding] = []
    for rule in profile.rules:
        kind = plugins.rule_kinds.get(rule.kind)
        if kind is None:
            raise PluginError(rule.kind.split(".")[0] if "." in rule.kind else "core",
                              f"вид правила «{rule.kind}» не установлен")
        params = kind.params.model_validate(rule.params) if kind.params else rule.params
        try:
            findings += kind.check(ctx, rule, params)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(kind.plugin, f"правило «{rule.id}» ({rule.kind}): {type(exc).__name__}: {exc}") from exc
    return Findings(findings, profile, at)
