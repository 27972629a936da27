"""The Excel intake form: written, filled as a methodist would, loaded back, checked, marked."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from methodnet import DataError, Dataset, LoadOptions
from methodnet.cli import main
from methodnet.io.integrity import display_column
from methodnet.template import LISTS_SHEET, ROWS, sheet_title, tables_needed, write_template
from methodnet.plugins.manager import load_registry
from methodnet.api import load_profile
from methodnet.profile.loader import available_profiles, search_path
from methodnet.report import make_report, write_report

from conftest import EXAMPLE_TODAY, EXAMPLES

REGISTRY_PLUGINS = load_registry()
REGISTRY = REGISTRY_PLUGINS.table_registry()


@pytest.fixture(scope="module")
def seryshevo() -> Dataset:
    return Dataset.load(EXAMPLES / "seryshevo", options=LoadOptions(today=EXAMPLE_TODAY))


@pytest.fixture(scope="module")
def full_form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The form as shipped (ROWS prepared rows)."""
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    return path, write_template(load_profile("seryshevo"), REGISTRY_PLUGINS, path)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The same form with fewer prepared rows, to fill quickly (rows beyond them load the same)."""
    path = tmp_path_factory.mktemp("small") / "form.xlsx"
    return path, write_template(load_profile("seryshevo"), REGISTRY_PLUGINS, path, rows=60)


def _list_values(wb: openpyxl.Workbook, name: str) -> list[str]:
    """The values a drop-down whose source is the named range ``name`` offers."""
    ref = wb.defined_names[name].attr_text
    title, cells = ref.rsplit("!", 1)
    sheet = wb[title.strip("'").replace("''", "'")]
    return [c.value for row in sheet[cells.replace("$", "")] for c in row if c.value is not None]


def _fill(template: Path, dataset: Dataset, tables: list[str], *, names: bool = False) -> Path:
    """Fill the form as a methodist would: Russian labels, dates, «;» lists; references by name if ``names``."""
    wb = openpyxl.load_workbook(template)
    shown = {}
    if names:  # what the reference drop-downs offer: the target's display column
        for name in tables:
            column = display_column(REGISTRY[name])
            if column:
                shown[name] = dict(dataset[name].select(REGISTRY[name].key[0], column).iter_rows())
    for name in tables:
        spec = REGISTRY[name]
        sheet = wb[sheet_title(spec)]
        assert [c.value for c in sheet[1]] == [c.ru for c in spec.columns]
        for r, row in enumerate(dataset[name].iter_rows(named=True), start=2):
            for i, col in enumerate(spec.columns, start=1):
                value = row[col.name]
                if col.vocabulary is not None and value is not None:
                    value = getattr(col.vocabulary(value), "ru", value)
                elif col.kind == "bool" and value is not None:
                    value = "да" if value else "нет"
                elif col.kind == "list":
                    value = "; ".join(value) or None
                elif names and col.ref in shown and value is not None and shown[col.ref].get(value):
                    # what the drop-down offers: «name (id)»; organizations by bare name (unique here)
                    label = shown[col.ref][value]
                    value = label if col.ref == "organization" else f"{label} ({value})"
                sheet.cell(row=r, column=i, value=value)
    filled = template.with_name("filled-names.xlsx" if names else "filled.xlsx")
    wb.save(filled)
    return filled


def test_form_has_lists_on_a_hidden_sheet_and_russian_instructions(full_form) -> None:  # type: ignore[no-untyped-def]
    path, tables = full_form
    assert tables == tables_needed(load_profile("seryshevo"), REGISTRY_PLUGINS)
    assert {"staff", "diagnostic", "training", "program", "document", "profile_class"} <= set(tables)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Инструкция" and wb[LISTS_SHEET].sheet_state == "hidden"
    guide = "\n".join(str(c.value) for c in wb["Инструкция"]["A"] if c.value)
    assert "``" not in guide and not re.search(r"\b(A|An|The)\b [a-z]+", guide)  # no English docstrings
    assert "Работники — педагогические и руководящие работники" in guide
    staff = wb[sheet_title(REGISTRY["staff"])]
    by_column = {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in staff.data_validations.dataValidation}
    headers = [c.value for c in staff[1]]
    category = by_column[openpyxl.utils.get_column_letter(headers.index("Категория") + 1)]
    assert "педагогический работник" in _list_values(wb, category.formula1)
    # Reference drop-downs offer the names of the organizations, not their ids.
    org = by_column[openpyxl.utils.get_column_letter(headers.index("Организация") + 1)]
    org_sheet = wb[sheet_title(REGISTRY["organization"])]
    letter = openpyxl.utils.get_column_letter([c.value for c in org_sheet[1]].index("Наименование") + 1)
    assert org.formula1 == "ref_organization"
    formula = wb[LISTS_SHEET].cell(row=2, column=_list_column(wb, "ref_organization")).value
    assert f"'{org_sheet.title}'!${letter}2&\" (\"&'{org_sheet.title}'!$A2&\")\"" in formula


def test_every_drop_down_fits_excels_limits(tmp_path: Path) -> None:
    """For every shipped profile: list sources are named one-column ranges, formulas fit 255 characters,
    names are valid Excel names, validations cover ROWS rows, sheet titles fit 31 characters."""
    checked = 0
    for pid in available_profiles(search_path(REGISTRY_PLUGINS)):
        path = tmp_path / f"{pid}.xlsx"
        write_template(load_profile(pid), REGISTRY_PLUGINS, path)
        wb = openpyxl.load_workbook(path)
        for name, defined in wb.defined_names.items():
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]{0,254}", name), name
            title, cells = defined.attr_text.rsplit("!", 1)
            assert title.strip("'").replace("''", "'") in wb.sheetnames
            first, last = cells.replace("$", "").split(":")
            assert first.rstrip("0123456789") == last.rstrip("0123456789")  # one column
        for sheet in wb.worksheets:
            assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
            for validation in sheet.data_validations.dataValidation:
                formula = str(validation.formula1)
                assert len(formula) <= 255
                if validation.type == "list":
                    assert not formula.startswith('"'), "inline lists are limited to 255 characters"
                    assert formula in wb.defined_names
                    checked += 1
                for cells in str(validation.sqref).split():
                    assert int(cells.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= ROWS + 1
    assert ROWS >= 10_000 and checked > 100
    # The list that overflowed Excel's inline limit is now on the hidden sheet, whole.
    kinds = _list_values(wb, "list_organization_kind")
    assert len(",".join(kinds)) > 255 and "общеобразовательная организация" in kinds


def test_form_filled_with_ids_loads_back_the_same(seryshevo, form) -> None:  # type: ignore[no-untyped-def]
    path, tables = form
    loaded = Dataset.load(_fill(path, seryshevo, tables), options=LoadOptions(today=EXAMPLE_TODAY))
    for name in tables:
        assert loaded[name].equals(seryshevo[name]), name
    assert not loaded.report.warnings  # the empty sheets (roles, surveys…) are no warning


def test_form_filled_with_names_maps_them_to_ids(seryshevo, form) -> None:  # type: ignore[no-untyped-def]
    path, tables = form
    filled = _fill(path, seryshevo, tables, names=True)
    sheet = openpyxl.load_workbook(filled)[sheet_title(REGISTRY["staff"])]
    column = [c.value for c in sheet[1]].index("Организация") + 1
    first_org = seryshevo["organization"].row(0, named=True)
    written = [sheet.cell(row=r, column=column).value for r in range(2, 12)]
    assert first_org["name"] in written and first_org["id"] not in written
    loaded = Dataset.load(filled, options=LoadOptions(today=EXAMPLE_TODAY))
    for name in tables:
        assert loaded[name].equals(seryshevo[name]), name
    # The drop-down's source: «name (id)» computed from the referenced sheet.
    wb = openpyxl.load_workbook(path)
    formula = wb[LISTS_SHEET].cell(row=2, column=_list_column(wb, "ref_staff")).value
    assert formula.startswith("=IF('Работники'!$A2=\"\"") and '" ("' in formula


def _list_column(wb: openpyxl.Workbook, name: str) -> int:
    cells = wb.defined_names[name].attr_text.rsplit("!", 1)[1]
    return openpyxl.utils.column_index_from_string(cells.split(":")[0].strip("$").rstrip("0123456789").strip("$"))


def test_a_namesake_needs_the_id(seryshevo, form, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, tables = form
    staff = seryshevo["staff"]
    twice = staff.filter(staff["full_name"].is_duplicated())["full_name"][0]
    filled = _fill(path, seryshevo, tables)
    wb = openpyxl.load_workbook(filled)
    sheet = wb[sheet_title(REGISTRY["training"])]
    column = [c.value for c in sheet[1]].index("Работник") + 1
    sheet.cell(row=2, column=column, value=twice)
    wb.save(filled)
    with pytest.raises(DataError) as caught:
        Dataset.load(filled, options=LoadOptions(today=EXAMPLE_TODAY))
    (problem,) = caught.value.report.errors
    assert (problem.code, problem.row, problem.header) == ("dangling_reference", 2, "Работник")
    assert "идентификатором в скобках" in problem.hint
    assert twice not in str(problem) and problem.value == twice[0] + "…"  # a person's name is not quoted


def test_wrong_cells_are_named_in_the_forms_words_and_marked(seryshevo, form, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, tables = form
    filled = _fill(path, seryshevo, tables)
    wb = openpyxl.load_workbook(filled)
    sheet = wb[sheet_title(REGISTRY["staff"])]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=headers.index("Категория") + 1, value="педагок")
    sheet.cell(row=4, column=headers.index("Дата рождения") + 1, value="31.02.1980")
    wb.save(filled)
    with pytest.raises(DataError) as caught:
        Dataset.load(filled, options=LoadOptions(today=EXAMPLE_TODAY))
    first = caught.value.report.errors[0]
    assert (first.code, first.sheet, first.row, first.column, first.header) == \
        ("not_in_vocabulary", "Работники", 3, "category", "Категория")
    text = str(first)
    assert "столбец «Категория»" in text and "возможно, «педагог»" in text and "pedagogue" not in text
    assert "данные не загружены: 2 ошибки, 0 предупреждений" in str(caught.value)

    out = tmp_path / "marked.xlsx"
    result = CliRunner().invoke(main, ["summary", str(filled), "--mark-errors", str(out), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["errors"] == 2 and data["summary"] is None
    assert {(p["sheet"], p["row"], p["header"]) for p in data["problems"]} == \
        {("Работники", 3, "Категория"), ("Работники", 4, "Дата рождения")}
    marked = openpyxl.load_workbook(out)[sheet_title(REGISTRY["staff"])]
    bad = marked.cell(row=3, column=headers.index("Категория") + 1)
    assert bad.fill.fgColor.rgb.endswith("FFC7CE") and "педагог" in bad.comment.text
    assert marked.cell(row=4, column=headers.index("Дата рождения") + 1).comment is not None
    assert marked.cell(row=5, column=headers.index("Категория") + 1).comment is None


def test_summary_json_of_valid_data() -> None:
    result = CliRunner().invoke(main, ["summary", str(EXAMPLES / "seryshevo"), "--format", "json",
                                       "--at", "2026-09-01"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["valid"] is True and data["errors"] == 0 and data["summary"]["rows"]["staff"] == 307


# ------------------------------------------------------------------ LibreOffice


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("METHODNET_REQUIRE_OFFICE"):
            pytest.fail("LibreOffice is required here (.ci/run installs it)")
        pytest.skip("no LibreOffice on this machine (.ci/run installs Debian's libreoffice-calc-nogui)")
    return found


def _pdf_pages(soffice: str, workbook: Path, tmp_path: Path) -> int:
    out = tmp_path / "pdf"
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(out), str(workbook)],
                   capture_output=True, timeout=180, check=True)
    pdf = out / (workbook.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 5_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def test_form_and_xlsx_report_open_in_libreoffice(full_form, seryshevo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    soffice = _soffice()
    path, _ = full_form
    assert _pdf_pages(soffice, path, tmp_path / "form") >= 1 + 1  # instructions and at least one sheet
    report = make_report(load_profile("seryshevo"), seryshevo, ["2024", "2025"], at=EXAMPLE_TODAY)
    xlsx = write_report(report, tmp_path / "report.xlsx")
    assert _pdf_pages(soffice, xlsx, tmp_path / "report") >= 2


def test_template_command_names_the_sheets(tmp_path: Path) -> None:
    out = tmp_path / "k.xlsx"
    result = CliRunner().invoke(main, ["template", "--profile", "kislovodsk", "--out", str(out)])
    assert result.exit_code == 0
    n = len(tables_needed(load_profile("kislovodsk"), REGISTRY_PLUGINS))
    assert f"— {n} листов для заполнения: Сведения о данных, Муниципалитеты, Организации, Работники" in result.stdout
    assert openpyxl.load_workbook(out).sheetnames == ["Инструкция", *result.stdout.split(": ", 2)[2].strip().split(", "),
                                                       LISTS_SHEET]


def test_every_empty_form_loads_clean(tmp_path: Path) -> None:
    """Each profile's form, unfilled, loads: every sheet is recognised (long Russian names cut with «…»
    included), and empty sheets give no warnings."""
    for pid in available_profiles(search_path(REGISTRY_PLUGINS)):
        path = tmp_path / f"{pid}.xlsx"
        tables = write_template(load_profile(pid), REGISTRY_PLUGINS, path, rows=5)
        titles = [sheet_title(REGISTRY[t]) for t in tables]
        assert all(len(title) <= 31 for title in titles) and not any(t in titles for t in tables)  # Russian
        loaded = Dataset.load(path)
        assert len(loaded.report) == 0, (pid, loaded.report.format())
    assert sheet_title(REGISTRY["adaptation_survey"]) == "Мониторинг адаптации молодых…"


def test_a_sheet_named_by_a_cut_russian_name_is_its_table(tmp_path: Path) -> None:
    from methodnet.errors import ProblemReport
    from methodnet.io.xlsx import read_workbook

    spec = REGISTRY["adaptation_survey"]
    wb = openpyxl.Workbook()
    wb.active.title = sheet_title(spec)
    wb.active.append([c.ru for c in spec.columns])
    wb.save(tmp_path / "cut.xlsx")
    report = ProblemReport()
    (raw,) = read_workbook(tmp_path / "cut.xlsx", REGISTRY, report)
    assert raw.spec.name == "adaptation_survey" and not report.problems
