"""Forms of the public and editor pages.

Vocabulary choices always come from the catalog tables (codes as values, Dutch labels shown).
"""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.fileformat import OFFER_FIELDS
from scharnier.catalog.importing import max_file_bytes, size_problem
from scharnier.catalog.models import (
    JourneyPhase,
    Offer,
    OfferStatus,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.catalog.queries import OfferFilters
from scharnier.catalog.services import validate_offer_data
from scharnier.core.formfields import (
    AmountField,
    IsoDateField,
    NameChoiceField,
    PlainTextField,
    WholeNumberField,
)
from scharnier.core.forms import add_service_errors
from scharnier.core.reference_cache import reference_list
from scharnier.core.validation import EMAIL_INVALID, URL_INVALID
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation, RegionalRoleKind
from scharnier.organisations.services import MAX_REACH_ESTIMATE

MAX_SEARCH_TEXT = 200

# Public search offers the derived statuses; archived offers are withdrawn from the catalog.
PUBLIC_STATUSES = [OfferStatus.PLANNED, OfferStatus.ACTIVE, OfferStatus.EXPIRED]


def _codes(model) -> list[tuple[str, str]]:
    return reference_list(
        f"vocabulary:{model._meta.label}",
        lambda: list(model.objects.order_by("position", "label").values_list("code", "label")),
    )


def _all_municipality_choices() -> list[tuple[str, str]]:
    return reference_list(
        "municipalities",
        lambda: list(Municipality.objects.order_by("name").values_list("code", "name")),
    )


def _invalid(what) -> dict:
    # One specific message per filter instead of Django's generic "Selecteer een geldige keuze";
    # lazy, so that it is translated when shown.
    def message() -> str:
        return gettext("%(what)s '%%(value)s' bestaat niet. Kies een waarde uit de lijst.") % {
            "what": what
        }

    return {"invalid_choice": lazy(message, str)()}


MULTI_FILTERS = ("thema", "fase", "soort", "gebied", "status")
# The filters under the search box that fold away on a phone.
FOLDED_FILTERS = ("thema", "fase", "soort", "grootte", "sector", "gebied", "status")


class OfferSearchForm(forms.Form):
    mark_optional = False  # every filter is optional
    """Search and filters of the offer catalog, read from GET parameters with Dutch names."""

    q = forms.CharField(
        label=_("Zoekwoorden"),
        required=False,
        max_length=MAX_SEARCH_TEXT,
        help_text=_("Bijvoorbeeld: subsidie energie besparen"),
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens om te zoeken.")},
    )
    gemeente = forms.CharField(
        label=_("Beschikbaar in mijn gemeente"),
        required=False,
        max_length=80,
        widget=forms.Select,
        help_text=_("Laat alleen aanbod zien dat ondernemers in deze gemeente kunnen gebruiken."),
    )
    thema = forms.MultipleChoiceField(
        label=_("Thema"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_invalid(_("Het thema")),
    )
    fase = forms.MultipleChoiceField(
        label=_("Fase van uw plan"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # The phases' names are the programme's words; say what each means.
        help_text=_(
            "Weten: u zoekt informatie. Willen: u maakt een plan. Kunnen: u gaat aan de slag "
            "en zoekt geld, kennis of begeleiding."
        ),
        error_messages=_invalid(_("De fase")),
    )
    soort = forms.MultipleChoiceField(
        label=_("Soort aanbod"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_invalid(_("De soort aanbod")),
    )
    grootte = forms.ChoiceField(
        label=_("Grootte van het bedrijf"), required=False, error_messages=_invalid(_("De grootte"))
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, error_messages=_invalid(_("De sector"))
    )
    gebied = forms.MultipleChoiceField(
        label=_("Landelijk of regionaal"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=ScopeLevel.choices,
        error_messages=_invalid(_("Het niveau")),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(s.value, s.label) for s in PUBLIC_STATUSES],
        help_text=_("Zonder keuze ziet u alleen actief aanbod."),
        error_messages=_invalid(_("De status")),
    )

    def __init__(
        self, data=None, *, municipalities=None, with_municipality: bool = True, **kwargs
    ) -> None:
        if data is not None:
            data = data.copy()
            # Empty values (?thema=) mean "no filter", not an unknown code.
            for key in MULTI_FILTERS:
                data.setlist(key, [value for value in data.getlist(key) if value.strip()])
            # Show the default status as ticked, so the visitor sees what is filtered.
            if not data.getlist("status"):
                data.setlist("status", [OfferStatus.ACTIVE])
        super().__init__(data, **kwargs)
        self.fields["thema"].choices = _codes(Theme)
        self.fields["fase"].choices = _codes(JourneyPhase)
        self.fields["soort"].choices = _codes(OfferType)
        self.fields["grootte"].choices = [("", _("Alle groottes")), *_codes(SizeClass)]
        # Sectors as entrepreneurs name them; households and embassies hold no firms to help.
        self.fields["sector"].choices = [
            ("", _("Alle sectoren")),
            *reference_list(
                "vocabulary:sbi-for-entrepreneurs",
                lambda: [
                    (s.code, s.choice_name)
                    for s in SbiSection.objects.filter(for_entrepreneurs=True).order_by("position")
                ],
            ),
        ]
        if with_municipality:
            if municipalities is None:
                self.municipalities = Municipality.objects.all()
                names = _all_municipality_choices()
            else:
                self.municipalities = municipalities
                names = list(municipalities.order_by("name").values_list("code", "name"))
            self.fields["gemeente"].widget.choices = [("", _("Alle gemeenten")), *names]
        else:
            del self.fields["gemeente"]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_gemeente(self) -> Municipality | None:
        """Accept the CBS code (GM0193) or the name (Zwolle), as people type either."""
        value = self.cleaned_data["gemeente"].strip()
        if not value:
            return None
        found = self.municipalities.filter(Q(code__iexact=value) | Q(name__iexact=value)).first()
        if found is None:
            raise ValidationError(
                _(
                    "De gemeente '%(value)s' kennen we niet. Kies een gemeente uit de lijst "
                    "of typ een CBS-code zoals GM0193."
                ),
                code="unknown_municipality",
                params={"value": value},
            )
        return found

    def filters(self, **extra: Any) -> OfferFilters:
        """The catalog query for the valid input (call after is_valid())."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "text": data.get("q", ""),
            "themes": data.get("thema", []),
            "journey_phases": data.get("fase", []),
            "offer_types": data.get("soort", []),
            "municipality": data.get("gemeente"),
            "size_class": data.get("grootte", ""),
            "sbi_section": data.get("sector", ""),
            "statuses": data.get("status") or [OfferStatus.ACTIVE],
            "scope_levels": data.get("gebied", []),
        }
        values.update(extra)
        return OfferFilters(**values)

    @property
    def active_filter_count(self) -> int:
        """How many folded filters narrow the search: the closed fold on a phone says so.
        The default status (active) is no choice of the visitor's and does not count."""
        data = getattr(self, "cleaned_data", {})
        return sum(
            1
            for name in FOLDED_FILTERS
            if data.get(name) and not (name == "status" and data[name] == [OfferStatus.ACTIVE])
        )

    @property
    def filters_have_errors(self) -> bool:
        return self.is_bound and any(name in self.errors for name in FOLDED_FILTERS)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        # The native date picker needs ISO values.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


VOCABULARY_FIELDS = ("themes", "journey_phases", "directions", "size_classes", "sbi_sections")
AREA_FIELDS = {
    ScopeLevel.PROVINCE: "provinces",
    ScopeLevel.REGION: "regions",
    ScopeLevel.MUNICIPALITY: "municipalities",
}
DATE_HELP = _("Bijvoorbeeld 31-12-2026.")


REQUIRED_MESSAGES = {
    "provider": _("Kies de aanbieder."),
    "title": _("Vul een titel in."),
    "summary": _("Vul een korte samenvatting in."),
    "offer_type": _("Kies een soort aanbod."),
    "scope_level": _("Kies waar het aanbod geldt."),
}


def provider_field() -> forms.ModelChoiceField:
    """The organisation an offer belongs to; the form gets the ones the editor may manage."""
    return forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een organisatie waarvoor u aanbod beheert.")},
    )


def _employee_count(label: str, help_text: str, example: int) -> WholeNumberField:
    return WholeNumberField(
        example=example,
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=help_text,
        error_messages={"min_value": _("Het aantal medewerkers kan niet kleiner zijn dan 0.")},
    )


class OfferForm(forms.ModelForm):
    """Every field of an offer. Validation of the whole offer is done by the catalog services."""

    provider = provider_field()
    url = forms.URLField(
        label=_("Webadres"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld https://www.voorbeeld.nl/regeling"),
        error_messages={"invalid": URL_INVALID},
    )
    cost_eur = AmountField(
        label=_("Kosten voor de ondernemer (euro)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
        help_text=_("0 betekent gratis; leeg betekent onbekend of afhankelijk van de situatie."),
    )
    budget_eur = AmountField(
        label=_("Budget (euro)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_("Bijvoorbeeld 250000 of 1.250.000,00. Mag leeg blijven."),
    )
    # Text boxes with a number keyboard: a browser empties <input type="number"> holding
    # "10 mensen", and the offer was then saved without the number and without a word.
    min_employees = _employee_count(
        _("Minimaal aantal medewerkers"), _("Leeg betekent: geen ondergrens."), example=5
    )
    max_employees = _employee_count(
        _("Maximaal aantal medewerkers"), _("Leeg betekent: geen bovengrens."), example=50
    )
    min_company_age_years = WholeNumberField(
        example=3,
        label=_("Minimale leeftijd bedrijf (jaren)"),
        required=False,
        min_value=0,
        max_value=500,
        help_text=_(
            "Hoeveel jaar een bedrijf minstens moet bestaan. Leeg betekent: elke leeftijd."
        ),
        error_messages={
            "min_value": _("Het aantal jaren kan niet kleiner zijn dan 0."),
            "max_value": _("Dat aantal jaren is te groot. Vul hoogstens 500 in."),
        },
    )

    # The order of the page's fieldsets (editor/offer_form.html), so the error summary lists
    # the errors in the order the fields appear.
    field_order = [
        "provider",
        "title",
        "summary",
        "description",
        "offer_type",
        "themes",
        "journey_phases",
        "directions",
        "size_classes",
        "min_employees",
        "max_employees",
        "sbi_sections",
        "min_company_age_years",
        "scope_level",
        "provinces",
        "regions",
        "municipalities",
        "valid_from",
        "valid_until",
        "is_structural",
        "channels",
        "cost_eur",
        "cost_note",
        "budget_eur",
    ]

    class Meta:
        model = Offer
        # The offer's fields from the one list in the file format; own reference last.
        fields = [f for f in OFFER_FIELDS if f != "external_id"] + ["external_id"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
            "journey_phases": forms.CheckboxSelectMultiple,
            "directions": forms.CheckboxSelectMultiple,
            "size_classes": forms.CheckboxSelectMultiple,
            "sbi_sections": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
            "scope_level": forms.RadioSelect,
            "provinces": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "valid_from": DateInput,
            "valid_until": DateInput,
            "last_verified_on": DateInput,
        }
        help_texts = {
            "summary": _("Eén of twee zinnen: wat krijgt de ondernemer?"),
            # Not "Kies minstens één ...": that is the error message, which would then stand twice.
            "themes": _("U kunt meer dan één thema kiezen."),
            "journey_phases": _("U kunt meer dan één fase kiezen."),
            "size_classes": _("Geen keuze betekent: voor alle groottes."),
            "sbi_sections": _("Geen keuze betekent: voor alle sectoren."),
            "scope_level": _("Waar kunnen ondernemers dit aanbod gebruiken?"),
            # Not marked "(niet verplicht)" (see __init__): the help says when they are needed.
            "provinces": _("Nodig als u 'Provincie' kiest bij Gebied. Anders kiest u hier niets."),
            "regions": _("Nodig als u 'Regio' kiest bij Gebied. Anders kiest u hier niets."),
            "municipalities": _(
                "Nodig als u 'Gemeente(n)' kiest bij Gebied. Anders kiest u hier niets."
            ),
            "valid_from": DATE_HELP,
            "valid_until": DATE_HELP,
            "last_verified_on": DATE_HELP,
        }

    def __init__(self, *args, providers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if self.instance.pk:
            # The provider of an existing offer does not change through this form.
            del self.fields["provider"]
        self.fields["offer_type"].empty_label = _("Kies een soort")
        self.fields["scope_level"].choices = ScopeLevel.choices
        self.fields["contact_email"].error_messages["invalid"] = EMAIL_INVALID
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        # The whole-offer rules (at least one theme and phase) give their own message.
        self.fields["themes"].required = False
        self.fields["journey_phases"].required = False
        self.fields["municipalities"].queryset = Municipality.objects.order_by("name")
        self.fields["provinces"].queryset = Province.objects.order_by("name")
        self.fields["regions"].queryset = Region.objects.order_by("name")
        for name in (*VOCABULARY_FIELDS, "channels"):
            self.fields[name].queryset = self.fields[name].queryset.order_by("position", "label")
        self.fields["offer_type"].queryset = OfferType.objects.order_by("position", "label")
        self.order_fields(["provider"])
        # Required by the whole-offer rules, not by the field: so not marked "(niet verplicht)".
        for name in ("themes", "journey_phases", "provinces", "regions", "municipalities"):
            self.fields[name].show_optional = False
        for name in ("themes", "sbi_sections", "provinces", "regions", "municipalities"):
            self.fields[name].columns = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Only the area list that belongs to the chosen scope level counts; the others are
        # emptied so that changing the level does not need unticking boxes first.
        level = data.get("scope_level")
        for scope, field in AREA_FIELDS.items():
            if level != scope and field in data:
                data[field] = []
        # Run the catalog's whole-offer rules now, so that every problem shows at once.
        if "scope_level" in data:
            try:
                validate_offer_data(data)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    if field not in self.errors:
                        self.add_error(field if field in self.fields else None, errors)
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the catalog services (with their Dutch messages), not here.
        pass

    def offer_data(self) -> dict[str, Any]:
        return {
            name: value for name, value in self.cleaned_data.items() if name in self.Meta.fields
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names."""
        add_service_errors(self, error)


class ImportForm(forms.Form):
    provider = provider_field()
    file = forms.FileField(
        label=_("Bestand met aanbod"),
        help_text=_("Een CSV-bestand (bijvoorbeeld uit Excel) of een JSON-bestand."),
        error_messages={
            "required": _("Kies een bestand om te uploaden."),
            "empty": _("Het bestand is leeg."),
        },
    )

    def __init__(self, *args, providers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused on its size before a byte of it is parsed.
        if upload.size > max_file_bytes():
            raise forms.ValidationError(size_problem(upload.size))
        return upload


class LoginForm(AuthenticationForm):
    """Django's login form with a plain Dutch message for a wrong name or password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Django builds these fields before the project's plain messages are set.
        self.fields["username"].error_messages["required"] = _("Vul uw gebruikersnaam in.")
        self.fields["password"].error_messages["required"] = _("Vul uw wachtwoord in.")


class RegionalRoleForm(forms.Form):
    """An organisation's seat at the region's table (the regional director keeps the list)."""

    organisation = NameChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Kies een organisatie"),
        help_text=_("Heeft de organisatie al een rol in deze regio? Dan krijgt zij de nieuwe rol."),
        error_messages={
            "required": _("Kies de organisatie die aan tafel zit."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[("", _("Kies een rol")), *RegionalRoleKind.choices],
        error_messages={
            "required": _("Kies de rol van de organisatie."),
            "invalid_choice": _("Kies een rol uit de lijst."),
        },
    )
    note = PlainTextField(
        label=_("Toelichting"),
        help_text=_(
            "Bijvoorbeeld: trekker van het schakelteam. Dit staat op de pagina van de regio."
        ),
        max_length=300,
        multiline=False,
        required=False,
    )
    reach_estimate = WholeNumberField(
        example=500,
        label=_("Hoeveel ondernemers bereikt deze partij per jaar?"),
        help_text=_(
            "Een schatting is goed. Vul dit vooral in bij een knooppunt: een bank, accountant, "
            "club of vereniging die veel ondernemers spreekt."
        ),
        min_value=0,
        max_value=MAX_REACH_ESTIMATE,
        required=False,
    )


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class DirectingOrganisationForm(forms.Form):
    """Which organisation at the table holds the regie, since when, granted by whom."""

    organisation = NameChoiceField(
        label=_("Organisatie met de regie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie aan tafel"),
        error_messages={
            "required": _("Kies de organisatie die de regie heeft."),
            "invalid_choice": _("Kies een organisatie die aan tafel zit."),
        },
    )
    granted_on = IsoDateField(
        label=_("Gegund op"),
        error_messages={
            "required": _("Vul de dag in dat de regie is gegund."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    granted_by = PlainTextField(
        label=_("Gegund door"),
        help_text=_("Bijvoorbeeld: de partijen aan tafel, in het regio-overleg van 12 maart."),
        max_length=300,
        multiline=False,
        error_messages={"required": _("Schrijf door wie de regie is gegund.")},
    )
    programme_manager = _PersonChoiceField(
        label=_("Programmamanager"),
        queryset=None,
        required=False,
        empty_label=_("Nog niet aangesteld"),
        help_text=_("Iemand uit het team van de regio. Alleen ingelogde medewerkers zien de naam."),
        error_messages={"invalid_choice": _("Kies iemand uit het team van de regio.")},
    )

    def __init__(self, *args, region=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            regional_roles__region=region
        ).order_by("name")
        self.fields["programme_manager"].queryset = (
            get_user_model()
            .objects.filter(memberships__region=region, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class CatalogueHarvestForm(ImportForm):
    """An organisation's file from the Samenwerkende Catalogi (SC 4.0 XML); the same size
    check as an offer file."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].label = _("Organisatie")
        self.fields["file"].label = _("Bestand uit de Samenwerkende Catalogi")
        self.fields["file"].help_text = _(
            "Het XML-bestand (versie 4.0) dat uw catalogus maakt voor de Samenwerkende "
            "Catalogi, of een antwoord van de zoekdienst van KOOP."
        )


class KeepOutOfRegisterForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom hoort dit niet in het register?"),
        max_length=300,
        help_text=_("Bijvoorbeeld: een vergunning, geen hulp. Of: een belasting."),
        error_messages={
            "required": _("Schrijf waarom dit niet in het register hoort."),
            "max_length": _("De reden is te lang: hoogstens 300 tekens."),
        },
    )


class LinkToOfferForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Welk aanbod is het?"),
        queryset=None,
        to_field_name="public_id",
        empty_label=_("Kies het aanbod"),
        error_messages={
            "required": _("Kies het aanbod dat hetzelfde is."),
            "invalid_choice": _("Kies aanbod van de organisatie zelf uit de lijst."),
        },
    )

    def __init__(self, *args, offers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers


class CatalogueFeedForm(forms.Form):
    url = forms.URLField(
        label=_("Adres van uw catalogus"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Het webadres waar uw catalogus het XML-bestand voor de Samenwerkende Catalogi "
            "publiceert. Wij lezen het elke nacht in. Leeg maken: niet meer inlezen."
        ),
        error_messages={
            "invalid": URL_INVALID,
            "max_length": _("Het adres is te lang: hoogstens 500 tekens."),
        },
    )


class RegionalOfferNoteForm(forms.Form):
    """A region's own words on an offer it did not write. Each field may stay empty; the
    service asks for at least one."""

    contact_organisation = NameChoiceField(
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Wie helpt ondernemers hier met dit aanbod?"),
        empty_label=_("Geen organisatie"),
        help_text=_("Bijvoorbeeld het ondernemersloket van de gemeente of de ROM."),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    contact = PlainTextField(
        multiline=False,
        required=False,
        max_length=300,
        label=_("Hoe bereikt een ondernemer hen?"),
        help_text=_(
            "Een loket, een algemeen telefoonnummer of e-mailadres. Geen namen van medewerkers."
        ),
    )
    example = PlainTextField(
        required=False,
        max_length=1500,
        label=_("Een voorbeeld uit de regio"),
        help_text=_(
            "Hoe een bedrijf hier het aanbod gebruikte. Iedereen kan dit lezen: noem geen namen "
            "van ondernemers."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    event_title = PlainTextField(
        multiline=False,
        required=False,
        max_length=200,
        label=_("Een bijeenkomst waar het wordt uitgelegd"),
        help_text=_("Bijvoorbeeld: Ontbijtsessie subsidies in Kampen."),
    )
    event_date = IsoDateField(
        required=False,
        label=_("Datum van de bijeenkomst"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    event_url = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label=_("Webadres voor aanmelden"),
        error_messages={
            "invalid": URL_INVALID,
            "max_length": _("Het adres is te lang: hoogstens 200 tekens."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # None is required on its own, but one of them is: "niet verplicht" would mislead.
        for field in self.fields.values():
            field.show_optional = False
