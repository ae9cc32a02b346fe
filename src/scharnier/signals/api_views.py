"""REST API for signals and threads. Public reads carry no personal data; writes use a token
(except the public signal, which needs consent for a reply address like the public form).

Serializers are snake_case; the project's renderer puts them on the wire.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.communities.models import Meeting
from scharnier.core import ratelimit
from scharnier.core.api.fields import TextField, codes, ref
from scharnier.core.validation import MIN_DESCRIPTION_WORDS
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation

from . import queries, services
from .models import Signal, Thread, ThreadStatus
from .vocabularies import choices


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["<5"]}]})
class PublicCountField(serializers.Field):
    """An integer that is shown as "<5" when it is 1 to 4 (public aggregates)."""

    def to_representation(self, value):
        return queries.public_count(value)


MONTH_SCHEMA = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "example": "2026-03"}


class SignalSerializer(serializers.ModelSerializer):
    """A published signal: what and where, never who; where and when as its thread's page
    says it."""

    # The page names no region or month that 1-4 signals of the thread share (it shows "<5"
    # there) and never a day or time; `queries.published_signals` says which are named.

    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    journey_phase = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SerializerMethodField(
        help_text="Regio (slug) van het signaal. null als het signaal geen regio heeft, of als "
        "de rode draad minder dan 5 signalen uit die regio heeft: dan noemen we de regio niet, "
        "net als op de pagina van de rode draad."
    )
    thread = serializers.UUIDField(source="thread.public_id", read_only=True, allow_null=True)
    created_month = serializers.SerializerMethodField(
        help_text="Maand waarin het signaal binnenkwam (JJJJ-MM). null als de rode draad "
        "minder dan 5 signalen uit die maand heeft: dan geven we alleen het jaar "
        "(createdYear), net als de pagina van de rode draad. Dag en tijd geven we nooit."
    )
    created_year = serializers.SerializerMethodField(
        help_text="Jaar waarin het signaal binnenkwam."
    )

    class Meta:
        model = Signal
        fields = [
            "reference",
            "kind",
            "source",
            "text",
            "themes",
            "journey_phase",
            "region",
            "thread",
            "created_month",
            "created_year",
        ]
        read_only_fields = fields

    # Without the annotations of `queries.published_signals` nothing is named.
    @extend_schema_field({"type": "string", "nullable": True, "example": "regio-zwolle"})
    def get_region(self, signal: Signal) -> str | None:
        if signal.region_id is None or not getattr(signal, "region_named", False):
            return None
        return signal.region.slug

    @extend_schema_field({**MONTH_SCHEMA, "nullable": True})
    def get_created_month(self, signal: Signal) -> str | None:
        if not getattr(signal, "month_named", False):
            return None
        return f"{timezone.localtime(signal.created_at):%Y-%m}"

    def get_created_year(self, signal: Signal) -> int:
        return timezone.localtime(signal.created_at).year


class SignalCreateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=choices("signal_source"),
        default="publiek",
        help_text="Waar het signaal vandaan komt. 'bijeenkomst' heeft meeting nodig, "
        "'schakelteam' region of municipality, 'aanbieder' organisation (anders 400 met code "
        "required_for_source); alles behalve 'publiek' vraagt een token.",
    )
    kind = serializers.ChoiceField(choices=choices("signal_kind"))
    text = TextField(
        min_length=services.MIN_TEXT,
        max_length=services.MAX_TEXT,
        min_words=MIN_DESCRIPTION_WORDS,
        too_short_message=services.TEXT_TOO_SHORT,
    )
    themes = codes(Theme)
    journey_phase = ref(JourneyPhase)
    municipality = ref(Municipality)
    region = ref(Region, "slug")
    meeting = ref(Meeting, "public_id")
    # As people type it ("vr-bvbt7xp"): letters, digits, a hyphen, spaces; the pattern keeps
    # control characters out of what the document calls valid.
    question_reference = serializers.RegexField(
        r"^[A-Za-z0-9 -]+$",  # "" is the blank branch of the document's oneOf
        max_length=12,
        required=False,
        allow_blank=True,
        error_messages={
            "invalid": gettext_lazy(
                "Een kenmerk bestaat uit letters, cijfers en een streepje, bijvoorbeeld VR-ABC1234."
            )
        },
    )
    organisation = ref(Organisation, "slug")
    contact_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="Alleen voor een openbaar signaal en alleen samen met replyConsent: true.",
    )
    reply_consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Toestemming om de melder per e-mail te laten weten wat er met het signaal "
        "gebeurt; nodig als contactEmail is ingevuld.",
    )
    publish = serializers.BooleanField(required=False, default=False)


class SignalCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    thread = serializers.UUIDField()


class SignalListCreate(generics.ListCreateAPIView):
    """Published signals (no personal data). POST: raise a signal (public, or staff by token)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = SignalSerializer

    def get_queryset(self):
        params = self.request.query_params
        kind, region = params.get("kind", ""), params.get("region", "")
        if kind and kind not in dict(choices("signal_kind")):
            raise exceptions.ValidationError({"kind": ["Onbekende soort signaal."]}, "unknown_code")
        if region and not Region.objects.filter(slug=region).exists():
            raise exceptions.ValidationError({"region": ["Deze regio bestaat niet."]}, "not_found")
        return queries.published_signals(kind=kind, region_slug=region)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=[code for code, _ in choices("signal_kind")],
                description="Alleen signalen van deze soort.",
            ),
            OpenApiParameter(
                "region",
                str,
                description="Alleen signalen die deze regio noemen (slug). Een signaal uit "
                "een regio met minder dan 5 signalen in zijn rode draad noemt die regio niet "
                "(region is dan null); het staat hier dus ook niet bij.",
            ),
        ]
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=SignalCreateSerializer,
        responses={
            201: SignalCreatedSerializer,
            401: OpenApiResponse(
                description="Een signaal van een schakelteam, aanbieder of bijeenkomst alleen "
                "met een token (`Authorization: Token ...`)."
            ),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        return self.create(request, *args, **kwargs)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        source = data["source"]
        if source != "publiek" and not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if source == "publiek":
            ratelimit.enforce(request, "signals", email=data.get("contact_email"))
        signal = services.raise_signal(
            actor=request.user if source != "publiek" else None,
            source=source,
            data=services.SignalInput(
                kind=data["kind"],
                text=data["text"],
                themes=data.get("themes", []),
                journey_phase=data.get("journey_phase"),
                municipality=data.get("municipality"),
                region=data.get("region"),
            ),
            meeting=data.get("meeting"),
            question_reference=data.get("question_reference", ""),
            organisation=data.get("organisation"),
            contact_email=data.get("contact_email", ""),
            reply_consent=data.get("reply_consent", False),
            publish=data.get("publish", False),
        )
        return Response(
            {"reference": signal.reference, "thread": str(signal.thread.public_id)},
            status=status.HTTP_201_CREATED,
        )


class ThreadLinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()
    offer = serializers.UUIDField(source="offer.public_id", allow_null=True)


class ThreadSubjectSerializer(serializers.Serializer):
    """The knelpunt subject suggested automatically for a thread (`signals.subjects`)."""

    tree = serializers.CharField(
        source="subject_tree",
        help_text="Lijst van onderwerpen waar het onderwerp uit komt (bijvoorbeeld boom-2); "
        "een code is alleen binnen één lijst uniek.",
    )
    code = serializers.CharField(source="subject_code", help_text="Code van het onderwerp.")
    label = serializers.CharField(source="shown_subject", help_text="Naam van het onderwerp.")


class ThreadCategorySerializer(serializers.Serializer):
    """The thread's kind of knelpunt in the shared list (`knelpunt_category`)."""

    code = serializers.ChoiceField(choices=choices("knelpunt_category"), source="category")
    label = serializers.CharField(source="get_category_display")
    chosen_by_analyst = serializers.BooleanField(
        source="category_locked",
        help_text="Waar: een analist koos de soort. Onwaar: de soort van het voorgestelde "
        "onderwerp.",
    )


class ThreadSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    reference = serializers.CharField(read_only=True)
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    signal_count = PublicCountField(read_only=True)
    answered_within_deadline = serializers.BooleanField(read_only=True, allow_null=True)
    links = ThreadLinkSerializer(many=True, read_only=True)
    category = serializers.SerializerMethodField(
        help_text="Soort knelpunt; null als er geen is (geen onderwerp past goed genoeg en "
        "geen analist koos er een)."
    )
    subject = serializers.SerializerMethodField(
        help_text="Automatisch voorgesteld onderwerp uit een lijst van veelvoorkomende "
        "knelpunten van ondernemers; null als geen onderwerp goed genoeg past of als een "
        "analist een soort koos waar het niet onder valt."
    )
    # A month, not a moment: a new thread starts with its first signal, whose time to the
    # second the thread page never shows (its trend counts per month).
    created_month = serializers.SerializerMethodField(
        help_text="Maand waarin de rode draad begon (JJJJ-MM)."
    )

    class Meta:
        model = Thread
        fields = [
            "id",
            "reference",
            "title",
            "category",
            "subject",
            "status",
            "signal_count",
            "owner",
            "deadline",
            "answer",
            "answered_at",
            "answered_within_deadline",
            "rejection_reason",
            "links",
            "created_month",
        ]
        read_only_fields = fields

    @extend_schema_field(ThreadCategorySerializer(allow_null=True))
    def get_category(self, thread: Thread) -> dict | None:
        return ThreadCategorySerializer(thread).data if thread.category else None

    @extend_schema_field(ThreadSubjectSerializer(allow_null=True))
    def get_subject(self, thread: Thread) -> dict | None:
        return ThreadSubjectSerializer(thread).data if thread.shown_subject else None

    @extend_schema_field(MONTH_SCHEMA)
    def get_created_month(self, thread: Thread) -> str:
        return f"{timezone.localtime(thread.created_at):%Y-%m}"


@extend_schema(
    parameters=[
        OpenApiParameter(
            "status", str, enum=ThreadStatus.values, description="Alleen draden met deze status."
        ),
        OpenApiParameter("theme", str, description="Alleen draden met signalen over dit thema."),
        OpenApiParameter(
            "region",
            str,
            description="Alleen draden met signalen uit deze regio (slug), zoals het bord.",
        ),
        OpenApiParameter(
            "category",
            str,
            enum=[code for code, _ in choices("knelpunt_category")],
            description="Alleen draden van deze soort knelpunt.",
        ),
        OpenApiParameter(
            "overdue",
            bool,
            description="true: alleen draden die na de uiterste datum nog op antwoord wachten.",
        ),
    ]
)
class ThreadList(generics.ListAPIView):
    """Threads on the public board, largest first."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ThreadSerializer

    def get_queryset(self):
        params = self.request.query_params
        status_ = params.get("status", "")
        if status_ and status_ not in ThreadStatus.values:
            raise exceptions.ValidationError({"status": ["Onbekende status."]})
        category = params.get("category", "")
        if category and category not in dict(choices("knelpunt_category")):
            raise exceptions.ValidationError({"category": ["Onbekende soort knelpunt."]})
        overdue = params.get("overdue", "false")
        if overdue not in ("true", "false"):
            raise exceptions.ValidationError({"overdue": ["Gebruik true of false."]})
        theme = params.get("theme", "")
        if theme and not Theme.objects.filter(code=theme).exists():
            raise exceptions.ValidationError({"theme": ["Onbekend thema."]}, "unknown_code")
        region = None
        if params.get("region"):
            region = Region.objects.filter(slug=params["region"]).first()
            if region is None:
                raise exceptions.ValidationError(
                    {"region": ["Deze regio bestaat niet."]}, "not_found"
                )
        return queries.board_threads(
            status=status_,
            theme=theme,
            region=region,
            category=category,
            overdue=overdue == "true",
        ).prefetch_related("links__offer")


class BoardFiguresSerializer(serializers.Serializer):
    """The signal board's key figures, as the board shows them (no personal data)."""

    threads = serializers.IntegerField(help_text="Rode draden met ten minste één signaal.")
    answered = serializers.IntegerField(help_text="Rode draden beantwoord of afgerond.")
    deadlines_due = serializers.IntegerField(
        source="with_deadline_done",
        help_text="Rode draden met een termijn: beantwoord, of de termijn is voorbij.",
    )
    answered_within_deadline = serializers.IntegerField(source="within_deadline")
    answered_within_deadline_percent = serializers.IntegerField(
        source="share_within_deadline",
        allow_null=True,
        help_text="De KPI: aandeel op tijd beantwoord; null zolang er geen termijn om is.",
    )
    median_days_to_answer = serializers.FloatField(allow_null=True)
    replies = PublicCountField(
        help_text="Reacties op 'bent u tevreden over het antwoord?'; 1-4 als \"<5\"."
    )
    satisfied_percent = serializers.IntegerField(
        source="share_satisfied",
        allow_null=True,
        help_text="Aandeel tevreden reacties; null onder 5 reacties.",
    )


class BoardFigures(APIView):
    """The signal board's key figures: answered, on time, time to answer, satisfaction."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: BoardFiguresSerializer})
    def get(self, request: Request) -> Response:
        return Response(BoardFiguresSerializer(queries.board_figures()).data)


def _thread(public_id) -> Thread:
    thread = Thread.objects.filter(public_id=public_id, merged_into__isnull=True).first()
    if thread is None:
        raise Http404
    return thread


def _take_step(request: Request, public_id, serializer_class, step) -> Response:
    """Check the body, take the step on the thread, answer with the thread as it is now."""
    thread = _thread(public_id)
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    step(thread, serializer.validated_data)
    return Response(ThreadSerializer(thread).data)


class ThreadDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: ThreadSerializer})
    def get(self, request: Request, id) -> Response:  # noqa: A002 - the path parameter
        return Response(ThreadSerializer(_thread(id)).data)


class AssignmentSerializer(serializers.Serializer):
    owner = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    deadline = serializers.DateField()


class ThreadAssignment(APIView):
    """A national analyst assigns the owner and the deadline."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AssignmentSerializer, responses={200: ThreadSerializer})
    def post(self, request: Request, id) -> Response:  # noqa: A002 - the path parameter
        def assign(thread: Thread, data: dict) -> None:
            services.assign_owner(actor=request.user, thread=thread, **data)

        return _take_step(request, id, AssignmentSerializer, assign)


class CategoryChoiceSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=choices("knelpunt_category"),
        allow_null=True,
        help_text="De soort knelpunt die blijft staan, ook bij opnieuw groeperen; null: weer "
        "de soort van het voorgestelde onderwerp.",
    )


class ThreadCategory(APIView):
    """A national analyst chooses the thread's kind of knelpunt (or returns to the suggestion)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CategoryChoiceSerializer, responses={200: ThreadSerializer})
    def post(self, request: Request, id) -> Response:  # noqa: A002 - the path parameter
        def choose(thread: Thread, data: dict) -> None:
            services.set_thread_category(
                actor=request.user, thread=thread, category=data["category"]
            )

        return _take_step(request, id, CategoryChoiceSerializer, choose)


class AnswerLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=choices("link_kind"))
    label = TextField(multiline=False, max_length=200)
    url = serializers.URLField(required=False, allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    answer = TextField(max_length=8000)
    links = AnswerLinkSerializer(many=True, required=False)


class ThreadAnswer(APIView):
    """The owner answers publicly; everyone who raised a signal in the thread gets an e-mail."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AnswerSerializer, responses={200: ThreadSerializer})
    def post(self, request: Request, id) -> Response:  # noqa: A002 - the path parameter

        def answer(thread: Thread, data: dict) -> None:
            links = [
                services.LinkInput(kind=link["kind"], label=link["label"], url=link.get("url", ""))
                for link in data.get("links", [])
            ]
            services.answer_thread(
                actor=request.user, thread=thread, answer=data["answer"], links=links
            )

        return _take_step(request, id, AnswerSerializer, answer)
