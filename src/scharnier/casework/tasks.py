"""Background task: blank personal data of questions closed longer than the retention period."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.services import execute

from .services import anonymise_closed_questions as anonymise
from .services import flush_staff_notifications as flush


@shared_task(bind=True, name="scharnier.anonymise_closed_questions")
def anonymise_closed_questions(self, job_id: int | None = None) -> str:
    return execute(
        self, job_id, JobKind.ANONYMISE_QUESTIONS, lambda job, progress: {"anonymised": anonymise()}
    )


@shared_task(name="scharnier.flush_staff_notifications")
def flush_staff_notifications() -> int:
    """Mail the waiting lists of new questions to their schakelteams (bursts, see services)."""
    return flush()
