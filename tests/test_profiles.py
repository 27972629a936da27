"""Profiles: the six shipped ones load with the acts' targets; malformed ones fail with a located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from methodnet.api import load_profile

from methodnet.profile.loader import PROFILE_DIR, ProfileError, available_profiles

SIX = ("base", "seryshevo", "kuznetsk", "kislovodsk", "oktyabrsky", "petrovsk")


def test_all_six_profiles_load_and_ship_in_the_package() -> None:
    assert set(SIX) <= set(available_profiles())
    assert (PROFILE_DIR / "base.yaml").exists()  # inside the installed package, not only in a checkout
    for pid in SIX:
        profile = load_profile(pid)
        assert profile.indicators, pid
        if pid != "base":
            assert profile.chain == [pid, "base"]
            assert all(ind.source is not None for ind in profile.indicators), pid
    text = (PROFILE_DIR / "seryshevo.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/profile.schema.json")


# The inventory of ../shared/seeds/README.md: indicator → targets per year, exactly as the acts give them.
SERYSHEVO = {
    "diagnostics_share": {"2024": 80, "2025": 85, "2026": 90, "2027": 100},
    "iom_share": {"2024": 0, "2025": 20, "2026": 30, "2027": 40},
    "school_advanced_training_share": {"2025": 100, "2026": 100, "2027": 100},
    "retraining_share": {"2024": 50, "2025": 60, "2026": 80, "2027": 100},
    "municipal_events_count": {"2024": 1, "2025": 2, "2026": 1, "2027": 1},
    "management_team_orgs_share": {"2024": 40, "2025": 45, "2026": 50, "2027": 55},
    "mentoring_model_orgs_share": {"2024": 50, "2025": 80, "2026": 100, "2027": 100},
    "amur_institute_trainings": {"2024": 235, "2025": 180, "2026": 180, "2027": 180},
    "contests_count": {"2024": 4, "2025": 4, "2026": 5, "2027": 5},
    "horizontal_learning_orgs_share": {"2024": 100, "2025": 100, "2026": 100, "2027": 100},
    "profile_classes_share": {"2024": 55, "2025": 70, "2026": 80, "2027": 90},
    "attestation_monitoring": {"2024": 80, "2025": 90, "2026": 95, "2027": 100},
    "pd_organization": {"2024": 80, "2025": 90, "2026": 95, "2027": 100},
    "children_additional_education": {"2024": 80, "2025": 85, "2026": 85, "2027": 90},
    # the passport's two target indicators have no values
    "participating_pedagogues_share": {},
    "organizations_with_programs_count": {},
}


def test_seryshevo_has_every_indicator_with_the_acts_targets() -> None:
    profile = load_profile("seryshevo")
    assert {ind.id: ind.targets for ind in profile.indicators} == SERYSHEVO
    assert profile.indicator("diagnostics_share").cumulative and profile.indicator("iom_share").cumulative
    assert profile.monitoring.per_year == 2
    assert [s.name for s in profile.stages] == ["подготовительный", "практический", "аналитический"]
    assert len(profile.organizations) == 9 and len(profile.roadmap) == 13
    assert profile.indicator("profile_classes_share").plugin == "amur"


def test_kuznetsk_inventory() -> None:
    profile = load_profile("kuznetsk")
    ids = {ind.id for ind in profile.indicators}
    assert ids == {"roadmap_exists", "diagnostics_share_pedagogues", "diagnostics_share_managers",
                   "federal_registry_training_share", "iom_share_pedagogues", "iom_share_managers",
                   "management_teams_count", "regional_methodists_share", "assigned_per_methodist",
                   "iom_completed_share", "mentoring_model_orgs_share", "young_supported_share",
                   "satisfaction_share"}
    # 4.1.2 and 4.1.3 name the IOM share twice: one definition, referenced twice.
    assert "4.1.3" in profile.indicator("iom_share_pedagogues").source.note
    # 4.1.3 п. 2 «закрепленных за 1 региональным методистом»: one indicator, from the assignments
    assert profile.indicator("assigned_per_methodist").kind == "penza.assigned_per_methodist"


def test_kislovodsk_inventory() -> None:
    profile = load_profile("kislovodsk")
    presence = [i for i in profile.indicators if i.kind == "presence"]
    assert len(presence) == 15
    assert {i.level for i in presence} == {"municipality", "organization"}
    assert all(i.targets == {"2021": 100, "2022": 100, "2023": 100, "2024": 100} for i in presence)
    assert profile.indicator("listeners_match_programs").kind == "share"
    assert "stavropol.shmo_formation" in [r.kind for r in profile.rules]  # besides the base rules


def test_oktyabrsky_roadmap_and_repeats() -> None:
    profile = load_profile("oktyabrsky")
    assert len(profile.roadmap) == 20
    repeats = {item.id: item.repeats for item in profile.roadmap if item.repeats}
    assert repeats == {"r16": "r14", "r17": "r15"}
    assert profile.indicator("young_mentored_share").targets == {"2022": 100, "2023": 100}
    assert {i.kind for i in profile.indicators} >= {"rostov.competence_area_share", "presence"}


def test_petrovsk_inventory() -> None:
    profile = load_profile("petrovsk")
    core = [i.id for i in profile.indicators if "." not in i.kind]
    assert core == ["pd_share", "young_supported_share"]  # items 3–6: one saratov indicator each (total and levels)
    assert profile.monitoring.per_year == 1


# ------------------------------------------------------------------ malformed profiles

GOOD = """\
id: broken
name: Проверка
period: {start: 2024, end: 2025}
indicators:
  - id: share_a
    name: Доля
    kind: share
    population: {table: staff}
    condition: exists(diagnostics)
    targets: {"2024": 50}
"""


def _fails(tmp_path: Path, text: str, name: str = "broken") -> ProfileError:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return caught.value


def _only(error: ProfileError):  # type: ignore[no-untyped-def]
    assert len(error.report.problems) == 1, error.report.format()
    return error.report.problems[0]


def test_good_profile_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(GOOD.replace("broken", "ok"), encoding="utf-8")
    assert load_profile(path).indicator("share_a").targets == {"2024": 50}


def test_yaml_syntax_error(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace("kind: share", "kind: [share")))
    assert problem.code == "yaml_syntax" and problem.row in (7, 8, 9)


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace("    kind: share\n", "    kind: share\n    kind: count\n")))
    assert problem.code == "yaml_syntax" and problem.row == 8


def test_unknown_key_with_hint(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace("period:", "periodd:")))
    assert problem.code == "profile_schema" and problem.row == 1
    assert "periodd" in problem.message and "period" in problem.hint


def test_wrong_type(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace("{start: 2024, end: 2025}", "{start: две тысячи, end: 2025}")))
    assert problem.code == "profile_schema" and problem.row == 3


def test_unknown_column_in_expression(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace("population: {table: staff}",
                                                  "population: {table: staff, where: 'categry == \"pedagogue\"'}")))
    assert problem.code == "expression_unknown_name" and problem.row == 8
    assert "categry" in problem.message and "category" in problem.hint


def test_value_outside_vocabulary_in_expression(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace("population: {table: staff}",
                                                  "population: {table: staff, where: 'category == \"teacher\"'}")))
    assert problem.code == "expression_vocabulary" and "pedagogue" in problem.hint


@pytest.mark.parametrize("expression", [
    "__import__('os').system('true')",
    "().__class__.__bases__",
    "organization.__class__",
    "exists(diagnostics).__class__",
    "category.upper()",
    "[x for x in subjects]",
    "subjects[0] == 'a'",
    "lambda: 1",
    "eval('1')",
    "open('/etc/passwd')",
])
def test_unsafe_expressions_are_rejected(tmp_path: Path, expression: str) -> None:
    text = GOOD.replace("condition: exists(diagnostics)", "condition: " + repr(expression))
    problem = _only(_fails(tmp_path, text))
    assert problem.code in ("expression_forbidden", "expression_syntax", "expression_type"), problem
    assert problem.row == 9


def test_duplicate_indicator_ids(tmp_path: Path) -> None:
    extra = GOOD.split("indicators:\n")[1]
    problem = _only(_fails(tmp_path, GOOD + extra))
    assert problem.code == "duplicate_indicator" and problem.row == 11


def test_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "first.yaml").write_text("id: first\nextends: second\n", encoding="utf-8")
    (tmp_path / "second.yaml").write_text("id: second\nextends: first\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(tmp_path / "first.yaml")
    problem = _only(caught.value)
    assert problem.code == "extends_cycle" and problem.row == 2
    assert "first → second → first" in problem.message


def test_target_year_outside_the_program(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, GOOD.replace('targets: {"2024": 50}', 'targets: {"2024": 50, "2030": 60}')))
    assert problem.code == "target_out_of_program" and problem.row == 10


def test_derived_indicator_referring_to_a_missing_one(tmp_path: Path) -> None:
    text = GOOD + "  - {id: diff, name: Разность, kind: derived, formula: share_a - share_b}\n"
    problem = _only(_fails(tmp_path, text))
    assert problem.code == "missing_indicator" and problem.row == 11 and "share_b" in problem.message


def test_unknown_parent_profile(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, "id: child\nextends: basse\n", name="child"))
    assert problem.code == "profile_not_found" and "base" in problem.hint


def test_override_of_a_base_indicator_keeps_its_definition(tmp_path: Path) -> None:
    path = tmp_path / "child.yaml"
    path.write_text("id: child\nextends: base\nperiod: {start: 2025, end: 2026}\nindicators:\n"
                    "  - id: diagnostics_share\n    name: Своё имя\n    targets: {'2025': 70}\n", encoding="utf-8")
    profile = load_profile(path)
    ind = profile.indicator("diagnostics_share")
    assert ind.name == "Своё имя" and ind.targets == {"2025": 70}
    assert ind.condition == load_profile("base").indicator("diagnostics_share").condition
    assert [i.id for i in profile.indicators] == ["diagnostics_share"]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = GOOD.replace('targets: {"2024": 50}', 'targets: {"2031": 50}').replace(
        "condition: exists(diagnostics)", "condition: exists(diagnosticz)")
    error = _fails(tmp_path, text)
    assert {p.code for p in error.report.problems} == {"target_out_of_program", "expression_unknown_name"}


ROADMAP = GOOD + """roadmap:
  - {id: r1, title: Мониторинг, deadline: март, due: 2024-03-31, recurrence: yearly}
  - {id: r2, title: Мониторинг, repeats: r9}
"""


def test_roadmap_repeat_of_an_unknown_measure_is_located(tmp_path: Path) -> None:
    problem = _only(_fails(tmp_path, ROADMAP))
    assert problem.code == "roadmap_repeats_unknown" and problem.row == 13 and "r9" in problem.message


def test_yearly_deadline_needs_the_programs_last_year(tmp_path: Path) -> None:
    text = ROADMAP.replace("repeats: r9", "repeats: r1").replace("{start: 2024, end: 2025}", "{start: 2024}")
    problem = _only(_fails(tmp_path, text))
    assert problem.code == "roadmap_recurrence" and problem.row == 12 and "period.end" in problem.hint
