"""Mijn team: a regional director adds and removes the region's colleagues, an editor their
organisation's editors; every change is mailed to the colleague, nobody reaches another team."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from scharnier.organisations.models import Membership, Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db
NEW = "Een-lang-nieuw-wachtwoord-2027"


@pytest.fixture
def region():
    return make_region("regio-team", municipality_codes=["GM0193"], name="Regio Teamstad")


@pytest.fixture
def director(region):
    user = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur-team")
    user.first_name, user.last_name, user.email = "Ria", "Regisseur", "ria@regio.example"
    user.save()
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def members(team_region) -> set[tuple[str, str]]:
    return set(Membership.objects.filter(region=team_region).values_list("user__username", "role"))


def test_a_director_adds_a_new_colleague_who_then_chooses_a_password(director, region, settings):
    settings.SITE_URL = "http://testserver"
    client = client_for(director)
    account = client.get("/account/").content.decode()
    assert 'href="/account/team/"' in account
    page = client.get("/account/team/").content.decode()
    assert "Team van Regio Teamstad" in page
    assert "Ria Regisseur (u)" in page
    assert 'href="/account/team/regio/regio-team/toevoegen/"' in page
    # No way to take oneself out of the team (nobody locks a region out by a slip).
    assert "Haal Ria Regisseur uit het team" not in page

    form = client.get("/account/team/regio/regio-team/toevoegen/").content.decode()
    assert "Schakelteam-medewerker: behandelt de vragen van ondernemers" in form
    assert "Regionale regisseur: beheert de regio" in form
    assert "(niet verplicht)" not in form

    mail.outbox.clear()
    wrong = client.post(
        "/account/team/regio/regio-team/toevoegen/",
        {"first_name": "Sam", "last_name": "", "email": "sam at regio", "role": "schakelteam"},
    )
    body = wrong.content.decode()
    assert wrong.status_code == 400
    assert "Vul de achternaam in." in body
    assert "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl." in body
    assert 'value="Sam"' in body and 'value="sam at regio"' in body
    assert not get_user_model().objects.filter(first_name="Sam").exists() and not mail.outbox

    added = client.post(
        "/account/team/regio/regio-team/toevoegen/",
        {
            "first_name": "Sam",
            "last_name": "Schakel",
            "email": "Sam.Schakel@Regio.example",
            "role": "schakelteam",
        },
        follow=True,
    )
    assert added.redirect_chain[-1][0] == "/account/team/"
    # The message names the colleague: it stays on the server, not in a cookie.
    assert "messages" not in client.cookies
    assert "Sam Schakel is toegevoegd en krijgt een e-mail om een wachtwoord te kiezen." in (
        added.content.decode()
    )
    # Django keeps the name part as typed and writes the domain in lower case.
    colleague = get_user_model().objects.get(email="Sam.Schakel@regio.example")
    assert colleague.username == "sam.schakel" and not colleague.has_usable_password()
    assert members(region) == {
        ("regisseur-team", Role.REGIONAL_DIRECTOR),
        ("sam.schakel", Role.SCHAKELTEAM_MEMBER),
    }
    assert "Heeft nog geen wachtwoord gekozen" in added.content.decode()
    assert "Ria Regisseur gaf Sam Schakel de rol Schakelteam-medewerker." in (
        added.content.decode()
    )

    [invitation] = mail.outbox
    assert invitation.to == ["Sam.Schakel@regio.example"]
    assert "het team van Regio Teamstad in Scharnier, met de rol Schakelteam-medewerker" in (
        invitation.body
    )
    assert "Ria Regisseur (regisseur-team) heeft u toegevoegd" in invitation.body
    assert "Uw gebruikersnaam is sam.schakel." in invitation.body
    link = re.search(r"http://testserver(/account/uitnodiging/\S+/)", invitation.body)[1]
    newcomer = Client()
    set_url = newcomer.get(link, follow=True).redirect_chain[-1][0]
    newcomer.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    colleague.refresh_from_db()
    assert colleague.check_password(NEW)
    # The schakelteam reads entrepreneurs' questions: the first login asks for the app.
    login = newcomer.post("/inloggen/", {"username": "sam.schakel", "password": NEW})
    assert login.status_code == 302
    assert newcomer.get("/schakelteam/vragen/")["Location"].startswith(
        "/account/tweestapsverificatie/instellen/"
    )


def test_a_colleague_with_an_account_gets_the_role_and_a_notice(director, region, settings):
    settings.SITE_URL = "http://testserver"
    editor = make_user(Role.PROVIDER_EDITOR, organisation=make_organisation("kvk-team"))
    editor.first_name, editor.last_name, editor.email = "Eva", "Editor", "eva@kvk.example"
    editor.save()
    client = client_for(director)
    mail.outbox.clear()
    data = {"first_name": "E", "last_name": "E", "email": "EVA@kvk.example", "role": "schakelteam"}
    added = client.post("/account/team/regio/regio-team/toevoegen/", data, follow=True)
    assert "Eva Editor had al een account en heeft de rol erbij gekregen." in (
        added.content.decode()
    )
    assert get_user_model().objects.filter(email__iexact="eva@kvk.example").count() == 1
    assert set(editor.memberships.values_list("role", flat=True)) == {
        Role.PROVIDER_EDITOR,
        Role.SCHAKELTEAM_MEMBER,
    }
    [notice] = mail.outbox
    assert notice.to == ["eva@kvk.example"]
    assert notice.subject == "U bent toegevoegd aan het team van Regio Teamstad"
    assert "de rol Schakelteam-medewerker" in notice.body and "/account/uitnodiging" not in (
        notice.body
    )
    assert notice.body.count("Ria Regisseur (regisseur-team) heeft u") == 1

    again = client.post("/account/team/regio/regio-team/toevoegen/", data)
    assert again.status_code == 400
    assert "Deze collega heeft deze rol in dit team al." in again.content.decode()
    assert editor.memberships.count() == 2 and len(mail.outbox) == 1


def test_a_director_takes_a_colleague_out_and_cannot_take_themselves_out(
    director, region, settings
):
    settings.SITE_URL = "http://testserver"
    colleague = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="weg-team")
    colleague.email = "weg@regio.example"
    colleague.save()
    membership = colleague.memberships.get()
    client = client_for(director)
    page = client.get("/account/team/").content.decode()
    assert f'href="/account/team/lid/{membership.pk}/verwijderen/"' in page
    confirm = client.get(f"/account/team/lid/{membership.pk}/verwijderen/").content.decode()
    assert "weg-team uit het team van Regio Teamstad halen?" in confirm
    assert "Het account blijft bestaan" in confirm
    mail.outbox.clear()
    removed = client.post(f"/account/team/lid/{membership.pk}/verwijderen/", follow=True)
    assert "weg-team is uit het team gehaald." in removed.content.decode()
    assert "Ria Regisseur nam weg-team de rol Schakelteam-medewerker af." in (
        removed.content.decode()
    )
    assert not colleague.memberships.exists()
    assert get_user_model().objects.filter(pk=colleague.pk, is_active=True).exists()
    [notice] = mail.outbox
    assert notice.to == ["weg@regio.example"]
    assert "uw rol Schakelteam-medewerker in het team van Regio Teamstad beëindigd" in notice.body
    assert "Ria Regisseur (regisseur-team) heeft in Scharnier" in notice.body

    own = director.memberships.get()
    refused = client.post(f"/account/team/lid/{own.pk}/verwijderen/")
    assert refused.status_code == 400
    assert "U kunt uzelf niet uit het team halen." in refused.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_new_invitation_only_for_who_has_no_password_and_not_endlessly(
    director, region, settings
):
    settings.SITE_URL = "http://testserver"
    client = client_for(director)
    client.post(
        "/account/team/regio/regio-team/toevoegen/",
        {
            "first_name": "Noor",
            "last_name": "Nieuw",
            "email": "noor@regio.example",
            "role": "schakelteam",
        },
    )
    pending = Membership.objects.get(user__email="noor@regio.example")
    page = client.get("/account/team/").content.decode()
    assert f'action="/account/team/lid/{pending.pk}/uitnodiging/"' in page
    mail.outbox.clear()
    statuses = [
        client.post(f"/account/team/lid/{pending.pk}/uitnodiging/").status_code for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3 and all("Kies hier uw wachtwoord" in m.body for m in mail.outbox)
    # Someone who already chose a password is told to use "Wachtwoord vergeten" instead.
    active = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="actief-team")
    active.email = "actief@regio.example"
    active.save()
    membership = active.memberships.get()
    assert f"/account/team/lid/{membership.pk}/uitnodiging/" not in (
        client.get("/account/team/").content.decode()
    )
    mail.outbox.clear()
    refused = client.post(f"/account/team/lid/{membership.pk}/uitnodiging/", follow=True)
    assert "Deze collega heeft al een wachtwoord gekozen." in refused.content.decode()
    assert not mail.outbox


def test_an_editor_adds_editors_to_their_own_organisation_only(settings):
    settings.SITE_URL = "http://testserver"
    own = make_organisation("rvo-team", name="RVO Team")
    make_organisation("kvk-ander", name="KvK Ander")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=own, username="redacteur-team")
    client = client_for(editor)
    page = client.get("/account/team/").content.decode()
    assert "Team van RVO Team" in page and "KvK Ander" not in page
    form = client.get("/account/team/organisatie/rvo-team/toevoegen/").content.decode()
    # One role only: said, not asked.
    assert "Rol: Aanbieder-redacteur. Uw collega houdt het aanbod van de organisatie bij" in form
    assert 'type="hidden" name="role" value="aanbieder_redacteur"' in form
    added = client.post(
        "/account/team/organisatie/rvo-team/toevoegen/",
        {
            "first_name": "Bo",
            "last_name": "B",
            "email": "bo@rvo.example",
            "role": "aanbieder_redacteur",
        },
    )
    assert added.status_code == 302
    assert Membership.objects.filter(
        user__email="bo@rvo.example", role=Role.PROVIDER_EDITOR, organisation=own
    ).exists()
    # A tampered role (a schakelteam role for an organisation) is refused and changes nothing.
    tampered = client.post(
        "/account/team/organisatie/rvo-team/toevoegen/",
        {"first_name": "X", "last_name": "Y", "email": "xy@rvo.example", "role": "schakelteam"},
    )
    assert tampered.status_code == 400
    assert "Kies een van de rollen van dit team." in tampered.content.decode()
    assert not get_user_model().objects.filter(email="xy@rvo.example").exists()
    assert client.get("/account/team/organisatie/kvk-ander/toevoegen/").status_code == 403


def test_nobody_reaches_another_team(director, region):
    other_region = make_region("regio-ander", municipality_codes=["GM0758"])
    outsider = make_user(Role.SCHAKELTEAM_MEMBER, region=other_region, username="ander-team")
    outsider_membership = outsider.memberships.get()
    other_director = make_user(Role.REGIONAL_DIRECTOR, region=other_region)
    analyst = make_user(Role.NATIONAL_ANALYST)
    schakel = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    client = client_for(director)
    assert client.get("/account/team/regio/regio-ander/toevoegen/").status_code == 403
    data = {"first_name": "A", "last_name": "B", "email": "ab@x.example", "role": "schakelteam"}
    assert client.post("/account/team/regio/regio-ander/toevoegen/", data).status_code == 403
    assert client.post(f"/account/team/lid/{outsider_membership.pk}/verwijderen/").status_code == (
        403
    )
    assert Membership.objects.filter(pk=outsider_membership.pk).exists()
    assert other_director.memberships.exists()
    # A national role is no team's to take away.
    national = analyst.memberships.get()
    assert client.post(f"/account/team/lid/{national.pk}/verwijderen/").status_code == 404
    assert client.get("/account/team/land/nederland/toevoegen/").status_code == 404
    # The schakelteam works in the team but does not run it.
    member = client_for(schakel)
    assert member.get("/account/team/regio/regio-team/toevoegen/").status_code == 403
    overview = member.get("/account/team/").content.decode()
    assert "U beheert geen team." in overview and "Ria" not in overview
    assert 'href="/account/team/"' not in member.get("/account/").content.decode()
    assert not get_user_model().objects.filter(email="ab@x.example").exists()
    anonymous = Client().get("/account/team/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/inloggen/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_mijn_team_on_a_phone_and_a_desk(page, live_server, login, settings):
    settings.SITE_URL = live_server.url
    region = make_region("regio-scherm", municipality_codes=["GM0193"], name="Regio Scherm")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur-scherm")
    director.first_name, director.last_name = "Rik", "Scherm"
    director.save()
    page.set_viewport_size({"width": 390, "height": 800})
    login(director)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Mijn team").click()
    page.get_by_role("heading", name="Team van Regio Scherm").wait_for()
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Collega toevoegen aan Regio Scherm").click()
    page.get_by_label("Voornaam").fill("Lotte")
    page.get_by_label("E-mailadres").fill("lotte@regio")
    page.get_by_role("button", name="Toevoegen en e-mail sturen").click()
    errors = page.locator(".utrecht-form-field-error-message").all_inner_texts()
    assert any("Vul de achternaam in." in e for e in errors)
    assert any("Kies een rol." in e for e in errors)
    assert page.get_by_label("Voornaam").input_value() == "Lotte"
    assert_accessible_and_fits(page)
    page.get_by_label("Achternaam").fill("Lid")
    page.get_by_label("E-mailadres").fill("lotte@regio.example")
    page.get_by_label(re.compile("^Schakelteam-medewerker")).check()
    page.get_by_role("button", name="Toevoegen en e-mail sturen").click()
    page.get_by_text("Lotte Lid is toegevoegd").wait_for()
    assert "Heeft nog geen wachtwoord gekozen" in page.locator("main").inner_text()
    assert_accessible_and_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Haal Lotte Lid uit het team").click()
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Ja, uit het team halen").click()
    page.get_by_text("Lotte Lid is uit het team gehaald.").wait_for()
    assert not Membership.objects.filter(user__email="lotte@regio.example").exists()


def test_the_privacy_statement_says_who_sees_a_colleague_in_the_team(client):
    page = client.get("/privacy/").content.decode()
    assert "Wie uw team beheert (de regisseur van uw regio, een redacteur van uw" in page
    assert "De beheerder van Scharnier ziet dat van alle teams." in page
    assert "Heeft u geen rol meer, dan kan de beheerder uw account uitzetten." in page


def test_the_team_page_asks_about_colleagues_who_stopped_logging_in(director, region, settings):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    settings.ACCOUNTS_TEAM_IDLE_DAYS = 90
    away = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="lang-weg")
    recent = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="net-binnen")
    never = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="nooit-binnen")
    get_user_model().objects.filter(pk=away.pk).update(last_login=now - timedelta(days=91))
    get_user_model().objects.filter(pk=recent.pk).update(last_login=now - timedelta(days=89))
    get_user_model().objects.filter(pk=never.pk).update(date_joined=now - timedelta(days=120))
    client = client_for(director)
    page = client.get("/account/team/").content.decode()
    rows = {
        name: row
        for row in re.findall(r'<tr [^>]*data-testid="member">(.*?)</tr>', page, re.S)
        for name in ("lang-weg", "net-binnen", "nooit-binnen", "Ria Regisseur")
        if name in row
    }
    note = "Meer dan 90 dagen niet ingelogd. Werkt uw collega nog in dit team?"
    assert note in rows["lang-weg"] and note in rows["nooit-binnen"]
    assert note not in rows["net-binnen"] and "idle" not in rows["Ria Regisseur"]
    settings.ACCOUNTS_TEAM_IDLE_DAYS = 30
    assert "Meer dan 30 dagen niet ingelogd." in client.get("/account/team/").content.decode()


def test_a_province_adds_its_own_colleagues(settings):
    settings.SITE_URL = "http://testserver"
    from scharnier.geography.models import Municipality

    overijssel = Municipality.objects.get(code="GM0193").province
    gelderland = Municipality.objects.get(code="GM0758").province
    staff = make_user(Role.PROVINCE, province=overijssel, username="provincie-team")
    client = client_for(staff)
    page = client.get("/account/team/").content.decode()
    assert f"Team van provincie {overijssel.name}" in page
    address = f"/account/team/provincie/{overijssel.code.lower()}/toevoegen/"
    assert f'href="{address}"' in page
    mail.outbox.clear()
    added = client.post(
        address,
        {
            "first_name": "Pim",
            "last_name": "P",
            "email": "pim@provincie.example",
            "role": "provincie",
        },
    )
    assert added.status_code == 302
    assert Membership.objects.filter(
        user__email="pim@provincie.example", role=Role.PROVINCE, province=overijssel
    ).exists()
    assert f"het team van provincie {overijssel.name} in Scharnier" in mail.outbox[0].body
    other = f"/account/team/provincie/{gelderland.code}/toevoegen/"
    assert client.get(other).status_code == 403
    assert client.get("/account/team/provincie/PV99/toevoegen/").status_code == 404


def test_the_administrator_lists_the_roles_of_accounts_without_a_recent_login(region, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.ACCOUNTS_TEAM_IDLE_DAYS = 90
    make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="stil-account")
    make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="druk-account")
    get_user_model().objects.filter(username="stil-account").update(
        last_login=timezone.now() - timedelta(days=100)
    )
    get_user_model().objects.filter(username="druk-account").update(last_login=timezone.now())
    administrator = make_user(username="beheer-team")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client = client_for(administrator)
    listing = client.get("/admin/organisations/membership/").content.decode()
    assert "Laatst ingelogd" in listing and "90 dagen of langer niet ingelogd" in listing
    idle = client.get("/admin/organisations/membership/?inloggen=stil").content.decode()
    assert ">stil-account<" in idle and "druk-account" not in idle


def test_roles_given_or_taken_in_the_admin_are_recorded_too(region):
    from scharnier.organisations.models import MembershipChange, MembershipChangeKind

    administrator = make_user(username="beheer-log")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    colleague = make_user(username="admin-collega")
    client = client_for(administrator)
    client.post(
        "/admin/organisations/membership/add/",
        {"user": colleague.pk, "role": "schakelteam", "region": region.pk},
    )
    membership = colleague.memberships.get()
    twice = client.post(
        "/admin/organisations/membership/add/",
        {"user": colleague.pk, "role": "schakelteam", "region": region.pk},
    )
    assert "Deze gebruiker heeft deze rol hier al." in twice.content.decode()
    client.post(f"/admin/organisations/membership/{membership.pk}/delete/", {"post": "yes"})
    assert not colleague.memberships.exists()
    assert list(
        MembershipChange.objects.filter(user=colleague)
        .order_by("pk")
        .values_list("kind", "role", "region", "actor__username")
    ) == [
        (MembershipChangeKind.GRANTED, Role.SCHAKELTEAM_MEMBER, region.pk, "beheer-log"),
        (MembershipChangeKind.WITHDRAWN, Role.SCHAKELTEAM_MEMBER, region.pk, "beheer-log"),
    ]
    # The record is read only, also for the administrator.
    listing = client.get("/admin/organisations/membershipchange/").content.decode()
    assert ">admin-collega<" in listing and "ingetrokken" in listing
    assert client.get("/admin/organisations/membershipchange/add/").status_code == 403
    change = MembershipChange.objects.filter(user=colleague).first()
    delete = f"/admin/organisations/membershipchange/{change.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert MembershipChange.objects.filter(user=colleague).count() == 2
