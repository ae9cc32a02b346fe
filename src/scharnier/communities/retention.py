"""Retention: erase who came to a meeting once the meeting is long past.

An organiser registers a participant with consent (name, e-mail address, optionally a KvK
number, kept only as a firm key) to count the community's reach. The counts are reported to
monitoring when the participant is registered, so after `retention_months` the name, address
and key are no longer needed: they are erased and the row stays, so the meeting still shows
how many people registered.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from scharnier.casework.services import retention_cutoff

from .models import Participant

logger = logging.getLogger(__name__)


def retention_months() -> int:
    return int(getattr(settings, "COMMUNITIES_PARTICIPANT_RETENTION_MONTHS", 24))


def erase_past_participants(
    *, now: datetime.datetime | None = None, months: int | None = None
) -> int:
    """Erase name, e-mail address and firm key of participants of meetings held before the
    retention period. Returns how many were erased; a second run finds nothing."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now, retention_months() if months is None else months)
    erased = Participant.objects.filter(
        meeting__date__lt=timezone.localdate(cutoff), erased_at__isnull=True
    ).update(name="", email="", firm_key="", erased_at=now)
    # A count only: the names and addresses are what this erases.
    logger.info("communities retention: %d participant(s) erased", erased)
    return erased
