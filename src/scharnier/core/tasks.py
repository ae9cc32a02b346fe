"""Whether background tasks go to the Redis queue or run in-process (settings: SCHARNIER_TASKS).

Infrastructure below every app: `jobs` starts recorded jobs with it, `monitoring` decides with
it whether rollups are brought up to date in the request or by the worker.
"""

from __future__ import annotations

import time

import redis
from django.conf import settings

from scharnier.celery import app

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
