"""Sending a plan to the schakelteam: what the form asks, and how it says what is missing."""

import pytest

from scharnier.casework.models import Question
from scharnier.geography.models import Municipality
from scharnier.matching import scan, services
from scharnier.matching.queries import Profile

pytestmark = pytest.mark.django_db

THEME_QUESTIONS = [q["code"] for q in scan.framework()["theme_questions"]]


@pytest.fixture
def plan(small_catalog):
    zwolle, _offers = small_catalog
    answers = {scan.DIRECTION_QUESTION: "groeien", **{code: 1 for code in THEME_QUESTIONS}}
    return services.create_plan(
        profile=Profile(municipality=zwolle, employees=8, company_age_years=10), answers=answers
    )


def _summary(page: str) -> str:
    start = page.index('class="utrecht-alert')
    return page[start : page.index("</div>", start)]


def test_a_mistyped_address_gets_one_message_and_consent_a_short_name(client, plan):
    url = f"/plan/{plan.token}/doorsturen/"
    page = client.post(url, {"email": "fatima@", "naam": "Fatima"}).content.decode()
    summary = _summary(page)
    assert "Uw e-mailadres: Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl." in summary
    # Not also "fill in an address or a phone number": that would contradict the first.
    assert "Vul een e-mailadres of telefoonnummer in" not in page
    # The consent is named briefly in the summary, not by its three lines of text.
    assert "Toestemming: Geef toestemming, anders kunnen we uw plan niet doorsturen." in summary
    assert "Ik geef toestemming om mijn vraag" not in summary
    assert 'value="Fatima"' in page and 'value="fatima@"' in page
    assert not Question.objects.exists()


def test_the_name_is_optional_as_on_the_question_form(client, plan):
    url = f"/plan/{plan.token}/doorsturen/"
    page = client.get(url).content.decode()
    name_label = page[page.index('for="id_naam"') :][:200]
    assert "niet verplicht" in name_label
    response = client.post(url, {"email": "fatima@example.org", "toestemming": "on"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.contact_name == "" and question.email == "fatima@example.org"


def test_the_confirmation_names_the_reference_and_the_status_mail(client, plan):
    """The plan becomes a question in the inbox; the entrepreneur read only "verstuurd", not the
    reference the e-mail and the status page use."""
    url = f"/plan/{plan.token}/doorsturen/"
    page = client.post(
        url, {"email": "fatima@example.org", "toestemming": "on"}, follow=True
    ).content.decode()
    reference = Question.objects.get().reference
    assert f"Uw referentie is {reference}." in page
    assert "U krijgt een e-mail met een link." in page
    by_phone = client.post(
        url, {"telefoon": "038 123 45 67", "toestemming": "on"}, follow=True
    ).content.decode()
    assert "Uw referentie is" in by_phone and "U krijgt een e-mail" not in by_phone


def test_a_plan_from_outside_the_regions_names_the_national_team(client, small_catalog):
    amsterdam = Municipality.objects.get(code="GM0363")
    answers = {scan.DIRECTION_QUESTION: "groeien", **{code: 1 for code in THEME_QUESTIONS}}
    plan = services.create_plan(
        profile=Profile(municipality=amsterdam, employees=8, company_age_years=10),
        answers=answers,
    )
    page = client.get(f"/plan/{plan.token}/").content.decode()
    assert "Een landelijk team kan met u meedenken." in page
    assert "Het schakelteam van uw regio" not in page
    form = client.get(f"/plan/{plan.token}/doorsturen/").content.decode()
    assert "Een landelijk team krijgt uw plan" in form
