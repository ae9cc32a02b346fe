"""Forms for community pages: they shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import SbiSection, Theme
from scharnier.core.formfields import (
    AmountField,
    CodeCheckboxesField,
    IsoDateField,
    KvkNumberField,
    NameCheckboxesField,
    NameChoiceField,
    PlainTextField,
    WholeNumberField,
)
from scharnier.core.validation import EMAIL_INVALID, URL_INVALID
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Organisation

from .models import END_BEFORE_START, MORE_NEW_THAN_ALL, validate_meeting_date
from .services import consent_text
from .vocabularies import choices

COUNT_NOT_NEGATIVE = _("Vul 0 of een hoger getal in.")
DATE_INVALID = _("Vul een geldige datum in.")


class CommunityForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=160,
        error_messages={"required": _("Vul de naam van de community in.")},
    )
    kind = forms.ChoiceField(label=_("Soort community"))
    status = forms.ChoiceField(label=_("Status"))
    themes = CodeCheckboxesField(Theme.objects.all(), label=_("Thema's"))
    sbi_sections = CodeCheckboxesField(
        SbiSection.objects.filter(for_entrepreneurs=True), label=_("Sectoren")
    )
    municipalities = NameCheckboxesField(Municipality.objects.none(), label=_("Gemeenten"))
    organiser = NameChoiceField(
        label=_("Organisator"),
        queryset=Organisation.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Geen"),
    )
    reach = WholeNumberField(
        example=25,
        label=_("Bereik (aantal ondernemers)"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        error_messages={
            "min_value": COUNT_NOT_NEGATIVE,
            "max_value": _("Vul een getal tot 1.000.000 in."),
        },
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )

    def __init__(self, *args, region=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices("community_kind")
        self.fields["status"].choices = choices("community_status")
        if region is not None:
            self.fields["municipalities"].queryset = region.municipalities.order_by("name")


class MeetingDateField(IsoDateField):
    """A meeting's date: the meeting range replaces the 2000-2100 check, one message for both."""

    default_validators = [validate_meeting_date]


class MeetingForm(forms.Form):
    """The two-minute log: only date, community, themes, format and numbers are needed."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={
            "required": _("Geef de bijeenkomst een titel, bijvoorbeeld 'Ondernemersontbijt'.")
        },
    )
    date = MeetingDateField(
        label=_("Datum"), error_messages={"invalid": _("Vul een bestaande datum in.")}
    )
    start_time = forms.TimeField(
        label=_("Begintijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Vul een tijd in, zoals 19:30.")},
    )
    end_time = forms.TimeField(
        label=_("Eindtijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Vul een tijd in, zoals 21:00.")},
    )
    format = forms.ChoiceField(label=_("Vorm"), widget=forms.RadioSelect)
    themes = CodeCheckboxesField(Theme.objects.all(), label=_("Thema's"))
    participants_count = WholeNumberField(
        example=12,
        label=_("Aantal deelnemers"),
        min_value=0,
        max_value=100_000,
        initial=0,
        error_messages={
            "required": _("Vul in hoeveel mensen er waren, bijvoorbeeld 12."),
            "min_value": COUNT_NOT_NEGATIVE,
        },
    )
    new_participants_count = WholeNumberField(
        example=3,
        label=_("Waarvan voor het eerst"),
        min_value=0,
        max_value=100_000,
        initial=0,
        error_messages={
            "required": _("Vul in hoeveel mensen voor het eerst kwamen. Niemand? Vul dan 0 in."),
            "min_value": COUNT_NOT_NEGATIVE,
        },
    )
    follow_up_questions = forms.CharField(
        label=_("Vervolgvragen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Welke vragen kwamen er op? Noem geen namen."),
    )
    location = forms.CharField(label=_("Plaats of link"), required=False, max_length=300)
    is_public = forms.BooleanField(label=_("Toon in de openbare agenda"), required=False)
    is_cancelled = forms.BooleanField(
        label=_("Gaat niet door"),
        required=False,
        help_text=_("Blijft in de agenda staan met de melding dat het niet doorgaat."),
    )

    def __init__(
        self, *args, communities=None, reported: bool = False, editing: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["format"].choices = choices("meeting_format")
        if not editing or reported:  # only a logged meeting that did not take place is called off
            del self.fields["is_cancelled"]
        if reported:
            self.fields["participants_count"].help_text = _(
                "Telt mee in het bereik van de regio. Klopt het niet? Verbeter het hier: de "
                "telling verandert mee."
            )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        # Said here too, so that it stands beside the other errors of the same submit.
        if start and end and end <= start:
            self.add_error("end_time", END_BEFORE_START)
        everyone, new = data.get("participants_count"), data.get("new_participants_count")
        if everyone is not None and new is not None and new > everyone:
            self.add_error("new_participants_count", MORE_NEW_THAN_ALL)
        # An end alone says nothing in the agenda or the calendar file: ask for the start too.
        if end and not start and "start_time" not in self.errors:
            self.add_error("start_time", _("Vul ook de begintijd in, of laat de eindtijd leeg."))
        return data

    @classmethod
    def initial_for(cls, meeting) -> dict:
        """The form's values for an existing meeting."""
        initial = {name: getattr(meeting, name) for name in cls.base_fields if name != "themes"}
        initial["community"] = meeting.community_id
        initial["themes"] = list(meeting.themes.all())
        return initial


class ParticipantForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=120,
        error_messages={"required": _("Vul de naam van de deelnemer in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={
            "required": _("Vul het e-mailadres van de deelnemer in."),
            "invalid": EMAIL_INVALID,
        },
    )
    # The same check as the attendance file and the public forms; no help text, as the
    # organiser types it for the participant (the consent below says what happens to it).
    kvk_number = KvkNumberField(help_text="")
    is_new = forms.BooleanField(label=_("Nieuw in de community"), required=False)
    consent = forms.BooleanField(
        error_messages={"required": _("Zonder toestemming kunnen we geen deelnemer opslaan.")}
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The organiser ticks it for the participant, who agreed to these words.
        self.fields["consent"].label = _(
            "De deelnemer heeft toestemming gegeven voor deze tekst: %(text)s"
        ) % {"text": consent_text()}
        # The error summary names the field, not the whole consent text again.
        self.fields["consent"].summary_label = _("Toestemming")


class AttendanceForm(forms.Form):
    file = forms.FileField(
        label=_("Presentielijst (CSV)"),
        help_text=_("Kolommen: naam, e-mail, kvk-nummer (mag leeg), nieuw (ja/nee)."),
    )
    consent_confirmed = forms.BooleanField(
        label=_(
            "Iedereen op de lijst heeft toestemming gegeven voor dezelfde tekst als hierboven."
        ),
        error_messages={
            "required": _("Bevestig dat iedereen in het bestand toestemming heeft gegeven.")
        },
    )

    def refuse(self, problems: list) -> None:
        """Show a refused file once: one line for the error summary, and under the field the
        problems of the rows (`error_details`, listed by core/forms/field.html)."""
        self.add_error("file", _("Het bestand is niet ingelezen. Er is niets opgeslagen."))
        self.fields["file"].error_details = [str(p) for p in problems]


class CampaignForm(forms.Form):
    """An outreach campaign: whom the region approaches, how and when."""

    title = PlainTextField(
        multiline=False,
        label=_("Naam van de actie"),
        help_text=_("Bijvoorbeeld: Brief over netcongestie aan bedrijven op De Vrolijkheid."),
        max_length=160,
        error_messages={"required": _("Geef de actie een naam.")},
    )
    channel = forms.ChoiceField(
        label=_("Hoe benadert u de bedrijven?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe u de bedrijven benadert."),
            "invalid_choice": _("Kies een kanaal uit de lijst."),
        },
    )
    sbi_sections = CodeCheckboxesField(
        SbiSection.objects.filter(for_entrepreneurs=True),
        label=_("Sectoren"),
        help_text=_("Geen keuze: alle sectoren."),
    )
    municipalities = NameCheckboxesField(
        Municipality.objects.none(),
        label=_("Gemeenten"),
        help_text=_("Geen keuze: de hele regio."),
    )
    themes = CodeCheckboxesField(Theme.objects.all(), label=_("Onderwerp"))
    starts_on = IsoDateField(
        label=_("Begint op"),
        error_messages={"required": _("Kies de begindatum."), "invalid": DATE_INVALID},
    )
    ends_on = IsoDateField(
        label=_("Eindigt op"), required=False, error_messages={"invalid": DATE_INVALID}
    )
    firms_approached = WholeNumberField(
        example=250,
        label=_("Aantal benaderde bedrijven"),
        help_text=_("Vul dit in als u het weet, ook later."),
        min_value=0,
        required=False,
        error_messages={"min_value": COUNT_NOT_NEGATIVE},
    )
    note = PlainTextField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, region=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = choices("campaign_channel")
        if region is not None:
            self.fields["municipalities"].queryset = region.municipalities.order_by("name")


class CommunityCostForm(forms.Form):
    """A community's costs in one year (the business case of communities)."""

    community = NameChoiceField(
        label=_("Community"),
        queryset=None,
        empty_label=_("Kies een community"),
        error_messages={
            "required": _("Kies de community."),
            "invalid_choice": _("Kies een community van deze regio uit de lijst."),
        },
    )
    cost_eur = AmountField(
        label=_("Kosten in dit jaar (euro)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text=_(
            "Alles bij elkaar: uren van de organisator, zaalhuur, eten en drinken, sprekers. "
            "Leeg maken: de kosten weghalen."
        ),
    )
    hours = WholeNumberField(
        example=120,
        label=_("Uren van de organisator"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=_("Als u ze weet. Ze zitten al in de kosten."),
    )
    funders = PlainTextField(
        multiline=False,
        label=_("Betaald door"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: gemeente Zwolle en de ondernemersvereniging, ieder de helft."),
    )

    def __init__(self, *args, region=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = region.communities.order_by("name")
