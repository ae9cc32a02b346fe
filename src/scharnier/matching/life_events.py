"""Life events (levensgebeurtenissen): "Ik wil mijn bedrijf overdragen", "Ik begin een bedrijf".

An entry point across providers (Actieagenda kansenkaart 2: "werken vanuit klantreizen en/of
levensgebeurtenissen"; Bezint eer ge begint: "klantreizen, persona's of levensgebeurtenissen").
The events are data (`data/life_events.json`): each names the themes whose offers belong to it.
The page lays those offers out along the journey phases (ontmoeten, weten, willen, kunnen), so
an entrepreneur sees what comes first and what later, from every provider at once; the same
hard filter as the matcher (`eligible_offers`) decides what reaches the firm.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count, Q

from scharnier.catalog.models import JourneyPhase, Offer, ScopeLevel, Theme
from scharnier.geography.models import Municipality

from .queries import Profile, eligible_offers

DATA = Path(__file__).resolve().parent / "data" / "life_events.json"
OFFERS_PER_PHASE = 5
# Help close by first: the entrepreneur's municipality, region and province, then national.
SCOPE_ORDER = {
    ScopeLevel.MUNICIPALITY: 0,
    ScopeLevel.REGION: 1,
    ScopeLevel.PROVINCE: 2,
    ScopeLevel.NATIONAL: 3,
}


@dataclass(frozen=True)
class LifeEvent:
    code: str
    title: str
    lead: str
    themes: tuple[str, ...]
    question: str
    company_age_years: int | None = None


@cache
def life_events() -> tuple[LifeEvent, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))["events"]
    return tuple(
        LifeEvent(
            code=item["code"],
            title=item["title"],
            lead=item["lead"],
            themes=tuple(item["themes"]),
            question=item["question"],
            company_age_years=item.get("company_age_years"),
        )
        for item in raw
    )


def life_event(code: str) -> LifeEvent | None:
    return next((e for e in life_events() if e.code == code), None)


@dataclass(frozen=True)
class PhaseOffers:
    phase: JourneyPhase
    offers: list[Offer]  # the first OFFERS_PER_PHASE
    total: int


def offers_per_phase(
    event: LifeEvent, municipality: Municipality | None, today: datetime.date | None = None
) -> list[PhaseOffers]:
    """The event's offers per journey phase, nearest help first, then those on more of the
    event's themes, then by title. Without a municipality: national help only (regional help
    elsewhere would not reach the firm)."""
    profile = Profile(municipality=municipality, company_age_years=event.company_age_years)
    offers = eligible_offers(profile, today).filter(themes__code__in=event.themes)
    if municipality is None:
        offers = offers.filter(scope_level=ScopeLevel.NATIONAL)
    offers = (
        offers.annotate(
            event_themes=Count("themes", filter=Q(themes__code__in=event.themes), distinct=True)
        )
        .select_related("provider", "offer_type")
        .prefetch_related("journey_phases")
    )
    ordered = sorted(
        offers, key=lambda o: (SCOPE_ORDER.get(o.scope_level, 9), -o.event_themes, o.title, o.pk)
    )
    result = []
    for phase in JourneyPhase.objects.order_by("position"):
        in_phase = [o for o in ordered if phase in o.journey_phases.all()]
        result.append(PhaseOffers(phase, in_phase[:OFFERS_PER_PHASE], len(in_phase)))
    return result


def event_themes(event: LifeEvent) -> list[Theme]:
    return list(Theme.objects.filter(code__in=event.themes).order_by("label"))
