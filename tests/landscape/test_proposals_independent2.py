"""Shape of the second blind set of consistency-test proposals (issue 12, session 46).

Written by someone who read only the independent catalogue, the import format and the
vocabularies (`independent2/README.md`); measured by `make eval`, never tuned on. These checks
keep it loadable and its labels pointing at offers of that catalogue.
"""

import json
from pathlib import Path

import scharnier.landscape.evaluation
from scharnier.landscape.evaluation.independent import proposal_input
from scharnier.matching.independent import INDEPENDENT_DIR
from tests.landscape.test_proposals_dev_3 import _area_codes, _vocabularies

FOLDER = Path(scharnier.landscape.evaluation.__file__).parent / "independent2"
VOCABULARY_COLUMNS = {
    "soort": "offer_type",
    "themas": "theme",
    "fasen": "journey_phase",
    "grootteklassen": "size_class",
    "sectoren": "sbi_section",
}


def _proposals() -> list[dict]:
    return json.loads((FOLDER / "proposals.json").read_text(encoding="utf-8"))


def test_the_set_has_as_many_duplicates_as_new_proposals_with_unique_ids():
    proposals = _proposals()
    assert len({p["voorstel"] for p in proposals}) == len(proposals) >= 60
    with_duplicates = [p for p in proposals if p["duplicates"]]
    assert len(with_duplicates) * 2 == len(proposals)


def test_every_duplicate_names_an_offer_of_the_independent_catalogue():
    catalogue = json.loads((INDEPENDENT_DIR / "catalog.json").read_text(encoding="utf-8"))
    keys = {f"{offer['aanbieder']}/{offer['kenmerk']}" for offer in catalogue}
    for proposal in _proposals():
        assert set(proposal["duplicates"]) <= keys, proposal["voorstel"]
        assert len(set(proposal["duplicates"])) == len(proposal["duplicates"])


def test_codes_come_from_the_vocabularies_and_the_area_lists():
    vocabularies, areas = _vocabularies(), _area_codes()
    for proposal in _proposals():
        for column, vocabulary in VOCABULARY_COLUMNS.items():
            values = proposal[column] if isinstance(proposal[column], list) else [proposal[column]]
            assert set(values) <= vocabularies[vocabulary], (proposal["voorstel"], column)
        for column in ("provincies", "gemeenten"):
            assert set(proposal[column]) <= areas[column], proposal["voorstel"]
        assert proposal_input(proposal)["title"] == proposal["titel"]
