"""Every rule kind's cases fail when its as-of reading is removed (see tests/rule_mutations.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rule_mutations import MUTATIONS, ROOT, caught


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mutated")
    shutil.copytree(ROOT / "src", folder / "src")
    return folder


def test_every_rule_kind_with_data_has_a_mutation() -> None:
    from methodnet.plugins.manager import build_registry

    kinds = set(build_registry().rule_kinds) - {"roadmap_repeats"}  # reads the act's text only: no date
    assert kinds <= {kind for kind, *_ in MUTATIONS}


@pytest.mark.parametrize(("kind", "path", "old", "new"), MUTATIONS, ids=[f"{m[0]}-{i}" for i, m in enumerate(MUTATIONS)])
def test_removing_the_as_of_reading_fails_the_cases(kind: str, path: str, old: str, new: str, workdir: Path) -> None:
    failed, output = caught(kind, path, old, new, workdir)
    assert failed, f"{kind}: its rule cases still pass without «{old}»: {output}"
