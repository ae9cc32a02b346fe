"""Writing offers over real HTTP with a token: who may, what is checked, what is recorded."""

import pytest

from scharnier.catalog.models import ChangeSource, Offer, OfferVersion
from tests.api.conftest import API_MARKS, Api, assert_problem, invalid_names

pytestmark = API_MARKS


def new_offer(**overrides):
    body = {
        "provider": "ondernemershuis",
        "title": "Digitale werkplaats",
        "summary": "Drie middagen aan de slag met je eigen website.",
        "offerType": "training",
        "themes": ["digitalisering", "marketing"],
        "journeyPhases": ["kunnen"],
        "scopeLevel": "regio",
        "regions": ["regio-zwolle"],
        "validFrom": "2025-01-01",
        "validUntil": "2099-12-31",
        "costEur": "0.00",
        "externalId": "DW-1",
        "contactEmail": "info@ondernemershuis.example",
    }
    body.update(overrides)
    return body


@pytest.fixture
def editor_api(live_server, catalog):
    client = Api(live_server.url, catalog.editor_token)
    yield client
    client.session.close()


def check_editor_creates_offer_for_own_organisation(editor_api, catalog):
    response = editor_api.post("/offers", json=new_offer())
    assert response.status_code == 201, response.text
    assert response.headers["API-Version"] == "1.0.0"
    body = response.json()
    assert body["provider"]["slug"] == "ondernemershuis"
    assert [t["code"] for t in body["themes"]] == ["digitalisering", "marketing"]
    assert body["regions"] == [{"slug": "regio-zwolle", "name": "Regio Zwolle"}]
    offer = Offer.objects.get(public_id=body["id"])
    version = offer.versions.get()
    assert version.source == ChangeSource.API and version.changed_by == catalog.editor
    # Available in a municipality of the region through the public API.
    listed = editor_api.get("/offers", params={"municipality": "GM0166", "q": "werkplaats"})
    assert [o["id"] for o in listed.json()["results"]] == [body["id"]]


def check_editor_may_not_create_for_other_organisation(editor_api, catalog):
    before = Offer.objects.count()
    assert_problem(editor_api.post("/offers", json=new_offer(provider="andere-aanbieder")), 403)
    assert Offer.objects.count() == before


def test_writes_need_a_valid_token(api, live_server, catalog):
    before = Offer.objects.count()
    response = api.post("/offers", json=new_offer())
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Token"
    with Api(live_server.url, "0" * 40).session as bad:
        response = bad.post(api.url("/offers"), json=new_offer(), timeout=30)
        assert_problem(response, 401)
    offer = catalog.offers["zwolle"]
    assert_problem(api.patch(f"/offers/{offer.public_id}", json={"title": "Nee"}), 401)
    assert_problem(api.post(f"/offers/{offer.public_id}/archive"), 401)
    assert Offer.objects.count() == before


def check_validation_errors_use_api_names(editor_api, catalog):
    before = Offer.objects.count()
    body = assert_problem(
        editor_api.post(
            "/offers",
            json=new_offer(
                title="",
                themes=["digitalisering", "onbestaand"],
                offerType="cadeau",
                minEmployees=-1,
                validFrom="31-12-2025",
                regions=[],
                surprise=1,
            ),
        ),
        400,
    )
    assert body["code"] == "invalid"
    assert {"surprise"} <= invalid_names(body)
    body = assert_problem(
        editor_api.post(
            "/offers",
            json=new_offer(
                title="",
                themes=["digitalisering", "onbestaand"],
                offerType="cadeau",
                minEmployees=-1,
                validFrom="31-12-2025",
            ),
        ),
        400,
    )
    assert invalid_names(body) == {"title", "themes", "offerType", "minEmployees", "validFrom"}
    themes = next(p for p in body["invalidParams"] if p["name"] == "themes")
    assert themes["code"] == "does_not_exist" and "onbestaand" in themes["reason"]
    assert Offer.objects.count() == before


def check_rules_across_fields_come_from_the_service(editor_api, catalog):
    # validate_offer_data in catalog.services: Dutch messages, reported under API names.
    body = assert_problem(
        editor_api.post(
            "/offers",
            json=new_offer(
                validFrom="2030-01-01",
                validUntil="2029-01-01",
                minEmployees=50,
                maxEmployees=10,
                regions=[],
                provinces=["PV23"],
                contactPhone="bel ons gerust",
            ),
        ),
        400,
    )
    # externalId DW-1 is already taken (created above): reported together with the rest.
    assert invalid_names(body) == {
        "validUntil",
        "maxEmployees",
        "regions",
        "provinces",
        "externalId",
        "contactPhone",
    }
    reasons = {p["name"]: p["reason"] for p in body["invalidParams"]}
    assert reasons["validUntil"] == "De einddatum ligt voor de begindatum."
    assert reasons["contactPhone"].startswith("Dit is geen telefoonnummer.")


def check_duplicate_external_id_is_400_not_500(editor_api, catalog):
    assert editor_api.post("/offers", json=new_offer(externalId="DW-2")).status_code == 201
    body = assert_problem(
        editor_api.post("/offers", json=new_offer(externalId="DW-2", title="Tweede")), 400
    )
    assert invalid_names(body) == {"externalId"}


def check_patch_changes_only_given_fields(editor_api, catalog):
    offer = catalog.offers["zwolle"]
    response = editor_api.patch(f"/offers/{offer.public_id}", json={"title": "Nieuwe titel"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "Nieuwe titel"
    assert body["municipalities"] == [{"code": "GM0193", "name": "Zwolle"}]
    latest = OfferVersion.objects.filter(offer=offer).order_by("-number").first()
    assert latest.source == ChangeSource.API and latest.changed_fields == ["title"]


def check_impact_fields_are_read_and_written(editor_api, catalog):
    offer = catalog.offers["zwolle"]
    change = {"hasImpactData": True, "impactNote": "Evaluatie door de regio, 2025"}
    response = editor_api.patch(f"/offers/{offer.public_id}", json=change)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["hasImpactData"], body["impactNote"]) == (True, "Evaluatie door de regio, 2025")
    offer.refresh_from_db()
    assert offer.has_impact_data is True
    # Bad values are problems under the API names; nothing changes.
    bad = {"hasImpactData": "misschien", "impactNote": "x" * 501}
    body = assert_problem(editor_api.patch(f"/offers/{offer.public_id}", json=bad), 400)
    assert invalid_names(body) == {"hasImpactData", "impactNote"}
    offer.refresh_from_db()
    assert offer.impact_note == "Evaluatie door de regio, 2025"


def check_put_replaces_the_whole_offer(editor_api, catalog):
    offer = catalog.offers["zwolle"]
    replacement = new_offer(provider=None, externalId="")
    del replacement["provider"]
    response = editor_api.put(f"/offers/{offer.public_id}", json=replacement)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scopeLevel"]["code"] == "regio"
    assert body["municipalities"] == [] and body["sbiSections"] == []
    assert (body["hasImpactData"], body["impactNote"]) == (False, "")  # left out: reset
    # A full replacement without required fields is refused.
    body = assert_problem(editor_api.put(f"/offers/{offer.public_id}", json={"title": "X"}), 400)
    assert {"summary", "offerType", "themes", "journeyPhases"} <= invalid_names(body)


def check_provider_cannot_be_moved(editor_api, catalog):
    offer = catalog.offers["zwolle"]
    body = assert_problem(
        editor_api.patch(f"/offers/{offer.public_id}", json={"provider": "andere-aanbieder"}),
        400,
    )
    assert invalid_names(body) == {"provider"}


def check_editor_may_not_change_other_organisations_offer(editor_api, catalog):
    offer = catalog.offers["breda"]
    assert_problem(editor_api.patch(f"/offers/{offer.public_id}", json={"title": "Van mij"}), 403)
    assert_problem(editor_api.put(f"/offers/{offer.public_id}", json=new_offer()), 403)
    assert_problem(editor_api.post(f"/offers/{offer.public_id}/archive"), 403)
    offer.refresh_from_db()
    assert offer.title == "Bredase exportdag" and not offer.is_archived


def check_archive_and_restore(editor_api, catalog):
    offer = catalog.offers["zwolle"]
    response = editor_api.post(f"/offers/{offer.public_id}/archive")
    assert response.status_code == 200, response.text
    assert response.json()["status"]["code"] == "gearchiveerd"
    assert "Zwolse bouwscan" not in {
        o["title"] for o in editor_api.get("/offers").json()["results"]
    }
    response = editor_api.post(f"/offers/{offer.public_id}/restore")
    assert response.json()["status"]["code"] == "actief"
    sources = set(offer.versions.values_list("source", flat=True))
    assert ChangeSource.API in sources


def check_delete_is_not_offered(editor_api, catalog):
    offer = catalog.offers["zwolle"]
    response = editor_api.request("DELETE", f"/offers/{offer.public_id}")
    body = assert_problem(response, 405)
    assert "DELETE" in body["detail"]
    assert "DELETE" not in response.headers["Allow"]
    assert Offer.objects.filter(pk=offer.pk).exists()


MALFORMED_BODIES = [
    b"{",
    b'{"title": "x",}',
    b"\xff\xfe\x00",
    b"[1, 2",
    b"null",
    b"[]",
    b'"tekst"',
    b"42",
    b"",
    b"[" * 100_000,  # deeper than Python's recursion limit
    b'{"minEmployees": ' + b"9" * 5000 + b"}",  # beyond Python's int-from-text limit
    b'{"title": "\\ud800"}',  # a lone surrogate: valid JSON, not storable text
]


def check_malformed_bodies_are_400(editor_api, catalog):
    before = Offer.objects.count()
    target = f"/offers/{catalog.offers['zwolle'].public_id}"
    for raw in MALFORMED_BODIES:
        for method, path in (("POST", "/offers"), ("PATCH", target), ("PUT", target)):
            response = editor_api.request(
                method, path, data=raw, headers={"Content-Type": "application/json"}
            )
            body = assert_problem(response, 400)
            if raw == b"{":
                assert body["detail"] == "De inhoud van het verzoek is geen geldige JSON."
    assert Offer.objects.count() == before


def check_wrong_content_type_is_415(editor_api, catalog):
    response = editor_api.post(
        "/offers", data="title=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert_problem(response, 415)


def test_create_offer(editor_api, catalog):
    """Create: own organisation only, every problem reported under API names."""
    check_editor_creates_offer_for_own_organisation(editor_api, catalog)
    check_editor_may_not_create_for_other_organisation(editor_api, catalog)
    check_validation_errors_use_api_names(editor_api, catalog)
    check_rules_across_fields_come_from_the_service(editor_api, catalog)
    check_duplicate_external_id_is_400_not_500(editor_api, catalog)


def test_change_offer(editor_api, catalog):
    """PATCH and PUT; provider fixed; other organisations' offers refused."""
    check_patch_changes_only_given_fields(editor_api, catalog)
    check_impact_fields_are_read_and_written(editor_api, catalog)
    check_put_replaces_the_whole_offer(editor_api, catalog)
    check_provider_cannot_be_moved(editor_api, catalog)
    check_editor_may_not_change_other_organisations_offer(editor_api, catalog)


def test_archive_offer(editor_api, catalog):
    """Archive and restore instead of DELETE."""
    check_archive_and_restore(editor_api, catalog)
    check_delete_is_not_offered(editor_api, catalog)


def test_malformed_requests(editor_api, catalog):
    """Bad JSON and wrong content types never change anything."""
    check_malformed_bodies_are_400(editor_api, catalog)
    check_wrong_content_type_is_415(editor_api, catalog)
