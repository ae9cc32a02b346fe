"""Job pages: a user's jobs, and one job's progress and result (refreshes itself while busy)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from scharnier.catalog.uploads import can_confirm, saved_followup

from .models import JobKind
from .permissions import starts_jobs
from .queries import visible_jobs

REFRESH_SECONDS = 2


@never_cache
@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    if not starts_jobs(request.user):
        raise PermissionDenied
    page = Paginator(visible_jobs(request.user), 25).get_page(request.GET.get("pagina"))
    busy = any(not job.finished for job in page.object_list)
    return render(
        request,
        "jobs/job_list.html",
        {"page": page, "refresh": REFRESH_SECONDS * 2 if busy else None},
    )


@never_cache
@login_required
@require_GET
def job_detail(request: HttpRequest, public_id) -> HttpResponse:
    if not starts_jobs(request.user):
        raise PermissionDenied
    job = get_object_or_404(visible_jobs(request.user).defer(None), public_id=public_id)
    context = {"job": job, "refresh": None if job.finished else REFRESH_SECONDS}
    if job.kind == JobKind.IMPORT_OFFERS:
        context["followup"] = saved_followup(job)
        context["confirmable"] = (
            context["followup"] is None
            and can_confirm(job)
            and job.created_by_id == request.user.pk
        )
    return render(request, "jobs/job_detail.html", context)
