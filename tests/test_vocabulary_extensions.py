"""Profiles add members to the data's closed vocabularies (issue 12, item 6), and staff
categories beyond ПР and УК (item 7), on a hand-made region of four organizations.

The fixture, by hand:
- organizations O1 school, O2 «ЦНППМ» (the label), O3 «цнппм» (case does not matter),
  O4 kindergarten — so 2 of kind ``cnppm``;
- programs P1 «сетевая», P2 «очная», P3 «сетевая форма» (a synonym) — 2 network ones;
- staff S1 pedagogue and S2 manager (ПР и УК), S3 methodist, S4 specialist, S5 «советник»
  (a category the profile adds); diagnostics for S1, S3, S5 in 2025; a completed course
  for S2 and S3 in 2025. ПР и УК: 2 people; diagnosed 1 (S1) → 50 %; trained 1 (S2) → 50 %.
  Counting everyone would give 3/5 = 60 % and 2/5 = 40 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from methodnet.cli import main
from methodnet.dataset import Dataset, default_registry
from methodnet.engine.evaluate import Engine
from methodnet.errors import DataError
from methodnet.io.validate import LoadOptions
from methodnet.api import load_profile
from methodnet.profile.loader import ProfileError

import datetime as dt

OPTIONS = LoadOptions(as_of=dt.date(2026, 1, 15))

PROFILE = """id: cnppm_test
extends: base
name: ЦНППМ (проба)
vocabularies:
  organization_kinds:
    cnppm: ЦНППМ
  study_forms:
    network: {label: сетевая, synonyms: [сетевая форма]}
  staff_categories:
    counselor: {label: советник директора по воспитанию, synonyms: [советник]}
indicators:
  - id: cnppm_count
    name: Число ЦНППМ
    kind: count
    population: {table: organization, where: 'kind == "cnppm"'}
  - id: network_programs
    name: Число программ в сетевой форме
    kind: count
    population: {table: program, where: 'form == "network"'}
  - {id: diagnostics_share}
  - {id: pd_share}
"""

TABLES = {
    "municipality.csv": "id,name,region\nm1,Город,Область\n",
    "organization.csv": "id,name,municipality_id,kind\nO1,Школа № 1,m1,school\nO2,ЦНППМ области,m1,ЦНППМ\n"
                        "O3,Филиал ЦНППМ,m1,цнппм\nO4,Детский сад,m1,kindergarten\n",
    "program.csv": "id,title,kind,hours,provider,form\nP1,Сетевая программа,advanced_training,36,ИРО,сетевая\n"
                   "P2,Очная программа,advanced_training,36,ИРО,очная\n"
                   "P3,Ещё сетевая,advanced_training,72,ИРО,сетевая форма\n",
    "staff.csv": "id,organization_id,category,position,birth_date\nS1,O1,pedagogue,учитель,1980-01-01\n"
                 "S2,O1,manager,директор,1970-01-01\nS3,O2,методист,методист,1985-01-01\n"
                 "S4,O2,specialist,специалист,1990-01-01\nS5,O1,советник,советник,1992-01-01\n",
    "diagnostic.csv": "id,staff_id,date\nD1,S1,2025-03-01\nD3,S3,2025-03-01\nD5,S5,2025-03-01\n",
    "training.csv": "id,staff_id,program_id,start,end,status\nT2,S2,P2,2025-02-01,2025-03-01,completed\n"
                    "T3,S3,P1,2025-02-01,2025-03-01,completed\n",
}


@pytest.fixture()
def region(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "cnppm_test.yaml").write_text(PROFILE, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    for name, text in TABLES.items():
        (data / name).write_text(text, encoding="utf-8")
    return tmp_path / "cnppm_test.yaml", data


def test_the_profile_adds_members_with_labels_and_synonyms(region: tuple[Path, Path]) -> None:
    profile = load_profile(region[0])
    assert profile.vocabularies["organization_kinds"] == {"cnppm": "ЦНППМ"}
    assert profile.vocabularies["study_forms"] == {"network": "сетевая"}
    assert profile.vocabulary_synonyms["study_forms"] == {"network": ["сетевая форма"]}
    tables = profile.table_registry(default_registry())
    kind = tables["organization"].column("kind")
    assert kind.allowed[-1] == "cnppm" and kind.label("cnppm") == "ЦНППМ"
    assert tables["program"].column("form").value_lookup()["сетевая форма"] == "network"
    # the enum stays the base: a registry without the profile does not know them
    assert "cnppm" not in default_registry()["organization"].column("kind").allowed


def test_data_loaded_for_the_profile_accept_them_and_indicators_count_them(region: tuple[Path, Path]) -> None:
    profile = load_profile(region[0])
    dataset = Dataset.load(region[1], profile=profile, options=OPTIONS)
    assert dataset["organization"]["kind"].to_list() == ["school", "cnppm", "cnppm", "kindergarten"]
    assert dataset["program"]["form"].to_list() == ["network", "in_person", "network"]
    assert dataset["staff"]["category"].to_list() == ["pedagogue", "manager", "methodist", "specialist", "counselor"]
    result = Engine(profile, dataset).evaluate(["2025"], by="organization_kind")
    assert result.get("cnppm_count", "2025").value == 2
    assert result.get("network_programs", "2025").value == 2
    groups = {r.group: (r.group_name, r.value) for r in result.rows
              if r.indicator == "cnppm_count" and r.group_by == "organization_kind"}
    assert groups["cnppm"] == ("ЦНППМ", 2)  # a report shows the Russian label


def test_base_pr_and_uk_leave_out_methodists_specialists_and_added_categories(region: tuple[Path, Path]) -> None:
    profile = load_profile(region[0])
    dataset = Dataset.load(region[1], profile=profile, options=OPTIONS)
    result = Engine(profile, dataset).evaluate(["2025"])
    diagnosed = result.get("diagnostics_share", "2025")
    assert (diagnosed.numerator, diagnosed.denominator, diagnosed.value) == (1, 2, 50.0)
    trained = result.get("pd_share", "2025")
    assert (trained.numerator, trained.denominator, trained.value) == (1, 2, 50.0)


def test_the_same_data_without_the_profile_are_rejected_where_the_value_is(region: tuple[Path, Path]) -> None:
    with pytest.raises(DataError) as caught:
        Dataset.load(region[1], options=OPTIONS)
    problems = sorted((p.code, Path(p.file).name, p.row, p.column) for p in caught.value.report.problems)
    assert problems == [("not_in_vocabulary", "organization.csv", 3, "kind"),
                        ("not_in_vocabulary", "organization.csv", 4, "kind"),
                        ("not_in_vocabulary", "program.csv", 2, "form"),
                        ("not_in_vocabulary", "program.csv", 4, "form"),
                        ("not_in_vocabulary", "staff.csv", 6, "category")]
    kind = next(p for p in caught.value.report.problems if p.column == "kind")
    assert "общеобразовательная организация" in kind.hint and "vocabularies.organization_kinds" in kind.hint


def test_cli_evaluate_and_summary_with_and_without_the_profile(region: tuple[Path, Path]) -> None:
    profile, data = (str(p) for p in region)
    runner = CliRunner()
    ok = runner.invoke(main, ["-q", "evaluate", "--profile", profile, "--data", data, "--period", "2025",
                              "--at", "2026-01-15", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    values = {r["indicator"]: r["value"] for r in json.loads(ok.stdout)["results"] if r.get("group_by") is None}
    assert values["cnppm_count"] == 2 and values["diagnostics_share"] == 50.0
    bad = runner.invoke(main, ["summary", data, "--at", "2026-01-15"])
    assert bad.exit_code == 2 and "organization.csv" in bad.output and "Traceback" not in bad.output
    good = runner.invoke(main, ["summary", data, "--at", "2026-01-15", "--profile", profile])
    assert good.exit_code == 0, good.output
    assert "ЦНППМ" in good.output and "советник директора по воспитанию" in good.output


def _problems(tmp_path: Path, text: str) -> list:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return caught.value.report.problems


def test_a_member_that_exists_or_a_bad_code_is_a_located_error_with_a_hint(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """id: bad
name: Плохие словари
vocabularies:
  organization_kinds:
    kindergarten: сад
    ippk: ИПК
    ЦНППМ: ЦНППМ
  event_kinds:
    hackathon: {label: хакатон, synonyms: [конкурс]}
indicators:
  - {id: a, name: A, kind: count, population: {table: organization}}
""")
    found = [(p.code, p.row, p.column) for p in problems]
    assert found == [("vocabulary_member_exists", 5, "vocabularies/organization_kinds/kindergarten"),
                     ("vocabulary_member_exists", 6, "vocabularies/organization_kinds/ippk"),
                     ("vocabulary_bad_code", 7, "vocabularies/organization_kinds/ЦНППМ"),
                     ("vocabulary_member_exists", 9, "vocabularies/event_kinds/hackathon")]
    assert all(p.hint for p in problems)
    assert "«dpo_institute»" in problems[1].hint and "«contest»" in problems[3].hint
    assert str(problems[2]).startswith(f"{tmp_path / 'bad.yaml'}:7 ")


def test_an_expression_is_checked_against_the_extended_vocabulary(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """id: typo
name: Опечатка
vocabularies:
  organization_kinds: {cnppm: ЦНППМ}
indicators:
  - {id: a, name: A, kind: count, population: {table: organization, where: 'kind == "cnppm_centr"'}}
  - {id: b, name: B, kind: count, population: {table: event, where: 'kind == "hackathon"'}}
""")
    assert [(p.code, p.row) for p in problems] == [("expression_vocabulary", 6), ("expression_vocabulary", 7)]
    assert problems[0].hint.startswith("возможно, «cnppm»")
    assert "vocabularies.event_kinds" in problems[1].hint


def test_extends_merges_added_members_and_locates_a_problem_in_the_parent(tmp_path: Path) -> None:
    (tmp_path / "parent_region.yaml").write_text("""id: parent_region
name: Регион
vocabularies:
  organization_kinds: {cnppm: ЦНППМ}
indicators:
  - {id: a, name: A, kind: count, population: {table: organization, where: 'kind == "cnppm"'}}
""", encoding="utf-8")
    (tmp_path / "child_region.yaml").write_text("""id: child_region
extends: parent_region
name: Муниципалитет
vocabularies:
  event_kinds: {hackathon: хакатон}
  organization_kinds: {cnppm: Центр непрерывного повышения профессионального мастерства}
inherit_indicators: true
indicators:
  - {id: b, name: B, kind: count, population: {table: event, where: 'kind == "hackathon"'}}
""", encoding="utf-8")
    child = load_profile("child_region", search=[tmp_path])
    assert child.vocabularies["organization_kinds"] == {
        "cnppm": "Центр непрерывного повышения профессионального мастерства"}  # the child relabels
    assert child.vocabularies["event_kinds"] == {"hackathon": "хакатон"}
    (tmp_path / "parent_region.yaml").write_text("""id: parent_region
name: Регион
vocabularies:
  organization_kinds: {school: Школа}
indicators:
  - {id: a, name: A, kind: count, population: {table: organization}}
""", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile("child_region", search=[tmp_path])
    (problem,) = caught.value.report.problems
    assert (problem.code, Path(problem.file).name, problem.row) == ("vocabulary_member_exists",
                                                                    "parent_region.yaml", 4)


def test_cli_validate_exits_2_and_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\nname: B\nvocabularies:\n  study_forms:\n    Network: сетевая\n"
                    "indicators:\n  - {id: a, name: A, kind: count, population: {table: program}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and f"{path}:5" in result.output and "латиница" in result.output


def test_the_intake_form_lists_the_added_members(region: tuple[Path, Path], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from methodnet.plugins.manager import load_registry
    from methodnet.template import write_template

    out = tmp_path / "form.xlsx"
    write_template(load_profile(region[0]), load_registry(), out, rows=5)
    book = openpyxl.load_workbook(out)
    lists = [cell.value for column in book["Списки"].iter_cols() for cell in column]
    assert "ЦНППМ" in lists and "сетевая" in lists and "советник директора по воспитанию" in lists
    guide = [row[0].value for row in book["Инструкция"].iter_rows()]
    assert "• лист «Организации», столбец «Тип организации»: ЦНППМ" in guide
    # the filled form loads for the profile: ЦНППМ chosen from the list is the code cnppm
    sheet = book["Организации"]
    header = [c.value for c in sheet[1]]
    sheet.append({header.index("Идентификатор") + 1: "O1", header.index("Наименование") + 1: "ЦНППМ",
                  header.index("Муниципалитет") + 1: "m1", header.index("Тип организации") + 1: "ЦНППМ"})
    book["Муниципалитеты"].append(["m1", "Город", "Область"])
    book.save(out)
    loaded = Dataset.load(out, profile=load_profile(region[0]), options=OPTIONS, tables=["municipality", "organization"])
    assert loaded["organization"]["kind"].to_list() == ["cnppm"]


def test_the_regional_profile_counts_events_of_an_added_organization_kind() -> None:
    """region_cnppm adds «ЦНППМ»: a generated region with one centre turned into a ЦНППМ organizing
    three 2025 events loads for the profile (and only for it) and counts exactly those three."""
    import polars as pl

    from methodnet.synth import generate

    profile = load_profile("region_cnppm")
    region = generate(municipalities=2, seed=5)
    frames = region.tables
    centre = frames["organization"].filter(pl.col("kind") == "methodical_center")["id"][0]
    frames["organization"] = frames["organization"].with_columns(
        kind=pl.when(pl.col("id") == centre).then(pl.lit("ЦНППМ")).otherwise(pl.col("kind")))
    in_2025 = frames["event"].filter((pl.col("start").dt.year() == 2025)
                                     & (pl.col("end").is_null() | (pl.col("end").dt.year() == 2025)))
    chosen = in_2025["id"].sort().head(3).to_list()
    frames["event"] = frames["event"].with_columns(
        organizer_id=pl.when(pl.col("id").is_in(chosen)).then(pl.lit(centre)).otherwise(pl.col("organizer_id")))
    options = LoadOptions(as_of=region.as_of)
    with pytest.raises(DataError) as caught:
        Dataset.from_frames(frames, options=options)
    assert {(p.code, p.table, p.column) for p in caught.value.report.problems if p.severity == "error"} == {
        ("not_in_vocabulary", "organization", "kind")}
    dataset = Dataset.from_frames(frames, options=options, profile=profile)
    result = Engine(profile, dataset).evaluate(["2025"], by="organization_kind")
    assert len(chosen) == 3 and result.get("cnppm_events", "2025").value == 3
    assert result.get("pd_nppm_share", "2025").value is not None


def test_declared_tags_are_checked_in_expressions(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """id: tagged
name: Метки
vocabularies:
  tags: {gifted_children: одарённые дети, digital: цифровое образование}
indicators:
  - id: ok
    name: Курсы по цифровому образованию
    kind: count
    population: {table: training, where: '"digital" in program.tags'}
  - id: typo
    name: Курсы по работе с одарёнными
    kind: share
    population: {table: staff}
    condition: exists(trainings, completed and "gifted_child" in program.tags)
""")
    assert [(p.code, p.row, p.params["detail"]) for p in problems] == [("unknown_tag", 14, "typo: gifted_child")]
    assert problems[0].hint == "возможно, «gifted_children»"


def test_the_profile_schema_documents_the_vocabularies_and_tables_shows_added_members() -> None:
    from methodnet.plugins.manager import load_registry
    from methodnet.profile.loader import profile_schema

    vocabularies = profile_schema(load_registry())["$defs"]["Vocabularies"]
    assert {"document_kinds", "organization_kinds", "staff_categories", "event_kinds", "program_kinds",
            "study_forms", "role_kinds", "tags"} <= set(vocabularies["properties"])
    added = vocabularies["properties"]["organization_kinds"]["anyOf"][0]["additionalProperties"]["anyOf"]
    assert {"$ref": "#/$defs/VocabularyTerm"} in added
    plain = CliRunner().invoke(main, ["tables"])
    extended = CliRunner().invoke(main, ["tables", "--profile", "region_cnppm"])
    assert plain.exit_code == extended.exit_code == 0
    assert "cnppm" not in plain.output
    assert "| `cnppm` | ЦНППМ (добавлено профилем) | центр непрерывного повышения профессионального мастерства |" \
        in extended.output


def test_load_takes_the_profile_by_id_too(tmp_path: Path) -> None:
    (tmp_path / "organization.csv").write_text("id,name,municipality_id,kind\nO1,ЦНППМ,m1,ЦНППМ\n", encoding="utf-8")
    (tmp_path / "municipality.csv").write_text("id,name,region\nm1,Город,Область\n", encoding="utf-8")
    import methodnet

    dataset = methodnet.load(tmp_path, profile="region_cnppm", at=dt.date(2026, 1, 15))
    assert dataset["organization"]["kind"].to_list() == ["cnppm"]
    assert dataset.summary(dt.date(2026, 1, 15)).organizations_by_kind == {"cnppm": 1}


def test_kind_and_rule_params_naming_codes_are_checked_against_the_extended_vocabulary(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """id: params
name: Параметры
vocabularies:
  event_kinds: {hackathon: хакатон}
indicators:
  - id: by_level
    name: Участие в хакатонах и конкурсах по уровням
    kind: saratov.participation_by_level
    plugin: saratov
    params: {subject: staff, event_kinds: [hackathon, contset]}
rules:
  - {id: courses, kind: no_recent_training, params: {years: 3, categories: [pedagogue, methodst]}}
""")
    assert [(p.code, p.row, p.column, p.params["detail"]) for p in problems] == [
        ("plugin_params", 10, "indicators/0/params/event_kinds", "by_level: «contset» не входит в значения event.kind"),
        ("plugin_params", 12, "rules/0/params/categories", "courses: «methodst» не входит в значения staff.category")]
    assert problems[0].hint.startswith("возможно, «contest»; допустимо: ") and "hackathon" in problems[0].hint
    assert problems[1].hint.startswith("возможно, «methodist»")


def test_the_report_names_the_added_kind_in_russian(region: tuple[Path, Path], tmp_path: Path) -> None:
    profile, data = (str(p) for p in region)
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["-q", "report", "--profile", profile, "--data", data, "--period", "2025",
                                       "--by", "organization_kind", "--out", str(out), "--no-rules"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    section = text.split("## Показатели по типам организаций", 1)[1]
    assert "\n### ЦНППМ\n" in section and "### cnppm" not in section
    assert "| 1 | Число ЦНППМ | 2 |" in section.split("\n### ЦНППМ\n", 1)[1]
