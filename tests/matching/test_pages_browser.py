"""The entrepreneur pages in a real browser: question, toekomstscan, plan, hand-over; WCAG AA."""

import re

import pytest

from scharnier.casework.models import ConsentPurpose, Door, Question
from scharnier.matching.models import Plan, PlanHandover, ScanQuestionAdaptation
from tests.browser import assert_accessible

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]


def test_question_page_shows_needs_explained_results_and_groups(small_catalog, live_server, page):
    zwolle, offers = small_catalog
    page.goto(f"{live_server.url}/vraag/")
    assert_accessible(page)
    page.get_by_label("Wat is uw vraag?").fill("Mijn energierekening is verdubbeld")
    page.get_by_label("In welke gemeente zit uw bedrijf?").select_option("GM0193")
    page.get_by_label("Hoeveel mensen werken er in uw bedrijf?").fill("8")
    page.get_by_label("Hoeveel jaar bestaat uw bedrijf?").fill("12")
    page.get_by_role("button", name="Zoek hulp").click()
    results = page.locator("ol.match-list")
    results.wait_for()
    text = results.inner_text()
    # The front door has its own place beside the offers that fit, not the first place.
    entry = page.get_by_role("region", name="Uw aanspreekpunt in de regio")
    # The hub's own programme does not fit an energy question (its theme is strategy), so the
    # box offers the hub as the place for every question, without claiming that it fits; the
    # heading says what the box is, so the card's own badge is not repeated inside it.
    assert "Past bij uw vraag over" not in entry.inner_text()
    assert f"{offers['hub'].provider.name} is het loket voor ondernemers" in entry.inner_text()
    assert "Uw eerste aanspreekpunt in de regio" not in entry.inner_text()
    assert offers["hub"].title in entry.inner_text() and offers["hub"].title not in text
    # First the front door, then the offers that fit.
    assert page.locator("main .match-list").first.inner_text() == entry.locator("ul").inner_text()
    assert offers["energy"].title in text
    assert "Waarom dit past:" in text and "Volgende stap:" in text
    assert "Vergelijkbaar aanbod (1)" in text
    for key in ("breda", "expired", "large_only"):
        assert offers[key].title not in text
    assert_accessible(page)


def test_question_page_says_when_nothing_fits_and_offers_a_person(small_catalog, live_server, page):
    page.goto(
        f"{live_server.url}/vraag/?vraag=mijn+kat+heeft+vlooien&gemeente=GM0193"
        "&medewerkers=3&leeftijd=6"
    )
    assert page.get_by_role("heading", name="We vonden geen aanbod dat goed past").is_visible()
    assert page.get_by_role("heading", name="Liever met iemand praten?").is_visible()
    assert_accessible(page)


def test_question_page_errors_are_dutch_and_linked(small_catalog, live_server, page):
    page.goto(f"{live_server.url}/vraag/?vraag=&gemeente=&medewerkers=veel&leeftijd=")
    alert = page.get_by_role("alert")
    assert "Schrijf uw vraag op." in alert.inner_text()
    assert "Vul een heel getal in, bijvoorbeeld 5." in alert.inner_text()
    assert_accessible(page)


def test_scan_to_printable_shareable_plan_and_consented_handover(small_catalog, live_server, page):
    zwolle, offers = small_catalog
    region = offers["hub"].regions.get()
    ScanQuestionAdaptation.objects.create(
        region=region, question_code="opvolging", text="Denkt u al na over wie uw zaak overneemt?"
    )
    page.goto(f"{live_server.url}/toekomstscan/")
    assert_accessible(page)
    page.get_by_label("In welke gemeente zit uw bedrijf?").select_option("GM0193")
    page.get_by_label("Hoeveel mensen werken er in uw bedrijf?").fill("8")
    page.get_by_label("Hoeveel jaar bestaat uw bedrijf?").fill("25")
    page.get_by_role("button", name="Naar de vragen").click()
    page.get_by_role("heading", name="Stap 2 van 2: uw plannen en zorgen").wait_for()
    # The region's own wording of the framework question.
    assert page.get_by_text("Denkt u al na over wie uw zaak overneemt?").is_visible()
    # Submitting incomplete answers: a Dutch error summary, nothing stored.
    page.get_by_role("button", name="Maak mijn plan").click()
    assert "Kies bij deze vraag een antwoord." in page.get_by_role("alert").inner_text()
    assert Plan.objects.count() == 0
    assert_accessible(page)
    page.get_by_label("Ik wil binnen een paar jaar stoppen").check()
    for group in page.locator("fieldset.choice-group").all()[1:]:
        group.locator("input[value='0']").check()
    page.locator("fieldset:has-text('energie te besparen') input[value='3']").check()
    page.get_by_role("button", name="Maak mijn plan").click()
    page.get_by_role("heading", name="Uw plan voor de toekomst").wait_for()
    plan = Plan.objects.get()
    assert re.search(rf"/plan/{re.escape(plan.token)}/$", page.url)
    assert len(plan.token) >= 20
    headings = page.locator(".plan-priority > h3").all_inner_texts()
    assert 3 <= len(headings) <= 5
    # Urgent energy first, then what "stoppen" asks for: the hand-over of the firm.
    assert headings[:2] == [
        "Hoe verlaag ik mijn energiekosten en maak ik mijn bedrijf duurzamer?",
        "Hoe bereid ik de overdracht van mijn bedrijf goed voor?",
    ]
    assert offers["succession"].title in page.locator(".plan-priorities").inner_text()
    assert_accessible(page)
    # Printable: navigation and share/hand-over blocks hidden on paper.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_text("Stuur mijn plan naar het schakelteam").is_visible()
    assert page.locator(".plan-priorities").is_visible()
    page.emulate_media(media="screen")
    # A guessed link shows nothing.
    assert page.goto(f"{live_server.url}/plan/{plan.token[:-1]}x/").status == 404
    # ... and says what to do about a plan (a plan has no status link).
    assert "Doe de toekomstscan dan opnieuw" in page.content()
    assert "statuslink" not in page.content()
    # Hand-over only with consent.
    page.goto(f"{live_server.url}/plan/{plan.token}/doorsturen/")
    assert_accessible(page)
    # E-mail or phone is required, so neither label calls itself optional.
    labels = page.locator("form label").all_inner_texts()
    assert "Uw e-mailadres" in labels and "Uw telefoonnummer" in labels
    assert "Eén van de twee is genoeg" in page.locator("form").inner_text()
    page.get_by_label("Uw naam").fill("Fatima de Vries")
    page.get_by_label("Uw e-mailadres").fill("fatima@example.nl")
    page.get_by_role("button", name="Verstuur mijn plan").click()
    assert "Geef toestemming" in page.get_by_role("alert").inner_text()
    assert PlanHandover.objects.count() == 0
    page.get_by_label(re.compile("Ik geef toestemming")).check()
    page.get_by_role("button", name="Verstuur mijn plan").click()
    page.get_by_text("Uw plan is verstuurd naar het schakelteam").wait_for()
    handover = PlanHandover.objects.get()
    assert handover.region == region and handover.plan == plan
    # The plan landed in the region's casework inbox as a scan question, with its consent.
    question = Question.objects.get(reference=handover.question_reference)
    assert question.door == Door.SCAN and question.region == region
    assert question.plan_reference == plan.token
    assert list(question.consents.values_list("purpose", flat=True)) == [ConsentPurpose.HANDLING]
    assert plan.priorities[0]["question"] in question.text
