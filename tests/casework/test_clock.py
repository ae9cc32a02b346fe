"""Casework records each step at the clock's moment: now, or a past moment the demo sets."""

import datetime

import pytest
from django.utils import timezone

from scharnier.casework import services
from scharnier.casework.models import CaseEvent, EventKind
from scharnier.core import clock
from scharnier.core.workdays import add_working_days
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from tests.casework.conftest import submit

pytestmark = pytest.mark.django_db


def test_the_clock_refuses_a_naive_or_future_moment():
    with pytest.raises(ValueError), clock.set_to(datetime.datetime(2026, 1, 5, 9, 0)):
        pass
    with pytest.raises(ValueError), clock.set_to(timezone.now() + datetime.timedelta(hours=1)):
        pass


def test_a_question_handled_in_the_past_is_recorded_then(world):
    arrived = timezone.now() - datetime.timedelta(days=20)
    with clock.set_to(arrived):
        question = submit().question
    assert question.submitted_at == arrived
    assert question.response_due_at == add_working_days(arrived, 5)
    assert {c.given_at for c in question.consents.all()} == {arrived}

    referred = arrived + datetime.timedelta(days=1)
    with clock.set_to(referred):
        services.add_note(actor=world.users["schakel_a"], question=question, text="Gebeld.")
        referral = services.refer_question(
            actor=world.users["schakel_a"],
            question=question,
            organisation=world.organisations["a"],
            message="Graag contact.",
        )
    question.refresh_from_db()
    assert question.first_response_at == referred
    assert question.notes.get().created_at == referred
    assert referral.created_at == referral.updated_at == referred
    assert referral.response_due_at == add_working_days(referred, 5)
    assert referral.is_overdue  # its term ended long before today

    events = CaseEvent.objects.filter(question=question)
    assert events.get(kind=EventKind.SUBMITTED).at == arrived
    assert events.get(kind=EventKind.REFERRED).at == referred
    # Monitoring counts the steps on the days they happened.
    made = OutcomeEvent.objects.get(kind=OutcomeEventKind.REFERRAL_MADE, source_id=str(referral.pk))
    assert made.occurred_at == referred

    # Outside the block the clock is the real time again.
    before = timezone.now()
    services.transition_referral(
        actor=world.users["aanbieder_a"], referral=referral, action="accept"
    )
    referral.refresh_from_db()
    assert referral.updated_at >= before
