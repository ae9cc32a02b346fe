"""A forgotten password (or none yet) and changing one's password: Dutch pages, a link by mail
that works once, no hint of who has an account, and the second factor stays in front."""

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from scharnier.accounts import services
from scharnier.core.logs import redact, token_hash
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible
from tests.factories import make_region, make_user
from tests.twofactor import current_code, device_for, verify_client_session

pytestmark = pytest.mark.django_db
OLD = "Geheim-wachtwoord-123"
NEW = "Een-lang-nieuw-wachtwoord-2027"


@pytest.fixture
def member():
    region = make_region("regio-ww", municipality_codes=["GM0193"], name="Regio Wachtwoord")
    user = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="anouk")
    user.email = "Anouk@Schakelteam.example"
    user.save()
    return user


def link_in(message) -> str:
    return re.search(r"http://testserver(/account/nieuw-wachtwoord/\S+/)", message.body)[1]


def can_log_in(username: str, password: str) -> bool:
    response = Client().post("/inloggen/", {"username": username, "password": password})
    return response.status_code == 302


def test_a_forgotten_password_is_replaced_through_a_link_that_works_once(
    member, settings, django_capture_on_commit_callbacks, caplog
):
    settings.SITE_URL = "http://testserver"
    login = Client().get("/inloggen/").content.decode()
    assert 'href="/account/wachtwoord-vergeten/"' in login
    client = Client()
    assert "Stuur mij een link" in client.get("/account/wachtwoord-vergeten/").content.decode()

    mail.outbox.clear()
    sent = client.post("/account/wachtwoord-vergeten/", {"email": "anouk@schakelteam.example"})
    assert sent.status_code == 302 and sent["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert "De link werkt 2 uur." in client.get(sent["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Anouk@Schakelteam.example"]
    assert message.subject == "Nieuw wachtwoord voor Scharnier"
    assert "account anouk" in message.body and "De link werkt 2 uur en één keer." in message.body
    assert "anouk@schakelteam.example" not in caplog.text.lower()

    link = link_in(message)
    form_page = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert mismatch.status_code == 400
    assert "De twee wachtwoorden zijn niet gelijk." in mismatch.content.decode()
    short = client.post(set_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "Dit wachtwoord is te kort. Gebruik minstens 8 tekens." in short.content.decode()
    member.refresh_from_db()
    assert member.check_password(OLD)  # (logging in now would spend the link: last login)

    mail.outbox.clear()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Uw nieuwe wachtwoord is opgeslagen" in done.content.decode()
    assert not can_log_in("anouk", OLD) and can_log_in("anouk", NEW)
    assert [m.subject for m in mail.outbox] == ["Uw wachtwoord voor Scharnier is gewijzigd"]
    # The link is spent.
    again = Client().get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in again and "Vraag een nieuwe link aan" in again


def test_the_answer_is_the_same_for_an_unknown_address_and_bad_input_is_shown_back(member):
    mail.outbox.clear()
    client = Client()
    unknown = client.post("/account/wachtwoord-vergeten/", {"email": "niemand@example.nl"})
    assert unknown["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []
    wrong = client.post("/account/wachtwoord-vergeten/", {"email": "anouk at schakelteam"})
    body = wrong.content.decode()
    assert wrong.status_code == 400 and "Vul een geldig e-mailadres in" in body
    assert 'value="anouk at schakelteam"' in body
    empty = client.post("/account/wachtwoord-vergeten/", {"email": ""})
    assert "Vul uw e-mailadres in." in empty.content.decode()
    forged = Client().get("/account/nieuw-wachtwoord/MQ/abc-123/", follow=True)
    assert "Deze link werkt niet meer" in forged.content.decode()


def test_an_account_without_a_password_yet_sets_its_first_one(settings):
    settings.SITE_URL = "http://testserver"
    invited = get_user_model().objects.create_user("nieuwe-collega", email="nieuw@kvk.example")
    assert not invited.has_usable_password()
    mail.outbox.clear()
    Client().post("/account/wachtwoord-vergeten/", {"email": "nieuw@kvk.example"})
    client = Client()
    set_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert can_log_in("nieuwe-collega", NEW)


def test_links_are_limited_per_address(member, settings):
    settings.SCHARNIER_RATE_LIMITS = {"password-reset": {"ip": "10/h", "email": "2/h"}}
    client = Client()
    form = {"email": "anouk@schakelteam.example"}
    statuses = [client.post("/account/wachtwoord-vergeten/", form).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_changing_the_password_needs_the_second_factor_and_logs_out_elsewhere(member):
    device = device_for(member)
    other_device = Client()
    other_device.post("/inloggen/", {"username": "anouk", "password": OLD})
    other_device.post("/account/tweestapsverificatie/", {"code": current_code(device)})
    assert other_device.get("/schakelteam/vragen/").status_code == 200

    client = Client()
    client.post("/inloggen/", {"username": "anouk", "password": OLD})
    # A password alone does not reach the change page.
    assert client.get("/account/wachtwoord/")["Location"].startswith(
        "/account/tweestapsverificatie/?next=%2Faccount%2Fwachtwoord%2F"
    )
    client.post("/account/tweestapsverificatie/", {"code": current_code(device)})
    page = client.get("/schakelteam/vragen/").content.decode()
    assert 'href="/account/"' in page
    assert 'href="/account/wachtwoord/"' in client.get("/account/").content.decode()
    wrong = client.post(
        "/account/wachtwoord/",
        {"old_password": "fout", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 400
    assert "Uw huidige wachtwoord klopt niet." in wrong.content.decode()
    mail.outbox.clear()
    done = client.post(
        "/account/wachtwoord/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd" in done.content.decode()
    assert client.get("/schakelteam/vragen/").status_code == 200  # still logged in here
    assert other_device.get("/schakelteam/vragen/").status_code == 302  # not there
    assert [m.to for m in mail.outbox] == [["Anouk@Schakelteam.example"]]
    assert Client().get("/account/wachtwoord/")["Location"].startswith("/inloggen/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_a_new_password_on_a_phone_from_the_login_page(page, live_server, settings):
    settings.SITE_URL = live_server.url
    user = make_user(username="telefoon")
    user.email = "telefoon@aanbieder.example"
    user.save()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten? Of nog geen wachtwoord?").click()
    page.get_by_label("E-mailadres").fill("telefoon at aanbieder")
    page.get_by_role("button", name="Stuur mij een link").click()
    error = page.locator(".utrecht-form-field-error-message").inner_text()
    assert "Vul een geldig e-mailadres in" in error
    assert page.get_by_label("E-mailadres").input_value() == "telefoon at aanbieder"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_label("E-mailadres").fill("telefoon@aanbieder.example")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()

    page.goto(re.search(r"(http://\S+/account/nieuw-wachtwoord/\S+/)", mail.outbox[0].body)[1])
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("iets anders")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    assert "niet gelijk" in page.locator(".utrecht-form-field-error-message").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Nieuw wachtwoord nog een keer").fill(NEW)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_role("heading", name="Uw nieuwe wachtwoord is opgeslagen").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Naar inloggen").click()
    page.get_by_label("Gebruikersnaam").fill("telefoon")
    page.get_by_label("Wachtwoord", exact=True).fill(NEW)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_my_account_shows_roles_and_changes_the_address_after_a_link_to_it(
    member, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    client = Client()
    client.force_login(member)
    verify_client_session(client, member)
    page = client.get("/schakelteam/vragen/").content.decode()
    assert 'href="/account/"' in page
    mine = client.get("/account/").content.decode()
    assert "Anouk@Schakelteam.example" in mine
    assert "Schakelteam-medewerker: Regio Wachtwoord" in mine
    assert "Aan: u logt in met een code uit uw app" in mine

    same = client.post(
        "/account/e-mailadres/", {"email": "anouk@schakelteam.example", "password": OLD}
    )
    assert same.status_code == 400 and "Dit is al uw e-mailadres." in same.content.decode()
    wrong = client.post("/account/e-mailadres/", {"email": "anouk@nieuw.example", "password": "x"})
    body = wrong.content.decode()
    assert "Uw wachtwoord klopt niet." in body and 'value="anouk@nieuw.example"' in body
    mail.outbox.clear()
    sent = client.post("/account/e-mailadres/", {"email": "anouk@nieuw.example", "password": OLD})
    assert "We hebben een link gestuurd naar anouk@nieuw.example" in sent.content.decode()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"anouk@nieuw.example", "Anouk@Schakelteam.example"}
    member.refresh_from_db()
    assert member.email == "Anouk@Schakelteam.example"  # not before the link is used

    link = re.search(
        r"http://testserver(/account/e-mailadres/bevestigen/\S+/)",
        by_address["anouk@nieuw.example"].body,
    )[1]
    payload = link.split("/")[4].split(":")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert "anouk@nieuw.example" in readable and "schakelteam" not in readable.lower()
    stranger = Client()
    assert "Bevestig mijn nieuwe e-mailadres" in stranger.get(link).content.decode()
    member.refresh_from_db()
    assert member.email == "Anouk@Schakelteam.example"  # opening the link changes nothing
    done = stranger.post(link)
    assert "Uw e-mailadres is gewijzigd" in done.content.decode()
    member.refresh_from_db()
    assert member.email == "anouk@nieuw.example"
    spent = stranger.post(link)
    assert spent.status_code == 410 and "Deze link werkt niet meer" in spent.content.decode()
    assert stranger.post("/account/e-mailadres/bevestigen/vervalst/").status_code == 410


def test_without_a_role_or_address_the_account_page_says_what_that_means():
    user = make_user(username="zonder-rol")
    client = Client()
    client.force_login(user)
    services.reset_devices(user)  # (the test login gave every user an app)
    mine = client.get("/account/").content.decode()
    assert "Nog geen e-mailadres." in mine and "E-mailadres invullen" in mine
    assert "U heeft nog geen rol." in mine and "Niet nodig voor uw rol" in mine
    assert Client().get("/account/")["Location"].startswith("/inloggen/")


def test_the_links_in_these_mails_never_reach_a_log_line():
    reset = "/account/nieuw-wachtwoord/MQ/dj5lz4-daf7c64c789acac49e5cdee50e6ffab6/"
    assert redact(reset) == f"/account/nieuw-wachtwoord/MQ/{token_hash(reset.split('/')[4])}/"
    for kept in ("/account/nieuw-wachtwoord/MQ/set-password/", "/account/nieuw-wachtwoord/klaar/"):
        assert redact(kept) == kept
    invitation = "/account/uitnodiging/MQ/dj5lz4-daf7c64c789acac49e5cdee50e6ffab6/"
    assert redact(invitation) == f"/account/uitnodiging/MQ/{token_hash(reset.split('/')[4])}/"
    assert (
        redact("/account/uitnodiging/MQ/set-password/") == "/account/uitnodiging/MQ/set-password/"
    )
    confirm = "/account/e-mailadres/bevestigen/eyJ1c2VyIjoxfQ:1v:abc/"
    hashed = token_hash(confirm.split("/")[4])
    assert redact(confirm) == f"/account/e-mailadres/bevestigen/{hashed}/"


def test_the_administrator_adds_a_colleague_who_then_chooses_a_password(settings):
    settings.SITE_URL = "http://testserver"
    administrator = make_user(username="beheer-ww")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client = Client()
    client.force_login(administrator)
    verify_client_session(client, administrator)
    page = client.get("/admin/auth/user/add/").content.decode()
    assert "Na het opslaan kunt u meer gegevens van de gebruiker invullen." in page
    assert "After you" not in page and 'name="email"' in page
    assert re.search(r'value="false"[^>]*checked|checked[^>]*value="false"', page)
    mail.outbox.clear()
    added = client.post(
        "/admin/auth/user/add/",
        {"username": "nieuwe-collega", "email": "collega@rvo.example", "usable_password": "false"},
        follow=True,
    )
    sent = "We sturen nieuwe-collega een e-mail op collega@rvo.example om een wachtwoord te kiezen."
    assert sent in added.content.decode()
    colleague = get_user_model().objects.get(username="nieuwe-collega")
    assert colleague.email == "collega@rvo.example" and not colleague.has_usable_password()
    edit = client.get(f"/admin/auth/user/{colleague.pk}/change/").content.decode()
    assert "Lidmaatschappen" in edit and 'name="email"' in edit
    # Roles are memberships: Django's groups and English per-model permissions are not offered.
    assert 'name="groups"' not in edit and 'name="user_permissions"' not in edit
    assert 'name="last_login_0"' not in edit  # a date to read, not to edit
    assert client.get("/admin/auth/group/").status_code == 404
    # The admin's picker for many items (a region's municipalities) speaks Dutch too.
    script = client.get("/admin/jsi18n/").content.decode()
    assert "Alle %s kiezen" in script and "Geselecteerde %s verwijderen" in script
    # The invitation: the username, a link to choose a password, and where to log in.
    [invitation] = mail.outbox
    assert invitation.to == ["collega@rvo.example"]
    assert invitation.subject == "Uw account voor Scharnier"
    assert "Uw gebruikersnaam is nieuwe-collega." in invitation.body
    assert "http://testserver/inloggen/" in invitation.body
    assert "De link werkt 7 dagen en één keer." in invitation.body
    newcomer = Client()
    link = re.search(r"http://testserver(/account/uitnodiging/\S+/)", invitation.body)[1]
    set_url = newcomer.get(link, follow=True).redirect_chain[-1][0]
    newcomer.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert can_log_in("nieuwe-collega", NEW)


def test_an_invitation_works_for_days_and_once_and_only_as_an_invitation(settings, monkeypatch):
    from datetime import datetime, timedelta

    from scharnier.accounts.tokens import InvitationTokenGenerator, invitation_tokens

    settings.SITE_URL = "http://testserver"
    settings.ACCOUNTS_INVITATION_DAYS = 7
    user = make_user(username="uitgenodigd")
    user.set_unusable_password()
    user.save()
    token = invitation_tokens.make_token(user)
    uid = base64.urlsafe_b64encode(str(user.pk).encode()).decode().rstrip("=")
    later = {"days": 0}
    monkeypatch.setattr(
        InvitationTokenGenerator, "_now", lambda self: datetime.now() + timedelta(**later)
    )
    for days, works in [(0, True), (6, True), (8, False)]:
        later["days"] = days
        assert invitation_tokens.check_token(user, token) is works
        page = Client().get(f"/account/uitnodiging/{uid}/{token}/", follow=True)
        assert ("Kies een nieuw wachtwoord" in page.content.decode()) is works
    assert "is ouder dan 7 dagen" in page.content.decode()
    # Not a new-password link, and a new-password link is not an invitation.
    later["days"] = 0
    assert "Deze link werkt niet meer" in (
        Client().get(f"/account/nieuw-wachtwoord/{uid}/{token}/", follow=True).content.decode()
    )
    from django.contrib.auth.tokens import default_token_generator

    reset_token = default_token_generator.make_token(user)
    assert not invitation_tokens.check_token(user, reset_token)
    # Once: after the password is chosen, the link is spent.
    newcomer = Client()
    set_url = newcomer.get(f"/account/uitnodiging/{uid}/{token}/", follow=True).redirect_chain[-1][
        0
    ]
    newcomer.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not invitation_tokens.check_token(user, token)
