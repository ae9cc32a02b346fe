"""REST API for entrepreneurs' stories: published stories for everyone; drafts by staff with a
token (the same services and permissions as the pages)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response

from scharnier.catalog.models import SbiSection, Theme
from scharnier.core.api.query import QueryParams
from scharnier.geography.models import Region

from . import data_initiatives, queries, services
from .models import DataInitiativeStatus
from .serializers import (
    DataInitiativeSerializer,
    StoryDraftCreatedSerializer,
    StoryDraftSerializer,
    StorySerializer,
)


class StoryListCreate(generics.ListCreateAPIView):
    """Published stories, newest first. POST: record a story as a draft (staff, token)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = StorySerializer

    def get_queryset(self):
        params = QueryParams(self.request.query_params, ["region", "theme", "sector"])
        region = theme = sector = None
        region_slug, theme_code = params.text("region"), params.text("theme")
        if region_slug:
            region = Region.objects.filter(slug=region_slug).first()
            if region is None:
                params.fail("region", "unknown_code", _("Deze regio bestaat niet."))
        if theme_code:
            theme = Theme.objects.filter(code=theme_code).first()
            if theme is None:
                params.fail("theme", "unknown_code", _("Dit thema bestaat niet."))
        sector_code = params.text("sector")
        if sector_code:
            sector = SbiSection.objects.filter(code=sector_code).first()
            if sector is None:
                params.fail("sector", "unknown_code", _("Deze sector bestaat niet."))
        params.raise_if_invalid()
        return queries.published_stories(region=region, theme=theme, sector=sector)

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="Slug van een regio"),
            OpenApiParameter("theme", str, description="Code van een thema"),
            OpenApiParameter("sector", str, description="Code van een SBI-sectie (a tot en met s)"),
        ]
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=StoryDraftSerializer,
        responses={
            201: StoryDraftCreatedSerializer,
            401: OpenApiResponse(description="Alleen met een token (`Authorization: Token ...`)."),
            403: OpenApiResponse(description="U mag voor deze regio geen verhaal vastleggen."),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        serializer = StoryDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        region = data.pop("region")
        story = services.save_story(actor=request.user, region=region, data=data)
        return Response(
            {"id": str(story.public_id), "status": story.status}, status=status.HTTP_201_CREATED
        )


class StoryDetail(generics.RetrieveAPIView):
    """One published story."""

    permission_classes = [permissions.AllowAny]
    serializer_class = StorySerializer

    def get_object(self):
        story = queries.published_story(self.kwargs["id"])
        if story is None:
            raise Http404
        return story


class DataInitiativeList(generics.ListAPIView):
    """The initiatives to share data between organisations (the data ecosystem, kansenkaart 5)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = DataInitiativeSerializer

    def get_queryset(self):
        params = QueryParams(self.request.query_params, ["status"])
        status_code = params.text("status")
        if status_code and status_code not in DataInitiativeStatus.values:
            params.fail("status", "unknown_code", _("Deze stand van zaken bestaat niet."))
        params.raise_if_invalid()
        return data_initiatives.initiatives(status=status_code)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=DataInitiativeStatus.values,
                description="Alleen initiatieven met deze stand van zaken",
            )
        ]
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)
