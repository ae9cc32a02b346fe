"""REST API for communities and meetings. Reads are public (public events only for meetings
unless you may log them); writes need a token and go through the services."""

from datetime import date

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from scharnier.catalog.models import SbiSection, Theme
from scharnier.core.api.fields import TextField, WholeNumberField, codes, ref
from scharnier.geography.models import Municipality, Region
from scharnier.monitoring.suppression import is_small
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action, has_permission, require_permission

from . import queries, services
from .models import Community, Meeting
from .vocabularies import choices


@extend_schema_field(
    {
        "type": "string",
        "format": "time-local",
        "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
        "example": "19:30:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the Netherlands (NL API Design Rules: time-local)."""


class CommunitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", queryset=Region.objects.all())
    themes = codes(Theme)
    sbi_sections = codes(SbiSection)
    municipalities = codes(Municipality)
    organiser = ref(Organisation, "slug")
    kind = serializers.ChoiceField(choices=choices("community_kind"))
    status = serializers.ChoiceField(choices=choices("community_status"), default="actief")
    name = TextField(max_length=160, multiline=False)
    reach = WholeNumberField(max_value=10_000_000, required=False)
    description = TextField(required=False, allow_blank=True)

    class Meta:
        model = Community
        fields = [
            "id",
            "region",
            "name",
            "kind",
            "status",
            "themes",
            "sbi_sections",
            "municipalities",
            "organiser",
            "reach",
            "description",
            "website",
        ]
        read_only_fields = ["id"]
        validators = []  # the service checks uniqueness and scope


class CommunityListCreate(generics.ListCreateAPIView):
    """The community maps of all regions (filter with ?region=slug)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = CommunitySerializer

    def get_queryset(self):
        return queries.communities(region_slug=self.request.query_params.get("region", ""))

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        region = data.pop("region")
        community = services.save_community(actor=request.user, region=region, data=data)
        return Response(self.get_serializer(community).data, status=status.HTTP_201_CREATED)


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    community = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all())
    region = serializers.SlugRelatedField(
        source="community.region", slug_field="slug", read_only=True
    )
    themes = codes(Theme)
    municipality = ref(Municipality)
    format = serializers.ChoiceField(choices=choices("meeting_format"))
    title = TextField(max_length=200, multiline=False)
    participants_count = WholeNumberField(
        max_value=100_000,
        required=False,
        allow_null=True,
        help_text="Leeg bij 1 tot 4 deelnemers, voor wie de bijeenkomst niet bijhoudt.",
    )
    new_participants_count = WholeNumberField(
        max_value=100_000,
        required=False,
        allow_null=True,
        help_text="Leeg bij 1 tot 4 nieuwe deelnemers, voor wie de bijeenkomst niet bijhoudt.",
    )
    location = TextField(max_length=300, multiline=False, required=False, allow_blank=True)
    start_time = LocalTimeField(required=False, allow_null=True)
    end_time = LocalTimeField(required=False, allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "community",
            "region",
            "title",
            "date",
            "start_time",
            "end_time",
            "format",
            "themes",
            "municipality",
            "location",
            "participants_count",
            "new_participants_count",
            "is_public",
            "is_cancelled",
        ]
        read_only_fields = ["id", "region"]
        validators = []

    def to_representation(self, meeting: Meeting) -> dict:
        data = super().to_representation(meeting)
        request = self.context.get("request")
        if not has_permission(getattr(request, "user", None), Action.LOG_MEETING, meeting):
            # A small meeting's count could point to the people who came: counts of 1-4 are
            # only for who keeps the meeting, as everywhere else (suppressed below 5).
            for name in ("participants_count", "new_participants_count"):
                if data.get(name) is not None and is_small(data[name]):
                    data[name] = None
        return data


class MeetingListCreate(generics.ListCreateAPIView):
    """Public events (filter with ?region=slug&from=YYYY-MM-DD). POST logs a meeting (token)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = MeetingSerializer

    def get_queryset(self):
        since = self.request.query_params.get("from")
        try:
            day = date.fromisoformat(since) if since else None
        except ValueError:
            raise serializers.ValidationError(
                {"from": ["Gebruik een datum als JJJJ-MM-DD."]}
            ) from None
        return queries.public_meetings(
            region_slug=self.request.query_params.get("region", ""), since=day
        )

    @extend_schema(request=MeetingSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        community = data.pop("community")
        meeting = services.log_meeting(actor=request.user, community=community, data=data)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingDetail(generics.RetrieveUpdateAPIView):
    """One meeting: public events for everyone, others for who may log them. PATCH corrects the
    log or fills in the numbers once it took place (token). A correction of what counts toward
    the region's reach withdraws the earlier count and counts again; a meeting that took place
    cannot be called off."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = MeetingSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Meeting.objects.select_related("community__region", "municipality").prefetch_related(
            "themes"
        )

    def get_object(self) -> Meeting:
        meeting = super().get_object()
        if not meeting.is_public and not has_permission(
            self.request.user, Action.LOG_MEETING, meeting
        ):
            raise NotFound()
        return meeting

    @extend_schema(request=MeetingSerializer, responses={200: MeetingSerializer})
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        meeting = self.get_object()
        require_permission(request.user, Action.LOG_MEETING, meeting)
        serializer = self.get_serializer(meeting, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        community = data.pop("community", meeting.community)
        meeting = services.log_meeting(
            actor=request.user, community=community, data=data, meeting=meeting
        )
        return Response(self.get_serializer(meeting).data)
