"""The synthetic generator: deterministic, valid and realistic."""

from __future__ import annotations

import datetime as dt

import polars as pl

from methodnet import Dataset, LoadOptions
from methodnet.model.derived import age_expr, employed_on_expr, is_young_teacher_expr
from methodnet.synth import DEFAULT_TODAY, EXAMPLES, generate, generate_tables

from conftest import EXAMPLE_TODAY, EXAMPLES as EXAMPLE_DIR


def test_same_seed_same_data_other_seed_other_data() -> None:
    a = generate(municipalities=3, seed=7)
    b = generate(municipalities=3, seed=7)
    c = generate(municipalities=3, seed=8)
    assert a.equals(b)
    assert not a.equals(c)


def test_bundled_examples_are_what_the_generator_writes() -> None:
    """examples/ are reproducible: `methodnet generate --example ID` recreates them."""
    for key in EXAMPLES:  # all five; the methodical service’s host is named as in its act
        loaded = Dataset.load(EXAMPLE_DIR / key, options=LoadOptions(today=EXAMPLE_TODAY))
        assert loaded.equals(generate(municipalities=[EXAMPLES[key]], seed=1))


def test_seryshevo_uses_the_nine_organizations_of_its_program() -> None:
    orgs = Dataset.load(EXAMPLE_DIR / "seryshevo", options=LoadOptions(today=EXAMPLE_TODAY))["organization"]
    names = set(orgs["short_name"])
    assert len(names) == 9
    assert "МАОУ СОШ №1 пгт Серышево имени Сергея Бондарева" in names
    assert "МДОАУ Детский сад «Солнышко» с. Томское" in names


def test_distributions_are_plausible() -> None:
    ds = generate(municipalities=40, seed=3)
    at = DEFAULT_TODAY
    staff = ds["staff"].filter(employed_on_expr(at))
    n = staff.height
    assert 15_000 < n < 25_000  # ~450 per municipality
    ages = staff.select(age_expr(at)).to_series()
    assert 42 < ages.mean() < 50 and ages.min() >= 20 and ages.max() <= 73
    young = staff.filter((pl.col("category") == "pedagogue") & is_young_teacher_expr(at)).height / n
    assert 0.03 < young < 0.15
    managers = staff.filter(pl.col("category") == "manager").height / n
    assert 0.03 < managers < 0.12
    # Small schools have teachers of two subjects; deficits exist but are a minority of results.
    assert ds["staff"]["subjects"].list.len().max() == 2
    deficit_share = (ds["diagnostic_result"]["score"] < 60).mean()
    assert 0.1 < deficit_share < 0.35
    # Every young-teacher mentorship pairs two people of the same organization.
    pairs = ds["mentorship"].join(ds["staff"].select("id", "organization_id"), left_on="mentor_id", right_on="id") \
        .join(ds["staff"].select("id", pl.col("organization_id").alias("mentee_org")), left_on="mentee_id", right_on="id")
    assert (pairs["organization_id"] == pairs["mentee_org"]).all()


def test_national_shape_scales_linearly_in_organizations() -> None:
    tables = generate_tables(municipalities=100, seed=1)
    orgs_per_muni = tables["organization"].height / 100
    staff_per_org = tables["staff"].height / tables["organization"].height
    # National scale (2,400 municipalities): ~42,000 organizations and ~1.1 million staff.
    assert 15 < orgs_per_muni < 20
    assert 22 < staff_per_org < 32


def test_generated_dates_respect_the_reference_date() -> None:
    ds = generate(municipalities=2, seed=5, today=dt.date(2025, 1, 15))
    assert ds["diagnostic"]["date"].max() <= dt.date(2025, 1, 15)
    assert ds["staff"]["birth_date"].max() <= dt.date(2025, 1, 15)
