"""What communities report to monitoring: a meeting held, a participant registered.

Called by the services when the act happens and by `backfill_outcome_events` for acts recorded
before monitoring counted them. Idempotent: each report has a fixed source (the meeting, the
participant), so a repeat adds nothing; a corrected meeting log withdraws and reports again.
"""

from datetime import datetime, time

from django.utils import timezone

from scharnier.monitoring.models import OutcomeEventKind
from scharnier.monitoring.queries import standing_report
from scharnier.monitoring.services import keep_report, record_outcome_event

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
    """Whether the meeting's participants count toward the region's reach now."""
    return (
        meeting.pk is not None
        and standing_report(OutcomeEventKind.MEETING_HELD, meeting) is not None
    )


def meeting_held(meeting: Meeting) -> bool:
    """Report a meeting that took place with participants (a planned one reports nothing yet).
    A corrected log (date, place, themes, number of participants) withdraws the earlier report
    and reports again; one that no longer took place withdraws it. Returns whether the count
    changed."""
    held = (
        not meeting.is_cancelled
        and meeting.date <= timezone.localdate()
        and meeting.participants_count > 0
    )
    report = {"quantity": meeting.participants_count, **_common(meeting)} if held else None
    return keep_report(kind=OutcomeEventKind.MEETING_HELD, source=meeting, report=report)


def participated(participant: Participant) -> None:
    """One registered participant: a firm reached (by its key when a KvK number was given)."""
    record_outcome_event(
        kind=OutcomeEventKind.MEETING_PARTICIPATION,
        source=participant,
        firm_key_value=participant.firm_key,
        **_common(participant.meeting),
    )
