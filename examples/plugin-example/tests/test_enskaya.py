"""The example plugin's own tests, written with methodnet's fixtures (methodnet.testing).

methodnet's suite runs them too (pyproject ``testpaths``): installed (``pip install -e
examples/plugin-example``) the plugin is imported from the installation, otherwise from
its source next to these tests.
"""

import datetime as dt
import sys
from pathlib import Path

from methodnet.engine.evaluate import Engine

try:
    import methodnet_enskaya.plugin as plugin
except ModuleNotFoundError:  # not installed: the source in this example
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import methodnet_enskaya.plugin as plugin

PROFILE = """
id: enskaya_test
extends: base
period: {start: 2025, end: 2026}
indicators:
  - {id: consulted, name: Консультации, kind: enskaya.consultation_share, params: {topics: [ФГОС]}}
"""

RECORDS = {
    "municipality": [{"id": "m1", "name": "Энск", "region": "Энская область"}],
    "organization": [{"id": "o1", "name": "Школа", "municipality_id": "m1", "kind": "school"}],
    "staff": [
        {"id": "s1", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1980, 1, 1)},
        {"id": "s2", "organization_id": "o1", "category": "pedagogue", "position": "учитель",
         "birth_date": dt.date(1985, 1, 1)},
    ],
    "consultation": [
        {"id": "c1", "staff_id": "s1", "date": dt.date(2025, 3, 1), "topic": "ФГОС"},
        {"id": "c2", "staff_id": "s2", "date": dt.date(2025, 4, 1), "topic": "ОГЭ"},
    ],
}


def test_consultation_share(methodnet_plugins, methodnet_profile, methodnet_dataset):
    plugins = methodnet_plugins(plugin)
    profile = methodnet_profile(PROFILE, plugins=plugins)
    data = methodnet_dataset(RECORDS, plugins=plugins)
    row = Engine(profile, data, plugins).evaluate("2025").get("consulted")
    assert (row.numerator, row.denominator, row.value) == (1, 2, 50.0)  # only s1 had a ФГОС consultation
