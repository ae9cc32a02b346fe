"""Real browser with axe-core at 1280 and 390 px: story gallery and story (with consent), story
form (with errors), self-assessment, visitation, province page."""

import pytest

from scharnier.learning import services
from tests.browser import assert_accessible_and_fits
from tests.learning.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_story_gallery_consent_and_form(page, live_server, login, width):
    world = build_world()
    story = world.stories["region_draft"]
    token = services.request_consent(actor=world.users["schakel_a"], story=story)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/verhalen/toestemming/{token}/")
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Ja, ik geef toestemming").click()
    assert "Uw verhaal staat nu op de website" in page.content()
    page.goto(f"{live_server.url}/verhalen/")
    assert_accessible_and_fits(page)
    page.get_by_label("Regio").select_option(label="Regio A")
    page.get_by_role("button", name="Toon", exact=True).click()
    page.get_by_role("link", name=story.title).click()
    assert page.locator("h1").inner_text() == story.title
    assert_accessible_and_fits(page)
    login(world.users["aanbieder_owner"])
    page.goto(f"{live_server.url}/verhalen/nieuw/")
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Concept opslaan").click()
    assert page.get_by_role("alert").count() == 1
    assert "Fout:" in page.title()
    assert_accessible_and_fits(page)
    page.get_by_label("Titel van het verhaal").fill("Samen een laadplein")
    page.get_by_label("Over wie gaat het verhaal?").fill("Karel, transportbedrijf")
    page.get_by_label("Wat was de vraag van de ondernemer?").fill("Hoe laden wij onze busjes?")
    page.get_by_label("Wie hielp de ondernemer?").fill("RVO en de gemeente.")
    page.get_by_label("Wat is er veranderd?").fill("Vijf bedrijven delen nu een laadplein.")
    # A provider editor works for every region: the region is chosen, never preset.
    page.get_by_label("Regio", exact=True).select_option(label="Regio A")
    page.get_by_role("button", name="Concept opslaan").click()
    assert page.locator("h1").inner_text() == "Samen een laadplein"
    assert "Dit verhaal is niet openbaar" in page.content()
    assert_accessible_and_fits(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_self_assessment_and_visitation(page, live_server, login, width):
    world = build_world()
    page.set_viewport_size({"width": width, "height": 900})
    login(world.users["regisseur_a"])
    page.goto(f"{live_server.url}/zelfanalyse/regio-a/")
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Nieuwe ronde beginnen").click()
    assert "Zelfanalyse Regio A: eerste ronde" in page.locator("h1").inner_text()
    assert "actieve community" in page.content()
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Opslaan en vaststellen").click()
    assert page.get_by_role("alert").count() == 1
    assert_accessible_and_fits(page)
    page.goto(f"{live_server.url}/visitaties/{world.visitation.public_id}/")
    assert_accessible_and_fits(page)
    page.get_by_label("Actie", exact=True).fill("Resultaten vastleggen bij elke doorverwijzing")
    page.get_by_label("Wie is eigenaar?").fill("Schakelteam Regio A")
    page.get_by_label("Klaar op").fill("2027-03-01")
    page.get_by_role("button", name="Actie toevoegen").click()
    assert "Resultaten vastleggen bij elke doorverwijzing" in page.content()
    assert_accessible_and_fits(page)
    page.goto(f"{live_server.url}/visitaties/nieuw/")
    assert_accessible_and_fits(page)
    page.goto(f"{live_server.url}/regio/regio-a/")
    assert "Bezoek van andere regio" in page.content()
    assert "0 acties klaar, 1 actie open" in page.content()


@pytest.mark.parametrize("width", WIDTHS)
def test_province_page(page, live_server, login, width):
    world = build_world()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/provincie/overijssel/")
    assert page.locator("h1").inner_text() == "Provincie Overijssel"
    assert "Regio A" in page.content()
    assert "Alleen voor de regio en de provincie" in page.content()
    assert_accessible_and_fits(page)
    login(world.users["provincie_a"])
    page.goto(f"{live_server.url}/provincie/overijssel/")
    assert "Alleen voor de regio en de provincie" not in page.content()
    assert_accessible_and_fits(page)
