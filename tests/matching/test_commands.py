"""Management commands and the evaluation metrics behind `make eval`."""

import datetime
import io
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from scharnier.matching import evaluation
from scharnier.matching.matcher import match
from scharnier.matching.models import OfferEmbedding
from scharnier.matching.queries import Profile


@pytest.mark.django_db
def test_compute_offer_embeddings_recomputes_only_when_asked(small_catalog):
    out = io.StringIO()
    call_command("compute_offer_embeddings", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("0 aanbiedingen")
    out = io.StringIO()
    call_command("compute_offer_embeddings", "--force", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith(f"{OfferEmbedding.objects.count()} aanbiedingen")


def test_ndcg_recall_and_mrr_follow_their_definitions():
    relevant = {1: 2, 2: 1}
    assert evaluation.ndcg([1, 2], relevant) == pytest.approx(1.0)
    swapped = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert evaluation.ndcg([2, 1], relevant) == pytest.approx(swapped)
    assert evaluation.ndcg([9, 8], relevant) == 0.0
    assert evaluation.recall([9, 2], relevant) == 0.5
    assert evaluation.reciprocal_rank([9, 8, 2], relevant) == pytest.approx(1 / 3)


def test_the_labelled_sets_are_big_enough_and_varied():
    import json

    dev = json.loads(evaluation.DEVSET_PATH.read_text(encoding="utf-8"))["questions"]
    assert len(dev) >= 100
    assert sum(1 for q in dev if not q["relevant"]) >= 3  # questions where nothing fits
    assert {g["grade"] for q in dev for g in q["relevant"]} == {1, 2}
    assert len({q["profile"]["municipality"] for q in dev}) >= 10


@pytest.mark.django_db
def test_where_relevant_ends_places_every_relevant_offer_once(small_catalog):
    zwolle, offers = small_catalog
    profile = Profile(municipality=zwolle, employees=8, sbi_section="g", company_age_years=12)
    question = "Mijn energierekening is verdubbeld, hoe kan ik besparen?"
    shown = [m.offer.pk for m in match(question, profile).matches]
    breda_only = offers["breda"].pk  # outside the firm's area: the filter drops it
    case = evaluation.Case(
        "c1", question, profile, {shown[0]: 3, offers["expired"].pk: 1, breda_only: 1}
    )

    counts = evaluation.where_relevant_ends([case], datetime.date.today())

    assert counts["shown among the first 10"] == 1
    assert counts["not eligible by the product's filter"] == 2  # expired, other region
    assert sum(counts[place] for place in evaluation.PLACES) == 3
    assert counts["offers shown per question (mean)"] == len(shown)


@pytest.mark.parametrize(
    "labelled", [evaluation.DEV3_PATH, evaluation.DEV4_PATH], ids=["dev3", "dev4"]
)
def test_the_blind_dev_sets_name_demo_offers_with_three_grades(labelled):
    import json
    import tomllib

    import scharnier.demo

    offers = set()
    for path in (Path(scharnier.demo.__file__).parent / "data" / "offers").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        default = data.get("defaults", {}).get("provider")
        offers |= {f"{o.get('provider', default)}/{o['id']}" for o in data.get("offer", [])}
    dev3 = json.loads(labelled.read_text(encoding="utf-8"))["questions"]
    assert len(dev3) >= 60 and sum(1 for q in dev3 if not q["relevant"]) >= 3
    labels = [g for q in dev3 for g in q["relevant"]]
    assert {g["grade"] for g in labels} == {1, 2, 3}
    assert {f"{g['provider']}/{g['externalId']}" for g in labels} <= offers
    assert sum(1 for q in dev3 if q["profile"]["companyAgeYears"] == 0) >= 3  # starters
