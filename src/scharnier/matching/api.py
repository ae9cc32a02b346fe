"""`POST /api/v1/matches`: question + profile -> recognised needs and ranked, explained offers."""
# ruff: noqa: N815 - serializer fields are the API's camelCase property names (NL API Design Rules)

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.api.serializers import CodeLabelSerializer as CodeLabel
from scharnier.api.serializers import SafeCharField
from scharnier.catalog.models import SbiSection

from .matcher import match
from .queries import Profile, municipality_by_code


class MatchRequestSerializer(serializers.Serializer):
    question = SafeCharField(
        min_length=3,
        max_length=1000,
        help_text=_("De vraag van de ondernemer, in eigen woorden."),
        error_messages={"min_length": _("Schrijf uw vraag in minstens {min_length} tekens.")},
    )
    municipality = serializers.CharField(
        max_length=6, help_text=_("CBS-code van de gemeente waar het bedrijf zit, bijv. GM0193.")
    )
    employees = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, allow_null=True
    )
    sbiSection = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text=_("Code van de SBI-sectie.")
    )
    companyAgeYears = serializers.IntegerField(
        min_value=0, max_value=500, required=False, allow_null=True
    )
    date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Peildatum; standaard vandaag.")
    )
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)

    def validate_municipality(self, value: str):
        municipality = municipality_by_code(value.strip().upper())
        if municipality is None:
            raise serializers.ValidationError(
                _("Onbekende gemeentecode. Gebruik de CBS-code, bijvoorbeeld GM0193.")
            )
        return municipality

    def validate_sbiSection(self, value: str) -> str:  # noqa: N802
        value = value.strip().lower()
        if value and not SbiSection.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Onbekende SBI-sectie."))
        return value


class MatchNeedsSerializer(serializers.Serializer):
    themes = CodeLabel(many=True)
    journeyPhase = CodeLabel(allow_null=True)
    directions = serializers.ListField(child=serializers.CharField())


class RuleVerdictSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="grootte, medewerkers, sector of bedrijfsleeftijd")
    verdict = serializers.ChoiceField(
        choices=["voldoet", "controleer"],
        help_text="controleer: het profiel zegt niet of het bedrijf hieraan voldoet",
    )
    message = serializers.CharField(help_text="De regel in eenvoudig Nederlands")


class MatchedOfferRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    provider = serializers.CharField()
    url = serializers.CharField()


class MatchItemSerializer(MatchedOfferRefSerializer):
    score = serializers.FloatField()
    isRegionalEntryPoint = serializers.BooleanField()
    offerType = CodeLabel()
    themes = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    nextStep = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    eligibility = RuleVerdictSerializer(many=True)
    similar = MatchedOfferRefSerializer(many=True)


class MatchContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()


class MatchResponseSerializer(serializers.Serializer):
    needs = MatchNeedsSerializer()
    results = MatchItemSerializer(many=True)
    nothingFits = serializers.BooleanField()
    contact = MatchContactSerializer(allow_null=True)
    eligibleOffers = serializers.IntegerField()


def _ref(offer) -> dict:
    return {
        "id": offer.public_id,
        "title": offer.title,
        "provider": offer.provider.name,
        "url": offer.url,
    }


def result_as_json(result) -> dict:
    phase = result.journey_phase_term()
    contact = result.contact
    return {
        "needs": {
            "themes": [{"code": t.code, "label": t.label} for t in result.theme_terms()],
            "journeyPhase": {"code": phase.code, "label": phase.label} if phase else None,
            "directions": result.needs.directions,
        },
        "results": [
            {
                **_ref(m.offer),
                "score": m.score,
                "isRegionalEntryPoint": m.is_entry_point,
                "offerType": {"code": m.offer.offer_type.code, "label": m.offer.offer_type.label},
                "themes": m.themes,
                "explanation": m.explanation,
                "nextStep": m.next_step,
                "reasons": m.reasons,
                "similar": [_ref(o) for o in m.similar],
                "eligibility": [
                    {"rule": r.rule, "verdict": r.verdict, "message": r.message} for r in m.rules
                ],
            }
            for m in result.matches
        ],
        "nothingFits": result.nothing_fits,
        "contact": (
            {
                "name": contact.name,
                "phone": contact.phone,
                "email": contact.email,
                "website": contact.website,
            }
            if contact
            else None
        ),
        "eligibleOffers": result.eligible_count,
    }


class MatchView(APIView):
    """Match an entrepreneur's question to the offers that fit the firm."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []  # anonymous use; no CSRF/session needed
    throttle_classes: list = []  # no rate limit yet: see the helper report
    api_field_names = {"sbi_section": "sbiSection", "company_age_years": "companyAgeYears"}

    @extend_schema(
        operation_id="matches_create",
        tags=["matching"],
        summary="Aanbod zoeken bij een vraag in eigen woorden",
        description=(
            "Herkent de behoeften in de vraag (thema's, klantreisfase), filtert hard op wat het "
            "bedrijf mag gebruiken (gebied, grootte, sector, leeftijd, geldig op de datum) en "
            "geeft het passende aanbod terug: eerst het regionale aanspreekpunt, dan de rest, met "
            "score, uitleg en volgende stap. Bijna gelijke regelingen staan samen onder `similar`."
        ),
        request=MatchRequestSerializer,
        responses={200: MatchResponseSerializer},
        examples=[
            OpenApiExample(
                "Energie",
                value={
                    "question": "Mijn energierekening is verdubbeld",
                    "municipality": "GM0193",
                    "employees": 12,
                    "sbiSection": "c",
                    "companyAgeYears": 15,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        profile = Profile(
            municipality=data["municipality"],
            employees=data.get("employees"),
            sbi_section=data.get("sbiSection", ""),
            company_age_years=data.get("companyAgeYears"),
        )
        result = match(data["question"], profile, today=data.get("date"), limit=data["limit"])
        return Response(MatchResponseSerializer(result_as_json(result)).data)
