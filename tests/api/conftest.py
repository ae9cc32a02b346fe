"""API tests talk to the live server over real HTTP with `requests`.

They are transactional (the live server thread has its own connection); serialized_rollback
brings back the reference data (CBS geography, vocabularies) that the flush removes.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from django.core.management import call_command

from scharnier.catalog.models import SbiSection, ScopeLevel, SizeClass
from scharnier.geography.models import Municipality, Province
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import OrganisationKind, RegionalRoleKind, Role
from tests.factories import make_offer, make_organisation, make_region, make_user

API_MARKS = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Api:
    """A `requests` session rooted at /api/v1 of the live server."""

    def __init__(self, base_url: str, token: str | None = None):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Token {token}"

    def url(self, path: str) -> str:
        return self.base + path

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)


def token_for(user) -> str:
    out = io.StringIO()
    call_command("create_api_token", user.username, stdout=out)
    return out.getvalue().strip()


def assert_problem(response: requests.Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; returns the body."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.headers.get("API-Version") == "1.0.0"
    body = response.json()
    assert body["status"] == status
    for member in ("type", "title", "detail", "instance"):
        assert isinstance(body[member], str) and body[member], member
    return body


def invalid_names(body: dict[str, Any]) -> set[str]:
    return {param["name"] for param in body["invalidParams"]}


@dataclass
class Catalog:
    offers: dict[str, Any] = field(default_factory=dict)
    provider: Any = None
    other_provider: Any = None
    region: Any = None
    editor: Any = None
    editor_token: str = ""
    other_editor_token: str = ""


@pytest.fixture
def api(live_server):
    client = Api(live_server.url)
    yield client
    # Close keep-alive connections while the test may still use the database.
    client.session.close()


@pytest.fixture
def catalog(live_server) -> Catalog:
    """A small catalog over every scope level, with two providers and their editors."""
    today = datetime.date.today()
    provider = make_organisation(
        "ondernemershuis", kind=OrganisationKind.HUB, name="Ondernemershuis"
    )
    other = make_organisation("andere-aanbieder", name="Andere Aanbieder")
    kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE, name="KvK")
    overijssel = make_organisation(
        "provincie-overijssel", kind=OrganisationKind.PROVINCIE, name="Provincie Overijssel"
    )
    region = make_region(
        "regio-zwolle", municipality_codes=["GM0193", "GM0166"], name="Regio Zwolle"
    )
    make_region("regio-breda", municipality_codes=["GM0758"], name="Regio Breda")
    organisation_services.set_regional_role(
        region=region, organisation=overijssel, role=RegionalRoleKind.CORE_PARTNER
    )
    organisation_services.set_regional_role(
        region=region, organisation=provider, role=RegionalRoleKind.LEAD, note="Trekker"
    )
    zwolle = Municipality.objects.get(code="GM0193")
    offers = {
        "national": make_offer(provider=kvk, title="Landelijk digitaal advies"),
        "province": make_offer(
            provider=overijssel,
            title="Verduurzamingslening Overijssel",
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV23")],
            themes=[_term("theme", "verduurzaming")],
            offer_type=_term("offer_type", "lening"),
        ),
        "region": make_offer(
            provider=provider,
            title="Regio Zwolle community",
            scope_level=ScopeLevel.REGION,
            regions=[region],
            journey_phases=[_term("journey_phase", "ontmoeten")],
            size_classes=[SizeClass.objects.get(code="klein")],
        ),
        "zwolle": make_offer(
            provider=provider,
            title="Zwolse bouwscan",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[zwolle],
            sbi_sections=[SbiSection.objects.get(code="f")],
            size_classes=[SizeClass.objects.get(code="micro")],
        ),
        "breda": make_offer(
            provider=other,
            title="Bredase exportdag",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[Municipality.objects.get(code="GM0758")],
        ),
        "expired": make_offer(
            provider=kvk,
            title="Verlopen voucher",
            valid_from=today - datetime.timedelta(days=400),
            valid_until=today - datetime.timedelta(days=30),
        ),
    }
    editor = make_user(Role.PROVIDER_EDITOR, organisation=provider, username="redacteur")
    other_editor = make_user(Role.PROVIDER_EDITOR, organisation=other, username="ander")
    return Catalog(
        offers=offers,
        provider=provider,
        other_provider=other,
        region=region,
        editor=editor,
        editor_token=token_for(editor),
        other_editor_token=token_for(other_editor),
    )


def _term(vocabulary: str, code: str):
    from scharnier.catalog.models import VOCABULARIES

    return VOCABULARIES[vocabulary].objects.get(code=code)
