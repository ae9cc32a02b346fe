"""The upload flow of offer files: check first (a job), then save the checked file (a job).

The file is kept with the check job (server-side, for `JOBS_UPLOAD_KEEP_HOURS`), so a clean
check is saved with one click, without uploading it again. Both steps run as background jobs,
so a large file never runs inside the web request.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.jobs.services import start_job
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action, has_permission


def start_check(*, user, provider: Organisation, name: str, content: bytes) -> Job:
    """Check an uploaded file for `provider` as `user`; nothing is saved."""
    if not has_permission(user, Action.CREATE_OFFER, provider):
        raise PermissionDenied
    return start_job(
        JobKind.IMPORT_OFFERS,
        user=user,
        parameters={"actor_id": user.pk, "provider_id": provider.pk, "dry_run": True},
        input_name=name,
        input_data=content,
    )


def saved_followup(check: Job) -> Job | None:
    """The save job started from this check, if any."""
    return check.followups.filter(kind=JobKind.IMPORT_OFFERS).order_by("pk").first()


def can_confirm(check: Job) -> bool:
    return (
        check.kind == JobKind.IMPORT_OFFERS
        and check.state == JobState.SUCCEEDED
        and bool(check.parameters.get("dry_run"))
        and bool(check.result.get("ok"))
        and check.input_data is not None
    )


def confirm_check(*, user, check: Job) -> Job:
    """Save the file of a clean check (once: a second click returns the same save job)."""
    if check.created_by_id != user.pk:
        raise PermissionDenied
    existing = saved_followup(check)
    if existing is not None:
        return existing
    if not can_confirm(check):
        if check.state == JobState.SUCCEEDED and check.input_data is None:
            raise ValidationError(
                _("Het gecontroleerde bestand is niet meer bewaard. Upload het opnieuw.")
            )
        raise ValidationError(_("Alleen een bestand zonder problemen kan worden opgeslagen."))
    return start_job(
        JobKind.IMPORT_OFFERS,
        user=user,
        parameters={**check.parameters, "dry_run": False},
        input_name=check.input_name,
        input_data=bytes(check.input_data),
        source=check,
    )
