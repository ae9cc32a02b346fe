"""Background task: add the rollup cells of outcome events recorded while tasks are queued."""

from celery import shared_task
from django.db import OperationalError

from . import services


# A locked database (SQLite while a request writes) or a dropped connection: the batch rolled
# back and its events are still pending, so try again soon instead of leaving them for beat.
@shared_task(
    name=services.APPLY_PENDING_TASK,
    autoretry_for=(OperationalError,),
    retry_backoff=1,
    retry_backoff_max=30,
    retry_jitter=False,
    max_retries=5,
)
def apply_pending_outcome_events() -> int:
    return services.apply_pending_events()
