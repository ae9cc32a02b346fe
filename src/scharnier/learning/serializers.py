"""API shapes of stories (snake_case; the project's renderer puts camelCase on the wire).

A published story shows what and where, never the e-mail address or who recorded it.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scharnier.catalog.models import Offer, SbiSection, SizeClass, Theme
from scharnier.core.api.fields import CodeField, CodeLabelSerializer, TextField, codes
from scharnier.geography.models import Region

from . import data_initiatives, framework
from .models import DataCategory, DataInitiative, Story


class StorySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    size_class = serializers.SlugRelatedField(slug_field="code", read_only=True)
    offers = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = [
            "id",
            "title",
            "entrepreneur",
            "question",
            "helpers",
            "change",
            "region",
            "themes",
            "sector",
            "size_class",
            "offers",
            "photo_url",
            "photo_alt",
            "published_at",
        ]
        read_only_fields = fields

    def get_photo_url(self, story: Story) -> str | None:
        if not story.photo_type:
            return None
        return reverse("learning:story-photo", args=[story.public_id])


class StoryDraftSerializer(serializers.Serializer):
    """A new story, saved as a draft (staff with a token)."""

    region = CodeField(slug_field="slug", queryset=Region.objects.all())
    title = TextField(multiline=False, max_length=160)
    entrepreneur = TextField(multiline=False, max_length=160)
    question = TextField(max_length=4000)
    helpers = TextField(max_length=4000)
    change = TextField(max_length=4000)
    themes = codes(Theme)
    sector = CodeField(
        slug_field="code",
        queryset=SbiSection.objects.filter(for_entrepreneurs=True),
        required=False,
        allow_null=True,
    )
    size_class = CodeField(
        slug_field="code", queryset=SizeClass.objects.all(), required=False, allow_null=True
    )
    offers = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    consent_email = serializers.EmailField(required=False, allow_blank=True)

    def validate_offers(self, value: list) -> list[Offer]:
        offers = list(Offer.objects.filter(public_id__in=value))
        if len(offers) != len(set(value)):
            raise serializers.ValidationError(
                _("Een of meer aanbiedingen bestaan niet."), code="does_not_exist"
            )
        return offers


class StoryDraftCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()


# The columns of the open-data file verhalen.json, documented on /open-data/ (the keys of
# `export_story`; a test keeps the two the same).
STORY_EXPORT_COLUMNS = (
    ("id", gettext_lazy("Vast nummer van het verhaal (UUID); blijft altijd hetzelfde.")),
    ("title", gettext_lazy("Titel van het verhaal.")),
    ("entrepreneur", gettext_lazy("Hoe de ondernemer genoemd wil worden, bijvoorbeeld een "
                                  "voornaam of het soort bedrijf.")),
    ("question", gettext_lazy("Wat was de vraag van de ondernemer?")),
    ("helpers", gettext_lazy("Wie hielp de ondernemer?")),
    ("change", gettext_lazy("Wat veranderde er voor het bedrijf?")),
    ("region", gettext_lazy("Code van de regio (zoals in de adressen van de regiopagina's).")),
    ("themes", gettext_lazy("Lijst met codes van de thema's, zoals in het HSDS-bestand.")),
    ("sector", gettext_lazy("Code van de SBI-sectie van het bedrijf (a tot en met s), of leeg.")),
    ("sizeClass", gettext_lazy("Code van de grootteklasse van het bedrijf (micro, klein, middel, "
                               "groot), of leeg.")),
    ("offers", gettext_lazy("Lijst met vaste nummers (UUID) van het aanbod dat hielp, zoals in "
                            "het HSDS-bestand.")),
    ("publishedAt", gettext_lazy("Moment van publicatie (ISO 8601). Trekt de ondernemer de "
                                 "toestemming in, dan verdwijnt het verhaal uit het bestand.")),
)  # fmt: skip


def export_story(story: Story) -> dict:
    """One row of the open-data export of published stories."""
    return {
        "id": str(story.public_id),
        "title": story.title,
        "entrepreneur": story.entrepreneur,
        "question": story.question,
        "helpers": story.helpers,
        "change": story.change,
        "region": story.region.slug,
        "themes": [t.code for t in story.themes.all()],
        "sector": story.sector.code if story.sector else None,
        "sizeClass": story.size_class.code if story.size_class else None,
        "offers": [str(o.public_id) for o in story.offers.all()],
        "publishedAt": story.published_at.isoformat() if story.published_at else None,
    }


# --- The data ecosystem (REQUIREMENTS I2) -------------------------------------------------------
class DataInitiativePartySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


def _pair(code: str, label) -> dict[str, str] | None:
    return {"code": code, "label": str(label)} if code else None


class DataInitiativeSerializer(serializers.ModelSerializer):
    """An initiative to share data between organisations: public, it names no person."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    kansenkaart = serializers.SerializerMethodField()
    lead = DataInitiativePartySerializer(help_text="De organisatie die het initiatief trekt.")
    parties = DataInitiativePartySerializer(
        many=True, help_text="Wie gegevens deelt; de trekker telt mee."
    )
    regions = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="De regio's waar het speelt; leeg is landelijk.",
    )
    data_categories = serializers.SerializerMethodField()
    personal_data = serializers.SerializerMethodField()
    legal_basis = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = DataInitiative
        fields = ["id", *data_initiatives.FIELDS, "updated_at"]
        read_only_fields = fields

    @extend_schema_field(CodeLabelSerializer)
    def get_kansenkaart(self, obj: DataInitiative) -> dict[str, str] | None:
        return _pair(obj.kansenkaart, framework.kansenkaart_titles().get(obj.kansenkaart, ""))

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_data_categories(self, obj: DataInitiative) -> list[dict[str, str]]:
        labels = dict(DataCategory.choices)
        return [_pair(code, labels[code]) for code in obj.data_categories if code in labels]

    @extend_schema_field(CodeLabelSerializer)
    def get_personal_data(self, obj: DataInitiative) -> dict[str, str] | None:
        return _pair(obj.personal_data, obj.get_personal_data_display())

    @extend_schema_field(CodeLabelSerializer(allow_null=True))
    def get_legal_basis(self, obj: DataInitiative) -> dict[str, str] | None:
        """The AVG's ground; null when no personal data is shared."""
        return _pair(obj.legal_basis, obj.get_legal_basis_display())

    @extend_schema_field(CodeLabelSerializer)
    def get_status(self, obj: DataInitiative) -> dict[str, str] | None:
        return _pair(obj.status, obj.get_status_display())
