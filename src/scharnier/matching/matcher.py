"""Question + profile -> recognised needs and eligible, ranked, explained, grouped offers.

The one entry point that the pages, the API, the plan page and the evaluation all use.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from scharnier.catalog.models import JourneyPhase, Offer, ScopeLevel, Theme
from scharnier.core.reference_cache import reference_list, reference_value
from scharnier.organisations.models import Organisation, OrganisationKind

from . import ranker
from .eligibility import RuleVerdict, verdicts
from .needs import Needs, recognise
from .queries import Profile, eligible_offers, offers_to_show, regions_of

NEXT_STEPS_PATH = Path(__file__).resolve().parent / "data" / "next_steps.json"
REGIONAL_LEVELS = (ScopeLevel.REGION, ScopeLevel.MUNICIPALITY)
# Regional offers get this much extra so that, at equal fit, the region comes first.
REGIONAL_BONUS = 0.03
DEFAULT_LIMIT = 10


@lru_cache(maxsize=1)
def next_steps() -> dict[str, str]:
    return json.loads(NEXT_STEPS_PATH.read_text(encoding="utf-8"))


@dataclass
class OfferMatch:
    offer: Offer
    score: float
    themes: list[str]  # theme codes shared with the recognised needs
    explanation: str
    next_step: str
    is_entry_point: bool = False
    similar: list[Offer] = field(default_factory=list)
    rules: list[RuleVerdict] = field(default_factory=list)  # eligibility verdict per rule
    # What the entrepreneur's region added to the offer (catalog.RegionalOfferNote); set by the
    # pages after ranking (queries.add_regional_notes), never read by the ranking.
    regional_note: Any = None

    @property
    def to_check(self) -> list[RuleVerdict]:
        return [r for r in self.rules if r.needs_check]

    @property
    def reasons(self) -> list[str]:
        return [self.explanation, self.next_step]


@dataclass
class MatchResult:
    question: str
    profile: Profile
    needs: Needs
    matches: list[OfferMatch]  # the ranked offers, best first
    contact: Organisation | None  # a human to ask when nothing (or little) fits
    eligible_count: int
    # The recognised needs as vocabulary terms, loaded by match(): the result arrives complete,
    # so pages and the API render it without going back to the database.
    themes: list[Theme] = field(default_factory=list)
    journey_phase: JourneyPhase | None = None
    # The region's front door: shown first on the pages, apart from the ranking. It used to
    # be the ranking's first result, which pushed the offers that fit down a place (dev
    # nDCG@10 0.774 first, 0.844 on its own merit; NOTES.md). It is also among `matches`
    # (flagged) where it fits on its own merit.
    entry_point: OfferMatch | None = None
    # Nothing fits because the question reads as private life ("wat wordt het weer morgen").
    private_question: bool = False

    @property
    def nothing_fits(self) -> bool:
        return not self.matches

    @property
    def matches_beside_entry_point(self) -> list[OfferMatch]:
        """The ranked offers without the front door, for pages that show it first."""
        return [m for m in self.matches if not m.is_entry_point]

    def theme_terms(self) -> list[Theme]:
        # A place alone ("een vakantiehuis in Spanje") is not a subject the question is about,
        # nor is "zoon" succession in a private question ("mijn zoon zoekt een bijbaantje").
        if self.private_question or all(t.code in self.needs.place_only for t in self.themes):
            return []
        return self.themes

    def rules_to_check(self) -> bool:
        """Some offer shown has a rule the firm may not meet because the profile is not told."""
        return any(m.to_check for m in self.matches)

    def facts_to_tell(self) -> list[str]:
        """The facts about the firm that would settle a "Controleer dit", in the form's order:
        asking for the number of employees when it was given confuses the entrepreneur."""
        rules = {r.rule for m in self.matches for r in m.to_check}
        facts = []
        for fact_rules, fact in PROFILE_FACTS:
            if rules & fact_rules:
                facts.append(str(fact))
        return facts

    def journey_phase_term(self) -> JourneyPhase | None:
        return self.journey_phase

    def journey_phase_sentence(self) -> str:
        """What the recognised phase means for the entrepreneur, in B1 ("U zoekt vooral
        informatie."): the phase's name (weten, willen, kunnen) is the programme's jargon."""
        if self.journey_phase is None:
            return ""
        return str(PHASE_SENTENCES.get(self.journey_phase.code, ""))


# Per group of eligibility rules (eligibility.verdicts): the fact on /vraag/ that settles them.
PROFILE_FACTS = (
    ({"gebied"}, _lazy("in welke gemeente het zit")),
    ({"grootte", "medewerkers"}, _lazy("hoeveel mensen er werken")),
    ({"sector"}, _lazy("de sector")),
    ({"bedrijfsleeftijd"}, _lazy("hoe lang het bestaat")),
)

# Per journey-phase code (catalog vocabulary `journey_phase`): the phase told to the entrepreneur.
PHASE_SENTENCES = {
    "ontmoeten": _lazy("U wilt vooral andere ondernemers spreken."),
    "weten": _lazy("U zoekt vooral informatie: wat speelt er en wat betekent het voor u?"),
    "willen": _lazy("U wilt een plan maken."),
    "kunnen": _lazy("U wilt aan de slag en zoekt geld, kennis of begeleiding."),
}


def _need_terms(needs: Needs) -> tuple[list[Theme], JourneyPhase | None]:
    terms = {t.code: t for t in reference_list("vocabulary-terms:themes", Theme.objects.all)}
    phases = reference_list("vocabulary-terms:journey-phases", JourneyPhase.objects.all)
    phase = next((p for p in phases if p.code == needs.journey_phase), None)
    return [terms[c] for c in needs.themes if c in terms], phase


def _area_phrase(offer: Offer, profile: Profile, *, for_staff: bool = False) -> str:
    if profile.municipality is None:
        if offer.scope_level == ScopeLevel.NATIONAL:
            return _("in heel Nederland")
        return _("in een deel van Nederland")
    if offer.scope_level == ScopeLevel.MUNICIPALITY:
        return _("voor ondernemers in %(place)s") % {"place": profile.municipality.name}
    if offer.scope_level == ScopeLevel.REGION:
        names = ", ".join(r.name for r in offer.regions.all())
        if for_staff:
            return _("in de regio (%(region)s)") % {"region": names or _("de regio")}
        return _("in uw regio (%(region)s)") % {"region": names or _("uw regio")}
    if offer.scope_level == ScopeLevel.PROVINCE:
        province = profile.municipality.province.name
        if for_staff:
            return _("in de provincie (%(province)s)") % {"province": province}
        return _("in uw provincie (%(province)s)") % {"province": province}
    return _("in heel Nederland")


def explain(
    offer: Offer,
    shared_themes: list[str],
    profile: Profile,
    *,
    for_staff: bool = False,
    asked: bool = True,
) -> str:
    """One line of B1 Dutch: why this offer fits this firm and question. To the entrepreneur
    ("uw vraag"), or with `for_staff` to the schakelteam about the entrepreneur's question.

    `asked` False: the themes were not recognised in the question but learned from the offers
    nearest to it; then the line says what the offer is about, not what was asked.
    """
    labels = {t.code: t.label.lower() for t in offer.themes.all()}
    named = [labels[c] for c in shared_themes if c in labels]
    # Theme names hold "en" themselves ("strategie en toekomst"): a second one gets its own
    # "over" so the line does not read "financiering en strategie en toekomst".
    themes = _(" en over ").join(named[:2])
    if named and not asked:
        fit = _("Gaat over %(themes)s") % {"themes": themes}
    elif for_staff:
        fit = (
            _("Past bij de vraag over %(themes)s") % {"themes": themes}
            if named
            else _("Lijkt op wat de ondernemer vraagt")
        )
    elif named:
        fit = _("Past bij uw vraag over %(themes)s") % {"themes": themes}
    else:
        fit = _("Lijkt op wat u vraagt")
    return _("%(fit)s; %(type)s %(area)s.") % {
        "fit": fit,
        "type": offer.offer_type.label.lower(),
        "area": _area_phrase(offer, profile, for_staff=for_staff),
    }


def explain_entry_point(
    offer: Offer, shared_themes: list[str], profile: Profile, *, asked: bool = True
) -> str:
    """Why this offer fits, then why its provider is the front door.

    The front door can be a specific programme of the hub (a succession track, say): saying
    only "ask anything here" would misdescribe it, so the fit comes first.
    """
    return _(
        "%(fit)s %(provider)s is het loket voor ondernemers in uw regio: ook met andere "
        "vragen kunt u daar terecht. Zij verwijzen u door als iemand anders u beter helpt."
    ) % {
        "fit": explain(offer, shared_themes, profile, asked=asked),
        "provider": offer.provider.name,
    }


def explain_general_entry_point(offer: Offer) -> str:
    """The hub's general help as the front door when none of its programmes fits the question:
    no claim that it fits, only that anyone may ask there."""
    return _(
        "%(provider)s is het loket voor ondernemers in uw regio. U kunt daar met elke vraag "
        "terecht. Zij verwijzen u door als iemand anders u beter helpt."
    ) % {"provider": offer.provider.name}


def next_step(offer: Offer) -> str:
    steps = next_steps()
    return steps.get(offer.offer_type.code, steps["_default"])


def regional_contact(profile: Profile) -> Organisation | None:
    """Who to ask when nothing fits: the region's hub, else a provider in the province."""
    regions = regions_of(profile.municipality) if profile.municipality is not None else []
    key = "regional-contact:" + ",".join(str(r.pk) for r in regions)
    return reference_value(key, lambda: _regional_contact(regions))


def _regional_contact(regions: list) -> Organisation | None:
    hub = (
        Organisation.objects.filter(kind=OrganisationKind.HUB, regional_roles__region__in=regions)
        .order_by("name")
        .first()
    )
    if hub:
        return hub
    return (
        Organisation.objects.filter(Q(phone__gt="") | Q(email__gt=""), parent__isnull=True)
        .filter(kind=OrganisationKind.UITVOERINGSORGANISATIE)
        .order_by("name")
        .first()
    )


@dataclass
class Ranking:
    """The matcher's decisions before the offers are loaded: what was scored, what stands out,
    what leads, what is grouped under a lead, and the front door. `match()` presents it; the
    evaluation reads it to see where relevant offers end up (`evaluation.where_relevant_ends`).
    """

    needs: Needs
    eligible_ids: list[int]
    scored: list[ranker.Scored]  # best first, at most max(200, 10 * limit)
    relevant: list[ranker.Scored]  # what the calibrated cut-off shows
    leads: list[ranker.Scored]  # at most `limit`, after grouping and the provider cap
    similar: dict[int, list[ranker.Scored]]  # lead offer id -> its near-duplicates
    entry: ranker.Scored | None
    version_of: dict[int, object]
    # Whether the front door fits the question on its merit (else it is the hub's general help).
    entry_fits: bool = False


def rank(
    question: str,
    profile: Profile,
    *,
    today: datetime.date | None = None,
    limit: int = DEFAULT_LIMIT,
    extra_themes: dict[str, float] | None = None,
    with_entry_point: bool = True,
) -> Ranking:
    needs = recognise(question, profile.company_age_years)
    for code, weight in (extra_themes or {}).items():
        needs.theme_weights[code] = needs.theme_weights.get(code, 0.0) + weight
    needs.themes = sorted(needs.theme_weights, key=lambda c: -needs.theme_weights[c])
    # One query: the eligible offers with what ranking and diversity need to know.
    rows = list(
        eligible_offers(profile, today)
        .order_by()  # no sort: ranking orders them
        .values_list(
            "pk", "scope_level", "provider_id", "provider__kind", "offer_type__code", "updated_at"
        )
    )
    ids = [row[0] for row in rows]
    provider_of = {row[0]: row[2] for row in rows}
    entry_ids = {
        pk
        for pk, level, _provider, kind, offer_type, _version in rows
        if with_entry_point
        and level in REGIONAL_LEVELS
        # The hub's own help; its communities are for meeting peers, not a front door.
        and kind == OrganisationKind.HUB
        and offer_type != "community"
    }
    boosts = {}
    for pk, level, _provider, _kind, offer_type, _version in rows:
        boost = REGIONAL_BONUS if level in REGIONAL_LEVELS else 0.0
        boost += ranker.W_TYPE * needs.offer_types.get(offer_type, 0.0)
        if boost:
            boosts[pk] = boost
    scored = ranker.score_offers(question, needs, ids, limit=max(200, limit * 10), boosts=boosts)

    relevant = shown(scored)
    # The front door: the hub programme that fits best, if one is shown on its merit and shares
    # a recognised need; else the hub's general help. Never a programme that merely scored
    # highest among the hub's offers (a digitalisation voucher for unpaid invoices).
    entry = max(
        (s for s in relevant if s.offer_id in entry_ids and s.theme_overlap),
        key=lambda s: s.fit,
        default=None,
    )
    entry_fits = entry is not None
    if entry is None and relevant and entry_ids:
        versions = {row[0]: row[5] for row in rows if row[0] in entry_ids}
        entry = _general_entry(versions, scored)
    # With nothing shown there is no front door: the contact says more.
    leads, similar = _diversify(relevant, limit, provider_of)
    return Ranking(
        needs=needs,
        eligible_ids=ids,
        scored=scored,
        relevant=relevant,
        leads=leads,
        similar=similar,
        entry=entry,
        version_of={row[0]: row[5] for row in rows},
        entry_fits=entry_fits,
    )


# Offer types a hub's general help has: advice and information, not a voucher or a course.
GENERAL_ENTRY_TYPES = ("advies", "informatie")


def _general_entry(
    versions: dict[int, object], scored: list[ranker.Scored]
) -> ranker.Scored | None:
    """The hub's broadest advice or information offer (most themes; regional before municipal),
    as a Scored: the one already scored, or a bare one when it fell outside the scored list.

    `versions`: the entry offers with their `updated_at`; while pages are cached the choice is
    kept per set of versions, so a changed offer counts at once."""
    key = "general-entry:" + ",".join(f"{pk}@{versions[pk]}" for pk in sorted(versions))
    general = reference_value(
        key,
        lambda: (
            Offer.objects.filter(pk__in=list(versions), offer_type__code__in=GENERAL_ENTRY_TYPES)
            .annotate(theme_count=Count("themes"))
            .order_by("-theme_count", "-scope_level", "pk")  # "regio" before "gemeente"
            .values_list("pk", flat=True)
            .first()
        ),
    )
    if general is None:
        return None
    found = next((s for s in scored if s.offer_id == general), None)
    if found is not None:
        return dataclasses.replace(found, theme_overlap=[])
    return ranker.Scored(
        offer_id=general,
        score=0.0,
        semantic=0.0,
        lexical=0.0,
        theme_overlap=[],
        phase_match=False,
        row=-1,
        vector=np.zeros(0, dtype=np.float32),
    )


def match(
    question: str,
    profile: Profile,
    *,
    today: datetime.date | None = None,
    limit: int = DEFAULT_LIMIT,
    extra_themes: dict[str, float] | None = None,
    with_entry_point: bool = True,
    for_staff: bool = False,
) -> MatchResult:
    """`for_staff`: the explanations speak to the schakelteam, not to the entrepreneur."""
    ranking = rank(
        question,
        profile,
        today=today,
        limit=limit,
        extra_themes=extra_themes,
        with_entry_point=with_entry_point,
    )
    needs, leads, similar, entry = ranking.needs, ranking.leads, ranking.similar, ranking.entry
    version_of = ranking.version_of
    wanted = {s.offer_id for s in leads} | {s.offer_id for group in similar.values() for s in group}
    if entry is not None:
        wanted.add(entry.offer_id)
    offers = offers_to_show({pk: version_of[pk] for pk in wanted})

    def offer_match(s: ranker.Scored, explanation: str) -> OfferMatch:
        offer = offers[s.offer_id]
        return OfferMatch(
            offer=offer,
            score=round(s.score, 4),
            themes=s.theme_overlap,
            explanation=explanation,
            next_step=next_step(offer),
            is_entry_point=entry is not None and s.offer_id == entry.offer_id,
            similar=[offers[d.offer_id] for d in similar.get(s.offer_id, [])],
            rules=verdicts(offer, profile),
        )

    def asked(s: ranker.Scored) -> bool:
        return any(code in needs.theme_weights for code in s.theme_overlap)

    matches = [
        offer_match(
            s,
            explain(
                offers[s.offer_id], s.theme_overlap, profile, for_staff=for_staff, asked=asked(s)
            ),
        )
        for s in leads
    ]
    entry_point = None
    if entry is not None:
        entry_offer = offers[entry.offer_id]
        entry_point = offer_match(
            entry,
            explain_entry_point(entry_offer, entry.theme_overlap, profile, asked=asked(entry))
            if ranking.entry_fits
            else explain_general_entry_point(entry_offer),
        )
    themes, phase = _need_terms(needs)
    return MatchResult(
        question=question,
        profile=profile,
        needs=needs,
        matches=matches,
        contact=regional_contact(profile) if len(leads) < 3 else None,
        eligible_count=len(ranking.eligible_ids),
        themes=themes,
        journey_phase=phase,
        entry_point=entry_point,
        private_question=not matches and bool(ranking.scored) and ranking.scored[0].everyday,
    )


def shown(scored: list[ranker.Scored]) -> list[ranker.Scored]:
    """The calibrated, relative cut-off (see `ranker`): what stands out, at least a few.

    Nothing is shown when even the best offer does not stand out from the eligible ones. When
    the first offers share a theme with the question, an offer that shares none is left out
    (unless it is the best lexical match): it stood out on wording alone ("Lijkt op wat u
    vraagt"), mostly a subsidy or training for something else. Measured on dev and dev2 (NOTES.md,
    session 35): fewer offers shown, more of them relevant, nDCG and recall up on both.
    """
    if not scored or not scored[0].confident:
        return []
    themed = any(s.theme_overlap for s in scored[: ranker.MIN_SHOWN])
    return [
        s
        for k, s in enumerate(scored)
        if (k < ranker.MIN_SHOWN or s.lexical_floor or ranker.stands_out(s))
        and (s.theme_overlap or s.lexical_floor or not themed)
    ]


def _diversify(
    scored: list[ranker.Scored], limit: int, providers: dict[int, int]
) -> tuple[list[ranker.Scored], dict[int, list[ranker.Scored]]]:
    """Group near-duplicates under the best of them and cap offers per provider."""
    leads: list[ranker.Scored] = []
    deferred: list[ranker.Scored] = []
    groups: dict[int, list[ranker.Scored]] = {}
    per_provider: dict[int, int] = {}
    for s in scored:
        if len(leads) >= limit:
            break
        duplicate_of = next(
            (lead for lead in leads if float(lead.vector @ s.vector) >= ranker.DUPLICATE_COSINE),
            None,
        )
        if duplicate_of is not None:
            groups.setdefault(duplicate_of.offer_id, []).append(s)
            continue
        provider = providers.get(s.offer_id)
        if per_provider.get(provider, 0) >= ranker.MAX_PER_PROVIDER:
            deferred.append(s)
            continue
        per_provider[provider] = per_provider.get(provider, 0) + 1
        leads.append(s)
    leads += deferred[: max(0, limit - len(leads))]
    return leads, groups
