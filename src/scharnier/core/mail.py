"""Outgoing e-mail for every app: one message per recipient, and a slow or absent mail server
never breaks what the user just did.

With the queue (see `core.tasks.queue_available`) each message is a Celery task that retries
with backoff while the mail server does not answer; without one it is sent in this process and
a failure is logged, not raised: the question, answer or approval is saved either way.
Addresses and message texts are personal data: they never reach a log line, and Celery's own
logs see a masked argument list.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from scharnier.core.tasks import deliver_mail, queue_available

logger = logging.getLogger(__name__)

# What Celery's logs show instead of the task's arguments (subject, body, address).
MASKED_ARGUMENTS = "('…', '…', '…', kind)"


def send(subject: str, body: str, recipient: str, *, kind: str) -> bool:
    """Send (or queue) one message; `kind` names it in logs. False when it could not be sent."""
    if not recipient:
        return False
    if queue_available():
        deliver_mail.apply_async(
            args=(subject, body, recipient, kind),
            argsrepr=MASKED_ARGUMENTS.replace("kind", repr(kind)),
            kwargsrepr="{}",
        )
        return True
    try:
        send_mail(subject, body, None, [recipient])
    except Exception as error:  # noqa: BLE001 - any mail failure: log it, keep the user's work
        # The exception's text can hold the address (SMTPRecipientsRefused): log its type only.
        logger.error("mail %s not delivered (%s)", kind, type(error).__name__)
        return False
    return True
