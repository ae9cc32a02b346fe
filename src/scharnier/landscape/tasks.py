"""Background tasks: overlap analysis (on demand and when stale) and monthly snapshots."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from scharnier.jobs.models import JobKind
from scharnier.jobs.queries import has_open_job
from scharnier.jobs.services import execute, start_job

from .joint_reviews import remind_reviewers
from .models import OverlapAnalysis
from .services import compute_offer_vectors, run_overlap_analysis
from .services import snapshot_landscape as snapshot


def _analyse(job, progress) -> dict:
    analysis = run_overlap_analysis(progress=progress)
    return {
        "offers": analysis.offer_count,
        "pairs": analysis.pair_count,
        "clusters": analysis.cluster_count,
    }


def _compute_vectors(job, progress) -> dict:
    return {"computed": compute_offer_vectors(job.parameters.get("offer_ids"), progress=progress)}


def _snapshot(job, progress) -> dict:
    month = job.parameters.get("month")
    day = datetime.date.fromisoformat(month) if month else None
    return {"counts": snapshot(day)}


@shared_task(bind=True, name="scharnier.analyse_overlap")
def analyse_overlap(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.ANALYSE_OVERLAP, _analyse)


@shared_task(bind=True, name="scharnier.compute_overlap_vectors")
def compute_overlap_vectors(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.COMPUTE_OVERLAP_VECTORS, _compute_vectors)


@shared_task(bind=True, name="scharnier.snapshot_landscape")
def snapshot_landscape(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.SNAPSHOT_LANDSCAPE, _snapshot)


def overlap_is_stale(now: datetime.datetime | None = None) -> bool:
    """No analysis yet, or offers changed since the last one longer ago than the settle time.

    The settle time lets a burst of edits end before the (minutes long) analysis starts.
    """
    now = now or timezone.now()
    latest = OverlapAnalysis.objects.order_by("-started_at").first()
    if latest is None:
        return True
    if latest.stale_since is None:
        return False
    settle = datetime.timedelta(minutes=getattr(settings, "LANDSCAPE_OVERLAP_SETTLE_MINUTES", 15))
    return latest.stale_since <= now - settle


@shared_task(name="scharnier.refresh_overlap_if_stale")
def refresh_overlap_if_stale() -> bool:
    """Scheduled hourly: start an overlap analysis job only when the stored one is stale."""
    if not overlap_is_stale() or has_open_job(JobKind.ANALYSE_OVERLAP):
        return False
    start_job(JobKind.ANALYSE_OVERLAP)
    return True


def _remind_reviewers(job, progress) -> dict:
    result = remind_reviewers()
    return {"reminded": result.reminded, "overdue": result.overdue}


@shared_task(bind=True, name="scharnier.remind_joint_reviewers")
def remind_joint_reviewers(self, job_id: int | None = None) -> str:
    """Scheduled daily: reviewing organisations whose view is due soon, and late reviews."""
    return execute(self, job_id, JobKind.REMIND_JOINT_REVIEWERS, _remind_reviewers)
