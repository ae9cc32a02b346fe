"""What casework reports to monitoring: each countable step of a question or referral.

Called from `services._event` (one place, so every step that is recorded is also counted) and
by monitoring's `backfill_outcome_events` for steps recorded before. Idempotent: each report
has a fixed source, so reporting a step twice counts it once.
"""

from scharnier.core.workdays import working_days_between
from scharnier.monitoring.models import OutcomeEventKind as Kind
from scharnier.monitoring.registry import sector_of, size_class_of
from scharnier.monitoring.services import record_outcome_event

from .models import CaseEvent, EventKind, Question, Referral

REFERRAL_KINDS = {
    EventKind.REFERRED: Kind.REFERRAL_MADE,
    EventKind.ACCEPTED: Kind.REFERRAL_ACCEPTED,
    EventKind.REJECTED: Kind.REFERRAL_REJECTED,
    EventKind.COMPLETED: Kind.REFERRAL_RESULT,
}
# Steps after which the schakelteam has reacted for the first time.
FIRST_CONTACT_STEPS = (EventKind.TRIAGED, EventKind.REFERRED, EventKind.CLOSED)


def subject_of(question: Question) -> str:
    """A question handed over from a plan belongs to the plan's firm."""
    if question.plan_reference:
        return f"matching.plan:{question.plan_reference}"
    return f"casework.question:{question.pk}"


def report(event: CaseEvent, question: Question, referral: Referral | None, kvk_number=""):
    common = {
        "municipality": question.municipality,
        "region": question.region,
        "themes": [t.code for t in question.themes.all()],
        "door": question.door,
        "subject": subject_of(question),
    }
    kind = event.kind
    if kind == EventKind.SUBMITTED:
        record_outcome_event(
            kind=Kind.QUESTION_RECEIVED,
            source=question,
            occurred_at=question.submitted_at,
            kvk_number=kvk_number,
            **common,
        )
    elif kind == EventKind.TRIAGED:
        record_outcome_event(
            kind=Kind.QUESTION_TRIAGED, source=question, occurred_at=event.at, **common
        )
    elif kind == EventKind.INTAKE:
        # Each intake saved is one report (its source is the history line), so that a KvK
        # number given at a later intake still links the question to its firm.
        record_outcome_event(
            kind=Kind.QUESTION_INTAKE,
            source=event,
            occurred_at=event.at,
            kvk_number=kvk_number,
            size_class=size_class_of(question.employees),
            sector=sector_of(question.sbi_section),
            **{**common, "themes": [t.code for t in question.underlying_themes.all()]},
        )
    elif kind == EventKind.REROUTED:
        record_outcome_event(kind=Kind.QUESTION_MOVED, source=event, occurred_at=event.at, **common)
    elif kind == EventKind.FEEDBACK and hasattr(question, "feedback"):
        record_outcome_event(
            kind=Kind.FEEDBACK_GIVEN,
            source=question,
            occurred_at=event.at,
            value=question.feedback.score,
            **common,
        )
    elif kind in REFERRAL_KINDS and referral is not None:
        phase = ""
        if referral.offer_id:
            phase = referral.offer.journey_phases.order_by("pk").values_list("code", flat=True)
            phase = phase.first() or ""
        record_outcome_event(
            kind=REFERRAL_KINDS[kind], source=referral, occurred_at=event.at, phase=phase, **common
        )
    if kind in FIRST_CONTACT_STEPS and question.first_response_at is not None:
        record_outcome_event(
            kind=Kind.FIRST_CONTACT,
            source=question,
            occurred_at=question.first_response_at,
            value=working_days_between(question.submitted_at, question.first_response_at),
            **common,
        )
