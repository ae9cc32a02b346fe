"""API representations. JSON properties are camelCase (NL API Design Rules); vocabulary
values travel as codes, with their Dutch label where a reader needs one.

Serializer attributes are named exactly as the JSON properties, so they are camelCase.
"""
# ruff: noqa: N815

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scharnier.catalog.fileformat import OFFER_FIELDS, max_length
from scharnier.catalog.models import (
    Channel,
    Direction,
    JourneyPhase,
    Offer,
    OfferStatus,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.catalog.regional_notes import notes_for_offer
from scharnier.core.api.fields import (
    CodeField,
    CodeLabelSerializer,
    TermSerializer,
    TextField,
    WholeNumberField,
    amount_field,
    choice,
    codes,
)
from scharnier.geography.models import Municipality, Province, Region
from scharnier.learning.framework import kansenkaart_titles
from scharnier.learning.models import DevelopmentActionStatus, ObstacleKind
from scharnier.organisations.models import Organisation, OrganisationKind

# ---------------------------------------------------------------- geography


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class ProvinceDetailSerializer(ProvinceSerializer):
    municipality_count = serializers.IntegerField(read_only=True)

    class Meta(ProvinceSerializer.Meta):
        fields = [*ProvinceSerializer.Meta.fields, "municipality_count"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name"]


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    province = ProvinceSerializer(read_only=True)
    corop_area = serializers.SerializerMethodField()
    labour_market_region = serializers.SerializerMethodField()
    # Declared, not derived from the model: derived integer bounds differ per database.
    population = serializers.IntegerField(allow_null=True, read_only=True)
    land_area_ha = serializers.IntegerField(allow_null=True, read_only=True)
    regions = RegionRefSerializer(many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "province",
            "corop_area",
            "labour_market_region",
            "population",
            "land_area_ha",
            "regions",
        ]

    @extend_schema_field(CodeLabelSerializer)
    def get_corop_area(self, obj: Municipality) -> dict[str, str]:
        return {"code": obj.corop_area.code, "label": obj.corop_area.name}

    @extend_schema_field(CodeLabelSerializer)
    def get_labour_market_region(self, obj: Municipality) -> dict[str, str]:
        area = obj.labour_market_region
        return {"code": area.code, "label": area.name}


# ---------------------------------------------------------------- organisations


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    kvk_number = serializers.CharField(read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "kvk_number",
            "description",
            "website",
            "email",
            "phone",
            "province",
            "municipality",
        ]

    @extend_schema_field(CodeLabelSerializer)
    def get_kind(self, obj: Organisation) -> dict[str, str]:
        return choice(obj.kind, OrganisationKind)


REACH_ESTIMATE_HELP = (
    "Hoeveel ondernemers in de regio deze partij per jaar spreekt, naar schatting (vooral bij "
    "een knooppunt); null als het niet is ingevuld."
)


class OrganisationRoleSerializer(serializers.Serializer):
    region = RegionRefSerializer()
    role = CodeLabelSerializer()
    note = serializers.CharField()
    reach_estimate = serializers.IntegerField(allow_null=True, help_text=REACH_ESTIMATE_HELP)


class CatalogueCompletenessSerializer(serializers.Serializer):
    last_read = serializers.DateTimeField(
        help_text="Wanneer de catalogus van de organisatie het laatst is ingelezen."
    )
    in_catalogue = serializers.IntegerField(
        help_text="Producten voor ondernemers in de Samenwerkende Catalogi."
    )
    in_register = serializers.IntegerField(help_text="Daarvan in het register van Scharnier.")
    not_for_register = serializers.IntegerField(
        help_text="Daarvan bewust niet in het register (bijvoorbeeld een vergunning)."
    )
    open = serializers.IntegerField(help_text="Daarvan nog niet beoordeeld.")
    share_in_register = serializers.IntegerField(
        allow_null=True,
        help_text="Percentage in het register van wat erin hoort; null als niets erin hoort.",
    )


class OrganisationDetailSerializer(OrganisationSerializer):
    regional_roles = serializers.SerializerMethodField()
    catalogue = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "regional_roles", "catalogue"]

    @extend_schema_field(CatalogueCompletenessSerializer(allow_null=True))
    def get_catalogue(self, obj: Organisation) -> dict[str, Any] | None:
        """How much of what it publishes in the Samenwerkende Catalogi for entrepreneurs is in
        the register; null when its catalogue was never read."""
        found = self.context.get("catalogue")
        if found is None:
            return None
        return {
            "last_read": found.last_harvest.harvested_at,
            "in_catalogue": found.in_catalogue,
            "in_register": found.in_register,
            "not_for_register": found.not_for_register,
            "open": found.open,
            "share_in_register": found.share_in_register,
        }

    @extend_schema_field(OrganisationRoleSerializer(many=True))
    def get_regional_roles(self, obj: Organisation) -> list[dict[str, Any]]:
        return [
            {
                "region": {"slug": role.region.slug, "name": role.region.name},
                "role": {"code": role.role, "label": role.get_role_display()},
                "note": role.note,
                "reach_estimate": role.reach_estimate,
            }
            for role in self.context["regional_roles"]
        ]


# ---------------------------------------------------------------- regions


class RegionSerializer(serializers.ModelSerializer):
    rollout_wave = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    municipality_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Region
        fields = ["slug", "name", "rollout_wave", "status", "website", "municipality_count"]

    @extend_schema_field(CodeLabelSerializer)
    def get_rollout_wave(self, obj: Region) -> dict[str, Any]:
        return {"code": str(obj.rollout_wave), "label": obj.get_rollout_wave_display()}

    @extend_schema_field(CodeLabelSerializer)
    def get_status(self, obj: Region) -> dict[str, str]:
        return {"code": obj.status, "label": obj.get_status_display()}


class StakeholderSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    kind = CodeLabelSerializer()
    role = CodeLabelSerializer()
    note = serializers.CharField()
    reach_estimate = serializers.IntegerField(allow_null=True, help_text=REACH_ESTIMATE_HELP)


class RegieSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer(help_text="De organisatie aan tafel met de regie.")
    granted_on = serializers.DateField(help_text="De dag dat de regie is gegund.")
    granted_by = serializers.CharField(help_text="Door wie de regie is gegund.")


class RequiredStakeholderSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    present = serializers.BooleanField(help_text="Of minstens één organisatie deze rol vult.")
    organisations = OrganisationRefSerializer(many=True)


class DevelopmentActionSerializer(serializers.Serializer):
    kansenkaart = CodeLabelSerializer(help_text="De kansenkaart van de Actieagenda (kk1-kk6).")
    text = serializers.CharField(help_text="Wat het ontwikkelteam doet.")
    lead = OrganisationRefSerializer(allow_null=True, help_text="Wie de actie trekt.")
    due = serializers.DateField(help_text="Uiterlijk klaar op.")
    status = CodeLabelSerializer()
    done_on = serializers.DateField(allow_null=True)
    obstacle = CodeLabelSerializer(allow_null=True, help_text="Waarop de actie is vastgelopen.")
    escalated_on = serializers.DateField(
        allow_null=True, help_text="Wanneer de actie aan de stuurgroep is voorgelegd."
    )
    steering_group_decision = serializers.CharField(
        allow_null=True, help_text="Het besluit van de stuurgroep dat haar beantwoordt."
    )


class DevelopmentPlanSerializer(serializers.Serializer):
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    adopted_on = serializers.DateField()
    ambition = serializers.CharField()
    support_needed = serializers.CharField()
    continuity = serializers.CharField()
    actions = DevelopmentActionSerializer(many=True)


class ReadinessSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Wat minimaal nodig is (learning/data/readiness.json).")
    label = serializers.CharField()
    met = serializers.BooleanField(help_text="Of de regio het heeft, volgens Scharnier.")
    stage = serializers.CharField(
        help_text="Vanaf welk moment het nodig is: opstart, actief of na-eerste-jaar."
    )
    due = serializers.BooleanField(
        help_text="Of het nu nodig is, gezien de fase en de start van de regio."
    )


def _code_label(code: str, labels: dict[str, str]) -> dict[str, str] | None:
    return {"code": code, "label": str(labels[code])} if code else None


class RegionDetailSerializer(RegionSerializer):
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    stakeholders = serializers.SerializerMethodField()
    required_stakeholders = serializers.SerializerMethodField()
    regie = serializers.SerializerMethodField()
    development_plan = serializers.SerializerMethodField()
    readiness = serializers.SerializerMethodField()

    class Meta(RegionSerializer.Meta):
        fields = [
            *RegionSerializer.Meta.fields,
            "description",
            "municipalities",
            "stakeholders",
            "required_stakeholders",
            "regie",
            "development_plan",
            "readiness",
        ]

    @extend_schema_field(ReadinessSerializer(many=True))
    def get_readiness(self, obj: Region) -> list[dict[str, Any]]:
        """What the region minimally needs to help entrepreneurs ("startklaar")."""
        return [
            {
                "code": c.element.code,
                "label": c.element.label,
                "met": c.met,
                "stage": c.element.stage.code,
                "due": c.due,
            }
            for c in self.context["readiness"].checks
        ]

    @extend_schema_field(DevelopmentPlanSerializer(allow_null=True))
    def get_development_plan(self, obj: Region) -> dict[str, Any] | None:
        """The adopted development plan for this year (a draft is not public)."""
        plan = self.context.get("development_plan")
        if plan is None:
            return None
        cards = kansenkaart_titles()
        statuses, obstacles = dict(DevelopmentActionStatus.choices), dict(ObstacleKind.choices)
        return {
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "adopted_on": plan.adopted_on,
            "ambition": plan.ambition,
            "support_needed": plan.support_needed,
            "continuity": plan.continuity,
            "actions": [
                {
                    "kansenkaart": _code_label(a.kansenkaart, cards),
                    "text": a.text,
                    "lead": {"slug": a.lead.slug, "name": a.lead.name} if a.lead else None,
                    "due": a.due,
                    "status": _code_label(a.status, statuses),
                    "done_on": a.done_on,
                    "obstacle": _code_label(a.obstacle, obstacles),
                    "escalated_on": a.escalated_on,
                    "steering_group_decision": a.escalation_decision.text
                    if a.escalation_decision
                    else None,
                }
                for a in self.context["development_actions"]
            ],
        }

    @extend_schema_field(RegieSerializer(allow_null=True))
    def get_regie(self, obj: Region) -> dict[str, Any] | None:
        """Who holds the regie; the programme manager (a person) is not in the API."""
        directing = self.context.get("directing")
        if directing is None:
            return None
        return {
            "organisation": {
                "slug": directing.organisation.slug,
                "name": directing.organisation.name,
            },
            "granted_on": directing.granted_on,
            "granted_by": directing.granted_by,
        }

    @extend_schema_field(StakeholderSerializer(many=True))
    def get_stakeholders(self, obj: Region) -> list[dict[str, Any]]:
        return [
            {
                "organisation": {"slug": role.organisation.slug, "name": role.organisation.name},
                "kind": choice(role.organisation.kind, OrganisationKind),
                "role": {"code": role.role, "label": role.get_role_display()},
                "note": role.note,
                "reach_estimate": role.reach_estimate,
            }
            for role in self.context["stakeholder_roles"]
        ]

    @extend_schema_field(RequiredStakeholderSerializer(many=True))
    def get_required_stakeholders(self, obj: Region) -> list[dict[str, Any]]:
        return [
            {
                "code": check.stakeholder.code,
                "label": check.stakeholder.label,
                "present": check.present,
                "organisations": [{"slug": o.slug, "name": o.name} for o in check.organisations],
            }
            for check in self.context["stakeholder_checks"]
        ]


# ---------------------------------------------------------------- offers


# What an offer shows first; then the file format's fields in their order.
_OFFER_HEAD = ("id", "title", "summary", "description", "status", "provider", "external_id")


class OfferSerializer(serializers.ModelSerializer):
    """An offer as the API shows it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    status = serializers.SerializerMethodField()
    provider = OrganisationRefSerializer(read_only=True)
    external_id = serializers.CharField(read_only=True)
    offer_type = CodeLabelSerializer(read_only=True)
    themes = CodeLabelSerializer(many=True, read_only=True)
    journey_phases = CodeLabelSerializer(many=True, read_only=True)
    directions = CodeLabelSerializer(many=True, read_only=True)
    size_classes = CodeLabelSerializer(many=True, read_only=True)
    min_employees = serializers.IntegerField(read_only=True, allow_null=True)
    max_employees = serializers.IntegerField(read_only=True, allow_null=True)
    sbi_sections = CodeLabelSerializer(many=True, read_only=True)
    min_company_age_years = serializers.IntegerField(read_only=True, allow_null=True)
    scope_level = serializers.SerializerMethodField()
    provinces = ProvinceSerializer(many=True, read_only=True)
    regions = RegionRefSerializer(many=True, read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    cost_eur = serializers.DecimalField(
        max_digits=10, decimal_places=2, read_only=True, allow_null=True
    )
    cost_note = serializers.CharField(read_only=True)
    channels = CodeLabelSerializer(many=True, read_only=True)
    valid_from = serializers.DateField(read_only=True, allow_null=True)
    valid_until = serializers.DateField(read_only=True, allow_null=True)
    is_structural = serializers.BooleanField(read_only=True)
    budget_eur = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    has_impact_data = serializers.BooleanField(
        read_only=True,
        help_text="Is het effect van het aanbod gemeten (evaluatie, effectmeting)?",
    )
    impact_note = serializers.CharField(
        read_only=True,
        help_text="Toelichting op het effect: welke evaluatie, door wie en wanneer.",
    )
    contact_email = serializers.CharField(read_only=True)
    contact_phone = serializers.CharField(read_only=True)
    last_verified_on = serializers.DateField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Offer
        fields = [
            *_OFFER_HEAD,
            *(name for name in OFFER_FIELDS if name not in _OFFER_HEAD),
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(CodeLabelSerializer)
    def get_status(self, obj: Offer) -> dict[str, str]:
        return choice(obj.status, OfferStatus)

    @extend_schema_field(CodeLabelSerializer)
    def get_scope_level(self, obj: Offer) -> dict[str, str]:
        return choice(obj.scope_level, ScopeLevel)


class RegionalEventSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    url = serializers.CharField(help_text="Webadres voor aanmelden; leeg als er geen is.")


class RegionalNoteSerializer(serializers.Serializer):
    """What a region adds to the offer for its entrepreneurs (the offer itself is the
    provider's)."""

    region = RegionRefSerializer()
    contact_organisation = OrganisationRefSerializer(
        allow_null=True, help_text="Wie ondernemers in de regio met dit aanbod helpt."
    )
    contact = serializers.CharField(help_text="Hoe een ondernemer hen bereikt.")
    example = serializers.CharField(help_text="Hoe een bedrijf uit de regio het gebruikte.")
    event = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(RegionalEventSerializer(allow_null=True))
    def get_event(self, obj) -> dict[str, Any] | None:
        """A meeting where the offer is explained; null once it is past."""
        if not obj.has_upcoming_event:
            return None
        return {"title": obj.event_title, "date": obj.event_date, "url": obj.event_url}


class OfferDetailSerializer(OfferSerializer):
    """One offer, with what the regions added to it for their entrepreneurs."""

    regional_notes = serializers.SerializerMethodField()

    class Meta(OfferSerializer.Meta):
        fields = [*OfferSerializer.Meta.fields, "regional_notes"]

    @extend_schema_field(RegionalNoteSerializer(many=True))
    def get_regional_notes(self, obj: Offer) -> list[dict[str, Any]]:
        return RegionalNoteSerializer(notes_for_offer(obj), many=True).data


# Every writable offer field: one list, from the catalog's file format.
OFFER_WRITE_FIELDS: tuple[str, ...] = OFFER_FIELDS
# What a field becomes when a full update (PUT) leaves it out.
OFFER_EMPTY_VALUES: dict[str, Any] = {
    "external_id": "",
    "description": "",
    "directions": [],
    "size_classes": [],
    "min_employees": None,
    "max_employees": None,
    "sbi_sections": [],
    "min_company_age_years": None,
    "scope_level": ScopeLevel.NATIONAL,
    "provinces": [],
    "regions": [],
    "municipalities": [],
    "cost_eur": None,
    "cost_note": "",
    "channels": [],
    "valid_from": None,
    "valid_until": None,
    "is_structural": True,
    "budget_eur": None,
    "has_impact_data": False,
    "impact_note": "",
    "url": "",
    "contact_email": "",
    "contact_phone": "",
    "source": "",
    "last_verified_on": None,
}

_COUNT = {"min_value": 0, "max_value": 10_000_000, "required": False, "allow_null": True}
_DATE = {"required": False, "allow_null": True}
_TEXT = {"required": False, "allow_blank": True}


class OfferWriteSerializer(serializers.Serializer):
    """What a client sends to create (POST) or change (PUT/PATCH) an offer.

    Vocabulary values, areas and the provider are given by code (slug for regions and
    organisations). `provider` can only be set on create.
    """

    provider = CodeField(slug_field="slug", queryset=Organisation.objects.all(), required=False)
    external_id = TextField(multiline=False, max_length=max_length("external_id"), **_TEXT)
    title = TextField(multiline=False, max_length=max_length("title"))
    summary = TextField(max_length=max_length("summary"))
    description = TextField(max_length=max_length("description"), **_TEXT)
    offer_type = CodeField(slug_field="code", queryset=OfferType.objects.all())
    themes = codes(Theme, required=True)
    journey_phases = codes(JourneyPhase, required=True)
    directions = codes(Direction)
    size_classes = codes(SizeClass)
    min_employees = WholeNumberField(**_COUNT)
    max_employees = WholeNumberField(**_COUNT)
    sbi_sections = codes(SbiSection)
    min_company_age_years = WholeNumberField(max_value=500, required=False, allow_null=True)
    scope_level = serializers.ChoiceField(choices=ScopeLevel.choices, required=False)
    provinces = codes(Province)
    regions = codes(Region, slug_field="slug")
    municipalities = codes(Municipality)
    cost_eur = amount_field(max_digits=10)
    cost_note = TextField(max_length=max_length("cost_note"), **_TEXT)
    channels = codes(Channel)
    valid_from = serializers.DateField(**_DATE)
    valid_until = serializers.DateField(**_DATE)
    is_structural = serializers.BooleanField(required=False)
    budget_eur = amount_field(max_digits=14)
    has_impact_data = serializers.BooleanField(
        required=False, help_text="Is het effect van het aanbod gemeten?"
    )
    impact_note = TextField(
        max_length=max_length("impact_note"),
        help_text="Toelichting op het effect: welke evaluatie, door wie en wanneer.",
        **_TEXT,
    )
    url = serializers.URLField(max_length=max_length("url"), **_TEXT)
    contact_email = serializers.EmailField(max_length=max_length("contact_email"), **_TEXT)
    contact_phone = TextField(multiline=False, max_length=max_length("contact_phone"), **_TEXT)
    source = TextField(max_length=max_length("source"), **_TEXT)
    last_verified_on = serializers.DateField(**_DATE)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"body": [_("Stuur een JSON-object met de velden van het aanbod.")]},
                code="invalid",
            )
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name[:100]: [_("Dit veld bestaat niet in dit API.")] for name in unknown[:20]},
                code="unknown",
            )
        return super().to_internal_value(data)

    def service_data(self) -> dict[str, Any]:
        """Validated data for the catalog services (without the provider)."""
        return {
            name: value for name, value in self.validated_data.items() if name in OFFER_WRITE_FIELDS
        }


class VocabularySerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van de lijst, zoals bij de filters.")
    label = serializers.CharField()
    terms = TermSerializer(many=True)
