"""Every Vega-Lite spec of the dashboard validates against the vendored Vega-Lite JSON schema,
and carries only published values (no count of 1-4)."""

import json
from pathlib import Path

import jsonschema
import pytest

from scharnier.demo.outcomes import load_demo_outcomes
from scharnier.monitoring import charts, queries
from tests.factories import ensure_reference_data, make_region

SCHEMA = Path(__file__).resolve().parents[1] / "standards" / "vega-lite-v6.4.3.schema.json"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def test_every_spec_is_valid_vega_lite(validator):
    ensure_reference_data()
    make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"], name="Regio Zwolle")
    load_demo_outcomes()
    scopes = [queries.NATIONAL, queries.region_scope("regio-zwolle"),
              queries.municipality_scope("GM0193")]  # fmt: skip
    for scope in scopes:
        board = queries.dashboard(scope, queries.since_start())
        for name, spec in charts.specs(board).items():
            errors = [e.message for e in validator.iter_errors(spec)]
            assert errors == [], (scope.code, name, errors[:3])
            assert spec["config"]["locale"]["number"]["thousands"] == "."  # 1.000, not 1,000
            for row in spec["data"]["values"]:
                assert not (0 < row["bedrijven"] < 5), (name, row)


def test_the_validator_refuses_a_broken_spec(validator):
    assert list(validator.iter_errors({"mark": "balk", "encoding": {"x": {"type": "x"}}}))
