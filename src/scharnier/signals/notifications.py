"""E-mail about threads. To everyone who raised a signal in a thread: reference and link only;
the answer or the reason for rejecting stands on the public thread page, never in the mail. To
the owner organisation's editors: that a thread is theirs to answer, and a reminder before the
deadline and once it has passed (Signalen tells a department the same way)."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from scharnier.core import mail
from scharnier.core.links import site_url
from scharnier.organisations.models import Membership, Role

from . import feedback
from .models import Thread, ThreadStatus

logger = logging.getLogger(__name__)


def _recipients(thread: Thread) -> dict[str, list[str]]:
    """Address -> references of that person's signals in the thread: public raisers who gave
    consent, staff raisers through their account."""
    recipients: dict[str, list[str]] = {}
    for signal in thread.signals.select_related("raised_by"):
        addresses = []
        if signal.contact_email and signal.reply_consent_at:
            addresses.append(signal.contact_email)
        if signal.raised_by_id and signal.raised_by.email:
            addresses.append(signal.raised_by.email)
        for address in addresses:
            recipients.setdefault(address.lower(), []).append(signal.reference)
    return recipients


def thread_answered(thread: Thread) -> int:
    """One message per raiser (they never see each other). Returns the number sent."""
    link = site_url(reverse("signals:thread", args=[thread.public_id]))
    sent = 0
    for address, references in sorted(_recipients(thread).items()):
        token = feedback.request_feedback(thread)
        context = {
            "references": sorted(set(references)),
            "thread": thread,
            "link": link,
            "feedback_link": site_url(reverse("signals:feedback", args=[token])),
        }
        subject = render_to_string("signals/email/answered_subject.txt", context).strip()
        body = render_to_string("signals/email/answered.txt", context)
        sent += mail.send(subject, body, address, kind="signals answered")
    # Addresses are personal data: only the count is logged.
    logger.info("signals mail answered %s sent to %d recipient(s)", thread.reference, sent)
    return sent


def thread_rejected(thread: Thread) -> int:
    """As `thread_answered`, without the satisfaction question: the board's figure is about
    answers, and a rejection is not one. Returns the number sent."""
    link = site_url(reverse("signals:thread", args=[thread.public_id]))
    sent = 0
    for address, references in sorted(_recipients(thread).items()):
        context = {"references": sorted(set(references)), "thread": thread, "link": link}
        subject = render_to_string("signals/email/rejected_subject.txt", context).strip()
        body = render_to_string("signals/email/rejected.txt", context)
        sent += mail.send(subject, body, address, kind="signals rejected")
    logger.info("signals mail rejected %s sent to %d recipient(s)", thread.reference, sent)
    return sent


def owner_addresses(thread: Thread) -> list[str]:
    """The addresses of everyone who may answer the thread (`Action.ANSWER_THREAD`): editors of
    the owner organisation and of the organisation above it."""
    if thread.owner is None:
        return []
    organisations = {thread.owner_id, thread.owner.parent_id} - {None}
    addresses = Membership.objects.filter(
        role=Role.PROVIDER_EDITOR,
        organisation_id__in=organisations,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted({address.lower() for address in addresses if address})


def _to_owner(thread: Thread, template: str, kind: str, today: date | None = None) -> int:
    today = today or timezone.localdate()
    context = {
        "thread": thread,
        "link": site_url(reverse("signals:thread", args=[thread.public_id])),
        "list_link": site_url(reverse("signals:to-answer")),
        "days_left": (thread.deadline - today).days if thread.deadline else None,
    }
    subject = render_to_string(f"signals/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"signals/email/{template}.txt", context)
    sent = sum(mail.send(subject, body, address, kind=kind) for address in owner_addresses(thread))
    logger.info("signals mail %s %s sent to %d owner address(es)", kind, thread.reference, sent)
    return sent


def thread_assigned(thread: Thread) -> int:
    """The owner's editors hear that the thread is theirs to answer, and by when."""
    return _to_owner(thread, "assigned", "signals assigned")


@dataclass
class ReminderResult:
    reminded: int = 0
    overdue: int = 0


def remind_owners(today: date | None = None, days_before: int | None = None) -> ReminderResult:
    """Once per deadline: a reminder when the deadline is `days_before` days or fewer away, and
    a notice when it has passed unanswered. Threads answered, closed or rejected get neither."""
    today = today or timezone.localdate()
    days_before = settings.SIGNALS_REMINDER_DAYS if days_before is None else days_before
    waiting = Thread.objects.filter(
        status=ThreadStatus.IN_PROGRESS, owner__isnull=False, deadline__isnull=False
    ).select_related("owner")
    result = ReminderResult()
    for thread in waiting.filter(deadline__lt=today).exclude(overdue_notice_for=F("deadline")):
        _to_owner(thread, "overdue", "signals overdue", today)
        # A notice that the deadline passed says all a reminder would.
        Thread.objects.filter(pk=thread.pk).update(
            overdue_notice_for=thread.deadline, reminded_for=thread.deadline
        )
        result.overdue += 1
    soon = waiting.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days_before))
    for thread in soon.exclude(reminded_for=F("deadline")):
        _to_owner(thread, "reminder", "signals reminder", today)
        Thread.objects.filter(pk=thread.pk).update(reminded_for=thread.deadline)
        result.reminded += 1
    return result
