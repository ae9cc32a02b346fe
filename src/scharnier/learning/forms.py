"""Forms of the learning pages. They only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import Offer, SbiSection, SizeClass, Theme
from scharnier.core.formfields import IsoDateField, PlainTextField, WholeNumberField
from scharnier.core.formfields import NameCheckboxesField as RegionsField
from scharnier.core.formfields import NameChoiceField as RegionField
from scharnier.core.templatetags.core_format import half_year
from scharnier.core.validation import EMAIL_INVALID, URL_INVALID
from scharnier.geography.models import Region
from scharnier.matching.forms import ScanForm
from scharnier.organisations.models import Organisation, OrganisationKind

from . import framework
from .models import (
    DataCategory,
    DataInitiativeStatus,
    DevelopmentAction,
    DevelopmentActionStatus,
    GovernanceBody,
    HalfYearReport,
    InterventionKind,
    LegalBasis,
    ObstacleKind,
    PersonalDataKind,
    Story,
)
from .photos import MAX_PHOTO_BYTES


class OffersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.provider.name})"


class SectorField(forms.ModelChoiceField):
    """A sector in the words entrepreneurs use (with examples where a firm picks its own)."""

    def __init__(self, *, with_examples: bool = False, **kwargs) -> None:
        self.with_examples = with_examples
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("required", False)
        super().__init__(queryset=SbiSection.objects.filter(for_entrepreneurs=True), **kwargs)

    def label_from_instance(self, obj: SbiSection) -> str:
        return obj.choice_name if self.with_examples else obj.name


class StoryForm(forms.Form):
    # No region chosen for the user (see the view): an empty choice, never the first one.
    region = RegionField(
        label=_("Regio"),
        queryset=Region.objects.none(),
        to_field_name="slug",
        empty_label=_("Kies een regio"),
        error_messages={"required": _("Kies de regio waar het verhaal over gaat.")},
    )
    title = PlainTextField(
        multiline=False,
        label=_("Titel van het verhaal"),
        max_length=160,
        error_messages={"required": _("Geef het verhaal een titel.")},
    )
    entrepreneur = PlainTextField(
        multiline=False,
        label=_("Over wie gaat het verhaal?"),
        help_text=_("Zoals het in het verhaal mag staan. Bijvoorbeeld: Anna, bakker in Zwolle."),
        max_length=160,
        error_messages={"required": _("Schrijf op over wie het verhaal gaat.")},
    )
    question = PlainTextField(
        label=_("Wat was de vraag van de ondernemer?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Schrijf op wat de vraag was.")},
    )
    helpers = PlainTextField(
        label=_("Wie hielp de ondernemer?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Schrijf op wie hielp.")},
    )
    change = PlainTextField(
        label=_("Wat is er veranderd?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Schrijf op wat er veranderde.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    sector = SectorField(
        with_examples=True,
        label=_("Sector van het bedrijf"),
        help_text=_("Zo vinden ondernemers uit dezelfde sector dit verhaal."),
        empty_label=_("Kies een sector"),
        error_messages={"invalid_choice": _("Kies een sector uit de lijst.")},
    )
    size_class = forms.ModelChoiceField(
        label=_("Grootte van het bedrijf"),
        queryset=SizeClass.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Kies een grootte"),
        error_messages={"invalid_choice": _("Kies een grootte uit de lijst.")},
    )
    # Check boxes, which work on a phone too; the view keeps the list short (see story_offers).
    offers = OffersField(
        label=_("Welk aanbod hielp?"),
        help_text=_(
            "Aanbod van de partijen in uw regio of van uw eigen organisatie. "
            "U kunt meer dan één vakje aanvinken."
        ),
        queryset=Offer.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )
    casework_question = PlainTextField(
        multiline=False,
        label=_("Referentie van de vraag"),
        help_text=_("Alleen als het verhaal bij een vraag in het schakelteam hoort."),
        max_length=12,
        required=False,
    )
    consent_email = forms.EmailField(
        label=_("E-mailadres van de ondernemer"),
        help_text=_(
            "De ondernemer krijgt hier een link om het verhaal te lezen en toestemming te geven. "
            "We laten dit adres nergens zien."
        ),
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    photo = forms.FileField(
        label=_("Foto"),
        help_text=_("Een JPEG- of PNG-bestand van hoogstens 5 MB."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_alt = PlainTextField(
        multiline=False,
        label=_("Wat staat er op de foto?"),
        help_text=_("Voor wie de foto niet kan zien."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, regions=None, offers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.all()
        self.fields["offers"].queryset = (
            offers if offers is not None else Offer.objects.none()
        ).select_related("provider")
        self.fields["offers"].columns = True

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("De foto is te groot. Kies een foto van hoogstens 5 MB."))
        return photo


def level_choices() -> list[tuple[str, str]]:
    return [(str(level), f"{level}. {label}") for level, label in framework.level_labels().items()]


class AssessmentForm(forms.Form):
    """Per criterion of the framework: a level (1-4) and the evidence."""

    mark_optional = False

    def __init__(self, *args, scores=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scores = scores or {}
        for criterion in framework.criteria():
            score = scores.get(criterion.code)
            level = self.fields[f"{criterion.code}-niveau"] = forms.ChoiceField(
                label=_("Niveau"),
                choices=level_choices(),
                widget=forms.RadioSelect,
                required=False,
                initial=str(score.level) if score and score.level else None,
            )
            evidence = self.fields[f"{criterion.code}-bewijs"] = PlainTextField(
                label=_("Onderbouwing"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
                initial=score.evidence if score else "",
            )
            # Every item has a "Niveau": the error summary names the item it belongs to.
            item = criterion.text.rstrip(".")
            level.summary_label = _("Niveau bij “%(item)s”") % {"item": item}
            evidence.summary_label = _("Onderbouwing bij “%(item)s”") % {"item": item}

    def scores(self) -> dict[str, tuple[int | None, str]]:
        result = {}
        for criterion in framework.criteria():
            level = self.cleaned_data.get(f"{criterion.code}-niveau")
            result[criterion.code] = (
                int(level) if level else None,
                self.cleaned_data.get(f"{criterion.code}-bewijs", ""),
            )
        return result

    def criterion_fields(self, code: str):
        return self[f"{code}-niveau"], self[f"{code}-bewijs"]


class VisitationPlanForm(forms.Form):
    host_region = RegionField(
        label=_("Welke regio krijgt bezoek?"),
        queryset=Region.objects.none(),
        to_field_name="slug",
        empty_label=None,
    )
    date = IsoDateField(
        label=_("Datum"),
        error_messages={
            "required": _("Kies een datum."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    peer_regions = RegionsField(
        label=_("Welke regio's komen op bezoek?"),
        queryset=Region.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        error_messages={"required": _("Kies minstens een andere regio die op bezoek komt.")},
    )
    entrepreneurs_organisation = forms.ModelChoiceField(
        label=_("Welke ondernemersorganisatie doet mee?"),
        queryset=Organisation.objects.filter(
            kind__in=(OrganisationKind.ONDERNEMERSVERENIGING, OrganisationKind.BRANCHEORGANISATIE)
        ).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Nog niet bekend"),
    )

    def __init__(self, *args, regions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_region"].queryset = (
            regions if regions is not None else Region.objects.all()
        )


class VisitationRecordForm(forms.Form):
    findings = PlainTextField(
        label=_("Wat zagen de bezoekers?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        error_messages={"required": _("Schrijf op wat de bezoekers zagen.")},
    )
    recommendations = PlainTextField(
        label=_("Wat raden zij aan?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        required=False,
    )


class ActionForm(forms.Form):
    description = PlainTextField(
        label=_("Actie"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Schrijf op wat er moet gebeuren.")},
    )
    owner = PlainTextField(
        multiline=False,
        label=_("Wie is eigenaar?"),
        help_text=_("Een organisatie of rol, bijvoorbeeld: regisseur Regio Zwolle."),
        max_length=160,
        error_messages={"required": _("Schrijf op wie de actie oppakt.")},
    )
    deadline = IsoDateField(
        label=_("Klaar op"),
        error_messages={
            "required": _("Kies een datum."),
            "invalid": _("Vul een geldige datum in."),
        },
    )


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat voor verandering is het?"),
        choices=InterventionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat voor verandering het is."),
            "invalid_choice": _("Kies een soort verandering uit de lijst."),
        },
    )
    title = PlainTextField(
        multiline=False,
        label=_("Wat is er veranderd?"),
        help_text=_("Eén zin, bijvoorbeeld: Eén loket voor alle vragen over bedrijfsopvolging."),
        max_length=150,
        error_messages={"required": _("Schrijf in één zin wat er is veranderd.")},
    )
    noticeable = PlainTextField(
        label=_("Wat merkt de ondernemer ervan?"),
        help_text=_("Deze tekst is openbaar. Noem geen namen van ondernemers."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": _("Schrijf op wat de ondernemer ervan merkt.")},
    )
    done_on = IsoDateField(
        label=_("Doorgevoerd op"),
        required=False,
        help_text=_("Laat leeg zolang de verandering nog gepland is."),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )


class StoryFilterForm(forms.Form):
    mark_optional = False
    regio = RegionField(
        label=_("Regio"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle regio's"),
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle thema's"),
    )
    sector = SectorField(label=_("Sector"), empty_label=_("Alle sectoren"))


class StoriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.entrepreneur})"


class ReportForm(forms.Form):
    """The narrative of a half-year report and the stories it shows."""

    progress = PlainTextField(
        label=_("Voortgang"),
        help_text=_("Wat ging er dit halfjaar vooruit? Laat een witregel tussen alinea's."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    lessons = PlainTextField(
        label=_("Lessen"),
        help_text=_("Wat heeft u geleerd? Wat zou u een andere regio aanraden?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    next_steps = PlainTextField(
        label=_("Volgende stappen"),
        help_text=_("Wat gaat u het komende halfjaar doen?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    correction_note = PlainTextField(
        label=_("Wat is er verbeterd?"),
        help_text=_("Dit staat bovenaan de nieuwe versie."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stories = StoriesField(
        label=_("Verhalen van ondernemers in de rapportage"),
        help_text=_("Alleen verhalen waarvoor de ondernemer toestemming gaf."),
        queryset=Story.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Needed to send the report for approval, not to save a draft: the labels must not call
    # them optional ("niet verplicht"), the help text says when they are needed.
    NEEDED_TO_SUBMIT = ("progress", "lessons", "next_steps", "correction_note")

    def __init__(self, *args, stories=None, correction: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.NEEDED_TO_SUBMIT:
            field = self.fields[name]
            field.show_optional = False
            field.help_text = _("%(help)s Nodig om de rapportage te versturen.") % {
                "help": field.help_text
            }
        if stories is None:
            del self.fields["stories"]
        else:
            self.fields["stories"].queryset = stories
        if not correction:
            del self.fields["correction_note"]


class NewReportForm(forms.Form):
    scope = forms.ChoiceField(label=_("Voor welke regio?"), choices=())
    period = forms.ChoiceField(label=_("Welk halfjaar?"), choices=())

    def __init__(self, *args, scopes: list[tuple[str, str]], periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes
        self.fields["period"].choices = [(p, half_year(p)) for p in periods]


class RescanForm(ScanForm):
    """The scan's questions again (T1), and whether the new scan may count as a result."""

    meetellen = forms.BooleanField(
        label=_("Mijn nieuwe scan mag meetellen als resultaat van de hulp"),
        required=False,
        help_text=_(
            "Dan tellen we in de openbare cijfers dat uw bedrijf verder is geholpen. We tellen "
            "alleen het aantal, zonder uw naam of uw antwoorden. Zet u geen vinkje, dan telt "
            "de nieuwe scan niet mee als resultaat."
        ),
    )

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "meetellen"}


# Who sits on the steering group (§7): MKB-Nederland, KvK, RVO, ROMs, provinces, municipalities
# and EZ; the form offers those kinds only.
STEERING_KINDS = (
    OrganisationKind.RIJK,
    OrganisationKind.UITVOERINGSORGANISATIE,
    OrganisationKind.ROM,
    OrganisationKind.PROVINCIE,
    OrganisationKind.GEMEENTE,
    OrganisationKind.ONDERNEMERSVERENIGING,
)


class _ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.scope_name}, {half_year(obj.period)} (versie {obj.version})"


class GovernanceMeetingForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Welk overleg?"),
        choices=GovernanceBody.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies welk overleg het was."),
            "invalid_choice": _("Kies een overleg uit de lijst."),
        },
    )
    date = IsoDateField(
        label=_("Datum"),
        error_messages={
            "required": _("Vul de datum van het overleg in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    summary = PlainTextField(
        label=_("Wat is er besproken?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Een paar zinnen. Besluiten en acties zet u er daarna apart bij."),
    )
    organisations_present = RegionsField(
        Organisation.objects.filter(kind__in=STEERING_KINDS).order_by("name"),
        to_field_name="slug",
        label=_("Organisaties aanwezig"),
        help_text=_("Vooral bij de stuurgroep."),
    )
    regions_present = RegionsField(
        Region.objects.order_by("name"),
        to_field_name="slug",
        label=_("Regio's aanwezig"),
        help_text=_("Bij het overleg van de trekkers: van welke regio's was de trekker er?"),
    )
    report = _ReportChoiceField(
        label=_("Besproken halfjaarrapportage"),
        queryset=None,
        required=False,
        empty_label=_("Geen"),
        help_text=_("De projectmanager rapporteert twee keer per jaar aan de stuurgroep."),
        error_messages={"invalid_choice": _("Kies een rapportage uit de lijst.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = HalfYearReport.objects.order_by("-period", "-version")
        for name in ("organisations_present", "regions_present"):
            self.fields[name].columns = True


class _EscalationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.plan.region.name}: {obj.text}"


class GovernanceDecisionForm(forms.Form):
    text = PlainTextField(
        multiline=False,
        label=_("Besluit of actie"),
        max_length=300,
        error_messages={"required": _("Schrijf het besluit of de actie op.")},
    )
    owner = RegionField(
        Organisation.objects.order_by("name"),
        label=_("Wie voert het uit?"),
        required=False,
        empty_label=_("Niemand (een besluit)"),
        help_text=_("Met iemand die het uitvoert of een datum wordt het een actie."),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    due = IsoDateField(
        label=_("Klaar op"),
        required=False,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    answers = _EscalationChoiceField(
        label=_("Beantwoordt dit een voorgelegd knelpunt?"),
        queryset=None,
        required=False,
        empty_label=_("Nee"),
        to_field_name="public_id",
        help_text=_("Een vastgelopen actie uit het ontwikkelplan van een regio."),
        error_messages={"invalid_choice": _("Kies een knelpunt uit de lijst.")},
    )

    def __init__(self, *args, escalations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if escalations:
            self.fields["answers"].queryset = DevelopmentAction.objects.filter(
                pk__in=[a.pk for a in escalations]
            ).select_related("plan__region")
        else:
            # Only the steering group answers, and only what was put to it before the meeting.
            del self.fields["answers"]


# --- Development plans (REQUIREMENTS G5, G8) --------------------------------------------------
class _YearField(WholeNumberField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("example", 2026)
        super().__init__(**kwargs)


class DevelopmentPlanForm(forms.Form):
    first_year = _YearField(
        label=_("Van jaar"),
        error_messages={"required": _("Vul het eerste jaar van het plan in.")},
    )
    last_year = _YearField(
        label=_("Tot en met jaar"),
        error_messages={"required": _("Vul het laatste jaar van het plan in.")},
    )
    ambition = PlainTextField(
        label=_("Wat wil de regio met dit plan bereiken?"),
        help_text=_("Een paar zinnen. Dit is openbaar zodra de regisseur het plan vaststelt."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf op wat de regio met dit plan wil bereiken.")},
    )
    support_needed = PlainTextField(
        label=_("Welke ondersteuning heeft de regio daarvoor nodig?"),
        help_text=_("Bijvoorbeeld van het Rijk, de provincie of de landelijke uitvoerders."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    continuity = PlainTextField(
        label=_("Wat is nodig om het ook na dit plan vol te houden?"),
        help_text=_("Bijvoorbeeld vaste financiering of een vaste organisator voor communities."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class _LeadField(RegionField):
    """The lead organisation; the parties at the region's table come first."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            queryset=Organisation.objects.all(),
            to_field_name="slug",
            label=_("Wie trekt de actie?"),
            required=False,
            empty_label=_("Nog niemand"),
            error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
            **kwargs,
        )


class DevelopmentActionForm(forms.Form):
    kansenkaart = forms.ChoiceField(
        label=_("Kansenkaart"),
        choices=(),
        error_messages={
            "required": _("Kies bij welke kansenkaart de actie hoort."),
            "invalid_choice": _("Kies een kansenkaart uit de lijst."),
        },
    )
    text = PlainTextField(
        multiline=False,
        label=_("Wat gaat het team doen?"),
        help_text=_("Eén zin, bijvoorbeeld: Elke maand een ontbijtsessie op een bedrijventerrein."),
        max_length=300,
        error_messages={"required": _("Schrijf in één zin op wat het team gaat doen.")},
    )
    lead = _LeadField()
    due = IsoDateField(
        label=_("Klaar op"),
        error_messages={
            "required": _("Vul in wanneer de actie klaar moet zijn."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    status = forms.ChoiceField(
        label=_("Stand van zaken"),
        choices=DevelopmentActionStatus.choices,
        initial=DevelopmentActionStatus.PLANNED,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de stand van zaken."),
            "invalid_choice": _("Kies een stand van zaken uit de lijst."),
        },
    )
    obstacle = forms.ChoiceField(
        label=_("Waarop is de actie vastgelopen?"),
        choices=[("", _("Niet vastgelopen"))] + list(ObstacleKind.choices),
        required=False,
        help_text=_("Verplicht als de stand van zaken 'Vastgelopen' is."),
        error_messages={"invalid_choice": _("Kies een soort knelpunt uit de lijst.")},
    )
    progress = PlainTextField(
        multiline=False,
        label=_("Voortgang"),
        required=False,
        max_length=500,
        help_text=_(
            "Wat is er gedaan, of waarom loopt het vast? Verplicht als de actie is vastgelopen. "
            "Noem geen namen van ondernemers."
        ),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Required once the action is stuck: the label must not call them optional.
        self.fields["obstacle"].show_optional = False
        self.fields["progress"].show_optional = False
        self.fields["kansenkaart"].choices = [("", _("Kies een kansenkaart"))] + list(
            framework.kansenkaart_titles().items()
        )
        if organisations is not None:
            # The table first, in its own group (a long list of every organisation follows),
            # and accept only those.
            self.fields["lead"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations]
            )
            groups = [
                (_("Aan tafel in de regio"), [(o.slug, o.name) for o in organisations.at_table]),
                (_("Andere organisaties"), [(o.slug, o.name) for o in organisations.others]),
            ]
            self.fields["lead"].choices = [("", self.fields["lead"].empty_label)] + [
                (label, options) for label, options in groups if options
            ]


class EscalationForm(forms.Form):
    question = PlainTextField(
        multiline=False,
        label=_("Wat moet de stuurgroep besluiten of regelen?"),
        help_text=_("Een zin of twee. De stuurgroep en iedereen die het plan leest, ziet dit."),
        max_length=500,
        error_messages={
            "required": _("Schrijf in een zin of twee wat de stuurgroep moet besluiten of regelen.")
        },
    )


# --- The data ecosystem (REQUIREMENTS I2) -----------------------------------------------------
# Kansenkaart 5: "publieke dienstverleners werken aan een gezamenlijke, integrale datastrategie"
# (RVO, ROM's, KvK, EZK, BZK, provincies en gemeenten): the form offers the public providers.
DATA_SHARING_KINDS = (
    OrganisationKind.RIJK,
    OrganisationKind.UITVOERINGSORGANISATIE,
    OrganisationKind.ROM,
    OrganisationKind.PROVINCIE,
    OrganisationKind.GEMEENTE,
    OrganisationKind.HUB,
)


class DataInitiativeForm(forms.Form):
    title = PlainTextField(
        multiline=False,
        label=_("Naam van het initiatief"),
        help_text=_("Bijvoorbeeld: Doorverwijzingen en hun resultaat delen tussen KvK en ROM's."),
        max_length=200,
        error_messages={"required": _("Geef het initiatief een naam.")},
    )
    kansenkaart = forms.ChoiceField(
        label=_("Vanuit welke kansenkaart?"),
        choices=(),
        error_messages={
            "required": _("Kies bij welke kansenkaart het initiatief hoort."),
            "invalid_choice": _("Kies een kansenkaart uit de lijst."),
        },
    )
    purpose = PlainTextField(
        label=_("Doel"),
        help_text=_("Wat willen de partijen met de gegevens bereiken? Een paar zinnen."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Schrijf op wat de partijen met de gegevens willen bereiken.")
        },
    )
    lead = RegionField(
        queryset=Organisation.objects.filter(kind__in=DATA_SHARING_KINDS).order_by("name"),
        to_field_name="slug",
        label=_("Wie trekt het initiatief?"),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies de organisatie die het initiatief trekt."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    parties = RegionsField(
        Organisation.objects.filter(kind__in=DATA_SHARING_KINDS).order_by("name"),
        to_field_name="slug",
        label=_("Welke partijen delen gegevens?"),
        help_text=_("Minstens twee, de trekker telt mee. De publieke dienstverleners."),
        error_messages={"invalid_choice": _("Kies partijen uit de lijst.")},
    )
    regions = RegionsField(
        Region.objects.order_by("name"),
        to_field_name="slug",
        label=_("In welke regio's?"),
        help_text=_("Laat leeg als het initiatief landelijk is."),
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Welke gegevens?"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies welke gegevens de partijen delen."),
            "invalid_choice": _("Kies gegevens uit de lijst."),
        },
    )
    personal_data = forms.ChoiceField(
        label=_("Gaat het om persoonsgegevens?"),
        choices=PersonalDataKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of er persoonsgegevens worden gedeeld."),
            "invalid_choice": _("Kies een antwoord uit de lijst."),
        },
    )
    legal_basis = forms.ChoiceField(
        label=_("Grondslag uit de AVG"),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Verplicht als er persoonsgegevens worden gedeeld, ook gepseudonimiseerd."),
        error_messages={"invalid_choice": _("Kies een grondslag uit de lijst.")},
    )
    dpia_on = IsoDateField(
        label=_("DPIA afgerond op"),
        required=False,
        help_text=_(
            "De gegevensbeschermingseffectbeoordeling. Verplicht voordat persoonsgegevens worden "
            "gedeeld."
        ),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    status = forms.ChoiceField(
        label=_("Stand van zaken"),
        choices=DataInitiativeStatus.choices,
        initial=DataInitiativeStatus.IDEA,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de stand van zaken."),
            "invalid_choice": _("Kies een stand van zaken uit de lijst."),
        },
    )
    agreement_signed_on = IsoDateField(
        label=_("Afspraak getekend op"),
        required=False,
        help_text=_("Verplicht als de afspraak getekend of in gebruik is."),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    agreement_url = forms.URLField(
        label=_("Waar staat de afspraak?"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Een webadres dat begint met https://, als de afspraak openbaar is."),
        error_messages={
            "invalid": URL_INVALID,
            "max_length": _("Het adres is te lang: hoogstens 200 tekens."),
        },
    )
    obstacle = PlainTextField(
        multiline=False,
        label=_("Wat staat in de weg?"),
        required=False,
        max_length=500,
        help_text=_(
            "Bijvoorbeeld een wet die delen niet toestaat, of systemen die niet op elkaar "
            "aansluiten. De stuurgroep ziet dit."
        ),
    )
    stopped_reason = PlainTextField(
        multiline=False,
        label=_("Waarom gestopt?"),
        required=False,
        max_length=500,
        help_text=_("Verplicht als de stand van zaken 'Gestopt' is."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Required in some cases only: the label must not call them optional.
        for name in ("parties", "legal_basis", "dpia_on", "agreement_signed_on", "stopped_reason"):
            self.fields[name].show_optional = False
        self.fields["kansenkaart"].choices = [("", _("Kies een kansenkaart"))] + list(
            framework.kansenkaart_titles().items()
        )
        for name in ("parties", "regions", "data_categories"):
            self.fields[name].columns = True
