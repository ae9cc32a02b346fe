"""Real browser: matrix -> cluster -> decision, and the consistency test, with axe-core."""

import pytest

from scharnier.catalog.models import JourneyPhase, OfferType, Theme
from scharnier.landscape import services
from scharnier.landscape.models import OverlapDecision
from scharnier.organisations.models import Role
from tests.browser import assert_accessible
from tests.factories import make_offer, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


@pytest.fixture
def analysed_catalog():
    common = dict(
        offer_type=OfferType.objects.get(code="advies"),
        themes=list(Theme.objects.filter(code="bedrijfsopvolging")),
        journey_phases=list(JourneyPhase.objects.filter(code="willen")),
    )
    make_offer(
        title="Begeleiding bedrijfsoverdracht",
        summary="Een coach helpt u uw bedrijf klaar te maken voor een nieuwe eigenaar.",
        **common,
    )
    make_offer(
        title="Advies opvolging voor stoppende ondernemers",
        summary="Een adviseur bereidt met u de verkoop of overdracht van uw bedrijf voor.",
        **common,
    )
    services.run_overlap_analysis()


def test_matrix_to_cluster_to_decision(page, live_server, login, analysed_catalog):
    analyst = make_user(Role.NATIONAL_ANALYST)
    login(analyst)
    page.goto(f"{live_server.url}/stelsel/")
    assert "Aanbod en witte vlekken" in page.locator("h1").inner_text()
    assert page.get_by_role("table", name="Aantal vormen van aanbod per thema").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="2 vormen van aanbod voor Bedrijfsopvolging, Willen").click()
    assert "Begeleiding bedrijfsoverdracht" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Overlap", exact=True).click()
    assert page.locator("h1").inner_text() == "Overlap in het aanbod"
    assert_accessible(page)
    # The filters, as an analyst uses them on a phone: the choice is kept, nothing scrolls
    # sideways, and a choice without clusters says what to do.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("Thema").select_option(label="Financiering")
    page.get_by_label("Besluit").select_option(label="Nog niet beoordeeld")
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_label("Thema").input_value() == "financiering"
    assert page.get_by_text("Geen clusters bij deze keuze.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.get_by_label("Thema").select_option(label="Bedrijfsopvolging")
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("heading", name="1 cluster past bij uw keuze").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Cluster").first.click()
    assert "Bewijs per paar" in page.content()
    assert_accessible(page)

    page.get_by_label("Samenvoegen").check()
    page.get_by_label("Toelichting (niet verplicht)").fill("Eén regeling bij de KvK.")
    page.get_by_role("button", name="Besluit opslaan").click()
    assert page.get_by_text("Uw besluit is opgeslagen.").is_visible()
    assert "Eén regeling bij de KvK." in page.content()
    assert_accessible(page)
    assert OverlapDecision.objects.get().decided_by_id == analyst.pk


def test_consistency_check_pages(page, live_server, analysed_catalog):
    page.goto(f"{live_server.url}/stelsel/toets/")
    assert_accessible(page)
    page.get_by_role("button", name="Toets de regeling").click()
    assert page.get_by_text("Kies minstens één thema.").count() >= 1
    # Nothing was chosen beforehand: soort and gebied are asked, not assumed.
    assert page.get_by_text("Kies een soort aanbod uit de lijst.").count() == 2
    assert page.get_by_text("Kies voor welk gebied de regeling is.").count() == 2
    assert_accessible(page)
    page.get_by_label("Naam van de regeling").fill("Overdrachtscoach")
    page.get_by_label("Korte beschrijving").fill(
        "Een coach helpt ondernemers die willen stoppen hun bedrijf over te dragen."
    )
    page.get_by_label("Soort aanbod").select_option("begeleiding")
    page.get_by_label("Bedrijfsopvolging").check()
    page.get_by_label("Willen", exact=True).check()
    page.get_by_label("Landelijk").check()
    page.get_by_role("button", name="Toets de regeling").click()
    assert "Uitkomst consistentietoets" in page.locator("h1").inner_text()
    assert "Begeleiding bedrijfsoverdracht" in page.content()
    # Each hit says why it counts, in words, with the theme's name (issue 12).
    row = page.get_by_role("row").filter(has_text="Begeleiding bedrijfsoverdracht").first
    assert "Zelfde thema: Bedrijfsopvolging." in row.inner_text()
    # What the test does not count as the same help is one click away, in words.
    not_counted = page.locator("details.check-not-counted")
    assert not not_counted.locator("li").first.is_visible()
    not_counted.get_by_text("Wat telt niet als hetzelfde?").click()
    assert not_counted.get_by_text("Een informatiepagina naast persoonlijk advies").is_visible()
    assert_accessible(page)
    # On a wide screen the table fits beside the reasons; on a phone each hit is a card with
    # labelled values. Either way nothing needs scrolling sideways.
    table = page.locator("table.check-table")
    fits = "t => t.getBoundingClientRect().width <= t.parentElement.clientWidth"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert table.evaluate(fits)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert table.evaluate(fits)
    cell = table.locator("td[data-label='Waarom']").first
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"Waarom: "'
    # The reasons stay inside their card (a cell with a fixed height would let them spill over).
    assert cell.evaluate(
        "c => c.querySelector('ul').getBoundingClientRect().bottom"
        " <= c.closest('tr').getBoundingClientRect().bottom"
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/stelsel/opschoning/")
    assert_accessible(page)
