"""E-mail to everyone who raised a signal in a thread: reference and link only. The answer or
the reason for rejecting stands on the public thread page, never in the mail."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from scharnier.core import mail

from . import feedback
from .models import Thread

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SIGNALS_SITE_URL.rstrip("/") + path


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
