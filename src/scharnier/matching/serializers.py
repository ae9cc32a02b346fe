"""API shapes of matching: the request and the explained result of `POST /api/v1/matches`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from scharnier.catalog.models import SbiSection
from scharnier.communities.api import CommunitySerializer, MeetingSerializer
from scharnier.core.api.fields import CodeLabelSerializer as CodeLabel
from scharnier.core.api.fields import TextField, WholeNumberField
from scharnier.learning.serializers import StorySerializer

from .queries import municipality_by_code


class MatchRequestSerializer(serializers.Serializer):
    question = TextField(
        min_length=3,
        max_length=1000,
        help_text=_("De vraag van de ondernemer, in eigen woorden."),
        error_messages={"min_length": _("Schrijf uw vraag in minstens {min_length} tekens.")},
    )
    municipality = TextField(
        multiline=False,
        max_length=6,
        help_text=_("CBS-code van de gemeente waar het bedrijf zit, bijv. GM0193."),
    )
    employees = WholeNumberField(max_value=1_000_000, required=False, allow_null=True)
    sbi_section = TextField(
        multiline=False,
        max_length=40,
        required=False,
        allow_blank=True,
        help_text=_("Code van de SBI-sectie."),
    )
    company_age_years = WholeNumberField(max_value=500, required=False, allow_null=True)
    date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Peildatum; standaard vandaag.")
    )
    limit = WholeNumberField(min_value=1, max_value=50, default=10)

    def validate_municipality(self, value: str):
        municipality = municipality_by_code(value.strip().upper())
        if municipality is None:
            raise serializers.ValidationError(
                _("Onbekende gemeentecode. Gebruik de CBS-code, bijvoorbeeld GM0193."),
                code="does_not_exist",
            )
        return municipality

    def validate_sbi_section(self, value: str) -> str:
        value = value.strip().lower()
        if value and not SbiSection.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Onbekende SBI-sectie."), code="unknown_code")
        return value


class MatchNeedsSerializer(serializers.Serializer):
    themes = CodeLabel(many=True)
    journey_phase = CodeLabel(allow_null=True)
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
    is_regional_entry_point = serializers.BooleanField(
        help_text="Dit aanbod is ook het eerste aanspreekpunt in de regio (regionalEntryPoint)."
    )
    offer_type = CodeLabel()
    themes = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    next_step = serializers.CharField()
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
    results = MatchItemSerializer(
        many=True, help_text="Het aanbod dat past, het best passende eerst."
    )
    regional_entry_point = MatchItemSerializer(
        allow_null=True,
        help_text=(
            "Het eerste aanspreekpunt in de regio: daar kan de ondernemer met elke vraag terecht. "
            "Los van de rangorde getoond; staat ook in results als het zelf goed past. "
            "Leeg als er geen regionaal aanspreekpunt is of niets past."
        ),
    )
    nothing_fits = serializers.BooleanField()
    contact = MatchContactSerializer(allow_null=True)
    eligible_offers = serializers.IntegerField()
    meetings = MeetingSerializer(
        many=True,
        read_only=True,
        help_text=(
            "Ontmoeten: openbare bijeenkomsten van ondernemers in de regio van de gemeente, "
            "eerst die over de thema's van de vraag (dezelfde als op de pagina /vraag/)."
        ),
    )
    communities = CommunitySerializer(
        many=True,
        read_only=True,
        help_text=(
            "Ontmoeten: ondernemerscommunities in de regio van de gemeente die passen bij de vraag "
            "en het bedrijf (thema, sector, plaats), de best passende eerst; niet die voor een "
            "andere sector of gemeente (dezelfde als op de pagina /vraag/)."
        ),
    )
    stories = StorySerializer(
        many=True,
        read_only=True,
        help_text=(
            "Zo pakten anderen het aan: gepubliceerde verhalen van ondernemers over de thema's "
            "van de vraag, eerst uit de regio van de gemeente (dezelfde als op de pagina /vraag/)."
        ),
    )
