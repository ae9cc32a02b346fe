"""API representations of questions and referrals.

The list representation carries no personal data; the detail one does (and each read of it is
audited by the view).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scharnier.catalog.models import Theme
from scharnier.core.api.fields import KvkNumberField, TextField, WholeNumberField, codes
from scharnier.core.validation import MIN_DESCRIPTION_CHARS, MIN_DESCRIPTION_WORDS
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Organisation

from .consent import CONSENT_TEXTS
from .models import (
    CaseEvent,
    ConsentPurpose,
    Outcome,
    Question,
    QuestionStatus,
    Referral,
    ReferralStatus,
    Urgency,
)
from .services import (
    INTAKE_MAX_AGE_YEARS,
    INTAKE_MAX_EMPLOYEES,
    INTAKE_NEED_MAX_CHARS,
    QUESTION_TOO_SHORT,
)
from .workflow import REFERRAL_ACTIONS


class ReferralSummarySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    question = serializers.CharField(source="question.reference", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    offer = serializers.UUIDField(source="offer.public_id", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ReferralStatus.choices, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "question",
            "organisation",
            "offer",
            "status",
            "created_at",
            "updated_at",
            "response_due_at",
        ]


class ReferralDetailSerializer(ReferralSummarySerializer):
    class Meta(ReferralSummarySerializer.Meta):
        fields = [
            *ReferralSummarySerializer.Meta.fields,
            "handover_message",
            "reject_reason",
            "result",
        ]


class EventSerializer(serializers.ModelSerializer):
    referral = serializers.UUIDField(source="referral.public_id", read_only=True, allow_null=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["kind", "from_status", "to_status", "at", "actor", "referral"]

    def get_actor(self, event: CaseEvent) -> str | None:
        # Staff usernames are for the handling schakelteam only, not for providers.
        if self.context.get("hide_actors") or event.actor is None:
            return None
        return event.actor.username


class QuestionSummarySerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status = serializers.ChoiceField(choices=QuestionStatus.choices, read_only=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, read_only=True)

    class Meta:
        model = Question
        fields = [
            "reference",
            "door",
            "municipality",
            "region",
            "themes",
            "urgency",
            "status",
            "outcome",
            "returned",
            "submitted_at",
            "response_due_at",
            "first_response_at",
            "closed_at",
        ]


class IntakeSerializer(serializers.Serializer):
    """The question behind the question and the firm's profile (every part optional).

    Sending the intake replaces the one before it. The KvK number is never returned: it only
    reaches monitoring as a keyed hash.
    """

    underlying_themes = codes(Theme, help_text="Thema's achter de vraag (codes).")
    underlying_need = TextField(
        max_length=INTAKE_NEED_MAX_CHARS,
        required=False,
        allow_blank=True,
        help_text="De vraag achter de vraag in woorden; alleen voor het schakelteam.",
    )
    direction = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="Ontwikkelrichting (code uit de woordenlijst 'direction'), bv. 'groeien'.",
    )
    employees = WholeNumberField(
        required=False,
        allow_null=True,
        max_value=INTAKE_MAX_EMPLOYEES,
        help_text="Werkzame personen.",
    )
    sbi_section = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="SBI-sectie (code), bv. 'c'."
    )
    company_age_years = WholeNumberField(
        required=False, allow_null=True, max_value=INTAKE_MAX_AGE_YEARS
    )
    kvk_number = KvkNumberField()
    intake_at = serializers.DateTimeField(read_only=True)


class QuestionDetailSerializer(QuestionSummarySerializer):
    """Includes personal data: only for those entitled, and audited on every read."""

    referrals = ReferralSummarySerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    intake = serializers.SerializerMethodField()

    class Meta(QuestionSummarySerializer.Meta):
        fields = [
            *QuestionSummarySerializer.Meta.fields,
            "contact_name",
            "company_name",
            "email",
            "phone",
            "text",
            "anonymised_at",
            "referrals",
            "events",
            "intake",
        ]

    @extend_schema_field(IntakeSerializer(allow_null=True))
    def get_intake(self, question: Question) -> dict | None:
        """None before the first intake; the text in words only for the schakelteam."""
        if question.intake_at is None:
            return None
        data = IntakeSerializer(question).data
        if self.context.get("hide_actors"):
            data["underlying_need"] = ""
        return data


class QuestionCreateSerializer(serializers.Serializer):
    """A question through the API door (e.g. a regional portal's own form)."""

    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), help_text="CBS-code, bv. GM0363"
    )
    text = TextField(
        max_length=5000,
        min_length=MIN_DESCRIPTION_CHARS,
        min_words=MIN_DESCRIPTION_WORDS,
        too_short_message=QUESTION_TOO_SHORT,
    )
    contact_name = TextField(multiline=False, max_length=120, required=False, allow_blank=True)
    company_name = TextField(multiline=False, max_length=160, required=False, allow_blank=True)
    email = TextField(multiline=False, max_length=254, required=False, allow_blank=True)
    phone = TextField(multiline=False, max_length=30, required=False, allow_blank=True)
    consent = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentPurpose.choices),
        help_text="Doelen waarvoor de ondernemer toestemming gaf; 'behandeling' is verplicht.",
    )
    consent_version = serializers.ChoiceField(
        choices=sorted(CONSENT_TEXTS), help_text="Versie van de toestemmingstekst."
    )
    plan_reference = TextField(multiline=False, max_length=64, required=False, allow_blank=True)
    kvk_number = KvkNumberField()


class QuestionCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status_url = serializers.URLField()


class TriageSerializer(serializers.Serializer):
    themes = serializers.SlugRelatedField(
        slug_field="code", queryset=Theme.objects.all(), many=True
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices)


class NoteSerializer(serializers.Serializer):
    text = TextField(max_length=5000)


class ReferSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False
    )
    offer = serializers.UUIDField(required=False, help_text="public id van het aanbod")
    message = TextField(max_length=5000)


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(REFERRAL_ACTIONS))
    reason = TextField(max_length=2000, required=False, allow_blank=True)
    result = TextField(max_length=2000, required=False, allow_blank=True)
