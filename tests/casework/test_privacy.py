"""Consent, audit log of personal-data reads, the entrepreneur's rights, and retention."""

import datetime
import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from scharnier.casework import services
from scharnier.casework.consent import CURRENT_CONSENT_VERSION
from scharnier.casework.models import (
    AccessChannel,
    Consent,
    Feedback,
    Note,
    Outcome,
    PersonalDataAccess,
    Question,
    QuestionStatus,
    Referral,
)
from scharnier.casework.queries import nps_by_provider, nps_by_region
from tests.casework.conftest import MUNICIPALITY_A, submit

pytestmark = pytest.mark.django_db


def test_no_consent_no_question():
    before = Question.objects.count()
    with pytest.raises(ValidationError) as error:
        submit(consent_purposes=[])
    assert "toestemming" in error.value.message_dict["consent"][0]
    with pytest.raises(ValidationError):
        submit(consent_purposes=["behandeling"], consent_version="1999-oud")
    assert Question.objects.count() == before


def test_consent_is_recorded_with_purpose_date_and_version():
    question = submit(consent_purposes=["behandeling"]).question
    consent = Consent.objects.get(question=question)
    assert (consent.purpose, consent.text_version) == ("behandeling", CURRENT_CONSENT_VERSION)
    assert abs(consent.given_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_contact_route_required_and_email_checked():
    with pytest.raises(ValidationError) as error:
        submit(email="", phone="")
    assert "e-mailadres of telefoonnummer" in error.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as error:
        submit(email="geen-adres")
    assert "Vul een geldig e-mailadres in" in error.value.message_dict["email"][0]


def test_personal_data_never_logged(caplog, django_capture_on_commit_callbacks, world):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        submit(contact_name="Jan Geheimnaam", email="jan.geheim@example.org")
    assert "Geheimnaam" not in caplog.text and "jan.geheim" not in caplog.text


def test_handler_page_read_is_audited_inbox_is_not(world):
    client = Client()
    client.force_login(world.users["schakel_a"])
    client.get("/schakelteam/vragen/?status=alle")
    assert PersonalDataAccess.objects.count() == 0
    client.get(f"/schakelteam/vragen/{world.questions['a'].reference}/")
    access = PersonalDataAccess.objects.get()
    assert (access.question, access.user, access.channel) == (
        world.questions["a"],
        world.users["schakel_a"],
        AccessChannel.PAGE,
    )
    # Refused reads are not "reads".
    client.force_login(world.users["schakel_b"])
    client.get(f"/schakelteam/vragen/{world.questions['a'].reference}/")
    assert PersonalDataAccess.objects.count() == 1


def test_status_link_shows_own_data_and_audits(world):
    client = Client()
    response = client.get(f"/hulpvraag/status/{world.tokens['a']}/")
    assert response.status_code == 200
    assert "fatima@bakkerij.example" in response.content.decode()
    # The download says in plain words what the entrepreneur gets.
    assert "Download al mijn gegevens in één bestand (JSON, voor de computer)" in (
        response.content.decode()
    )
    assert "JSON-bestand" not in response.content.decode()
    assert PersonalDataAccess.objects.filter(channel=AccessChannel.STATUS_LINK).count() == 1
    # A tampered link shows nothing.
    tampered = world.tokens["a"][:-2] + ("AA" if not world.tokens["a"].endswith("AA") else "BB")
    assert client.get(f"/hulpvraag/status/{tampered}/").status_code == 404


def test_entrepreneur_downloads_data(world):
    response = Client().get(f"/hulpvraag/status/{world.tokens['a']}/gegevens.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["e-mailadres"] == "fatima@bakkerij.example"
    assert data["toestemmingen"][0]["versie"] == CURRENT_CONSENT_VERSION
    assert data["toestemmingen"][0]["tekst"].startswith("Ik geef toestemming")
    assert data["doorverwijzingen"][0]["aanbieder"] == "Aanbieder A"
    assert PersonalDataAccess.objects.filter(channel=AccessChannel.EXPORT).count() == 1


def test_entrepreneur_deletion_request(world):
    client = Client()
    token = world.tokens["a"]
    assert "Ja, verwijder" in client.get(f"/hulpvraag/status/{token}/verwijderen/").content.decode()
    response = client.post(f"/hulpvraag/status/{token}/verwijderen/")
    assert response.status_code == 302
    question = world.reload("a")
    assert question.is_anonymised and question.deletion_requested_at is not None
    assert (question.status, question.outcome) == (QuestionStatus.CLOSED, Outcome.WITHDRAWN)
    assert all(getattr(question, f) == "" for f in Question.PERSONAL_FIELDS)
    referral = Referral.objects.get(pk=world.referrals["a"].pk)
    assert (referral.status, referral.handover_message) == ("ingetrokken", "")
    assert not Consent.objects.filter(question=question, withdrawn_at__isnull=True).exists()
    page = client.get(f"/hulpvraag/status/{token}/").content.decode()
    assert "fatima" not in page.lower() and "zijn verwijderd" in page
    # Other questions are untouched.
    assert world.reload("b").email == "fatima@bakkerij.example"


def _close_at(question: Question, closed_at: datetime.datetime) -> None:
    Question.objects.filter(pk=question.pk).update(
        status=QuestionStatus.CLOSED, outcome=Outcome.ANSWERED, closed_at=closed_at
    )


def test_retention_anonymises_only_closed_questions_past_the_period(world):
    now = timezone.now()
    old, recent, still_open = (
        world.questions["a"],
        world.questions["b"],
        world.questions["landelijk"],
    )
    services.add_note(actor=world.users["schakel_a"], question=old, text="Belde om 10 uur.")
    _close_at(old, now - datetime.timedelta(days=25 * 31))
    _close_at(recent, now - datetime.timedelta(days=23 * 30))
    Feedback.objects.create(question=old, score=9, comment="Fatima was blij")
    old.themes.set([])
    from scharnier.catalog.models import Theme

    old.themes.add(Theme.objects.get(code="verduurzaming"))
    call_command("anonymise_closed_questions")
    old_q = Question.objects.get(pk=old.pk)
    assert old_q.is_anonymised
    assert all(getattr(old_q, f) == "" for f in Question.PERSONAL_FIELDS)
    assert Note.objects.get(question=old_q).text == ""
    assert Referral.objects.get(question=old_q).handover_message == ""
    # What monitoring needs stays.
    assert old_q.municipality.code == MUNICIPALITY_A and old_q.region_id is not None
    assert list(old_q.themes.values_list("code", flat=True)) == ["verduurzaming"]
    assert (old_q.outcome, Feedback.objects.get(question=old_q).score) == ("beantwoord", 9)
    assert Feedback.objects.get(question=old_q).comment == ""
    assert Question.objects.get(pk=recent.pk).email == "fatima@bakkerij.example"
    assert Question.objects.get(pk=still_open.pk).email == "fatima@bakkerij.example"
    # Running again changes nothing; a shorter period catches the recent one.
    assert services.anonymise_closed_questions() == 0
    assert services.anonymise_closed_questions(months=12) == 1


def test_nps_suppresses_small_groups(world):
    region = world.regions["a"]
    questions = []
    for score in (10, 9, 8, 3):
        q = submit().question
        Question.objects.filter(pk=q.pk).update(
            status=QuestionStatus.CLOSED, closed_at=timezone.now()
        )
        Feedback.objects.create(question=q, score=score)
        questions.append(q)
    rows = {r.key: r for r in nps_by_region()}
    assert rows[region.slug].suppressed and rows[region.slug].count is None
    q = submit().question
    Question.objects.filter(pk=q.pk).update(status=QuestionStatus.CLOSED, closed_at=timezone.now())
    Feedback.objects.create(question=q, score=10)
    row = {r.key: r for r in nps_by_region()}[region.slug]
    # 3 promoters (10, 9, 10), 1 detractor (3) out of 5: (3 - 1) / 5 = 40.
    assert (row.count, row.nps) == (5, 40)
    assert nps_by_provider() == []  # no provider completed a referral on these


def test_nps_per_provider_counts_completed_referrals(world):
    provider = world.users["aanbieder_a"]
    for index in range(5):
        q = submit().question
        referral = services.refer_question(
            actor=world.users["schakel_a"], question=q, offer=world.offer, message="Graag."
        )
        for action in ("accept", "record_contact", "complete"):
            services.transition_referral(
                actor=provider, referral=referral, action=action, result="Geholpen."
            )
        services.give_feedback(question=q, score=10 if index else 5)
    row = {r.key: r for r in nps_by_provider()}["aanbieder-a"]
    assert (row.count, row.nps) == (5, 60)


def test_feedback_rules(world):
    question = world.questions["b"]
    with pytest.raises(services.TransitionNotAllowed):
        services.give_feedback(question=question, score=8)
    Question.objects.filter(pk=question.pk).update(
        status=QuestionStatus.CLOSED, closed_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.give_feedback(question=question, score=11)
    services.give_feedback(question=question, score=8, comment="Prima")
    with pytest.raises(services.TransitionNotAllowed):
        services.give_feedback(question=question, score=9)


def test_the_satisfaction_page_says_what_it_counts_beside_the_dashboard(world):
    from django.test import Client

    client = Client()
    client.force_login(world.users["schakel_a"])
    html = client.get("/schakelteam/tevredenheid/").content.decode()
    assert "Hier tellen alleen de reacties op vragen die in Scharnier zijn behandeld" in html
    assert 'href="/dashboard/"' in html
