"""Forms for community pages: they shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import SbiSection, Theme
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Organisation

from .services import CONSENT_TEXT
from .vocabularies import choices


class NameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class NameMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=160)
    kind = forms.ChoiceField(label=_("Soort community"))
    status = forms.ChoiceField(label=_("Status"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    sbi_sections = forms.ModelMultipleChoiceField(
        label=_("Sectoren"),
        queryset=SbiSection.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    municipalities = NameMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    organiser = NameChoiceField(
        label=_("Organisator"),
        queryset=Organisation.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Geen"),
    )
    reach = forms.IntegerField(
        label=_("Bereik (aantal ondernemers)"), min_value=0, max_value=1_000_000, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, region=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices("community_kind")
        self.fields["status"].choices = choices("community_status")
        if region is not None:
            self.fields["municipalities"].queryset = region.municipalities.order_by("name")


class MeetingForm(forms.Form):
    """The two-minute log: only date, community, themes, format and numbers are needed."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Titel"), max_length=200)
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )
    format = forms.ChoiceField(label=_("Vorm"), widget=forms.RadioSelect)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    participants_count = forms.IntegerField(
        label=_("Aantal deelnemers"), min_value=0, max_value=100_000, initial=0
    )
    new_participants_count = forms.IntegerField(
        label=_("Van wie nieuw"), min_value=0, max_value=100_000, initial=0
    )
    follow_up_questions = forms.CharField(
        label=_("Vervolgvragen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Welke vragen kwamen er op? Noem geen namen."),
    )
    location = forms.CharField(label=_("Plaats of link"), required=False, max_length=300)
    is_public = forms.BooleanField(label=_("Toon in de openbare agenda"), required=False)

    def __init__(self, *args, communities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["format"].choices = choices("meeting_format")


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=120)
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.")
        },
    )
    kvk_number = forms.CharField(label=_("KvK-nummer"), required=False, max_length=20)
    is_new = forms.BooleanField(label=_("Nieuw in de community"), required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)


class AttendanceForm(forms.Form):
    file = forms.FileField(
        label=_("Presentielijst (CSV)"),
        help_text=_("Kolommen: naam, e-mail, kvk-nummer (mag leeg), nieuw (ja/nee)."),
    )
    consent_confirmed = forms.BooleanField(
        label=_("Iedereen op de lijst heeft toestemming gegeven."), required=False
    )
