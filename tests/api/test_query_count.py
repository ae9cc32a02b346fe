"""The offer list costs a fixed number of queries, whatever the page size (no N+1).

Counted in-process (Django test client) because queries can't be counted across the live
server's thread; the HTTP behaviour itself is tested in the other modules.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scharnier.catalog.models import Channel, Direction, ScopeLevel, SizeClass
from scharnier.geography.models import Province
from tests.factories import make_offer, make_organisation, make_region

pytestmark = pytest.mark.django_db


def count_queries(client: Client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/offers", params)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


def test_offer_list_queries_do_not_grow_with_page_size():
    provider = make_organisation("aanbieder")
    region = make_region("regio-zwolle", municipality_codes=["GM0193"])
    extras = {
        "directions": list(Direction.objects.all()[:2]),
        "size_classes": list(SizeClass.objects.all()[:2]),
        "channels": list(Channel.objects.all()[:2]),
    }
    for index in range(12):
        make_offer(provider=provider, title=f"Landelijk {index}", **extras)
        make_offer(
            provider=provider,
            title=f"Regio {index}",
            scope_level=ScopeLevel.REGION,
            regions=[region],
            **extras,
        )
    make_offer(
        provider=provider,
        title="Provincie",
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV23")],
    )
    client = Client()
    filters = {"municipality": "GM0193", "theme": "digitalisering", "journeyPhase": "weten"}
    small = count_queries(client, {**filters, "pageSize": 2})
    large = count_queries(client, {**filters, "pageSize": 25})
    assert small == large
    assert large <= 20
