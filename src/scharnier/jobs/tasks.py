"""Housekeeping task of the jobs app."""

from celery import shared_task

from .models import JobKind
from .services import execute
from .services import purge_expired_uploads as purge


@shared_task(bind=True, name="scharnier.purge_expired_uploads")
def purge_expired_uploads(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.PURGE_UPLOADS, lambda job, progress: {"purged": purge()})
