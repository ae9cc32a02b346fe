"""`POST /api/v1/matches`: question + profile -> recognised needs and ranked, explained offers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from scharnier.core import ratelimit

from .matcher import match
from .queries import Profile, communities_for, meetings_to_meet, stories_to_read
from .serializers import (
    MatchRequestSerializer,
    MatchResponseSerializer,
)


def _ref(offer) -> dict:
    return {
        "id": offer.public_id,
        "title": offer.title,
        "provider": offer.provider.name,
        "url": offer.url,
    }


def _item(m) -> dict:
    return {
        **_ref(m.offer),
        "score": m.score,
        "is_regional_entry_point": m.is_entry_point,
        "offer_type": {"code": m.offer.offer_type.code, "label": m.offer.offer_type.label},
        "themes": m.themes,
        "explanation": m.explanation,
        "next_step": m.next_step,
        "reasons": m.reasons,
        "similar": [_ref(o) for o in m.similar],
        "eligibility": [
            {"rule": r.rule, "verdict": r.verdict, "message": r.message} for r in m.rules
        ],
    }


def result_as_json(result, meetings=(), stories=(), communities=()) -> dict:
    phase = result.journey_phase_term()
    contact = result.contact
    return {
        "needs": {
            "themes": [{"code": t.code, "label": t.label} for t in result.theme_terms()],
            "journey_phase": {"code": phase.code, "label": phase.label} if phase else None,
            "directions": result.needs.directions,
        },
        "results": [_item(m) for m in result.matches],
        "regional_entry_point": _item(result.entry_point) if result.entry_point else None,
        "nothing_fits": result.nothing_fits,
        "contact": (
            {
                "name": contact.name,
                "phone": contact.phone,
                "email": contact.email,
                "website": contact.website,
            }
            if contact
            else None
        ),
        "eligible_offers": result.eligible_count,
        "meetings": list(meetings),
        "stories": list(stories),
        "communities": list(communities),
    }


class MatchView(APIView):
    """Match an entrepreneur's question to the offers that fit the firm."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []  # anonymous use; no CSRF/session needed
    throttle_classes: list = []  # limited per IP below (core.ratelimit, scope "matches")

    @extend_schema(
        operation_id="matches_create",
        tags=["matching"],
        summary="Aanbod zoeken bij een vraag in eigen woorden",
        description=(
            "Herkent de behoeften in de vraag (thema's, klantreisfase), filtert hard op wat het "
            "bedrijf mag gebruiken (gebied, grootte, sector, leeftijd, geldig op de datum) en "
            "geeft het passende aanbod terug, het best passende eerst, met score, uitleg en "
            "volgende stap. Het regionale aanspreekpunt staat apart onder `regionalEntryPoint` "
            "(pagina's tonen het eerst). Bijna gelijke regelingen staan samen onder `similar`. "
            "Onder `meetings` en `communities` staan openbare bijeenkomsten en groepen in de "
            "regio om andere ondernemers te ontmoeten, onder `stories` verhalen van ondernemers "
            "over hetzelfde onderwerp."
        ),
        request=MatchRequestSerializer,
        responses={200: MatchResponseSerializer},
        examples=[
            OpenApiExample(
                "Energie",
                value={
                    "question": "Mijn energierekening is verdubbeld",
                    "municipality": "GM0193",
                    "employees": 12,
                    "sbiSection": "c",
                    "companyAgeYears": 15,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        ratelimit.enforce(request, "matches")
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        profile = Profile(
            municipality=data["municipality"],
            employees=data.get("employees"),
            sbi_section=data.get("sbi_section", ""),
            company_age_years=data.get("company_age_years"),
        )
        result = match(data["question"], profile, today=data.get("date"), limit=data["limit"])
        meetings, _region = meetings_to_meet(result)
        as_json = result_as_json(result, meetings, stories_to_read(result), communities_for(result))
        return Response(MatchResponseSerializer(as_json).data)
