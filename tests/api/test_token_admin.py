"""API tokens in the admin: issued with the key shown once, listed without keys, revoked."""

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_user
from tests.twofactor import current_code, device_for

pytestmark = pytest.mark.django_db
PASSWORD = "Geheim-wachtwoord-123"


def admin_client() -> Client:
    admin_user = make_user(username="tokenbeheerder")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    client.post("/account/tweestapsverificatie/", {"code": current_code(device_for(admin_user))})
    return client


def test_the_admin_issues_a_token_once_lists_none_and_revokes_one():
    provider = make_user(username="koppeling-kvk")
    other = make_user(username="koppeling-rvo")
    other_key = Token.objects.create(user=other).key
    client = admin_client()

    added = client.post("/admin/api/apitoken/add/", {"user": provider.pk}, follow=True)
    body = added.content.decode()
    key = Token.objects.get(user=provider).key
    assert f"Het API-token van koppeling-kvk is {key}." in body
    # The key went from the session to the page, never through a cookie.
    assert added.redirect_chain and "messages" not in client.cookies
    assert "niet meer te zien" in body

    listing = client.get("/admin/api/apitoken/").content.decode()
    assert ">koppeling-kvk<" in listing and ">koppeling-rvo<" in listing
    assert f"…{key[-4:]}" in listing and "Uitgegeven op" in listing
    assert key not in listing and other_key not in listing
    detail = client.get(f"/admin/api/apitoken/{other.pk}/change/").content.decode()
    assert other_key not in detail and "API-token van koppeling-rvo" in detail
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404

    # A second token for the same user is refused in Dutch; the first one stays.
    again = client.post("/admin/api/apitoken/add/", {"user": provider.pk}).content.decode()
    assert re.search(r"bestaat al", again) and Token.objects.get(user=provider).key == key

    api = "/api/v1/offers"
    assert Client().get(api, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    client.post(f"/admin/api/apitoken/{provider.pk}/delete/", {"post": "yes"})
    assert not Token.objects.filter(user=provider).exists()
    assert Token.objects.get(user=other).key == other_key
    assert Client().get(api, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
