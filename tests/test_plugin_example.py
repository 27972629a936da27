"""The example third-party plugin (examples/plugin-example): in process, and installed into a fresh venv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from methodnet import Dataset, LoadOptions
from methodnet.engine.evaluate import Engine
from methodnet.plugins.manager import build_registry
from methodnet.api import load_profile

from conftest import DATA, EXAMPLE_TODAY, ROOT

EXAMPLE = ROOT / "examples" / "plugin-example"


@pytest.fixture(scope="module")
def enskaya():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(EXAMPLE / "src"))
    try:
        import methodnet_enskaya.plugin as plugin

        yield plugin
    finally:
        sys.path.remove(str(EXAMPLE / "src"))


def _dataset_with_consultations(folder: Path) -> Path:
    """The tests/data/good dataset plus the plugin's own export format (.enskaya)."""
    for csv in (DATA / "good").glob("*.csv"):
        (folder / csv.name).write_text(csv.read_text(encoding="utf-8"), encoding="utf-8")
    export = {"consultations": [{"teacher": "s1", "when": "12.03.2025", "theme": "ФГОС"}]}
    (folder / "consultation.enskaya").write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return folder


def test_registered_in_code_its_profile_and_kind_evaluate(enskaya, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plugins = build_registry([enskaya])
    assert "enskaya_town" in {p.stem for folder, _ in plugins.profile_folders for p in folder.glob("*.yaml")}
    profile = load_profile("enskaya_town", plugins=plugins)
    records = Dataset.load(DATA / "good").to_records()
    records["consultation"] = [{"id": "c1", "staff_id": "s1", "date": "2025-03-12", "topic": "ФГОС"}]
    dataset = Dataset.from_records(records, registry=plugins.table_registry(), options=LoadOptions(today=EXAMPLE_TODAY))
    row = Engine(profile, dataset, plugins).evaluate("2025").get("consulted_share")
    # pedagogues employed at the end of 2025: s1 and s3; s1 was consulted
    assert (row.numerator, row.denominator, row.value, row.status) == (1, 2, 50.0, "met")


def test_installs_into_a_fresh_venv_and_its_indicator_evaluates(tmp_path: Path) -> None:
    """methodnet_add_tables, methodnet_add_indicator_kinds, methodnet_add_profile_folders and
    methodnet_add_loaders of an installed package, found through its entry point."""
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    # The fresh environment sees this one's packages (methodnet and its dependencies) through a .pth
    # file, so only the plugin is installed into it, from its folder, as a user would.
    purelib = subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                      text=True).strip()
    parent = subprocess.check_output([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     text=True).strip()
    # addsitedir also processes that folder's own .pth files (an editable install of methodnet)
    (Path(purelib) / "parent.pth").write_text(f"import site; site.addsitedir({parent!r})\n", encoding="utf-8")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                              str(EXAMPLE)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    data = _dataset_with_consultations(tmp_path / "data")  # (tmp_path/"data" is created below)
    script = (
        "from methodnet.cli import main; import sys; "
        "sys.argv=['methodnet','evaluate','--profile','enskaya_town','--data',sys.argv[1],'--period','2025',"
        "'--format','json','--at','2026-09-01']; main()"
    )
    own = {**os.environ, "METHODNET_DISABLE_PLUGINS": ""}  # the fresh environment's plugins all count
    result = subprocess.run([python, "-c", script, str(data)], capture_output=True, text=True, env=own)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {r["indicator"]: r for r in json.loads(result.stdout)["results"] if r["group_by"] is None}
    assert (rows["consulted_share"]["numerator"], rows["consulted_share"]["denominator"]) == (1.0, 2.0)
    listed = subprocess.run([python, "-m", "methodnet.cli", "profiles"], capture_output=True, text=True, env=own)
    assert "enskaya_town" in listed.stdout


@pytest.fixture(autouse=True)
def _data_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
