"""The consistency test weighs target group, area and period, and says why for each hit."""

import datetime

import numpy as np
import pytest

from scharnier.catalog.models import (
    JourneyPhase,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.core import embeddings
from scharnier.geography.models import Province
from scharnier.landscape import overlap, services
from tests.factories import make_offer

pytestmark = pytest.mark.django_db

SUMMARY = "Ondernemers krijgen de helft van de kosten terug voor een webshop of nieuwe software."


def _offer(title, **fields):
    return make_offer(
        title=title,
        summary=SUMMARY,
        offer_type=OfferType.objects.get(code="subsidie"),
        themes=list(Theme.objects.filter(code="digitalisering")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV26")],
        **fields,
    )


def _check(title, summary=SUMMARY, **extra):
    data = services.clean_proposal(
        {
            "title": title,
            "summary": summary,
            "offer_type": "subsidie",
            "themes": ["digitalisering"],
            "journey_phases": ["kunnen"],
            "scope_level": "provincie",
            "provinces": ["PV26"],
            **extra,
        }
    )
    _verdict, result = services.evaluate_proposal(data)
    return result["overlaps"]


def test_a_different_target_group_or_period_is_no_duplicate_and_hits_say_why():
    established = _offer("Webshopsubsidie voor gevestigde bedrijven", min_company_age_years=5)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    _offer("Webshopsubsidie 2023", valid_from=datetime.date(2023, 1, 1), valid_until=yesterday)

    hits = _check("Webshopsubsidie Utrecht", min_company_age_years=5)
    assert [h["offer"] for h in hits] == [str(established.public_id)]  # the expired one is not
    reasons = " ".join(hits[0]["reasons"])
    assert "Zelfde thema" in reasons and "Zelfde doelgroep" in reasons
    assert "gemeenten samen" in reasons  # the shared area is named

    starters = _check(
        "Webshopsubsidie voor starters", summary=f"Voor starters in hun eerste jaar. {SUMMARY}"
    )
    assert starters == []


def test_an_offer_for_part_of_the_target_group_weighs_less_and_says_so():
    same = _offer("Webshopsubsidie voor iedereen")
    micro = _offer(
        "Webshopsubsidie voor kleine bedrijven",
        size_classes=list(SizeClass.objects.filter(code="micro")),
    )
    hits = {h["offer"]: h for h in _check("Webshopsubsidie Utrecht")}
    full, part = hits[str(same.public_id)], hits[str(micro.public_id)]
    assert "Zelfde doelgroep" in " ".join(full["reasons"])
    # The micro-only offer reaches one size class of the proposal's firms: lower, and it says so.
    assert part["score"] < full["score"]
    assert "Doelgroep deels gelijk" in " ".join(part["reasons"])
    assert "Zelfde doelgroep" not in " ".join(part["reasons"])


def test_share_of_area_and_target_reached():
    everywhere = overlap.OfferFeatures(
        key=1, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
        scope_level="landelijk", coverage=None,
    )  # fmt: skip
    two = overlap.OfferFeatures(
        key=2, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
        scope_level="gemeente", coverage=frozenset({"GM1", "GM2"}), min_company_age=5,
    )  # fmt: skip
    four = overlap.OfferFeatures(
        key=3, text="voor starters", themes=frozenset({"x"}), phases=frozenset(),
        offer_type="subsidie", scope_level="gemeente",
        coverage=frozenset({"GM1", "GM2", "GM3", "GM4"}),
    )  # fmt: skip
    assert overlap.area_share(four, everywhere, 300) == 1.0
    assert overlap.area_share(four, two, 300) == 0.5
    assert overlap.area_share(everywhere, two, 300) == pytest.approx(2 / 300)
    # Starters (younger than 3) are not reached by an offer for firms of 5 years and older.
    assert overlap.target_share(four, two, 4, 21) == 0.0
    assert overlap.target_share(two, everywhere, 4, 21) == 1.0
    assert overlap.reach_penalty(1.0, 1.0) == 0.0 < overlap.reach_penalty(0.5, 1.0)


def test_e5_columns_join_the_semantic_similarity_when_the_vectors_carry_them():
    dim = embeddings.DIM
    a = np.zeros((1, dim + 4), dtype=np.float32)
    b = np.zeros((1, dim + 4), dtype=np.float32)
    a[0, 0] = b[0, 0] = 1.0  # the shared model: identical
    a[0, dim] = 1.0
    b[0, dim + 1] = 1.0  # e5: orthogonal
    shared_only = overlap.semantic_similarity(a[:, :dim], b[:, :dim], pairwise=True)
    mixed = overlap.semantic_similarity(a, b, pairwise=True)
    assert shared_only[0] == pytest.approx(1.0)
    assert mixed[0] < shared_only[0]
    assert overlap.semantic_similarity(a, b)[0, 0] == pytest.approx(mixed[0])


def test_an_offer_under_another_theme_is_no_hit():
    _offer("Webshopsubsidie")
    make_offer(
        title="Webshopsubsidie",
        summary=SUMMARY,
        offer_type=OfferType.objects.get(code="voucher"),
        themes=list(Theme.objects.filter(code="marketing")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.NATIONAL,
    )
    hits = _check("Webshopsubsidie")
    assert [h["shared_themes"] for h in hits] == [["digitalisering"]]


def test_size_classes_weigh_by_the_firms_they_hold():
    def offer(sizes):
        return overlap.OfferFeatures(
            key=1, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
            scope_level="landelijk", coverage=None, size_classes=frozenset(sizes),
        )  # fmt: skip

    everyone = offer([])
    # Micro and small firms are nearly all firms; medium and large ones almost none.
    assert overlap.target_share(everyone, offer(["micro", "klein"]), 4, 21) > 0.95
    assert overlap.target_share(everyone, offer(["middel", "groot"]), 4, 21) < 0.05
    assert overlap.target_share(offer(["middel"]), offer(["middel", "groot"]), 4, 21) == 1.0
    assert overlap.target_share(offer(["klein", "middel"]), offer(["micro"]), 4, 21) == 0.0


def test_place_names_and_years_are_left_out_of_the_compared_text():
    strip = services.PlaceNameStripper()
    text = strip("Gratis energiescan 2027 voor Zwolse bedrijven in Zwolle en in Utrecht, met buren")
    assert "Zwolse" not in text and "Zwolle" not in text and "Utrecht" not in text
    assert "2027" not in text
    assert "energiescan" in text and "buren" in text  # common words stay


def test_a_partial_hit_names_the_limits_that_leave_firms_out():
    _offer(
        "Webshopsubsidie voor de industrie",
        sbi_sections=list(SbiSection.objects.filter(code="c")),
        min_company_age_years=5,
    )
    hits = _check("Webshopsubsidie Utrecht")
    assert len(hits) == 1
    reasons = " ".join(hits[0]["reasons"])
    assert "Doelgroep deels gelijk" in reasons
    assert "alleen voor de sector" in reasons and "minstens 5 jaar" in reasons


def test_a_share_in_the_reasons_is_never_zero_or_all_when_it_is_neither():
    assert services._share_phrase(0.002) == "minder dan 1%"
    assert services._share_phrase(0.4) == "ongeveer 40%"
    assert services._share_phrase(0.996) == "bijna 100%"
