"""Retention: reply addresses of signals in threads closed or rejected longer ago than the
period are erased, and so are old reply texts and their links; yes/no and dates stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from scharnier.celery import app as celery_app
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.jobs.services import start_job
from scharnier.signals import feedback, services
from scharnier.signals.models import AnswerFeedback, Signal, Thread, ThreadStatus
from scharnier.signals.queries import board_figures
from scharnier.signals.retention import RetentionResult, anonymise_closed_signals
from scharnier.signals.services import SignalInput
from scharnier.signals.tasks import anonymise_closed_signals as anonymise_task
from tests.signals.world import build_world, in_days

pytestmark = pytest.mark.django_db

GRID = [
    "Wij kunnen als bakker geen zwaardere aansluiting op het stroomnet krijgen door netcongestie.",
    "Netbeheerder zegt dat er jaren wachttijd is voor een grotere stroomaansluiting: netcongestie.",
]
SUCCESSION = [
    "Ik wil mijn bedrijf overdragen aan mijn dochter maar weet niet hoe bedrijfsopvolging werkt.",
    "Bedrijfsopvolging: ondernemers vinden geen hulp bij het overdragen van het familiebedrijf.",
]
LONG_AGO = timedelta(days=130)  # beyond the default 3 months
LATELY = timedelta(days=10)
PERSONAL = "Bel mij gerust, Jan Jansen, 06-12345678."


def _raise(world, text: str, email: str = "") -> Signal:
    return services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(kind="knelpunt", text=text, region=world.regions["a"]),
        contact_email=email,
        reply_consent=bool(email),
    )


def _ago(delta: timedelta):
    return timezone.now() - delta


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def handled(world):
    """A grid thread rejected long ago and a succession thread answered (not yet closed), all
    signals raised a year ago, each public one with a reply address."""
    grid = [_raise(world, GRID[0], "a@example.org"), _raise(world, GRID[1], "b@example.org")]
    succession = [_raise(world, SUCCESSION[0], "c@example.org"), _raise(world, SUCCESSION[1])]
    rejected = Thread.objects.get(pk=grid[0].thread_id)
    answered = Thread.objects.get(pk=succession[0].thread_id)
    assert {s.thread_id for s in grid} == {rejected.pk}
    assert {s.thread_id for s in succession} == {answered.pk} != {rejected.pk}
    Signal.objects.update(created_at=_ago(timedelta(days=365)))
    analyst = world.users["landelijk_analist"]
    services.reject_thread(actor=analyst, thread=rejected, reason="Dit hoort bij de netbeheerder.")
    Thread.objects.filter(pk=rejected.pk).update(closed_at=_ago(LONG_AGO))
    services.assign_owner(
        actor=analyst, thread=answered, owner=world.organisations["owner"], deadline=in_days(5)
    )
    services.answer_thread(
        actor=world.users["aanbieder_owner"],
        thread=answered,
        answer="Er komt één landelijk loket voor bedrijfsopvolging, samen met de KvK.",
    )
    Thread.objects.filter(pk=answered.pk).update(answered_at=_ago(LONG_AGO))
    return world, rejected, answered


def _reply(thread: Thread, *, sent: timedelta, given: timedelta | None, comment: str = "") -> str:
    token = feedback.request_feedback(thread)
    row = feedback.feedback_for(token)
    if given is not None:
        feedback.give_feedback(feedback=row, satisfied=not comment, comment=comment)
    AnswerFeedback.objects.filter(pk=row.pk).update(
        sent_at=_ago(sent), given_at=None if given is None else _ago(given)
    )
    return token


def _addresses() -> dict[str, tuple[str, bool]]:
    return {
        s.reference: (s.contact_email, s.reply_consent_at is not None)
        for s in Signal.objects.filter(source="publiek")
    }


def _snapshot() -> list[tuple]:
    signals = Signal.objects.order_by("pk").values_list(
        "contact_email", "reply_consent_at", "text", "raised_by", "thread"
    )
    replies = AnswerFeedback.objects.order_by("pk").values_list(
        "token_hash", "comment", "satisfied", "sent_at", "given_at"
    )
    return [*signals, *replies]


def test_a_thread_closed_long_ago_loses_addresses_and_reply_texts_open_ones_keep_them(
    client, handled
):
    _world, rejected, answered = handled
    old = _reply(answered, sent=LONG_AGO, given=LONG_AGO, comment=PERSONAL)
    recent = _reply(answered, sent=LONG_AGO, given=LATELY, comment="Te vaag, " + PERSONAL)
    unused_old = _reply(answered, sent=LONG_AGO, given=None)
    unused_recent = _reply(answered, sent=LATELY, given=None)
    figures = board_figures()

    result = anonymise_closed_signals()

    assert result == RetentionResult(signals=2, feedback=2)
    for signal in Signal.objects.filter(thread=rejected):
        assert (signal.contact_email, signal.reply_consent_at) == ("", None)
        assert signal.text in GRID  # the signal itself stays
    # The answered thread is still open: its raiser may still hear from us.
    still = Signal.objects.get(thread=answered, text=SUCCESSION[0])
    assert still.contact_email == "c@example.org" and still.reply_consent_at is not None
    # The old reply: no text, the link is dead, yes/no and dates stay for the board's figure.
    for token in (old, unused_old):
        assert feedback.feedback_for(token) is None
        assert client.get(reverse("signals:feedback", args=[token])).status_code == 404
    erased = AnswerFeedback.objects.get(given_at__lt=_ago(timedelta(days=100)))
    assert (erased.comment, erased.satisfied) == ("", False)
    assert not AnswerFeedback.objects.filter(comment=PERSONAL).exists()
    # Recent replies and links keep working.
    assert feedback.feedback_for(recent).comment == "Te vaag, " + PERSONAL
    assert client.get(reverse("signals:feedback", args=[unused_recent])).status_code == 200
    after = board_figures()
    assert (after.replies, after.satisfied) == (figures.replies, figures.satisfied) == (2, 0)


def test_running_twice_changes_nothing_more(handled):
    _world, _rejected, answered = handled
    _reply(answered, sent=LONG_AGO, given=LONG_AGO, comment=PERSONAL)
    first = anonymise_closed_signals()
    assert first == RetentionResult(signals=2, feedback=1)
    before = _snapshot()
    assert anonymise_closed_signals() == RetentionResult(signals=0, feedback=0)
    assert _snapshot() == before


def test_a_thread_closed_recently_keeps_its_addresses_until_the_period_has_passed(handled):
    world, _rejected, answered = handled
    anonymise_closed_signals()
    services.close_thread(actor=world.users["landelijk_analist"], thread=answered)
    assert answered.status == ThreadStatus.CLOSED
    assert anonymise_closed_signals() == RetentionResult(signals=0, feedback=0)
    assert _addresses()[Signal.objects.get(text=SUCCESSION[0]).reference][0] == "c@example.org"
    # A signal the regroup placed in the thread after it closed keeps its own full period.
    Thread.objects.filter(pk=answered.pk).update(closed_at=_ago(LONG_AGO))
    Signal.objects.filter(text=SUCCESSION[0]).update(created_at=_ago(LATELY))
    assert anonymise_closed_signals() == RetentionResult(signals=0, feedback=0)
    Signal.objects.filter(text=SUCCESSION[0]).update(created_at=_ago(LONG_AGO))
    assert anonymise_closed_signals() == RetentionResult(signals=1, feedback=0)
    assert all(value == ("", False) for value in _addresses().values())


def test_command_takes_the_period_from_the_setting_or_months(handled, settings):
    _world, rejected, _answered = handled
    settings.SIGNALS_RETENTION_MONTHS = 6
    out = StringIO()
    call_command("anonymise_closed_signals", stdout=out)
    assert "0 e-mailadres(sen)" in out.getvalue() and "bewaartermijn 6 maanden" in out.getvalue()
    assert Signal.objects.filter(thread=rejected).exclude(contact_email="").count() == 2
    out = StringIO()
    call_command("anonymise_closed_signals", "--months", "4", stdout=out)
    assert "2 e-mailadres(sen)" in out.getvalue()
    assert not Signal.objects.filter(thread=rejected).exclude(contact_email="").exists()
    with pytest.raises(SystemExit):
        call_command("anonymise_closed_signals", "--months", "-1", stderr=StringIO())


def test_nightly_job_records_itself_and_runs_end_to_end(handled, settings):
    _world, rejected, answered = handled
    _reply(answered, sent=LONG_AGO, given=LONG_AGO, comment=PERSONAL)
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "scharnier.anonymise_closed_signals" in schedule
    assert anonymise_task.apply().get() == JobState.SUCCEEDED  # as beat starts it
    job = Job.objects.get(kind=JobKind.ANONYMISE_SIGNALS)
    assert job.created_by is None and job.result == {"signals": 2, "feedback": 1}
    assert not Signal.objects.filter(thread=rejected).exclude(contact_email="").exists()
    # Started by hand through the jobs service (in-process here): nothing left to do.
    settings.SCHARNIER_TASKS = "eager"
    again = start_job(JobKind.ANONYMISE_SIGNALS)
    assert again.state == JobState.SUCCEEDED
    assert again.result == {"signals": 0, "feedback": 0}


def test_privacy_statement_names_the_period_the_job_uses(client, settings):
    page = client.get(reverse("web:privacy")).content.decode()
    assert "Dan wissen we uw e-mailadres 3 maanden later." in page
    assert "Die wissen we 3 maanden later." in page
    settings.SIGNALS_RETENTION_MONTHS = 1
    page = client.get(reverse("web:privacy")).content.decode()
    assert "Dan wissen we uw e-mailadres 1 maand later." in page


def test_a_raiser_can_have_their_address_erased_early_by_reference(world):
    mine = _raise(world, SUCCESSION[0], "c@example.org")
    other = _raise(world, SUCCESSION[1], "d@example.org")
    out = StringIO()
    call_command("forget_signal_address", mine.reference.lower(), stdout=out)
    assert mine.reference in out.getvalue()
    assert _addresses() == {mine.reference: ("", False), other.reference: ("d@example.org", True)}
    # Nothing (left) to erase: said in Dutch, and nothing else changes.
    before = _snapshot()
    with pytest.raises(CommandError, match="Geen signaal met referentie"):
        call_command("forget_signal_address", mine.reference)
    assert _snapshot() == before
