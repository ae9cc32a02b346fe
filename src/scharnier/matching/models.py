"""Matching data: stored offer vectors, regional scan adaptations, plans and their hand-over."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import Offer
from scharnier.geography.models import Municipality, Region


class OfferEmbedding(models.Model):
    """Precomputed text features of one offer; recomputed when the offer changes.

    `vector` is float32 bytes from `scharnier.core.embeddings` (`model_name` tells which);
    `terms` is the lemmatised text for the lexical index; `content_hash` detects changes.
    """

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="+")
    model_name = models.CharField(max_length=60)
    content_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    terms = models.TextField(blank=True)
    # multilingual-e5-small vector (semantic_e5), empty when that signal is switched off.
    vector_e5 = models.BinaryField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tekstkenmerken van aanbod")
        verbose_name_plural = _("tekstkenmerken van aanbod")
        indexes = [models.Index(fields=["computed_at"], name="matching_emb_computed_idx")]

    def __str__(self) -> str:
        return f"{self.offer_id} ({self.model_name})"


class FeatureSetVersion(models.Model):
    """One row, bumped whenever stored offer features change.

    Every app process compares it (a primary-key lookup) with the version of its in-memory
    index, so a change made by any process reaches all of them without a scan of the table.
    """

    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("versie van de tekstkenmerken")
        verbose_name_plural = _("versie van de tekstkenmerken")

    def __str__(self) -> str:
        return str(self.version)


def new_plan_token() -> str:
    # 128 bits of randomness: the link is the only key to the plan (no account needed).
    return secrets.token_urlsafe(16)


class ScanQuestionAdaptation(models.Model):
    """A region's own wording of a question of the shared toekomstscan framework.

    "Eigen invulling, gedeelde kaders": the question code, answer scale and scoring stay those
    of the framework; the region only adapts the text and the explanation.
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("regio")
    )
    question_code = models.CharField(_("vraag uit het kader"), max_length=40)
    text = models.CharField(_("eigen vraagtekst"), max_length=300)
    help_text = models.CharField(_("eigen toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("regionale invulling van een scanvraag")
        verbose_name_plural = _("regionale invulling van de toekomstscan")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "question_code"], name="one_adaptation_per_region_question"
            )
        ]
        ordering = ["region", "question_code"]

    def __str__(self) -> str:
        return f"{self.region}: {self.question_code}"


class Plan(models.Model):
    """The personal plan that a toekomstscan produced; reachable only by its random token."""

    token = models.CharField(max_length=40, unique=True, default=new_plan_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    employees = models.PositiveIntegerField(_("aantal medewerkers"))
    sbi_section = models.CharField(_("sector (SBI-code)"), max_length=40, blank=True)
    company_age_years = models.PositiveSmallIntegerField(_("leeftijd bedrijf (jaren)"))
    direction = models.CharField(_("ontwikkelrichting (code)"), max_length=40)
    answers = models.JSONField(_("antwoorden"), default=dict)
    priorities = models.JSONField(_("prioriteiten"), default=list)
    # The outreach campaign whose link brought the firm to the scan (core.validation).
    campaign_code = models.CharField(
        _("benaderactie"), max_length=40, blank=True, default="", db_index=True
    )

    class Meta:
        verbose_name = _("plan uit de toekomstscan")
        verbose_name_plural = _("plannen uit de toekomstscan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Plan {self.pk}"


class PlanHandover(models.Model):
    """A plan sent, with explicit consent, to the region's schakelteam.

    The question itself, with the entrepreneur's contact details and consent, lives in the
    casework inbox (`question_reference`); this row only links the plan to it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="handovers")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question_reference = models.CharField(_("referentie van de vraag"), max_length=12)
    sent_at = models.DateTimeField(_("verstuurd op"))

    class Meta:
        verbose_name = _("plan naar schakelteam")
        verbose_name_plural = _("plannen naar schakelteam")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} -> {self.region or '-'}"
