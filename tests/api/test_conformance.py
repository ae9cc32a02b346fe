"""One API: index, one error path, strict JSON, shared field rules, strict paging.

Issues 8, 11 and 12. Real HTTP against the live server; every refusal is a 4xx problem+json.
"""

import json

import pytest

from scharnier.casework.models import Question
from scharnier.landscape.models import ConsistencyCheck
from scharnier.organisations.models import Role
from tests.api.conftest import API_MARKS, Api, assert_problem, invalid_names, token_for
from tests.factories import make_user

pytestmark = API_MARKS

PROPOSAL = {
    "title": "Nieuwe digitaliseringsvoucher",
    "summary": "Een voucher voor advies over digitalisering.",
    "offerType": "voucher",
    "themes": ["digitalisering"],
    "journeyPhases": ["weten"],
    "scopeLevel": "nationaal",
}


def _post_json(api: Api, path: str, raw: bytes, content_type: str = "application/json"):
    return api.post(path, data=raw, headers={"Content-Type": content_type})


def test_index_links_every_resource_and_the_document(api, catalog):
    response = api.get("/")
    assert response.status_code == 200, response.text
    body = response.json()
    links = {link["rel"]: link["href"] for link in body["links"]}
    assert {"offers", "questions", "referrals", "matches", "openapi"} <= set(links)
    assert body["version"] == response.headers["API-Version"] == "1.0.0"
    for rel, href in links.items():
        # Every link leads somewhere: readable, or a method/auth refusal, never a 404 or 500.
        status = api.session.get(href, timeout=30).status_code
        assert status in (200, 401, 405), (rel, href, status)
    assert api.session.get(links["openapi"], timeout=30).json()["openapi"].startswith("3.")


def test_unknown_paths_answer_404_problem_for_every_method(api, catalog):
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        body = assert_problem(api.request(method, "/bestaat-niet", json={}), 404)
        assert body["instance"] == "/api/v1/bestaat-niet"


def test_page_size_above_maximum_is_refused_on_every_list(api, catalog):
    user = make_user(Role.ADMINISTRATOR)
    staff = Api(api.base.removesuffix("/api/v1"), token_for(user))
    try:
        for path in ("/offers", "/organisations", "/regions", "/municipalities", "/provinces"):
            body = assert_problem(api.get(path, params={"pageSize": 101}), 400)
            assert invalid_names(body) == {"pageSize"}, path
            assert api.get(path, params={"pageSize": 100}).status_code == 200
        for path in ("/questions", "/referrals"):
            body = assert_problem(staff.get(path, params={"pageSize": 101}), 400)
            assert invalid_names(body) == {"pageSize"}, path
            assert invalid_names(assert_problem(staff.get(path, params={"x": 1}), 400)) == {"x"}
            assert staff.get(path, params={"pageSize": 100}).status_code == 200
    finally:
        staff.session.close()


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        (b'{"title": "a", "title": "b"}', "twee keer"),
        ('{"title": "caf\u00e9"}'.encode("cp1252"), "UTF-8"),
        (b'{"minEmployees": 1e400}', "te groot"),
        (b'{"minEmployees": NaN}', "geen geldig JSON-getal"),
        (b'{"minEmployees": ' + b"9" * 5000 + b"}", "te lang"),
        (b'{"a": ' * 5000 + b"1" + b"}" * 5000, "diep"),
        (b"{niet json", "geen geldige JSON"),
    ],
)
def test_parser_refuses_ambiguous_or_broken_json(api, catalog, raw, phrase):
    before = ConsistencyCheck.objects.count()
    body = assert_problem(_post_json(api, "/consistency-checks", raw), 400)
    assert phrase in body["detail"], body
    # Also with a charset parameter: JSON is UTF-8, no fallback.
    assert_problem(
        _post_json(api, "/consistency-checks", raw, "application/json; charset=windows-1252"), 400
    )
    assert ConsistencyCheck.objects.count() == before


def test_snake_case_keys_are_refused(api, catalog):
    body = assert_problem(
        api.post("/consistency-checks", json={**PROPOSAL, "journey_phases": ["weten"]}), 400
    )
    assert {p["code"] for p in body["invalidParams"]} == {"not_camel_case"}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("minEmployees", 2.5, "fraction"),
        ("minEmployees", True, "invalid"),
        ("minEmployees", -1, "min_value"),
        ("minEmployees", 10**12, "max_value"),
        ("title", "<b>Voucher</b>", "plain_text"),
        ("title", "Voucher\x00", "plain_text"),
        ("title", "Voucher \u202egnalrev", "plain_text"),
        ("title", "Vou\u200bcher", "plain_text"),
        ("title", "Twee\nregels", "plain_text"),
        ("summary", "Tekst met <script>alert(1)</script>", "plain_text"),
    ],
)
def test_consistency_check_fields_follow_the_shared_rules(api, catalog, field, value, code):
    response = api.post("/consistency-checks", json={**PROPOSAL, field: value})
    body = assert_problem(response, 400)
    assert [(p["name"], p["code"]) for p in body["invalidParams"]] == [(field, code)], body
    assert ConsistencyCheck.objects.count() == 0


def test_consistency_check_accepts_clean_input_with_whole_numbers(api, catalog):
    response = api.post(
        "/consistency-checks", json={**PROPOSAL, "minEmployees": 10.0, "maxEmployees": 50}
    )
    assert response.status_code == 201, response.text
    assert ConsistencyCheck.objects.get().proposal["min_employees"] == 10
    assert response.json()["proposal"]["minEmployees"] == 10


def test_offer_and_question_text_follow_the_shared_rules(api, catalog):
    editor = Api(api.base.removesuffix("/api/v1"), catalog.editor_token)
    try:
        offer = catalog.offers["zwolle"]
        for title in ("<i>x</i>", "Bouw\u202escan", "Bouw\u200dscan", "Bouw\x00scan"):
            body = assert_problem(
                editor.patch(f"/offers/{offer.public_id}", json={"title": title}), 400
            )
            assert invalid_names(body) == {"title"}
        body = assert_problem(
            editor.patch(f"/offers/{offer.public_id}", json={"minEmployees": 3.5}), 400
        )
        assert invalid_names(body) == {"minEmployees"}
    finally:
        editor.session.close()
    question = {
        "municipality": "GM0193",
        "text": "Ik zoek hulp bij export.",
        "email": "a@example.org",
        "consent": ["behandeling"],
        "consentVersion": "2026-1",
    }
    for field, value in (("text", "Hulp <script>x</script>"), ("contactName", "Jan\u202e")):
        body = assert_problem(api.post("/questions", json={**question, field: value}), 400)
        assert invalid_names(body) == {field}
    match = {"question": "Ik wil exporteren", "municipality": "GM0193"}
    for field, value in (("employees", 1.5), ("limit", 1e3), ("question", "Help\u200b mij")):
        body = assert_problem(api.post("/matches", json={**match, field: value}), 400)
        assert invalid_names(body) == {field}, (field, body)
    assert Question.objects.count() == 0


def test_problem_body_is_valid_json_with_camel_case_names(api, catalog):
    raw = api.post("/consistency-checks", json={**PROPOSAL, "minEmployees": "tien"}).content
    body = json.loads(raw)
    assert body["invalidParams"][0]["name"] == "minEmployees"
