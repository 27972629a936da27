"""Each act's inventory, checked against a table written from the act's text.

The tables (``tests/acts/<act>.yaml``) are transcribed from the source acts
(``../shared/seeds/``, line numbers in ``line:``), not from the profiles: indicator ids,
every target number per year, the roadmap's measures with their deadlines and
responsible parties, the stages, bodies and officials. Where the act gives no number and
the profile sets one, the table says so (``reading:``) and the profile must record the
reading in its ``notes``. A profile that drops, adds or changes an item fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from methodnet.api import load_profile
from methodnet.profile.roadmap import occurrences

TABLES = sorted(Path(__file__).parent.glob("*.yaml"))


@pytest.fixture(params=TABLES, ids=[p.stem for p in TABLES])
def act(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Any]:
    table = yaml.safe_load(request.param.read_text(encoding="utf-8"))
    return table, load_profile(table["profile"])


def test_every_act_has_a_table() -> None:
    assert {p.stem for p in TABLES} == {"seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"}


def test_indicator_ids_are_the_acts_items(act: tuple[dict, Any]) -> None:
    table, profile = act
    assert [ind.id for ind in profile.indicators] == list(table["indicators"]), "one indicator per act item, in order"
    assert all(ind.source is not None for ind in profile.indicators)


def _expected_targets(table: dict, entry: dict) -> dict[str, float]:
    reading = entry.get("reading")
    targets = reading["targets"] if reading else entry["targets"]
    return table[targets] if isinstance(targets, str) else targets


def test_every_target_number_per_year(act: tuple[dict, Any]) -> None:
    table, profile = act
    for iid, entry in table["indicators"].items():
        got = {year: float(v) for year, v in profile.indicator(iid).targets.items()}
        want = {str(year): float(v) for year, v in _expected_targets(table, entry).items()}
        assert got == want, f"{iid} (L{entry['line']}): targets {got}, the act says {want}"


def test_targets_the_act_does_not_give_are_recorded_readings(act: tuple[dict, Any]) -> None:
    table, profile = act
    for iid, entry in table["indicators"].items():
        if entry.get("reading"):
            assert not entry["targets"], f"{iid}: a reading replaces no number of the act"
            needle = entry["reading"]["note_contains"]
            assert any(needle in note for note in profile.notes), f"{iid}: no note says «{needle}»"


def test_breakdowns_the_act_asks_for(act: tuple[dict, Any]) -> None:
    table, profile = act
    for iid, entry in table["indicators"].items():
        if "by" in entry:
            assert profile.indicator(iid).by == entry["by"], iid


def test_period_stages_and_monitoring(act: tuple[dict, Any]) -> None:
    table, profile = act
    start, end = table["period"]
    assert (profile.period.start, profile.period.end) == (start, end)
    if "stages" in table:
        assert [[s.name, s.start, s.end] for s in profile.stages] == table["stages"]
        assert all(s.content and s.results and s.source for s in profile.stages), "stages carry content and results"
    if "monitoring_per_year" in table:
        assert profile.monitoring.per_year == table["monitoring_per_year"]


def _dates(values: list) -> list[dt.date]:
    return [v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) for v in values]


def test_roadmap_measures_deadlines_and_responsible(act: tuple[dict, Any]) -> None:
    table, profile = act
    items = {item.id: item for item in profile.roadmap}
    assert list(items) == list(table["roadmap"])
    for rid, entry in table["roadmap"].items():
        item = items[rid]
        where = f"{rid} (L{entry['line']})"
        assert item.source and item.source.item == entry["item"], where
        assert occurrences(item, profile.period) == _dates(entry["due"]), f"{where}: deadlines"
        assert item.responsible == entry["responsible"], f"{where}: responsible"
        assert item.repeats == entry.get("repeats"), f"{where}: repeats"
        if "deadline" in entry:
            assert item.deadline == entry["deadline"], f"{where}: the act's wording of the deadline"
    for rid, title in table.get("roadmap_titles", {}).items():
        assert items[rid].title == title, f"{rid}: title as in the act"
    if table.get("roadmap_expected_results"):
        assert all(item.expected_result for item in profile.roadmap), "every measure has the act's expected result"


def test_bodies_officials_and_glossary(act: tuple[dict, Any]) -> None:
    table, profile = act
    names = {b.name for b in profile.bodies}
    for name in table.get("bodies", []):
        assert name in names, f"body «{name}» missing"
    positions = {o.position for o in profile.officials}
    for position in table.get("officials", []):
        assert position in positions, f"official «{position}» missing"
    if "glossary_terms" in table:
        assert len(profile.glossary) == table["glossary_terms"]
    terms = {t.term for t in profile.glossary}
    for term in table.get("glossary", []):
        assert term in terms, f"term «{term}» missing"


def test_rules_the_act_sets(act: tuple[dict, Any]) -> None:
    table, profile = act
    rules = {r.kind: r for r in profile.rules}
    for kind, entry in table.get("rules", {}).items():
        assert kind in rules, kind
        assert rules[kind].params == entry["params"], f"{kind} (L{entry['line']})"


FIDELITY = Path(__file__).resolve().parents[2] / "docs" / "fidelity"


@pytest.mark.parametrize("pid", ["seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk"])
def test_fidelity_checklist_is_closed_and_quotes_the_profile(pid: str) -> None:
    """docs/fidelity/<act>.md: no item left DIFFERENT or MISSING; each quoted note is the profile's note."""
    import re

    text = (FIDELITY / f"{pid}.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in text.splitlines() if re.match(r"\| [A-D]\d+ \|", line)]
    assert rows, "no checklist items"
    after = {cells[0].strip("| "): cells[3].strip("* ") for cells in rows}
    assert set(after.values()) <= {"EXACT", "NOTED", "EXCLUDED"}, after
    notes = load_profile(pid).notes
    quoted = re.findall(r"^- \*\*([A-D]\d+)\*\*, note (\d+): «(.*)»$", text, flags=re.M)
    assert {item for item, status in after.items() if status == "NOTED"} <= {item for item, _, _ in quoted}
    for item, number, quote in quoted:
        assert notes[int(number) - 1] == quote, f"{item}: note {number} of {pid}.yaml changed; update docs/fidelity"
