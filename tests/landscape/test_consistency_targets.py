"""The consistency test weighs target group, area and period, and says why for each hit."""

import datetime

import pytest

from scharnier.catalog.models import JourneyPhase, OfferType, ScopeLevel, Theme
from scharnier.geography.models import Province
from scharnier.landscape import services
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
