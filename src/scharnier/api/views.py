"""API v1 views for the register: offers, organisations, regions, municipalities, provinces and
vocabularies. Views stay thin: reads use the apps' query functions, writes their services."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import page_not_found, server_error
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.accounts.authentication import ThrottledTokenAuthentication
from scharnier.catalog import services as catalog_services
from scharnier.catalog.harvesting import completeness
from scharnier.catalog.models import VOCABULARIES, ChangeSource, Offer, OfferStatus, ScopeLevel
from scharnier.catalog.queries import (
    prefetch_listed_relations,
    search_offers,
    with_every_relation,
)
from scharnier.core.api.errors import (
    ApiValidationError,
    django_validation_params,
    invalid_param,
    problem_response,
)
from scharnier.core.api.parsers import JSONParser
from scharnier.core.api.versioning import api_version
from scharnier.geography.models import Municipality, Province, Region
from scharnier.geography.queries import municipalities_with_areas
from scharnier.learning import development_plans, rollout
from scharnier.organisations.models import DirectingOrganisation, Organisation, OrganisationKind
from scharnier.organisations.permissions import Action, require_permission
from scharnier.organisations.queries import (
    organisations_with_places,
    regional_roles_of,
    required_stakeholder_checks,
    stakeholder_roles,
)

from . import filters
from .serializers import (
    OFFER_EMPTY_VALUES,
    MunicipalitySerializer,
    OfferDetailSerializer,
    OfferSerializer,
    OfferWriteSerializer,
    OrganisationDetailSerializer,
    OrganisationSerializer,
    ProvinceDetailSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    VocabularySerializer,
)

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
SLUG_PATTERN = r"[-a-zA-Z0-9_]{1,80}"


class ReadOnlyRegisterViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Openbare gegevens uit het register; alleen lezen, zonder token."""

    # No authentication at all, so a wrong method is a 405 rather than a 401.

    authentication_classes: list = []
    permission_classes = [AllowAny]
    lookup_value_regex = SLUG_PATTERN

    def get_one(self, queryset: QuerySet, not_found: str) -> Any:
        """The object the URL names, or a 404 saying `not_found`; no query parameters allowed."""
        filters.parse_no_filters(self.request.query_params)
        found = queryset.filter(**{self.lookup_field: self.kwargs[self.lookup_field]}).first()
        if found is None:
            raise exceptions.NotFound(not_found)
        return found


# ------------------------------------------------------------------------- offers

_OFFER_WRITE_RESPONSES = {
    409: OpenApiResponse(description="Het aanbod is tegelijk door iemand anders gewijzigd."),
}


@extend_schema_view(
    list=extend_schema(
        summary="Aanbod zoeken",
        description="Zoek in het aanbod met vrije tekst en filters. Zonder `status` alleen "
        "actief aanbod. Onbekende codes of parameters geven een 400.",
        parameters=filters.OFFER_FILTER_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="Eén aanbod",
        description="Met wat de regio's eraan toevoegen voor hun ondernemers "
        "(`regionalNotes`): wie daar helpt, een voorbeeld, een bijeenkomst.",
        responses=OfferDetailSerializer,
    ),
    create=extend_schema(
        summary="Aanbod toevoegen",
        description="Alleen met een token van een gebruiker die voor de aanbieder mag "
        "schrijven (aanbieder-redacteur van die organisatie of beheerder).",
        request=OfferWriteSerializer,
        responses={201: OfferSerializer, **_OFFER_WRITE_RESPONSES},
    ),
    update=extend_schema(
        summary="Aanbod vervangen",
        description="Vervangt het hele aanbod: velden die ontbreken worden leeg gemaakt.",
        request=OfferWriteSerializer,
        responses={200: OfferSerializer, **_OFFER_WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Aanbod deels wijzigen",
        description="Alleen de meegestuurde velden veranderen.",
        request=OfferWriteSerializer,
        responses={200: OfferSerializer, **_OFFER_WRITE_RESPONSES},
    ),
)
class OfferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Ondersteuningsaanbod voor ondernemers. Lezen mag iedereen; schrijven alleen met een
    token. Archiveren gaat met `POST /offers/{id}/archive` (terugzetten met `/restore`); er is
    geen DELETE, zodat de geschiedenis van een aanbod bewaard blijft."""

    serializer_class = OfferSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = UUID_PATTERN
    # Wrong tokens are counted per client IP (429 after too many): see accounts.authentication.
    authentication_classes = [ThrottledTokenAuthentication]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Offer]:
        return Offer.objects.all()

    @staticmethod
    def with_related(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
        return with_every_relation(queryset)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offers = search_offers(filters.parse_offer_filters(request.query_params))
        page = self.paginate_queryset(offers.select_related("provider", "offer_type"))
        # Related rows only for the offers on this page, all relations in one query.
        prefetch_listed_relations(page)
        return self.get_paginated_response(OfferSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters.parse_no_filters(request.query_params)
        return Response(OfferDetailSerializer(self._offer()).data)

    def _offer(self) -> Offer:
        return self.get_object(self.with_related(Offer.objects.all()))

    def get_object(self, queryset: QuerySet[Offer] | None = None) -> Offer:
        queryset = Offer.objects.all() if queryset is None else queryset
        offer = queryset.filter(public_id=self.kwargs["id"]).first()
        if offer is None:
            raise exceptions.NotFound(_("Er is geen aanbod met deze id."))
        return offer

    def _write_serializer(self, request: Request, *, partial: bool) -> OfferWriteSerializer:
        if not request.META.get("CONTENT_LENGTH", "0").strip("0 ") and (
            "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "")
        ):
            raise ApiValidationError(
                [invalid_param("body", "required", _("Stuur een JSON-object met de velden."))]
            )
        serializer = OfferWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer

    def _check_external_id(
        self, provider: Organisation, data: dict, offer: Offer | None = None
    ) -> None:
        # The services leave this unique constraint to the database (an IntegrityError);
        # say it in Dutch first, together with the service's own checks on the data.
        external_id = data.get("external_id")
        if not external_id:
            return
        clash = Offer.objects.filter(provider=provider, external_id=external_id)
        if offer is not None:
            clash = clash.exclude(pk=offer.pk)
        if not clash.exists():
            return
        problems = [
            invalid_param(
                "externalId",
                "unique",
                _("Dit eigen kenmerk is al in gebruik bij een ander aanbod van %(org)s.")
                % {"org": provider.name},
            )
        ]
        if offer is None:  # a new offer's data is complete: check it all in one go
            try:
                catalog_services.validate_offer_data(data)
            except DjangoValidationError as error:
                problems += django_validation_params(error)
        raise ApiValidationError(problems)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self._write_serializer(request, partial=False)
        provider = serializer.validated_data.get("provider")
        if provider is None:
            raise ApiValidationError(
                [invalid_param("provider", "required", _("Geef de aanbieder (slug) op."))]
            )
        require_permission(request.user, Action.CREATE_OFFER, provider)
        data = serializer.service_data()
        self._check_external_id(provider, data)
        try:
            offer = catalog_services.create_offer(
                actor=request.user, provider=provider, data=data, source=ChangeSource.API
            )
        except IntegrityError as error:
            raise _conflict() from error
        offer = self.with_related(Offer.objects.filter(pk=offer.pk)).get()
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(request, partial=kwargs.pop("partial", False))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        offer = self.get_object()
        # Who may not change the offer learns that before any detail about their input.
        require_permission(request.user, Action.CHANGE_OFFER, offer)
        serializer = self._write_serializer(request, partial=partial)
        provider = serializer.validated_data.get("provider")
        if provider is not None and provider.pk != offer.provider_id:
            raise ApiValidationError(
                [
                    invalid_param(
                        "provider",
                        "read_only",
                        _("De aanbieder van een bestaand aanbod kun je niet veranderen."),
                    )
                ]
            )
        data = serializer.service_data()
        if not partial:
            data = {**OFFER_EMPTY_VALUES, **data}
        self._check_external_id(offer.provider, data, offer)
        try:
            catalog_services.update_offer(
                actor=request.user, offer=offer, data=data, source=ChangeSource.API
            )
        except IntegrityError as error:
            raise _conflict() from error
        return Response(OfferDetailSerializer(self._offer()).data)

    @extend_schema(
        summary="Aanbod archiveren",
        description="Het aanbod verdwijnt uit zoeken (status gearchiveerd); de geschiedenis "
        "blijft. Nog eens archiveren verandert niets.",
        request=None,
        responses={200: OfferSerializer},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offer = self.get_object()
        catalog_services.archive_offer(actor=request.user, offer=offer, source=ChangeSource.API)
        return Response(OfferDetailSerializer(self._offer()).data)

    @extend_schema(
        summary="Gearchiveerd aanbod terugzetten",
        request=None,
        responses={200: OfferSerializer},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offer = self.get_object()
        catalog_services.restore_offer(actor=request.user, offer=offer, source=ChangeSource.API)
        return Response(OfferDetailSerializer(self._offer()).data)


def _conflict() -> exceptions.APIException:
    error = exceptions.APIException(
        _("Het aanbod kon niet worden opgeslagen omdat het tegelijk is gewijzigd. Probeer opnieuw.")
    )
    error.status_code = status.HTTP_409_CONFLICT
    error.default_code = "conflict"
    return error


# ------------------------------------------------------------------------- organisations


@extend_schema_view(
    list=extend_schema(summary="Organisaties", parameters=filters.ORGANISATION_FILTER_PARAMETERS),
    retrieve=extend_schema(summary="Eén organisatie, met haar rollen in regio's"),
)
class OrganisationViewSet(ReadOnlyRegisterViewSet):
    """Organisaties: aanbieders en partners, met hun rol in regio's."""

    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisations_with_places().order_by("name", "pk")

    def get_serializer_class(self):
        return OrganisationDetailSerializer if self.action == "retrieve" else OrganisationSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = filters.parse_organisation_filters(request.query_params)
        queryset = self.get_queryset()
        if wanted["kinds"]:
            queryset = queryset.filter(kind__in=wanted["kinds"])
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organisation = self.get_one(
            self.get_queryset(), _("Er is geen organisatie met deze korte naam.")
        )
        context = {
            "regional_roles": regional_roles_of(organisation),
            "catalogue": completeness(organisation),
        }
        return Response(OrganisationDetailSerializer(organisation, context=context).data)


# ------------------------------------------------------------------------- geography


@extend_schema_view(
    list=extend_schema(summary="Regio's (regionale ecosystemen)"),
    retrieve=extend_schema(
        summary="Eén regio",
        description="Met gemeenten, partijen aan tafel en hun rol, en per verplichte partij "
        "(provincie, KvK, ROM, RVO, VNO-NCW/MKB-Nederland, private partijen) of die aan "
        "tafel zit.",
    ),
)
class RegionViewSet(ReadOnlyRegisterViewSet):
    """Regionale ecosystemen: groepen gemeenten die samen optrekken."""

    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.annotate(municipality_count=Count("municipalities")).order_by(
            "rollout_wave", "name"
        )

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters.parse_no_filters(request.query_params)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RegionSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        region = self.get_one(
            self.get_queryset().prefetch_related(
                Prefetch("municipalities", Municipality.objects.order_by("name"))
            ),
            _("Er is geen regio met deze korte naam."),
        )
        context = {
            "stakeholder_roles": list(stakeholder_roles(region)),
            "stakeholder_checks": required_stakeholder_checks(region),
            "directing": DirectingOrganisation.objects.filter(region=region)
            .select_related("organisation")
            .first(),
        }
        # Only an adopted plan: plans_of without a user leaves drafts out.
        plan = development_plans.current_plan(
            development_plans.plans_of(region, None), timezone.localdate().year
        )
        context["development_plan"] = plan
        context["development_actions"] = development_plans.actions_of(plan) if plan else []
        (context["readiness"],) = rollout.readiness_of([region])
        return Response(RegionDetailSerializer(region, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Gemeenten (CBS)", parameters=filters.MUNICIPALITY_FILTER_PARAMETERS
    ),
    retrieve=extend_schema(summary="Eén gemeente"),
)
class MunicipalityViewSet(ReadOnlyRegisterViewSet):
    """Gemeenten met hun CBS-code (GMxxxx), provincie en regio's."""

    serializer_class = MunicipalitySerializer
    lookup_field = "code"
    lookup_value_regex = filters.MUNICIPALITY_CODE

    def get_queryset(self) -> QuerySet[Municipality]:
        return (
            municipalities_with_areas()
            .prefetch_related(Prefetch("regions", Region.objects.order_by("name")))
            .order_by("name", "code")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = filters.parse_municipality_filters(request.query_params)
        queryset = self.get_queryset()
        if wanted["province"] is not None:
            queryset = queryset.filter(province=wanted["province"])
        if wanted["region"] is not None:
            queryset = queryset.filter(regions=wanted["region"])
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(MunicipalitySerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        municipality = self.get_one(
            self.get_queryset(), _("Er is geen gemeente met deze CBS-code.")
        )
        return Response(MunicipalitySerializer(municipality).data)


@extend_schema_view(
    list=extend_schema(summary="Provincies (CBS)"),
    retrieve=extend_schema(summary="Eén provincie"),
)
class ProvinceViewSet(ReadOnlyRegisterViewSet):
    """Provincies met hun CBS-code (PVxx)."""

    serializer_class = ProvinceDetailSerializer
    lookup_field = "code"
    lookup_value_regex = filters.PROVINCE_CODE

    def get_queryset(self) -> QuerySet[Province]:
        return Province.objects.annotate(municipality_count=Count("municipalities")).order_by(
            "name"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters.parse_no_filters(request.query_params)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        province = self.get_one(self.get_queryset(), _("Er is geen provincie met deze CBS-code."))
        return Response(ProvinceDetailSerializer(province).data)


# ------------------------------------------------------------------------- vocabularies

# API name of each vocabulary (camelCase, as the offer fields and filters use it).
_VOCABULARY_API_NAMES = {
    "theme": "theme",
    "journey_phase": "journeyPhase",
    "offer_type": "offerType",
    "direction": "direction",
    "size_class": "sizeClass",
    "sbi_section": "sector",
    "channel": "channel",
}


class VocabularyView(APIView):
    """The controlled vocabularies with their codes and Dutch labels."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Keuzelijsten",
        description="Alle codes die het API in filters en velden gebruikt, met hun Nederlandse "
        "naam: thema's, klantreisfasen, soorten aanbod, ontwikkelrichtingen, grootteklassen, "
        "sectoren (SBI), kanalen, gebiedsniveaus, statussen en soorten organisatie.",
        responses={200: VocabularySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        filters.parse_no_filters(request.query_params)
        result = []
        for name, model in VOCABULARIES.items():
            result.append(
                {
                    "name": _VOCABULARY_API_NAMES[name],
                    "label": str(model._meta.verbose_name_plural),
                    "terms": [
                        {"code": t.code, "label": t.label, "description": t.description}
                        for t in model.objects.all()
                    ],
                }
            )
        for name, label, choices in (
            ("scopeLevel", _("gebiedsniveaus"), ScopeLevel),
            ("status", _("statussen van aanbod"), OfferStatus),
            ("organisationKind", _("soorten organisatie"), OrganisationKind),
        ):
            result.append(
                {
                    "name": name,
                    "label": str(label),
                    "terms": [
                        {"code": value, "label": str(text), "description": ""}
                        for value, text in choices.choices
                    ],
                }
            )
        return Response(VocabularySerializer(result, many=True).data)


# ------------------------------------------------------------------------- index

# The resources a client starts from (URL names in this API), with a Dutch description.
_INDEX = (
    ("offers", "api:offer-list", gettext_lazy("Aanbod voor ondernemers: zoeken, lezen, beheren.")),
    ("organisations", "api:organisation-list", gettext_lazy("Organisaties die aanbod hebben.")),
    ("regions", "api:region-list", gettext_lazy("Regio's met hun gemeenten en partners.")),
    ("municipalities", "api:municipality-list", gettext_lazy("Gemeenten (CBS-codes).")),
    ("provinces", "api:province-list", gettext_lazy("Provincies.")),
    ("vocabularies", "api:vocabularies", gettext_lazy("Keuzelijsten met codes en namen.")),
    (
        "matches",
        "api:matches",
        gettext_lazy("Aanbod zoeken bij een vraag in eigen woorden (POST)."),
    ),
    ("questions", "api:question-list", gettext_lazy("Hulpvragen van ondernemers.")),
    ("referrals", "api:referral-list", gettext_lazy("Doorverwijzingen naar aanbieders.")),
    (
        "consistencyChecks",
        "api:consistency-checks",
        gettext_lazy("Toets een voorgestelde regeling (POST)."),
    ),
    ("communities", "api:community-list", gettext_lazy("Mkb-gemeenschappen per regio.")),
    ("meetings", "api:meeting-list", gettext_lazy("Bijeenkomsten en de openbare agenda.")),
    ("signals", "api:signal-list", gettext_lazy("Openbare signalen; een signaal melden (POST).")),
    ("threads", "api:thread-list", gettext_lazy("Rode draden op het signalenbord.")),
    ("stories", "api:story-list", gettext_lazy("Verhalen van ondernemers.")),
    ("metrics", "api:metrics", gettext_lazy("Kengetallen van het dashboard.")),
    (
        "metricDefinitions",
        "api:metric-definition-list",
        gettext_lazy("Definities van de kengetallen, met versies."),
    ),
    ("openapi", "api:openapi", gettext_lazy("Beschrijving van dit API (OpenAPI 3).")),
)


class IndexLinkSerializer(serializers.Serializer):
    rel = serializers.CharField()
    href = serializers.URLField()
    title = serializers.CharField()


class IndexSerializer(serializers.Serializer):
    title = serializers.CharField()
    version = serializers.CharField()
    links = IndexLinkSerializer(many=True)


class IndexView(APIView):
    """The start of the API: what there is and where the OpenAPI document is."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="index",
        summary="Startpunt van het API",
        description="Links naar alle onderdelen van het API en naar het OpenAPI-document.",
        responses={200: IndexSerializer},
    )
    def get(self, request: Request) -> Response:
        filters.parse_no_filters(request.query_params)
        links = [
            {"rel": rel, "href": request.build_absolute_uri(reverse(name)), "title": str(title)}
            for rel, name, title in _INDEX
        ]
        return Response({"title": "Scharnier API", "version": api_version(), "links": links})


# ------------------------------------------------------------------------- errors outside DRF


@csrf_exempt  # a POST to an unknown address is a 404, not a CSRF 403 page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Catch-all at the end of /api/v1/: unknown paths answer problem+json 404."""
    return problem_response(
        request,
        404,
        _("Dit adres bestaat niet in het API. Let op: adressen eindigen niet op een '/'."),
        "not_found",
    )


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 hook: problem+json under /api/, the normal page elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Django's 500 hook: problem+json under /api/, the normal page elsewhere."""
    if request.path.startswith("/api/"):
        return problem_response(
            request,
            500,
            _("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
            "server_error",
        )
    return server_error(request)
