"""Every door: site form, embeddable form, staff entry after a conversation; routing, SLA, mail."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from scharnier.casework import services
from scharnier.casework.models import Door, EventKind, Question, QuestionStatus
from scharnier.casework.queries import InboxFilters, inbox, sla_state
from scharnier.core.workdays import add_working_days
from tests.casework.conftest import MUNICIPALITY_A, MUNICIPALITY_NONE, question_form, submit

pytestmark = pytest.mark.django_db


def test_site_form_submits_and_shows_status_link(
    world, django_capture_on_commit_callbacks, settings
):
    # One mail per question here; bursts are summarised (tests/casework/test_status_links.py).
    settings.CASEWORK_STAFF_MAIL_WINDOW_MINUTES = 0
    client = Client()
    page = client.get("/hulpvraag/")
    assert page.status_code == 200 and page["X-Frame-Options"] == "DENY"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/hulpvraag/", question_form(), follow=True)
    question = Question.objects.get(email="piet@installatie.example")
    assert question.door == Door.SITE and question.region == world.regions["a"]
    assert response.redirect_chain[0][0].startswith("/hulpvraag/status/")
    assert question.reference in response.content.decode()
    # One mail to the entrepreneur with the status link, one to the region's schakelteam
    # without any personal data.
    to_entrepreneur = [m for m in mail.outbox if m.to == ["piet@installatie.example"]]
    to_team = [m for m in mail.outbox if m.to == ["schakel_a@scharnier.example"]]
    assert len(to_entrepreneur) == 1 and len(to_team) == 1 and len(mail.outbox) == 2
    assert response.redirect_chain[0][0] in to_entrepreneur[0].body
    due = date_format(timezone.localtime(question.response_due_at), "l j F")
    assert f"Binnen 5 werkdagen hoort u van ons: uiterlijk {due}." in to_entrepreneur[0].body
    assert question.reference in to_team[0].body
    for secret in ("Piet", "piet@", "personeel", "installatie"):
        assert secret not in to_team[0].body + to_team[0].subject


def test_a_refusing_mail_server_does_not_lose_the_question(
    world, django_capture_on_commit_callbacks, settings, caplog
):
    """The question is saved and the entrepreneur sees the status page; the log says which
    mail failed, without the address."""
    settings.EMAIL_BACKEND = "tests.core.test_mail.RefusingBackend"
    settings.SCHARNIER_TASKS = "eager"
    settings.CASEWORK_STAFF_MAIL_WINDOW_MINUTES = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/hulpvraag/", question_form(), follow=True)
    question = Question.objects.get(email="piet@installatie.example")
    assert response.status_code == 200
    assert question.reference in response.content.decode()
    assert "mail casework received not delivered" in caplog.text
    assert "piet" not in caplog.text.lower()


def test_site_form_without_consent_explains_and_stores_nothing(world):
    response = Client().post("/hulpvraag/", question_form(consent_handling=""))
    assert response.status_code == 400
    assert "Zonder uw toestemming" in response.content.decode()
    response = Client().post("/hulpvraag/", question_form(email="", phone=""))
    assert "e-mailadres of telefoonnummer" in response.content.decode()
    response = Client().post("/hulpvraag/", question_form(text=""))
    assert "Schrijf uw vraag op" in response.content.decode()
    response = Client().post("/hulpvraag/", question_form(phone="bel me maar"))
    assert response.status_code == 400
    assert "Dit is geen telefoonnummer." in response.content.decode()
    assert not Question.objects.filter(email="piet@installatie.example").exists()


def test_embed_form_may_be_framed_and_works(world, settings):
    # As inside a cross-site iframe of a configured portal (see tests/operations/test_headers):
    # no CSRF cookie reaches us, the form must still work.
    settings.SCHARNIER_EMBED_FRAME_ANCESTORS = ["https://portaal.example"]
    client = Client(enforce_csrf_checks=True)
    page = client.get("/hulpvraag/insluiten/")
    assert page.status_code == 200
    assert "X-Frame-Options" not in page
    assert "frame-ancestors 'self' https://portaal.example" in page["Content-Security-Policy"]
    response = client.post("/hulpvraag/insluiten/", question_form())
    assert response.status_code == 200
    question = Question.objects.get(email="piet@installatie.example")
    assert question.door == Door.EMBED
    body = response.content.decode()
    assert question.reference in body and 'target="_top"' in body
    # Other pages stay unframeable.
    assert client.get("/hulpvraag/")["X-Frame-Options"] == "DENY"


def test_staff_entry_after_conversation(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    # The team member types what the entrepreneur said: the form speaks about the entrepreneur.
    refused = client.post(
        "/schakelteam/vragen/nieuw/", question_form(text="", consent_handling="", municipality="")
    )
    html = refused.content.decode()
    assert "Vraag van de ondernemer" in html and "Hoe bereiken we de ondernemer?" in html
    assert "Uw vraag" not in html and "Hoe kunnen we u bereiken?" not in html
    assert "Kies de gemeente waar het bedrijf zit." in html and "Uw KvK-nummer" not in html
    assert "Zonder toestemming van de ondernemer kunnen we de vraag niet behandelen." in html
    assert "Schrijf de vraag van de ondernemer op." in html
    assert ">Toestemming: Zonder toestemming" in html  # the summary names the box shortly
    assert not Question.objects.filter(email="piet@installatie.example").exists()
    response = client.post("/schakelteam/vragen/nieuw/", question_form(), follow=True)
    question = Question.objects.get(email="piet@installatie.example")
    assert question.door == Door.STAFF and question.created_by == world.users["schakel_a"]
    assert response.redirect_chain[-1][0] == f"/schakelteam/vragen/{question.reference}/"
    event = question.events.get(kind=EventKind.SUBMITTED)
    assert event.actor == world.users["schakel_a"]
    # A provider editor is not staff.
    other = Client()
    other.force_login(world.users["aanbieder_a"])
    assert other.get("/schakelteam/vragen/nieuw/").status_code == 403


def test_municipality_in_no_region_goes_to_national_queue(world):
    question = submit(MUNICIPALITY_NONE).question
    assert question.region is None
    refs = {q.reference for q in inbox(world.users["beheerder"], "landelijk", InboxFilters())}
    assert question.reference in refs
    assert not inbox(world.users["schakel_a"], "landelijk", InboxFilters()).exists()
    services.reroute_question(
        actor=world.users["beheerder"], question=question, region=world.regions["b"]
    )
    refs = {q.reference for q in inbox(world.users["schakel_b"], "regio-b", InboxFilters())}
    assert question.reference in refs


def test_sla_is_working_days_and_configurable_per_region(world):
    friday = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
    assert add_working_days(friday, 5) == friday + datetime.timedelta(days=7)
    assert add_working_days(friday, 1).weekday() == 0  # Monday
    question = submit().question
    expected = add_working_days(question.submitted_at, 5)
    assert question.response_due_at == expected
    director = world.users["regisseur_a"]
    services.set_region_sla(actor=director, region=world.regions["a"], working_days=2)
    question = submit().question
    assert question.response_due_at == add_working_days(question.submitted_at, 2)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_region_sla(
            actor=world.users["schakel_b"], region=world.regions["a"], working_days=9
        )


def test_inbox_filters_and_sla_signal(world):
    staff = world.users["schakel_a"]
    overdue = submit().question
    Question.objects.filter(pk=overdue.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=10),
        response_due_at=timezone.now() - datetime.timedelta(days=3),
    )
    fresh = submit().question
    services.triage_question(
        actor=staff, question=fresh, theme_codes=["arbeidsmarkt"], urgency="spoed"
    )

    def refs(**filters):
        return {q.reference for q in inbox(staff, "regio-a", InboxFilters(**filters))}

    assert refs(sla="te-laat") == {overdue.reference}
    assert refs(theme="arbeidsmarkt") == {fresh.reference}
    assert refs(urgency="spoed") == {fresh.reference}
    assert refs(status=QuestionStatus.TRIAGED) == {fresh.reference}
    assert refs(reference=overdue.reference.lower()) == {overdue.reference}
    assert sla_state(Question.objects.get(pk=overdue.pk)) == "te-laat"
    assert sla_state(Question.objects.get(pk=fresh.pk)) == "beantwoord"
    client = Client()
    client.force_login(staff)
    page = client.get("/schakelteam/vragen/?termijn=te-laat").content.decode()
    assert overdue.reference in page and "Verlopen" in page and "10 dagen" in page


def test_pages_refuse_illegal_steps_with_a_clear_message(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    ref = world.questions["a"].reference
    response = client.post(f"/schakelteam/vragen/{ref}/afsluiten/", {"outcome": "beantwoord"})
    assert response.status_code == 302
    page = client.get(f"/schakelteam/vragen/{ref}/").content.decode()
    assert "Er lopen nog doorverwijzingen" in page
    assert world.reload("a").status == QuestionStatus.REFERRED
    response = client.post(f"/schakelteam/vragen/{ref}/doorverwijzen/", {"message": "Hoi"})
    assert response.status_code == 400
    html = response.content.decode()
    # In the summary, linked to the provider field, and at that field itself.
    assert html.count("Kies een aanbieder of een aanbod.") == 2
    assert 'href="#id_organisation"' in html
    field = html[html.index('for="id_organisation"') : html.index('id="id_organisation"')]
    assert "Kies een aanbieder of een aanbod." in field
    # The handover message is required (the service refuses a referral without one), and the
    # form says so before the first try: not marked "(niet verplicht)", its own message.
    page = client.get(f"/schakelteam/vragen/{ref}/").content.decode()
    label = page[
        page.index('for="id_message"') : page.index("</label>", page.index('for="id_message"'))
    ]
    assert "niet verplicht" not in label
    organisation = world.questions["a"].referrals.first().organisation_id
    response = client.post(
        f"/schakelteam/vragen/{ref}/doorverwijzen/", {"organisation": organisation, "message": " "}
    )
    assert response.status_code == 400
    assert "Schrijf een kort overdrachtsbericht voor de aanbieder." in response.content.decode()
    assert "<title>Fout:" in response.content.decode()


def test_an_offer_of_another_provider_is_said_in_the_same_round_as_the_message(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    question = world.questions["a"]
    before = question.referrals.count()
    response = client.post(
        f"/schakelteam/vragen/{question.reference}/doorverwijzen/",
        {
            "organisation": world.organisations["b"].pk,
            "offer": str(world.offer.public_id),
            "message": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit aanbod is van een andere aanbieder." in html
    assert "Schrijf een kort overdrachtsbericht voor de aanbieder." in html
    assert question.referrals.count() == before


def test_an_empty_note_is_refused_with_a_summary_and_fout_in_the_title(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    ref = world.questions["a"].reference
    response = client.post(f"/schakelteam/vragen/{ref}/notitie/", {"text": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fout:" in html and "Er is iets niet goed ingevuld" in html
    assert 'href="#id_text"' in html
    assert world.questions["a"].notes.count() == 0


def test_provider_reject_via_page_needs_reason(world):
    client = Client()
    client.force_login(world.users["aanbieder_a"])
    url = f"/aanbieder/doorverwijzingen/{world.referrals['a'].public_id}/"
    response = client.post(url + "afwijzen/", {"reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "waarom u deze vraag afwijst" in html
    # Said the same way as every other refused form: "Fout:" in the title, a summary on top.
    assert "<title>Fout:" in html and "Er is iets niet goed ingevuld" in html
    response = client.post(url + "afwijzen/", {"reason": "Buiten ons werkgebied."})
    assert response.status_code == 302
    assert world.reload("a").returned is True


@pytest.mark.parametrize("text", ["x", "Help", "Ik wil hulp"])
def test_a_question_of_a_word_or_two_is_refused_at_the_field(world, text):
    """'Een paar zinnen is genoeg': one word says too little for an adviser to start with."""
    response = Client().post("/hulpvraag/", question_form(text=text))
    assert response.status_code == 400
    html = response.content.decode()
    message = "Schrijf iets meer over uw vraag, zodat een adviseur weet waar het over gaat."
    assert html.count(message) == 2  # in the summary and at the field
    assert 'href="#id_text"' in html
    # The service requires the text; assistive technology is told so as well.
    assert 'aria-required="true"' in html.split('id="id_text"')[0].rsplit("<textarea", 1)[-1]
    assert not Question.objects.filter(email="piet@installatie.example").exists()
    # A short but real question passes.
    assert (
        Client().post("/hulpvraag/", question_form(text="Wie helpt mij met subsidie?")).status_code
        == 302
    )


def test_the_api_refuses_a_too_short_question_by_the_same_rule(world):
    body = {
        "municipality": MUNICIPALITY_A,
        "text": "x",
        "email": "ondernemer@example.org",
        "consent": ["behandeling"],
        "consentVersion": "2026-1",
    }
    response = Client().post("/api/v1/questions", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "Schrijf iets meer over uw vraag" in response.content.decode()
    assert not Question.objects.filter(text="x").exists()


def test_the_error_summary_follows_the_order_of_the_fields_on_the_page(world):
    response = Client().post(
        "/hulpvraag/", question_form(text="", kvk_number="123", phone="bel me maar")
    )
    html = response.content.decode()
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    targets = re.findall(r'href="#(id_[a-z_]+)"', summary)
    assert targets == ["id_text", "id_phone", "id_kvk_number"]
    # The same order as the inputs stand in the form.
    inputs = [t for t in re.findall(r'id="(id_[a-z_]+)"', html) if t in targets]
    assert inputs == targets


def test_helped_by_a_provider_only_after_a_finished_referral(world):
    """Closing a question without any referral as 'Geholpen door aanbieder' counted a provider's
    help that never happened in the region's results."""
    from scharnier.casework import services
    from scharnier.casework.models import Outcome, ReferralStatus

    staff = world.users["schakel_a"]
    question = world.questions["a"]
    services.transition_referral(actor=staff, referral=world.referrals["a"], action="withdraw")
    client = Client()
    client.force_login(staff)
    url = f"/schakelteam/vragen/{question.reference}/"
    page = client.get(url).content.decode()
    close_form = page[page.index('id="id_outcome"') :].split("</select>", 1)[0]
    assert 'value="beantwoord"' in close_form and 'value="geholpen"' not in close_form
    response = client.post(url + "afsluiten/", {"outcome": "geholpen"})
    assert response.status_code == 400
    assert "Een aanbieder heeft deze vraag nog niet afgerond." in response.content.decode()
    assert world.reload("a").status != QuestionStatus.CLOSED
    with pytest.raises(ValidationError):
        services.close_question(actor=staff, question=question, outcome=Outcome.HELPED)
    assert not question.referrals.filter(status=ReferralStatus.COMPLETED).exists()
    response = client.post(url + "afsluiten/", {"outcome": "beantwoord"})
    assert response.status_code == 302
    assert world.reload("a").outcome == Outcome.ANSWERED
