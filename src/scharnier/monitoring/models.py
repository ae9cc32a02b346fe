"""Outcome events: one immutable row per countable act, the raw material of every KPI.

Other apps never write this table; they call `monitoring.services.record_outcome_event`.
Aggregation (rollups, dashboards) is built on top of these rows elsewhere.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.geography.models import Municipality, Region


class OutcomeEventKind(models.TextChoices):
    QUESTION_RECEIVED = "question_received", _("Vraag ontvangen")
    MEETING_HELD = "meeting_held", _("Bijeenkomst gehouden")
    MEETING_PARTICIPATION = "meeting_participation", _("Deelname aan bijeenkomst")
    SIGNAL_RAISED = "signal_raised", _("Signaal gemeld")
    THREAD_ANSWERED = "thread_answered", _("Rode draad beantwoord")


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
