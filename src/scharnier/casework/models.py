"""Casework ('no wrong door'): questions, consent, referrals, their events, notes and feedback.

Personal data lives only in the fields listed in `Question.PERSONAL_FIELDS` (plus free text in
notes, handover messages, results and feedback comments); the retention job blanks exactly those.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import Offer, Theme
from scharnier.core.models import optional_link, public_id_field
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation


class Door(models.TextChoices):
    """Through which door a question came in."""

    SITE = "site", _("Website")
    SCAN = "scan", _("Scan (persoonlijk plan)")
    EMBED = "embed", _("Formulier op andere website")
    STAFF = "staff", _("Ingevoerd na een gesprek")
    API = "api", _("API")


class Urgency(models.TextChoices):
    NORMAL = "normaal", _("Normaal")
    HIGH = "hoog", _("Hoog")
    URGENT = "spoed", _("Spoed")


class QuestionStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    TRIAGED = "beoordeeld", _("Beoordeeld")
    REFERRED = "doorverwezen", _("Doorverwezen")
    CLOSED = "afgesloten", _("Afgesloten")


class Outcome(models.TextChoices):
    ANSWERED = "beantwoord", _("Direct beantwoord")
    HELPED = "geholpen", _("Geholpen door aanbieder")
    NO_FIT = "geen-passend-aanbod", _("Geen passend aanbod")
    NO_RESPONSE = "geen-reactie", _("Geen reactie van ondernemer")
    DUPLICATE = "dubbel", _("Dubbele vraag")
    WITHDRAWN = "ingetrokken", _("Ingetrokken door ondernemer")


class Question(models.Model):
    """An entrepreneur's question ('hulpvraag'), routed to a region's schakelteam."""

    PERSONAL_FIELDS = ("contact_name", "company_name", "email", "phone", "text", "underlying_need")

    public_id = public_id_field()
    reference = models.CharField(_("referentie"), max_length=12, unique=True)
    door = models.CharField(_("ingang"), max_length=10, choices=Door.choices)
    plan_reference = models.CharField(
        _("kenmerk persoonlijk plan"), max_length=64, blank=True, help_text=_("Bij de scan.")
    )
    # The outreach campaign whose link brought the question in (core.validation.campaign_code).
    campaign_code = models.CharField(
        _("benaderactie"), max_length=40, blank=True, default="", db_index=True
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    # None: the municipality belongs to no region; the question waits in the national queue.
    region = optional_link(Region, verbose_name=_("regio"))
    # Personal data.
    contact_name = models.CharField(_("naam"), max_length=120, blank=True)
    company_name = models.CharField(_("bedrijfsnaam"), max_length=160, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    text = models.TextField(_("vraag"), blank=True)
    # Triage and lifecycle.
    themes = models.ManyToManyField(Theme, related_name="+", blank=True, verbose_name=_("thema's"))
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=15, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices, blank=True)
    returned = models.BooleanField(
        _("teruggekomen"), default=False, help_text=_("Een aanbieder heeft afgewezen.")
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    response_due_at = models.DateTimeField(_("eerste reactie uiterlijk"))
    first_response_at = models.DateTimeField(_("eerste reactie op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    created_by = optional_link(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, verbose_name=_("ingevoerd door")
    )
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    deletion_requested_at = models.DateTimeField(
        _("verwijdering gevraagd op"), null=True, blank=True
    )
    # Raised to revoke every status link given out so far (links carry the version they got).
    status_link_version = models.PositiveIntegerField(_("versie statuslink"), default=0)
    # When the region's staff were told about this question (one mail may list several).
    staff_notified_at = models.DateTimeField(_("schakelteam bericht op"), null=True, blank=True)
    # Intake: the question behind the question, and the firm's profile (services.record_intake).
    underlying_themes = models.ManyToManyField(
        Theme, related_name="+", blank=True, verbose_name=_("vraag achter de vraag (thema's)")
    )
    underlying_need = models.TextField(_("vraag achter de vraag"), blank=True)
    direction = models.CharField(_("ontwikkelrichting (code)"), max_length=40, blank=True)
    employees = models.PositiveIntegerField(_("aantal medewerkers"), null=True, blank=True)
    sbi_section = models.CharField(_("sector (SBI-code)"), max_length=40, blank=True)
    company_age_years = models.PositiveSmallIntegerField(
        _("leeftijd bedrijf (jaren)"), null=True, blank=True
    )
    intake_at = models.DateTimeField(_("intake op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["region", "-submitted_at", "-id"], name="question_inbox_idx"),
            # The SLA signal: unanswered questions by due date.
            models.Index(
                fields=["region", "first_response_at", "response_due_at"], name="question_sla_idx"
            ),
            models.Index(
                fields=["region", "status", "-submitted_at"], name="question_inbox_status_idx"
            ),
            models.Index(fields=["status", "closed_at"], name="question_retention_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgesloten") | Q(closed_at__isnull=False),
                name="closed_question_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class ConsentPurpose(models.TextChoices):
    HANDLING = "behandeling", _("Behandeling van de vraag en delen met doorverwezen aanbieders")
    FEEDBACK = "feedback", _("Na afloop een vraag om feedback per e-mail")


class Consent(models.Model):
    """Explicit consent: which purpose, when, and which version of the text was shown."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("versie van de tekst"), max_length=20)
    given_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.UniqueConstraint(fields=["question", "purpose"], name="one_consent_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.purpose} {self.text_version}"


class ReferralStatus(models.TextChoices):
    SENT = "verstuurd", _("Verstuurd")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    REJECTED = "afgewezen", _("Afgewezen")
    CONTACTED = "contact", _("Contact gehad")
    COMPLETED = "afgerond", _("Afgerond")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


OPEN_REFERRAL_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.CONTACTED)


class Referral(models.Model):
    """A warm handover of a question to a provider organisation (optionally one offer)."""

    public_id = public_id_field()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanbieder")
    )
    offer = optional_link(Offer, on_delete=models.SET_NULL, verbose_name=_("aanbod"))
    handover_message = models.TextField(_("overdrachtsbericht"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    reject_reason = models.TextField(_("reden van afwijzen"), blank=True)
    result = models.TextField(_("resultaat"), blank=True)
    created_by = optional_link(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, verbose_name=_("doorverwezen door")
    )
    created_at = models.DateTimeField(_("doorverwezen op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    # The provider accepts or declines within the region's term (working days), as the region
    # promised the entrepreneur a first answer within it; past it the referrer follows up.
    response_due_at = models.DateTimeField(_("reactie van de aanbieder verwacht voor"), null=True)
    reminded_at = models.DateTimeField(_("aanbieder herinnerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-created_at"], name="referral_inbox_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question} -> {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    @property
    def awaits_provider(self) -> bool:
        """Sent, and the provider has neither accepted nor declined it yet."""
        return self.status == ReferralStatus.SENT

    @property
    def is_overdue(self) -> bool:
        """The provider let the term pass without accepting or declining."""
        return (
            self.awaits_provider
            and self.response_due_at is not None
            and self.response_due_at < timezone.now()
        )


class EventKind(models.TextChoices):
    SUBMITTED = "ingediend", _("Vraag ingediend")
    TRIAGED = "beoordeeld", _("Vraag beoordeeld")
    INTAKE = "intake", _("Intake vastgelegd")
    NOTE = "notitie", _("Notitie toegevoegd")
    REFERRED = "doorverwezen", _("Doorverwezen")
    ACCEPTED = "geaccepteerd", _("Doorverwijzing geaccepteerd")
    REJECTED = "afgewezen", _("Doorverwijzing afgewezen")
    CONTACTED = "contact", _("Contact gehad met ondernemer")
    COMPLETED = "afgerond", _("Doorverwijzing afgerond")
    WITHDRAWN = "ingetrokken", _("Doorverwijzing ingetrokken")
    RETURNED = "teruggekomen", _("Vraag terug bij het schakelteam")
    CLOSED = "afgesloten", _("Vraag afgesloten")
    REROUTED = "omgeleid", _("Vraag naar andere regio")
    FEEDBACK = "feedback", _("Feedback gegeven")
    DELETION_REQUESTED = "verwijderverzoek", _("Verwijdering gevraagd")
    ANONYMISED = "geanonimiseerd", _("Persoonsgegevens verwijderd")


class CaseEvent(models.Model):
    """One timestamped, attributed step in a question's or referral's life. No personal data."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    referral = optional_link(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("van"), max_length=15, blank=True)
    to_status = models.CharField(_("naar"), max_length=15, blank=True)
    actor = optional_link(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, verbose_name=_("door")
    )
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["question", "at"], name="event_question_idx")]

    def __str__(self) -> str:
        return f"{self.question_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Note(models.Model):
    """An internal note by staff; never shown to the entrepreneur."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(_("geschreven op"), default=timezone.now)

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.question} {self.created_at:%Y-%m-%d}"


class Feedback(models.Model):
    """The entrepreneur's recommendation score (0-10) after closing; feeds the NPS."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="feedback")
    score = models.PositiveSmallIntegerField(
        _("cijfer"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(_("toelichting"), blank=True)
    given_at = models.DateTimeField(_("gegeven op"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=10), name="feedback_score_0_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.score}"


class AccessChannel(models.TextChoices):
    PAGE = "pagina", _("Pagina")
    API = "api", _("API")
    STATUS_LINK = "statuslink", _("Statuslink ondernemer")
    EXPORT = "download", _("Download door ondernemer")


class PersonalDataAccess(models.Model):
    """Audit log: who read a question's personal data, when, and through which channel."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="accesses")
    user = optional_link(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL)
    channel = models.CharField(_("via"), max_length=12, choices=AccessChannel.choices)
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("inzage persoonsgegevens")
        verbose_name_plural = _("inzage persoonsgegevens")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.question_id} {self.channel} {self.at:%Y-%m-%d %H:%M}"


class RegionCaseworkSettings(models.Model):
    """Per-region casework settings; without a row the project defaults apply."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="+")
    sla_working_days = models.PositiveSmallIntegerField(
        _("eerste reactie binnen (werkdagen)"), validators=[MinValueValidator(1)]
    )
    # Empty: a provider has as many working days as the schakelteam has for a first answer.
    referral_working_days = models.PositiveSmallIntegerField(
        _("aanbieder reageert binnen (werkdagen)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("regio-instelling vragen")
        verbose_name_plural = _("regio-instellingen vragen")

    def __str__(self) -> str:
        return f"{self.region}: {self.sla_working_days}"


class ClosedPeriod(models.Model):
    """Days a team is closed (a Christmas week): they do not count towards a term."""

    starts_on = models.DateField(_("gesloten vanaf"))
    ends_on = models.DateField(_("gesloten tot en met"))
    reason = models.CharField(_("reden"), max_length=120, blank=True)
    # Work that arrived before this moment keeps the term it was given.
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        abstract = True

    def days(self) -> list[date]:
        """Every calendar day of the closure."""
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + timedelta(days=n) for n in range(count)]


class RegionClosure(ClosedPeriod):
    """Days the region's schakelteam is closed: they do not count towards the term for a first
    answer of a question that arrives before or during them."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("sluiting van het schakelteam")
        verbose_name_plural = _("sluitingen van het schakelteam")
        ordering = ["region", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="closure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.starts_on} - {self.ends_on}"


class ProviderClosure(ClosedPeriod):
    """Days a provider is closed: they do not count towards its term to take up a referral
    made before or during them, and the schakelteam sees them when it chooses a provider."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("sluiting van een aanbieder")
        verbose_name_plural = _("sluitingen van aanbieders")
        ordering = ["organisation", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="provider_closure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.starts_on} - {self.ends_on}"
