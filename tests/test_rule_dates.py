"""The as-of facts rules read (model/asof.py) and groupings that overlap (model/groupings.py)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from methodnet.model import asof
from methodnet.model.derived import is_young_teacher_expr
from methodnet.model.groupings import Grouping, names_match

D = dt.date(2024, 9, 1)


def _ids(frame: pl.DataFrame, expr: pl.Expr) -> list[str]:
    return sorted(frame.filter(expr)["id"].to_list())


def test_operating_on_excludes_the_closing_day_and_later_openings() -> None:
    orgs = pl.DataFrame({"id": ["open", "closed_later", "closed_on_d", "closed_before", "opened_later"],
                         "opened": [None, None, None, None, dt.date(2024, 9, 2)],
                         "closed": [None, dt.date(2025, 1, 1), D, dt.date(2023, 6, 1), None]},
                        schema={"id": pl.String, "opened": pl.Date, "closed": pl.Date})
    assert _ids(orgs, asof.operating_on(D)) == ["closed_later", "open"]


def test_association_and_membership_on_a_day() -> None:
    shmo = pl.DataFrame({"id": ["old", "new", "gone"], "created": [dt.date(2019, 1, 1), dt.date(2022, 5, 29), None],
                         "closed": [None, None, dt.date(2021, 1, 1)]})
    assert _ids(shmo, asof.association_existing_on(dt.date(2021, 9, 1))) == ["old"]
    assert _ids(shmo, asof.association_existing_on(D)) == ["new", "old"]
    members = pl.DataFrame({"id": ["always", "joined_later", "left"], "start": [None, dt.date(2024, 10, 1), None],
                            "end": [None, None, dt.date(2024, 5, 31)]}, schema={"id": pl.String, "start": pl.Date,
                                                                               "end": pl.Date})
    assert _ids(members, asof.membership_on(D)) == ["always"]


def test_mentorship_running_on_a_day() -> None:
    pairs = pl.DataFrame({"id": ["running", "later", "ended"],
                          "start": [dt.date(2023, 9, 1), dt.date(2024, 9, 2), dt.date(2022, 9, 1)],
                          "end": [None, None, dt.date(2024, 9, 1)]})
    assert _ids(pairs, asof.mentorship_running_on(D)) == ["running"]


def test_document_in_force_needs_approval_by_d_and_a_period_covering_d() -> None:
    docs = pl.DataFrame({"id": ["ok", "approved_later", "period_over", "last_day", "undated"],
                         "approved": [dt.date(2023, 8, 20), dt.date(2024, 10, 1), dt.date(2020, 8, 1),
                                      dt.date(2023, 8, 1), None],
                         "period_start": [dt.date(2023, 9, 1), dt.date(2024, 9, 1), dt.date(2020, 9, 1),
                                          dt.date(2023, 9, 1), None],
                         "period_end": [dt.date(2028, 8, 31), dt.date(2025, 8, 31), dt.date(2023, 8, 31), D, None]})
    assert _ids(docs, asof.document_in_force_on(D)) == ["last_day", "ok", "undated"]


@pytest.mark.parametrize(("at", "year"), [(dt.date(2024, 9, 1), 2023), (dt.date(2024, 1, 1), 2023),
                                          (dt.date(2024, 12, 31), 2024), (dt.date(2024, 12, 30), 2023)])
def test_last_complete_year(at: dt.date, year: int) -> None:
    assert asof.last_complete_year(at) == year


def test_young_teacher_without_an_age_limit() -> None:
    staff = pl.DataFrame({"id": ["y25", "y45", "veteran"],
                          "birth_date": [dt.date(1999, 1, 1), dt.date(1979, 1, 1), dt.date(1979, 1, 1)],
                          "career_start": [dt.date(2022, 9, 1), dt.date(2022, 9, 1), dt.date(2001, 9, 1)]})
    assert _ids(staff, is_young_teacher_expr(D, max_age=35, max_years=3)) == ["y25"]
    assert _ids(staff, is_young_teacher_expr(D, max_age=None, max_years=3)) == ["y25", "y45"]


CYCLES = Grouping.from_vocabulary({
    "гуманитарный": "русский язык, литература, история, обществознание",
    "естественно-математический": "математика, информатика, физика, химия, биология, география",
    "физико-математический": "математика, физика, информатика",
    "естественно-географический": ["биология", "химия", "география"],
})


def test_a_subject_belongs_to_every_cycle_that_lists_it() -> None:
    assert CYCLES.groups_of("математика") == ("естественно-математический", "физико-математический")
    assert CYCLES.groups_of("Химия") == ("естественно-математический", "естественно-географический")
    assert CYCLES.groups_of("русский язык и литература") == ("гуманитарный",)
    assert CYCLES.groups_of("музыка") == ()
    assert CYCLES.contains("физико-математический", "физика")
    assert not CYCLES.contains("физико-математический", "химия")
    assert not CYCLES.contains("неизвестный", "физика")


def test_names_match_whole_phrases_only() -> None:
    assert names_match("история", "история и обществознание")
    assert names_match("русский язык и литература", "литература")
    assert names_match("ОБЗР", "обзр")
    assert not names_match("химия", "биохимия")
    assert not names_match("", "химия")
