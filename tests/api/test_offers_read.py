"""Reading offers over real HTTP: list, filters, pagination, detail, bad filters."""

import datetime
import uuid

from scharnier.catalog import regional_notes
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation, Role
from tests.api.conftest import API_MARKS, assert_problem, invalid_names
from tests.factories import make_user

pytestmark = API_MARKS


def titles(response) -> set[str]:
    assert response.status_code == 200, response.text[:500]
    return {offer["title"] for offer in response.json()["results"]}


def check_list_shows_active_offers_by_default(api, catalog):
    response = api.get("/offers")
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["API-Version"] == "1.0.0"
    body = response.json()
    assert body["count"] == 5
    assert "Verlopen voucher" not in titles(response)
    first = body["results"][0]
    # camelCase properties, vocabulary values as code + label
    assert {"id", "offerType", "journeyPhases", "scopeLevel", "validUntil"} <= set(first)
    assert set(first["offerType"]) == {"code", "label"}
    assert first["status"]["code"] == "actief"


def check_available_in_municipality_covers_every_level(api, catalog):
    assert titles(api.get("/offers", params={"municipality": "GM0193"})) == {
        "Landelijk digitaal advies",
        "Verduurzamingslening Overijssel",
        "Regio Zwolle community",
        "Zwolse bouwscan",
    }
    assert titles(api.get("/offers", params={"municipality": "GM0758"})) == {
        "Landelijk digitaal advies",
        "Bredase exportdag",
    }


FILTER_CASES = [
    ({"theme": "verduurzaming"}, {"Verduurzamingslening Overijssel"}),
    ({"offerType": "lening"}, {"Verduurzamingslening Overijssel"}),
    ({"journeyPhase": "ontmoeten"}, {"Regio Zwolle community"}),
    (
        {"scopeLevel": "regio,provincie"},
        {"Regio Zwolle community", "Verduurzamingslening Overijssel"},
    ),
    ({"provider": "andere-aanbieder"}, {"Bredase exportdag"}),
    ({"q": "bouwscan zwolse"}, {"Zwolse bouwscan"}),
    ({"status": "verlopen"}, {"Verlopen voucher"}),
    # Offers without a sector / size class are open to everyone.
    (
        {"sector": "f", "municipality": "GM0193", "sizeClass": "micro"},
        {
            "Landelijk digitaal advies",
            "Verduurzamingslening Overijssel",
            "Zwolse bouwscan",
        },
    ),
    ({"region": "regio-breda"}, {"Landelijk digitaal advies", "Bredase exportdag"}),
]


def check_filters(api, catalog):
    # One catalog, many requests: cheaper than one transactional test per case.
    for params, expected in FILTER_CASES:
        assert titles(api.get("/offers", params=params)) == expected, params


def check_repeated_parameter_means_any_of(api, catalog):
    response = api.get("/offers", params=[("status", "actief"), ("status", "verlopen")])
    assert len(titles(response)) == 6


def check_pagination(api, catalog):
    first = api.get("/offers", params={"pageSize": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["previous"] is None and "pageSize=2" in first["next"]
    seen = [o["id"] for o in first["results"]]
    page = 2
    while True:
        body = api.get("/offers", params={"pageSize": 2, "page": page}).json()
        seen += [o["id"] for o in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 5
    assert_problem(api.get("/offers", params={"pageSize": 2, "page": 99}), 404)


def check_detail_by_public_id(api, catalog):
    offer = catalog.offers["zwolle"]
    response = api.get(f"/offers/{offer.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(offer.public_id)
    assert body["provider"] == {"slug": "ondernemershuis", "name": "Ondernemershuis"}
    assert body["municipalities"] == [{"code": "GM0193", "name": "Zwolle"}]
    assert [s["code"] for s in body["sbiSections"]] == ["f"]


def check_archived_offer_detail_shows_status(api, catalog):
    from scharnier.catalog.services import archive_offer

    offer = archive_offer(actor=None, offer=catalog.offers["breda"])
    assert api.get(f"/offers/{offer.public_id}").json()["status"]["code"] == "gearchiveerd"


def check_unknown_offer_is_problem_404(api, catalog):
    body = assert_problem(api.get(f"/offers/{uuid.uuid4()}"), 404)
    assert body["instance"].startswith("/api/v1/offers/")
    assert_problem(api.get("/offers/not-a-uuid"), 404)


BAD_FILTER_CASES = [
    ({"theme": "digitaal"}, "theme"),
    ({"theme": "digitalisering,onbestaand"}, "theme"),
    ({"journeyPhase": "later"}, "journeyPhase"),
    ({"offerType": "cadeau"}, "offerType"),
    ({"municipality": "GM9999"}, "municipality"),
    ({"municipality": "Zwolle"}, "municipality"),
    ({"sizeClass": "reus"}, "sizeClass"),
    ({"sector": "zz"}, "sector"),
    ({"status": "levend"}, "status"),
    ({"provider": "bestaat-niet"}, "provider"),
    ({"region": "nergens"}, "region"),
    ({"scopeLevel": "wereld"}, "scopeLevel"),
    ({"pageSize": "0"}, "pageSize"),
    ({"pageSize": "1000"}, "pageSize"),
    ({"page": "abc"}, "page"),
    ({"journey_phase": "weten"}, "journey_phase"),
    ({"q": "x" * 500}, "q"),
    ({"municipality": "GM0193", "region": "regio-zwolle"}, "region"),
]


def check_bad_filter_is_400_with_invalid_params(api, catalog):
    for params, name in BAD_FILTER_CASES:
        body = assert_problem(api.get("/offers", params=params), 400)
        assert name in invalid_names(body), params
        for param in body["invalidParams"]:
            assert set(param) == {"name", "code", "reason"} and param["reason"]


def check_every_problem_is_reported_at_once(api, catalog):
    body = assert_problem(api.get("/offers", params={"theme": "x", "sector": "y"}), 400)
    assert invalid_names(body) == {"theme", "sector"}


def test_search(api, catalog):
    """List, filters and pages (read-only checks share one catalog)."""
    check_list_shows_active_offers_by_default(api, catalog)
    check_available_in_municipality_covers_every_level(api, catalog)
    check_filters(api, catalog)
    check_repeated_parameter_means_any_of(api, catalog)
    check_pagination(api, catalog)


def test_detail(api, catalog):
    """Detail by public id; 404 problems; archived offers stay readable."""
    check_detail_by_public_id(api, catalog)
    check_unknown_offer_is_problem_404(api, catalog)
    check_archived_offer_detail_shows_status(api, catalog)


def test_bad_filters(api, catalog):
    """Unknown codes, parameters and malformed values are 400 problems."""
    check_bad_filter_is_400_with_invalid_params(api, catalog)
    check_every_problem_is_reported_at_once(api, catalog)


def test_an_offer_gives_what_the_regions_added_to_it(api, catalog):
    """REQUIREMENTS A11: a regional portal reads who helps here, an example and a meeting."""
    offer = catalog.offers["national"]
    region = Region.objects.get(slug="regio-zwolle")
    staff = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="notes-staff")
    path = f"/offers/{offer.public_id}"
    assert api.get(path).json()["regionalNotes"] == []
    regional_notes.save_note(
        actor=staff,
        offer=offer,
        region=region,
        data={
            "contact_organisation": Organisation.objects.get(slug="ondernemershuis"),
            "contact": "Bel 038 123 45 67",
            "event_title": "Ontbijtsessie",
            "event_date": datetime.date.today() + datetime.timedelta(days=5),
        },
    )
    (note,) = api.get(path).json()["regionalNotes"]
    assert note["region"] == {"slug": "regio-zwolle", "name": "Regio Zwolle"}
    assert note["contactOrganisation"] == {"slug": "ondernemershuis", "name": "Ondernemershuis"}
    assert note["contact"] == "Bel 038 123 45 67" and note["example"] == ""
    assert note["event"]["title"] == "Ontbijtsessie" and note["event"]["url"] == ""
    assert "notes-staff" not in str(note)
    # The list stays lean: notes are on the offer's own address only.
    listed = api.get("/offers").json()["results"]
    assert all("regionalNotes" not in item for item in listed)
