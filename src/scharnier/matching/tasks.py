"""Background task: compute stored features (embeddings) of offers."""

from celery import shared_task

from scharnier.jobs.models import JobKind
from scharnier.jobs.services import execute

from .services import compute_offer_embeddings as compute


def _compute(job, progress) -> dict:
    # No ids: every offer (unchanged ones are skipped, so a nightly run is cheap).
    ids = job.parameters.get("offer_ids")
    return {"computed": compute(ids, progress=progress)}


@shared_task(bind=True, name="scharnier.compute_offer_embeddings")
def compute_offer_embeddings(self, job_id: int | None = None) -> str:
    return execute(self, job_id, JobKind.COMPUTE_EMBEDDINGS, _compute)
