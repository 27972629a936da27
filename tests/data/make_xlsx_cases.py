"""Write the XLSX fixtures of tests/data/bad (run once; the outputs are committed).

    python tests/data/make_xlsx_cases.py
"""

from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
GOOD = HERE / "good"


def good_workbook(path: Path) -> None:
    """The good/ CSV files as a workbook, a sheet per table."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for csv in sorted(GOOD.glob("*.csv")):
        sheet = wb.create_sheet(csv.stem)
        for line in csv.read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(","))
    wb.save(path)


def main() -> None:
    truncated = HERE / "bad" / "truncated_xlsx"
    truncated.mkdir(parents=True, exist_ok=True)
    full = truncated / "full.xlsx.tmp"
    good_workbook(full)
    data = full.read_bytes()
    (truncated / "data.xlsx").write_bytes(data[: len(data) // 2])  # cut off mid-file, as a failed copy does
    full.unlink()

    merged = HERE / "bad" / "merged_header"
    merged.mkdir(parents=True, exist_ok=True)
    good_workbook(merged / "data.xlsx")
    wb = openpyxl.load_workbook(merged / "data.xlsx")
    sheet = wb["staff"]
    # A "Даты" heading merged over birth_date and career_start, as forms often have.
    sheet["F1"] = "Даты"
    sheet.merge_cells("F1:G1")
    wb.save(merged / "data.xlsx")


if __name__ == "__main__":
    main()
