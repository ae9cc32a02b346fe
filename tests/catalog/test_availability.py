"""'Offers available in municipality X': national + X's province + X's regions + X."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog.models import Offer, OfferStatus, ScopeLevel
from scharnier.catalog.queries import OfferFilters, offers_available_in, search_offers
from scharnier.geography.models import Municipality, Province
from tests.factories import make_offer, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped_offers():
    zwolle = Municipality.objects.get(code="GM0193")
    region = make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"])
    other_region = make_region("regio-breda", municipality_codes=["GM0758"])
    offers = {
        "national": make_offer(title="Landelijk"),
        "overijssel": make_offer(
            title="Overijssel",
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV23")],
        ),
        "utrecht": make_offer(
            title="Utrecht",
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV26")],
        ),
        "region": make_offer(title="Regio Zwolle", scope_level=ScopeLevel.REGION, regions=[region]),
        "other_region": make_offer(
            title="Regio Breda", scope_level=ScopeLevel.REGION, regions=[other_region]
        ),
        "zwolle": make_offer(
            title="Gemeente Zwolle",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[zwolle],
        ),
        "kampen": make_offer(
            title="Gemeente Kampen",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[Municipality.objects.get(code="GM0166")],
        ),
    }
    return zwolle, offers


def test_offers_available_in_municipality_cover_every_level(scoped_offers):
    zwolle, offers = scoped_offers
    titles = set(offers_available_in(zwolle).values_list("title", flat=True))
    assert titles == {"Landelijk", "Overijssel", "Regio Zwolle", "Gemeente Zwolle"}


def test_available_offers_is_one_query_after_area_lookup(scoped_offers):
    zwolle, _ = scoped_offers
    zwolle = Municipality.objects.select_related("province").get(pk=zwolle.pk)
    with CaptureQueriesContext(connection) as queries:
        list(offers_available_in(zwolle).values_list("pk", flat=True))
    # One query for the municipality's regions, one for the offers.
    assert len(queries) == 2


def test_status_filter_hides_expired_and_archived_by_default(scoped_offers):
    zwolle, offers = scoped_offers
    make_offer(title="Verlopen", valid_until=datetime.date(2020, 1, 1))
    make_offer(title="Gepland", valid_from=datetime.date(2099, 1, 1))
    titles = set(search_offers(OfferFilters(municipality=zwolle)).values_list("title", flat=True))
    assert "Verlopen" not in titles and "Gepland" not in titles
    titles = set(
        search_offers(
            OfferFilters(municipality=zwolle, statuses=[OfferStatus.EXPIRED])
        ).values_list("title", flat=True)
    )
    assert titles == {"Verlopen"}


def test_listed_relations_in_one_query_equal_the_normal_prefetch(scoped_offers):
    from scharnier.catalog.models import Channel, Direction, SizeClass, Theme
    from scharnier.catalog.queries import prefetch_listed_relations, with_related

    _, offers = scoped_offers
    rich = make_offer(
        themes=list(Theme.objects.filter(code__in=["marketing", "digitalisering", "innovatie"])),
        directions=list(Direction.objects.all()[:2]),
        size_classes=list(SizeClass.objects.filter(code__in=["klein", "micro"])),
        channels=list(Channel.objects.all()),
        scope_level=ScopeLevel.MUNICIPALITY,
        municipalities=list(Municipality.objects.filter(code__in=["GM0193", "GM0166", "GM0363"])),
    )
    ids = [rich.pk, *(offer.pk for offer in offers.values())]
    expected = {
        offer.pk: {
            name: [(item.pk, str(item)) for item in getattr(offer, name).all()]
            for name in ("themes", "journey_phases", "directions", "size_classes",
                         "sbi_sections", "channels", "provinces", "regions", "municipalities")
        }
        for offer in with_related(Offer.objects.filter(pk__in=ids)).prefetch_related(
            "directions", "size_classes", "sbi_sections", "channels"
        )
    }  # fmt: skip
    listed = list(Offer.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as queries:
        prefetch_listed_relations(listed)
        actual = {
            offer.pk: {
                name: [(item.pk, str(item)) for item in getattr(offer, name).all()]
                for name in expected[offer.pk]
            }
            for offer in listed
        }
    assert len(queries) == 1
    assert actual == expected
    assert [t.code for t in next(o for o in listed if o.pk == rich.pk).themes.all()] == [
        "digitalisering",
        "innovatie",
        "marketing",
    ]
