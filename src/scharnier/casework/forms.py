"""Forms for casework pages. They only shape input; the services decide and validate."""

import datetime
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import Direction, Offer, OfferStatus, SbiSection, Theme
from scharnier.catalog.queries import offers_available_in
from scharnier.core.formfields import (
    IsoDateField,
    KvkNumberField,
    NameChoiceField,
    PlainTextField,
    WholeNumberField,
)
from scharnier.core.validation import EMAIL_INVALID
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation
from scharnier.organisations.queries import organisations_for_referral

from .consent import CURRENT_CONSENT_VERSION, consent_text
from .models import ClosedPeriod, ConsentPurpose, Outcome, Question, Urgency
from .queries import providers_closed_soon
from .services import (
    HELPED_WITHOUT_REFERRAL,
    INTAKE_MAX_AGE_YEARS,
    INTAKE_MAX_EMPLOYEES,
    INTAKE_NEED_MAX_CHARS,
    OFFER_OF_OTHER_PROVIDER,
)


class QuestionForm(forms.Form):
    """The entrepreneur's question: the same fields at every door."""

    text = forms.CharField(
        label=_("Uw vraag"),
        help_text=_("Schrijf in uw eigen woorden waar u hulp bij zoekt."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        error_messages={
            "max_length": _(
                "Uw vraag is te lang. Gebruik maximaal %(limit_value)d tekens "
                "(het zijn er nu %(show_value)d)."
            )
        },
    )
    municipality = NameChoiceField(
        label=_("Gemeente van uw bedrijf"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Kies een gemeente"),
        error_messages={"required": _("Kies de gemeente waar uw bedrijf zit.")},
    )
    # In the order of _question_fields.html: the error summary lists errors in field order.
    email = forms.CharField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_name = forms.CharField(label=_("Uw naam"), max_length=120, required=False)
    company_name = forms.CharField(label=_("Naam van uw bedrijf"), max_length=160, required=False)
    kvk_number = KvkNumberField()
    consent_handling = forms.BooleanField(required=False)
    consent_feedback = forms.BooleanField(required=False)
    consent_version = forms.CharField(widget=forms.HiddenInput, initial=CURRENT_CONSENT_VERSION)

    def __init__(
        self, *args, staff: bool = False, home_regions: Iterable[Region] = (), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if home_regions:
            self._put_municipalities_of_first(home_regions)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["company_name"].widget.attrs["autocomplete"] = "organization"
        handling = consent_text(ConsentPurpose.HANDLING)
        feedback = consent_text(ConsentPurpose.FEEDBACK)
        self.for_staff = staff
        self.fields["consent_handling"].summary_label = _("Toestemming")
        self.fields["consent_feedback"].summary_label = _("Toestemming voor feedback")
        # Required by the service (with a message per door), so not by the field: say it.
        self.fields["text"].widget.attrs["aria-required"] = "true"
        if staff:
            for name, label in (
                ("text", _("Vraag van de ondernemer")),
                ("municipality", _("Gemeente van het bedrijf")),
                ("contact_name", _("Naam van de ondernemer")),
                ("company_name", _("Naam van het bedrijf")),
            ):
                self.fields[name].label = label
            self.fields["text"].help_text = _(
                "Schrijf de vraag op in de woorden van de ondernemer."
            )
            self.fields["municipality"].error_messages["required"] = _(
                "Kies de gemeente waar het bedrijf zit."
            )
            self.fields["text"].error_messages["max_length"] = _(
                "De vraag is te lang. Gebruik maximaal %(limit_value)d tekens "
                "(het zijn er nu %(show_value)d)."
            )
            self.fields["kvk_number"].help_text = _(
                "Met het nummer tellen we alleen hoeveel verschillende bedrijven we helpen; we "
                "bewaren er een code van die niet terug te rekenen is."
            )
            self.fields["consent_handling"].label = _(
                "De ondernemer heeft in het gesprek toestemming gegeven voor deze tekst: %(text)s"
            ) % {"text": handling}
            self.fields["consent_feedback"].label = _(
                "De ondernemer wil na afloop een vraag om feedback: %(text)s"
            ) % {"text": feedback}
        else:
            self.fields["consent_handling"].label = handling
            self.fields["consent_feedback"].label = feedback
        # Required by the service (which checks them), not by the field: so not marked
        # "(niet verplicht)". The page explains "e-mail or phone" once, above both fields.
        for name in ("text", "email", "phone", "consent_handling"):
            self.fields[name].show_optional = False
        if staff:
            self.fields["consent_feedback"].show_optional = False

    def _put_municipalities_of_first(self, regions: Iterable[Region]) -> None:
        """A schakelteam mostly enters questions from its own region: those municipalities come
        first, grouped by region, before the ~340 others."""
        field = self.fields["municipality"]
        municipalities = list(field.queryset.values_list("pk", "name"))
        groups, seen = [], set()
        for region in regions:
            own = set(region.municipalities.values_list("pk", flat=True))
            groups.append((region.name, [(pk, name) for pk, name in municipalities if pk in own]))
            seen |= own
        others = [(pk, name) for pk, name in municipalities if pk not in seen]
        field.choices = [("", field.empty_label), *groups, (_("Andere gemeenten"), others)]

    def consent_purposes(self) -> list[str]:
        purposes = []
        if self.cleaned_data.get("consent_handling"):
            purposes.append(ConsentPurpose.HANDLING)
        if self.cleaned_data.get("consent_feedback"):
            purposes.append(ConsentPurpose.FEEDBACK)
        return purposes


class TriageForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.order_by("position", "label"),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één thema.")},
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices)


def _filled(value) -> bool:
    if hasattr(value, "exists"):  # a queryset of chosen themes
        return value.exists()
    return value not in ("", None)


class IntakeForm(forms.Form):
    """The question behind the question and the firm's profile; every part is optional."""

    mark_optional = False  # the form says so once, above its fields

    underlying_themes = forms.ModelMultipleChoiceField(
        label=_("Waar gaat het de ondernemer echt om?"),
        help_text=_("Kies de thema's achter de vraag. Die kunnen anders zijn dan de vraag zelf."),
        queryset=Theme.objects.order_by("position", "label"),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    underlying_need = PlainTextField(
        label=_("De vraag achter de vraag, in uw woorden"),
        help_text=_("Alleen voor medewerkers. Schrijf geen namen of contactgegevens."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=INTAKE_NEED_MAX_CHARS,
        required=False,
    )
    direction = forms.ChoiceField(
        label=_("Welke kant wil het bedrijf op?"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Kies een richting uit de lijst.")},
    )
    employees = WholeNumberField(
        example=5,
        label=_("Hoeveel mensen werken er in het bedrijf?"),
        help_text=_("Met de ondernemer zelf erbij. Een schatting is goed."),
        min_value=0,
        max_value=INTAKE_MAX_EMPLOYEES,
        required=False,
        error_messages={
            "min_value": _("Het aantal kan niet kleiner zijn dan 0."),
            "max_value": _("Dat aantal is te groot. Vul een kleiner getal in."),
        },
    )
    sbi_section = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        error_messages={"invalid_choice": _("Kies een sector uit de lijst.")},
    )
    company_age_years = WholeNumberField(
        example=8,
        label=_("Hoeveel jaar bestaat het bedrijf?"),
        help_text=_("Vul 0 in voor een starter."),
        min_value=0,
        max_value=INTAKE_MAX_AGE_YEARS,
        required=False,
        error_messages={
            "min_value": _("Het aantal jaren kan niet kleiner zijn dan 0."),
            "max_value": _("Dat aantal jaren is te groot."),
        },
    )
    kvk_number = KvkNumberField(
        help_text=_(
            "Alleen als de ondernemer het goed vindt. Scharnier bewaart het nummer niet: het "
            "wordt een code waarmee we het bedrijf één keer tellen, hoe vaak het ook komt."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [("", _("Weet ik nog niet"))] + [
            (d.code, f"{d.label}: {d.description}") for d in Direction.objects.order_by("position")
        ]
        self.fields["sbi_section"].choices = [("", _("Weet ik nog niet"))] + [
            (s.code, s.choice_name)
            for s in SbiSection.objects.filter(for_entrepreneurs=True).order_by("position")
        ]

    @classmethod
    def for_question(cls, question: Question) -> "IntakeForm":
        return cls(
            initial={
                "underlying_themes": [t.code for t in question.underlying_themes.all()],
                "underlying_need": question.underlying_need,
                "direction": question.direction,
                "employees": question.employees,
                "sbi_section": question.sbi_section,
                "company_age_years": question.company_age_years,
            }
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(_filled(v) for v in data.values()):
            raise ValidationError(_("Vul minstens één onderdeel van de intake in."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notitie (alleen voor medewerkers)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Een lege notitie kunt u niet opslaan.")},
    )


class OfferChoiceField(forms.ModelChoiceField):
    # Per organisation id, a closure going on or coming soon (set by the form).
    closed_soon: dict[int, ClosedPeriod] = {}

    def label_from_instance(self, obj: Offer) -> str:
        closure = self.closed_soon.get(obj.provider_id)
        if closure is not None:
            return f"{obj.title} ({obj.provider.name}, {closed_days_label(closure)})"
        return f"{obj.title} ({obj.provider.name})"


# A select with thousands of offers helps nobody; the region's staff pick from the first ones
# available in the question's municipality, or choose the provider only.
MAX_OFFER_CHOICES = 300


def closed_days_label(closure: ClosedPeriod) -> str:
    """'dicht op 24 december' or 'dicht van 24 december tot en met 1 januari'."""
    if closure.starts_on == closure.ends_on:
        return _("dicht op %(day)s") % {"day": date_format(closure.starts_on, "j F")}
    return _("dicht van %(start)s tot en met %(end)s") % {
        "start": date_format(closure.starts_on, "j F"),
        "end": date_format(closure.ends_on, "j F"),
    }


class ProviderChoiceField(NameChoiceField):
    # Per organisation id, a closure going on or coming soon (set by the form).
    closed_soon: dict[int, ClosedPeriod] = {}

    def label_from_instance(self, obj: Organisation) -> str:
        if not getattr(obj, "receives_referrals", True):
            # The handover mail would reach nobody: the referrer will have to call.
            return _("%(name)s (ontvangt geen doorverwijzingen in Scharnier)") % {"name": obj.name}
        closure = self.closed_soon.get(obj.pk)
        if closure is not None:
            return f"{obj.name} ({closed_days_label(closure)})"
        return obj.name


class ReferralForm(forms.Form):
    organisation = ProviderChoiceField(
        label=_("Aanbieder"),
        help_text=_("Kies een aanbieder, of hieronder een aanbod van een aanbieder."),
        queryset=organisations_for_referral(),
        required=False,
        empty_label=_("Kies een aanbieder"),
    )
    offer = OfferChoiceField(
        label=_("Aanbod"),
        queryset=Offer.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Geen specifiek aanbod"),
    )
    message = forms.CharField(
        label=_("Overdrachtsbericht voor de aanbieder"),
        help_text=_("Wat moet de aanbieder weten om de ondernemer goed te helpen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        # A warm handover needs one: `services.refer_question` refuses a referral without it.
        error_messages={"required": _("Schrijf een kort overdrachtsbericht voor de aanbieder.")},
    )

    def __init__(
        self, *args, question: Question, suggested_offer: str | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        # One of provider or offer is required, so neither is marked "not required".
        self.fields["organisation"].show_optional = False
        self.fields["offer"].show_optional = False
        # A provider that is closed now or soon will be slow to take the question up.
        closed_soon = providers_closed_soon(PROVIDER_CLOSURE_AHEAD)
        self.fields["organisation"].closed_soon = closed_soon
        self.fields["offer"].closed_soon = closed_soon
        available = offers_available_in(question.municipality).with_status(OfferStatus.ACTIVE)
        ids = list(available.order_by("title").values_list("pk", flat=True)[:MAX_OFFER_CHOICES])
        self.fields["offer"].queryset = (
            Offer.objects.filter(pk__in=ids).select_related("provider").order_by("title")
        )
        if suggested_offer and not self.is_bound:
            # A suggestion chosen on the question page (?aanbod=<public id>): offer and provider
            # filled in; an id that is not on the list is ignored.
            try:
                offer = self.fields["offer"].queryset.filter(public_id=suggested_offer).first()
            except ValidationError:
                offer = None
            if offer is not None:
                self.initial.update(offer=offer.public_id, organisation=offer.provider_id)

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("offer"):
            # At the first of the two fields (its help names the other), not only in the summary.
            self.add_error("organisation", _("Kies een aanbieder of een aanbod."))
        organisation, offer = data.get("organisation"), data.get("offer")
        if organisation and offer and offer.provider_id != organisation.pk:
            # The service refuses it too; here it is said with the other fields' errors.
            self.add_error("offer", OFFER_OF_OTHER_PROVIDER)
        return data


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[("", _("Kies een uitkomst")), *Outcome.choices],
        error_messages={"required": _("Kies een uitkomst.")},
    )

    def __init__(self, *args, provider_helped: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.provider_helped = provider_helped
        if not provider_helped:
            # Only a finished referral makes it "helped by a provider": not offered before.
            self.fields["outcome"].widget.choices = [
                c for c in self.fields["outcome"].choices if c[0] != Outcome.HELPED
            ]

    def clean_outcome(self) -> str:
        outcome = self.cleaned_data["outcome"]
        if outcome == Outcome.HELPED and not self.provider_helped:
            raise forms.ValidationError(HELPED_WITHOUT_REFERRAL)
        return outcome


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom wijst u af?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Schrijf kort op waarom u deze vraag afwijst.")},
    )


class CompleteForm(forms.Form):
    result = forms.CharField(
        label=_("Wat is het resultaat?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Schrijf kort op wat het resultaat is.")},
    )


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_(
            "Hoe waarschijnlijk is het dat u deze hulp aanraadt aan een andere ondernemer? "
            "0 is zeer onwaarschijnlijk, 10 is zeer waarschijnlijk."
        ),
        choices=[(str(i), str(i)) for i in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer van 0 tot en met 10.")},
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class StatusLinkRequestForm(forms.Form):
    reference = forms.CharField(
        label=_("Referentie van uw vraag"),
        help_text=_("Die staat in de e-mail die u kreeg, bijvoorbeeld VR-ABC1234."),
        max_length=12,
        error_messages={"required": _("Vul de referentie van uw vraag in.")},
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("Het adres dat u bij uw vraag gaf."),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": EMAIL_INVALID,
        },
    )


class FirstAnswerTermForm(forms.Form):
    """The region's term for a first answer (the regional director decides it)."""

    sla_working_days = WholeNumberField(
        label=_("Eerste reactie binnen (werkdagen)"),
        help_text=_(
            "Zoveel werkdagen heeft het schakelteam voor een eerste reactie op een nieuwe vraag. "
            "Weekenden, feestdagen en sluitingsdagen tellen niet mee."
        ),
        example=5,
        min_value=1,
        max_value=60,
        error_messages={"required": _("Vul een aantal werkdagen in, bijvoorbeeld 5.")},
    )
    referral_working_days = WholeNumberField(
        label=_("Aanbieder reageert op een doorverwijzing binnen (werkdagen)"),
        help_text=_(
            "Zoveel werkdagen heeft een aanbieder om te laten weten of hij de vraag oppakt. "
            "Laat u dit leeg, dan geldt dezelfde termijn als voor een eerste reactie."
        ),
        example=3,
        min_value=1,
        max_value=60,
        required=False,
    )


# How far ahead the referral form names a provider's closure.
PROVIDER_CLOSURE_AHEAD = datetime.timedelta(days=14)


class ClosureForm(forms.Form):
    """Days the schakelteam is closed (a Christmas week)."""

    starts_on = IsoDateField(
        label=_("Eerste dag dicht"),
        error_messages={"required": _("Vul de eerste dag in dat het schakelteam dicht is.")},
    )
    ends_on = IsoDateField(
        label=_("Laatste dag dicht"),
        error_messages={"required": _("Vul de laatste dag in dat het schakelteam dicht is.")},
    )
    reason = PlainTextField(
        label=_("Reden"),
        help_text=_("Bijvoorbeeld: kerstvakantie. Ondernemers zien deze reden."),
        max_length=120,
        multiline=False,
        required=False,
    )


class ProviderClosureForm(ClosureForm):
    """Days a provider is closed: the same fields, said to the provider."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].error_messages["required"] = _(
            "Vul de eerste dag in dat uw organisatie dicht is."
        )
        self.fields["ends_on"].error_messages["required"] = _(
            "Vul de laatste dag in dat uw organisatie dicht is."
        )
        self.fields["reason"].help_text = _(
            "Bijvoorbeeld: kerstvakantie. Het schakelteam ziet deze reden."
        )
