"""The offer catalog: support offers, their controlled vocabularies, coverage and versions."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.core.models import VocabularyTerm
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation


class Theme(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class JourneyPhase(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("klantreisfase")
        verbose_name_plural = _("klantreisfasen")


class OfferType(VocabularyTerm):
    is_financial = models.BooleanField(_("financieel (regeling)"), default=False)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("soort aanbod")
        verbose_name_plural = _("soorten aanbod")


class Direction(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("ontwikkelrichting")
        verbose_name_plural = _("ontwikkelrichtingen")


class SizeClass(VocabularyTerm):
    """EU 2003/361 size classes; employee bounds are inclusive, None means unbounded."""

    min_employees = models.PositiveIntegerField(default=0)
    max_employees = models.PositiveIntegerField(null=True, blank=True)
    max_turnover_eur = models.PositiveBigIntegerField(null=True, blank=True)
    max_balance_eur = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("grootteklasse")
        verbose_name_plural = _("grootteklassen")


class SbiSection(VocabularyTerm):
    # Households as employers (T) and extraterritorial organisations (U) are no firms that seek
    # SME support: entrepreneurs do not get them to choose from (data: vocabularies.json).
    for_entrepreneurs = models.BooleanField(
        _("ondernemers kunnen deze sector kiezen"), default=True
    )
    # CBS's names ("Logies-, maaltijd- en drankverstrekking") do not tell a café owner which
    # one is theirs: the words and examples an entrepreneur uses (data: vocabularies.json).
    everyday_label = models.CharField(_("naam in gewone woorden"), max_length=80, blank=True)
    everyday_examples = models.CharField(_("voorbeelden"), max_length=120, blank=True)

    @property
    def name(self) -> str:
        """For entrepreneurs: the everyday name ("Horeca"), else the label without its section
        letter ("G Handel" -> "Handel"). Staff and editor lists keep the letter (`label`)."""
        if self.everyday_label:
            return self.everyday_label
        prefix = f"{self.code.upper()} "
        return self.label[len(prefix) :] if self.label.upper().startswith(prefix) else self.label

    @property
    def choice_name(self) -> str:
        """The name with its examples, where an entrepreneur picks their own sector from a
        list ("Horeca (hotel, camping, restaurant, café, catering)")."""
        return f"{self.name} ({self.everyday_examples})" if self.everyday_examples else self.name

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("SBI-sectie")
        verbose_name_plural = _("SBI-secties")


class Channel(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")


# The vocabulary name used in data files and APIs -> model.
VOCABULARIES: dict[str, type[VocabularyTerm]] = {
    "theme": Theme,
    "journey_phase": JourneyPhase,
    "offer_type": OfferType,
    "direction": Direction,
    "size_class": SizeClass,
    "sbi_section": SbiSection,
    "channel": Channel,
}


class ScopeLevel(models.TextChoices):
    NATIONAL = "nationaal", _("Landelijk")
    PROVINCE = "provincie", _("Provincie")
    REGION = "regio", _("Regio")
    MUNICIPALITY = "gemeente", _("Gemeente(n)")


class OfferStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    ACTIVE = "actief", _("Actief")
    EXPIRED = "verlopen", _("Verlopen")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


class OfferQuerySet(models.QuerySet):
    def with_status(self, status: str, today: datetime.date | None = None) -> "OfferQuerySet":
        return self.filter(status_condition(status, today or timezone.localdate()))

    def publicly_listed(self) -> "OfferQuerySet":
        return self.filter(is_archived=False)

    def needing_attention(self, today: datetime.date | None = None) -> "OfferQuerySet":
        """Offers an editor should look at: expired but not archived, or running (or planned)
        and not checked for `CHECK_INTERVAL_DAYS`."""
        today = today or timezone.localdate()
        return self.filter(
            status_condition(OfferStatus.EXPIRED, today)
            | (live_condition(today) & unchecked(today))
        )


# Offers are checked at least every six months: what open-data portals count as fresh
# (HDX's freshness states; REQUIREMENTS 2.12 "verified <= 6 months"). The texts say six months.
CHECK_INTERVAL_DAYS = 183


def check_due_before(today: datetime.date) -> datetime.date:
    """An offer last checked before this day is due for a check."""
    return today - datetime.timedelta(days=CHECK_INTERVAL_DAYS)


def unchecked(today: datetime.date) -> Q:
    return Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=check_due_before(today))


def live_condition(today: datetime.date) -> Q:
    """Offers that run now or will: active or planned."""
    return status_condition(OfferStatus.ACTIVE, today) | status_condition(
        OfferStatus.PLANNED, today
    )


# The query parameter of the editor's list that shows only offers needing a look.
ATTENTION_PARAMETER = "aandacht"


class Attention(models.TextChoices):
    """Why an editor should look at an offer (none: an empty string)."""

    EXPIRED = "verlopen", _("Verlopen: verleng de einddatum of archiveer het aanbod")
    UNCHECKED = "controleren", _("Langer dan 6 maanden niet gecontroleerd")


def status_condition(status: str, today: datetime.date) -> Q:
    """The Q that selects offers whose derived status is `status` on `today`."""
    if status == OfferStatus.ARCHIVED:
        return Q(is_archived=True)
    live = Q(is_archived=False)
    if status == OfferStatus.PLANNED:
        return live & Q(valid_from__gt=today)
    if status == OfferStatus.EXPIRED:
        return live & Q(valid_until__lt=today) & ~Q(valid_from__gt=today)
    if status == OfferStatus.ACTIVE:
        return (
            live
            & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        )
    raise ValueError(f"unknown offer status {status!r}")


class Offer(models.Model):
    public_id = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("aanbieder")
    )
    external_id = models.CharField(
        _("eigen kenmerk"),
        max_length=100,
        blank=True,
        help_text=_(
            "Het kenmerk dat de aanbieder zelf gebruikt; nodig om bestanden bij te werken."
        ),
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.CharField(_("samenvatting"), max_length=400)
    description = models.TextField(_("beschrijving"), blank=True)
    offer_type = models.ForeignKey(
        OfferType, on_delete=models.PROTECT, related_name="offers", verbose_name=_("soort aanbod")
    )
    themes = models.ManyToManyField(Theme, related_name="offers", verbose_name=_("thema's"))
    journey_phases = models.ManyToManyField(
        JourneyPhase, related_name="offers", verbose_name=_("klantreisfasen")
    )
    directions = models.ManyToManyField(
        Direction, related_name="offers", blank=True, verbose_name=_("ontwikkelrichtingen")
    )
    # Target group: empty size classes / SBI sections means "all".
    size_classes = models.ManyToManyField(
        SizeClass, related_name="offers", blank=True, verbose_name=_("grootteklassen")
    )
    min_employees = models.PositiveIntegerField(
        _("minimaal aantal medewerkers"), null=True, blank=True
    )
    max_employees = models.PositiveIntegerField(
        _("maximaal aantal medewerkers"), null=True, blank=True
    )
    sbi_sections = models.ManyToManyField(
        SbiSection, related_name="offers", blank=True, verbose_name=_("sectoren (SBI)")
    )
    min_company_age_years = models.PositiveSmallIntegerField(
        _("minimale leeftijd bedrijf (jaren)"), null=True, blank=True
    )
    scope_level = models.CharField(
        _("gebied"), max_length=12, choices=ScopeLevel.choices, default=ScopeLevel.NATIONAL
    )
    provinces = models.ManyToManyField(
        Province, related_name="offers", blank=True, verbose_name=_("provincies")
    )
    regions = models.ManyToManyField(
        Region, related_name="offers", blank=True, verbose_name=_("regio's")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="offers", blank=True, verbose_name=_("gemeenten")
    )
    cost_eur = models.DecimalField(
        _("kosten voor de ondernemer (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("0 betekent gratis; leeg betekent onbekend of afhankelijk van de situatie."),
    )
    cost_note = models.CharField(_("toelichting kosten"), max_length=300, blank=True)
    channels = models.ManyToManyField(
        Channel, related_name="offers", blank=True, verbose_name=_("kanalen")
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    is_structural = models.BooleanField(
        _("structureel aanbod"),
        default=True,
        help_text=_("Structureel (doorlopend) of tijdelijk (project, pilot, eenmalig budget)."),
    )
    budget_eur = models.DecimalField(
        _("budget (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    has_impact_data = models.BooleanField(
        _("effect gemeten"),
        default=False,
        help_text=_(
            "Is het effect van het aanbod gemeten, bijvoorbeeld in een evaluatie of "
            "effectmeting? Nodig voor de stelselanalyse (aandeel met impactdata)."
        ),
    )
    impact_note = models.CharField(
        _("toelichting op het effect"),
        max_length=500,
        blank=True,
        help_text=_("Bijvoorbeeld: welke evaluatie, door wie en wanneer."),
    )
    url = models.URLField(_("webadres"), max_length=500, blank=True)
    contact_email = models.EmailField(_("e-mailadres voor vragen"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer voor vragen"), max_length=30, blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    last_verified_on = models.DateField(_("laatst gecontroleerd op"), null=True, blank=True)
    is_archived = models.BooleanField(_("gearchiveerd"), default=False)
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"],
                condition=~Q(external_id=""),
                name="unique_external_id_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="offer_valid_until_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(min_employees__isnull=True)
                | Q(max_employees__isnull=True)
                | Q(max_employees__gte=models.F("min_employees")),
                name="offer_employee_bounds_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["is_archived", "valid_until"], name="offer_status_idx"),
            models.Index(fields=["updated_at"], name="offer_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, today: datetime.date) -> str:
        if self.is_archived:
            return OfferStatus.ARCHIVED
        if self.valid_from and self.valid_from > today:
            return OfferStatus.PLANNED
        if self.valid_until and self.valid_until < today:
            return OfferStatus.EXPIRED
        return OfferStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def attention_on(self, today: datetime.date) -> str:
        """`Attention` value, or "" when the offer needs no look (archived, or checked)."""
        status = self.status_on(today)
        if status == OfferStatus.EXPIRED:
            return Attention.EXPIRED
        if status == OfferStatus.ARCHIVED:
            return ""
        if self.last_verified_on is None or self.last_verified_on < check_due_before(today):
            return Attention.UNCHECKED
        return ""

    @property
    def attention(self) -> str:
        return self.attention_on(timezone.localdate())

    def get_attention_display(self) -> str:
        return Attention(self.attention).label if self.attention else ""

    def get_status_display(self) -> str:
        return OfferStatus(self.status).label


# The offer's own fields and its many-to-many vocabularies, named once for writes, versions
# and reads (the file format orders them for people: fileformat.OFFER_FIELDS).
SCALAR_FIELDS = (
    "external_id",
    "title",
    "summary",
    "description",
    "offer_type",
    "min_employees",
    "max_employees",
    "min_company_age_years",
    "scope_level",
    "cost_eur",
    "cost_note",
    "valid_from",
    "valid_until",
    "is_structural",
    "budget_eur",
    "has_impact_data",
    "impact_note",
    "url",
    "contact_email",
    "contact_phone",
    "source",
    "last_verified_on",
)
MANY_FIELDS = (
    "themes",
    "journey_phases",
    "directions",
    "size_classes",
    "sbi_sections",
    "channels",
    "provinces",
    "regions",
    "municipalities",
)


class OfferArea(models.Model):
    """Coverage index: one row per area key an offer is available in.

    Maintained by `catalog.services` on every write; keys are "NL", a province code, a
    region key ("RG:<slug>") or a municipality code (see geography.models).
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="areas")
    key = models.CharField(max_length=70)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "offer"], name="unique_offer_area"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}@{self.key}"


class ChangeSource(models.TextChoices):
    FORM = "formulier", _("Formulier")
    IMPORT = "import", _("Bestand")
    API = "api", _("API")
    ADMIN = "beheer", _("Beheer")
    SYSTEM = "systeem", _("Systeem")


class OfferVersion(models.Model):
    """One saved state of an offer: who changed what, when."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )
    source = models.CharField(_("via"), max_length=20, choices=ChangeSource.choices)
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list)
    snapshot = models.JSONField(_("inhoud"))

    class Meta:
        verbose_name = _("versie van aanbod")
        verbose_name_plural = _("versies van aanbod")
        ordering = ["offer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="unique_offer_version")
        ]

    def __str__(self) -> str:
        return f"{self.offer} v{self.number}"


class EditorReminder(models.Model):
    """A provider's editors were reminded of offers that need a look (expired, or not checked
    for six months): at most once a month per provider."""

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="editor_reminders",
        verbose_name=_("aanbieder"),
    )
    month = models.DateField(_("maand"))
    expired = models.PositiveIntegerField(_("verlopen"))
    unchecked = models.PositiveIntegerField(_("niet gecontroleerd"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("herinnering aan redacteuren")
        verbose_name_plural = _("herinneringen aan redacteuren")
        ordering = ["-month", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "month"], name="one_editor_reminder_per_provider_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.month:%Y-%m}"


# --- The Samenwerkende Catalogi (REQUIREMENTS A9/I3) ------------------------------------------
class CatalogueDecision(models.TextChoices):
    OPEN = "open", _("Nog beoordelen")
    IN_REGISTER = "in_register", _("Staat in het register")
    NOT_FOR_REGISTER = "niet_in_register", _("Hoort niet in het register")


class CatalogueEntry(models.Model):
    """A product for entrepreneurs that a government publishes in the Samenwerkende Catalogi,
    and whether it is in Scharnier's register: the completeness check of uniform disclosure."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="catalogue_entries",
        verbose_name=_("organisatie"),
    )
    identifier = models.URLField(_("adres van de productpagina"), max_length=500)
    title = models.CharField(_("titel"), max_length=300)
    abstract = models.TextField(_("samenvatting"), blank=True)
    uniform_name = models.CharField(_("uniforme productnaam (UPL)"), max_length=200, blank=True)
    uniform_name_uri = models.URLField(_("adres in de UPL"), max_length=500, blank=True)
    request_url = models.URLField(_("adres om aan te vragen"), max_length=500, blank=True)
    modified = models.DateField(_("gewijzigd in de catalogus"), null=True, blank=True)
    first_seen = models.DateTimeField(_("eerst gezien"))
    last_seen = models.DateTimeField(_("laatst gezien"))
    # False when the last harvest no longer held it: withdrawn by its government.
    in_catalogue = models.BooleanField(_("staat in de catalogus"), default=True)
    decision = models.CharField(
        _("besluit"),
        max_length=20,
        choices=CatalogueDecision.choices,
        default=CatalogueDecision.OPEN,
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_entries",
        verbose_name=_("aanbod in het register"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("product uit de Samenwerkende Catalogi")
        verbose_name_plural = _("producten uit de Samenwerkende Catalogi")
        ordering = ["organisation__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier"], name="one_catalogue_entry_per_address"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CatalogueHarvest(models.Model):
    """One reading of an organisation's catalogue: when, by whom, and what it held."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="catalogue_harvests",
        verbose_name=_("organisatie"),
    )
    harvested_at = models.DateTimeField(_("opgehaald op"), default=timezone.now)
    harvested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgehaald door"),
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)
    products = models.PositiveIntegerField(_("producten"))
    for_entrepreneurs = models.PositiveIntegerField(_("voor ondernemers"))
    new = models.PositiveIntegerField(_("nieuw"))
    withdrawn = models.PositiveIntegerField(_("niet meer in de catalogus"))

    class Meta:
        verbose_name = _("ophaling uit de Samenwerkende Catalogi")
        verbose_name_plural = _("ophalingen uit de Samenwerkende Catalogi")
        ordering = ["-harvested_at"]
        get_latest_by = "harvested_at"

    def __str__(self) -> str:
        return f"{self.organisation} {self.harvested_at:%Y-%m-%d}"


class CatalogueFeed(models.Model):
    """Where an organisation publishes its catalogue, read every night (REQUIREMENTS A9)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="catalogue_feed",
        verbose_name=_("organisatie"),
    )
    url = models.URLField(_("adres van de catalogus"), max_length=500)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingesteld door"),
    )
    set_at = models.DateTimeField(_("ingesteld op"), default=timezone.now)
    last_read_at = models.DateTimeField(_("laatst gelezen op"), null=True, blank=True)
    last_read_ok = models.BooleanField(_("laatst gelukt"), default=False)
    # The Dutch reason the last reading failed (shown to the editors), empty when it worked.
    last_problem = models.CharField(_("laatste probleem"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("catalogusadres")
        verbose_name_plural = _("catalogusadressen")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.url}"


# --- The regional translation of national offers (REQUIREMENTS A11) ----------------------------
class RegionalOfferNote(models.Model):
    """What a region adds to an offer it did not write: who helps with it here, an example from
    the region, a local meeting where it is explained. Visie, pijler 2: "landelijke informatie,
    regelingen en tools ... doelgericht worden vertaald naar de context van mkb-ondernemers in de
    regio". Written by the region's staff, public; it names organisations, never entrepreneurs."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="regional_notes", verbose_name=_("aanbod")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="offer_notes", verbose_name=_("regio")
    )
    contact_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie helpt hier"),
    )
    contact = models.CharField(_("hoe bereikt u hen"), max_length=300, blank=True)
    example = models.TextField(_("voorbeeld uit de regio"), blank=True)
    event_title = models.CharField(_("bijeenkomst"), max_length=200, blank=True)
    event_date = models.DateField(_("datum van de bijeenkomst"), null=True, blank=True)
    event_url = models.URLField(_("webadres van de bijeenkomst"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("regionale aanvulling op aanbod")
        verbose_name_plural = _("regionale aanvullingen op aanbod")
        ordering = ["region__name", "offer__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "region"], name="one_note_per_offer_per_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} in {self.region}"

    @property
    def contact_sentence(self) -> str:
        """The contact as a sentence, to run on with more text."""
        text = self.contact.strip()
        return text if not text or text[-1] in ".!?" else f"{text}."

    @property
    def has_upcoming_event(self) -> bool:
        """A meeting is shown until its day has passed."""
        return bool(
            self.event_title and self.event_date and self.event_date >= timezone.localdate()
        )
