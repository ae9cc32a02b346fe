"""The dev2 set (issue 12, session 23): a second dev catalogue with its own questions, pairs and
proposals, written blind. These checks keep it importable by `make eval` and its labels
pointing at offers that exist; the figures themselves come from `make eval`.
"""

import json
from pathlib import Path

import pytest

from scharnier.catalog.models import Offer
from scharnier.matching import evaluation
from scharnier.matching.independent import load_independent_catalog

DEV2 = Path(evaluation.__file__).parent / "data" / "eval" / "dev2"
LABELS = Path(evaluation.__file__).parent.parent / "landscape" / "evaluation" / "dev2"


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _catalog_keys() -> set[str]:
    return {f"{o['aanbieder']}/{o['kenmerk']}" for o in _json(DEV2 / "catalog.json")}


def test_the_merged_files_are_the_parts():
    parts = [o for path in sorted(DEV2.glob("catalog_*.json")) for o in _json(path)]
    assert _json(DEV2 / "catalog.json") == parts
    questions = [q for path in sorted(DEV2.glob("questions_*.json")) for q in _json(path)]
    assert _json(DEV2 / "questions.json") == questions


def test_questions_are_many_varied_and_labelled_against_the_catalogue():
    questions = _json(DEV2 / "questions.json")
    keys = _catalog_keys()
    assert len(questions) >= 100
    assert len({q["id"] for q in questions}) == len(questions)
    assert sum(not q["relevant"] for q in questions) >= 3  # nothing fits: a human answers
    for question in questions:
        assert set(question["relevant"]) <= keys, question["id"]
        assert set(question["relevant"].values()) <= {1, 2, 3}
    judged = DEV2 / "pool_judged.json"
    if judged.exists():
        ids = {q["id"] for q in questions}
        for item in _json(judged)["questions"]:
            assert item["id"] in ids
            assert {c["offer"] for c in item["candidates"]} <= keys


def test_pairs_and_proposals_point_at_catalogue_offers():
    keys = _catalog_keys()
    pairs = _json(LABELS / "pairs.json")
    assert len(pairs) >= 100 and any(p["overlap"] for p in pairs)
    assert all(p["a"] in keys and p["b"] in keys for p in pairs)
    proposals = _json(LABELS / "proposals.json")
    assert any(p["duplicates"] for p in proposals) and any(not p["duplicates"] for p in proposals)
    assert all(set(p["duplicates"]) <= keys for p in proposals)


@pytest.mark.django_db
def test_the_catalogue_imports_through_the_import_service_and_every_label_resolves():
    summary = load_independent_catalog(DEV2)

    assert summary.startswith(str(len(_catalog_keys())))
    _today, cases = evaluation.load_cases(DEV2 / "questions.json")
    assert not [m for case in cases for m in case.missing]
    assert Offer.objects.count() == len(_catalog_keys())
