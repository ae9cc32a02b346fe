"""Read queries for jobs: a user's jobs, and the queue depth for monitoring."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db.models import Count, QuerySet

from .models import Job, JobState


def visible_jobs(user) -> QuerySet[Job]:
    """Jobs a user may see: their own; administrators see every job (also scheduled ones)."""
    jobs = Job.objects.select_related("created_by").defer("input_data")
    if user.is_superuser:
        return jobs
    return jobs.filter(created_by=user)


def job_counts() -> dict[str, int]:
    """Number of jobs per state (every state present, zero when none)."""
    counts = {state.value: 0 for state in JobState}
    for row in Job.objects.values("state").annotate(n=Count("pk")).order_by():
        counts[row["state"]] = row["n"]
    return counts


def queue_depth() -> dict[str, int | None]:
    """For metrics (Prometheus): jobs waiting or running, and messages in the Redis queue.

    `broker` is None when Redis does not answer (tasks then run in-process).
    """
    counts = job_counts()
    broker: int | None
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        broker = int(client.llen("celery"))
    except Exception:  # noqa: BLE001 - metrics must not fail the scrape
        broker = None
    return {
        "queued": counts[JobState.QUEUED],
        "running": counts[JobState.RUNNING],
        "failed": counts[JobState.FAILED],
        "broker": broker,
    }


def has_open_job(kind: str) -> bool:
    """A job of this kind is waiting or running (the schedule then starts no second one)."""
    return Job.objects.filter(kind=kind, state__in=[JobState.QUEUED, JobState.RUNNING]).exists()
