"""Real browser (Debian chromium, Playwright) walks and axe-core WCAG 2.1 AA on the main pages."""

import datetime
import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from scharnier.catalog.models import Offer, OfferType, ScopeLevel, Theme
from scharnier.geography.models import Province
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import OrganisationKind, RegionalRoleKind, Role
from tests.browser import assert_accessible
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def build_catalog() -> dict:
    # One transaction: subscribers of offers_changed (e.g. matching features) then run once.
    with transaction.atomic():
        return _build_catalog()


def _build_catalog() -> dict:
    region = make_region(
        "regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193", "GM0166"]
    )
    provider = make_organisation(
        "ondernemershuis", name="Ondernemershuis Zwolle", kvk_number="12345678"
    )
    kvk = make_organisation("kvk", name="KvK", kind=OrganisationKind.UITVOERINGSORGANISATIE)
    organisation_services.set_regional_role(
        region=region, organisation=provider, role=RegionalRoleKind.LEAD, note="Trekt de aanpak"
    )
    organisation_services.set_regional_role(
        region=region, organisation=kvk, role=RegionalRoleKind.CORE_PARTNER
    )
    energy = make_offer(
        provider=provider,
        title="Energiescan voor ondernemers",
        summary="Een adviseur kijkt hoe u energie bespaart.",
        description="Eerste regel.\n\nTweede alinea.",
        themes=[Theme.objects.get(code="verduurzaming")],
        offer_type=OfferType.objects.get(code="scan"),
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV23")],
        cost_eur=0,
        valid_until=datetime.date.today() + datetime.timedelta(days=300),
        url="https://example.org/energiescan",
        contact_email="info@example.org",
        last_verified_on=datetime.date.today(),
    )
    make_offer(
        provider=kvk,
        title="Energie besparen in de winkel",
        summary="Tips voor winkeliers.",
        themes=[Theme.objects.get(code="verduurzaming"), Theme.objects.get(code="marketing")],
    )
    for number in range(22):
        make_offer(provider=kvk, title=f"Webinar digitaal ondernemen {number:02d}")
    return {"region": region, "provider": provider, "energy": energy}


def test_every_main_public_page_is_accessible(page, live_server):
    data = build_catalog()
    offer = data["energy"]
    urls = [
        "/",
        "/aanbod/",  # with results and pagination
        "/aanbod/?q=onvindbaarwoord",  # empty state
        "/aanbod/?thema=bestaat-niet",  # bad filter
        f"/aanbod/{offer.public_id}/",
        "/regio/",
        "/regio/regio-zwolle/",
        "/organisaties/",
        "/organisaties/ondernemershuis/",
        "/gemeente/GM0193/",
        "/inloggen/",
    ]
    for url in urls:
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(live_server.url + "/aanbod/?thema=bestaat-niet")
    expect(page.get_by_role("alert")).to_contain_text("Het thema 'bestaat-niet' bestaat niet")


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_search_filter_and_open_offer_without_javascript(page_without_javascript, live_server):
    """The whole walk works with JavaScript switched off (server-rendered forms and links)."""
    page = page_without_javascript
    build_catalog()
    page.goto(live_server.url + "/")
    page.get_by_label("Waar zoekt u hulp bij?").fill("energie")
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/aanbod/\?q=energie"))
    expect(page.locator(".result-count")).to_contain_text("2 resultaten")

    # Narrow down: only offers available in Zwolle of the type 'scan'.
    page.get_by_label("Beschikbaar in mijn gemeente").select_option(label="Zwolle")
    page.get_by_role("group", name="Soort aanbod").get_by_label("Scan of tool").check()
    page.get_by_role("button", name="Toon", exact=True).click()
    expect(page.locator(".result-count")).to_contain_text("1 resultaat")
    expect(page.get_by_label("Beschikbaar in mijn gemeente")).to_have_value("GM0193")

    page.get_by_role("link", name="Energiescan voor ondernemers").click()
    expect(page.locator("h1")).to_have_text("Energiescan voor ondernemers")
    expect(page.locator(".offer-data").first).to_contain_text("Ondernemershuis Zwolle")
    expect(page.get_by_text("Gratis")).to_be_visible()
    page.get_by_role("link", name="Ondernemershuis Zwolle").click()
    expect(page.locator("h1")).to_have_text("Ondernemershuis Zwolle")

    # Pagination keeps the search words.
    page.goto(live_server.url + "/aanbod/?q=Webinar")
    expect(page.locator(".result-count")).to_contain_text("22 resultaten, pagina 1 van 2")
    page.get_by_role("link", name="Volgende pagina").click()
    expect(page).to_have_url(re.compile(r"q=Webinar&pagina=2"))
    expect(page.locator(".offer-card")).to_have_count(2)


def test_editor_creates_and_edits_an_offer(page, live_server, login):
    data = build_catalog()
    editor = make_user(Role.PROVIDER_EDITOR, organisation=data["provider"], username="redacteur")
    login(editor)
    expect(page.locator("h1")).to_have_text("Mijn aanbod")
    assert_accessible(page)

    page.get_by_role("link", name="Nieuw aanbod toevoegen").click()
    page.get_by_label("Titel", exact=True).fill("Scan digitale veiligheid")
    page.get_by_label("Samenvatting").fill("Weet in een uur hoe veilig uw bedrijf online is.")
    page.get_by_label("Soort aanbod").select_option(label="Scan of tool")
    page.get_by_role("group", name="Thema's").get_by_label("Digitalisering").check()
    page.get_by_role("group", name="Klantreisfasen").get_by_label("Weten").check()
    page.get_by_label("Geldig vanaf").fill("2026-06-01")
    page.get_by_label("Geldig tot en met").fill("2026-01-01")
    page.get_by_label("Kosten voor de ondernemer (euro)").fill("1.250,50")
    page.get_by_role("button", name="Opslaan").click()

    # The error summary names the problem and links to the field; typed values stay.
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("De einddatum ligt voor de begindatum.")
    expect(page).to_have_title(re.compile("^Fout:"))
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Scan digitale veiligheid")
    expect(page.get_by_label("Kosten voor de ondernemer (euro)")).to_have_value("1.250,50")
    expect(page.get_by_label("Geldig tot en met")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Geldig tot en met")).to_be_focused()
    assert Offer.objects.filter(title="Scan digitale veiligheid").count() == 0

    page.get_by_label("Geldig tot en met").fill("2026-12-31")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h1")).to_have_text("Scan digitale veiligheid")
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    offer = Offer.objects.get(title="Scan digitale veiligheid")
    assert offer.provider == data["provider"] and str(offer.cost_eur) == "1250.50"

    page.get_by_role("link", name="Aanbod bewerken").click()
    assert_accessible(page)
    page.get_by_label("Titel", exact=True).fill("Scan digitale veiligheid (nieuw)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h1")).to_have_text("Scan digitale veiligheid (nieuw)")
    history = page.get_by_role("table", name="Wie heeft wat gewijzigd, en wanneer")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history).to_contain_text("redacteur")
    assert_accessible(page)

    page.get_by_role("link", name="Archiveren").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, archiveren").click()
    expect(page.get_by_role("status")).to_contain_text("gearchiveerd")
    offer.refresh_from_db()
    assert offer.is_archived

    page.goto(live_server.url + "/beheer/aanbod/importeren/")
    expect(page.locator("h1")).to_have_text("Aanbod importeren")
    assert_accessible(page)
    bad_file = (
        b"kenmerk;titel;samenvatting;soort;themas;fasen\n"
        b"X-1;Spreekuur;Vragen stellen.;advies;ruimtevaart;weten\n"
    )
    page.get_by_label("Bestand met aanbod").set_input_files(
        files=[{"name": "aanbod.csv", "mimeType": "text/csv", "buffer": bad_file}]
    )
    page.get_by_role("button", name="Bestand controleren").click()
    problems = page.get_by_role("table", name="Problemen in het bestand")
    expect(problems).to_contain_text("ruimtevaart")
    assert_accessible(page)
    assert not Offer.objects.filter(external_id="X-1").exists()
