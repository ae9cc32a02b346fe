"""Signals from the regions, grouped into threads (rode draden) that a national owner answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import JourneyPhase, Offer, Theme
from scharnier.core.models import optional_link, public_id_field
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation

from .vocabularies import choices


class ThreadStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    ANSWERED = "beantwoord", _("Beantwoord")
    CLOSED = "afgerond", _("Afgerond")
    REJECTED = "afgewezen", _("Afgewezen")


class Thread(models.Model):
    """A rode draad: signals about the same matter, from any region."""

    public_id = public_id_field()
    title = models.CharField(_("titel"), max_length=200)
    # An analyst's name for the thread; regrouping never overwrites it.
    title_locked = models.BooleanField(_("titel vastgezet"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ThreadStatus.choices, default=ThreadStatus.NEW
    )
    owner = optional_link(Organisation, verbose_name=_("eigenaar"))
    deadline = models.DateField(_("uiterlijk beantwoorden op"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("toegewezen op"), null=True, blank=True)
    # The deadline a reminder (or a notice that it passed) was last sent for: a new deadline
    # gets its own, and no run of the daily job sends one twice.
    reminded_for = models.DateField(_("herinnering gestuurd voor"), null=True, blank=True)
    overdue_notice_for = models.DateField(
        _("bericht termijn verstreken gestuurd voor"), null=True, blank=True
    )
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzen"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    merged_into = optional_link(
        "self", on_delete=models.SET_NULL, verbose_name=_("samengevoegd met")
    )
    # Mean of the member vectors (unit length), float32 bytes; recomputed when members change.
    centroid = models.BinaryField(null=True, blank=True)
    signal_count = models.PositiveIntegerField(_("aantal signalen"), default=0)
    # The knelpunt subject the members are most alike (`subjects.thread_subject`), set with
    # the automatic title; empty when no subject comes close. An analyst's rename keeps it.
    subject_tree = models.CharField(_("lijst van onderwerpen"), max_length=40, blank=True)
    subject_code = models.CharField(_("code van het onderwerp"), max_length=100, blank=True)
    subject_label = models.CharField(_("onderwerp"), max_length=200, blank=True)
    # The subject's kind in the shared list (`knelpunt_category`).
    subject_category = models.CharField(
        _("soort knelpunt van het onderwerp"),
        max_length=40,
        blank=True,
        choices=choices("knelpunt_category"),
    )
    # The kind shown and filtered on: the subject's, until an analyst chooses one.
    category = models.CharField(
        _("soort knelpunt"), max_length=40, blank=True, choices=choices("knelpunt_category")
    )
    category_locked = models.BooleanField(_("soort knelpunt gekozen door analist"), default=False)
    created_at = models.DateTimeField(_("ontstaan op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("rode draad")
        verbose_name_plural = _("rode draden")
        ordering = ["-signal_count", "-pk"]
        indexes = [models.Index(fields=["status", "signal_count"])]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"RD-{self.pk:05d}"

    @property
    def shown_subject(self) -> str:
        """The suggested subject, unless an analyst chose a kind it does not belong to."""
        if self.category_locked and self.subject_category != self.category:
            return ""
        return self.subject_label

    @property
    def answered_within_deadline(self) -> bool | None:
        if not self.deadline or not self.answered_at:
            return None
        return timezone.localtime(self.answered_at).date() <= self.deadline


class AnswerFeedback(models.Model):
    """Is someone who raised a signal satisfied with the thread's answer? Signalen asks this at
    the end. One row per answer e-mail; the e-mail address is not kept, only the hash of the
    secret link that went to it."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="feedback")
    token_hash = models.CharField(max_length=64, unique=True)
    satisfied = models.BooleanField(_("tevreden"), null=True, blank=True)
    # Free text from outside: may hold personal data, so only the thread's handlers read it.
    comment = models.TextField(_("toelichting"), blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    given_at = models.DateTimeField(_("gegeven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reactie op een antwoord")
        verbose_name_plural = _("reacties op antwoorden")
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.thread.reference} {self.satisfied}"


class ThreadLink(models.Model):
    """What changed because of a thread: an offer, an overlap decision or a policy document."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("soort"), max_length=20, choices=choices("link_kind"))
    offer = optional_link(Offer, on_delete=models.SET_NULL)
    url = models.URLField(_("webadres"), max_length=500, blank=True)
    label = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        verbose_name = _("wat er veranderde")
        verbose_name_plural = _("wat er veranderde")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class Signal(models.Model):
    public_id = public_id_field()
    reference = models.CharField(_("referentie"), max_length=12, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=choices("signal_kind"))
    source = models.CharField(_("bron"), max_length=20, choices=choices("signal_source"))
    text = models.TextField(_("signaal"))
    themes = models.ManyToManyField(Theme, related_name="+", blank=True, verbose_name=_("thema's"))
    journey_phase = optional_link(JourneyPhase, verbose_name=_("klantreisfase"))
    region = optional_link(Region)
    municipality = optional_link(Municipality)
    meeting = optional_link(
        "communities.Meeting", on_delete=models.SET_NULL, related_name="signals"
    )
    # Only the casework reference: no name, contact or question text is copied.
    question_reference = models.CharField(_("referentie van de vraag"), max_length=12, blank=True)
    organisation = optional_link(Organisation, on_delete=models.SET_NULL)
    raised_by = optional_link(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL)
    # Public form only, with consent: where the answer notice goes.
    contact_email = models.EmailField(_("e-mailadres voor een reactie"), blank=True)
    reply_consent_at = models.DateTimeField(null=True, blank=True)
    # Texts from outside are reviewed before they appear publicly (they may hold personal data).
    is_published = models.BooleanField(_("openbaar"), default=False)
    # When a reviewer took a public signal back ("Verberg voor bezoekers"); cleared when it is
    # shown again. Empty for a signal that was never public.
    hidden_at = models.DateTimeField(_("verborgen voor bezoekers op"), null=True, blank=True)
    # Its text was the thread's automatic title when it was hidden: the title had to change, and
    # comes back when the signal is shown again (`services.publish_signal`). Cleared when the
    # signal moves to another thread: that title stays behind (`services._move_signals`).
    gave_hidden_title = models.BooleanField(default=False)
    thread = optional_link(Thread, on_delete=models.SET_NULL, related_name="signals")
    # Set by an analyst's merge, split or move: regrouping leaves this signal where it is.
    pinned = models.BooleanField(_("vastgezet door analist"), default=False)
    vector = models.BinaryField(null=True, blank=True)
    # Hashed n-gram counts of the text (grouping.features_to_bytes), made once on arrival so
    # that a full regroup never lemmatises all texts again.
    features = models.BinaryField(null=True, blank=True)
    vector_model = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return self.reference


class GroupingState(models.Model):
    """Shared state of the grouping: document frequencies of the wording, the centre of the
    meaning vectors and the directions they are read along (one row).

    A full regroup refreshes it; new signals are compared with these weights in between.
    """

    idf = models.BinaryField()
    # Mean of the stored meaning vectors (float32): the centre they are compared around.
    semantic_mean = models.BinaryField(null=True, blank=True)
    # Each source's own centre (float32, one row per code in `source_keys`; `grouping.Centre`):
    # a signal is compared around the centre of the source it came from.
    source_means = models.BinaryField(null=True, blank=True)
    source_keys = models.JSONField(default=list, blank=True)
    signal_count = models.PositiveIntegerField(default=0)
    # The regroup's calibrated threshold (`grouping.calibrated_threshold`), used by `assign`.
    join_threshold = models.FloatField(null=True, blank=True)
    # Meaning directions the regroup learned from what analysts confirmed (float32,
    # SEMANTIC_DIM x MEANING_DIRECTIONS; `grouping.learned_meaning_directions`); empty: the
    # shipped ones.
    meaning_directions = models.BinaryField(null=True, blank=True)
    # Signals analysts had confirmed (placed, or in a thread in handling) at that regroup: when
    # the number changes, a regroup is due, so that their decisions teach the directions.
    confirmed_count = models.PositiveIntegerField(default=0)
    vector_model = models.CharField(max_length=60)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("groeperingsstand")
        verbose_name_plural = _("groeperingsstand")

    def __str__(self) -> str:
        return f"{self.vector_model} ({self.signal_count})"
