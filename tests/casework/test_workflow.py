"""The lifecycles: every legal and every illegal transition, through the real services."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from scharnier.casework import services
from scharnier.casework.models import (
    CaseEvent,
    EventKind,
    Outcome,
    Question,
    QuestionStatus,
    Referral,
    ReferralStatus,
)
from scharnier.casework.workflow import (
    QUESTION_TRANSITIONS,
    REFERRAL_ACTIONS,
    TransitionNotAllowed,
    check_question_transition,
)

pytestmark = pytest.mark.django_db

EXPECTED_QUESTION_TRANSITIONS = {
    ("nieuw", "beoordeeld"),
    ("nieuw", "doorverwezen"),
    ("nieuw", "afgesloten"),
    ("beoordeeld", "doorverwezen"),
    ("beoordeeld", "afgesloten"),
    ("doorverwezen", "beoordeeld"),
    ("doorverwezen", "afgesloten"),
}
# action -> statuses it may start from (everything else is refused).
EXPECTED_REFERRAL_SOURCES = {
    "accept": {"verstuurd"},
    "reject": {"verstuurd", "geaccepteerd"},
    "record_contact": {"geaccepteerd"},
    "complete": {"contact"},
    "withdraw": {"verstuurd", "geaccepteerd", "contact"},
}


def test_question_transition_table_is_exactly_the_documented_one():
    assert {(a, b) for a, b in QUESTION_TRANSITIONS} == EXPECTED_QUESTION_TRANSITIONS
    for current, target in itertools.product(QuestionStatus.values, repeat=2):
        if (current, target) in EXPECTED_QUESTION_TRANSITIONS:
            check_question_transition(current, target)
        else:
            with pytest.raises(TransitionNotAllowed, match="kan niet naar status"):
                check_question_transition(current, target)


@pytest.mark.parametrize(
    ("action", "start"), list(itertools.product(sorted(REFERRAL_ACTIONS), ReferralStatus.values))
)
def test_every_referral_action_from_every_status(world, action, start):
    referral = world.referrals["a"]
    Referral.objects.filter(pk=referral.pk).update(status=start)
    referral.refresh_from_db()
    actor = world.users["aanbieder_a" if REFERRAL_ACTIONS[action].by_provider else "schakel_a"]
    events_before = CaseEvent.objects.filter(referral=referral).count()
    legal = start in EXPECTED_REFERRAL_SOURCES[action]
    kwargs = {"reason": "Past niet bij ons aanbod.", "result": "Energiescan gepland."}
    if legal:
        updated = services.transition_referral(
            actor=actor, referral=referral, action=action, **kwargs
        )
        assert updated.status == REFERRAL_ACTIONS[action].target
        event = CaseEvent.objects.filter(referral=referral, kind=updated.status).latest("pk")
        assert (event.from_status, event.to_status, event.actor) == (start, updated.status, actor)
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            services.transition_referral(actor=actor, referral=referral, action=action, **kwargs)
        assert "Vanuit die status kan dat niet" in refused.value.message
        referral.refresh_from_db()
        assert referral.status == start
        assert CaseEvent.objects.filter(referral=referral).count() == events_before


def test_referral_action_table_matches(world):
    assert {k: set(v.sources) for k, v in REFERRAL_ACTIONS.items()} == EXPECTED_REFERRAL_SOURCES


def test_wrong_party_cannot_act_on_a_referral(world):
    referral = world.referrals["a"]
    for actor, action in [
        (world.users["schakel_a"], "accept"),  # the region does not accept for the provider
        (world.users["aanbieder_b"], "accept"),  # another provider
        (world.users["aanbieder_a"], "withdraw"),  # the provider does not withdraw
        (world.users["schakel_b"], "withdraw"),  # another region
    ]:
        with pytest.raises(PermissionDenied):
            services.transition_referral(actor=actor, referral=referral, action=action)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_unknown_action_is_refused_clearly(world):
    with pytest.raises(TransitionNotAllowed, match="bestaat niet"):
        services.transition_referral(
            actor=world.users["aanbieder_a"], referral=world.referrals["a"], action="explode"
        )


def test_reject_needs_reason_and_complete_needs_result(world):
    provider = world.users["aanbieder_a"]
    referral = world.referrals["a"]
    with pytest.raises(ValidationError) as error:
        services.transition_referral(actor=provider, referral=referral, action="reject")
    assert "waarom" in str(error.value.message_dict["reason"])
    services.transition_referral(actor=provider, referral=referral, action="accept")
    services.transition_referral(actor=provider, referral=referral, action="record_contact")
    with pytest.raises(ValidationError):
        services.transition_referral(actor=provider, referral=referral, action="complete")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.CONTACTED


def test_rejection_returns_question_to_referrer(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_referral(
            actor=world.users["aanbieder_a"],
            referral=world.referrals["a"],
            action="reject",
            reason="Wij doen geen energiescans meer.",
        )
    question = world.reload("a")
    assert question.status == QuestionStatus.TRIAGED
    assert question.returned is True
    assert question.events.filter(kind=EventKind.RETURNED).exists()
    assert [m.to for m in mail.outbox] == [["schakel_a@scharnier.example"]]
    assert "afgewezen" in mail.outbox[0].subject
    # The e-mail carries no personal data of the entrepreneur.
    assert "Fatima" not in mail.outbox[0].body and "bakkerij" not in mail.outbox[0].body.lower()


def test_completion_closes_question_and_sends_feedback_link(
    world, django_capture_on_commit_callbacks
):
    provider = world.users["aanbieder_a"]
    referral = world.referrals["a"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for action in ("accept", "record_contact", "complete"):
            services.transition_referral(
                actor=provider, referral=referral, action=action, result="Scan gedaan."
            )
    question = world.reload("a")
    assert (question.status, question.outcome) == (QuestionStatus.CLOSED, Outcome.HELPED)
    assert question.closed_at is not None
    feedback_mail = [m for m in mail.outbox if m.to == ["fatima@bakkerij.example"]]
    assert len(feedback_mail) == 1
    # A fresh status link (links carry their issue time, so they expire): it opens the question.
    from scharnier.casework.queries import question_for_status_token

    mailed = feedback_mail[0].body.split("/hulpvraag/status/", 1)[1].split("/", 1)[0]
    assert question_for_status_token(mailed) == question


def test_question_services_refuse_illegal_steps(world):
    staff = world.users["schakel_a"]
    question = world.questions["a"]
    with pytest.raises(TransitionNotAllowed, match="doorverwijzingen"):
        services.close_question(actor=staff, question=question, outcome=Outcome.ANSWERED)
    services.transition_referral(actor=staff, referral=world.referrals["a"], action="withdraw")
    services.close_question(actor=staff, question=question, outcome=Outcome.NO_FIT)
    for call in (
        lambda: services.triage_question(
            actor=staff, question=question, theme_codes=["verduurzaming"], urgency="normaal"
        ),
        lambda: services.refer_question(
            actor=staff, question=question, organisation=world.organisations["b"], message="x"
        ),
        lambda: services.close_question(actor=staff, question=question, outcome="beantwoord"),
    ):
        with pytest.raises(TransitionNotAllowed):
            call()
    assert world.reload("a").status == QuestionStatus.CLOSED


def test_triage_sets_first_response_and_is_attributed(world):
    staff = world.users["schakel_b"]
    question = world.questions["landelijk"]
    with pytest.raises(PermissionDenied):
        services.triage_question(
            actor=staff, question=question, theme_codes=["financiering"], urgency="hoog"
        )
    admin = world.users["beheerder"]
    services.triage_question(
        actor=admin, question=question, theme_codes=["financiering"], urgency="hoog"
    )
    question = Question.objects.get(pk=question.pk)
    assert question.status == QuestionStatus.TRIAGED
    assert question.first_response_at is not None
    assert list(question.themes.values_list("code", flat=True)) == ["financiering"]
    event = question.events.get(kind=EventKind.TRIAGED)
    assert (event.actor, event.from_status, event.to_status) == (admin, "nieuw", "beoordeeld")
    # Saved again as it was: no second line in the history; a real change adds one.
    services.triage_question(
        actor=admin, question=question, theme_codes=["financiering"], urgency="hoog"
    )
    assert question.events.filter(kind=EventKind.TRIAGED).count() == 1
    services.triage_question(
        actor=admin, question=question, theme_codes=["financiering"], urgency="spoed"
    )
    assert question.events.filter(kind=EventKind.TRIAGED).count() == 2


def test_triage_rejects_unknown_theme_and_urgency(world):
    staff = world.users["schakel_b"]
    question = world.questions["b"]
    with pytest.raises(ValidationError):
        services.triage_question(actor=staff, question=question, theme_codes=["x"], urgency="hoog")
    with pytest.raises(ValidationError):
        services.triage_question(
            actor=staff, question=question, theme_codes=["financiering"], urgency="heel-erg"
        )


def test_referring_twice_to_same_provider_is_refused(world):
    with pytest.raises(ValidationError, match="loopt al"):
        services.refer_question(
            actor=world.users["schakel_a"],
            question=world.questions["a"],
            offer=world.offer,
            message="Nog een keer.",
        )


def test_offer_of_other_provider_is_refused(world):
    with pytest.raises(ValidationError, match="andere aanbieder"):
        services.refer_question(
            actor=world.users["schakel_a"],
            question=world.questions["a"],
            organisation=world.organisations["b"],
            offer=world.offer,
            message="Hallo",
        )
