"""Background task: add the rollup cells of outcome events recorded while tasks are queued."""

from celery import shared_task

from . import services


@shared_task(name=services.APPLY_PENDING_TASK)
def apply_pending_outcome_events() -> int:
    return services.apply_pending_events()
