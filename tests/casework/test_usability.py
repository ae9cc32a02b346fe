"""Findings of the usability walk-through: what the entrepreneur reads on the status page and the
confirmation, a confirmation step before withdrawing a referral, the provider's referral list,
and a house-style message for a too long question."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from scharnier.casework import services
from scharnier.casework.models import Question, ReferralStatus
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import Role
from tests.casework.conftest import MUNICIPALITY_NONE, question_form

pytestmark = pytest.mark.django_db

DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _block(html: str, testid: str) -> str:
    """The element with this data-testid (up to its closing tag), or '' when absent."""
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(ol|ul|p|dd)>', html, re.S)
    return match.group(1) if match else ""


def _status_page(world, name: str = "a") -> str:
    response = Client().get(f"/hulpvraag/status/{world.tokens[name]}/")
    assert response.status_code == 200
    return response.content.decode()


def _dutch_date(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]}"


# --- 1. withdrawn and declined referrals on the entrepreneur's page --------------------------


def test_the_entrepreneur_does_not_see_a_withdrawn_referral_nor_who_withdrew_it(world):
    staff = world.users["schakel_a"]
    services.transition_referral(actor=staff, referral=world.referrals["a"], action="withdraw")
    html = _status_page(world)
    # Not under "Wie helpt u?" (the only referral is withdrawn: no list at all).
    assert "Wie helpt u?" not in html and "(ingetrokken)" not in html
    history = _block(html, "history")
    withdrawal = [line for line in history.split("<li>") if "andere organisatie" in line]
    assert len(withdrawal) == 1
    assert "Het schakelteam zoekt een andere organisatie voor uw vraag." in withdrawal[0]
    assert "Aanbieder A" not in withdrawal[0]
    # No staff wording, and the return after a withdrawal is not said a second time as if the
    # organisation had sent the question back.
    assert "Doorverwijzing ingetrokken" not in history
    assert "Vraag terug bij het schakelteam" not in history
    assert "terug bij het schakelteam" not in history
    # The staff page keeps the full history.
    client = Client()
    client.force_login(staff)
    page = client.get(f"/schakelteam/vragen/{world.questions['a'].reference}/").content.decode()
    assert "Doorverwijzing ingetrokken (Aanbieder A)" in page
    assert "Vraag terug bij het schakelteam (Aanbieder A)" in page


def test_a_provider_that_declined_is_not_blamed_on_the_entrepreneurs_page(world):
    services.transition_referral(
        actor=world.users["aanbieder_b"],
        referral=world.referrals["b"],
        action="reject",
        reason="Buiten ons werkgebied.",
    )
    html = _status_page(world, "b")
    assert "Wie helpt u?" not in html and "(afgewezen)" not in html
    history = _block(html, "history")
    assert "Uw vraag is terug bij het schakelteam; het zoekt verder." in history
    returned = next(line for line in history.split("<li>") if "terug bij" in line)
    assert "Aanbieder B" not in returned
    assert "afgewezen" not in history.lower() and "Buiten ons werkgebied" not in html
    # Staff still read who declined.
    client = Client()
    client.force_login(world.users["schakel_b"])
    page = client.get(f"/schakelteam/vragen/{world.questions['b'].reference}/").content.decode()
    assert "Doorverwijzing afgewezen (Aanbieder B)" in page


def test_other_organisations_stay_listed_after_one_is_withdrawn(world):
    staff = world.users["schakel_a"]
    services.refer_question(
        actor=staff,
        question=world.questions["a"],
        organisation=world.organisations["b"],
        message="Ook hier even kijken.",
    )
    services.transition_referral(actor=staff, referral=world.referrals["a"], action="withdraw")
    helpers = _block(_status_page(world), "helpers")
    assert "Aanbieder B" in helpers and "Aanbieder A" not in helpers


# --- 2. plain words for a referral's status -------------------------------------------------


def test_the_entrepreneur_reads_a_referrals_status_in_plain_words(world):
    referral = world.referrals["a"]
    helpers = _block(_status_page(world), "helpers")
    assert "Aanbieder A: Energiescan voor het mkb (doorgestuurd, wacht op antwoord)" in helpers
    assert "verstuurd" not in helpers
    provider = world.users["aanbieder_a"]
    services.transition_referral(actor=provider, referral=referral, action="accept")
    assert "(aan de slag)" in _block(_status_page(world), "helpers")
    services.transition_referral(actor=provider, referral=referral, action="record_contact")
    assert "(aan de slag)" in _block(_status_page(world), "helpers")
    services.transition_referral(
        actor=provider, referral=referral, action="complete", result="Scan gedaan."
    )
    helpers = _block(_status_page(world), "helpers")
    assert "(afgerond)" in helpers and "Afgerond" not in helpers
    history = _block(_status_page(world), "history")
    assert "Aanbieder A gaat met uw vraag aan de slag." in history
    assert "Aanbieder A heeft uw vraag afgerond." in history


def test_the_entrepreneur_reads_the_questions_status_and_outcome_in_own_words(world):
    page = _status_page(world)
    assert _block(page, "status") == "Doorgestuurd naar een organisatie die u helpt"
    assert "Doorverwezen" not in page
    staff = world.users["schakel_a"]
    services.transition_referral(actor=staff, referral=world.referrals["a"], action="withdraw")
    services.close_question(actor=staff, question=world.reload("a"), outcome="geen-reactie")
    page = _status_page(world)
    assert _block(page, "status") == "Afgerond"
    # The staff's outcome speaks of "de ondernemer"; the entrepreneur is spoken to.
    assert _block(page, "outcome") == "We kregen geen reactie van u"
    assert "ondernemer" not in _block(page, "outcome") and "Afgesloten" not in page


# --- 3. the confirmation says when the entrepreneur hears back ------------------------------


def test_the_confirmation_says_by_which_day_the_entrepreneur_hears_back(world):
    response = Client().post("/hulpvraag/", question_form(), follow=True)
    assert response.status_code == 200
    question = Question.objects.get(email="piet@installatie.example")
    due = _block(response.content.decode(), "response-due")
    assert due == f"U hoort uiterlijk {_dutch_date(question.response_due_at)} van ons."
    # After the schakelteam's first answer the promise is kept; it is not repeated.
    services.triage_question(
        actor=world.users["schakel_a"],
        question=question,
        theme_codes=["digitalisering"],
        urgency="normaal",
    )
    status_url = response.redirect_chain[0][0]
    assert 'data-testid="response-due"' not in Client().get(status_url).content.decode()


def test_a_late_answer_is_said_honestly_on_the_status_page(world):
    question = world.questions["landelijk"]
    Question.objects.filter(pk=question.pk).update(
        response_due_at=timezone.now() - datetime.timedelta(days=2)
    )
    due = _block(_status_page(world, "landelijk"), "response-due")
    assert due == "Het duurt langer dan we wilden. U hoort zo snel mogelijk van ons."


def test_the_embedded_form_says_by_which_day_too(world):
    response = Client().post("/hulpvraag/insluiten/", question_form())
    question = Question.objects.get(email="piet@installatie.example")
    due = _block(response.content.decode(), "response-due")
    assert due == f"U hoort uiterlijk {_dutch_date(question.response_due_at)} van ons."


# --- 4. a municipality without a region ----------------------------------------------------

NATIONAL = (
    "Uw gemeente hoort nog niet bij een regio met een schakelteam. "
    "Een landelijk team bekijkt uw vraag."
)


def test_a_question_from_a_municipality_without_region_says_who_handles_it(
    world, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/hulpvraag/", question_form(MUNICIPALITY_NONE), follow=True)
    question = Question.objects.get(email="piet@installatie.example")
    assert question.region is None
    assert _block(response.content.decode(), "national-queue") == NATIONAL
    received = [m for m in mail.outbox if m.to == ["piet@installatie.example"]]
    assert NATIONAL in received[0].body
    embedded = Client().post(
        "/hulpvraag/insluiten/", question_form(MUNICIPALITY_NONE, email="a@b.nl")
    )
    assert NATIONAL in embedded.content.decode()
    # A question in a region does not say so.
    in_region = Client().post("/hulpvraag/", question_form(email="c@d.nl"), follow=True)
    assert NATIONAL not in in_region.content.decode()


# --- 5. withdrawing a referral asks for confirmation -----------------------------------------


def test_withdrawing_a_referral_asks_for_confirmation_first(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    referral = world.referrals["a"]
    question_url = f"/schakelteam/vragen/{world.questions['a'].reference}/"
    confirm_url = f"/schakelteam/doorverwijzingen/{referral.public_id}/intrekken/"
    page = client.get(question_url).content.decode()
    # A link to the confirmation page, no form that withdraws with one click.
    assert f'href="{confirm_url}"' in page and "Intrekken bij Aanbieder A" in page
    assert f'action="{confirm_url}"' not in page
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Aanbieder A" in html and "een andere organisatie" in html
    assert re.search(rf'<form method="post" action="{confirm_url}"', html)
    assert "Ja, intrekken" in html and f'href="{question_url}"' in html and ">Terug<" in html
    assert "<script>" not in html  # no inline script (CSP)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT  # looking is not withdrawing
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == question_url
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    # Once withdrawn, the page says so and offers no button.
    html = client.get(confirm_url).content.decode()
    assert "Ja, intrekken" not in html and "niet meer intrekken" in html
    # Another region's team member cannot see or use the page.
    other = Client()
    other.force_login(world.users["schakel_b"])
    assert other.get(confirm_url).status_code == 404
    assert other.post(confirm_url).status_code == 404


# --- 6. the provider's list of referrals ---------------------------------------------------


def test_an_empty_provider_list_names_its_filter(world):
    services.transition_referral(
        actor=world.users["aanbieder_b"],
        referral=world.referrals["b"],
        action="reject",
        reason="Buiten ons werkgebied.",
    )
    client = Client()
    client.force_login(world.users["aanbieder_b"])
    html = client.get("/aanbieder/doorverwijzingen/").content.decode()
    assert _block(html, "empty").startswith("Geen open doorverwijzingen.")
    assert 'href="?status=alle"' in html
    html = client.get("/aanbieder/doorverwijzingen/?status=geaccepteerd").content.decode()
    assert "Geen doorverwijzingen met de status &#x27;Geaccepteerd&#x27;." in html
    html = client.get("/aanbieder/doorverwijzingen/?status=alle").content.decode()
    assert world.questions["b"].reference in html and 'data-testid="empty"' not in html


def test_the_provider_list_says_what_to_do_and_what_open_means(world):
    """A provider's editor reads what the list is for, and the default filter says that "open"
    is everything not yet finished (accepted referrals stay in it); the filter sits in the same
    box as the schakelteam's inbox filters."""
    client = Client()
    client.force_login(world.users["aanbieder_b"])
    html = client.get("/aanbieder/doorverwijzingen/").content.decode()
    assert "Open een vraag om te laten weten of u hem oppakt." in html
    assert '<option value="open" selected>Open: nog niet afgerond</option>' in html
    assert re.search(r'<form[^>]*class="filters"[^>]*>\s*<fieldset', html)


def test_the_organisation_column_only_shows_for_more_than_one_organisation(world):
    user = world.users["aanbieder_a"]
    client = Client()
    client.force_login(user)
    html = client.get("/aanbieder/doorverwijzingen/?status=alle").content.decode()
    assert world.questions["a"].reference in html
    assert ">Organisatie<" not in html and 'data-label="Organisatie"' not in html
    organisation_services.grant_membership(
        user=user, role=Role.PROVIDER_EDITOR, organisation=world.organisations["b"]
    )
    html = client.get("/aanbieder/doorverwijzingen/?status=alle").content.decode()
    assert ">Organisatie<" in html and 'data-label="Organisatie">Aanbieder B<' in html


# --- 7. a too long question ----------------------------------------------------------------


def test_a_too_long_question_gets_a_house_style_message(world):
    text = ("Ik wil mijn bakkerij verduurzamen. " * 200)[:6999]
    response = Client().post("/hulpvraag/", question_form(text=text))
    assert response.status_code == 400
    html = response.content.decode()
    message = "Uw vraag is te lang. Gebruik maximaal 5000 tekens (het zijn er nu 6999)."
    assert html.count(message) == 2  # in the summary and at the field
    assert "Zorg dat deze waarde" not in html
    assert not Question.objects.filter(email="piet@installatie.example").exists()
    # At the staff door the message speaks about the entrepreneur's question.
    client = Client()
    client.force_login(world.users["schakel_a"])
    html = client.post("/schakelteam/vragen/nieuw/", question_form(text=text)).content.decode()
    assert "De vraag is te lang. Gebruik maximaal 5000 tekens (het zijn er nu 6999)." in html


def test_the_contact_fields_asked_for_come_first(world):
    """ "Vul een e-mailadres of telefoonnummer in" stood above name, company and the long KvK
    text; the e-mail and phone fields came last. Now they follow the sentence, also in the
    error summary."""
    html = Client().get("/hulpvraag/").content.decode()
    order = [html.index(f'id="id_{name}"') for name in ("email", "phone", "contact_name")]
    assert order == sorted(order)
    assert html.index('id="id_phone"') < html.index('id="id_kvk_number"')
    errors = (
        Client()
        .post("/hulpvraag/", question_form(email="geen-adres", kvk_number="123"))
        .content.decode()
    )
    assert errors.index('href="#id_email"') < errors.index('href="#id_kvk_number"')


def test_the_staff_form_lists_the_teams_own_municipalities_first(world):
    """A schakelteam member had to find the own municipality among ~340, alphabetically."""
    client = Client()
    client.force_login(world.users["schakel_a"])
    html = client.get("/schakelteam/vragen/nieuw/").content.decode()
    select = html[html.index('name="municipality"') : html.index("</select>")]
    own = select.index('<optgroup label="Regio A">')
    assert (
        own < select.index(">Zwolle</option>") < select.index('<optgroup label="Andere gemeenten">')
    )
    assert select.index('<optgroup label="Andere gemeenten">') < select.index(">Breda</option>")
    assert select.count(">Zwolle</option>") == 1
    # A choice from the other group is accepted and re-shown when the form has errors.
    response = client.post(
        "/schakelteam/vragen/nieuw/", question_form(municipality_code="GM0758", text="")
    )
    assert response.status_code == 400
    assert re.search(r'<option value="\d+" selected>Breda</option>', response.content.decode())
    # The entrepreneur's own form stays one alphabetical list.
    assert "<optgroup" not in Client().get("/hulpvraag/").content.decode()


def test_the_consent_text_does_not_promise_a_regional_team_outside_the_regions(world):
    """Version 2026-2 said "Het schakelteam van mijn regio mag ze lezen" to everyone, also where
    a national team reads the question; the form now asks consent for what really happens."""
    html = Client().get("/hulpvraag/").content.decode()
    assert "Heeft mijn regio nog geen schakelteam, dan doet het landelijke team dit." in html
    assert 'name="consent_version" value="2026-3"' in html
    Client().post(
        "/hulpvraag/",
        question_form(MUNICIPALITY_NONE, consent_version="2026-3", email="outside@example.nl"),
    )
    question = Question.objects.get(email="outside@example.nl")
    assert question.region is None
    assert {c.text_version for c in question.consents.all()} == {"2026-3"}
