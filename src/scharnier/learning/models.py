"""The learning cycle (issue 10): entrepreneurs' stories, self-assessment, peer visitation,
each province's effort and the entrepreneur's own repeated toekomstscan (T0 vs T1)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.casework.models import Question
from scharnier.catalog.models import Offer, SbiSection, SizeClass, Theme
from scharnier.core.validation import validate_plain_text, validate_single_line_text
from scharnier.geography.models import Province, Region
from scharnier.matching.models import Plan
from scharnier.organisations.models import Organisation


# --- Stories ----------------------------------------------------------------------------------
class StoryStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    CONSENT_REQUESTED = "toestemming_gevraagd", _("Toestemming gevraagd")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class Story(models.Model):
    """An entrepreneur's story: the question, who helped, what changed.

    Published only after the entrepreneur confirmed consent through the link in an e-mail; a
    withdrawal erases the content at once (only the status and dates remain, for counts).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=30, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    title = models.CharField(_("titel"), max_length=160, validators=[validate_single_line_text])
    entrepreneur = models.CharField(
        _("ondernemer (zoals in het verhaal)"),
        max_length=160,
        validators=[validate_single_line_text],
        help_text=_("Bijvoorbeeld: Anna, eigenaar van een bakkerij in Zwolle."),
    )
    question = models.TextField(_("wat was de vraag?"), validators=[validate_plain_text])
    helpers = models.TextField(_("wie hielp?"), validators=[validate_plain_text])
    change = models.TextField(_("wat veranderde er?"), validators=[validate_plain_text])
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    themes = models.ManyToManyField(Theme, related_name="+", blank=True)
    offers = models.ManyToManyField(Offer, related_name="+", blank=True)
    # So that entrepreneurs find stories of firms like theirs (same sector, same size).
    sector = models.ForeignKey(
        SbiSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector van het bedrijf"),
    )
    size_class = models.ForeignKey(
        SizeClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grootte van het bedrijf"),
    )
    casework_question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The organisation of the provider editor who recorded it (None: the region's staff).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Personal data: only to send the consent link; erased on withdrawal.
    consent_email = models.EmailField(_("e-mailadres van de ondernemer"), blank=True)
    consent_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    consent_token_expires_at = models.DateTimeField(null=True, blank=True)
    photo = models.BinaryField(null=True, blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    photo_alt = models.CharField(
        _("beschrijving van de foto"),
        max_length=200,
        blank=True,
        validators=[validate_single_line_text],
    )
    created_at = models.DateTimeField(default=timezone.now)
    consent_requested_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verhaal van een ondernemer")
        verbose_name_plural = _("verhalen van ondernemers")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "region"])]

    def __str__(self) -> str:
        return self.title or str(self.public_id)

    def firm_line(self) -> str:
        """Who the story is about, then the firm's sector and size where known:
        "Anna, eigenaar van een bakkerij · Industrie en maakbedrijven · Klein (10 tot 50 ...)"."""
        parts = [self.entrepreneur]
        if self.sector_id:
            parts.append(self.sector.name)
        if self.size_class_id:
            parts.append(self.size_class.label)
        return " · ".join(parts)


# --- Self-assessment --------------------------------------------------------------------------
class AssessmentStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    FINAL = "vastgesteld", _("Vastgesteld")


class SelfAssessment(models.Model):
    """One round (T0, T1, ...) of a region's self-assessment against the framework."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(_("ronde"))
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("zelfanalyse")
        verbose_name_plural = _("zelfanalyses")
        ordering = ["region", "round"]
        constraints = [
            models.UniqueConstraint(fields=["region", "round"], name="one_assessment_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.label}"

    @property
    def label(self) -> str:
        """The round in words ("eerste ronde"), not the planners' code T0, T1."""
        ordinals = (_("eerste ronde"), _("tweede ronde"), _("derde ronde"), _("vierde ronde"))
        if self.round < len(ordinals):
            return str(ordinals[self.round])
        return _("ronde %(number)s") % {"number": self.round + 1}


class CriterionScore(models.Model):
    """The region's maturity level (1-4) and evidence for one criterion of the framework."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    evidence = models.TextField(blank=True, validators=[validate_plain_text])
    # What the system knew when the round was scored (kept with the round).
    live_evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level or '-'}"


# --- Peer visitation --------------------------------------------------------------------------
class VisitationStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    HELD = "uitgevoerd", _("Uitgevoerd")


class Visitation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    host_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    peer_regions = models.ManyToManyField(Region, related_name="+")
    entrepreneurs_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("datum"))
    status = models.CharField(
        max_length=20, choices=VisitationStatus.choices, default=VisitationStatus.PLANNED
    )
    findings = models.TextField(_("bevindingen"), blank=True, validators=[validate_plain_text])
    recommendations = models.TextField(
        _("aanbevelingen"), blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("visitatie")
        verbose_name_plural = _("visitaties")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.host_region} {self.date}"


class ActionItem(models.Model):
    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("actie"), validators=[validate_plain_text])
    owner = models.CharField(_("eigenaar"), max_length=160, validators=[validate_single_line_text])
    deadline = models.DateField(_("deadline"))
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


# --- Province ---------------------------------------------------------------------------------
class ProvinceEffort(models.Model):
    """How a province organises its support for the SME (IPO's 'Inbreng Provincies')."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="+")
    way_of_working = models.TextField(_("werkwijze"), blank=True, validators=[validate_plain_text])
    themes = models.ManyToManyField(Theme, related_name="+", blank=True)
    first_line_organisations = models.ManyToManyField(Organisation, related_name="+", blank=True)

    class Meta:
        verbose_name = _("inzet van de provincie")
        verbose_name_plural = _("inzet van de provincies")

    def __str__(self) -> str:
        return str(self.province)


# --- The entrepreneur's own T1 ----------------------------------------------------------------
class ScanFollowUp(models.Model):
    """A plan made by redoing the scan from an earlier plan's link (T0 -> T1)."""

    earlier = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    later = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.earlier_id} -> {self.later_id}"


# --- Interventions ----------------------------------------------------------------------------
class InterventionKind(models.TextChoices):
    """The three moves of the Actieagenda (kansenkaart 6): improve building blocks, combine them,
    stop what does not work."""

    IMPROVE = "verbeteren", _("Aanbod verbeterd")
    COMBINE = "combineren", _("Aanbod gecombineerd")
    STOP = "stoppen", _("Gestopt met aanbod dat niet werkt")


# Actieagenda §6: "in elk van de zes regio gemikt op vijf à tien interventies in het verbeteren
# van mkb-ondersteuning, die direct merkbaar zijn voor mkb-ondernemers" (per year).
INTERVENTIONS_AIMED_PER_YEAR = (5, 10)


class Intervention(models.Model):
    """An improvement of the region's SME support that entrepreneurs notice directly: what was
    improved, combined or stopped, and what the entrepreneur notices of it. Public."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("soort"), max_length=20, choices=InterventionKind.choices)
    title = models.CharField(
        _("wat is er veranderd"), max_length=150, validators=[validate_single_line_text]
    )
    noticeable = models.TextField(
        _("wat merkt de ondernemer ervan"), validators=[validate_plain_text]
    )
    done_on = models.DateField(_("doorgevoerd op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = [models.F("done_on").desc(nulls_first=True), "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_planned(self) -> bool:
        return self.done_on is None


# --- Half-year report -------------------------------------------------------------------------
class ReportStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ter_goedkeuring", _("Ter goedkeuring")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


class HalfYearReport(models.Model):
    """A region's half-year report (region set) or the national roll-up (region empty).

    Until publication the figures are built live from the metric registry; publication freezes
    the snapshot (figures with metric versions, texts, story texts), the HTML and the PDF bytes.
    A correction is a new version; the earlier one stays readable and says it was replaced.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period = models.CharField(_("halfjaar"), max_length=7)  # "2026-H1"
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    progress = models.TextField(_("voortgang"), blank=True, validators=[validate_plain_text])
    lessons = models.TextField(_("lessen"), blank=True, validators=[validate_plain_text])
    next_steps = models.TextField(
        _("volgende stappen"), blank=True, validators=[validate_plain_text]
    )
    correction_note = models.TextField(
        _("wat is er verbeterd?"), blank=True, validators=[validate_plain_text]
    )
    stories = models.ManyToManyField(Story, related_name="+", blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The frozen report: written once, at publication, never changed afterwards.
    snapshot = models.JSONField(null=True, blank=True)
    html = models.BinaryField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    html_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("halfjaarrapportage")
        verbose_name_plural = _("halfjaarrapportages")
        ordering = ["-period", "region__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "version"],
                condition=models.Q(region__isnull=False),
                name="one_region_report_version",
            ),
            models.UniqueConstraint(
                fields=["period", "version"],
                condition=models.Q(region__isnull=True),
                name="one_national_report_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name} {self.period} v{self.version}"

    @property
    def is_national(self) -> bool:
        return self.region_id is None

    @property
    def scope_name(self) -> str:
        return self.region.name if self.region_id else str(_("Nederland"))

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


# --- Governance rhythm (REQUIREMENTS G3) -------------------------------------------------------
class GovernanceBody(models.TextChoices):
    """The programme's bodies (Actieagenda §7, "Sturing en rolverdeling")."""

    STEERING_GROUP = "stuurgroep", _("Stuurgroep")
    LEADS = "trekkersoverleg", _("Overleg van de trekkers van de regio's")
    CONFERENCE = "werkconferentie", _("Bestuurlijke werkconferentie")


# How often each body meets at least, per year (§7: "De Stuurgroep komt drie keer per jaar bij
# elkaar"; "De trekkers van de regionale ontwikkelteams treffen elkaar minimaal vier keer per
# jaar"); the conference "enkele malen" in the whole programme, so without a yearly rhythm.
MEETINGS_PER_YEAR = {GovernanceBody.STEERING_GROUP: 3, GovernanceBody.LEADS: 4}
# "De projectmanager ... rapporteert twee keer per jaar in de Stuurgroep."
REPORTS_TO_STEERING_GROUP_PER_YEAR = 2


class GovernanceMeeting(models.Model):
    """A meeting of one of the programme's bodies: who was there, what was decided. Public."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.CharField(_("overleg"), max_length=20, choices=GovernanceBody.choices)
    date = models.DateField(_("datum"))
    summary = models.TextField(
        _("wat is er besproken"), blank=True, validators=[validate_plain_text]
    )
    organisations_present = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("organisaties aanwezig")
    )
    regions_present = models.ManyToManyField(
        Region, related_name="+", blank=True, verbose_name=_("regio's aanwezig")
    )
    # The half-year report the project manager presented ("rapporteert twee keer per jaar").
    report = models.ForeignKey(
        HalfYearReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besproken halfjaarrapportage"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the analysts were told which escalated actions wait for this (planned) meeting.
    escalations_announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.date}"


class GovernanceDecision(models.Model):
    """A decision taken in a meeting, or an action with an owner and a date."""

    meeting = models.ForeignKey(
        GovernanceMeeting, on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.CharField(
        _("besluit of actie"), max_length=300, validators=[validate_single_line_text]
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie voert het uit"),
    )
    due = models.DateField(_("klaar op"), null=True, blank=True)
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_action(self) -> bool:
        return self.owner_id is not None or self.due is not None


# --- Development plans (REQUIREMENTS G5 and G8) ------------------------------------------------
class DevelopmentPlanStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    ADOPTED = "vastgesteld", _("Vastgesteld")


class DevelopmentPlan(models.Model):
    """A region's development plan (Actieagenda kansenkaart 1: "De ontwikkelplannen worden ...
    gemaakt en de regionale ontwikkelteams worden daarop afgestemd"): what the region wants to
    reach in a period, which support it needs, and the actions of its development team. Public
    once adopted; a draft is seen by the region, its province and the national analyst."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    first_year = models.PositiveSmallIntegerField(_("van jaar"))
    last_year = models.PositiveSmallIntegerField(_("tot en met jaar"))
    ambition = models.TextField(_("wat wil de regio bereiken"), validators=[validate_plain_text])
    # "welke instrumentele of andere ondersteuning nodig is om deze kansenkaart te ondersteunen"
    support_needed = models.TextField(
        _("welke ondersteuning is nodig"), blank=True, validators=[validate_plain_text]
    )
    # "wat ervoor nodig is om de communities ook in de toekomst duurzaam te blijven inzetten"
    continuity = models.TextField(
        _("wat is nodig om het duurzaam te houden"), blank=True, validators=[validate_plain_text]
    )
    status = models.CharField(
        max_length=12, choices=DevelopmentPlanStatus.choices, default=DevelopmentPlanStatus.DRAFT
    )
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ontwikkelplan")
        verbose_name_plural = _("ontwikkelplannen")
        ordering = ["region", "-first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "first_year"], name="one_development_plan_per_region_and_start"
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="development_plan_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period}"

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    @property
    def is_adopted(self) -> bool:
        return self.status == DevelopmentPlanStatus.ADOPTED


class DevelopmentActionStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    UNDERWAY = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    STUCK = "vastgelopen", _("Vastgelopen")


class ObstacleKind(models.TextChoices):
    """Why an action is stuck. Kansenkaart 5 names the first: initiatives "bereiken niet altijd
    het doel door verschillende organisatorische en wettelijke knelpunten"."""

    DATA_SHARING = "gegevensdeling", _("Gegevens delen tussen organisaties (AVG, afspraken)")
    ORGANISATIONAL = "organisatie", _("Organisatie of samenwerking")
    LEGAL = "regels", _("Wet- en regelgeving")
    FUNDING = "financiering", _("Geld of capaciteit")


class DevelopmentAction(models.Model):
    """An action of the plan: under which kansenkaart, who leads it, when it is ready. A stuck
    action can be escalated to the steering group (002 §7: "Wanneer daar behoefte aan is kan er
    tussentijds worden geëscaleerd naar de Stuurgroep leden"; kansenkaart 5: "Een escalatieroute
    op bestuurlijk niveau"); the steering group's decision closes the escalation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    kansenkaart = models.CharField(_("kansenkaart"), max_length=4)
    text = models.CharField(_("actie"), max_length=300, validators=[validate_single_line_text])
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trekker"),
    )
    due = models.DateField(_("klaar op"))
    status = models.CharField(
        max_length=12,
        choices=DevelopmentActionStatus.choices,
        default=DevelopmentActionStatus.PLANNED,
    )
    progress = models.CharField(
        _("voortgang"), max_length=500, blank=True, validators=[validate_single_line_text]
    )
    done_on = models.DateField(_("klaar sinds"), null=True, blank=True)
    obstacle = models.CharField(
        _("soort knelpunt"), max_length=20, choices=ObstacleKind.choices, blank=True
    )
    escalated_on = models.DateField(_("voorgelegd aan de stuurgroep op"), null=True, blank=True)
    escalation_question = models.CharField(
        _("vraag aan de stuurgroep"),
        max_length=500,
        blank=True,
        validators=[validate_single_line_text],
    )
    # The steering group's decision that answered the escalation (learning.GovernanceDecision).
    escalation_decision = models.ForeignKey(
        GovernanceDecision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    # Reminders go once: for this due date (a new date arms it again), for this escalation.
    late_reminded_for = models.DateField(null=True, blank=True, editable=False)
    escalation_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("actie uit een ontwikkelplan")
        verbose_name_plural = _("acties uit ontwikkelplannen")
        ordering = ["plan", "kansenkaart", "due", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_escalation_open(self) -> bool:
        return self.escalated_on is not None and self.escalation_decision_id is None


class DevelopmentActionChange(models.Model):
    """How an action moved: each change of its status, date or progress note, with who made it
    (the region's staff see this; the public plan shows the current state only)."""

    action = models.ForeignKey(DevelopmentAction, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=DevelopmentActionStatus.choices)
    previous_status = models.CharField(
        max_length=12, choices=DevelopmentActionStatus.choices, blank=True
    )
    due = models.DateField()
    previous_due = models.DateField(null=True, blank=True)
    progress = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("wijziging van een actie")
        verbose_name_plural = _("wijzigingen van acties")
        ordering = ["action", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.changed_at:%Y-%m-%d}"


# --- The data ecosystem (REQUIREMENTS I2) ---------------------------------------------------------
class DataInitiativeStatus(models.TextChoices):
    IDEA = "idee", _("Idee")
    EXPLORING = "verkenning", _("Verkenning")
    PREPARING = "in-voorbereiding", _("Afspraak in voorbereiding")
    SIGNED = "getekend", _("Afspraak getekend")
    IN_USE = "in-gebruik", _("In gebruik")
    STOPPED = "gestopt", _("Gestopt")


# The statuses in which the parties have a signed agreement (and data may flow).
AGREED_STATUSES = frozenset({DataInitiativeStatus.SIGNED, DataInitiativeStatus.IN_USE})


class PersonalDataKind(models.TextChoices):
    NONE = "geen", _("Geen persoonsgegevens (alleen cijfers of bedrijfsgegevens)")
    PSEUDONYMISED = (
        "gepseudonimiseerd",
        _("Gepseudonimiseerd (bijvoorbeeld een sleutel in plaats van het KvK-nummer)"),
    )
    PERSONAL = "persoonsgegevens", _("Persoonsgegevens")


# How a list names it in a few words (none: nothing to say).
PERSONAL_DATA_SHORT = {
    PersonalDataKind.PSEUDONYMISED: _("gepseudonimiseerd"),
    PersonalDataKind.PERSONAL: _("met persoonsgegevens"),
}


class LegalBasis(models.TextChoices):
    """The AVG's grounds (article 6) that apply to sharing between these parties."""

    CONSENT = "toestemming", _("Toestemming van de ondernemer")
    PUBLIC_TASK = "wettelijke-taak", _("Wettelijke taak of algemeen belang")
    LEGITIMATE_INTEREST = "gerechtvaardigd-belang", _("Gerechtvaardigd belang")
    CONTRACT = "overeenkomst", _("Uitvoering van een overeenkomst met de ondernemer")


class DataCategory(models.TextChoices):
    """What is shared. Kansenkaart 5 names doelgroepsegmentatie, de vraag uit communities en
    klantreizen, bereik en impact."""

    CUSTOMER_JOURNEYS = "klantreizen", _("Gegevens uit klantreizen")
    REACH = "bereik", _("Bereik en gebruik van de dienstverlening")
    REFERRALS = "doorverwijzingen", _("Doorverwijzingen en hun resultaat")
    COMMUNITY_DEMAND = "vraag-communities", _("Vragen en signalen uit communities")
    FIRM_PROFILE = "bedrijfskenmerken", _("Bedrijfskenmerken (KvK, sector, grootte)")
    SEGMENTS = "doelgroepen", _("Doelgroepsegmentatie")
    IMPACT = "impact", _("Resultaten en impact")
    OFFERS = "aanbod", _("Aanbod en regelingen")


class DataInitiative(models.Model):
    """A concrete initiative to share data between organisations in the system (kansenkaart 5:
    "Voor 2024 mikken we op de definitie van het data-ecosysteem en 3 tot 6 concrete
    initiatieven vanuit de kansenkaarten"): who shares what, why, on which legal ground, and
    where the agreement stands. Public: it names organisations, never entrepreneurs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("naam"), max_length=200, validators=[validate_single_line_text])
    kansenkaart = models.CharField(_("kansenkaart"), max_length=4)
    purpose = models.TextField(_("doel"), validators=[validate_plain_text])
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trekker"),
    )
    parties = models.ManyToManyField(
        Organisation, related_name="data_initiatives", verbose_name=_("partijen")
    )
    regions = models.ManyToManyField(
        Region, related_name="data_initiatives", blank=True, verbose_name=_("regio's")
    )
    data_categories = models.JSONField(_("gegevens"), default=list)
    personal_data = models.CharField(
        _("persoonsgegevens"), max_length=20, choices=PersonalDataKind.choices
    )
    legal_basis = models.CharField(
        _("grondslag"), max_length=30, choices=LegalBasis.choices, blank=True
    )
    dpia_on = models.DateField(_("DPIA afgerond op"), null=True, blank=True)
    status = models.CharField(
        _("stand van zaken"),
        max_length=20,
        choices=DataInitiativeStatus.choices,
        default=DataInitiativeStatus.IDEA,
    )
    agreement_signed_on = models.DateField(_("afspraak getekend op"), null=True, blank=True)
    agreement_url = models.URLField(_("afspraak (webadres)"), blank=True)
    obstacle = models.CharField(
        _("wat staat in de weg"), max_length=500, blank=True, validators=[validate_single_line_text]
    )
    stopped_reason = models.CharField(
        _("waarom gestopt"), max_length=500, blank=True, validators=[validate_single_line_text]
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("data-initiatief")
        verbose_name_plural = _("data-initiatieven")
        ordering = ["kansenkaart", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_agreed(self) -> bool:
        return self.status in AGREED_STATUSES

    @property
    def personal_data_short(self) -> str:
        return str(PERSONAL_DATA_SHORT.get(self.personal_data, ""))

    def category_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels[code]) for code in self.data_categories if code in labels]
