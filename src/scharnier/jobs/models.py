"""A job: one run of a background task (import, embeddings, overlap, snapshot, retention)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scharnier.core.models import optional_link, public_id_field


class JobKind(models.TextChoices):
    IMPORT_OFFERS = "import_offers", _("Aanbod importeren")
    COMPUTE_EMBEDDINGS = "compute_offer_embeddings", _("Betekenis van aanbod berekenen")
    ANALYSE_OVERLAP = "analyse_overlap", _("Overlap in het aanbod zoeken")
    COMPUTE_OVERLAP_VECTORS = (
        "compute_overlap_vectors",
        _("Aanbod klaarzetten voor de overlapanalyse"),
    )
    SNAPSHOT_LANDSCAPE = "snapshot_landscape", _("Maandoverzicht van het aanbod vastleggen")
    ANONYMISE_QUESTIONS = "anonymise_closed_questions", _("Persoonsgegevens van oude vragen wissen")
    PURGE_UPLOADS = "purge_expired_uploads", _("Oude uploads opruimen")
    REGROUP_SIGNALS = "regroup_signals", _("Signalen opnieuw in rode draden groeperen")
    ANONYMISE_SIGNALS = "anonymise_closed_signals", _("Persoonsgegevens van oude signalen wissen")
    REMIND_THREAD_OWNERS = "remind_thread_owners", _("Eigenaars van rode draden herinneren")
    ERASE_PARTICIPANTS = (
        "erase_past_participants",
        _("Persoonsgegevens van deelnemers aan oude bijeenkomsten wissen"),
    )
    FORGET_LOGIN_RECORDS = "forget_old_login_records", _("Oude inloggegevens verwijderen")
    REMIND_REFERRALS = (
        "remind_overdue_referrals",
        _("Aanbieders herinneren aan doorverwijzingen zonder reactie"),
    )
    REMIND_OFFER_EDITORS = (
        "remind_offer_editors",
        _("Redacteuren herinneren aan aanbod dat aandacht vraagt"),
    )
    REMIND_JOINT_REVIEWERS = (
        "remind_joint_reviewers",
        _("Toetsers herinneren aan de uiterste datum van een gezamenlijke toets"),
    )
    REMIND_DEVELOPMENT_PLANS = (
        "remind_development_plans",
        _("Regio's en analisten herinneren aan acties en knelpunten uit de ontwikkelplannen"),
    )
    READ_CATALOGUES = (
        "read_catalogue_feeds",
        _("Catalogi van provincies en gemeenten inlezen (Samenwerkende Catalogi)"),
    )


class JobState(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    SUCCEEDED = "succeeded", _("Klaar")
    FAILED = "failed", _("Mislukt")


FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED)


class Job(models.Model):
    public_id = public_id_field()
    kind = models.CharField(_("soort"), max_length=40, choices=JobKind.choices)
    state = models.CharField(
        _("status"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    # None: started by the schedule or the system.
    created_by = optional_link(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name=None
    )
    # Arguments of the task (ids, flags); never personal data.
    parameters = models.JSONField(default=dict, blank=True)
    # An uploaded file, kept until `input_expires_at` so that a checked file can be saved
    # without a second upload.
    input_name = models.CharField(max_length=255, blank=True)
    input_data = models.BinaryField(null=True, blank=True)
    input_expires_at = models.DateTimeField(null=True, blank=True)
    # The check this save continues (import: "Opslaan" after a clean check).
    source = optional_link("self", on_delete=models.SET_NULL, related_name="followups")
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Dutch text for users; the technical cause goes to the log only.
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int:
        if self.state == JobState.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
