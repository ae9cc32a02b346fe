"""Background tasks: the full regroup of signals into threads, on demand and nightly, the
nightly retention job and the daily reminders to thread owners."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.queries import has_open_job
from scharnier.jobs.services import execute, start_job

from .notifications import remind_owners
from .queries import regroup_due
from .retention import anonymise_closed_signals as anonymise
from .services import regroup


def _regroup(job, progress) -> dict:
    result = regroup(progress=progress)
    return {
        "signals": result.signals,
        "threads": result.threads,
        "moved": result.moved,
        "created": result.created,
        "removed": result.removed,
        "learned_from_threads": result.learned_from_threads,
    }


@shared_task(bind=True, name="scharnier.regroup_signals")
def regroup_signals(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.REGROUP_SIGNALS, _regroup)


@shared_task(name="scharnier.regroup_signals_if_changed")
def regroup_signals_if_changed() -> bool:
    """Scheduled nightly: regroup only when signals arrived since the last full regroup."""
    if not regroup_due() or has_open_job(JobKind.REGROUP_SIGNALS):
        return False
    start_job(JobKind.REGROUP_SIGNALS)
    return True


def _anonymise(job, progress) -> dict:
    result = anonymise()
    return {"signals": result.signals, "feedback": result.feedback}


@shared_task(bind=True, name="scharnier.anonymise_closed_signals")
def anonymise_closed_signals(self, job_id: int | None = None) -> str:
    """Scheduled nightly (retention); recorded as a job like every scheduled task."""
    return execute(self, job_id, JobKind.ANONYMISE_SIGNALS, _anonymise)


def _remind(job, progress) -> dict:
    result = remind_owners()
    return {"reminded": result.reminded, "overdue": result.overdue}


@shared_task(bind=True, name="scharnier.remind_thread_owners")
def remind_thread_owners(self, job_id: int | None = None) -> str:
    """Scheduled daily: owners of threads whose deadline comes near or has passed."""
    return execute(self, job_id, JobKind.REMIND_THREAD_OWNERS, _remind)
