"""Monitoring API: the registry and the same protected figures as the open dashboard."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.core.api.errors import ApiValidationError, invalid_param
from scharnier.core.api.query import QueryParams, parse_no_filters

from . import queries, services
from .models import MetricDefinition
from .serializers import (
    AreaReachListSerializer,
    MetricDefinitionSerializer,
    MetricsSerializer,
    ResultAgreementSerializer,
)

AREA = OpenApiParameter(
    "area",
    str,
    description="NL (standaard), RG:<regio-slug> of een CBS-gemeentecode (GMxxxx).",
    pattern=r"^(NL|RG:[a-z0-9-]+|GM\d{4})$",
)
PERIOD = OpenApiParameter(
    "period",
    str,
    description="Leeg: sinds de start. Of een halfjaar, bijvoorbeeld 2026-H1.",
    pattern=r"^([1-9]\d{3}-H[12])?$",
)


def _scope_and_period(request: Request, *, area_allowed: bool = True):
    params = QueryParams(request.query_params, ["area", "period"] if area_allowed else ["period"])
    scope = queries.scope_for_code(params.text("area") or "NL") if area_allowed else None
    period = queries.parse_period(params.text("period"))
    if area_allowed and scope is None:
        params.fail("area", "unknown_code", _("Dit gebied bestaat niet."))
    if period is None:
        params.fail("period", "invalid", _("Gebruik een halfjaar zoals 2026-H1."))
    params.raise_if_invalid()
    return scope, period


class MetricDefinitionList(generics.ListAPIView):
    """Every version of every KPI definition in the registry."""

    permission_classes = [permissions.AllowAny]
    serializer_class = MetricDefinitionSerializer

    def get_queryset(self):
        parse_no_filters(self.request.query_params)
        return MetricDefinition.objects.order_by("code", "version")


class Metrics(APIView):
    """All KPIs for one area and period (counts of 1-4 are null with display '<5')."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[AREA, PERIOD], responses={200: MetricsSerializer})
    def get(self, request: Request) -> Response:
        scope, period = _scope_and_period(request)
        body = {
            "area": scope.code,
            "area_name": scope.name,
            "period": period.label,
            "figures": [vars(f) for f in queries.figures(scope, period).values()],
        }
        return Response(MetricsSerializer(body).data)


class AreaReach(APIView):
    """Firms reached per region (area NL) or per municipality (area RG:<slug>), with the task."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[AREA, PERIOD], responses={200: AreaReachListSerializer})
    def get(self, request: Request) -> Response:
        scope, period = _scope_and_period(request)
        if scope.level == "municipality":
            raise ApiValidationError([invalid_param("area", "invalid", _("Kies NL of een regio."))])
        figure = queries.figures(scope, period)["firms-reached"]
        rows = [
            {
                "code": row.code,
                "name": row.name,
                "reached": row.reached.value,
                "reached_display": row.reached.display,
                "task": row.task,
                "target": row.target,
                "share_of_task": row.share_of_task,
            }
            for row in queries.area_table(scope, period)
        ]
        body = {"area": scope.code, "period": period.label, "metric": figure.stamp, "areas": rows}
        return Response(AreaReachListSerializer(body).data)


REGION = OpenApiParameter(
    "area",
    str,
    required=True,
    description="De regio: RG:<regio-slug>.",
    pattern=r"^RG:[a-z0-9-]+$",
)
_YEARS = services.agreement_years()
YEAR = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": _YEARS[0], "maximum": _YEARS[-1]},
    required=True,
    description="Het jaar van de afspraken, bijvoorbeeld 2026.",
)


class ResultAgreements(APIView):
    """A region's result agreements for a year: per KPI the baseline, the target and the
    actual figure of that year, with the metric version that produced it."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[REGION, YEAR], responses={200: ResultAgreementSerializer})
    def get(self, request: Request) -> Response:
        params = QueryParams(request.query_params, ["area", "year"])
        code, raw_year = params.text("area"), params.text("year")
        scope = queries.scope_for_code(code) if code.startswith("RG:") else None
        if not code:
            params.fail("area", "required", _("Geef een regio op, bijvoorbeeld RG:regio-zwolle."))
        elif scope is None:
            params.fail("area", "unknown_code", _("Deze regio bestaat niet."))
        years = services.agreement_years()
        year = int(raw_year) if raw_year.isascii() and raw_year.isdigit() else None
        if year not in years:
            params.fail(
                "year",
                "invalid",
                _("Geef een jaar van %(first)s tot en met %(last)s.")
                % {"first": years[0], "last": years[-1]},
            )
        params.raise_if_invalid()
        agreement = queries.result_agreement(scope.region, year)
        body = {
            "area": scope.code,
            "area_name": scope.name,
            "year": year,
            "parties": sorted(o.name for o in agreement.parties.all()) if agreement else [],
            "note": agreement.note if agreement else "",
            "agreements": [vars(row) for row in queries.result_agreements_for(scope.region, year)],
        }
        return Response(ResultAgreementSerializer(body).data)
