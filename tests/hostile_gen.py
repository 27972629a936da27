"""Inputs of the hostile corpus that are generated at test time (never committed as big files).

Each function writes into the case's temporary copy ``tmp`` (see hostile_cases.py). The
``call_*`` functions are API cases: they call the public API with hostile values.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

PROFILE = """id: {pid}
name: Проверка
period: {{start: 2024, end: 2025}}
indicators:
  - id: share_a
    name: Доля
    kind: share
    population: {{table: staff}}
    condition: {condition}
    targets: {{"2024": 50}}
"""


def _profile(tmp: Path, condition: str, pid: str = "hostile") -> None:
    (tmp / "profile.yaml").write_text(PROFILE.format(pid=pid, condition=condition), encoding="utf-8")


# ------------------------------------------------------------------ resource exhaustion

def _laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines)


def yaml_bomb_profile(tmp: Path) -> None:
    bomb = _laughs().replace("\n", "\n  ")
    (tmp / "profile.yaml").write_text(PROFILE.format(pid="bomb", condition="exists(diagnostics)")
                                      + "extra:\n  " + bomb + "\n", encoding="utf-8")


def yaml_bomb_data(tmp: Path) -> None:
    (tmp / "data.yaml").write_text(_laughs() + "\nstaff: *a9\n", encoding="utf-8")


def yaml_many_aliases(tmp: Path) -> None:
    lines = ['x: &x "a"', "staff:"] + ["  - *x"] * 5000
    (tmp / "data.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def yaml_deep_profile(tmp: Path) -> None:
    (tmp / "profile.yaml").write_text(PROFILE.format(pid="deep", condition="exists(diagnostics)")
                                      + "notes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")


def yaml_deep_data(tmp: Path) -> None:
    (tmp / "data.yaml").write_text("staff: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")


def json_deep_data(tmp: Path) -> None:
    (tmp / "data.json").write_text('{"staff": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")


def expr_or_5000(tmp: Path) -> None:
    _profile(tmp, "'" + " or ".join(['category == "pedagogue"'] * 5000) + "'")


def expr_not_3000(tmp: Path) -> None:
    _profile(tmp, "'" + "not " * 3000 + "exists(diagnostics)'")


def expr_add_3000(tmp: Path) -> None:
    _profile(tmp, "'" + " + ".join(["age"] * 3000) + " > 1'")


def expr_parens_10000(tmp: Path) -> None:
    _profile(tmp, "'" + "(" * 10000 + "exists(diagnostics)" + ")" * 10000 + "'")


def formula_deep(tmp: Path) -> None:
    text = PROFILE.format(pid="deepformula", condition="exists(diagnostics)") + """  - id: d
    name: Производный
    kind: derived
    formula: '""" + "(" * 3000 + "share_a" + ")" * 3000 + "'\n"
    (tmp / "profile.yaml").write_text(text, encoding="utf-8")


def _zip_sheet(path: Path, sheet_xml_chunks, sheet_name: str = "staff") -> None:
    """A minimal XLSX whose one sheet's XML is streamed from ``sheet_xml_chunks``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for chunk in sheet_xml_chunks:
                fh.write(chunk)


_SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"


def xlsx_inflate(tmp: Path) -> None:
    """A workbook of ~1 MB whose sheet inflates to ~830 MB (whitespace between rows)."""
    def chunks():
        yield _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
        block = b" " * (1 << 20)
        for _ in range(830):
            yield block
        yield _SHEET_TAIL
    _zip_sheet(tmp / "data.xlsx", chunks())


def xlsx_entity_bomb(tmp: Path) -> None:
    bomb = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    _zip_sheet(tmp / "data.xlsx", [b'<?xml version="1.0"?>' + bomb + _SHEET_HEAD[21:] +
                                   b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>' + _SHEET_TAIL])


def xlsx_malformed_xml(tmp: Path) -> None:
    _zip_sheet(tmp / "data.xlsx", [_SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row'])


def _good_workbook(path: Path):  # type: ignore[no-untyped-def]
    import openpyxl

    good = Path(__file__).parent / "data" / "good"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for csv in sorted(good.glob("*.csv")):
        sheet = wb.create_sheet(csv.stem)
        for line in csv.read_text(encoding="utf-8").splitlines():
            sheet.append([v if v != "" else None for v in line.split(",")])
    return wb


def xlsx_far_cell(tmp: Path) -> None:
    """The good data as a workbook plus one formatted empty cell at XFD1048576: loads, quickly."""
    from openpyxl.styles import PatternFill

    wb = _good_workbook(tmp / "data.xlsx")
    wb["staff"]["XFD1048576"].fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(tmp / "data.xlsx")


def xlsx_formula_no_value(tmp: Path) -> None:
    wb = _good_workbook(tmp / "data.xlsx")
    wb["organization"]["E2"] = "=100+320"  # openpyxl stores no cached value
    wb.save(tmp / "data.xlsx")


def xlsx_merged_body(tmp: Path) -> None:
    wb = _good_workbook(tmp / "data.xlsx")
    wb["staff"].merge_cells("C2:C3")
    wb.save(tmp / "data.xlsx")


def xlsx_many_cells(tmp: Path) -> None:
    wb = _good_workbook(tmp / "data.xlsx")
    for row in range(5, 60):
        for col in range(1, 10):
            wb["program"].cell(row=row, column=col).number_format = "0"
            wb["program"].cell(row=row, column=col).value = None
    wb["program"]["A70"] = "x"
    wb.save(tmp / "data.xlsx")


def xlsx_na_error(tmp: Path) -> None:
    wb = _good_workbook(tmp / "data.xlsx")
    wb["organization"]["E2"] = "#N/A"
    wb["organization"]["E2"].data_type = "e"
    wb.save(tmp / "data.xlsx")


def xlsx_report_injection(tmp: Path) -> None:
    """An organization named like a formula: the XLSX report must keep it text."""
    import shutil

    good = Path(__file__).parent / "data" / "good"
    shutil.copytree(good, tmp / "data", dirs_exist_ok=True)
    org = (tmp / "data" / "organization.csv").read_text(encoding="utf-8")
    org = org.replace("СОШ № 1", '"=HYPERLINK(""http://evil.example"",""click"")"')
    (tmp / "data" / "organization.csv").write_text(org, encoding="utf-8")


# ------------------------------------------------------------------ encodings and bytes

def csv_bad_utf8_byte(tmp: Path) -> None:
    data = (tmp / "data" / "program.csv").read_bytes()
    lines = data.split(b"\n")
    lines[1] = lines[1].replace("ИРО".encode(), "ИР".encode() + b"\xff")
    (tmp / "data" / "program.csv").write_bytes(b"\n".join(lines))


def csv_cp1251_0x98(tmp: Path) -> None:
    text = (tmp / "data" / "program.csv").read_text(encoding="utf-8")
    data = text.encode("cp1251").replace("ИРО".encode("cp1251"), b"\x98")
    (tmp / "data" / "program.csv").write_bytes(data)


def csv_cp1251_ok(tmp: Path) -> None:
    text = (tmp / "data" / "program.csv").read_text(encoding="utf-8")
    (tmp / "data" / "program.csv").write_bytes(text.encode("cp1251"))


def csv_gzip(tmp: Path) -> None:
    import gzip

    (tmp / "data" / "program.csv").write_bytes(gzip.compress((tmp / "data" / "program.csv").read_bytes()))


def csv_cr_only(tmp: Path) -> None:
    data = (tmp / "data" / "program.csv").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    (tmp / "data" / "program.csv").write_bytes(data)


def csv_xls_renamed(tmp: Path) -> None:
    (tmp / "data" / "program.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def csv_nul_in_cell(tmp: Path) -> None:
    data = (tmp / "data" / "program.csv").read_bytes() + "p9,Курс\x00x,advanced_training,36,ИРО,true\n".encode()
    (tmp / "data" / "program.csv").write_bytes(data[:1] + data[1:])
    # NUL after the first megabyte would be a cell problem; in the head it marks a binary file


def profile_cp1251(tmp: Path) -> None:
    (tmp / "profile.yaml").write_bytes(PROFILE.format(pid="cp", condition="exists(diagnostics)").encode("cp1251"))


# ------------------------------------------------------------------ API calls

def _good_records() -> dict:
    return {
        "municipality": [{"id": "m1", "name": "Округ", "region": "Область"}],
        "organization": [{"id": "o1", "name": "СОШ", "municipality_id": "m1", "kind": "school"}],
    }


def call_rows_not_mappings(tmp: Path) -> None:
    from methodnet import Dataset

    records = _good_records()
    records["organization"].append(["o2", "СОШ 2", "m1", "school"])  # a list, not a mapping
    Dataset.from_records(records)


def call_huge_int(tmp: Path) -> None:
    from methodnet import Dataset

    records = _good_records()
    records["organization"][0]["students"] = 2**100
    Dataset.from_records(records)


def call_inf(tmp: Path) -> None:
    from methodnet import Dataset

    records = _good_records()
    records["competency"] = [{"id": "K1", "name": "К", "threshold": math.inf}]
    Dataset.from_records(records)


def call_nan_score(tmp: Path) -> None:
    from methodnet import Dataset

    records = _good_records()
    records["competency"] = [{"id": "K1", "name": "К", "threshold": float("nan")}]
    Dataset.from_records(records)


def call_uint64_max(tmp: Path) -> None:
    import polars as pl

    from methodnet import Dataset

    frame = pl.DataFrame({"id": ["o1"], "name": ["СОШ"], "municipality_id": ["m1"], "kind": ["school"],
                          "students": pl.Series([2**64 - 1], dtype=pl.UInt64)})
    Dataset.from_frames({"municipality": pl.DataFrame(_good_records()["municipality"]), "organization": frame})


def call_duplicate_pandas_columns(tmp: Path) -> None:
    import pandas as pd

    from methodnet import Dataset

    frame = pd.DataFrame([["m1", "Округ", "Область", "x"]], columns=["id", "name", "region", "name"])
    Dataset.from_frames({"municipality": frame})


def call_nested_json(tmp: Path) -> None:
    from methodnet import Dataset

    records = _good_records()
    records["organization"][0]["name"] = {"ru": {"short": "СОШ"}}
    Dataset.from_records(records)


def call_parquet_uint64(tmp: Path) -> None:
    import polars as pl

    from methodnet import Dataset

    folder = tmp / "pq"
    folder.mkdir()
    pl.DataFrame(_good_records()["municipality"]).write_parquet(folder / "municipality.parquet")
    pl.DataFrame({"id": ["o1"], "name": ["СОШ"], "municipality_id": ["m1"], "kind": ["school"],
                  "students": pl.Series([2**64 - 1], dtype=pl.UInt64)}).write_parquet(folder / "organization.parquet")
    Dataset.load(folder)


def call_parquet_struct(tmp: Path) -> None:
    import polars as pl

    from methodnet import Dataset

    folder = tmp / "pq"
    folder.mkdir()
    pl.DataFrame({"id": ["m1"], "name": [{"a": 1}], "region": ["Область"]}).write_parquet(folder / "municipality.parquet")
    Dataset.load(folder)


def call_expression_mixed_list(tmp: Path) -> None:
    from methodnet.dataset import default_registry
    from methodnet.expr.parser import parse_expression

    parse_expression('category in ["pedagogue", 1]', "staff", default_registry())


def call_yaml_error_family(tmp: Path) -> None:
    from methodnet.profile.yamlloc import load_located

    load_located("a: [1, 2\n")


def call_profile_error_family(tmp: Path) -> None:
    from methodnet.errors import MethodnetError
    from methodnet.api import load_profile
    from methodnet.profile.loader import ProfileError

    (tmp / "p.yaml").write_text(PROFILE.format(pid="p", condition="exists(diagnostic)"), encoding="utf-8")
    try:
        load_profile(tmp / "p.yaml")
    except ProfileError as exc:
        assert isinstance(exc, MethodnetError)
        assert all(p.code and p.file and p.row for p in exc.report.problems)
        raise


def call_engine_bad_period(tmp: Path) -> None:
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    Engine(load_profile("seryshevo"), _good_dataset()).evaluate(["2025/2027"])


def call_engine_bad_grouping(tmp: Path) -> None:
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    Engine(load_profile("seryshevo"), _good_dataset()).evaluate(["2025"], by="nonsense")


def call_cli_internal_error(tmp: Path) -> None:
    """A bug inside a command (simulated) must print one line and exit 2, not a traceback."""
    from unittest import mock

    from click.testing import CliRunner

    from methodnet.cli import main

    with mock.patch("methodnet.profile.loader.load_profile", side_effect=ZeroDivisionError("boom")):
        result = CliRunner().invoke(main, ["validate", "seryshevo"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "ZeroDivisionError" in result.output


# ------------------------------------------------------------------ formula injection

EVIL = '=HYPERLINK("http://evil.example","click")'


def _good_dataset(org_name: str | None = None):  # type: ignore[no-untyped-def]
    import datetime as dt

    import polars as pl

    from methodnet import Dataset, LoadOptions

    good = Path(__file__).parent / "data" / "good"
    frames = {f.stem: pl.read_csv(f, infer_schema=False) for f in good.glob("*.csv")}
    if org_name:
        frames["organization"] = frames["organization"].with_columns(
            pl.when(pl.col("id") == "o1").then(pl.lit(org_name)).otherwise(pl.col("name")).alias("name"))
    return Dataset.from_frames(frames, options=LoadOptions(today=dt.date(2026, 9, 1)))


def _example_dataset(org_name: str):  # type: ignore[no-untyped-def]
    """The bundled Серышево example with its first organization renamed (reports need real activity)."""
    import datetime as dt

    import polars as pl

    from methodnet import Dataset, LoadOptions

    options = LoadOptions(today=dt.date(2026, 9, 1))
    example = Dataset.load(Path(__file__).resolve().parents[1] / "examples" / "seryshevo", options=options)
    frames = {n: df for n, df in example.tables.items() if df.height}
    first = frames["organization"]["id"][0]
    names = [c for c in ("name", "short_name") if c in frames["organization"].columns]
    frames["organization"] = frames["organization"].with_columns(
        pl.when(pl.col("id") == first).then(pl.lit(org_name)).otherwise(pl.col(c)).alias(c) for c in names)
    return Dataset.from_frames(frames, options=options)


def _report(tmp: Path, suffix: str) -> Path:
    import datetime as dt

    from methodnet.api import load_profile
    from methodnet.report import make_report, write_report

    result = make_report(load_profile("seryshevo"), _example_dataset(EVIL), ["2025"], at=dt.date(2026, 9, 1),
                         by=["organization"], with_findings=False)
    return write_report(result, tmp / f"report.{suffix}")


def _no_formula_cells(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    texts = 0
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"live formula in {sheet.title}!{cell.coordinate}: {cell.value}"
                texts += isinstance(cell.value, str) and cell.value.startswith("=")
    return texts


def call_report_xlsx_injection(tmp: Path) -> None:
    assert _no_formula_cells(_report(tmp, "xlsx")) >= 1  # the name is there, as text


def _csv_fields(text: str) -> list[str]:
    import csv
    import io

    return [field for row in csv.reader(io.StringIO(text)) for field in row]


def call_report_csv_injection(tmp: Path) -> None:
    fields = _csv_fields(_report(tmp, "csv").read_text(encoding="utf-8"))
    assert not any(f.startswith(("=", "+", "@")) for f in fields), [f for f in fields if f.startswith("=")]
    assert "'" + EVIL in fields


def _dataset_with_triggers():  # type: ignore[no-untyped-def]
    return _good_dataset(EVIL)


def call_dataset_xlsx_injection(tmp: Path) -> None:
    dataset = _good_dataset("+cmd|' /C calc'!A0")
    dataset.write(tmp / "d.xlsx")
    _no_formula_cells(tmp / "d.xlsx")
    dataset = _good_dataset(EVIL)
    dataset.write(tmp / "e.xlsx")
    assert _no_formula_cells(tmp / "e.xlsx") >= 1


def call_dataset_csv_injection(tmp: Path) -> None:
    import datetime as dt

    from methodnet import Dataset, LoadOptions

    for name in (EVIL, "@SUM(1+1)", "-2+3", "+7"):
        dataset = _good_dataset(name)
        dataset.write(tmp / "out", "csv")
        fields = _csv_fields((tmp / "out" / "organization.csv").read_text(encoding="utf-8"))
        assert "'" + name in fields and name not in fields
        again = Dataset.load(tmp / "out", options=LoadOptions(today=dt.date(2026, 9, 1)))
        assert again.equals(dataset), "a neutralized CSV must read back unchanged"


def call_evaluate_csv_injection(tmp: Path) -> None:
    from click.testing import CliRunner

    from methodnet.cli import main

    dataset = _example_dataset(EVIL)
    dataset.write(tmp / "d", "csv")
    result = CliRunner().invoke(main, ["evaluate", "--profile", "seryshevo", "--data", str(tmp / "d"), "--period",
                                       "2025", "--by", "organization", "--format", "csv", "--today", "2026-09-01"])
    assert result.exit_code == 0, result.output
    fields = _csv_fields(result.stdout)
    assert not any(f.startswith("=") for f in fields)


def call_template_injection(tmp: Path) -> None:
    from methodnet.template import write_template
    from methodnet.plugins.manager import load_registry
    from methodnet.api import load_profile

    path = tmp / "evil.yaml"
    path.write_text(PROFILE.format(pid="evil", condition="exists(diagnostics)").replace(
        "name: Проверка", "name: '=HYPERLINK(\"http://evil.example\")'"), encoding="utf-8")
    write_template(load_profile(path), load_registry(), tmp / "form.xlsx")
    _no_formula_cells(tmp / "form.xlsx")


# ------------------------------------------------------------------ extends

def extends_absolute(tmp: Path) -> None:
    target = (tmp / "elsewhere" / "evil.yaml").resolve()
    (tmp / "profile.yaml").write_text(f"id: child\nextends: {target}\n", encoding="utf-8")


def call_extends_dotdot_opt_in(tmp: Path) -> None:
    from methodnet.api import load_profile

    load_profile(tmp / "inner" / "profile.yaml", extends_files=True)


def call_extends_sibling(tmp: Path) -> None:
    from methodnet.api import load_profile

    profile = load_profile(tmp / "profile.yaml", extends_files=True)
    assert profile.id == "child" and [i.id for i in profile.indicators] == ["share_a"]


def call_engine_period_year_1(tmp: Path) -> None:
    from methodnet.engine.evaluate import Engine
    from methodnet.api import load_profile

    Engine(load_profile("seryshevo"), _example_dataset("СОШ")).evaluate(["0001"])
