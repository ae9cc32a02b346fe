"""Teams en toegang: the administrator sees every team at once (who runs it, who stopped logging
in, who has no password yet), helps in a team from its own page, and switches off the accounts
that hold no role any more."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import dateformat, timezone, translation

from scharnier.geography.models import Municipality
from scharnier.organisations.models import Membership, Role
from scharnier.organisations.services import remove_team_member
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def administrator(username: str = "beheer-teams"):
    user = make_user(Role.ADMINISTRATOR, username=username)
    user.first_name, user.last_name, user.email = "Bea", "Beheer", f"{username}@beheer.example"
    user.save()
    return user


def rows(page: str, testid: str) -> dict[str, str]:
    """Table rows by the name in their first cell."""
    found = {}
    for row in re.findall(rf'<tr [^>]*data-testid="{testid}">(.*?)</tr>', page, re.S):
        cells = [
            re.sub(r"<[^>]+>", " ", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        cells = [" ".join(cell.split()) for cell in cells]
        found[cells[0]] = cells[1:]
    return found


def test_the_administrator_sees_every_team_and_what_needs_attention(settings):
    settings.ACCOUNTS_TEAM_IDLE_DAYS = 90
    now = timezone.now()
    run = make_region("regio-bezet", name="Regio Bezet")
    make_region("regio-leeg", municipality_codes=["GM0758"], name="Regio Leeg")
    make_user(Role.REGIONAL_DIRECTOR, region=run, username="regisseur-bezet")
    away = make_user(Role.SCHAKELTEAM_MEMBER, region=run, username="lang-weg")
    User.objects.filter(pk=away.pk).update(last_login=now - timedelta(days=91))
    invited = make_user(Role.SCHAKELTEAM_MEMBER, region=run, username="nog-uitgenodigd")
    invited.set_unusable_password()
    invited.save()
    # Two roles in one region are one colleague who stopped logging in, not two.
    Membership.objects.create(user=away, role=Role.REGIONAL_DIRECTOR, region=run)

    with_offers = make_organisation("met-aanbod", name="Met Aanbod")
    make_offer(provider=with_offers)
    edited = make_organisation("met-redacteur", name="Met Redacteur")
    make_user(Role.PROVIDER_EDITOR, organisation=edited, username="redacteur-x")
    make_organisation("zonder-alles", name="Zonder Alles")
    # An editor whose account is switched off keeps nothing up to date.
    stopped = make_organisation("redacteur-uit", name="Redacteur Uit")
    make_offer(provider=stopped)
    gone = make_user(Role.PROVIDER_EDITOR, organisation=stopped, username="redacteur-weg")
    gone.is_active = False
    gone.save()
    overijssel = Municipality.objects.get(code="GM0193").province
    make_user(Role.PROVINCE, province=overijssel, username="provincie-x")

    former = make_user(Role.SCHAKELTEAM_MEMBER, region=run, username="oud-collega")
    former.first_name, former.last_name, former.email = "Olga", "Oud", "olga@oud.example"
    former.save()
    remove_team_member(actor=administrator("beheer-eerder"), membership=former.memberships.get())
    make_user(username="nooit-een-rol")
    switched_off = make_user(username="staat-al-uit")
    switched_off.is_active = False
    switched_off.save()
    superuser = make_user(username="super-zonder-rol")
    superuser.is_superuser = True
    superuser.save()
    staff = make_user(username="beheer-zonder-rol")
    staff.is_staff = True
    staff.save()

    page = client_for(administrator()).get("/account/teams/").content.decode()
    assert '<h1 class="utrecht-heading-1">Teams en toegang</h1>' in page
    regions = rows(page, "region-team")
    assert regions["Regio Bezet"][:2] == ["2", "2"]
    assert "Geen regisseur: voeg er een toe" not in regions["Regio Bezet"][2]
    assert "1 collega meer dan 90 dagen niet ingelogd" in regions["Regio Bezet"][2]
    assert "1 collega heeft nog geen wachtwoord gekozen" in regions["Regio Bezet"][2]
    assert regions["Regio Leeg"] == ["0", "0", "Geen regisseur: voeg er een toe"]
    assert 'href="/account/team/regio/regio-bezet/"' in page
    # The gap links to the form with the missing role chosen.
    add = 'href="/account/team/regio/regio-leeg/toevoegen/?rol=regionale_regisseur"'
    assert add in page
    form = client_for(administrator("beheer-form")).get(
        "/account/team/regio/regio-leeg/toevoegen/?rol=regionale_regisseur"
    )
    assert re.search(r'value="regionale_regisseur"[^>]*checked', form.content.decode())

    provinces = rows(page, "province-team")
    assert provinces[overijssel.name] == ["1", "-"]
    assert all(
        cells == ["0", "Nog niemand: voeg iemand toe"]
        for name, cells in provinces.items()
        if name != overijssel.name
    )

    organisations = rows(page, "organisation-team")
    assert organisations["Met Aanbod"] == ["0", "Geen redacteur: voeg er een toe"]
    assert organisations["Met Redacteur"] == ["1", "-"]
    assert organisations["Redacteur Uit"] == ["0", "Geen redacteur: voeg er een toe"]
    assert "Zonder Alles" not in organisations
    # Without an editor first: nobody there keeps the offers up to date.
    assert list(organisations).index("Met Aanbod") < list(organisations).index("Met Redacteur")

    roleless = rows(page, "roleless")
    assert set(roleless) == {"Olga Oud", "nooit-een-rol"}
    with translation.override("nl"):
        today = dateformat.format(timezone.localtime(), "j F Y")
    assert roleless["Olga Oud"][:3] == ["olga@oud.example", "Nog niet ingelogd", today]
    assert roleless["nooit-een-rol"][2] == "Had nog nooit een rol"
    assert "Accounts zonder rol (2)" in page


def test_only_the_administrator_reaches_every_team(settings):
    region = make_region("regio-eigen", name="Regio Eigen")
    other = make_region("regio-ander", municipality_codes=["GM0758"], name="Regio Ander")
    organisation = make_organisation("eigen-org")
    overijssel = Municipality.objects.get(code="GM0193").province
    users = {
        "regisseur": make_user(Role.REGIONAL_DIRECTOR, region=region),
        "schakelteam": make_user(Role.SCHAKELTEAM_MEMBER, region=region),
        "redacteur": make_user(Role.PROVIDER_EDITOR, organisation=organisation),
        "provincie": make_user(Role.PROVINCE, province=overijssel),
        "analist": make_user(Role.NATIONAL_ANALYST),
        "zonder rol": make_user(),
    }
    roleless = make_user(username="zonder-rol-doel")
    for name, user in users.items():
        client = client_for(user)
        assert client.get("/account/teams/").status_code == 403, name
        refused = client.post("/account/teams/uitzetten/", {"account": roleless.pk})
        assert refused.status_code == 403, name
        assert 'href="/account/teams/"' not in client.get("/account/").content.decode(), name
    roleless.refresh_from_db()
    assert roleless.is_active

    director = client_for(users["regisseur"])
    assert director.get("/account/team/regio/regio-eigen/").status_code == 200
    assert director.get("/account/team/regio/regio-ander/").status_code == 403
    assert director.get("/account/team/regio/bestaat-niet/").status_code == 404
    assert (
        client_for(users["schakelteam"]).get("/account/team/regio/regio-eigen/").status_code == 403
    )
    anonymous = Client().get("/account/teams/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/inloggen/")

    beheer = client_for(administrator())
    menu = beheer.get("/account/").content.decode()
    assert re.search(r'<a class="utrecht-link" href="/account/teams/"[^>]*>Teams</a>', menu)
    assert 'href="/account/teams/">Teams en toegang</a>' in menu
    assert beheer.get(f"/account/team/regio/{other.slug}/").status_code == 200


def test_the_administrator_helps_in_a_team_from_its_own_page(settings):
    settings.SITE_URL = "http://testserver"
    region = make_region("regio-hulp", name="Regio Hulp")
    client = client_for(administrator())
    page = client.get("/account/team/regio/regio-hulp/").content.decode()
    assert "Team van Regio Hulp" in page and "Terug naar alle teams" in page
    assert 'href="/account/team/regio/regio-hulp/toevoegen/"' in page
    form = client.get("/account/team/regio/regio-hulp/toevoegen/").content.decode()
    assert 'href="/account/team/regio/regio-hulp/">Terug naar het team<' in form

    mail.outbox.clear()
    added = client.post(
        "/account/team/regio/regio-hulp/toevoegen/",
        {
            "first_name": "Rob",
            "last_name": "Regie",
            "email": "rob@hulp.example",
            "role": "regionale_regisseur",
        },
    )
    assert added.status_code == 302 and added["Location"] == "/account/team/regio/regio-hulp/"
    membership = Membership.objects.get(user__email="rob@hulp.example", region=region)
    assert membership.role == Role.REGIONAL_DIRECTOR
    assert "Bea Beheer (beheer-teams)" in mail.outbox[0].body

    # A reload of an action's address (a GET) leads to the team's page, nothing changed.
    reload = client.get(f"/account/team/lid/{membership.pk}/uitnodiging/", follow=True)
    assert reload.redirect_chain[-1][0] == "/account/team/regio/regio-hulp/"
    assert "Er is niets opgeslagen." in reload.content.decode()
    confirm = client.get(f"/account/team/lid/{membership.pk}/verwijderen/").content.decode()
    assert 'href="/account/team/regio/regio-hulp/">Nee, terug naar het team<' in confirm
    removed = client.post(f"/account/team/lid/{membership.pk}/verwijderen/")
    assert removed.status_code == 302 and removed["Location"] == "/account/team/regio/regio-hulp/"
    assert not Membership.objects.filter(pk=membership.pk).exists()

    # A director who runs the team goes back to Mijn team, as before.
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur-hulp")
    own = client_for(director).post(
        "/account/team/regio/regio-hulp/toevoegen/",
        {"first_name": "Sem", "last_name": "S", "email": "sem@hulp.example", "role": "schakelteam"},
    )
    assert own["Location"] == "/account/team/"


def test_an_account_without_a_role_is_switched_off_and_can_no_longer_log_in(settings):
    settings.SITE_URL = "http://testserver"
    region = make_region("regio-uit", name="Regio Uit")
    beheer = administrator()
    former = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="vertrokken")
    former.email = "vertrokken@regio.example"
    former.save()
    session = client_for(former)
    assert session.get("/account/").status_code == 200
    remove_team_member(actor=beheer, membership=former.memberships.get())

    client = client_for(beheer)
    # A GET (a reload) leads back to the list, where nothing changed.
    reload = client.get("/account/teams/uitzetten/")
    assert reload.status_code == 302 and reload["Location"] == "/account/teams/"
    mail.outbox.clear()
    done = client.post("/account/teams/uitzetten/", {"account": former.pk}, follow=True)
    page = done.content.decode()
    assert "Het account van vertrokken staat uit." in page
    assert "vertrokken" not in rows(page, "roleless")
    former.refresh_from_db()
    assert not former.is_active
    assert [m.to for m in mail.outbox] == [["vertrokken@regio.example"]]
    assert mail.outbox[0].subject == "Uw account bij Scharnier staat uit"
    assert "Bea Beheer (beheer-teams) uw account (vertrokken) uitgezet" in mail.outbox[0].body
    # The session that was open ends with it, and the password no longer lets in.
    assert session.get("/account/")["Location"].startswith("/inloggen/")
    again = Client().post(
        "/inloggen/", {"username": "vertrokken", "password": "Geheim-wachtwoord-123"}
    )
    assert again.status_code == 200 and "_auth_user_id" not in again.client.session

    # Someone with a role, access to the admin, or oneself: not switched off here.
    colleague = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="werkt-nog")
    superuser = make_user(username="super-uit")
    superuser.is_superuser = True
    superuser.save()
    staff = make_user(username="beheer-uit")
    staff.is_staff = True
    staff.save()
    mail.outbox.clear()
    for target, message in (
        (colleague, "Dit account heeft een rol."),
        (superuser, "Dit account heeft toegang tot het beheer. Zet het daar uit"),
        (staff, "Dit account heeft toegang tot het beheer. Zet het daar uit"),
        (beheer, "U kunt uw eigen account niet uitzetten."),
    ):
        refused = client.post("/account/teams/uitzetten/", {"account": target.pk}, follow=True)
        assert message in refused.content.decode()
        target.refresh_from_db()
        assert target.is_active
    assert not mail.outbox
    assert client.post("/account/teams/uitzetten/", {"account": 999999}).status_code == 404
    assert client.post("/account/teams/uitzetten/", {"account": "x"}).status_code == 404


def test_the_administrator_finds_an_organisation_by_name_or_without_editor():
    for number in range(30):
        make_offer(provider=make_organisation(f"bakker-{number:02}", name=f"Bakkerij {number:02}"))
    chamber = make_organisation("kvk", name="Kamer van Koophandel")
    make_user(Role.PROVIDER_EDITOR, organisation=chamber, username="redacteur-kvk-x")
    alone = make_organisation("alleen", name="Kamer zonder redacteur")
    make_offer(provider=alone)
    client = client_for(administrator())

    def shown(query: str) -> tuple[dict, str]:
        page = client.get(f"/account/teams/?{query}").content.decode()
        return rows(page, "organisation-team"), page

    # Part of the name, any case, with stray spaces: both chambers, nothing else.
    found, page = shown("organisatie=+kAMER++")
    assert set(found) == {"Kamer van Koophandel", "Kamer zonder redacteur"}
    assert "2 organisaties" in page
    assert 'value="kAMER"' in shown("organisatie=kAMER")[1]  # what was typed stays
    found, _ = shown("organisatie=kamer&zonder_redacteur=on")
    assert set(found) == {"Kamer zonder redacteur"}
    # 31 without an editor: the pages keep the filter.
    found, page = shown("zonder_redacteur=on")
    assert len(found) == 25 and "Kamer van Koophandel" not in found
    assert 'href="?zonder_redacteur=on&amp;pagina=2"' in page
    found, _ = shown("zonder_redacteur=on&pagina=2")
    assert len(found) == 6 and "Kamer van Koophandel" not in found
    # Nothing found says so; HTML in the name is refused in Dutch, the list stays whole.
    found, page = shown("organisatie=bestaat-niet")
    assert not found and "Geen organisatie gevonden. Pas het filter aan." in page
    found, page = shown("organisatie=%3Cb%3Ekamer%3C%2Fb%3E")
    assert "Er is iets niet goed ingevuld" in page
    assert len(found) == 25


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_teams_en_toegang_on_a_phone_and_a_desk(page, live_server, login, settings):
    settings.SITE_URL = live_server.url
    region = make_region("regio-overzicht", name="Regio Overzicht")
    make_region("regio-zonder", municipality_codes=["GM0758"], name="Regio Zonder")
    make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur-overzicht")
    for number in range(30):
        make_offer(
            provider=make_organisation(f"aanbieder-{number:02}", name=f"Aanbieder {number:02}")
        )
    former = make_user(username="oud-lid")
    former.first_name, former.last_name, former.email = (
        "Oscar",
        "Oud",
        "oscar.oud@een-heel-lange-organisatienaam.example",
    )
    former.save()
    beheer = administrator()
    page.set_viewport_size({"width": 390, "height": 800})
    login(beheer)
    page.goto(f"{live_server.url}/account/teams/")
    page.get_by_role("heading", name="Teams en toegang", level=1).wait_for()
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Volgende pagina").click()
    page.get_by_role("heading", name="Organisaties").wait_for()
    assert "Aanbieder 29" in page.locator("main").inner_text()
    page.get_by_label("Naam van de organisatie").fill("aanbieder 1")
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("heading", name="Organisaties").wait_for()
    names = page.get_by_test_id("organisation-team").locator("td").first
    assert names.inner_text() == "Aanbieder 10"
    assert page.get_by_test_id("organisation-team").count() == 10
    assert page.get_by_label("Naam van de organisatie").input_value() == "aanbieder 1"
    assert_accessible_and_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)
    work_menu = page.locator("nav").filter(has_text="Mijn werk").get_by_role("link")
    tops = {round(box["y"]) for box in (link.bounding_box() for link in work_menu.all()) if box}
    assert len(tops) == 1, "the administrator's work menu stays on one line at 1280 px"
    page.get_by_role("button", name="Zet het account van Oscar Oud uit").click()
    page.get_by_text("Het account van Oscar Oud staat uit.").wait_for()
    assert_accessible_and_fits(page)
    former.refresh_from_db()
    assert not former.is_active
    page.get_by_role("link", name="Regio Zonder").click()
    page.get_by_role("heading", name="Team van Regio Zonder").wait_for()
    assert_accessible_and_fits(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert_accessible_and_fits(page)
