"""Background task: the nightly retention job for meeting participants."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.services import execute

from .retention import erase_past_participants as erase


@shared_task(bind=True, name="scharnier.erase_past_participants")
def erase_past_participants(self, job_id: int | None = None) -> str:
    """Scheduled nightly (retention); recorded as a job like every scheduled task."""
    return execute(
        self, job_id, JobKind.ERASE_PARTICIPANTS, lambda job, progress: {"erased": erase()}
    )
