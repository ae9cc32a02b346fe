"""Entrepreneur communities, their meetings and the (consented) participants."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import SbiSection, Theme
from scharnier.core.models import optional_link, public_id_field
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation

from .vocabularies import choices

# The `community_status` code of a community that no longer meets (vocabularies.json).
STATUS_STOPPED = "gestopt"


class Community(models.Model):
    """An ondernemerscommunity on a region's community map."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="communities")
    name = models.CharField(_("naam"), max_length=160)
    kind = models.CharField(_("soort"), max_length=30, choices=choices("community_kind"))
    status = models.CharField(
        _("status"), max_length=20, choices=choices("community_status"), default="actief"
    )
    themes = models.ManyToManyField(Theme, related_name="+", blank=True, verbose_name=_("thema's"))
    sbi_sections = models.ManyToManyField(
        SbiSection, related_name="+", blank=True, verbose_name=_("sectoren")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="+", blank=True, verbose_name=_("gemeenten")
    )
    organiser = optional_link(Organisation, verbose_name=_("organisator"))
    reach = models.PositiveIntegerField(
        _("bereik"), default=0, help_text=_("Ongeveer hoeveel ondernemers de community bereikt.")
    )
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="community_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name


# Meetings of the regional communities: none before the programme, planned at most two years out.
EARLIEST_MEETING_DATE = datetime.date(2020, 1, 1)
MAX_PLANNED_AHEAD = datetime.timedelta(days=2 * 365)


def _day(value: datetime.date) -> str:
    return f"{value.day}-{value.month}-{value.year}"  # 15-3-2027, as the date messages write it


def validate_meeting_date(value: datetime.date | None) -> None:
    """Refuse a meeting date outside the programme with the real range in one message (the form
    uses it instead of the wider 2000-2100 slip check, so both never contradict)."""
    latest = timezone.localdate() + MAX_PLANNED_AHEAD
    if value is not None and not EARLIEST_MEETING_DATE <= value <= latest:
        raise ValidationError(
            _(
                "Deze datum klopt niet. Vul een datum in van %(earliest)s tot en met %(latest)s. "
                "Een bijeenkomst ligt niet meer dan twee jaar vooruit."
            )
            % {"earliest": _day(EARLIEST_MEETING_DATE), "latest": _day(latest)},
            code="range",
        )


END_BEFORE_START = _("De eindtijd moet na de begintijd liggen.")
MORE_NEW_THAN_ALL = _("Er kunnen niet meer nieuwe deelnemers zijn dan deelnemers.")


class Meeting(models.Model):
    """A community meeting, logged in two minutes; optionally a public event."""

    public_id = public_id_field()
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("datum"), db_index=True)
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    end_time = models.TimeField(_("eindtijd"), null=True, blank=True)
    format = models.CharField(_("vorm"), max_length=20, choices=choices("meeting_format"))
    themes = models.ManyToManyField(Theme, related_name="+", blank=True, verbose_name=_("thema's"))
    municipality = optional_link(Municipality, verbose_name=_("gemeente"))
    location = models.CharField(_("plaats of link"), max_length=300, blank=True)
    participants_count = models.PositiveIntegerField(_("aantal deelnemers"), default=0)
    new_participants_count = models.PositiveIntegerField(_("van wie nieuw"), default=0)
    follow_up_questions = models.TextField(_("vervolgvragen"), blank=True)
    is_public = models.BooleanField(_("openbaar in de agenda"), default=False)
    # A planned event called off stays in the agenda and the iCalendar feed, marked so, so that
    # who saw or subscribed to it learns that it does not take place.
    is_cancelled = models.BooleanField(_("gaat niet door"), default=False)
    created_by = optional_link(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_participants_count__lte=F("participants_count")),
                name="new_participants_within_participants",
            )
        ]
        indexes = [models.Index(fields=["is_public", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    @property
    def region(self) -> Region:
        return self.community.region

    def clean(self) -> None:
        try:
            validate_meeting_date(self.date)
        except ValidationError as error:
            raise ValidationError({"date": error}) from None
        if self.new_participants_count > self.participants_count:
            raise ValidationError(
                {"new_participants_count": ValidationError(MORE_NEW_THAN_ALL, code="range")}
            )
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": ValidationError(END_BEFORE_START, code="range")})


class Participant(models.Model):
    """Someone who registered for a meeting and gave consent; the KvK number is only hashed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"))
    firm_key = models.CharField(_("bedrijfssleutel"), max_length=64, blank=True)
    is_new = models.BooleanField(_("nieuw in de community"), default=False)
    consent_version = models.CharField(_("versie toestemmingstekst"), max_length=20)
    consent_given_at = models.DateTimeField(_("toestemming gegeven op"), default=timezone.now)
    # Set when the retention job erased name, e-mail address and firm key; the row stays so
    # the meeting keeps its count of registered participants.
    erased_at = models.DateTimeField(_("gegevens gewist op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["meeting", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(email=""),
                name="one_registration_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(_("deelnemer (gegevens gewist)"))


class Campaign(models.Model):
    """An outreach action of a region to a target group ("samen doelgroepen in kaart brengen en
    benaderen"): whom, through which channel, when, and how many firms were approached. Its
    links carry `code`, so that the questions and plans they bring in are counted."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="campaigns")
    code = models.SlugField(_("code in de links"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("naam van de actie"), max_length=160)
    channel = models.CharField(_("kanaal"), max_length=30, choices=choices("campaign_channel"))
    themes = models.ManyToManyField(Theme, related_name="+", blank=True, verbose_name=_("thema's"))
    sbi_sections = models.ManyToManyField(
        SbiSection, related_name="+", blank=True, verbose_name=_("sectoren")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="+", blank=True, verbose_name=_("gemeenten")
    )
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"), null=True, blank=True)
    firms_approached = models.PositiveIntegerField(
        _("aantal benaderde bedrijven"), null=True, blank=True
    )
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("benaderactie")
        verbose_name_plural = _("benaderacties")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CommunityCost(models.Model):
    """What running a community cost in a year and who paid: the business case of
    communities (REQUIREMENTS D8; 000 "inclusief het uitwerken van een businesscase")."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("jaar"))
    cost_eur = models.DecimalField(_("kosten (euro)"), max_digits=12, decimal_places=2)
    hours = models.PositiveIntegerField(_("uren van de organisator"), null=True, blank=True)
    funders = models.CharField(_("betaald door"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("kosten van een community")
        verbose_name_plural = _("kosten van communities")
        ordering = ["community", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"], name="one_cost_per_community_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"
