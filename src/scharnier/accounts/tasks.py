"""Background task: the nightly retention job for login records."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.services import execute

from .retention import forget_old_login_records as forget


@shared_task(bind=True, name="scharnier.forget_old_login_records")
def forget_old_login_records(self, job_id: int | None = None) -> str:
    """Scheduled nightly (retention); recorded as a job like every scheduled task."""
    return execute(
        self, job_id, JobKind.FORGET_LOGIN_RECORDS, lambda job, progress: {"deleted": forget()}
    )
