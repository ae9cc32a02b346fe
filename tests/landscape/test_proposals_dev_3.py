"""Shape of the third and fourth dev files of consistency-test proposals (issue 12, sessions 22
and 51).

The files are data, written by hand against the demo catalog; these checks keep them loadable by
`evaluate_overlap --dev-proposals` and their labels pointing at offers that exist.
"""

import csv
import datetime
import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import scharnier.catalog
import scharnier.demo
import scharnier.geography
import scharnier.landscape
import scharnier.matching
from scharnier.catalog.fileformat import COLUMNS_BY_HEADER
from scharnier.landscape.evaluation import PROPOSALS_DEV_FILES

DEV_3 = PROPOSALS_DEV_FILES[2]
DEV_4 = PROPOSALS_DEV_FILES[3]
BOTH = pytest.mark.parametrize("path", [DEV_3, DEV_4], ids=["dev_3", "dev_4"])
# Keys that are not import columns: the id, the kind of test item, the labels and a free note.
EXTRA_KEYS = {"voorstel", "soort_toets", "duplicates", "toelichting"}
AREA_COLUMN = {"provincie": "provincies", "regio": "regios", "gemeente": "gemeenten"}
DEMO = Path(scharnier.demo.__file__).parent / "data"


def _proposals(path: Path = DEV_3) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _demo_offers() -> dict[str, dict]:
    """Demo offers as `provider-slug/external-id`, the form the dev files use."""
    offers = {}
    for path in (DEMO / "offers").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        default = data.get("defaults", {}).get("provider")
        for offer in data.get("offer", []):
            offers[f"{offer.get('provider', default)}/{offer['id']}"] = offer
    return offers


def _vocabularies() -> dict[str, set[str]]:
    path = Path(scharnier.catalog.__file__).parent / "data" / "vocabularies.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: {term["code"] for term in terms} for name, terms in data.items()}


def _area_codes() -> dict[str, set[str]]:
    geo = Path(scharnier.geography.__file__).parent / "data"
    with (geo / "provincies.csv").open(encoding="utf-8") as handle:
        provinces = {row["code"] for row in csv.DictReader(handle)}
    with (geo / "gemeenten_2023_2026.csv").open(encoding="utf-8") as handle:
        municipalities = {row["gm_code"] for row in csv.DictReader(handle)}
    regions = {r["slug"] for r in json.loads((DEMO / "regions.json").read_text(encoding="utf-8"))}
    return {"provincies": provinces, "regios": regions, "gemeenten": municipalities}


def test_ids_are_unique_and_follow_the_file_prefix():
    ids = [p["voorstel"] for p in _proposals()]
    assert len(ids) == len(set(ids))
    # G for duplicates, H for new proposals, as D/N and E/F in the earlier files.
    for proposal in _proposals():
        assert proposal["voorstel"][0] == ("G" if proposal["duplicates"] else "H")


@BOTH
def test_every_duplicate_names_a_demo_offer_that_is_current_in_the_proposal_period(path):
    offers = _demo_offers()
    for proposal in _proposals(path):
        assert len(set(proposal["duplicates"])) == len(proposal["duplicates"])
        start = datetime.date.fromisoformat(proposal.get("geldig_vanaf", "2026-11-30"))
        for ref in proposal["duplicates"]:
            assert ref in offers, (proposal["voorstel"], ref)
            # An expired offer cannot be duplicated; its period must overlap the proposal's.
            until = offers[ref].get("valid_until")
            assert until is None or until >= max(start, datetime.date(2026, 11, 30)), ref
            begin = offers[ref].get("valid_from")
            if begin and "geldig_tot" in proposal:
                assert begin <= datetime.date.fromisoformat(proposal["geldig_tot"]), ref


@BOTH
def test_columns_are_import_columns_with_values_from_the_vocabularies(path):
    vocabularies = _vocabularies()
    areas = _area_codes()
    for proposal in _proposals(path):
        vid = proposal["voorstel"]
        for key, value in proposal.items():
            if key in EXTRA_KEYS:
                continue
            assert key in COLUMNS_BY_HEADER, (vid, key)
            column = COLUMNS_BY_HEADER[key]
            if column.max_length:
                assert 0 < len(value) <= column.max_length, (vid, key)
            if column.vocabulary:
                values = value if isinstance(value, list) else [value]
                assert values and set(values) <= vocabularies[column.vocabulary], (vid, key)
            if column.kind == "integer":
                assert isinstance(value, int) and 0 <= value <= column.max_value, (vid, key)
            if column.kind == "date":
                datetime.date.fromisoformat(value)
        for key in ("titel", "samenvatting", "soort", "themas", "fasen", "gebied"):
            assert proposal.get(key), (vid, key)
        scope = proposal["gebied"]
        assert scope in {"nationaal", *AREA_COLUMN}, vid
        # Exactly the area column that belongs to the scope, with known codes.
        for level, column_name in AREA_COLUMN.items():
            if level == scope:
                assert set(proposal[column_name]) <= areas[column_name], vid
                assert proposal[column_name], vid
            else:
                assert column_name not in proposal, vid
        if "min_medewerkers" in proposal and "max_medewerkers" in proposal:
            assert proposal["min_medewerkers"] <= proposal["max_medewerkers"], vid
        if "geldig_vanaf" in proposal and "geldig_tot" in proposal:
            assert proposal["geldig_vanaf"] <= proposal["geldig_tot"], vid


def test_mix_of_duplicates_and_new_proposals_is_within_the_brief():
    proposals = _proposals()
    duplicates = [p for p in proposals if p["duplicates"]]
    new = [p for p in proposals if not p["duplicates"]]
    assert 85 <= len(proposals) <= 100
    assert 45 <= len(duplicates) <= 55
    assert 35 <= len(new) <= 45
    kinds = Counter(p["soort_toets"] for p in proposals)
    # Every kind the brief asks for is present on each side.
    for kind in ("jargon", "regional copy", "neighbouring type", "theme coding"):
        assert kinds[kind] >= 3, kind
    assert kinds["period (old round current)"] >= 3
    assert kinds["multi-offer"] + sum(len(p["duplicates"]) > 1 for p in duplicates) >= 5
    for kind in ("other purpose", "area", "kind of help", "period (old round expired)"):
        assert kinds[kind] >= 4, kind
    assert sum(n for kind, n in kinds.items() if kind.startswith("target group")) >= 10


def test_the_fourth_file_mixes_duplicates_and_hard_new_proposals():
    proposals = _proposals(DEV_4)
    ids = [p["voorstel"] for p in proposals]
    assert len(ids) == len(set(ids)) and all(i.startswith("J") for i in ids)
    duplicates = [p for p in proposals if p["duplicates"]]
    assert len(duplicates) == 30 and len(proposals) == 60
    kinds = Counter(p["soort_toets"] for p in proposals if not p["duplicates"])
    assert len(kinds) >= 8  # new proposals of many kinds, not one pattern


def test_the_second_dev2_file_names_offers_of_the_dev2_catalogue():
    """dev2's second proposal file (session 51) is measured by `evaluate_overlap --labels`."""
    folder = Path(scharnier.landscape.__file__).parent / "evaluation" / "dev2"
    catalog_path = Path(scharnier.matching.__file__).parent / "data" / "eval" / "dev2"
    catalog = json.loads((catalog_path / "catalog.json").read_text(encoding="utf-8"))
    keys = {f"{o['aanbieder']}/{o['kenmerk']}" for o in catalog}
    proposals = json.loads((folder / "proposals_b.json").read_text(encoding="utf-8"))
    ids = [p["voorstel"] for p in proposals]
    assert len(ids) == len(set(ids)) == 60 and all(i.startswith("R") for i in ids)
    assert all(set(p["duplicates"]) <= keys for p in proposals)
    assert 20 <= sum(1 for p in proposals if p["duplicates"]) <= 40
