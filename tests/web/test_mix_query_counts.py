"""No N+1 queries on the pages of the load mix (issue 11): counts do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog.models import Theme
from scharnier.geography.models import Region
from tests.factories import make_offer, make_organisation, make_region

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def add_offers(provider, count: int, region: Region) -> None:
    themes = list(Theme.objects.all()[:3])
    for n in range(count):
        make_offer(
            provider=provider,
            title=f"Energieadvies {n}",
            themes=themes,
            scope_level="regio",
            regions=[region],
        )


@pytest.mark.parametrize(
    "path", ["/aanbod/?q=energieadvies", "/aanbod/", "/regio/{region}/", "/organisaties/{org}/"]
)
def test_list_pages_take_as_many_queries_for_20_offers_as_for_2(client, path):
    region = make_region("regio-test")
    provider = make_organisation("aanbieder-test")
    add_offers(provider, 2, region)
    url = path.format(region=region.slug, org=provider.slug)
    few = queries(client, url)
    add_offers(make_organisation(), 18, region)
    assert queries(client, url) == few


def test_offer_detail_queries_do_not_grow_with_its_relations(client):
    region = make_region("regio-detail")
    provider = make_organisation()
    simple = make_offer(provider=provider, themes=list(Theme.objects.all()[:1]))
    rich = make_offer(
        provider=provider, themes=list(Theme.objects.all()[:6]), scope_level="regio",
        regions=[region],
    )  # fmt: skip
    assert queries(client, f"/aanbod/{rich.public_id}/") == queries(
        client, f"/aanbod/{simple.public_id}/"
    )
