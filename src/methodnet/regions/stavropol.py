"""Ставропольский край: the rule forming school methodical associations (ШМО).

Кисловодск's program: «При наличии в образовательном учреждении более двух учителей,
работающих по одной и той же специальности, более трех учителей, работающих по одному циклу
предметников (гуманитарный, естественно-математический, физико-математический,
естественно-географический и др.), создается методическое объединение учителей-предметников».

Read as requirements of a school operating on the check date D, over the teachers employed
on D: «subject s» when more than ``same_subject_more_than`` teachers teach s, «cycle C» when
more than ``same_cycle_more_than`` teachers teach a subject of C. The cycles are the profile's
``vocabularies.subject_cycles``, sets that overlap (математика is in two); an ШМО existing on
D covers a subject when its own ``subject`` names it or any of its cycle's subjects does. A
requirement is met when every teacher it concerns is covered by some ШМО of the school.
Unmet requirements of one school whose uncovered teachers are the same people (or fewer of
them) are one gap, and one finding: one ШМО closes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from methodnet.model.groupings import Grouping, names_match
from methodnet.plugins import Finding, hookimpl
from methodnet.rules.grouped import plural

PLUGIN_NAME = "stavropol"


class ShmoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    same_subject_more_than: int = Field(2, ge=0, description="ШМО нужно, если учителей одного предмета больше")
    same_cycle_more_than: int = Field(3, ge=0, description="ШМО нужно, если учителей одного цикла больше")


@dataclass
class Requirement:
    """«ШМО нужно» for a subject or a cycle of one school, with the teachers it concerns."""

    kind: str  # subject / cycle
    name: str
    concerned: frozenset[str]
    uncovered: frozenset[str]
    threshold: int

    def describe(self) -> str:
        n = len(self.concerned)
        what = f"предмет «{self.name}»" if self.kind == "subject" else f"цикл «{self.name}»"
        return f"{what} — {n} {plural(n, 'учитель', 'учителя', 'учителей')} (больше {self.threshold})"


def _parts(value: str | None) -> list[str]:
    """An ШМО's subjects or cycles: one, or several separated by commas or semicolons."""
    return [p.strip() for p in re.split(r"[,;]", value or "") if p.strip()]


def _covers(shmo: list[tuple[str | None, str | None]], cycles: Grouping, subject: str) -> bool:
    """Whether any ШМО covers ``subject``: one of its subjects names it, or one of its cycles holds it."""
    return any(any(names_match(x, subject) for x in _parts(s)) or any(cycles.contains(c, subject) for c in _parts(c))
               for s, c in shmo)


def school_requirements(teaching: list[tuple[str, str]], shmo: list[tuple[str | None, str | None]],
                        cycles: Grouping, params: ShmoParams) -> list[Requirement]:
    """The unmet requirements of one school: ``teaching`` is (teacher, subject) pairs, ``shmo`` (subject, cycle)."""
    covered = {s for _, s in teaching if _covers(shmo, cycles, s)}
    by_subject: dict[str, set[str]] = {}
    for teacher, subject in teaching:
        by_subject.setdefault(subject, set()).add(teacher)
    unmet = []
    for subject, teachers in sorted(by_subject.items()):
        if len(teachers) > params.same_subject_more_than and subject not in covered:
            unmet.append(Requirement("subject", subject, frozenset(teachers), frozenset(teachers),
                                     params.same_subject_more_than))
    for cycle in cycles.groups:
        in_cycle = [(t, s) for t, s in teaching if cycles.contains(cycle, s)]
        concerned = {t for t, _ in in_cycle}
        if len(concerned) <= params.same_cycle_more_than:
            continue
        reached = {t for t, s in in_cycle if s in covered}
        uncovered = frozenset(concerned - reached)
        if uncovered:
            unmet.append(Requirement("cycle", cycle, frozenset(concerned), uncovered, params.same_cycle_more_than))
    return unmet


def gaps(unmet: list[Requirement]) -> list[list[Requirement]]:
    """Unmet requirements folded into gaps: one whose uncovered teachers are within another's joins it.

    The gap's first requirement is the widest (most uncovered), then the most specific
    (fewest concerned): the one its ШМО would be named after.
    """
    ordered = sorted(unmet, key=lambda r: (-len(r.uncovered), len(r.concerned), r.kind != "cycle", r.name))
    out: list[list[Requirement]] = []
    for req in ordered:
        home = next((g for g in out if req.uncovered <= g[0].uncovered), None)
        if home is None:
            out.append([req])
        else:
            home.append(req)
    return out


def _fix(first: Requirement, taught: list[str], cycles: Grouping) -> str:
    """What closes the gap: an ШМО of the narrowest cycle holding every uncovered subject."""
    holding = [c for c, items in cycles.groups.items() if all(cycles.contains(c, s) for s in taught)]
    narrowest = min(holding, key=lambda c: len(cycles.groups[c]), default=None)
    subjects = ", ".join(f"«{s}»" for s in taught)
    if narrowest is None:
        return f"создайте ШМО, охватывающее предметы: {subjects}"
    return f"создайте ШМО по {'предмету' if len(taught) == 1 else 'предметам'} {subjects} " \
           f"или ШМО цикла «{narrowest}»"


def shmo_formation(ctx: Any, rule: Any, params: ShmoParams) -> list[Finding]:
    """Schools operating on D whose teachers on D need an ШМО the school did not have on D."""
    ctx.need("organization", "staff", "association")
    ds = ctx.dataset
    ctx.need_rows(ds["association"].filter(pl.col("level") == "school"), "школьных методических объединениях (ШМО)",
                  "association")
    cycles = Grouping.from_vocabulary(ctx.profile.vocabularies.get("subject_cycles"))
    schools = ctx.organizations(["school"])["id"]
    teaching = (ctx.staff().filter(pl.col("organization_id").is_in(schools.implode())
                                   & (pl.col("category") == "pedagogue"))
                .select("id", "organization_id", "subjects").explode("subjects").drop_nulls("subjects"))
    ctx.need_rows(teaching, "предметах учителей (staff.subjects)", "staff")
    shmo = ctx.associations().filter(pl.col("level") == "school")
    by_school: dict[str, list[tuple[str | None, str | None]]] = {}
    for org, subject, cycle in shmo.select("organization_id", "subject", "subject_cycle").iter_rows():
        by_school.setdefault(org, []).append((subject, cycle))
    pairs: dict[str, list[tuple[str, str]]] = {}
    for teacher, org, subject in teaching.iter_rows():
        pairs.setdefault(org, []).append((teacher, subject))
    subjects_of = {t: s for t, s in teaching.group_by("id").agg("subjects").iter_rows()}
    findings = []
    for org in sorted(pairs):
        for gap in gaps(school_requirements(pairs[org], by_school.get(org, []), cycles, params)):
            first, people = gap[0], sorted(gap[0].uncovered)
            taught = sorted({s for t in people for s in subjects_of[t]
                             if (s == first.name if first.kind == "subject" else cycles.contains(first.name, s))})
            n = len(people)
            fix = _fix(first, taught, cycles)
            findings.append(Finding(
                rule.id, rule.severity, "organization", org,
                f"{n} {plural(n, 'учитель', 'учителя', 'учителей')} ({', '.join(taught)}) "
                f"{plural(n, 'не охвачен', 'не охвачены', 'не охвачены')} ни одним ШМО на {ctx.at:%d.%m.%Y}; "
                "ШМО требуется: " + "; ".join(r.describe() for r in gap),
                ctx.source(rule), fix, organization=org, group=first.name, count=n, rows=tuple(people),
                table="staff"))
    return findings


@hookimpl
def methodnet_add_rule_kinds(registry: Any) -> None:
    registry.add_rule_kind("stavropol.shmo_formation", shmo_formation, params=ShmoParams,
                           description="ШМО при числе учителей предмета > 2 или цикла > 3",
                           tables=("association",))
