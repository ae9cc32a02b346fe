"""REST API of the landscape analysis: the consistency test."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.api.serializers import OFFER_WRITE_FIELDS

from . import services
from .models import ConsistencyCheck


def service_fields(data: dict) -> dict:
    """The request body: offer fields only."""
    unknown = sorted(set(data) - set(OFFER_WRITE_FIELDS))
    if unknown:
        raise ValidationError(
            {name[:100]: [_("Dit veld bestaat niet in dit API.")] for name in unknown[:20]}
        )
    return dict(data)


class ConsistencyCheckSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    verdict_label = serializers.CharField(source="get_verdict_display", read_only=True)
    proposal = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = ConsistencyCheck
        fields = [
            "id",
            "url",
            "page",
            "created_at",
            "verdict",
            "verdict_label",
            "proposal",
            "result",
        ]
        read_only_fields = fields

    def get_proposal(self, obj) -> dict:
        return obj.proposal

    def get_result(self, obj) -> dict:
        return obj.result

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, obj) -> str:
        return self._absolute(reverse("api:consistency-check", args=[obj.public_id]))

    def get_page(self, obj) -> str:
        return self._absolute(reverse("landscape:check-result", args=[obj.public_id]))


def _codes(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


class ProposalSerializer(serializers.Serializer):
    """A proposed scheme: the offer fields that matter for overlap (for the API document)."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=400)
    description = serializers.CharField(required=False, allow_blank=True)
    offer_type = serializers.CharField(help_text="Code uit de lijst soorten aanbod.")
    themes = _codes("Codes van thema's; minstens één.")
    journey_phases = _codes("Codes van klantreisfasen; minstens één.")
    scope_level = serializers.CharField(
        required=False, help_text="nationaal, provincie, regio of gemeente."
    )
    provinces = _codes("CBS-codes van provincies (bij scopeLevel provincie).")
    regions = _codes("Korte namen van regio's (bij scopeLevel regio).")
    municipalities = _codes("CBS-codes van gemeenten (bij scopeLevel gemeente).")
    size_classes = _codes("Grootteklassen; leeg is alle.")
    sbi_sections = _codes("SBI-secties; leeg is alle.")
    min_employees = serializers.IntegerField(required=False, allow_null=True)
    max_employees = serializers.IntegerField(required=False, allow_null=True)


class ConsistencyCheckCreate(APIView):
    """POST a proposed scheme (the fields of an offer, as codes); get overlaps, white spots
    filled and a verdict. The result is saved; its `url` and `page` can be shared."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="consistencyChecksCreate",
        request=ProposalSerializer,
        responses={201: ConsistencyCheckSerializer},
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Stuur een JSON-object met de velden van de regeling.")]}
            )
        check = services.run_consistency_check(actor=request.user, raw=service_fields(request.data))
        data = ConsistencyCheckSerializer(check, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})


class ConsistencyCheckDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="consistencyChecksRetrieve", responses=ConsistencyCheckSerializer)
    def get(self, request, id):  # noqa: A002 - the API's path parameter is called id
        check = get_object_or_404(ConsistencyCheck, public_id=id)
        return Response(ConsistencyCheckSerializer(check, context={"request": request}).data)
