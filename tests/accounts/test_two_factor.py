"""Accounts: two-step verification (TOTP) for everyone who can read personal data, login
throttling and lockout (django-axes) on both login pages, API token throttling."""

import re
import time

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from scharnier.accounts import services
from scharnier.accounts.policy import requires_second_factor
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible
from tests.factories import make_organisation, make_region, make_user
from tests.twofactor import TEST_SECRET, current_code, device_for

PASSWORD = "Geheim-wachtwoord-123"
pytestmark = pytest.mark.django_db


def password_login(client: Client, user, path: str = "/inloggen/"):
    return client.post(path, {"username": user.username, "password": PASSWORD})


@pytest.fixture
def schakel():
    region = make_region("regio-2fa", municipality_codes=["GM0193"], name="Regio 2FA")
    return make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="schakel-2fa")


def test_roles_that_read_personal_data_or_hand_it_out_need_a_second_factor(schakel):
    provider = make_user(Role.PROVIDER_EDITOR, organisation=make_organisation("aanbieder-2fa"))
    # A regional director gives colleagues the schakelteam role ("Mijn team").
    director = make_user(Role.REGIONAL_DIRECTOR, region=schakel.memberships.get().region)
    national = make_user(Role.ADMINISTRATOR)
    analyst = make_user(Role.NATIONAL_ANALYST)
    staff = make_user()
    staff.is_staff = True
    staff.save()
    assert requires_second_factor(schakel)
    assert requires_second_factor(provider)
    assert requires_second_factor(director)
    assert requires_second_factor(national)
    assert requires_second_factor(staff)
    assert not requires_second_factor(analyst)
    assert not requires_second_factor(make_user())


def test_first_login_sets_up_the_app_then_opens_the_inbox(schakel):
    client = Client()
    response = password_login(client, schakel)
    assert response.status_code == 302
    response = client.get("/schakelteam/vragen/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/account/tweestapsverificatie/instellen/?next=%2Fschakelteam%2Fvragen%2F"
    )
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "Geheime sleutel" in body
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', body)[1]
    device = services.pending_device(schakel)
    assert services.hex_key_from_base32(secret) == device.key
    # A wrong code changes nothing.
    wrong = client.post(
        page.request["PATH_INFO"], {"code": "000000", "next": "/schakelteam/vragen/"}
    )
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    assert services.confirmed_device(schakel) is None
    assert client.get("/schakelteam/vragen/").status_code == 302
    # django-otp delays the next try after a wrong code (1 s after the first).
    time.sleep(1.1)
    right = client.post(
        "/account/tweestapsverificatie/instellen/",
        {"code": current_code(device), "next": "/schakelteam/vragen/"},
    )
    assert right.status_code == 302 and right["Location"] == "/schakelteam/vragen/"
    assert client.get("/schakelteam/vragen/").status_code == 200
    assert services.confirmed_device(schakel).pk == device.pk


def test_later_logins_ask_the_code_and_refuse_a_wrong_one(schakel):
    device = device_for(schakel)
    client = Client()
    password_login(client, schakel)
    response = client.get("/schakelteam/vragen/")
    assert response["Location"].startswith("/account/tweestapsverificatie/?next=")
    # The set-up page cannot replace the device with a password alone.
    assert client.get("/account/tweestapsverificatie/instellen/")["Location"] == (
        "/account/tweestapsverificatie/"
    )
    wrong = client.post("/account/tweestapsverificatie/", {"code": "12345x"})
    assert wrong.status_code == 400
    assert "De code bestaat alleen uit cijfers." in wrong.content.decode()
    wrong = client.post("/account/tweestapsverificatie/", {"code": "000000"})
    assert "Deze code klopt niet of is verlopen" in wrong.content.decode()
    assert client.get("/schakelteam/vragen/").status_code == 302
    # django-otp slows down repeated wrong codes (1 s, then 2 s): a right code is refused too.
    refused = client.post("/account/tweestapsverificatie/", {"code": current_code(device)})
    assert refused.status_code == 400
    time.sleep(2.1)
    ok = client.post(
        "/account/tweestapsverificatie/",
        {"code": current_code(device), "next": "/schakelteam/vragen/"},
    )
    assert ok["Location"] == "/schakelteam/vragen/"
    assert client.get("/schakelteam/vragen/").status_code == 200


def test_admin_is_behind_the_same_rules():
    admin_user = make_user()
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    device_for(admin_user)
    client = Client()
    response = password_login(client, admin_user, "/admin/login/")
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response["Location"].startswith("/account/tweestapsverificatie/?next=%2Fadmin%2F")
    client.post("/account/tweestapsverificatie/", {"code": current_code(device_for(admin_user))})
    assert client.get("/admin/").status_code == 200


def test_the_admin_speaks_dutch_also_for_the_security_apps():
    """Login throttling and the authenticator apps come from other packages, in English."""
    admin_user = make_user()
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    password_login(client, admin_user, "/admin/login/")
    client.post("/account/tweestapsverificatie/", {"code": current_code(device_for(admin_user))})
    index = client.get("/admin/").content.decode()
    assert "<title>Gegevens beheren | Scharnier-beheer</title>" in index
    assert "Scharnier: beheer" in index and "Django" not in index
    for dutch in ("Inlogpogingen", "Mislukte inlogpogingen", "Inloglogs", "Authenticator-apps"):
        assert f">{dutch}<" in index
    assert "Access" not in index and "OTP_TOTP" not in index and "TOTP" not in index
    Client().post("/inloggen/", {"username": "iemand", "password": "fout"})
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert "IP-adres" in attempts and "Tijdstip van de poging" in attempts


def test_the_admin_removes_a_lost_app_but_never_shows_or_sets_a_secret(schakel):
    """A lost phone: the administrator removes the app, the owner sets up a new one at login.
    django-otp's own admin showed every user's secret key and QR code and let an
    administrator add a device with a key of their choosing."""
    admin_user = make_user()
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    lost = device_for(schakel)
    client = Client()
    password_login(client, admin_user, "/admin/login/")
    client.post("/account/tweestapsverificatie/", {"code": current_code(device_for(admin_user))})
    listing = client.get("/admin/accounts/authenticatorapp/").content.decode()
    assert ">schakel-2fa<" in listing and "Laatst gebruikt" in listing
    assert "confirmed" not in listing and "Nee, nog niet afgemaakt" in listing
    services.pending_device(make_user(username="halverwege"))
    unfinished = client.get("/admin/accounts/authenticatorapp/?ingesteld=nee").content.decode()
    assert ">halverwege<" in unfinished and ">schakel-2fa<" not in unfinished
    for secret in (lost.key, services.base32_secret(lost).replace(" ", "")[:8], "qrcode"):
        assert secret not in listing
    detail = client.get(f"/admin/accounts/authenticatorapp/{lost.pk}/change/")
    body = detail.content.decode()
    assert detail.status_code == 200 and "Is iemand zijn telefoon kwijt?" in body
    assert lost.key not in body and "qrcode" not in body and 'name="key"' not in body
    assert "+00:00" not in body  # a date as people write it
    assert client.get("/admin/accounts/authenticatorapp/add/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{lost.pk}/change/").status_code == 404
    # The secret cannot be changed through the detail page either.
    client.post(f"/admin/accounts/authenticatorapp/{lost.pk}/change/", {"key": "00" * 20})
    lost.refresh_from_db()
    assert lost.key == services.hex_key_from_base32(TEST_SECRET)

    confirm = client.get(f"/admin/accounts/authenticatorapp/{lost.pk}/delete/")
    assert confirm.status_code == 200
    client.post(f"/admin/accounts/authenticatorapp/{lost.pk}/delete/", {"post": "yes"})
    assert services.confirmed_device(schakel) is None
    owner = Client()
    password_login(owner, schakel)
    assert owner.get("/schakelteam/vragen/")["Location"].startswith(
        "/account/tweestapsverificatie/instellen/"
    )


def test_half_logged_in_session_is_anonymous_in_the_api(schakel):
    client = Client()
    password_login(client, schakel)
    assert client.get("/api/v1/questions").status_code in (401, 403)


def test_users_without_personal_data_are_not_asked():
    analyst = make_user(Role.NATIONAL_ANALYST)
    client = Client()
    password_login(client, analyst)
    assert client.get("/aanbod/").status_code == 200


@pytest.mark.parametrize("path", ["/inloggen/", "/admin/login/"])
def test_wrong_passwords_lock_the_login(path, settings):
    user = make_user()
    user.is_staff = True  # may use /admin/
    user.save()
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(path, {"username": user.username, "password": "fout"})
        assert response.status_code == 200
    response = client.post(path, {"username": user.username, "password": "fout"})
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert response["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)
    # Now even the right password does not get in.
    response = client.post(path, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another IP address is locked out for this username too.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post(path, {"username": user.username, "password": PASSWORD}).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert other.post(path, {"username": user.username, "password": PASSWORD}).status_code == 302


def test_guessing_api_tokens_gets_429_problem(settings):
    settings.SCHARNIER_RATE_LIMITS = {"api-token-failures": {"ip": "5/10m"}}
    user = make_user(Role.NATIONAL_ANALYST)
    real = Token.objects.create(user=user).key
    client = Client()
    statuses = [
        client.get("/api/v1/offers", HTTP_AUTHORIZATION=f"Token {'f' * 39}{n}").status_code
        for n in range(6)
    ]
    assert statuses == [401, 401, 401, 401, 401, 429]
    response = client.get("/api/v1/offers", HTTP_AUTHORIZATION=f"Token {real}")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 429 and "te vaak" in problem["detail"]
    assert int(response["Retry-After"]) > 0
    # Another client address is not affected.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get("/api/v1/offers", HTTP_AUTHORIZATION=f"Token {real}").status_code == 200


def test_each_api_token_has_a_request_rate(settings):
    settings.SCHARNIER_API_TOKEN_RATE = "3/min"
    token = Token.objects.create(user=make_user(Role.NATIONAL_ANALYST)).key
    client = Client()
    statuses = [
        client.get("/api/v1/offers", HTTP_AUTHORIZATION=f"Token {token}").status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Anonymous reads are not counted against tokens.
    assert client.get("/api/v1/offers").status_code == 200


def test_demo_accounts_get_the_printed_demo_secret(settings):
    from scharnier.demo.services import DEMO_TOTP_SECRET

    region = make_region("regio-demo-2fa", municipality_codes=["GM0193"])
    user = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    first = services.set_known_device(user, DEMO_TOTP_SECRET)
    again = services.set_known_device(user, DEMO_TOTP_SECRET)
    assert first.pk == again.pk
    assert services.base32_secret(first).replace(" ", "") == DEMO_TOTP_SECRET


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_setting_up_the_app_in_a_browser(page, live_server):
    region = make_region("regio-browser-2fa", municipality_codes=["GM0193"])
    user = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    page.goto(f"{live_server.url}/schakelteam/vragen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Tweestapsverificatie instellen").wait_for()
    assert page.locator("figure.otp-qr svg").is_visible()
    assert_accessible(page)
    secret = page.locator("code.otp-secret").inner_text()
    device = services.pending_device(user)
    assert services.hex_key_from_base32(secret) == device.key
    page.get_by_label("Code uit uw app").fill("000000")
    page.get_by_role("button", name="Instellen").click()
    error = page.locator(".utrecht-form-field-error-message").inner_text()
    assert "Deze code klopt niet" in error
    assert_accessible(page)
    time.sleep(1.1)  # django-otp's delay after a wrong code
    page.get_by_label("Code uit uw app").fill(current_code(device))
    page.get_by_role("button", name="Instellen").click()
    page.wait_for_url("**/schakelteam/vragen/")
    assert page.url.endswith("/schakelteam/vragen/")


def test_a_login_lasts_a_working_day(schakel):
    client = Client()
    password_login(client, schakel)
    client.post("/account/tweestapsverificatie/", {"code": current_code(device_for(schakel))})
    assert client.get("/schakelteam/vragen/").status_code == 200
    assert 9 * 3600 < client.session.get_expiry_age() <= 10 * 3600
    assert client.cookies["sessionid"]["max-age"] == 10 * 3600
