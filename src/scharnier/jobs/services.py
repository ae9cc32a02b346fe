"""Start jobs, run them (in a Celery worker or in-process) and record their progress.

Every background task runs through `execute`: it loads (or creates) the job, marks it running,
calls the task's handler with a progress callback, and records the result or, after the last
attempt, a Dutch error for users. Handlers must be idempotent: a retried or re-delivered task
runs the handler again from the start (imports write all or nothing, the others recompute).
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from scharnier.core.tasks import queue_available
from scharnier.matching.services import SYNC_LIMIT

from .models import FINISHED_STATES, Job, JobKind, JobState

logger = logging.getLogger(__name__)

# The Celery task of each kind (name and module), defined in the app that owns the work.
TASKS: dict[str, str] = {
    JobKind.IMPORT_OFFERS: "scharnier.catalog.tasks.import_offers",
    JobKind.COMPUTE_EMBEDDINGS: "scharnier.matching.tasks.compute_offer_embeddings",
    JobKind.ANALYSE_OVERLAP: "scharnier.landscape.tasks.analyse_overlap",
    JobKind.COMPUTE_OVERLAP_VECTORS: "scharnier.landscape.tasks.compute_overlap_vectors",
    JobKind.SNAPSHOT_LANDSCAPE: "scharnier.landscape.tasks.snapshot_landscape",
    JobKind.ANONYMISE_QUESTIONS: "scharnier.casework.tasks.anonymise_closed_questions",
    JobKind.PURGE_UPLOADS: "scharnier.jobs.tasks.purge_expired_uploads",
    JobKind.REGROUP_SIGNALS: "scharnier.signals.tasks.regroup_signals",
    JobKind.ANONYMISE_SIGNALS: "scharnier.signals.tasks.anonymise_closed_signals",
    JobKind.ERASE_PARTICIPANTS: "scharnier.communities.tasks.erase_past_participants",
    JobKind.REMIND_THREAD_OWNERS: "scharnier.signals.tasks.remind_thread_owners",
    JobKind.FORGET_LOGIN_RECORDS: "scharnier.accounts.tasks.forget_old_login_records",
    JobKind.REMIND_REFERRALS: "scharnier.casework.tasks.remind_overdue_referrals",
    JobKind.REMIND_OFFER_EDITORS: "scharnier.catalog.tasks.remind_offer_editors",
    JobKind.REMIND_JOINT_REVIEWERS: "scharnier.landscape.tasks.remind_joint_reviewers",
    JobKind.READ_CATALOGUES: "scharnier.catalog.tasks.read_catalogue_feeds",
    JobKind.REMIND_DEVELOPMENT_PLANS: "scharnier.learning.tasks.remind_development_plans",
}

Handler = Callable[[Job, Callable[..., None]], Mapping[str, Any] | None]


def start_job(
    kind: str,
    *,
    user=None,
    parameters: Mapping[str, Any] | None = None,
    input_name: str = "",
    input_data: bytes | None = None,
    source: Job | None = None,
) -> Job:
    """Record a job and hand it to the queue (or run it now when there is no queue)."""
    expires = None
    if input_data is not None:
        expires = timezone.now() + datetime.timedelta(hours=settings.JOBS_UPLOAD_KEEP_HOURS)
    job = Job.objects.create(
        kind=kind,
        created_by=user if user is not None and user.is_authenticated else None,
        parameters=dict(parameters or {}),
        input_name=input_name[:255],
        input_data=input_data,
        input_expires_at=expires,
        source=source,
    )
    dispatch(job)
    return job


def dispatch(job: Job) -> None:
    task = import_string(TASKS[job.kind])
    if not queue_available():
        # In-process: same connection, so no need to wait for a commit.
        task.apply(kwargs={"job_id": job.pk})
        job.refresh_from_db()
        return

    def send() -> None:
        result = task.apply_async(kwargs={"job_id": job.pk})
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=result.id or "")

    if connection.in_atomic_block:
        transaction.on_commit(send)  # the worker must find the committed row
    else:
        send()


class _Progress:
    """Progress callback for handlers: (done, total) or (stage, done, total); throttled."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, *args) -> None:
        done, total = args[-2], args[-1]
        now = time.monotonic()
        if done < total and now - self.last < 0.5:
            return
        self.last = now
        Job.objects.filter(pk=self.job.pk).update(progress_done=done, progress_total=total)


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter: base, 2*base, 4*base ... (capped at one hour)."""
    base = settings.JOBS_RETRY_BACKOFF_SECONDS
    return min(3600.0, base * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)  # noqa: S311


def execute(task, job_id: int | None, kind: str, handler: Handler) -> str:
    """Run `handler` for a job inside Celery task `task` (bound); returns the job's state."""
    if job_id is None:  # started by Celery beat: record it like any other job
        job = Job.objects.create(kind=kind)
    else:
        job = Job.objects.filter(pk=job_id).first()
        if job is None:
            logger.warning("job %s no longer exists", job_id)
            return "missing"
    if job.state in FINISHED_STATES:
        return job.state  # delivered twice: the work is done
    attempt = task.request.retries + 1
    max_attempts = settings.JOBS_MAX_ATTEMPTS
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        attempts=attempt,
        started_at=job.started_at or now,
        task_id=task.request.id or job.task_id,
    )
    job.refresh_from_db()
    try:
        result = handler(job, _Progress(job))
    except Exception as error:
        logger.exception("job %s (%s) attempt %d failed", job.public_id, kind, attempt)
        if attempt < max_attempts:
            Job.objects.filter(pk=job.pk).update(
                state=JobState.QUEUED,
                error=_(
                    "Poging %(attempt)s van %(max)s is mislukt. Er volgt vanzelf een nieuwe poging."
                )
                % {"attempt": attempt, "max": max_attempts},
            )
            raise task.retry(exc=error, countdown=retry_delay(attempt)) from error
        Job.objects.filter(pk=job.pk).update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            error=_(
                "Deze taak is %(attempts)s keer geprobeerd en steeds mislukt. Er is niets half "
                "opgeslagen. Probeer het later opnieuw; blijft het misgaan, neem dan contact op "
                "met de beheerder."
            )
            % {"attempts": attempt},
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        state=JobState.SUCCEEDED,
        finished_at=timezone.now(),
        error="",
        result=dict(result or {}),
    )
    return JobState.SUCCEEDED


def purge_expired_uploads(now: datetime.datetime | None = None) -> int:
    """Forget uploaded files whose keeping time is over; returns how many."""
    now = now or timezone.now()
    return Job.objects.filter(input_expires_at__lt=now, input_data__isnull=False).update(
        input_data=None
    )


def forget_input(job: Job) -> None:
    """Drop a file once it is saved (and the check it came from): it is no longer needed."""
    ids = [job.pk] + ([job.source_id] if job.source_id else [])
    Job.objects.filter(pk__in=ids).update(input_data=None)


def on_offers_changed(sender, offer_ids: list[int], **kwargs) -> None:
    """Receiver of catalog.signals.offers_changed: bulk changes get their features as a job.

    Small changes are handled synchronously by matching itself; above its limit it leaves the
    work to `compute_offer_embeddings`, which we start here.
    """
    limit = getattr(settings, "MATCHING_SYNC_FEATURE_LIMIT", SYNC_LIMIT)
    if len(offer_ids) <= limit:
        return
    try:
        start_job(JobKind.COMPUTE_EMBEDDINGS, parameters={"offer_ids": sorted(offer_ids)})
    except Exception:  # never break the catalog write that triggered us
        logger.exception("could not start embeddings job for %d offers", len(offer_ids))
