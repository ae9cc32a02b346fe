"""Security headers: CSP and Permissions-Policy everywhere, framing only for the embed form and
only from configured origins, and no-store on every response with personal data."""

import pytest
from rest_framework.authtoken.models import Token

from tests.browser import CHROMIUM
from tests.casework.conftest import build_world


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/aanbod/", "/hulpvraag/", "/vraag/", "/inloggen/", "/api/v1/offers"]
)
def test_every_page_has_csp_and_permissions_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_carry_the_headers_too(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_embed_form_may_be_framed_only_by_configured_origins(client, settings):
    settings.SCHARNIER_EMBED_FRAME_ANCESTORS = []
    response = client.get("/hulpvraag/insluiten/")
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"

    settings.SCHARNIER_EMBED_FRAME_ANCESTORS = [
        "https://www.zwolle.example",
        "https://ondernemersplein.example",
    ]
    response = client.get("/hulpvraag/insluiten/")
    assert csp_directives(response)["frame-ancestors"] == [
        "'self'",
        "https://www.zwolle.example",
        "https://ondernemersplein.example",
    ]
    assert "X-Frame-Options" not in response
    # Other pages stay unframeable.
    assert csp_directives(client.get("/hulpvraag/"))["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_public_catalog_pages_stay_cacheable(client):
    response = client.get("/aanbod/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_personal_data_responses_are_no_store(client):
    world = build_world()
    token = world.tokens["a"]
    question = world.questions["a"]

    # Status pages (link from the e-mail), the form echoing what was typed, the API.
    anonymous = [
        client.get(f"/hulpvraag/status/{token}/"),
        client.get(f"/hulpvraag/status/{token}/gegevens.json"),
        client.post("/hulpvraag/", {"text": "x", "email": "iemand@example.nl"}),
        client.post("/hulpvraag/insluiten/", {"text": "x", "email": "iemand@example.nl"}),
    ]
    for response in anonymous:
        assert response["Cache-Control"] == "no-store", response.request["PATH_INFO"]

    client.force_login(world.users["schakel_a"])
    for path in ("/schakelteam/vragen/", f"/schakelteam/vragen/{question.reference}/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store", path
    client.logout()

    api_token = Token.objects.create(user=world.users["schakel_a"]).key
    for path in ("/api/v1/questions", "/api/v1/referrals"):
        response = client.get(path, HTTP_AUTHORIZATION=f"Token {api_token}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store", path

    provider = world.users["aanbieder_a"]
    client.force_login(provider)
    response = client.get(f"/aanbieder/doorverwijzingen/{world.referrals['a'].public_id}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    # Signed in, even a public page may show personal things (name, menu): not stored.
    assert client.get("/aanbod/")["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_plan_pages_are_no_store(client):
    from scharnier.geography.models import Municipality
    from scharnier.matching.models import Plan

    plan = Plan.objects.create(
        municipality=Municipality.objects.get(code="GM0193"),
        employees=8,
        company_age_years=25,
        direction="groeien",
    )
    response = client.get(f"/plan/{plan.token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert client.get(f"/plan/{plan.token}/doorsturen/")["Cache-Control"] == "no-store"


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_pages_render_without_csp_violations(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/aanbod/", "/hulpvraag/", "/hulpvraag/insluiten/", "/vraag/", "/inloggen/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        # The stylesheet applied: NL Design System tokens are present on the body.
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    assert violations == []
