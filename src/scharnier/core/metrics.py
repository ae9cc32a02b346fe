"""Prometheus metrics beyond django-prometheus's request metrics: the task queue's depth (Redis),
jobs by state, failures included, and the outcome events still waiting for the worker (read at
scrape time)."""

import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)
_registered = False
_lock = threading.Lock()


class TaskQueueCollector:
    def collect(self):
        depth = GaugeMetricFamily(
            "scharnier_task_queue_depth", "Tasks waiting in the broker queue", labels=["queue"]
        )
        try:
            import redis  # noqa: PLC0415

            client = redis.Redis.from_url(
                getattr(settings, "CELERY_BROKER_URL", settings.REDIS_URL),
                socket_connect_timeout=1,
                socket_timeout=1,
            )
            queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
            depth.add_metric([queue], client.llen(queue))
            client.close()
        except Exception:  # noqa: BLE001 - no broker: no depth sample, scrape still works
            logger.debug("task queue depth unavailable", exc_info=True)
        yield depth

        jobs = GaugeMetricFamily("scharnier_jobs", "Background jobs by kind and state",
                                 labels=["kind", "state"])  # fmt: skip
        try:
            # By name, not by import: core sits below the apps and never imports them.
            job_model = apps.get_model("jobs", "Job")
            for row in job_model.objects.values("kind", "state").annotate(n=Count("pk")):
                jobs.add_metric([row["kind"], row["state"]], row["n"])
        except Exception:  # noqa: BLE001 - e.g. before migrations
            logger.debug("job counts unavailable", exc_info=True)
        yield jobs

        # A stuck or missing worker shows here before the dashboards visibly lag.
        pending = GaugeMetricFamily(
            "scharnier_outcome_events_pending", "Outcome events whose rollup cells are not added"
        )
        oldest = GaugeMetricFamily(
            "scharnier_outcome_events_pending_oldest_seconds",
            "Age of the oldest outcome event waiting for the worker (0: none)",
        )
        try:
            found = (
                apps.get_model("monitoring", "PendingOutcomeEvent")
                .objects.aggregate(n=Count("pk"), first=Min("event__recorded_at"))
            )  # fmt: skip
            pending.add_metric([], found["n"])
            age = (timezone.now() - found["first"]).total_seconds() if found["first"] else 0.0
            oldest.add_metric([], max(age, 0.0))
        except Exception:  # noqa: BLE001 - e.g. before migrations
            logger.debug("pending outcome events unavailable", exc_info=True)
        yield pending
        yield oldest


def register() -> None:
    global _registered  # noqa: PLW0603 - one registration per process
    with _lock:
        if not _registered:
            REGISTRY.register(TaskQueueCollector())
            _registered = True


def render_latest() -> bytes:
    register()
    return generate_latest(REGISTRY)
