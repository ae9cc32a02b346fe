"""Retention: who came to a meeting is erased once the meeting lies beyond the retention period;
the rows stay, so the meeting keeps its count and monitoring keeps what it counted."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from scharnier.celery import app as celery_app
from scharnier.communities import services
from scharnier.communities.models import Participant
from scharnier.communities.retention import erase_past_participants
from scharnier.communities.tasks import erase_past_participants as erase_task
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.services import firm_key
from tests.signals.world import build_world

pytestmark = pytest.mark.django_db

# The default period is 24 months: a day this far ahead puts a meeting of three days ago past
# it, and one planned ten days ahead not.
TWO_YEARS_ON = timedelta(days=2 * 365 + 6)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def registered(world):
    def register(meeting, name, email, kvk=""):
        return services.register_participant(
            actor=world.users["schakel_a"],
            meeting=meeting,
            name=name,
            email=email,
            kvk_number=kvk,
            consent=True,
        )

    past = world.meetings["a"]
    planned = world.meetings["public"]
    register(past, "Sanne Bakker", "sanne@example.org", "12345678")
    register(past, "Bram Smit", "bram@example.org")
    register(planned, "Anna de Boer", "anna@example.org")
    return past, planned


def _people():
    return {
        (p.meeting_id, p.name, p.email, p.firm_key, p.erased_at is not None)
        for p in Participant.objects.all()
    }


def test_erasure_keeps_rows_counts_and_monitoring(registered):
    past, planned = registered
    events_before = list(
        OutcomeEvent.objects.filter(kind=OutcomeEventKind.MEETING_PARTICIPATION)
        .order_by("pk")
        .values_list("source_id", "firm_key")
    )
    assert firm_key("12345678") in {key for _source, key in events_before}
    assert erase_past_participants() == 0
    erased = erase_past_participants(now=timezone.now() + TWO_YEARS_ON)
    assert erased == 2
    assert _people() == {
        (past.pk, "", "", "", True),
        (past.pk, "", "", "", True),
        (planned.pk, "Anna de Boer", "anna@example.org", "", False),
    }
    assert past.participants.count() == 2  # two erased rows share the empty address
    # Monitoring counted them when they registered; that stays as it was.
    assert (
        list(
            OutcomeEvent.objects.filter(kind=OutcomeEventKind.MEETING_PARTICIPATION)
            .order_by("pk")
            .values_list("source_id", "firm_key")
        )
        == events_before
    )
    # A second run finds nothing; the address may be registered again (a correction).
    assert erase_past_participants(now=timezone.now() + TWO_YEARS_ON) == 0
    assert Participant.objects.get(email="anna@example.org").erased_at is None


def test_meeting_page_says_how_many_were_erased_and_shows_no_names(client, world, registered):
    past, _planned = registered
    erase_past_participants(now=timezone.now() + TWO_YEARS_ON)
    client.force_login(world.users["schakel_a"])
    page = client.get(reverse("communities:meeting", args=[past.public_id])).content.decode()
    assert "Van 2 aangemelde deelnemers zijn naam en e-mailadres gewist" in page
    assert "24 maanden geleden" in page
    assert "Sanne" not in page and "Nog niemand aangemeld." not in page
    # A new registration after the erasure is listed as usual.
    services.register_participant(
        actor=world.users["schakel_a"],
        meeting=past,
        name="Sanne Bakker",
        email="sanne@example.org",
        consent=True,
    )
    page = client.get(reverse("communities:meeting", args=[past.public_id])).content.decode()
    assert "Sanne Bakker (sanne@example.org)" in page


def test_nightly_job_and_command(registered, settings):
    past, _planned = registered
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "scharnier.erase_past_participants" in schedule
    assert erase_task.apply().get() == JobState.SUCCEEDED  # as beat starts it
    job = Job.objects.get(kind=JobKind.ERASE_PARTICIPANTS)
    assert job.created_by is None and job.result == {"erased": 0}
    out = StringIO()
    call_command("erase_past_participants", "--months", "0", stdout=out)
    assert out.getvalue().strip() == "2 deelnemer(s) gewist (bewaartermijn 0 maanden)."
    assert not past.participants.exclude(name="").exists()
    with pytest.raises(SystemExit):
        call_command("erase_past_participants", "--months", "-1", stderr=StringIO())


def test_consent_text_says_how_long_and_the_version_is_recorded(client, world, settings):
    meeting = world.meetings["a"]
    client.force_login(world.users["schakel_a"])
    page = client.get(reverse("communities:meeting", args=[meeting.public_id])).content.decode()
    assert "24 maanden na de bijeenkomst worden mijn naam en e-mailadres gewist." in page
    assert "versleuteld" not in page
    participant = services.register_participant(
        actor=world.users["schakel_a"],
        meeting=meeting,
        name="Bram Smit",
        email="bram@example.org",
        consent=True,
    )
    assert participant.consent_version == services.CONSENT_VERSION == "2026-2"
    # The earlier wording stays readable for those who agreed to it.
    assert "versleuteld" in services.consent_text("2026-1")
    privacy = client.get(reverse("web:privacy")).content.decode()
    assert "code van uw KvK-nummer 24 maanden na de bijeenkomst" in privacy
    settings.COMMUNITIES_PARTICIPANT_RETENTION_MONTHS = 1
    privacy = client.get(reverse("web:privacy")).content.decode()
    assert "code van uw KvK-nummer 1 maand na de bijeenkomst" in privacy


def test_a_participant_is_erased_on_request_from_the_meeting_page(client, world, registered):
    past, planned = registered
    sanne = past.participants.get(name="Sanne Bakker")
    url = reverse("communities:meeting", args=[past.public_id])
    # Only who may log the meeting may erase; the other region's team cannot.
    client.force_login(world.users["schakel_b"])
    assert client.post(url, {"formulier": "wissen", "deelnemer": sanne.pk}).status_code == 404
    client.force_login(world.users["schakel_a"])
    page = client.get(url).content.decode()
    assert f'name="deelnemer" value="{sanne.pk}"' in page
    assert '<span class="visually-hidden"> van Sanne Bakker</span>' in page
    response = client.post(url, {"formulier": "wissen", "deelnemer": sanne.pk}, follow=True)
    page = response.content.decode()
    assert "De naam en het e-mailadres van de deelnemer zijn gewist." in page
    assert "Sanne" not in page and "Bram Smit (bram@example.org)" in page
    assert "Van 1 aangemelde deelnemer zijn naam en e-mailadres gewist" in page
    sanne.refresh_from_db()
    assert (sanne.name, sanne.email, sanne.firm_key) == ("", "", "")
    assert past.participants.count() == 2
    # Twice, or a participant of another meeting, or no number: a Dutch message, nothing changes.
    anna = planned.participants.get()
    for bad in (sanne.pk, anna.pk, "abc"):
        before = _people()
        page = client.post(url, {"formulier": "wissen", "deelnemer": bad}, follow=True)
        assert "Deze deelnemer staat niet (meer) bij deze bijeenkomst." in page.content.decode()
        assert _people() == before


def test_consent_is_required_on_the_page_and_said_so(client, world):
    meeting = world.meetings["a"]
    url = reverse("communities:meeting", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    page = client.get(url).content.decode()
    consent_label = page[page.index('for="id_deelnemer-consent"') :][:900]
    assert "De deelnemer heeft toestemming gegeven voor deze tekst: Ik geef toestemming" in (
        consent_label
    )
    assert "niet verplicht" not in consent_label
    assert "niet verplicht" not in page[page.index('for="id_lijst-consent_confirmed"') :][:300]
    typed = {
        "formulier": "deelnemer",
        "deelnemer-name": "Sanne Bakker",
        "deelnemer-email": "sanne@example.org",
    }
    page = client.post(url, typed).content.decode()
    assert "Zonder toestemming kunnen we geen deelnemer opslaan." in page
    # The summary names the field shortly; the consent text stays once, in the label.
    assert "Toestemming: Zonder toestemming kunnen we geen deelnemer opslaan." in page
    assert page.count("De deelnemer heeft toestemming gegeven voor deze tekst") == 1
    assert 'value="Sanne Bakker"' in page and 'value="sanne@example.org"' in page
    assert not meeting.participants.exists()
    upload = SimpleUploadedFile("lijst.csv", b"naam;e-mail\nBram Smit;bram@example.org\n")
    page = client.post(url, {"formulier": "lijst", "lijst-file": upload}).content.decode()
    assert "Bevestig dat iedereen in het bestand toestemming heeft gegeven." in page
    assert not meeting.participants.exists()
