"""REST API of the landscape analysis: the consistency test."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.catalog.fileformat import OFFER_FIELDS
from scharnier.core import ratelimit

from . import services
from .models import ConsistencyCheck
from .serializers import (
    ConsistencyCheckSerializer,
    ProposalSerializer,
)


def service_fields(data: dict) -> dict:
    """The request body: offer fields only."""
    unknown = sorted(set(data) - set(OFFER_FIELDS))
    if unknown:
        raise ValidationError(
            {name[:100]: [_("Dit veld bestaat niet in dit API.")] for name in unknown[:20]}
        )
    return dict(data)


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
        ratelimit.enforce(request, "consistency-checks")
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Stuur een JSON-object met de velden van de regeling.")]}
            )
        raw = service_fields(request.data)
        serializer = ProposalSerializer(data=raw)
        serializer.is_valid(raise_exception=True)
        check = services.run_consistency_check(
            actor=request.user, raw={**raw, **serializer.validated_data}
        )
        data = ConsistencyCheckSerializer(check, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})


class ConsistencyCheckDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="consistencyChecksRetrieve", responses=ConsistencyCheckSerializer)
    def get(self, request, id):  # noqa: A002 - the API's path parameter is called id
        check = get_object_or_404(ConsistencyCheck, public_id=id)
        return Response(ConsistencyCheckSerializer(check, context={"request": request}).data)
