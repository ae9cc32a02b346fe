"""Errors are problem+json everywhere under /api/, never a 500, always with API-Version."""

import itertools

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import API_MARKS, assert_problem

pytestmark = API_MARKS


def check_unknown_paths_are_problem_404(api, catalog):
    for path in ["/bestaat-niet", "/offers/", "/regions/regio-zwolle/", "/Offers", "/offers/x/y"]:
        body = assert_problem(api.get(path), 404)
        assert body["instance"] == "/api/v1" + path


def check_unknown_api_version_is_problem_404(api, catalog):
    response = requests.get(api.base.replace("/api/v1", "/api/v2/offers"), timeout=30)
    assert_problem(response, 404)


def check_method_not_allowed(api, catalog):
    response = api.post("/regions", json={})
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]
    assert_problem(api.request("DELETE", "/vocabularies"), 405)


def check_not_acceptable(api, catalog):
    assert_problem(api.get("/offers", headers={"Accept": "text/html"}), 406)


def check_success_responses_carry_api_version(api, catalog):
    for path in [
        "/offers",
        "/organisations",
        "/regions",
        "/municipalities",
        "/provinces",
        "/vocabularies",
        "/openapi.json",
    ]:
        response = api.get(path)
        assert response.status_code == 200, path
        assert response.headers["API-Version"] == "1.0.0", path


QUERY_NAMES = ["q", "theme", "municipality", "pageSize", "region", "scopeLevel", "unknownParam"]
WEIRD_TEXT = [
    "",
    " ",
    "\x00",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "ü" * 300,
    "😀",
    "\u202e",
    "a" * 5000,
    "1e309",
    "-1",
    "NaN",
    "[]",
    "{}",
]


def check_weird_query_values_never_500(api, catalog):
    for name, value in itertools.product(QUERY_NAMES, WEIRD_TEXT):
        response = api.get("/offers", params={name: value})
        assert response.status_code in (200, 400, 404), (name, value, response.status_code)
        if response.status_code != 200:
            assert_problem(response, response.status_code)


# Path segments stay under 255 bytes: Django's live test server (not the product) tries to
# serve every path as a media file first, because MEDIA_URL is empty, and a longer name
# makes the file system raise "File name too long".
def check_weird_path_segments_never_500(api, catalog):
    prefixes = ["/offers/", "/organisations/", "/regions/", "/municipalities/", "/provinces/"]
    values = [v for v in WEIRD_TEXT if len(v.encode()) < 200]
    for prefix, value in itertools.product(prefixes, values):
        response = api.get(prefix + requests.utils.quote(value, safe=""))
        assert response.status_code in (200, 404), (prefix, value, response.status_code)
        if response.status_code == 404:
            assert_problem(response, 404)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
OFFER_FIELDS = [
    "title",
    "summary",
    "offerType",
    "themes",
    "journeyPhases",
    "scopeLevel",
    "regions",
    "validFrom",
    "validUntil",
    "minEmployees",
    "costEur",
    "url",
    "provider",
    "sizeClasses",
    "contactEmail",
    "isStructural",
]


def test_random_offer_bodies_never_500(live_server, catalog):
    from scharnier.catalog.models import Offer

    session = requests.Session()
    session.headers["Authorization"] = f"Token {catalog.editor_token}"
    url = live_server.url + "/api/v1/offers"
    patch_url = f"{url}/{catalog.offers['zwolle'].public_id}"

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(OFFER_FIELDS), JSON_VALUES, max_size=8))
    def check(body):
        for method, target in (("POST", url), ("PATCH", patch_url)):
            response = session.request(method, target, json=body, timeout=30)
            assert response.status_code in (200, 201, 400, 403), response.text[:300]
            if response.status_code >= 400:
                assert response.headers["Content-Type"] == "application/problem+json"

    try:
        check()
    finally:
        session.close()
    assert Offer.objects.count() >= 6


def test_protocol_errors(api, catalog):
    """404, 405 and 406 are problems; every answer carries API-Version."""
    check_unknown_paths_are_problem_404(api, catalog)
    check_unknown_api_version_is_problem_404(api, catalog)
    check_method_not_allowed(api, catalog)
    check_not_acceptable(api, catalog)
    check_success_responses_carry_api_version(api, catalog)


def test_weird_inputs_never_500(api, catalog):
    """A corpus of odd query values and path segments: 200, 400 or 404."""
    check_weird_query_values_never_500(api, catalog)
    check_weird_path_segments_never_500(api, catalog)
