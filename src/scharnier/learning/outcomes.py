"""What the learning cycle reports to monitoring: the entrepreneur's own T1 scan, counted as
a result of the support ("ondersteund") only when the entrepreneur agreed to that.

The event's source is the follow-up (idempotent: one event per T1), its subject the firm's
first plan, so the T1 adds a stage to the firm of the first scan instead of a new firm.
"""

from scharnier.matching.outcomes import plan_event_fields
from scharnier.monitoring.models import OutcomeEventKind as Kind
from scharnier.monitoring.services import record_outcome_event

from .models import ScanFollowUp


def scan_redone(follow_up: ScanFollowUp, first_plan) -> None:
    record_outcome_event(
        kind=Kind.SCAN_REDONE,
        source=follow_up,
        occurred_at=follow_up.created_at,
        **plan_event_fields(follow_up.later, first_plan),
    )
