"""Landscape analysis: stored overlap results, decisions on them, consistency checks, snapshots.

Pages read these stored results; `services.run_overlap_analysis` (command `analyse_overlap`)
computes them. Offers are referenced, never written.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import Offer
from scharnier.geography.models import Region


class OfferVector(models.Model):
    """Cached text embedding of an offer, so a re-run only embeds changed offers."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="+")
    model_name = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=40)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"vector {self.offer_id} ({self.model_name})"


class OverlapAnalysis(models.Model):
    """One run of the overlap detector over the whole catalog."""

    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    offer_count = models.PositiveIntegerField(_("aantal aanbiedingen"), default=0)
    candidate_count = models.PositiveIntegerField(_("aantal vergeleken paren"), default=0)
    pair_count = models.PositiveIntegerField(_("aantal overlappende paren"), default=0)
    cluster_count = models.PositiveIntegerField(_("aantal clusters"), default=0)
    model_name = models.CharField(_("taalmodel"), max_length=60, blank=True)
    # Set when offers change after this run (catalog.signals.offers_changed).
    stale_since = models.DateTimeField(_("verouderd sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("overlapanalyse")
        verbose_name_plural = _("overlapanalyses")
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class SuggestedAction(models.TextChoices):
    MERGE = "samenvoegen", _("Samenvoegen")
    ALIGN = "afstemmen", _("Afstemmen")
    KEEP = "behouden", _("Behouden")


class OverlapCluster(models.Model):
    """A group of offers that overlap (connected by overlapping pairs)."""

    analysis = models.ForeignKey(OverlapAnalysis, on_delete=models.CASCADE, related_name="clusters")
    # Stable identity over re-runs: hash of the sorted offer ids; decisions refer to it.
    key = models.CharField(max_length=40, db_index=True)
    offers = models.ManyToManyField(Offer, related_name="+")
    size = models.PositiveIntegerField(_("aantal aanbiedingen"))
    max_score = models.FloatField(_("hoogste overlapscore"))
    suggested_action = models.CharField(
        _("voorgestelde actie"), max_length=20, choices=SuggestedAction.choices
    )
    theme_codes = models.JSONField(default=list)
    phase_codes = models.JSONField(default=list)

    class Meta:
        verbose_name = _("overlapcluster")
        verbose_name_plural = _("overlapclusters")
        ordering = ["-max_score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "key"], name="unique_cluster_per_run")
        ]

    def __str__(self) -> str:
        return f"cluster {self.pk} ({self.size})"


class OverlapPair(models.Model):
    """Two overlapping offers with the evidence."""

    cluster = models.ForeignKey(OverlapCluster, on_delete=models.CASCADE, related_name="pairs")
    offer_a = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    offer_b = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("overlapscore"))
    semantic_similarity = models.FloatField(_("betekenis gelijk"))
    text_similarity = models.FloatField(_("tekst gelijk"))
    shared_themes = models.JSONField(default=list)
    shared_phases = models.JSONField(default=list)
    same_offer_type = models.BooleanField(default=False)
    same_scope_level = models.BooleanField(default=False)
    # How many municipalities both offers reach; None when both reach the whole country.
    shared_area_size = models.PositiveIntegerField(_("gedeeld gebied (gemeenten)"), null=True)

    class Meta:
        ordering = ["-score", "pk"]

    def __str__(self) -> str:
        return f"{self.offer_a_id} ~ {self.offer_b_id} ({self.score:.2f})"


class DecisionKind(models.TextChoices):
    MERGE = "samenvoegen", _("Samenvoegen")
    ALIGN = "afstemmen", _("Afstemmen")
    KEEP = "behouden", _("Behouden: geen probleem")
    NO_OVERLAP = "geen-overlap", _("Geen overlap")


class OverlapDecision(models.Model):
    """A reviewer's decision on a cluster; kept over re-runs through the cluster key."""

    cluster_key = models.CharField(max_length=40, db_index=True)
    offer_ids = models.JSONField(_("aanbiedingen"), default=list)
    decision = models.CharField(_("besluit"), max_length=20, choices=DecisionKind.choices)
    note = models.TextField(_("toelichting"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"))

    class Meta:
        verbose_name = _("besluit over overlap")
        verbose_name_plural = _("besluiten over overlap")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.cluster_key[:8]})"


# Only these decisions stop or combine offers, so only these can free money.
FREEING_DECISIONS = (DecisionKind.MERGE, DecisionKind.ALIGN)


class FreedBudget(models.Model):
    """Money that a clean-up decision frees in a year, and the region whose demand activation
    it funds: the vision's "vrijgespeelde middelen" as the revenue of the business case."""

    decision = models.ForeignKey(
        OverlapDecision,
        on_delete=models.CASCADE,
        related_name="freed_budgets",
        verbose_name=_("besluit"),
    )
    amount_eur = models.DecimalField(_("bedrag (euro)"), max_digits=14, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("jaar"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingezet in regio"),
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("vrijgespeeld budget")
        verbose_name_plural = _("vrijgespeeld budget")
        ordering = ["-year", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_eur__gt=0), name="freed_budget_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: EUR {self.amount_eur}"


class Verdict(models.TextChoices):
    GO = "starten", _("Geen overlap gevonden: u kunt starten")
    ALIGN = "afstemmen", _("Gedeeltelijke overlap: stem eerst af")
    STOP = "heroverwegen", _("Sterke overlap: heroverweeg het plan")


class ConsistencyCheck(models.Model):
    """A consistency test of a proposed scheme; saved so it can be shared by link."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal = models.JSONField(_("voorstel"))
    verdict = models.CharField(_("oordeel"), max_length=20, choices=Verdict.choices)
    result = models.JSONField(_("uitkomst"))

    class Meta:
        verbose_name = _("consistentietoets")
        verbose_name_plural = _("consistentietoetsen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.proposal.get("title", str(self.public_id))


# --- The joint consistency test (Actieagenda kansenkaart 4) ---------------------------------
# "KvK, RVO en de ROM's gaan gezamenlijk kijken naar nieuwe aanvragen vanuit departementen ...
# De uitkomsten en aanbevelingen worden teruggelegd bij de beleidopdrachtgevers voor acties",
# and "Start met consistentietoets op bestaande dienstverlening" per theme.


class ReviewSubject(models.TextChoices):
    NEW = "nieuw", _("Nieuwe dienstverlening")
    EXISTING = "bestaand", _("Bestaande dienstverlening op een thema")
    # "Bezint eer ge begint met een nieuw loket"; "Nieuwe websites starten pas na toetsing
    # van meerwaarde" (Bezint eer ge begint; Actieagenda, bijlage 3).
    NEW_DESK = "loket", _("Nieuw loket of nieuwe website")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Bij de toetsers")
    RETURNED = "teruggelegd", _("Teruggelegd bij de opdrachtgever")
    CLOSED = "afgehandeld", _("Afgehandeld")


class ReviewPosition(models.TextChoices):
    """A reviewer's view, and the joint advice: the same three steps for new and existing help."""

    FITS = "sluit-aan", _("Sluit aan op wat er al is")
    ALIGN = "afstemmen", _("Eerst afstemmen met ander aanbod")
    RECONSIDER = "heroverwegen", _("Heroverwegen, samenvoegen of stoppen")


class OwnerAction(models.TextChoices):
    """What the policy owner did with the advice."""

    ADJUSTED = "aangepast", _("Plan aangepast")
    WITHDRAWN = "ingetrokken", _("Plan ingetrokken of aanbod gestopt")
    UNCHANGED = "ongewijzigd", _("Ongewijzigd doorgegaan")


class JointReview(models.Model):
    """A consistency test done together by the national providers, handed back to the policy
    owner who asked for it, with what the owner did with the advice."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("onderwerp"), max_length=12, choices=ReviewSubject.choices)
    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(_("vraag van de opdrachtgever"), max_length=2000)
    consistency_check = models.ForeignKey(
        ConsistencyCheck,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_reviews",
        verbose_name=_("consistentietoets"),
    )
    theme_code = models.CharField(_("thema"), max_length=40, blank=True)
    # A new desk or website: where it would work (empty: the whole country), and the answers
    # to the added-value questions (`joint_reviews.DESK_QUESTIONS`), by question code.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regio"),
    )
    desk_case = models.JSONField(_("onderbouwing"), default=dict, blank=True)
    policy_owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opdrachtgever"),
    )
    deadline = models.DateField(_("advies uiterlijk op"))
    status = models.CharField(
        _("stand"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("gestart op"))
    advice_position = models.CharField(
        _("gezamenlijk advies"), max_length=12, choices=ReviewPosition.choices, blank=True
    )
    advice = models.TextField(_("aanbevelingen"), blank=True)
    returned_at = models.DateTimeField(_("teruggelegd op"), null=True, blank=True)
    owner_action = models.CharField(
        _("wat de opdrachtgever deed"), max_length=12, choices=OwnerAction.choices, blank=True
    )
    owner_response = models.TextField(_("reactie van de opdrachtgever"), blank=True)
    owner_link = models.URLField(_("link naar het besluit of document"), blank=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The deadline the coordinator was told had passed (once per deadline).
    overdue_notice_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("gezamenlijke consistentietoets")
        verbose_name_plural = _("gezamenlijke consistentietoetsen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(subject="nieuw", consistency_check__isnull=False)
                    | models.Q(subject="bestaand", consistency_check__isnull=True)
                    & ~models.Q(theme_code="")
                    | models.Q(subject="loket", consistency_check__isnull=True, theme_code="")
                ),
                name="joint_review_has_its_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def participant_organisation_ids(self) -> set[int]:
        """The reviewing organisations and the policy owner, with the organisations above
        them (whose editors speak for their branches): who may read the review."""
        organisations = [c.organisation for c in self.contributions.all()] + [self.policy_owner]
        return {o.pk for o in organisations} | {o.parent_id for o in organisations} - {None}


class ReviewContribution(models.Model):
    """One reviewing organisation's view in a joint review."""

    review = models.ForeignKey(JointReview, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toetsende organisatie"),
    )
    position = models.CharField(
        _("oordeel"), max_length=12, choices=ReviewPosition.choices, blank=True
    )
    motivation = models.TextField(_("toelichting"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField(_("gegeven op"), null=True, blank=True)
    # The review's deadline this organisation was reminded of (once per deadline).
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bijdrage aan een gezamenlijke toets")
        verbose_name_plural = _("bijdragen aan gezamenlijke toetsen")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "organisation"], name="one_contribution_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.review}"

    @property
    def is_given(self) -> bool:
        return self.given_at is not None


ALL_THEMES = ""


class LandscapeSnapshot(models.Model):
    """Active offers per month, scope level and theme: the clean-up over time.

    A row with theme ``ALL_THEMES`` counts each offer of the level once; the theme rows count
    an offer under each of its themes, so they do not add up to it.
    """

    month = models.DateField(_("maand"))
    scope_level = models.CharField(_("gebied"), max_length=12)
    theme_code = models.CharField(_("thema"), max_length=40, blank=True)
    active_offers = models.PositiveIntegerField(_("actieve aanbiedingen"))
    active_schemes = models.PositiveIntegerField(
        _("waarvan regelingen"),
        default=0,
        help_text=_("Actief aanbod van een financiële soort (subsidie, lening, garantie ...)."),
    )

    class Meta:
        verbose_name = _("momentopname")
        verbose_name_plural = _("momentopnamen")
        ordering = ["month", "scope_level", "theme_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "scope_level", "theme_code"], name="unique_snapshot_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.scope_level} {self.theme_code}: {self.active_offers}"
