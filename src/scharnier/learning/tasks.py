"""Background tasks: the daily reminders of the development plans and the escalation route."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.services import execute

from .development_plans import send_reminders


def _remind(job, progress) -> dict:
    result = send_reminders()
    return {
        "regions": result.regions,
        "late_actions": result.late_actions,
        "meetings": result.meetings,
        "waiting_escalations": result.waiting_escalations,
    }


@shared_task(bind=True, name="scharnier.remind_development_plans")
def remind_development_plans(self, job_id: int | None = None) -> str:
    """Scheduled daily: late actions to the region's director, escalations to the analysts."""
    return execute(self, job_id, JobKind.REMIND_DEVELOPMENT_PLANS, _remind)
