"""What communities report to monitoring: a meeting held, a participant registered.

Called by the services when the act happens and by `backfill_outcome_events` for acts recorded
before monitoring counted them. Idempotent: each report has a fixed source (the meeting, the
participant), so a repeat adds nothing.
"""

from datetime import datetime, time

from django.utils import timezone

from scharnier.monitoring.models import OutcomeEventKind
from scharnier.monitoring.queries import event_recorded
from scharnier.monitoring.services import record_outcome_event

from .models import Meeting, Participant


def _common(meeting: Meeting) -> dict:
    return {
        "occurred_at": timezone.make_aware(
            datetime.combine(meeting.date, meeting.start_time or time(12))
        ),
        "municipality": meeting.municipality,
        "region": meeting.community.region,
        "themes": list(meeting.themes.values_list("code", flat=True)),
        "door": "community",
    }


def held_reported(meeting: Meeting) -> bool:
    """Whether the meeting's participants already count toward the region's reach. Reported
    events never change, so from then on the date, community and numbers stay as they are."""
    return meeting.pk is not None and event_recorded(OutcomeEventKind.MEETING_HELD, meeting)


def meeting_held(meeting: Meeting) -> None:
    """A meeting that took place with participants (a planned one reports nothing yet)."""
    if (
        meeting.is_cancelled
        or meeting.date > timezone.localdate()
        or not meeting.participants_count
    ):
        return
    record_outcome_event(
        kind=OutcomeEventKind.MEETING_HELD,
        source=meeting,
        quantity=meeting.participants_count,
        **_common(meeting),
    )


def participated(participant: Participant) -> None:
    """One registered participant: a firm reached (by its key when a KvK number was given)."""
    record_outcome_event(
        kind=OutcomeEventKind.MEETING_PARTICIPATION,
        source=participant,
        firm_key_value=participant.firm_key,
        **_common(participant.meeting),
    )
