"""Forms for signal pages. They only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.core.formfields import (
    CodeCheckboxesField,
    IsoDateField,
    NameChoiceField,
)
from scharnier.core.validation import EMAIL_INVALID, URL_INVALID
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Organisation

from .retention import retention_months
from .services import REPLY_CONSENT_REQUIRED, TEXT_TOO_SHORT, signal_text_problem
from .vocabularies import choices, public_choices


class SignalFields(forms.Form):
    kind = forms.ChoiceField(label=_("Wat voor signaal is het?"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Beschrijf het signaal"),
        help_text=_("Waar lopen ondernemers tegenaan, of wat werkt juist goed? Noem geen namen."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": TEXT_TOO_SHORT},
    )
    themes = CodeCheckboxesField(Theme.objects.all(), label=_("Thema's"))
    municipality = NameChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Kies een gemeente"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices("signal_kind")

    def clean_text(self) -> str:
        # The service's rule, here too: a too short text is named with the form's other errors.
        text = self.cleaned_data["text"]
        if problem := signal_text_problem(text):
            raise forms.ValidationError(problem, code="too_short")
        return text


class PublicSignalForm(SignalFields):
    contact_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        help_text=_("Alleen als u wilt horen wat er met uw signaal gebeurt."),
        error_messages={"invalid": EMAIL_INVALID},
    )
    reply_consent = forms.BooleanField(required=False)
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An entrepreneur's words for the kinds, not the analysts' ("Overlap").
        self.fields["kind"].choices = public_choices("signal_kind")
        # An entrepreneur writes about their own situation; staff about what they heard.
        self.fields["text"].help_text = _(
            "Waar loopt u tegenaan, of wat werkt juist goed? Noem geen namen van personen."
        )
        # The consent names the period the retention job really uses (`signals.retention`).
        months = retention_months()
        self.fields["reply_consent"].label = ngettext(
            "Ik geef toestemming om mijn e-mailadres te bewaren, om mij te laten weten wat er "
            "met mijn signaal gebeurt. %(months)d maand nadat mijn signaal is afgehandeld, "
            "wist Scharnier mijn e-mailadres.",
            "Ik geef toestemming om mijn e-mailadres te bewaren, om mij te laten weten wat er "
            "met mijn signaal gebeurt. %(months)d maanden nadat mijn signaal is afgehandeld, "
            "wist Scharnier mijn e-mailadres.",
            months,
        ) % {"months": months}
        # Needed only with an e-mail address (the service checks): not "(niet verplicht)".
        self.fields["reply_consent"].show_optional = False
        self.fields["reply_consent"].help_text = _("Nodig als u hierboven uw e-mailadres invult.")
        self.fields["reply_consent"].summary_label = _("Toestemming voor een bericht")

    def clean(self) -> dict:
        # The service's rule, here too: without it a missing consent showed only after the
        # other errors were fixed, one more round for the entrepreneur.
        data = super().clean()
        if data.get("contact_email") and not data.get("reply_consent"):
            self.add_error("reply_consent", forms.ValidationError(REPLY_CONSENT_REQUIRED))
        return data


class StaffSignalForm(SignalFields):
    source = forms.ChoiceField(label=_("Waar komt het signaal vandaan?"), widget=forms.RadioSelect)
    journey_phase = forms.ModelChoiceField(
        label=_("Fase in de klantreis"),
        queryset=JourneyPhase.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Weet ik niet"),
    )
    question_reference = forms.CharField(
        label=_("Referentie van de vraag"),
        required=False,
        max_length=12,
        help_text=_("Alleen bij een signaal uit een vraag. We nemen geen persoonsgegevens over."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Namens organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Geen"),
    )
    publish = forms.BooleanField(
        label=_("Openbaar maken (de tekst bevat geen persoonsgegevens)"), required=False
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            c for c in choices("signal_source") if c[0] not in ("publiek", "bijeenkomst")
        ]
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label=_("Kies een organisatie"),
        # Specific, not the generic "Kies een van de mogelijkheden": says what is missing.
        error_messages={
            "required": _("Kies de organisatie die de rode draad gaat beantwoorden."),
            "invalid_choice": _("Kies de organisatie die de rode draad gaat beantwoorden."),
        },
    )
    deadline = IsoDateField(
        label=_("Uiterlijk beantwoorden op"),
        error_messages={"required": _("Vul de datum in waarop het antwoord er uiterlijk is.")},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Antwoord (openbaar)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        error_messages={"required": _("Schrijf het antwoord dat iedereen mag lezen.")},
    )
    link_kind = forms.ChoiceField(label=_("Wat veranderde er?"), required=False)
    link_label = forms.CharField(label=_("Omschrijving"), required=False, max_length=200)
    link_url = forms.URLField(
        label=_("Webadres"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link_kind"].choices = [("", _("Niets (nog)")), *choices("link_kind")]
        # Needed once something changed (`clean` checks): not "(niet verplicht)".
        for name in ("link_label", "link_url"):
            self.fields[name].show_optional = False
            self.fields[name].help_text = _("Nodig als u hierboven kiest wat er veranderde.")

    def clean(self) -> dict:
        # The service checks the link as a whole; here each part gets its message at its field.
        data = super().clean()
        kind, label = data.get("link_kind"), (data.get("link_label") or "").strip()
        url = data.get("link_url")
        if kind:
            if not label:
                self.add_error("link_label", _("Geef de verwijzing een omschrijving."))
            if not url and "link_url" not in self.errors:
                self.add_error("link_url", _("Geef het webadres van de verwijzing."))
        elif label or url:
            self.add_error("link_kind", _("Kies wat er veranderde, of laat de verwijzing leeg."))
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzen (openbaar)"),
        help_text=_(
            "Iedereen die een signaal in deze rode draad meldde en een e-mailadres gaf, krijgt "
            "een e-mail met een link naar deze pagina. Daar staat de reden."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort op waarom u deze rode draad afwijst.")},
    )


class RenameForm(forms.Form):
    title = forms.CharField(
        label=_("Nieuwe titel"),
        max_length=200,
        error_messages={"required": _("Vul de nieuwe titel van de rode draad in.")},
    )


AUTOMATIC_CATEGORY = "automatisch"


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Soort knelpunt"),
        help_text=_(
            "Kiest u een soort, dan blijft die staan, ook als de computer de signalen opnieuw "
            "groepeert."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (AUTOMATIC_CATEGORY, _("Automatisch: het voorstel van de computer")),
            *choices("knelpunt_category"),
        ]

    def chosen(self) -> str | None:
        """The category code, or None for the automatic suggestion."""
        value = self.cleaned_data["category"]
        return None if value == AUTOMATIC_CATEGORY else value


class MergeForm(forms.Form):
    other = forms.CharField(
        label=_("Referentie van de andere rode draad"),
        help_text=_("Bijvoorbeeld RD-00012."),
        error_messages={"required": _("Vul de referentie van de andere rode draad in.")},
    )


class MoveForm(forms.Form):
    """A signal to another thread: filled in by the review list's button on the thread page."""

    signal = forms.CharField(
        label=_("Referentie van het signaal"),
        error_messages={"required": _("Kies het signaal dat u wilt verplaatsen.")},
    )
    other = forms.CharField(
        label=_("Referentie van de andere rode draad"),
        error_messages={"required": _("Vul de referentie van de andere rode draad in.")},
    )


class SplitForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van de nieuwe rode draad"),
        max_length=200,
        error_messages={"required": _("Geef de nieuwe rode draad een titel.")},
    )
    signals = forms.MultipleChoiceField(
        label=_("Signalen die een eigen rode draad worden"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies de signalen die naar de nieuwe rode draad gaan."),
        },
    )

    def __init__(self, *args, signal_choices=(), **kwargs) -> None:
        # Its own ids: the rename form on the same page has a "title" field too.
        kwargs.setdefault("auto_id", "id_split_%s")
        super().__init__(*args, **kwargs)
        self.fields["signals"].choices = list(signal_choices)


class FeedbackForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Bent u tevreden over het antwoord?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        help_text=_(
            "Nodig als u niet tevreden bent: wat kan beter? Noem geen namen. Alleen wie de "
            "rode draad behandelt, leest dit."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Needed with "nee" (the service checks), as its help text says: not "(niet verplicht)".
        self.fields["comment"].show_optional = False
