"""Background tasks: blank personal data of questions closed longer than the retention period,
mail waiting new-question lists, remind providers of referrals they let pass their term."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.services import execute

from .services import anonymise_closed_questions as anonymise
from .services import flush_staff_notifications as flush
from .services import remind_overdue_referrals as remind


@shared_task(bind=True, name="scharnier.anonymise_closed_questions")
def anonymise_closed_questions(self, job_id: int | None = None) -> str:
    return execute(
        self, job_id, JobKind.ANONYMISE_QUESTIONS, lambda job, progress: {"anonymised": anonymise()}
    )


@shared_task(name="scharnier.flush_staff_notifications")
def flush_staff_notifications() -> int:
    """Mail the waiting lists of new questions to their schakelteams (bursts, see services)."""
    return flush()


@shared_task(bind=True, name="scharnier.remind_overdue_referrals")
def remind_overdue_referrals(self, job_id: int | None = None) -> str:
    """Scheduled daily: referrals past their term, the provider reminded and the referrer told."""
    return execute(
        self, job_id, JobKind.REMIND_REFERRALS, lambda job, progress: {"reminded": remind()}
    )
