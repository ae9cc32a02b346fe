"""Background tasks: check or save an uploaded file of offers (started by the upload page);
remind editors of offers that need a look (monthly); read the catalogues of provinces and
municipalities (nightly)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model

from scharnier.jobs.models import Job, JobKind
from scharnier.jobs.services import execute, forget_input
from scharnier.organisations.models import Organisation

from .feeds import read_all_feeds
from .importing import ImportReport
from .importing import import_offers as run_import
from .services import remind_editors_of_offers_needing_attention as remind_editors


def report_to_result(report: ImportReport) -> dict[str, Any]:
    """The report as stored on the job (the problem list is already capped)."""
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "problem_count": report.problem_count,
        "more_problems": report.more_problems,
        "problems": [
            {"row": p.row, "field": p.field, "message": p.message} for p in report.problems
        ],
    }


def _import(job: Job, progress) -> dict[str, Any]:
    parameters = job.parameters
    # The user who uploaded must still exist: an import without actor would skip permissions.
    actor = get_user_model().objects.get(pk=parameters["actor_id"])
    provider = Organisation.objects.get(pk=parameters["provider_id"])
    if job.input_data is None:
        return report_to_result(
            ImportReport(0, 0, 0, problems=[], dry_run=parameters.get("dry_run", True))
        ) | {"expired": True}
    report = run_import(
        content=bytes(job.input_data),
        filename=job.input_name,
        actor=actor,
        provider=provider,
        dry_run=bool(parameters.get("dry_run", True)),
        progress=progress,
    )
    if report.ok and not report.dry_run:
        forget_input(job)
    return report_to_result(report)


@shared_task(bind=True, name="scharnier.import_offers")
def import_offers(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.IMPORT_OFFERS, _import)


@shared_task(bind=True, name="scharnier.remind_offer_editors")
def remind_offer_editors(self, job_id: int | None = None) -> str:
    """Scheduled monthly: each provider with expired or unchecked offers, its editors told."""
    return execute(
        self,
        job_id,
        JobKind.REMIND_OFFER_EDITORS,
        lambda job, progress: {"reminded": remind_editors()},
    )


@shared_task(bind=True, name="scharnier.read_catalogue_feeds")
def read_catalogue_feeds(self, job_id: int | None = None) -> str:
    """Scheduled nightly: every organisation's Samenwerkende Catalogi address."""
    return execute(self, job_id, JobKind.READ_CATALOGUES, lambda job, progress: read_all_feeds())
