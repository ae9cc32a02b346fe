"""Scharnier's own Dutch error pages, with DEBUG off as in production."""

import pytest
from django.test import Client, override_settings

from scharnier.organisations.models import Role
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _assert_dutch_error_page(response, status: int, heading: str) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert html.count("<h1") == 1 and heading in html
    assert "<title>" in html and "Forbidden" not in html and "Not Found" not in html
    assert 'href="/contact/"' in html and 'href="/"' in html  # a way back and a contact


@override_settings(DEBUG=False)
def test_404_page_is_dutch(client):
    _assert_dutch_error_page(client.get("/bestaat-niet/"), 404, "Deze pagina bestaat niet")


@override_settings(DEBUG=False)
@pytest.mark.parametrize("url", ["/hulpvraag/status/onzin/", "/plan/onzin/"])
def test_wrong_status_or_plan_link_explains_the_link(client, url):
    _assert_dutch_error_page(client.get(url), 404, "Deze link werkt niet (meer)")


@override_settings(DEBUG=False)
def test_403_page_is_dutch_and_points_to_the_roles_home(client):
    client.force_login(make_user(Role.PROVIDER_EDITOR, organisation=make_organisation()))
    response = client.get("/schakelteam/vragen/")
    _assert_dutch_error_page(response, 403, "U heeft geen toegang tot deze pagina")
    html = response.content.decode()
    assert html.count('href="/start/"') == 1
    # Help for entrepreneurs is not what a signed-in provider came for.
    assert "Zoek hulp bij uw vraag" not in html


@override_settings(DEBUG=False, ROOT_URLCONF="tests.web.error_urls")
def test_500_page_is_dutch():
    client = Client(raise_request_exception=False)
    _assert_dutch_error_page(client.get("/kapot/"), 500, "Er ging iets mis aan onze kant")


@override_settings(DEBUG=False)
def test_csrf_failure_page_is_dutch():
    client = Client(enforce_csrf_checks=True)
    _assert_dutch_error_page(client.post("/hulpvraag/", {}), 403, "Het formulier is verlopen")


@override_settings(DEBUG=False)
def test_api_errors_stay_problem_json(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
