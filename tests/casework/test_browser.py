"""The whole 'no wrong door' path in a real browser, with axe-core on every page involved:
entrepreneur submits -> schakelteam refers -> provider accepts and closes -> feedback."""

import re

import pytest
from playwright.sync_api import expect

from scharnier.casework.models import Question
from scharnier.organisations.models import Role
from tests.browser import assert_accessible, login
from tests.casework.conftest import ensure_reference_data
from tests.factories import make_organisation, make_region, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]


def _login(page, base: str, user) -> None:
    login(page, base, user.username, "Geheim-wachtwoord-123")


def test_no_wrong_door_end_to_end(browser, live_server):
    base = live_server.url
    ensure_reference_data()
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    provider = make_organisation("energieloket", name="Energieloket Overijssel")
    staff = make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="schakel")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=provider, username="loket")

    def new_page():
        page = browser.new_context(locale="nl-NL").new_page()
        page.set_default_timeout(15000)
        return page

    entrepreneur = new_page()
    # The embeddable form is accessible too.
    entrepreneur.goto(f"{base}/hulpvraag/insluiten/")
    assert_accessible(entrepreneur)

    # 1. The entrepreneur asks; a missing consent is explained first.
    entrepreneur.goto(f"{base}/hulpvraag/")
    assert_accessible(entrepreneur)
    entrepreneur.get_by_label("Uw vraag").fill("Hoe maak ik mijn bakkerij energiezuiniger?")
    entrepreneur.get_by_label("Gemeente van uw bedrijf").select_option(label="Zwolle")
    entrepreneur.get_by_label("Uw naam").fill("Fatima de Vries")
    entrepreneur.get_by_label("E-mailadres").fill("fatima@bakkerij.example")
    entrepreneur.get_by_role("button", name="Vraag versturen").click()
    # Named at the field and linked from the error summary at the top.
    field_error = entrepreneur.locator(".utrecht-form-field-error-message")
    assert field_error.get_by_text("Zonder uw toestemming").is_visible()
    summary = entrepreneur.locator(".error-summary")
    assert summary.get_by_role("link", name="Zonder uw toestemming").is_visible()
    assert_accessible(entrepreneur)
    entrepreneur.get_by_label("Ik geef toestemming").check()
    entrepreneur.get_by_label("Ik wil na afloop").check()
    entrepreneur.get_by_role("button", name="Vraag versturen").click()
    entrepreneur.wait_for_url(re.compile(r".*/hulpvraag/status/.+"))
    status_url = entrepreneur.url
    question = Question.objects.get(email="fatima@bakkerij.example")
    assert question.reference in entrepreneur.locator("h1").inner_text()
    assert_accessible(entrepreneur)

    # 2. The schakelteam triages and refers with a warm handover.
    team = new_page()
    _login(team, base, staff)
    team.goto(f"{base}/schakelteam/vragen/")
    assert_accessible(team)
    # On a phone the reference stays on one line, and the table shows that it scrolls.
    team.set_viewport_size({"width": 390, "height": 844})
    link = team.get_by_role("link", name=question.reference)
    line = link.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert link.bounding_box()["height"] < 1.5 * line
    region = team.locator(".table-scroll").first
    assert "gradient" in region.evaluate("e => getComputedStyle(e).backgroundImage")
    team.set_viewport_size({"width": 1280, "height": 900})
    team.get_by_role("link", name=question.reference).click()
    assert "Hoe maak ik mijn bakkerij" in team.get_by_test_id("question-text").inner_text()
    assert_accessible(team)
    team.get_by_role("group", name="Thema's", exact=True).get_by_label("Verduurzaming").check()
    team.get_by_role("button", name="Beoordeling opslaan").click()
    # Sent without a provider: the page opens at the form, its error in view.
    team.get_by_role("button", name="Doorverwijzen", exact=True).click()
    assert team.url.endswith("#doorverwijzen")
    expect(team.get_by_role("alert").filter(has_text="Kies een aanbieder")).to_be_in_viewport()
    team.get_by_label("Aanbieder", exact=True).select_option(label="Energieloket Overijssel")
    team.get_by_label("Overdrachtsbericht voor de aanbieder").fill(
        "Bakkerij, 12 fte, wil ovens vervangen."
    )
    team.get_by_role("button", name="Doorverwijzen", exact=True).click()
    assert team.get_by_test_id("status").inner_text() == "Doorverwezen"
    assert_accessible(team)
    team.goto(f"{base}/schakelteam/vragen/nieuw/")
    assert_accessible(team)
    team.goto(f"{base}/schakelteam/tevredenheid/")
    assert_accessible(team)

    # 3. The provider accepts, records contact and closes with a result.
    loket = new_page()
    _login(loket, base, editor)
    loket.goto(f"{base}/aanbieder/doorverwijzingen/")
    assert_accessible(loket)
    loket.get_by_role("link", name=question.reference).click()
    assert "ovens vervangen" in loket.content()
    assert_accessible(loket)
    loket.get_by_role("button", name="Accepteren").click()
    assert loket.get_by_test_id("status").inner_text() == "Geaccepteerd"
    loket.get_by_role("button", name="Contact gehad met de ondernemer").click()
    loket.get_by_label("Wat is het resultaat?").fill("Energiescan gedaan, subsidie aangevraagd.")
    loket.get_by_role("button", name="Afronden").click()
    assert loket.get_by_test_id("status").inner_text() == "Afgerond"
    assert_accessible(loket)

    # 4. The entrepreneur sees the question closed and gives feedback.
    entrepreneur.goto(status_url)
    assert entrepreneur.get_by_test_id("status").inner_text() == "Afgerond"
    assert_accessible(entrepreneur)
    entrepreneur.get_by_label("9", exact=True).check()
    entrepreneur.get_by_label("Toelichting").fill("Snel geholpen.")
    entrepreneur.get_by_role("button", name="Verstuur mijn mening").click()
    assert entrepreneur.get_by_text("U gaf een 9").is_visible()
    assert_accessible(entrepreneur)
    entrepreneur.get_by_role("link", name="Verwijder mijn gegevens").click()
    assert_accessible(entrepreneur)
    question.refresh_from_db()
    assert question.feedback.score == 9 and question.outcome == "geholpen"
