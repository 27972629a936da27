"""The history store's contract, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from methodnet import Dataset, LoadOptions
from methodnet.engine.evaluate import Engine
from methodnet.history import api
from methodnet.history.bundle import export_bundle, import_bundle, verify
from methodnet.history.compare import compare
from methodnet.history.measures import read_measures
from methodnet.history.store import HistoryError
from methodnet.history.stores import open_store
from methodnet.history.trend import trend
from methodnet.api import load_profile
from methodnet.rules.check import check

from conftest import EXAMPLE_TODAY, EXAMPLES
from historykit import hand_made, pg_database, store_uri, value_row  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def seryshevo():  # type: ignore[no-untyped-def]
    profile = load_profile("seryshevo")
    dataset = Dataset.load(EXAMPLES / "seryshevo", options=LoadOptions(today=EXAMPLE_TODAY))
    evaluation = Engine(profile, dataset).evaluate(["2024"], by="organization")
    findings = check(profile, dataset, EXAMPLE_TODAY, evaluation=evaluation)
    return profile, dataset, evaluation, findings


def test_record_reads_back_exactly(store_uri: str, seryshevo) -> None:  # type: ignore[no-untyped-def]
    profile, dataset, evaluation, findings = seryshevo
    with open_store(store_uri) as store:
        header = api.record(store, evaluation, profile, dataset, findings=findings, author="Петрова", note="июнь")
        stored = store.get(header.id)
    assert header.version == 1 and header.state == "draft" and header.supersedes is None
    assert header.series == "seryshevo/seryshevo/2024/organization" and header.territory == "seryshevo"
    assert header.periods == ("2024",) and header.by == "organization" and header.recorded_by == "Петрова"
    assert header.data_label == "синтетические данные methodnet" and header.data_date == dt.date(2026, 9, 1)
    assert {t.table: t.rows for t in header.tables}["staff"] == dataset["staff"].height
    expected = evaluation.to_polars()
    assert stored.values.height == expected.height and "definition_sha256" in stored.values.columns
    # the totals are stored first; every number is the evaluation's
    assert stored.values["group_by"].head(header.extra["totals"]).null_count() == header.extra["totals"]
    mine = stored.values.drop("definition_sha256").sort("indicator", "group_by", "group", nulls_last=False)
    theirs = expected.select(mine.columns).sort("indicator", "group_by", "group", nulls_last=False)
    assert mine.equals(theirs)
    checked = findings.to_polars()  # findings, then one row per rule that could not be checked
    assert stored.findings.height == checked.height and set(checked.columns) <= set(stored.findings.columns)
    assert stored.findings.select(checked.columns).equals(checked)
    diag = stored.targets.filter(pl.col("indicator") == "diagnostics_share")
    assert dict(zip(diag["key"], diag["target"])) == {"2024": 80.0, "2025": 85.0, "2026": 90.0, "2027": 100.0}
    assert [e.kind for e in stored.events] == ["recorded"] and stored.events[0].comment == "июнь"
    assert "id: seryshevo" in stored.profile_text


def test_versions_approval_and_refusals(store_uri: str, seryshevo) -> None:  # type: ignore[no-untyped-def]
    profile, dataset, evaluation, _ = seryshevo
    with open_store(store_uri) as store:
        first = api.record(store, evaluation, profile, dataset)
        with pytest.raises(HistoryError) as again:
            api.record(store, evaluation, profile, dataset)
        assert again.value.code == "already_recorded" and first.id in str(again.value)
        api.approve(store, first.id, author="Начальник")
        assert store.header(first.id).state == "approved" and store.header(first.id).approved_by == "Начальник"
        with pytest.raises(HistoryError) as twice:
            api.approve(store, first.id)
        assert twice.value.code == "already_approved"
        with pytest.raises(HistoryError) as no_reason:
            api.correct(store, first.id, evaluation, profile, dataset, reason="  ")
        assert no_reason.value.code == "reason_required"
        second = api.correct(store, first.id, evaluation, profile, dataset, reason="уточнены данные ОО")
        assert (second.version, second.supersedes, second.reason) == (2, first.id, "уточнены данные ОО")
        assert store.header(first.id).state == "approved"  # the approved version stays as it was
        with pytest.raises(HistoryError) as stale:
            api.correct(store, first.id, evaluation, profile, dataset, reason="ещё раз")
        assert stale.value.code == "not_latest" and second.id in str(stale.value)
        with pytest.raises(HistoryError) as unknown:
            store.get("00000000-0000-0000-0000-000000000000")
        assert unknown.value.code == "unknown_id"
        kinds = [(e.monitoring_id, e.kind) for e in store.events()]
        assert kinds == [(first.id, "recorded"), (first.id, "approved"), (second.id, "corrected")]


def test_nothing_is_updated_or_deleted(store_uri: str) -> None:
    stored, hashes = hand_made([value_row("a", "2024", 50.0)])
    with open_store(store_uri) as store:
        store.add(stored, hashes)
        for statement in ("UPDATE monitoring_value SET value = 1", "DELETE FROM monitoring_value",
                          "UPDATE monitoring SET note = 'x'", "DELETE FROM monitoring_event"):
            with pytest.raises(HistoryError) as refused:
                with store._write() as cur:
                    cur.execute(statement)
            assert refused.value.code == "immutable", statement
        assert store.get(stored.header.id).values["value"].to_list() == [50.0]


def test_compare_from_stored_values(store_uri: str) -> None:
    a, ha = hand_made([value_row("share", "2024", 50.0, target=60.0, status="not_met"),
                       value_row("count", "2024", 3.0, unit="ед.", target=3.0, status="met"),
                       value_row("moved", "2024", 10.0, definition="d1"),
                       value_row("share", "2024", 40.0, group_by="organization", group="o1")],
                      by="organization", data_date=dt.date(2024, 12, 20))
    b, hb = hand_made([value_row("share", "2025", 62.5, target=70.0, status="not_met"),
                       value_row("count", "2025", 5.0, unit="ед.", target=6.0, status="not_met"),
                       value_row("moved", "2025", 30.0, definition="d2"),
                       value_row("share", "2025", 45.0, group_by="organization", group="o1")],
                      by="organization", data_date=dt.date(2025, 12, 20), fingerprint="e" * 64)
    with open_store(store_uri) as store:
        store.add(a, ha)
        store.add(b, hb)
        result = compare(store, a.header.id, b.header.id)
    rows = {(r["indicator"], r["group"]): r for r in result.to_polars().to_dicts()}
    assert rows[("share", None)]["change"] == pytest.approx(12.5) and rows[("share", None)]["change_unit"] == "п.п."
    assert (rows[("share", None)]["period_a"], rows[("share", None)]["period_b"]) == ("2024", "2025")
    assert rows[("share", "o1")]["change"] == pytest.approx(5.0)
    assert rows[("count", None)]["change"] == pytest.approx(2.0) and rows[("count", None)]["change_unit"] == "ед."
    assert rows[("count", None)]["status_changed"] and rows[("count", None)]["status_b"] == "not_met"
    assert rows[("moved", None)]["definition_changed"] and rows[("moved", None)]["change"] is None
    assert result.flags == {"profile_changed": False, "data_changed": True, "data_date_changed": True,
                            "definitions_changed": True}
    assert result.changed_definitions == ("moved",)
    assert "опр. изм." in result.to_text() and "+12,5 п.п." in result.to_text()


def test_trend_reads_latest_approved_version_per_period(store_uri: str) -> None:
    goals = {"share": {"2024": 50.0, "2025": 60.0, "2026": 80.0}}
    when = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    y2024, h1 = hand_made([value_row("share", "2024", 55.0, target=50.0, status="met")], targets=goals,
                          recorded_at=when)
    y2024b, h1b = hand_made([value_row("share", "2024", 45.0, target=50.0, status="not_met")], targets=goals,
                            version=2, supersedes=y2024.header.id, reason="пересчёт",
                            recorded_at=when + dt.timedelta(days=1))
    half, h2 = hand_made([value_row("share", "2025-H1", 54.0, target=60.0, status="not_met")], targets=goals,
                         recorded_at=when + dt.timedelta(days=200))
    y2025, h3 = hand_made([value_row("share", "2025", 81.0, target=60.0, status="met")], targets=goals,
                          recorded_at=when + dt.timedelta(days=380))
    draft, h4 = hand_made([value_row("share", "2026", 99.0, target=80.0, status="met")], targets=goals,
                          recorded_at=when + dt.timedelta(days=700))
    with open_store(store_uri) as store:
        for stored, hashes in ((y2024, h1), (y2024b, h1b), (half, h2), (y2025, h3), (draft, h4)):
            store.add(stored, hashes)
        for stored in (y2024, half, y2025):
            store.approve(stored.header.id)
        first = trend(store, "demo").to_polars()
        store.approve(y2024b.header.id)  # the correction, approved later, replaces version 1
        second = trend(store, "demo").to_polars()
    got = {r["period"]: r for r in first.to_dicts()}
    assert list(got) == ["2024", "2025-H1", "2025", "2026"]
    assert got["2024"]["value"] == 55.0 and got["2024"]["position"] == "on_track"  # 55 ≥ 50, < 60 next year
    # 30 June 2025: 50 + (60 − 50) × 181/365 = 54.96 on the trajectory; 54 is behind it
    assert got["2025-H1"]["trajectory"] == pytest.approx(50 + 10 * 181 / 365) and got["2025-H1"]["position"] == "behind"
    assert got["2025"]["position"] == "ahead" and got["2025"]["next_target"] == 80.0  # 81 ≥ next year's 80
    assert got["2026"]["position"] == "no_monitoring" and got["2026"]["value"] is None  # a draft does not count
    again = {r["period"]: r for r in second.to_dicts()}
    assert again["2024"]["value"] == 45.0 and again["2024"]["version"] == 2 and again["2024"]["position"] == "behind"


def test_bundle_round_trip_is_idempotent_and_checked(store_uri: str, tmp_path: Path) -> None:
    stored, hashes = hand_made([value_row("a", "2024", 50.0), value_row("b", "2024", 1 / 3, unit="ед.")],
                               measures=[{"measure": "Семинар", "responsible": "ИМЦ",
                                          "deadline": dt.date(2025, 3, 1), "indicators": ["a"], "done_on": None}])
    source = open_store(tmp_path / "municipality.sqlite")
    source.add(stored, hashes)
    source.approve(stored.header.id, actor="Начальник")
    path = export_bundle(source, stored.header.id, tmp_path / "bundle.json", actor="Петрова")
    assert [e.kind for e in source.events(stored.header.id)] == ["recorded", "approved", "exported"]
    with open_store(store_uri) as region:
        header, added = import_bundle(region, path)
        assert added and header.id == stored.header.id and header.content_sha256 == stored.header.content_sha256
        assert header.state == "approved" and header.approved_by == "Начальник"
        again, added_again = import_bundle(region, path)
        assert not added_again and len(region.list()) == 1
        back = region.get(header.id)
        assert back.values["value"].to_list() == [50.0, 1 / 3]
        assert back.measures.row(0, named=True)["indicators"] == ["a"]
        assert back.measures.row(0, named=True)["deadline"] == dt.date(2025, 3, 1)
        assert verify(region).ok
        data = json.loads(path.read_text(encoding="utf-8"))
        data["parts"]["values"]["rows"][1][9] = 0.5  # someone "improves" a number in the file
        forged = tmp_path / "forged.json"
        forged.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(HistoryError) as bad:
            import_bundle(region, forged)
        assert bad.value.code == "bundle_hash_mismatch" and "indicator=b" in str(bad.value)
        (tmp_path / "other.json").write_text('{"hello": 1}', encoding="utf-8")
        with pytest.raises(HistoryError) as other:
            import_bundle(region, tmp_path / "other.json")
        assert other.value.code == "bundle_invalid"
    source.close()


def test_measures_are_stored(store_uri: str, seryshevo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile, dataset, evaluation, _ = seryshevo
    path = tmp_path / "measures.csv"
    path.write_text("мера;ответственный;срок;показатели;выполнено\n"
                    "Семинар для ОО;ИМЦ;01.03.2025;diagnostics_share, iom_share;\n"
                    "Курсы ДПО;Управление;2025-06-30;retraining_share;2025-05-20\n", encoding="utf-8")
    measures = read_measures(path, [i.id for i in profile.indicators])
    with open_store(store_uri) as store:
        header = api.record(store, evaluation, profile, dataset, measures=measures)
        back = store.get(header.id).measures
    assert back.to_dicts() == [
        {"measure": "Семинар для ОО", "responsible": "ИМЦ", "deadline": dt.date(2025, 3, 1),
         "indicators": ["diagnostics_share", "iom_share"], "done_on": None},
        {"measure": "Курсы ДПО", "responsible": "Управление", "deadline": dt.date(2025, 6, 30),
         "indicators": ["retraining_share"], "done_on": dt.date(2025, 5, 20)}]


def test_store_from_a_newer_schema_is_refused(store_uri: str) -> None:
    with open_store(store_uri) as store:
        with store._write() as cur:
            cur.execute("INSERT INTO schema_version VALUES (99, '2030-01-01', '9.9')")
    with pytest.raises(HistoryError) as newer:
        open_store(store_uri)
    assert newer.value.code == "store_too_new" and "99" in str(newer.value)


def test_region_rolls_up_and_ranks_its_municipalities(store_uri: str) -> None:
    from methodnet.history.rollup import rollup

    rows = {"north": [value_row("share", "2025", 50.0, numerator=5, denominator=10),
                      value_row("count", "2025", 3.0, unit="ед.")],
            "south": [value_row("share", "2025", 80.0, numerator=24, denominator=30),
                      value_row("count", "2025", 4.0, unit="ед.")],
            "east": [value_row("share", "2025", 20.0, numerator=2, denominator=10),
                     value_row("count", "2025", 10.0, unit="ед.")]}
    with open_store(store_uri) as region:
        for territory, values in rows.items():
            stored, hashes = hand_made(values, territory=territory)
            region.add(stored, hashes, event="imported")
            if territory != "east":
                region.approve(stored.header.id)
        result = rollup(region, "demo", "2025").to_polars()
    share = {r["territory"]: r for r in result.filter(pl.col("indicator") == "share").to_dicts()}
    # the region adds numerators and denominators: (5 + 24) / (10 + 30) = 72.5 %, not the mean of 50 and 80
    assert share["регион"]["value"] == pytest.approx(72.5) and share["регион"]["territories"] == 2
    assert (share["south"]["rank"], share["north"]["rank"]) == (1, 2) and "east" not in share  # east: a draft
    count = {r["territory"]: r["value"] for r in result.filter(pl.col("indicator") == "count").to_dicts()}
    assert count["регион"] == 7.0


def test_trend_does_not_judge_a_period_in_progress(store_uri: str) -> None:
    goals = {"share": {"2026": 80.0, "2027": 90.0}}
    stored, hashes = hand_made([value_row("share", "2026", 40.0, target=80.0, status="in_progress")], targets=goals,
                               data_date=dt.date(2026, 9, 1))
    with open_store(store_uri) as store:
        store.add(stored, hashes)
        store.approve(stored.header.id)
        rows = {r["period"]: r for r in trend(store, "demo").to_polars().to_dicts()}
    assert rows["2026"]["position"] == "in_progress" and rows["2026"]["value"] == 40.0
    assert rows["2024"]["position"] == "no_monitoring"  # the program (2024–2026 in the profile text) starts in 2024


def test_trend_reads_open_ended_and_range_targets(store_uri: str) -> None:
    goals = {"share": {"2024": 50.0, "2025+": 70.0}, "band": {"*": (60.0, 80.0)}}
    stored, hashes = hand_made([value_row("share", "2026", 75.0), value_row("band", "2026", 85.0),
                                value_row("share", "2025", 71.0), value_row("band", "2025", 65.0)], targets=goals)
    with open_store(store_uri) as store:
        store.add(stored, hashes)
        store.approve(stored.header.id)
        rows = {(r["indicator"], r["period"]): r for r in trend(store, "demo").to_polars().to_dicts()}
    assert rows[("share", "2026")]["trajectory"] == 70.0 and rows[("share", "2026")]["position"] == "on_track"
    assert rows[("share", "2024")]["trajectory"] == 50.0
    assert rows[("band", "2025")]["position"] == "on_track"  # 65 within 60–80
    assert rows[("band", "2026")]["position"] == "behind"  # 85 above the range's 80
