"""CI executes the example notebook (examples/notebooks/regional.ipynb) from top to bottom."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from conftest import EXAMPLES


def test_regional_notebook_runs(tmp_path: Path) -> None:
    source = EXAMPLES / "notebooks" / "regional.ipynb"
    shutil.copy(source, tmp_path / source.name)
    notebook = nbformat.read(tmp_path / source.name, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    evaluation_output = notebook.cells[2]["outputs"][0]["data"]
    assert "text/html" in evaluation_output  # evaluation results render as tables in Jupyter
    assert (tmp_path / "ranking.png").stat().st_size > 10_000
    images = [o for o in outputs if o.get("output_type") == "display_data" and "image/png" in o.get("data", {})]
    assert images, "the figure is shown inline"
    assert len(base64.b64decode(images[0]["data"]["image/png"])) > 10_000
    why = notebook.cells[-1]["outputs"][0]["data"]
    assert "период 2025 (01.01.2025–31.12.2025)" in why["text/html"]  # explain names the period it used
