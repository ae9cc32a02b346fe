"""Retention: erase what people outside gave us for a reply once the reply is long done.

A public raiser's e-mail address is kept, with consent, to tell them what became of the
signal. Once the thread is closed or rejected no further mail can go out (both are final
steps), so the address and the time of consent are erased after `retention_months`. A reply
to "are you satisfied with the answer?" keeps its yes/no and dates (the board's KPI counts
them) but loses its free text, and its link stops working.

What else a signal holds, and why it stays:
- `text`: the signal itself. A public raiser's text is only shown after a reviewer checked it
  for personal data (`is_published`); the thread page and the grouping need it.
- `raised_by`: a staff member's work account, as casework keeps who handled a question; it
  only served the notice e-mail, and deleting the account empties it.
- `organisation`, `meeting`, `question_reference`, `region`, `municipality`: organisations,
  meetings and a casework reference, not a person (casework erases its own question).
A signal has no name or phone field.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from scharnier.casework.services import retention_cutoff

from .models import AnswerFeedback, Signal, ThreadStatus

logger = logging.getLogger(__name__)

# Written over the hash of a reply link that expired: a SHA-256 hex digest never starts so,
# so no token matches it any more (and the column stays unique).
EXPIRED_LINK_MARK = "expired:"

_FINAL_STATUSES = [ThreadStatus.CLOSED, ThreadStatus.REJECTED]


def retention_months() -> int:
    return int(getattr(settings, "SIGNALS_RETENTION_MONTHS", 3))


@dataclass
class RetentionResult:
    signals: int  # signals whose reply address was erased
    feedback: int  # replies whose text was erased and whose link expired


def anonymise_closed_signals(
    *, now: datetime.datetime | None = None, months: int | None = None
) -> RetentionResult:
    """Erase reply addresses of signals in threads closed or rejected before the retention
    period, and reply texts and links older than it. Idempotent: a second run finds nothing."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now, retention_months() if months is None else months)
    with transaction.atomic():
        signals = Signal.objects.filter(
            thread__status__in=_FINAL_STATUSES,
            thread__closed_at__lt=cutoff,
            # A regroup can place a newer signal in a closed thread: its raiser keeps the
            # whole period too.
            created_at__lt=cutoff,
        ).filter(~Q(contact_email="") | Q(reply_consent_at__isnull=False))
        erased = signals.update(contact_email="", reply_consent_at=None)
        # A reply's age counts from the last thing that happened to it: sent, or answered.
        replies = AnswerFeedback.objects.filter(
            Q(given_at__isnull=True) | Q(given_at__lt=cutoff), sent_at__lt=cutoff
        ).filter(~Q(comment="") | ~Q(token_hash__startswith=EXPIRED_LINK_MARK))
        expired = replies.update(
            comment="",
            token_hash=Concat(Value(EXPIRED_LINK_MARK), Cast("pk", output_field=CharField())),
        )
    # Counts only: the addresses are what this erases.
    logger.info(
        "signals retention: %d address(es) erased, %d reply link(s) expired", erased, expired
    )
    return RetentionResult(signals=erased, feedback=expired)


def forget_reply_address(reference: str) -> bool:
    """Erase one raiser's reply address at their request (the privacy statement's promise).

    By the signal's reference from the e-mail; False when no signal with an address has it.
    """
    erased = (
        Signal.objects.filter(reference=reference.strip().upper())
        .filter(~Q(contact_email="") | Q(reply_consent_at__isnull=False))
        .update(contact_email="", reply_consent_at=None)
    )
    logger.info("signals retention: reply address erased on request (%d)", erased)
    return bool(erased)
