"""Forms of the entrepreneur pages. Field names are Dutch because they show in shareable URLs."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scharnier.casework.consent import consent_text
from scharnier.casework.models import ConsentPurpose
from scharnier.catalog.models import SbiSection
from scharnier.core.formfields import KvkNumberField, PlainTextField, WholeNumberField
from scharnier.core.validation import EMAIL_INVALID, phone_problem

from . import scan
from .queries import Profile, municipalities_for_choice, municipality_by_code


def _municipality_choices():
    return [("", _("Kies uw gemeente"))] + [(m.code, m.name) for m in municipalities_for_choice()]


def _sector_choices():
    return [("", _("Weet ik niet / zeg ik liever niet"))] + [
        (s.code, s.choice_name)
        for s in SbiSection.objects.filter(for_entrepreneurs=True).order_by("position")
    ]


class MunicipalityForm(forms.Form):
    """Only the municipality: enough to show the help that reaches a firm there."""

    mark_optional = False
    gemeente = forms.ChoiceField(
        label=_("In welke gemeente zit uw bedrijf?"),
        required=False,
        help_text=_("Dan ziet u ook de hulp in uw regio."),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = _municipality_choices()


class ProfileForm(forms.Form):
    gemeente = forms.ChoiceField(
        label=_("In welke gemeente zit uw bedrijf?"),
        error_messages={
            "required": _("Kies de gemeente waar uw bedrijf zit."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    medewerkers = WholeNumberField(
        example=5,
        label=_("Hoeveel mensen werken er in uw bedrijf?"),
        help_text=_("Tel uzelf mee. Een schatting is goed."),
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "required": _("Vul in hoeveel mensen er werken, bijvoorbeeld 5."),
            "min_value": _("Het aantal kan niet kleiner zijn dan 0."),
            "max_value": _("Dat aantal is te groot. Vul een kleiner getal in."),
        },
    )
    sector = forms.ChoiceField(label=_("In welke sector werkt uw bedrijf?"), required=False)
    leeftijd = WholeNumberField(
        example=8,
        label=_("Hoeveel jaar bestaat uw bedrijf?"),
        help_text=_("Vul 0 in als u net bent begonnen."),
        min_value=0,
        max_value=500,
        error_messages={
            "required": _("Vul in hoeveel jaar uw bedrijf bestaat, bijvoorbeeld 8."),
            "min_value": _("Het aantal jaren kan niet kleiner zijn dan 0."),
            "max_value": _("Dat aantal jaren is te groot."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = _municipality_choices()
        self.fields["sector"].choices = _sector_choices()

    def profile(self) -> Profile:
        data = self.cleaned_data
        return Profile(
            municipality=municipality_by_code(data["gemeente"]),
            employees=data["medewerkers"],
            sbi_section=data.get("sector") or "",
            company_age_years=data["leeftijd"],
        )


class QuestionForm(ProfileForm):
    vraag = PlainTextField(
        label=_("Wat is uw vraag?"),
        help_text=_(
            "Schrijf in uw eigen woorden waar u mee zit. Bijvoorbeeld: "
            "'Mijn energierekening is verdubbeld'."
        ),
        min_length=3,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf uw vraag op."),
            "min_length": _("Schrijf uw vraag in minstens 3 tekens."),
            "max_length": _("Uw vraag is te lang. Gebruik maximaal 1000 tekens."),
        },
    )
    field_order = ["vraag", "gemeente", "medewerkers", "sector", "leeftijd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Searching asks no more than needed: without a number every offer still shows, with
        # "controleer dit" beside the rule the firm may not meet. The scan stores a plan and
        # keeps asking both.
        self.fields["medewerkers"].required = False
        self.fields["medewerkers"].help_text = _(
            "Tel uzelf mee. Een schatting is goed. Leeg gelaten? Dan zeggen we bij het aanbod "
            "wat u zelf moet nagaan."
        )
        self.fields["leeftijd"].required = False
        self.fields["leeftijd"].help_text = _(
            "Vul 0 in als u net bent begonnen. Leeg gelaten? Dan zeggen we bij het aanbod wat u "
            "zelf moet nagaan."
        )


class ScanForm(forms.Form):
    """The scan's questions (in the region's wording), as radio groups."""

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        for question in scan.questions(region):
            self.fields[question.code] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=question.options,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies bij deze vraag een antwoord.")},
            )


class HandoverForm(forms.Form):
    naam = PlainTextField(multiline=False, label=_("Uw naam"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    telefoon = PlainTextField(
        multiline=False, label=_("Uw telefoonnummer"), max_length=30, required=False
    )
    kvk_number = KvkNumberField()
    toelichting = PlainTextField(
        label=_("Wilt u nog iets vertellen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The casework consent texts (versioned there): the plan becomes a question in its inbox.
    toestemming = forms.BooleanField(
        label=consent_text(ConsentPurpose.HANDLING),
        error_messages={
            "required": _("Geef toestemming, anders kunnen we uw plan niet doorsturen.")
        },
    )
    terugkoppeling = forms.BooleanField(label=consent_text(ConsentPurpose.FEEDBACK), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One of the two is required (checked in `clean`), so neither says "(niet verplicht)".
        for name in ("email", "telefoon"):
            self.fields[name].show_optional = False
        self.fields["email"].help_text = _(
            "Vul een e-mailadres of een telefoonnummer in. Eén van de twee is genoeg."
        )
        # The error summary names a consent by a short name, not by its whole text.
        self.fields["toestemming"].summary_label = _("Toestemming")
        self.fields["terugkoppeling"].summary_label = _("Toestemming voor feedback")

    def clean_telefoon(self) -> str:
        value = self.cleaned_data.get("telefoon") or ""
        if problem := phone_problem(value):
            raise ValidationError(problem)
        return value

    def clean(self):
        data = super().clean()
        # A mistyped address has its own message; "fill in one of the two" would contradict it.
        if "email" in self.errors or "telefoon" in self.errors:
            return data
        if not data.get("email") and not (data.get("telefoon") or "").strip():
            self.add_error(
                "email", _("Vul een e-mailadres of telefoonnummer in, zodat we u kunnen bereiken.")
            )
        return data
