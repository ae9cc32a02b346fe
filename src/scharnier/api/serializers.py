"""API representations. JSON properties are camelCase (NL API Design Rules); vocabulary
values travel as codes, with their Dutch label where a reader needs one.

Serializer attributes are named exactly as the JSON properties, so they are camelCase.
"""
# ruff: noqa: N815

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation, OrganisationKind

# ---------------------------------------------------------------- shared pieces


class CodeLabelSerializer(serializers.Serializer):
    """A controlled-vocabulary value: its stable code and its Dutch label."""

    code = serializers.CharField()
    label = serializers.CharField()


class TermSerializer(CodeLabelSerializer):
    description = serializers.CharField()


def choice(value: str, choices) -> dict[str, str]:
    return {"code": value, "label": str(choices(value).label)}


class SafeCharField(serializers.CharField):
    """Text that PostgreSQL can store: no NUL characters, no lone UTF-16 surrogates."""

    default_error_messages = {
        "surrogate": _("Deze tekst bevat tekens die geen geldige Unicode zijn."),
        "null": _("Dit veld mag niet leeg (null) zijn."),
        "blank": _("Dit veld mag niet leeg zijn."),
        "required": _("Dit veld is verplicht."),
        "max_length": _("Gebruik maximaal {max_length} tekens."),
        "invalid": _("Geef hier tekst op."),
        "null_characters_not_allowed": _("Deze tekst bevat een ongeldig teken (NUL)."),
    }

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("surrogate")
        return value


class CodeField(serializers.SlugRelatedField):
    """A reference by code (or slug) with a Dutch message for unknown values."""

    default_error_messages = {
        "required": _("Dit veld is verplicht."),
        "does_not_exist": _("Onbekende code '{value}'."),
        "invalid": _("Geef een code als tekst op."),
        "null": _("Dit veld mag niet leeg (null) zijn."),
    }

    def to_internal_value(self, data: Any):
        if not isinstance(data, str):
            self.fail("invalid")
        if len(data) > 100 or "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:100])
        return super().to_internal_value(data)

    def to_representation(self, obj) -> str:
        return getattr(obj, self.slug_field)


def codes(model, slug_field: str = "code", **kwargs) -> serializers.ManyRelatedField:
    kwargs.setdefault("required", False)
    return CodeField(
        many=True,
        slug_field=slug_field,
        queryset=model.objects.all(),
        error_messages={
            "not_a_list": _('Geef een lijst van codes op, bijvoorbeeld ["a", "b"].'),
        },
        **kwargs,
    )


# ---------------------------------------------------------------- geography


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class ProvinceDetailSerializer(ProvinceSerializer):
    municipalityCount = serializers.IntegerField(source="municipality_count", read_only=True)

    class Meta(ProvinceSerializer.Meta):
        fields = [*ProvinceSerializer.Meta.fields, "municipalityCount"]


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
    coropArea = serializers.SerializerMethodField()
    labourMarketRegion = serializers.SerializerMethodField()
    # Declared, not derived from the model: derived integer bounds differ per database.
    population = serializers.IntegerField(allow_null=True, read_only=True)
    landAreaHa = serializers.IntegerField(source="land_area_ha", allow_null=True, read_only=True)
    regions = RegionRefSerializer(many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "province",
            "coropArea",
            "labourMarketRegion",
            "population",
            "landAreaHa",
            "regions",
        ]

    @extend_schema_field(CodeLabelSerializer)
    def get_coropArea(self, obj: Municipality) -> dict[str, str]:  # noqa: N802
        return {"code": obj.corop_area.code, "label": obj.corop_area.name}

    @extend_schema_field(CodeLabelSerializer)
    def get_labourMarketRegion(self, obj: Municipality) -> dict[str, str]:  # noqa: N802
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
    kvkNumber = serializers.CharField(source="kvk_number", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "kvkNumber",
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


class OrganisationRoleSerializer(serializers.Serializer):
    region = RegionRefSerializer()
    role = CodeLabelSerializer()
    note = serializers.CharField()


class OrganisationDetailSerializer(OrganisationSerializer):
    regionalRoles = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "regionalRoles"]

    @extend_schema_field(OrganisationRoleSerializer(many=True))
    def get_regionalRoles(self, obj: Organisation) -> list[dict[str, Any]]:  # noqa: N802
        return [
            {
                "region": {"slug": role.region.slug, "name": role.region.name},
                "role": {"code": role.role, "label": role.get_role_display()},
                "note": role.note,
            }
            for role in obj.regional_roles.all()
        ]


# ---------------------------------------------------------------- regions


class RegionSerializer(serializers.ModelSerializer):
    rolloutWave = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    municipalityCount = serializers.IntegerField(source="municipality_count", read_only=True)

    class Meta:
        model = Region
        fields = ["slug", "name", "rolloutWave", "status", "website", "municipalityCount"]

    @extend_schema_field(CodeLabelSerializer)
    def get_rolloutWave(self, obj: Region) -> dict[str, Any]:  # noqa: N802
        return {"code": str(obj.rollout_wave), "label": obj.get_rollout_wave_display()}

    @extend_schema_field(CodeLabelSerializer)
    def get_status(self, obj: Region) -> dict[str, str]:
        return {"code": obj.status, "label": obj.get_status_display()}


class StakeholderSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    kind = CodeLabelSerializer()
    role = CodeLabelSerializer()
    note = serializers.CharField()


class RequiredStakeholderSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    present = serializers.BooleanField(help_text="Of minstens één organisatie deze rol vult.")
    organisations = OrganisationRefSerializer(many=True)


class RegionDetailSerializer(RegionSerializer):
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    stakeholders = serializers.SerializerMethodField()
    requiredStakeholders = serializers.SerializerMethodField()

    class Meta(RegionSerializer.Meta):
        fields = [
            *RegionSerializer.Meta.fields,
            "description",
            "municipalities",
            "stakeholders",
            "requiredStakeholders",
        ]

    @extend_schema_field(StakeholderSerializer(many=True))
    def get_stakeholders(self, obj: Region) -> list[dict[str, Any]]:
        return [
            {
                "organisation": {"slug": role.organisation.slug, "name": role.organisation.name},
                "kind": choice(role.organisation.kind, OrganisationKind),
                "role": {"code": role.role, "label": role.get_role_display()},
                "note": role.note,
            }
            for role in self.context["stakeholder_roles"]
        ]

    @extend_schema_field(RequiredStakeholderSerializer(many=True))
    def get_requiredStakeholders(self, obj: Region) -> list[dict[str, Any]]:  # noqa: N802
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


class OfferSerializer(serializers.ModelSerializer):
    """An offer as the API shows it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    status = serializers.SerializerMethodField()
    provider = OrganisationRefSerializer(read_only=True)
    externalId = serializers.CharField(source="external_id", read_only=True)
    offerType = CodeLabelSerializer(source="offer_type", read_only=True)
    themes = CodeLabelSerializer(many=True, read_only=True)
    journeyPhases = CodeLabelSerializer(source="journey_phases", many=True, read_only=True)
    directions = CodeLabelSerializer(many=True, read_only=True)
    sizeClasses = CodeLabelSerializer(source="size_classes", many=True, read_only=True)
    minEmployees = serializers.IntegerField(source="min_employees", read_only=True)
    maxEmployees = serializers.IntegerField(source="max_employees", read_only=True)
    sbiSections = CodeLabelSerializer(source="sbi_sections", many=True, read_only=True)
    minCompanyAgeYears = serializers.IntegerField(source="min_company_age_years", read_only=True)
    scopeLevel = serializers.SerializerMethodField()
    provinces = ProvinceSerializer(many=True, read_only=True)
    regions = RegionRefSerializer(many=True, read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    costEur = serializers.DecimalField(
        source="cost_eur", max_digits=10, decimal_places=2, read_only=True, allow_null=True
    )
    costNote = serializers.CharField(source="cost_note", read_only=True)
    channels = CodeLabelSerializer(many=True, read_only=True)
    validFrom = serializers.DateField(source="valid_from", read_only=True, allow_null=True)
    validUntil = serializers.DateField(source="valid_until", read_only=True, allow_null=True)
    isStructural = serializers.BooleanField(source="is_structural", read_only=True)
    budgetEur = serializers.DecimalField(
        source="budget_eur", max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    hasImpactData = serializers.BooleanField(
        source="has_impact_data",
        read_only=True,
        help_text="Is het effect van het aanbod gemeten (evaluatie, effectmeting)?",
    )
    impactNote = serializers.CharField(
        source="impact_note",
        read_only=True,
        help_text="Toelichting op het effect: welke evaluatie, door wie en wanneer.",
    )
    contactEmail = serializers.CharField(source="contact_email", read_only=True)
    contactPhone = serializers.CharField(source="contact_phone", read_only=True)
    lastVerifiedOn = serializers.DateField(
        source="last_verified_on", read_only=True, allow_null=True
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "summary",
            "description",
            "status",
            "provider",
            "externalId",
            "offerType",
            "themes",
            "journeyPhases",
            "directions",
            "sizeClasses",
            "minEmployees",
            "maxEmployees",
            "sbiSections",
            "minCompanyAgeYears",
            "scopeLevel",
            "provinces",
            "regions",
            "municipalities",
            "costEur",
            "costNote",
            "channels",
            "validFrom",
            "validUntil",
            "isStructural",
            "budgetEur",
            "hasImpactData",
            "impactNote",
            "url",
            "contactEmail",
            "contactPhone",
            "source",
            "lastVerifiedOn",
            "createdAt",
            "updatedAt",
        ]

    @extend_schema_field(CodeLabelSerializer)
    def get_status(self, obj: Offer) -> dict[str, str]:
        return choice(obj.status, OfferStatus)

    @extend_schema_field(CodeLabelSerializer)
    def get_scopeLevel(self, obj: Offer) -> dict[str, str]:  # noqa: N802
        return choice(obj.scope_level, ScopeLevel)


# API name -> service (model) field name, for every writable offer field.
OFFER_WRITE_FIELDS: dict[str, str] = {
    "externalId": "external_id",
    "title": "title",
    "summary": "summary",
    "description": "description",
    "offerType": "offer_type",
    "themes": "themes",
    "journeyPhases": "journey_phases",
    "directions": "directions",
    "sizeClasses": "size_classes",
    "minEmployees": "min_employees",
    "maxEmployees": "max_employees",
    "sbiSections": "sbi_sections",
    "minCompanyAgeYears": "min_company_age_years",
    "scopeLevel": "scope_level",
    "provinces": "provinces",
    "regions": "regions",
    "municipalities": "municipalities",
    "costEur": "cost_eur",
    "costNote": "cost_note",
    "channels": "channels",
    "validFrom": "valid_from",
    "validUntil": "valid_until",
    "isStructural": "is_structural",
    "budgetEur": "budget_eur",
    "hasImpactData": "has_impact_data",
    "impactNote": "impact_note",
    "url": "url",
    "contactEmail": "contact_email",
    "contactPhone": "contact_phone",
    "source": "source",
    "lastVerifiedOn": "last_verified_on",
}
# Service field name -> API name, to report service ValidationErrors under API names.
OFFER_API_NAMES: dict[str, str] = {
    "provider": "provider",
    **{model: api for api, model in OFFER_WRITE_FIELDS.items()},
}
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
    externalId = SafeCharField(max_length=100, **_TEXT)
    title = SafeCharField(max_length=200)
    summary = SafeCharField(max_length=400)
    description = SafeCharField(max_length=20_000, **_TEXT)
    offerType = CodeField(slug_field="code", queryset=OfferType.objects.all())
    themes = codes(Theme, required=True)
    journeyPhases = codes(JourneyPhase, required=True)
    directions = codes(Direction)
    sizeClasses = codes(SizeClass)
    minEmployees = serializers.IntegerField(**_COUNT)
    maxEmployees = serializers.IntegerField(**_COUNT)
    sbiSections = codes(SbiSection)
    minCompanyAgeYears = serializers.IntegerField(
        min_value=0, max_value=500, required=False, allow_null=True
    )
    scopeLevel = serializers.ChoiceField(choices=ScopeLevel.choices, required=False)
    provinces = codes(Province)
    regions = codes(Region, slug_field="slug")
    municipalities = codes(Municipality)
    costEur = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    costNote = SafeCharField(max_length=300, **_TEXT)
    channels = codes(Channel)
    validFrom = serializers.DateField(**_DATE)
    validUntil = serializers.DateField(**_DATE)
    isStructural = serializers.BooleanField(required=False)
    budgetEur = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    hasImpactData = serializers.BooleanField(
        required=False, help_text="Is het effect van het aanbod gemeten?"
    )
    impactNote = SafeCharField(
        max_length=500,
        help_text="Toelichting op het effect: welke evaluatie, door wie en wanneer.",
        **_TEXT,
    )
    url = serializers.URLField(max_length=500, **_TEXT)
    contactEmail = serializers.EmailField(max_length=254, **_TEXT)
    contactPhone = SafeCharField(max_length=30, **_TEXT)
    source = SafeCharField(max_length=300, **_TEXT)
    lastVerifiedOn = serializers.DateField(**_DATE)

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
        """Validated data under the service's field names."""
        return {
            OFFER_WRITE_FIELDS[name]: value
            for name, value in self.validated_data.items()
            if name in OFFER_WRITE_FIELDS
        }


class VocabularySerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van de lijst, zoals bij de filters.")
    label = serializers.CharField()
    terms = TermSerializer(many=True)
