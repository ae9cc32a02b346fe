"""REST API for questions and referrals, with the same permissions as the pages.

Errors are problem+json (the project's exception handler): 400 for bad input, 403 for a
missing role, 404 for anything outside the caller's scope (no leak of what exists), 409 for a
step the lifecycle does not allow.
"""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.catalog.models import Offer
from scharnier.core import ratelimit
from scharnier.core.api.query import parse_no_filters

from . import permissions as casework_permissions
from . import queries, services
from .links import status_url
from .models import AccessChannel, CaseEvent, Door, Question, Referral
from .serializers import (
    CloseSerializer,
    IntakeSerializer,
    NoteSerializer,
    QuestionCreatedSerializer,
    QuestionCreateSerializer,
    QuestionDetailSerializer,
    QuestionSummarySerializer,
    ReferralDetailSerializer,
    ReferralSummarySerializer,
    ReferSerializer,
    TransitionSerializer,
    TriageSerializer,
)

CONFLICT = OpenApiResponse(
    description="Deze stap past niet bij de huidige status (de levenscyclus staat hem niet toe)."
)


@extend_schema_view(
    get=extend_schema(
        responses={
            200: QuestionSummarySerializer(many=True),
            401: OpenApiResponse(description="Alleen met een token (`Authorization: Token ...`)."),
        }
    )
)
class QuestionListCreate(generics.ListCreateAPIView):
    """Questions you handle or that were referred to your organisation (no personal data).

    Anyone may POST a question (a portal's own form); explicit consent is required."""

    permission_classes = [permissions.AllowAny]

    def get_serializer_class(self):
        return (
            QuestionCreateSerializer if self.request.method == "POST" else QuestionSummarySerializer
        )

    def get_queryset(self):
        return (
            casework_permissions.visible_questions(self.request.user)
            .select_related("municipality", "region")
            .prefetch_related("themes")
            .order_by("-submitted_at", "-pk")
        )

    def list(self, request: Request, *args, **kwargs) -> Response:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        parse_no_filters(request.query_params)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=QuestionCreateSerializer, responses={201: QuestionCreatedSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = QuestionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ratelimit.enforce(request, "questions", email=data.get("email"))
        submitted = services.submit_question(
            door=Door.SCAN if data.get("plan_reference") else Door.API,
            municipality=data["municipality"],
            text=data["text"],
            contact_name=data.get("contact_name", ""),
            company_name=data.get("company_name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            consent_purposes=data["consent"],
            consent_version=data["consent_version"],
            plan_reference=data.get("plan_reference", ""),
            kvk_number=data.get("kvk_number", ""),
        )
        body = {
            "reference": submitted.question.reference,
            "status_url": status_url(submitted.status_token),
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _visible_question(request: Request, reference: str) -> Question:
    question = queries.question_by_reference(reference)
    if question is None or not casework_permissions.can_view_question(request.user, question):
        raise Http404
    return question


def _handled_question(request: Request, reference: str) -> Question:
    question = Question.objects.filter(reference=reference).first()
    if question is None or not casework_permissions.can_view_question(request.user, question):
        raise Http404
    if not casework_permissions.can_handle_question(request.user, question):
        raise exceptions.PermissionDenied("Alleen het behandelende schakelteam kan dit doen.")
    return question


class QuestionDetail(APIView):
    """One question with personal data; every read is written to the audit log."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=QuestionDetailSerializer)
    def get(self, request: Request, reference: str) -> Response:
        question = _visible_question(request, reference)
        referrals = Referral.objects.select_related("organisation", "offer", "question")
        events = CaseEvent.objects.select_related("actor", "referral")
        handler = casework_permissions.can_handle_question(request.user, question)
        if not handler:
            # A referred provider sees its own referral and what happened to it: not other
            # providers' referrals, not staff notes or usernames.
            own = casework_permissions.provider_organisation_ids(request.user)
            referrals = referrals.filter(organisation_id__in=own)
            events = events.filter(referral__organisation_id__in=own)
        question = (
            Question.objects.filter(pk=question.pk)
            .select_related("municipality", "region")
            .prefetch_related(
                "themes",
                "underlying_themes",
                Prefetch("referrals", referrals),
                Prefetch("events", events),
            )
            .get()
        )
        if not question.is_anonymised:
            services.record_personal_data_access(
                question=question, user=request.user, channel=AccessChannel.API
            )
        return Response(
            QuestionDetailSerializer(question, context={"hide_actors": not handler}).data
        )


class _QuestionStep(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def validated(
        self, request: Request, reference: str, serializer_class: type
    ) -> tuple[Question, dict]:
        """The handled question and the checked request body (400/403/404 otherwise)."""
        question = _handled_question(request, reference)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return question, serializer.validated_data

    def respond(self, request: Request, question: Question) -> Response:
        question.refresh_from_db()
        return Response(QuestionSummarySerializer(question).data)


class QuestionTriage(_QuestionStep):
    @extend_schema(
        request=TriageSerializer, responses={200: QuestionSummarySerializer, 409: CONFLICT}
    )
    def post(self, request: Request, reference: str) -> Response:
        question, data = self.validated(request, reference, TriageSerializer)
        services.triage_question(
            actor=request.user,
            question=question,
            theme_codes=[t.code for t in data["themes"]],
            urgency=data["urgency"],
        )
        return self.respond(request, question)


class QuestionIntake(_QuestionStep):
    @extend_schema(
        request=IntakeSerializer, responses={200: QuestionSummarySerializer, 409: CONFLICT}
    )
    def put(self, request: Request, reference: str) -> Response:
        question, data = self.validated(request, reference, IntakeSerializer)
        services.record_intake(
            actor=request.user,
            question=question,
            underlying_theme_codes=[t.code for t in data.get("underlying_themes", [])],
            underlying_need=data.get("underlying_need", ""),
            direction=data.get("direction", ""),
            employees=data.get("employees"),
            sbi_section=data.get("sbi_section", ""),
            company_age_years=data.get("company_age_years"),
            kvk_number=data.get("kvk_number", ""),
        )
        return self.respond(request, question)


class QuestionNote(_QuestionStep):
    @extend_schema(request=NoteSerializer, responses={201: None, 409: CONFLICT})
    def post(self, request: Request, reference: str) -> Response:
        question, data = self.validated(request, reference, NoteSerializer)
        services.add_note(actor=request.user, question=question, **data)
        return Response(status=status.HTTP_201_CREATED)


class QuestionRefer(_QuestionStep):
    @extend_schema(
        request=ReferSerializer, responses={201: ReferralDetailSerializer, 409: CONFLICT}
    )
    def post(self, request: Request, reference: str) -> Response:
        question, data = self.validated(request, reference, ReferSerializer)
        offer = None
        if data.get("offer"):
            offer = Offer.objects.filter(public_id=data["offer"]).first()
            if offer is None:
                raise exceptions.ValidationError({"offer": ["Dit aanbod bestaat niet."]})
        referral = services.refer_question(
            actor=request.user,
            question=question,
            organisation=data.get("organisation"),
            offer=offer,
            message=data["message"],
        )
        return Response(ReferralDetailSerializer(referral).data, status=status.HTTP_201_CREATED)


class QuestionClose(_QuestionStep):
    @extend_schema(
        request=CloseSerializer, responses={200: QuestionSummarySerializer, 409: CONFLICT}
    )
    def post(self, request: Request, reference: str) -> Response:
        question, data = self.validated(request, reference, CloseSerializer)
        services.close_question(
            actor=request.user,
            question=question,
            outcome=data["outcome"],
        )
        return self.respond(request, question)


class ReferralList(generics.ListAPIView):
    """Referrals addressed to your organisation or made by your region."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReferralSummarySerializer

    def list(self, request: Request, *args, **kwargs) -> Response:
        parse_no_filters(request.query_params)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return (
            casework_permissions.visible_referrals(self.request.user)
            .select_related("question", "organisation", "offer")
            .order_by("-created_at", "-pk")
        )


def _visible_referral(request: Request, public_id) -> Referral:
    referral = (
        Referral.objects.select_related("question", "organisation", "offer")
        .filter(public_id=public_id)
        .first()
    )
    if referral is None or not casework_permissions.can_view_referral(request.user, referral):
        raise Http404
    return referral


class ReferralDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ReferralDetailSerializer)
    def get(self, request: Request, id) -> Response:  # noqa: A002 - the path parameter
        return Response(ReferralDetailSerializer(_visible_referral(request, id)).data)


class ReferralTransition(APIView):
    """Move a referral along its lifecycle: accept, reject (with reason), record_contact,
    complete (with result) by the provider; withdraw by the referring region."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=TransitionSerializer, responses={200: ReferralDetailSerializer, 409: CONFLICT}
    )
    def post(self, request: Request, id) -> Response:  # noqa: A002 - the path parameter
        referral = _visible_referral(request, id)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.transition_referral(
            actor=request.user,
            referral=referral,
            **serializer.validated_data,
        )
        return Response(ReferralDetailSerializer(referral).data)
