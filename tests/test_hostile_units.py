"""Unit tests of the pieces that keep hostile input out: exact values on small inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from methodnet import Dataset, LoadOptions
from methodnet.errors import DataError, InputError, MethodnetError, PeriodError
from methodnet.io.csv import binary_kind, decide_encoding, unclosed_quote_line
from methodnet.io.formulas import neutralize, neutralize_frame, restore_frame
from methodnet.privacy import HIDDEN, looks_personal, quotable
from methodnet.io.xlsxcheck import split_ref
from methodnet.io.yamlsafe import YamlError, load_yaml
from methodnet.limits import Limits
from methodnet.profile.guards import check_numbers, is_profile_id

from conftest import DATA


def test_yaml_limits_count_aliases_nodes_and_depth() -> None:
    assert load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(YamlError) as caught:
        load_yaml("a: &x [1, 2]\nb: [*x, *x, *x]\n", limits=Limits(yaml_max_aliases=2))
    assert caught.value.code == "limit_yaml_aliases" and caught.value.line == 2
    # 4 levels of 3 aliases: 1 + 3 + 9 + 27 + 81 leaves and lists > 100 nodes
    bomb = 'a0: &a0 "x"\n' + "".join(f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}]\n" for i in range(1, 5))
    assert load_yaml(bomb)["a4"][0][0][0][0] == "x"
    with pytest.raises(YamlError) as caught:
        load_yaml(bomb, limits=Limits(yaml_max_nodes=100))
    assert caught.value.code == "limit_yaml_nodes"
    with pytest.raises(YamlError) as caught:
        load_yaml("a: " + "[" * 10 + "]" * 10, limits=Limits(yaml_max_depth=5))
    assert caught.value.code == "limit_yaml_depth"
    assert isinstance(caught.value, MethodnetError)


def test_encoding_is_decided_for_the_whole_file() -> None:
    utf8 = "id,name\n1,Иванова\n2,Петрова\n".encode()
    assert decide_encoding(utf8) == (utf8.decode(), "", 0)
    damaged = utf8.replace("Петрова".encode(), b"\xff\xfe")
    assert decide_encoding(damaged) == (None, "mixed_encoding", 3)
    cp1251 = "id,name\n1,Иванова\n".encode("cp1251")
    assert decide_encoding(cp1251)[0] == "id,name\n1,Иванова\n"
    assert decide_encoding(b"id,name\n1,a\n2,\x98\n") == (None, "bad_encoding", 3)


def test_binary_files_are_named() -> None:
    assert "gzip" in binary_kind(b"\x1f\x8b\x08\x00")
    assert ".xls" in binary_kind(b"\xd0\xcf\x11\xe0\xa1\xb1")
    assert "нулевые" in binary_kind(b"i\x00d\x00")
    assert binary_kind("id;имя\n".encode()) is None


def test_unclosed_quote_line_is_where_the_field_starts() -> None:
    assert unclosed_quote_line('a,b\n1,2\n3,"x\n4,5\n', ",") == 3
    assert unclosed_quote_line('a,b\n1,"x\ny"\n', ",") is None


def test_personal_values_are_hidden() -> None:
    assert looks_personal("Иванова Анна Петровна") and looks_personal("Иванова А. П.")
    assert not looks_personal("МАОУ СОШ № 1") and not looks_personal("pedagogue") and not looks_personal("учитель")
    assert quotable("staff", "birth_date", "1990-01-01") == HIDDEN
    assert quotable("staff", "category", "Иванова Анна") == HIDDEN
    assert quotable("staff", "category", "teacher") == "teacher"
    assert quotable("organization", "kind", "школа") == "школа"


def test_formula_neutralization_round_trips() -> None:
    assert neutralize("=1+1") == "'=1+1" and neutralize("-5") == "'-5" and neutralize("a=1") == "a=1"
    frame = pl.DataFrame({"t": ["=HYPERLINK(1)", "@x", "ok", None], "n": [1, 2, 3, 4],
                          "l": [["+a", "b"], [], ["c"], None]})
    safe = neutralize_frame(frame)
    assert safe["t"].to_list() == ["'=HYPERLINK(1)", "'@x", "ok", None]
    assert safe["l"].to_list() == [["'+a", "b"], [], ["c"], None]
    assert restore_frame(safe.drop("l")).equals(frame.drop("l"))
    assert restore_frame(pl.DataFrame({"t": ["'quoted", "'=x"]}))["t"].to_list() == ["'quoted", "=x"]


def test_split_ref() -> None:
    assert split_ref("A1") == (1, 1) and split_ref("XFD1048576") == (1048576, 16384) and split_ref("?") == (0, 0)


def test_profile_numbers_and_ids() -> None:
    data = {"period": {"start": 1, "end": 2025}, "indicators": [{"lookback_years": 500, "targets": {"2025": float("nan")}}],
            "rules": [{"params": {"years": 10**15}}], "ok": 12}
    found = dict(check_numbers(data))
    assert set(found) == {("period", "start"), ("indicators", 0, "lookback_years"),
                          ("indicators", 0, "targets", "2025"), ("rules", 0, "params", "years")}
    assert is_profile_id("base") and is_profile_id("my-profile_2")
    assert not any(is_profile_id(t) for t in ("/etc/x.yaml", "../base", "base.yaml", "a/b", ""))


def test_defaults_fill_only_empty_cells(tmp_path: Path) -> None:
    for f in (DATA / "good").glob("*.csv"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "program.csv").write_text(
        "id,title,kind,hours,provider,in_federal_registry\n"
        "p1,Курс,advanced_training,36,ИРО,\n"
        "p2,Курс 2,advanced_training,36,ИРО,может быть\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Dataset.load(tmp_path, options=LoadOptions(today=dt.date(2026, 9, 1)))
    [problem] = caught.value.report.problems
    assert (problem.code, problem.row, problem.column) == ("invalid_type", 3, "in_federal_registry")
    (tmp_path / "program.csv").write_text(
        "id,title,kind,hours,provider,in_federal_registry\np1,Курс,advanced_training,36,ИРО,\n", encoding="utf-8")
    loaded = Dataset.load(tmp_path, options=LoadOptions(today=dt.date(2026, 9, 1)))
    assert loaded["program"]["in_federal_registry"].to_list() == [False]  # the declared default


def test_input_errors_are_in_the_family() -> None:
    error = PeriodError.of("bad_period", "период 2025/2027: второй год должен идти сразу за первым", "2024/2025")
    assert isinstance(error, MethodnetError) and isinstance(error, ValueError) and isinstance(error, InputError)
    assert error.code == "bad_period" and error.hint == "2024/2025" and "2025/2027" in str(error)


def test_a_failing_plugin_loader_is_reported_with_its_name(tmp_path: Path) -> None:
    """The loaders are those of the registry the data are loaded with; a loader's bug names its plugin."""
    import types

    from methodnet.plugins import hookimpl
    from methodnet.plugins.manager import build_registry

    def explode(path, registry, report):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("plugin bug")

    acme = types.ModuleType("acme")
    acme.methodnet_add_loaders = hookimpl(lambda registry: registry.add_loader(".boom", explode))  # type: ignore[attr-defined]
    plugins = build_registry([acme], use_entry_points=False)
    (tmp_path / "staff.boom").write_text("x", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Dataset.load(tmp_path / "staff.boom", plugins=plugins)
    [problem] = caught.value.report.problems
    assert problem.code == "unreadable_file" and "acme" in problem.message and "ZeroDivisionError" in problem.message
    with pytest.raises(DataError) as without:  # the installed plugins read no .boom: not a loader's failure
        Dataset.load(tmp_path / "staff.boom")
    assert "acme" not in str(without.value)


@pytest.mark.parametrize("kind,param", [("no_recent_training", "years"), ("attestation_expiring", "days"),
                                        ("deficit_without_iom", "days")])
@pytest.mark.parametrize("value", [0, 1, 100, 101, 36_600, 36_601, 10**6, 10**12])
def test_rule_parameters_that_validate_also_check(tmp_path: Path, kind: str, param: str, value: int) -> None:
    """Validate is the gate for rules too: parameters that load never overflow the date arithmetic."""
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError
    from methodnet.rules.check import check

    path = tmp_path / "rp.yaml"
    path.write_text(f"id: rp\nextends: base\ninherit_indicators: true\nrules:\n"
                    f"  - {{id: r1, kind: {kind}, severity: warning, params: {{{param}: {value}}}}}\n", encoding="utf-8")
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        assert {p.code for p in exc.report.problems} <= {"profile_range", "plugin_params", "profile_schema"}
        return
    dataset = Dataset.load(DATA / "good", options=LoadOptions(today=dt.date(2026, 9, 1)))
    check(profile, dataset, dt.date(2026, 9, 1))  # no exception


def _odd_series() -> dict[str, pl.Series]:
    import decimal

    return {
        "categorical": pl.Series(["school"], dtype=pl.Categorical), "decimal": pl.Series([decimal.Decimal("1.5")]),
        "time": pl.Series([dt.time(1, 2)]), "duration": pl.Series([dt.timedelta(days=1)]),
        "datetime_tz": pl.Series([dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)]), "null": pl.Series([None]),
        "uint64_max": pl.Series([2**64 - 1], dtype=pl.UInt64), "f32_nan": pl.Series([float("nan")], dtype=pl.Float32),
        "array": pl.Series([[1, 2]], dtype=pl.Array(pl.Int64, 2)), "list_int": pl.Series([[1, 2]]),
        "binary": pl.Series([b"x"]), "struct": pl.Series([{"a": 1}]), "bool": pl.Series([True]),
    }


@pytest.mark.parametrize("column", ["kind", "students", "opened", "name"])
@pytest.mark.parametrize("dtype_name", sorted(_odd_series()))
def test_dataframe_columns_of_any_dtype_load_or_report(column: str, dtype_name: str) -> None:
    municipality = pl.DataFrame({"id": ["m1"], "name": ["Округ"], "region": ["Область"]})
    organization = pl.DataFrame({"id": ["o1"], "name": ["СОШ"], "municipality_id": ["m1"], "kind": ["school"]}) \
        .with_columns(_odd_series()[dtype_name].alias(column))
    try:
        Dataset.from_frames({"municipality": municipality, "organization": organization})
    except DataError as exc:
        assert exc.report.error_count and all(p.column for p in exc.report.problems)
