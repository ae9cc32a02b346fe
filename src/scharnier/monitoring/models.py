"""Outcome events: one immutable row per countable act, the raw material of every KPI.

Other apps never write these tables; they call `monitoring.services.record_outcome_event`.
Beside the events live the metric registry (versioned definitions), the derived tables that
rollups are built from (`SubjectLink`, `FirmFunnel`, `OutcomeRollup`) and the targets.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation


class OutcomeEventKind(models.TextChoices):
    QUESTION_RECEIVED = "question_received", _("Vraag ontvangen")
    MEETING_HELD = "meeting_held", _("Bijeenkomst gehouden")
    MEETING_PARTICIPATION = "meeting_participation", _("Deelname aan bijeenkomst")
    SIGNAL_RAISED = "signal_raised", _("Signaal gemeld")
    THREAD_ANSWERED = "thread_answered", _("Rode draad beantwoord")
    QUESTION_TRIAGED = "question_triaged", _("Vraag beoordeeld")
    QUESTION_INTAKE = "question_intake", _("Intake vastgelegd (vraag achter de vraag)")
    FIRST_CONTACT = "first_contact", _("Eerste contact")
    QUESTION_MOVED = "question_moved", _("Vraag naar andere regio")
    REFERRAL_MADE = "referral_made", _("Doorverwijzing gemaakt")
    REFERRAL_ACCEPTED = "referral_accepted", _("Doorverwijzing geaccepteerd")
    REFERRAL_REJECTED = "referral_rejected", _("Doorverwijzing afgewezen")
    REFERRAL_RESULT = "referral_result", _("Resultaat van doorverwijzing vastgelegd")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback gegeven")
    SCAN_COMPLETED = "scan_completed", _("Toekomstscan ingevuld (plan gemaakt)")
    PLAN_HANDED_OVER = "plan_handed_over", _("Plan naar het schakelteam gestuurd")
    # The entrepreneur redid the scan from the plan link (T1) and agreed that it counts.
    SCAN_REDONE = "scan_redone", _("Toekomstscan opnieuw gedaan, telt als resultaat")
    # A corrected meeting log: the earlier report is withdrawn (mirrored), the new one recorded.
    MEETING_HELD_WITHDRAWN = (
        "meeting_held_withdrawn",
        _("Telling van een bijeenkomst ingetrokken (verbeterd)"),
    )


# Kinds whose report a source may correct, and the kind that withdraws an earlier report. The
# figures count a kind net of its withdrawals; every event itself stays as it was written.
WITHDRAWAL_KINDS = {OutcomeEventKind.MEETING_HELD: OutcomeEventKind.MEETING_HELD_WITHDRAWN}


class ImmutableEventError(Exception):
    """An outcome event is written once and never changed or deleted."""


class OutcomeEvent(models.Model):
    kind = models.CharField(_("soort"), max_length=40, choices=OutcomeEventKind.choices)
    occurred_at = models.DateTimeField(_("moment"), db_index=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Codes, not foreign keys: an event keeps what was true when it happened.
    themes = models.JSONField(_("thema's"), default=list, blank=True)
    size_class = models.CharField(_("grootteklasse"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=40, blank=True)
    door = models.CharField(_("ingang"), max_length=20, blank=True)
    phase = models.CharField(_("klantreisfase"), max_length=40, blank=True)
    # The unit that stands for one firm when no KvK number was given ("casework.question:12");
    # every event of the same question, plan or participant carries the same subject.
    subject = models.CharField(_("onderwerp"), max_length=100, blank=True, db_index=True)
    # A measured number: working days to first contact, a feedback score (0-10).
    value = models.IntegerField(_("waarde"), null=True, blank=True)
    # HMAC of a KvK number with a secret from settings: counts unique firms, reveals none.
    firm_key = models.CharField(_("bedrijfssleutel"), max_length=64, blank=True, db_index=True)
    quantity = models.PositiveIntegerField(_("aantal"), default=1)
    source_type = models.CharField(_("bron (soort)"), max_length=60)
    source_id = models.CharField(_("bron (id)"), max_length=80)

    class Meta:
        verbose_name = _("uitkomstgebeurtenis")
        verbose_name_plural = _("uitkomstgebeurtenissen")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind"], name="one_event_per_source_and_kind"
            )
        ]
        indexes = [models.Index(fields=["region", "kind", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableEventError("outcome events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEventError("outcome events cannot be deleted")


class MetricDefinition(models.Model):
    """One version of one KPI. A change makes a new version; figures name the version they used."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("versie"), default=1)
    valid_from = models.DateField(_("geldig vanaf"))
    name = models.CharField(_("naam"), max_length=120)
    definition = models.TextField(_("definitie (B1)"))
    unit = models.CharField(_("eenheid"), max_length=40)
    computation = models.TextField(_("berekening"))
    period = models.CharField(_("periode"), max_length=80)
    owner = models.CharField(_("eigenaar"), max_length=120)
    # For the funnel stages: which event kinds put a firm in this stage.
    event_kinds = models.JSONField(_("soorten gebeurtenissen"), default=list, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("definitie van een kengetal")
        verbose_name_plural = _("definities van kengetallen")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_metric_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def stamp(self) -> str:
        return f"{self.code}@v{self.version}"

    @property
    def event_kind_labels(self) -> list[str]:
        """The event kinds in words, for pages (the codes stay in the CSV and the API)."""
        labels = dict(OutcomeEventKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.event_kinds]


class PendingOutcomeEvent(models.Model):
    """An event whose rollup cells the worker has still to add (in batches, see
    `services.apply_pending_events`). Only used when tasks go to the queue."""

    event = models.OneToOneField(
        OutcomeEvent, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.event_id)


class SubjectLink(models.Model):
    """Derived: which firm a subject belongs to and where it is counted (after moves)."""

    subject = models.CharField(max_length=100, unique=True)
    firm = models.CharField(max_length=100, db_index=True)
    region_key = models.IntegerField(default=0)
    municipality_key = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.subject


class FirmFunnel(models.Model):
    """Derived: per firm (KvK key, or a subject without one) the first moment of each stage."""

    firm = models.CharField(max_length=100, unique=True)
    region_key = models.IntegerField(default=0)
    municipality_key = models.IntegerField(default=0)
    size_class = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=40, blank=True)
    door = models.CharField(max_length=20, blank=True)
    reached_on = models.DateField(null=True)
    activated_on = models.DateField(null=True)
    supported_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"firm {self.pk}"


class LocalHour(models.Model):
    """Derived: the local day and rollup bucket of each UTC hour in which events occurred.

    Time zones change on whole hours, so the UTC hour fixes the local day. The rollups join
    this table in SQL (SQLite has no time zones), and `rollups.bucket_of` stays the one rule.
    """

    hour = models.CharField(max_length=13, unique=True)  # "YYYY-MM-DD HH", UTC
    day = models.DateField(db_index=True)
    bucket = models.DateField()

    def __str__(self) -> str:
        return self.hour


class OutcomeRollup(models.Model):
    """Pre-aggregated counts per time bucket x region x municipality x measure x dimension value.

    `bucket` is the first day of the bucket: a month by default, a day with
    `MONITORING_ROLLUP_BUCKET = "day"` (every published period is whole months).
    `region_key`/`municipality_key` are primary keys (0: none). Pages read only these rows.
    """

    bucket = models.DateField()
    region_key = models.IntegerField(default=0)
    municipality_key = models.IntegerField(default=0)
    measure = models.CharField(max_length=40)
    dimension = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=60, blank=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "bucket",
                    "region_key",
                    "municipality_key",
                    "measure",
                    "dimension",
                    "value",
                ],
                name="one_rollup_cell",
            )
        ]
        indexes = [
            models.Index(fields=["measure", "dimension", "region_key", "bucket"]),
        ]

    def __str__(self) -> str:
        return f"{self.bucket} {self.measure} {self.dimension}={self.value}: {self.count}"


class RegionTarget(models.Model):
    """A region's target (firms reached by the target date) and its locked baseline."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="+")
    target = models.PositiveIntegerField(_("doel (bereikte bedrijven)"))
    baseline = models.PositiveIntegerField(_("nulmeting"), null=True, blank=True)
    baseline_on = models.DateField(_("datum nulmeting"), null=True, blank=True)

    class Meta:
        verbose_name = _("doel van een regio")
        verbose_name_plural = _("doelen van regio's")

    def __str__(self) -> str:
        return f"{self.region}: {self.target}"


class ResultAgreement(models.Model):
    """Result agreements (resultaatafspraken) of a region for one year: the parties agree on
    targets for chosen KPIs, each with its baseline. Public on the region's dashboard."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    parties = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("partijen")
    )
    note = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("resultaatafspraak")
        verbose_name_plural = _("resultaatafspraken")
        ordering = ["region__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_agreement_per_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class AgreedTarget(models.Model):
    """One KPI of a result agreement: the target, and the baseline (locked once set, like
    `RegionTarget.baseline`). The unit is the metric's, from the registry."""

    agreement = models.ForeignKey(ResultAgreement, on_delete=models.CASCADE, related_name="targets")
    metric_code = models.SlugField(_("kengetal"), max_length=60)
    target = models.IntegerField(_("streefwaarde"))
    baseline = models.IntegerField(_("nulmeting"), null=True, blank=True)
    baseline_on = models.DateField(_("datum nulmeting"), null=True, blank=True)

    class Meta:
        verbose_name = _("afgesproken streefwaarde")
        verbose_name_plural = _("afgesproken streefwaarden")
        ordering = ["agreement", "metric_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "metric_code"], name="one_target_per_metric"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric_code}: {self.target}"
