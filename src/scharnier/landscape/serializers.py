"""API shapes of the landscape analysis: a proposed scheme and a saved consistency test."""

from django.urls import reverse
from rest_framework import serializers

from scharnier.catalog.models import ScopeLevel
from scharnier.core.api.fields import TextField, WholeNumberField
from scharnier.core.validation import MIN_DESCRIPTION_CHARS, MIN_DESCRIPTION_WORDS

from .models import ConsistencyCheck
from .services import PROPOSAL_SUMMARY_TOO_SHORT


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


def _codes(help_text: str, *, required: bool = False) -> serializers.ListField:
    return serializers.ListField(
        child=TextField(multiline=False, max_length=100),
        required=required,
        allow_empty=not required,
        min_length=1 if required else None,
        max_length=100,
        help_text=help_text,
    )


class ProposalSerializer(serializers.Serializer):
    """A proposed scheme: the offer fields that matter for overlap (for the API document)."""

    title = TextField(multiline=False, max_length=200)
    summary = TextField(
        max_length=400,
        min_length=MIN_DESCRIPTION_CHARS,
        min_words=MIN_DESCRIPTION_WORDS,
        too_short_message=PROPOSAL_SUMMARY_TOO_SHORT,
    )
    description = TextField(max_length=5000, required=False, allow_blank=True)
    offer_type = TextField(
        multiline=False, max_length=100, help_text="Code uit de lijst soorten aanbod."
    )
    themes = _codes("Codes van thema's; minstens één.", required=True)
    journey_phases = _codes("Codes van klantreisfasen; minstens één.", required=True)
    scope_level = serializers.ChoiceField(
        choices=ScopeLevel.choices,
        required=False,
        help_text="nationaal, provincie, regio of gemeente.",
    )
    provinces = _codes("CBS-codes van provincies (bij scopeLevel provincie).")
    regions = _codes("Korte namen van regio's (bij scopeLevel regio).")
    municipalities = _codes("CBS-codes van gemeenten (bij scopeLevel gemeente).")
    size_classes = _codes("Grootteklassen; leeg is alle.")
    sbi_sections = _codes("SBI-secties; leeg is alle.")
    min_employees = WholeNumberField(max_value=10_000_000, required=False, allow_null=True)
    max_employees = WholeNumberField(max_value=10_000_000, required=False, allow_null=True)
