"""Partijen aan tafel: the regional director keeps the list of organisations at the region's
table on a page of its own (before: only in the admin, which a director cannot open)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from scharnier.organisations import services
from scharnier.organisations.models import (
    DirectingOrganisation,
    OrganisationKind,
    RegionalRole,
    Role,
)
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import ensure_reference_data, make_organisation, make_region, make_user

PAGE = "/regio/regio-zwolle/partijen/"


@pytest.fixture
def world(db):
    ensure_reference_data()
    zwolle = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    breda = make_region("regio-breda", municipality_codes=["GM0758"], name="Regio Breda")
    kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE, name="KvK")
    hub = make_organisation("ondernemerspunt", kind=OrganisationKind.HUB, name="Ondernemerspunt")
    users = {
        "regisseur": make_user(Role.REGIONAL_DIRECTOR, region=zwolle, username="regisseur"),
        "regisseur_breda": make_user(Role.REGIONAL_DIRECTOR, region=breda, username="breda"),
        "schakel": make_user(Role.SCHAKELTEAM_MEMBER, region=zwolle, username="schakel"),
        "redacteur": make_user(Role.PROVIDER_EDITOR, organisation=kvk, username="redacteur"),
        "analist": make_user(Role.NATIONAL_ANALYST, username="analist"),
        "beheerder": make_user(Role.ADMINISTRATOR, username="beheerder"),
    }
    return {"zwolle": zwolle, "breda": breda, "kvk": kvk, "hub": hub, "users": users}


def _client(world, name: str | None) -> Client:
    client = Client()
    if name:
        client.force_login(world["users"][name])
    return client


def test_only_the_regions_director_and_the_administrator_open_the_page(world):
    assert _client(world, None).get(PAGE).status_code == 302
    for name in ("regisseur_breda", "schakel", "redacteur", "analist"):
        assert _client(world, name).get(PAGE).status_code == 403, name
        # Nor can they post to it.
        posted = _client(world, name).post(
            PAGE, {"formulier": "rol", "organisation": world["kvk"].pk, "role": "kernpartner"}
        )
        assert posted.status_code == 403, name
    assert not RegionalRole.objects.exists()
    for name in ("regisseur", "beheerder"):
        assert _client(world, name).get(PAGE).status_code == 200, name

    # The region's page links to it, and to the schakelteam's term and closing days, for them
    # only (the administrator directs no region, so has no menu entry for the terms).
    links = (f'href="{PAGE}"', 'href="/regio/regio-zwolle/termijnen/"')
    for name in ("regisseur", "beheerder"):
        region_page = _client(world, name).get("/regio/regio-zwolle/").content.decode()
        assert all(link in region_page for link in links), name
        assert "Deze regio beheren" in region_page
    for name in ("schakel", None, "regisseur_breda", "analist"):
        region_page = _client(world, name).get("/regio/regio-zwolle/").content.decode()
        assert not any(link in region_page for link in links), name
        assert "Deze regio beheren" not in region_page


def test_the_director_adds_changes_and_removes_a_partner(world):
    client = _client(world, "regisseur")
    empty = client.get(PAGE).content.decode()
    assert 'data-testid="no-stakeholders"' in empty
    assert empty.count("Nee, ontbreekt") == 6  # no required partner at the table yet

    refused = client.post(PAGE, {"formulier": "rol", "organisation": "", "role": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Kies de organisatie die aan tafel zit." in body
    assert "Kies de rol van de organisatie." in body
    refused = client.post(
        PAGE,
        {
            "formulier": "rol",
            "organisation": world["kvk"].pk,
            "role": "kernpartner",
            "note": "<b>loket</b>",
        },
    )
    assert refused.status_code == 400
    assert 'value="&lt;b&gt;loket&lt;/b&gt;"' in refused.content.decode()
    assert not RegionalRole.objects.exists()
    unknown = client.post(PAGE, {"formulier": "rol", "organisation": "999999", "role": "baas"})
    body = unknown.content.decode()
    assert "Kies een organisatie uit de lijst." in body and "Kies een rol uit de lijst." in body

    saved = client.post(
        PAGE,
        {
            "formulier": "rol",
            "organisation": world["kvk"].pk,
            "role": "kernpartner",
            "note": "Loket voor starters",
        },
        follow=True,
    )
    body = saved.content.decode()
    assert "Opgeslagen: KvK is kernpartner in Regio Zwolle." in body
    assert body.count('data-testid="stakeholder"') == 1 and "Loket voor starters" in body
    assert body.count("Nee, ontbreekt") == 5  # KvK is there now

    # The same organisation again: its role changes, it is not listed twice.
    client.post(
        PAGE, {"formulier": "rol", "organisation": world["kvk"].pk, "role": "trekker", "note": ""}
    )
    (role,) = RegionalRole.objects.all()
    assert (role.organisation, role.region, role.role, role.note) == (
        world["kvk"],
        world["zwolle"],
        "trekker",
        "",
    )
    public = _client(world, None).get("/regio/regio-zwolle/").content.decode()
    assert "Trekker" in public and ">KvK</a>" in public

    # Another region's partner cannot be removed here; nonsense gets a 404, not an error page.
    RegionalRole.objects.create(organisation=world["hub"], region=world["breda"], role="trekker")
    for data in (
        {"formulier": "weghalen", "organisatie": world["hub"].pk},
        {"formulier": "weghalen", "organisatie": "abc"},
        {"formulier": "iets"},
    ):
        assert client.post(PAGE, data).status_code == 404, data
    # "Weghalen" asks first, naming what is lost; only the answer removes.
    client.post(
        PAGE,
        {"formulier": "rol", "organisation": world["kvk"].pk, "role": "trekker", "note": "Loket"},
    )
    asked = client.get(PAGE, {"weghalen": world["kvk"].pk})
    body = asked.content.decode()
    assert "KvK weghalen?" in body and 'De toelichting "Loket" gaat dan verloren.' in body
    assert "Ja, weghalen" in body and RegionalRole.objects.filter(region=world["zwolle"]).exists()
    for nonsense in (world["hub"].pk, "abc", ""):
        assert client.get(PAGE, {"weghalen": nonsense}).status_code == 404, nonsense
    assert "weghalen?" not in client.get(PAGE).content.decode()
    removed = client.post(
        PAGE, {"formulier": "weghalen", "organisatie": world["kvk"].pk}, follow=True
    )
    assert "KvK zit niet meer aan tafel in Regio Zwolle." in removed.content.decode()
    assert list(RegionalRole.objects.values_list("region__slug", flat=True)) == ["regio-breda"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
@pytest.mark.parametrize("width", [1280, 390])
def test_the_partners_page_on_a_desk_and_a_phone(page, live_server, login, width):
    ensure_reference_data()
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE, name="KvK")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur")
    page.set_viewport_size({"width": width, "height": 900})
    login(director)
    page.goto(f"{live_server.url}/regio/regio-zwolle/")
    page.get_by_role("link", name="Partijen aan tafel aanpassen").click()
    assert page.locator("h1").inner_text() == "Partijen aan tafel in Regio Zwolle"
    assert_accessible_and_fits(page)

    page.get_by_role("button", name="Opslaan").click()
    assert "Kies de organisatie die aan tafel zit." in page.locator("main").inner_text()
    assert_accessible_and_fits(page)

    page.get_by_label("Organisatie").select_option(label="KvK")
    page.get_by_label("Rol").select_option(label="Kernpartner")
    page.get_by_label("Toelichting").fill("Loket voor starters")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_test_id("stakeholder").count() == 1
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Weghalen KvK").click()
    assert page.get_by_role("heading", name="KvK weghalen?").is_visible()
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Nee, terug").click()
    assert page.get_by_test_id("stakeholder").count() == 1
    page.get_by_role("link", name="Weghalen KvK").click()
    page.get_by_role("button", name="Ja, weghalen").click()
    assert page.get_by_test_id("no-stakeholders").is_visible()


def test_a_node_that_reaches_entrepreneurs_counts_against_the_regions_firms(world):
    import html

    from scharnier.monitoring.queries import broad_sme_firms_by_municipality

    bank = make_organisation("bank", kind=OrganisationKind.PRIVAAT, name="Bank")
    client = _client(world, "regisseur")
    region_page = html.unescape(client.get("/regio/regio-zwolle/").content.decode())
    assert "Nog geen knooppunten." in region_page
    typed = {"formulier": "rol", "organisation": bank.pk, "role": "knooppunt"}
    for reach, message in (
        ("veel", "Vul een heel getal in"),
        ("2,5", "Vul een heel getal in"),
        ("3000000", "2000000"),
    ):
        refused = client.post(PAGE, {**typed, "reach_estimate": reach})
        assert refused.status_code == 400, reach
        page = html.unescape(refused.content.decode())
        assert message in page.replace(".", ""), (reach, page[page.find("error") : 400])
        assert f'value="{reach}"' in page
    assert not RegionalRole.objects.exists()
    assert client.post(PAGE, {**typed, "reach_estimate": "2500"}).status_code == 302
    role = RegionalRole.objects.get(organisation=bank)
    assert (role.role, role.reach_estimate) == ("knooppunt", 2500)
    firms = sum(broad_sme_firms_by_municipality(["GM0193"]).values())
    assert firms > 0
    region_page = html.unescape(client.get("/regio/regio-zwolle/").content.decode())
    assert (
        "1 knooppunt spreekt naar schatting 2.500 ondernemers per jaar. De regio telt ongeveer "
        f"{firms:,} bedrijven".replace(",", ".")
    ) in region_page
    assert "2.500 per jaar" in region_page
    # Without a figure a seat stays a seat: no reach is made up.
    client.post(PAGE, {**typed, "organisation": world["kvk"].pk, "role": "kernpartner"})
    assert RegionalRole.objects.get(organisation=world["kvk"]).reach_estimate is None


def test_the_parties_at_the_table_grant_the_regie_and_the_page_says_who_has_it(world):
    zwolle, kvk, hub = world["zwolle"], world["kvk"], world["hub"]
    director = world["users"]["regisseur"]
    team = world["users"]["schakel"]
    today = timezone.localdate()
    regie = {
        "formulier": "regie",
        "regie-organisation": kvk.pk,
        "regie-granted_on": (today - datetime.timedelta(days=30)).isoformat(),
        "regie-granted_by": "het regio-overleg van vorige maand",
        "regie-programme_manager": team.pk,
    }
    client = _client(world, "regisseur")
    assert "Zet eerst de organisaties aan tafel." in client.get(PAGE).content.decode()
    services.set_regional_role(region=zwolle, organisation=hub, role="trekker")
    # KvK is not at the table yet: the regie is granted by the parties at the table.
    answer = client.post(PAGE, regie)
    assert answer.status_code == 400
    assert "Kies een organisatie die aan tafel zit." in answer.content.decode()
    with pytest.raises(ValidationError):
        services.assign_directing_organisation(
            actor=director, region=zwolle, organisation=kvk, granted_on=today, granted_by="wij"
        )
    services.set_regional_role(region=zwolle, organisation=kvk, role="kernpartner")
    future = {**regie, "regie-granted_on": (today + datetime.timedelta(days=3)).isoformat()}
    answer = client.post(PAGE, future)
    assert answer.status_code == 400 and "in de toekomst" in answer.content.decode()
    assert 'value="het regio-overleg van vorige maand"' in answer.content.decode()
    outsider = {**regie, "regie-programme_manager": world["users"]["analist"].pk}
    assert "Kies iemand uit het team van de regio." in client.post(PAGE, outsider).content.decode()
    assert not DirectingOrganisation.objects.exists()

    answer = client.post(PAGE, regie, follow=True)
    assert "Opgeslagen: KvK heeft de regie in Regio Zwolle." in answer.content.decode()
    directing = DirectingOrganisation.objects.get(region=zwolle)
    assert (directing.organisation, directing.programme_manager) == (kvk, team)
    # Everyone reads who has the regie; only staff who logged in read the manager's name.
    public = _client(world, None).get("/regio/regio-zwolle/").content.decode()
    assert "Regie: KvK, gegund op" in public and "Programmamanager" not in public
    staff = _client(world, "analist").get("/regio/regio-zwolle/").content.decode()
    assert "Programmamanager: " in staff

    # Another region's director cannot grant it; the service says the same.
    assert _client(world, "regisseur_breda").post(PAGE, regie).status_code == 403
    with pytest.raises(PermissionDenied):
        services.assign_directing_organisation(
            actor=world["users"]["regisseur_breda"],
            region=zwolle,
            organisation=hub,
            granted_on=today,
            granted_by="wij",
        )
    with pytest.raises(ValidationError):
        services.assign_directing_organisation(
            actor=director, region=zwolle, organisation=hub, granted_on=today, granted_by=" "
        )
    # Who leaves the table leaves the regie too.
    services.remove_regional_role(actor=director, region=zwolle, organisation=kvk)
    assert not DirectingOrganisation.objects.exists()
    assert "nog niet vastgelegd wie de regie heeft" in (
        _client(world, "regisseur").get("/regio/regio-zwolle/").content.decode()
    )
