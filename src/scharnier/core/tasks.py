"""Whether background tasks go to the Redis queue or run in-process (settings: SCHARNIER_TASKS),
and the one task every app shares: delivering an e-mail (`core.mail`).

Infrastructure below every app: `jobs` starts recorded jobs with it, `monitoring` decides with
it whether rollups are brought up to date in the request or by the worker.
"""

from __future__ import annotations

import logging
import time

import redis
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from scharnier.celery import app

logger = logging.getLogger(__name__)

_QUEUE_CHECK_SECONDS = 30.0
_queue_check: dict[str, tuple[float, bool]] = {}


def queue_available() -> bool:
    """Whether tasks go to the Redis queue (see settings: SCHARNIER_TASKS)."""
    mode = getattr(settings, "SCHARNIER_TASKS", "auto")
    if mode == "eager":
        return False
    if mode == "queue":
        return True
    url = settings.CELERY_BROKER_URL
    now = time.monotonic()
    cached = _queue_check.get(url)
    if cached and now - cached[0] < _QUEUE_CHECK_SECONDS:
        return cached[1]
    available = False
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        # Redis alone is not enough: without a worker a queued job would wait forever.
        available = bool(app.control.ping(timeout=0.5))
    except Exception:  # noqa: BLE001 - any failure means: run in-process
        available = False
    _queue_check[url] = (now, available)
    return available


# Attempts of one message before it is given up (with backoff: 30 s, 1, 2, 4 minutes ...).
MAIL_MAX_ATTEMPTS = 6


@shared_task(bind=True, name="scharnier.deliver_mail", max_retries=MAIL_MAX_ATTEMPTS - 1)
def deliver_mail(self, subject: str, body: str, recipient: str, kind: str) -> str:
    """Send one message (see `core.mail.send`); retried while the mail server fails."""
    try:
        send_mail(subject, body, None, [recipient])
    except Exception as error:  # noqa: BLE001 - any mail failure is retried, then given up
        attempt = self.request.retries + 1
        if attempt >= MAIL_MAX_ATTEMPTS:
            logger.error(
                "mail %s not delivered after %d attempts (%s)", kind, attempt, type(error).__name__
            )
            return "failed"
        logger.warning("mail %s attempt %d failed (%s)", kind, attempt, type(error).__name__)
        # No `exc=`: its text can hold the address, and Celery would log it.
        raise self.retry(
            countdown=min(3600, settings.JOBS_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1))
        ) from None
    return "sent"
