"""Forms of the landscape pages. Choices come from the vocabularies and the geography."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from scharnier.catalog.models import (
    JourneyPhase,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.core.formfields import (
    AmountField,
    IsoDateField,
    NameChoiceField,
    PlainTextField,
    WholeNumberField,
)
from scharnier.core.validation import too_short_to_understand
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation, OrganisationKind

from .joint_reviews import (
    DESK_QUESTIONS,
    deadline_problem,
    owner_organisations,
    reviewer_organisations,
    reviewers_problem,
)
from .models import DecisionKind, OwnerAction, ReviewPosition, ReviewSubject, SuggestedAction
from .queries import UNDECIDED, area_choices
from .services import PROPOSAL_SUMMARY_TOO_SHORT

DURATION_CHOICES = [
    ("", _("Alles")),
    ("structureel", _("Alleen structureel aanbod")),
    ("tijdelijk", _("Alleen tijdelijk aanbod")),
]


class MatrixFilterForm(forms.Form):
    mark_optional = False  # every filter is optional
    gebied = forms.ChoiceField(label=_("Gebied"), required=False)
    soort = forms.ChoiceField(
        label=_("Soort aanbieder"),
        required=False,
        choices=[("", _("Alle aanbieders"))] + list(OrganisationKind.choices),
    )
    duur = forms.ChoiceField(
        label=_("Structureel of tijdelijk"), required=False, choices=DURATION_CHOICES
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebied"].choices = area_choices()

    @property
    def structural(self) -> bool | None:
        value = self.cleaned_data.get("duur") if self.is_valid() else ""
        return {"structureel": True, "tijdelijk": False}.get(value or "")


class ClusterFilterForm(forms.Form):
    """Which clusters of overlap an analyst wants to see: by theme, proposal and decision."""

    mark_optional = False  # every filter is optional
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    voorstel = forms.ChoiceField(
        label=_("Voorstel"),
        required=False,
        choices=[("", _("Alle"))] + list(SuggestedAction.choices),
    )
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        required=False,
        choices=[("", _("Alle")), (UNDECIDED, _("Nog niet beoordeeld"))]
        + list(DecisionKind.choices),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["thema"].choices = [("", _("Alle"))] + _codes(Theme)

    def filters(self) -> dict[str, str]:
        """The chosen filters as keyword arguments of `queries.filtered_clusters`; a value
        from an old or edited link filters nothing."""
        if not self.is_bound:
            return {"theme": "", "action": "", "decision": ""}
        self.is_valid()  # cleaned_data keeps the fields that are valid
        data = self.cleaned_data
        return {
            "theme": data.get("thema", ""),
            "action": data.get("voorstel", ""),
            "decision": data.get("besluit", ""),
        }


def _codes(model) -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in model.objects.all()]


class ConsistencyCheckForm(forms.Form):
    """The fields of an offer that matter for overlap; checked again by the service."""

    title = forms.CharField(
        label=_("Naam van de regeling"),
        max_length=200,
        error_messages={"required": _("Vul de naam van de regeling in.")},
    )
    summary = forms.CharField(
        label=_("Korte beschrijving"),
        error_messages={"required": _("Beschrijf kort wat de ondernemer krijgt, en waarvoor.")},
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat krijgt de ondernemer, en waarvoor? Maximaal 400 tekens."),
    )

    description = forms.CharField(
        label=_("Langere toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    offer_type = forms.ChoiceField(
        label=_("Soort aanbod"),
        error_messages={"required": _("Kies een soort aanbod uit de lijst.")},
    )
    themes = forms.MultipleChoiceField(
        label=_("Thema's"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één thema.")},
    )
    journey_phases = forms.MultipleChoiceField(
        label=_("Klantreisfasen"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één klantreisfase.")},
    )
    # No choice made beforehand: a scheme tested as national by accident finds other overlap.
    scope_level = forms.ChoiceField(
        label=_("Gebied"),
        choices=ScopeLevel.choices,
        widget=forms.RadioSelect,
        help_text=_("Kies Provincie, Regio of Gemeente, dan kiest u hieronder welke."),
        error_messages={"required": _("Kies voor welk gebied de regeling is.")},
    )
    provinces = forms.MultipleChoiceField(
        label=_("Provincies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.MultipleChoiceField(
        label=_("Regio's"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # Check boxes as in the offer editor: a list box needs Ctrl-clicks and loses a choice
    # at one careless click.
    municipalities = forms.MultipleChoiceField(
        label=_("Gemeenten"), required=False, widget=forms.CheckboxSelectMultiple
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Grootteklassen (leeg is alle)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sbi_sections = forms.MultipleChoiceField(
        label=_("Sectoren (leeg is alle)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer_type"].choices = [
            ("", _("Kies een soort aanbod")),
            *_codes(OfferType),
        ]
        self.fields["themes"].choices = _codes(Theme)
        self.fields["journey_phases"].choices = _codes(JourneyPhase)
        self.fields["size_classes"].choices = _codes(SizeClass)
        self.fields["sbi_sections"].choices = _codes(SbiSection)
        self.fields["provinces"].choices = [(p.code, p.name) for p in Province.objects.all()]
        self.fields["regions"].choices = [(r.slug, r.name) for r in Region.objects.all()]
        self.fields["municipalities"].choices = [
            (m.code, m.name) for m in Municipality.objects.all()
        ]
        # Which area list is needed depends on the chosen area level (checked by the service).
        for name in ("provinces", "regions", "municipalities"):
            self.fields[name].show_optional = False
        for name in ("provinces", "regions", "municipalities", "sbi_sections"):
            self.fields[name].columns = True

    def clean_summary(self) -> str:
        # The service says it too; here it comes in the same round as the other fields.
        summary = self.cleaned_data["summary"]
        if too_short_to_understand(summary):
            raise forms.ValidationError(PROPOSAL_SUMMARY_TOO_SHORT, code="too_short")
        return summary


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FreedBudgetForm(forms.Form):
    """Money a merge or alignment frees, typed on the cluster page under its decisions."""

    decision = forms.TypedChoiceField(
        label=_("Bij welk besluit"),
        coerce=int,
        error_messages={
            "required": _("Kies het besluit."),
            "invalid_choice": _("Kies een besluit uit de lijst."),
        },
    )
    amount_eur = AmountField(
        label=_("Bedrag in euro"),
        error_messages={"required": _("Vul het bedrag in.")},
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "Het geld dat in dat jaar vrijkomt. Komt het elk jaar vrij? Vul dan per jaar een "
            "bedrag in."
        ),
    )
    year = WholeNumberField(label=_("Jaar"), error_messages={"required": _("Vul het jaar in.")})
    region = NameChoiceField(
        label=_("Ingezet voor vraagactivatie in regio"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Nog niet bekend"),
        error_messages={"invalid_choice": _("Kies een regio uit de lijst.")},
    )
    note = PlainTextField(
        label=_("Toelichting"),
        multiline=False,
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld waar het geld vandaan komt of wie het toewees."),
    )

    def __init__(self, *args, decisions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (d.pk, f"{date_format(d.decided_at, 'j F Y')}: {d.get_decision_display()}")
            for d in decisions
        ]
        self.fields["year"].example = timezone.localdate().year
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


class OrganisationCheckboxesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.name


_REVIEW_POSITION_ERRORS = {
    "required": _("Kies een oordeel."),
    "invalid_choice": _("Kies een oordeel uit de lijst."),
}


class JointReviewForm(forms.Form):
    """Open a joint review: of a tested proposal (no theme) or of a theme's existing offers."""

    title = PlainTextField(
        label=_("Titel"),
        multiline=False,
        max_length=200,
        error_messages={"required": _("Geef de toets een titel.")},
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.order_by("label"),
        to_field_name="code",
        empty_label=_("Kies een thema"),
        help_text=_("Het aanbod op dit thema dat nu loopt, landelijk en in de regio's."),
        error_messages={
            "required": _("Kies het thema waarvan u het aanbod laat toetsen."),
            "invalid_choice": _("Kies een thema uit de lijst."),
        },
    )
    question = PlainTextField(
        label=_("Wat wil de opdrachtgever weten?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Bijvoorbeeld: past de nieuwe regeling naast wat er al is, of moet die anders?"
        ),
        error_messages={"required": _("Schrijf op wat de opdrachtgever wil weten.")},
    )
    policy_owner = NameChoiceField(
        label=_("Opdrachtgever"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de opdrachtgever"),
        help_text=_("Het ministerie of de provincie die het advies krijgt."),
        error_messages={
            "required": _("Kies de opdrachtgever: een ministerie of provincie."),
            "invalid_choice": _("Kies een opdrachtgever uit de lijst."),
        },
    )
    reviewers = OrganisationCheckboxesField(
        label=_("Wie toetsen mee?"),
        queryset=Organisation.objects.none(),
        help_text=_("Kies minstens twee organisaties, meestal KvK, RVO en de ROM van het gebied."),
        error_messages={
            "required": _("Kies de organisaties die meetoetsen."),
            "invalid_choice": _("Kies organisaties uit de lijst."),
            "invalid_pk_value": _("Kies organisaties uit de lijst."),
        },
    )
    deadline = IsoDateField(
        label=_("Advies uiterlijk op"),
        error_messages={
            "required": _("Vul in wanneer het advies uiterlijk klaar moet zijn."),
            "invalid": _("Vul een geldige datum in."),
        },
    )

    def __init__(self, *args, subject: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if subject != ReviewSubject.EXISTING:
            del self.fields["theme"]
        if subject == ReviewSubject.NEW_DESK:
            self.fields["question"].label = _("Welk loket of welke website wil de opdrachtgever?")
            self.fields["question"].help_text = _(
                "Voor wie is het, wat kan de ondernemer er doen, en wie voert het uit?"
            )
            self.fields["region"] = NameChoiceField(
                label=_("Waar?"),
                queryset=Region.objects.order_by("name"),
                required=False,
                empty_label=_("In heel Nederland"),
                help_text=_("De regio waar het loket komt. Leeg: een landelijk loket."),
                error_messages={"invalid_choice": _("Kies een regio uit de lijst.")},
            )
            for item in DESK_QUESTIONS:
                self.fields[f"desk_{item.code}"] = PlainTextField(
                    label=item.question,
                    help_text=item.hint,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=2000,
                    error_messages={
                        "required": _(
                            "Beantwoord deze vraag: zonder antwoord is de meerwaarde niet te "
                            "toetsen."
                        )
                    },
                )
            self.order_fields(
                ["title", "question", "region"] + [f"desk_{item.code}" for item in DESK_QUESTIONS]
            )
        self.fields["policy_owner"].queryset = owner_organisations()
        self.fields["reviewers"].queryset = reviewer_organisations()

    # The service checks the same; here too, so that every mistake shows in one round.
    def clean_reviewers(self):
        reviewers = list(self.cleaned_data["reviewers"])
        problem = reviewers_problem(reviewers)
        if problem:
            raise forms.ValidationError(problem)
        return reviewers

    def clean_deadline(self):
        problem = deadline_problem(self.cleaned_data["deadline"])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["deadline"]


class ContributionForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Uw oordeel"),
        choices=ReviewPosition.choices,
        widget=forms.RadioSelect,
        error_messages=_REVIEW_POSITION_ERRORS,
    )
    motivation = PlainTextField(
        label=_("Waarom?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("Noem het aanbod waar het op lijkt of bij moet aansluiten."),
        error_messages={"required": _("Schrijf op waarom u tot dit oordeel komt.")},
    )


class AdviceForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Gezamenlijk advies"),
        choices=ReviewPosition.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies het gezamenlijke advies."),
            "invalid_choice": _("Kies een advies uit de lijst."),
        },
    )
    advice = PlainTextField(
        label=_("Aanbevelingen voor de opdrachtgever"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Wat moet de opdrachtgever doen? De opdrachtgever leest dit als advies."),
        error_messages={"required": _("Schrijf de aanbevelingen voor de opdrachtgever.")},
    )


class OwnerResponseForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Wat hebt u met het advies gedaan?"),
        choices=OwnerAction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat u met het advies hebt gedaan."),
            "invalid_choice": _("Kies een antwoord uit de lijst."),
        },
    )
    response = PlainTextField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("Wat is er veranderd, of waarom bent u ongewijzigd doorgegaan?"),
        error_messages={"required": _("Schrijf op wat u met het advies hebt gedaan.")},
    )
    link = forms.URLField(
        label=_("Link naar het besluit of document"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": _("Vul een geldig webadres in, zoals https://www.rijksoverheid.nl.")
        },
    )


class DeadlineForm(forms.Form):
    deadline = IsoDateField(
        label=_("Nieuwe uiterste datum"),
        error_messages={
            "required": _("Vul de nieuwe uiterste datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )

    def clean_deadline(self):
        problem = deadline_problem(self.cleaned_data["deadline"])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["deadline"]
